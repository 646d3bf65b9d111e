//! A weekday that does not fall on the date written with it: "Tuesday,
//! Oct. 24, 2016" (a Monday).

use std::ops::Range;

use serde::Deserialize;

use super::{DocumentRule, Rule, Story, word_classes};
use super::{Moved, SameMoved};
use crate::engine::calendar::{WrittenDate, weekday_name, weekday_of, written_date_at};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::story_date::story_date;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "weekday-date",
    default_level: Level::On(Severity::Warning),
    summary: "A weekday that does not fall on its date (“Tuesday, Oct. 24, 2016”)",
    explanation: "A weekday written with a date — “Monday, Oct. 24”, “Oct. 24, Monday”, \
“Monday (Oct. 24)”, with or without a year — is checked against the calendar, and a mismatch \
names the right weekday. The year is the one written with the date; else the story's date's \
(`--date`, the editor's `date` setting, the front matter's `date`, a dateline or “Posted” line at \
the top, `[story] date` in copydesk.toml): a date more than half a year after the story's date \
belongs to the previous year, one more than half a year before it to the next (a story dated \
Jan. 3, 2017 means Dec. 30, 2016 by “Friday, Dec. 30”). Without a year from either, or when the \
sentence names another year (“in 1950, on Sunday, June 25”), the rule stays quiet, as it does in \
direct quotations. Which of the two is wrong is for a person to say, so the fix, the right \
weekday, is a suggestion.",
    uses_lexicon: false,
    check: None,
    document: Some(&WeekdayDate),
};

#[derive(Deserialize)]
struct Data {
    span_words: Vec<String>,
}

rule_data!(Data, "weekday-date.toml");

/// A weekday written with a date; offsets relative to the block.
#[derive(Clone, Debug)]
pub struct Pair {
    weekday: usize,
    weekday_range: Range<usize>,
    date: WrittenDate,
    /// Years written elsewhere in the sentence, and where.
    years: Vec<(i32, usize)>,
}

struct WeekdayDate;

impl DocumentRule for WeekdayDate {
    type Summary = Vec<Pair>;

