//! AP's days of the week (a hint, off by default): within seven days of the
//! story's date, the weekday alone ("Thursday", not "Oct. 27"), and the
//! weekday rather than "yesterday" or "tomorrow".

use std::ops::Range;

use serde::Deserialize;

use super::{DocumentRule, Rule, Story};
use super::{Moved, SameMoved};
use crate::engine::calendar::{WrittenDate, weekday_name, weekday_of, written_date_at};
use crate::engine::finding::{Fix, Level};
use crate::engine::fold::{fold_eq, fold_hash};
use crate::engine::story_date::story_date;
use crate::engine::{Context, Document, Emitter};

pub static RULE: Rule = Rule {
    id: "relative-date",
    default_level: Level::Off,
    summary: "AP: the weekday alone within a week of the story's date; no “yesterday”, “tomorrow” (off by default)",
    explanation: "AP style names the day of the week for dates within seven days before or after \
the story's date (“the talks resume Thursday”, not “Oct. 27”), and uses the weekday rather than \
“yesterday” or “tomorrow” (`data/relative-date.toml`); “today” and “tonight” are fine. It needs \
the story's date (see `weekday-date`) and stays quiet without one, on the story's own date, in \
headlines, datelines and direct quotations. Other houses write dates in full, so the rule is off \
by default; switch it on with `relative-date = \"hint\"`. The fix, the weekday, is a suggestion.",
    uses_lexicon: false,
    check: None,
    document: Some(&RelativeDate),
};

#[derive(Deserialize)]
struct Data {
    word: Vec<Word>,
}

#[derive(Deserialize)]
struct Word {
    text: String,
    days: i64,
}

rule_data!(Data, "relative-date.toml");

/// The folded hash of each day word, in the order of the data.
fn word_keys() -> &'static [u64] {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| data().word.iter().map(|w| fold_hash(&w.text)).collect())
}

/// A date, or a word for a day, that may be a weekday in AP copy; offsets
/// relative to the block.
#[derive(Clone, Debug)]
pub enum Mention {
    /// A written date, with a weekday written before it ("Thursday, Oct.
    /// 27": the whole range is replaced).
    Date {
        range: Range<usize>,
        date: WrittenDate,
    },
    /// "yesterday", "tomorrow": so many days from the story's date.
    Relative { range: Range<usize>, days: i64 },
}

struct RelativeDate;

impl DocumentRule for RelativeDate {
    type Summary = Vec<Mention>;

    fn same(&self, before: &Vec<Mention>, after: &Vec<Mention>, moved: &Moved) -> bool {
        // It reads the story's date too.
        moved.same_story_date() && before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Vec<Mention> {
        mentions(ctx.doc)
    }

    fn check(&self, story: &Story<'_, Vec<Mention>>, out: &mut Emitter<'_>) {
        if story.blocks.iter().all(|b| b.summary.is_empty()) {
            return;
        }
        let Some(dated) = story_date(story.text, story.format, story.settings) else {
            return;
        };
        let today = dated.date;
        for block in &story.blocks {
            for mention in block.summary {
                let (range, day, what) = match mention {
                    Mention::Date { range, date } => {
                        let Some(day) = date.resolve(Some(today)) else {
                            continue;
                        };
                        let away = (day.days() - today.days()).abs();
                        if away == 0 || away > 7 {
                            continue;
                        }
                        (range, day, "within a week of the story's date")
                    }
                    Mention::Relative { range, days } => (
                        range,
                        today.add_days(*days),
                        "for a day next to the story's date",
                    ),
                };
                let range = block.start + range.start..block.start + range.end;
                let name = weekday_name(day.weekday());
                let written = &story.text[range.clone()];
                out.emit(
                    range.clone(),
                    format!("AP uses the day of the week {what}: “{name}” for “{written}” ({day})"),
                    vec![Fix::replace(range, &name, false)],
                );
            }
        }
    }
}

/// The dates and relative day words of a block, outside quotations and
/// headline-like lines (the dateline, a "Posted" line).
fn mentions(doc: &Document<'_>) -> Vec<Mention> {
    let text = doc.text;
    let words = &data().word;
    let mut found = Vec::new();
    let keys = word_keys();
    let quiet = |at: usize| doc.in_quotation(at) || doc.on_title_line(at);
    for (i, word) in doc.words.iter().enumerate() {
        let start = word.range().start;
        // A day word by its hash first, then by its text: no word of the
        // story is folded into a string of its own.
        let relative = keys
            .iter()
            .position(|&key| key == word.key)
            .map(|k| &words[k])
            .filter(|w| fold_eq(&w.text, doc.word(word)));
        if let Some(relative) = relative {
            if !quiet(start) {
                found.push(Mention::Relative {
                    range: word.range(),
                    days: relative.days,
                });
            }
            continue;
        }
        if !text.as_bytes()[start].is_ascii_uppercase() || quiet(start) {
            continue;
        }
        let Some(date) = written_date_at(text, start) else {
            continue;
        };
        // The dateline: a place in capitals, then the date.
        if i > 0
            && doc
                .word(&doc.words[i - 1])
                .chars()
                .all(|c| c.is_ascii_uppercase())
        {
            continue;
        }
        // "Thursday, Oct. 27": the weekday and the date together.
        let before = text[..start].trim_end_matches([' ', ',', '(']);
        let weekday = i > 0
            && doc.words[i - 1].range().end == before.len()
            && weekday_of(doc.word(&doc.words[i - 1])).is_some();
        let from = if weekday {
            doc.words[i - 1].range().start
        } else {
            start
        };
        let mut end = date.range.end;
        if text[end..].starts_with(')') && text[from..start].contains('(') {
            end += 1;
        }
        found.push(Mention::Date {
            range: from..end,
            date,
        });
    }
    found
}

impl SameMoved for Mention {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        match (self, after) {
            (
                Mention::Date {
                    range: r0,
                    date: d0,
                },
                Mention::Date {
                    range: r1,
                    date: d1,
                },
            ) => moved.range(r0, r1) && d0.same_moved(d1, moved),
            (
                Mention::Relative {
                    range: r0,
                    days: n0,
                },
                Mention::Relative {
                    range: r1,
                    days: n1,
                },
            ) => n0 == n1 && moved.range(r0, r1),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{dated, fixed, flagged};

    #[test]
    fn dates_within_a_week_and_relative_words_become_weekdays() {
        let text = dated(
            "The talks resume Oct. 27 after ending yesterday, and a vote follows on Thursday, Oct. 20.",
        );
        assert_eq!(
            flagged("relative-date", &text),
            ["Oct. 27", "yesterday", "Thursday, Oct. 20"]
        );
        assert_eq!(
            fixed("relative-date", &text),
            dated("The talks resume Thursday after ending Sunday, and a vote follows on Thursday.")
        );
    }

    #[test]
    fn quiet_far_off_on_the_day_in_quotations_datelines_and_undated_stories() {
        for text in [
            dated("The talks resume Nov. 3 and ended Oct. 16."),
            dated("The report was released Oct. 24, the ministry said."),
            dated("“We meet again tomorrow,” he said."),
            "SEOUL, Oct. 24, 2016 (Yonhap) — The talks resume Nov. 3.".to_string(),
            "The talks resume Oct. 27 after ending yesterday.".to_string(),
        ] {
            assert!(flagged("relative-date", &text).is_empty(), "{text}");
        }
    }
}