    fn same(&self, before: &Vec<Pair>, after: &Vec<Pair>, moved: &Moved) -> bool {
        // It reads the story's date too.
        moved.same_story_date() && before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Vec<Pair> {
        pairs(ctx)
    }

    fn check(&self, story: &Story<'_, Vec<Pair>>, out: &mut Emitter<'_>) {
        // Most stories have no weekday beside a date: no need to look for
        // the story's date.
        if story.blocks.iter().all(|b| b.summary.is_empty()) {
            return;
        }
        let dated = story_date(story.text, story.format, story.settings);
        for block in &story.blocks {
            for pair in block.summary {
                check_pair(pair, block.start, dated.as_ref(), story.text, out);
            }
        }
    }
}

fn check_pair(
    pair: &Pair,
    base: usize,
    dated: Option<&crate::engine::StoryDate>,
    text: &str,
    out: &mut Emitter<'_>,
) {
    let Some(date) = pair.date.resolve(dated.map(|d| d.date)) else {
        return;
    };
    // "In 1950, on Sunday, June 25": the sentence sets its own year (the
    // story's date, in a dateline of the same sentence, does not count).
    let in_story_date = |at: usize| {
        dated
            .and_then(|d| d.range.as_ref())
            .is_some_and(|r| r.contains(&(base + at)))
    };
    if pair
        .years
        .iter()
        .any(|&(y, at)| y != date.year && !in_story_date(at))
    {
        return;
    }
    let right = date.weekday();
    if right == pair.weekday {
        return;
    }
    let range = base + pair.weekday_range.start..base + pair.weekday_range.end;
    let written = &text[range.clone()];
    let mut name = weekday_name(right);
    if !written.chars().any(char::is_lowercase) {
        name = name.to_uppercase();
    }
    let wrong = weekday_name(pair.weekday);
    let day = &text[base + pair.date.range.start..base + pair.date.range.end];
    let (message, related) = match (pair.date.year, dated) {
        (Some(_), _) => (format!("{day} is a {name}, not a {wrong}"), vec![]),
        (None, Some(dated)) => (
            format!(
                "{day} is a {name} in {} (by the story's date, {}, from {}), not a {wrong}",
                date.year,
                dated.date,
                dated.source.describe()
            ),
            super::knowledge::date_related(dated),
        ),
        (None, None) => return,
    };
    out.emit_related(
        range.clone(),
        message,
        vec![Fix::replace(range, &name, false)],
        related,
    );
}

/// Every weekday written with a date in `doc`, outside quotations.
pub fn pairs(ctx: &Context<'_>) -> Vec<Pair> {
    let doc = ctx.doc;
    let text = doc.text;
    let mut pairs = Vec::new();
    // Only the words whose hash is a month's (`word_classes`) are visited.
    for i in word_classes::of(ctx).words(word_classes::MONTH) {
        let start = doc.words[i].range().start;
        if !text.as_bytes()[start].is_ascii_uppercase() || doc.in_quotation(start) {
            continue;
        }
        let Some(date) = written_date_at(text, start) else {
            continue;
        };
        let Some((weekday, weekday_range)) =
            weekday_before(text, start).or_else(|| weekday_after(text, date.range.end))
        else {
            continue;
        };
        if doc.in_quotation(weekday_range.start) {
            continue;
        }
        let sentences = doc.sentences();
        let sentence = sentences
            .iter()
            .find(|s| s.start <= start && start < s.end)
            .cloned()
            .unwrap_or(start..date.range.end);
        let years = years_in(text, sentence, &date.range);
        pairs.push(Pair {
            weekday,
            weekday_range,
            date,
            years,
        });
    }
    pairs
}

/// "Monday, |Oct. 24", "Monday |Oct. 24", "Monday (|Oct. 24)".
fn weekday_before(text: &str, date_start: usize) -> Option<(usize, Range<usize>)> {
    let before = &text[..date_start];
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    let trimmed = trimmed
        .strip_suffix('(')
        .or_else(|| trimmed.strip_suffix(','))
        .unwrap_or(trimmed)
        .trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == before.len() {
        return None;
    }
    let word_len = trimmed
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let word_start = trimmed.len() - word_len;
    let weekday = weekday_of(&trimmed[word_start..])?;
    Some((weekday, word_start..trimmed.len()))
}

/// "Oct. 24|, Monday", "Oct. 24| (Monday)", not "Oct. 24, Monday through
/// Friday" nor "Oct. 24, Monday's talks".
fn weekday_after(text: &str, date_end: usize) -> Option<(usize, Range<usize>)> {
    let rest = &text[date_end..];
    let (rest, paren) = match rest.strip_prefix(',') {
        Some(r) => (r, false),
        None => {
            let r = rest.trim_start_matches([' ', '\u{a0}']);
            (r.strip_prefix('(')?, true)
        }
    };
    let word = rest.trim_start_matches([' ', '\u{a0}']);
    let start = text.len() - word.len();
    let len = word.bytes().take_while(u8::is_ascii_alphabetic).count();
    let weekday = weekday_of(&word[..len])?;
    let after = &word[len..];
    if paren && !after.starts_with(')') {
        return None;
    }
    if after.starts_with(['\'', '’', '-', '–', '—']) || after.starts_with(char::is_alphanumeric)
    {
        return None;
    }
    let next: String = after
        .trim_start_matches([' ', '\u{a0}', ','])
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if data().span_words.contains(&next) {
        return None;
    }
    Some((weekday, start..start + len))
}

/// The four-digit years (1000–2199) in `sentence`, outside `date`, and
/// where.
pub(super) fn years_in(
    text: &str,
    sentence: Range<usize>,
    date: &Range<usize>,
) -> Vec<(i32, usize)> {
    let bytes = text.as_bytes();
    let mut years = Vec::new();
    let end = sentence.end.min(text.len());
    let mut i = sentence.start;
    while i < end {
        // Most of a sentence is letters: on to its next digit in one pass.
        let Some(skip) = bytes[i..end].iter().position(u8::is_ascii_digit) else {
            break;
        };
        i += skip;
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let alone = (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && !bytes.get(i + digits).is_some_and(u8::is_ascii_alphanumeric);
        if digits == 4 && alone && !date.contains(&i) {
            if let Ok(year) = text[i..i + 4].parse::<i32>() {
                if (1000..=2199).contains(&year) {
                    years.push((year, i));
                }
            }
        }
        i += digits;
    }
    years
}

impl SameMoved for WrittenDate {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.month == after.month
            && self.day == after.day
            && self.year == after.year
            && moved.range(&self.range, &after.range)
    }
}

impl SameMoved for Pair {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.weekday == after.weekday
            && self.date.same_moved(&after.date, moved)
            && moved.range(&self.weekday_range, &after.weekday_range)
            && super::knowledge::same_years(&self.years, &after.years, moved)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::calendar::Date;
    use crate::engine::rules::test_support::{dated, fixed, flagged, flagged_with};
    use crate::engine::{Format, Settings, check};

    #[test]
    fn flags_a_weekday_that_is_not_its_dates_in_every_order() {
        for text in [
            "They met on Tuesday, Oct. 24, 2016, in Seoul.",
            "They met on Oct. 24, 2016, Tuesday, in Seoul.",
            "They met on Tuesday (Oct. 24, 2016) in Seoul.",
            "They met on Oct. 24, 2016 (Tuesday) in Seoul.",
            "They met on Tuesday Oct. 24, 2016, in Seoul.",
            "They met on Tuesday, October 24, 2016, in Seoul.",
        ] {
            assert_eq!(flagged("weekday-date", text), ["Tuesday"], "{text}");
        }
    }

    #[test]
    fn a_date_without_a_year_takes_the_storys() {
        let text = dated("They will meet on Tuesday, Oct. 25, and on Friday, Oct. 27.");
        assert_eq!(flagged("weekday-date", &text), ["Friday"]);
        assert_eq!(
            fixed("weekday-date", &text),
            dated("They will meet on Tuesday, Oct. 25, and on Thursday, Oct. 27.")
        );
        let findings = check(&text, Format::Plain, &Settings::default());
        let finding = findings.iter().find(|f| f.rule == "weekday-date").unwrap();
        assert_eq!(
            finding.message,
            "Oct. 27 is a Thursday in 2016 (by the story's date, Oct. 24, 2016, from the “Posted” line), not a Friday"
        );
        assert_eq!(&text[finding.related[0].range.clone()], "2016-10-24");
        assert!(!finding.fixes[0].safe);
    }

    #[test]
    fn the_year_rolls_over_near_new_year() {
        let text = "Posted : 2017-01-03\n\nThe talks ended on Friday, Dec. 30, and resume on Monday, Jan. 9.";
        assert!(flagged("weekday-date", text).is_empty());
        let text = "Posted : 2016-12-29\n\nThe talks resume on Monday, Jan. 2.";
        assert!(flagged("weekday-date", text).is_empty());
        let text = "Posted : 2016-12-29\n\nThe talks resume on Sunday, Jan. 2.";
        assert_eq!(flagged("weekday-date", text), ["Sunday"]);
    }

    #[test]
    fn quiet_without_a_year_in_quotations_and_in_other_years() {
        for text in [
            // No year anywhere.
            "They will meet on Tuesday, Oct. 27.".to_string(),
            // A quotation is the speaker's.
            dated("“We meet on Friday, Oct. 27,” he said."),
            // The sentence sets its own year.
            dated("In 1950, on Sunday, June 25, troops crossed the border."),
            // A span of days, a possessive, a weekday elsewhere.
            dated("Offices close Oct. 27, Monday through Friday."),
            dated("The deadline is Oct. 27, Friday's statement said."),
            dated("On Friday he left. Oct. 27 is the deadline."),
            // Right, with and without a year; historical copy sets its own.
            dated("They met on Monday, Oct. 24, and on Sunday, June 25, 1950."),
            "WASHINGTON, June 26, 1950 (AP) — Troops crossed on Sunday, June 25.".to_string(),
        ] {
            assert!(flagged("weekday-date", &text).is_empty(), "{text}");
        }
    }

    #[test]
    fn the_given_date_beats_the_text_and_capitals_stay_capitals() {
        let settings = Settings {
            date: Some(Date::new(2017, 10, 24).unwrap()),
            ..Settings::default()
        };
        // Oct. 24, 2017 was a Tuesday.
        let text = dated("They met on MONDAY, Oct. 24.");
        assert_eq!(flagged_with("weekday-date", &text, &settings), ["MONDAY"]);
        let findings = check(&text, Format::Plain, &settings);
        let fix = &findings
            .iter()
            .find(|f| f.rule == "weekday-date")
            .unwrap()
            .fixes[0];
        assert_eq!(fix.edits[0].replacement, "TUESDAY");
        assert!(flagged("weekday-date", &text).is_empty());
    }
}
