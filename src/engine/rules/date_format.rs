//! AP dates: "Oct. 24", "Sept. 12", "March 8", "October 2016".

use super::{Rule, word_classes};
use crate::engine::calendar::ordinal_suffix;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::words::{CALENDAR, MonthSpec};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "date-format",
    default_level: Level::On(Severity::Warning),
    summary: "AP date style (“Oct. 24”, “Sept. 12”, “March 8”, no “24th”)",
    explanation: "AP style abbreviates Jan., Feb., Aug., Sept., Oct., Nov. and Dec. when they are \
followed by a date, and never abbreviates March, April, May, June or July. A month standing alone \
or with a year only is spelled out (“October 2016”, no comma), and dates take no ordinal \
(“Oct. 24”, not “Oct. 24th”). “Sep.” is always “Sept.”. The fixes are safe, except in a headline.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

/// A written month: which one, and whether it was abbreviated. The months
/// and their abbreviations are data (`data/words.toml`).
fn parse_month(word: &str) -> Option<(&'static MonthSpec, bool)> {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    CALENDAR.iter().find_map(|month| {
        if word == month.full {
            Some((month, false))
        } else if month.written.contains(&word) {
            Some((month, true))
        } else {
            None
        }
    })
}

/// What follows a month.
enum After {
    /// A day of the month; `ordinal` is the byte range of a "th"/"st"/… suffix.
    Day {
        end: usize,
        ordinal: Option<std::ops::Range<usize>>,
    },
    /// A four-digit year, with `comma` the range of a comma before it.
    Year {
        end: usize,
        comma: Option<std::ops::Range<usize>>,
    },
}

fn parse_after(text: &str, from: usize) -> Option<After> {
    let rest = &text[from..];
    let (comma, rest_after_comma) = match rest.strip_prefix(',') {
        Some(r) => (Some(from..from + 1), r),
        None => (None, rest),
    };
    let trimmed = rest_after_comma.trim_start_matches([' ', '\u{a0}', '\n', '\r']);
    let gap = rest.len() - trimmed.len();
    // Some space is needed, and a blank line (a new paragraph) ends the date.
    let line_breaks = rest[..gap].bytes().filter(|&b| b == b'\n').count();
    if gap == comma.as_ref().map_or(0, |_| 1) || gap > 3 || line_breaks > 1 {
        return None;
    }
    let start = from + gap;
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = &trimmed[digits..];
    let followed_by_word = after_digits.starts_with(|c: char| c.is_alphanumeric());
    if digits == 4 && !followed_by_word {
        let year: u32 = trimmed[..4].parse().ok()?;
        return (1000..=2199).contains(&year).then_some(After::Year {
            end: start + 4,
            comma,
        });
    }
    if comma.is_some() || digits == 0 || digits > 2 {
        return None;
    }
    let day: u32 = trimmed[..digits].parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let suffix_len = ordinal_suffix(after_digits);
    let after_suffix = &after_digits[suffix_len..];
    if after_suffix.starts_with(|c: char| c.is_alphanumeric())
        || (suffix_len == 0 && followed_by_word)
    {
        return None;
    }
    let day_end = start + digits;
    Some(After::Day {
        end: day_end + suffix_len,
        ordinal: (suffix_len > 0).then_some(day_end..day_end + suffix_len),
    })
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    // Only the words whose hash is a month's (`word_classes`) are visited.
    for i in word_classes::of(ctx).words(word_classes::MONTH) {
        let word = &doc.words[i];
        let written = doc.word(word);
        let Some((month, abbreviated)) = parse_month(written) else {
            continue;
        };
        let has_period = text[word.range().end..].starts_with('.');
        let month_end = word.range().end + usize::from(has_period);
        let month_written = &text[word.range().start..month_end];
        let Some(after) = parse_after(text, month_end) else {
            if written == "Sep" && has_period {
                out.emit(
                    word.range().start..month_end,
                    "AP abbreviates September as “Sept.”",
                    vec![Fix::replace(word.range().start..month_end, "Sept.", true)],
                );
            }
            continue;
        };
        let (end, month_wanted, extra_edit) = match after {
            After::Day { end, ordinal } => {
                let wanted = month.ap.unwrap_or(month.full);
                (end, wanted, ordinal.map(Edit::delete))
            }
            After::Year { end, comma } => {
                if !abbreviated && comma.is_none() {
                    continue;
                }
                (end, month.full, comma.map(Edit::delete))
            }
        };
        if month_written == month_wanted && extra_edit.is_none() {
            continue;
        }
        let range = word.range().start..end;
        let mut edits = Vec::new();
        if month_written != month_wanted {
            edits.push(Edit::new(word.range().start..month_end, month_wanted));
        }
        edits.extend(extra_edit);
        // The corrected date, for the message: the edits applied to the span.
        let mut corrected = String::new();
        let mut cursor = range.start;
        for edit in &edits {
            corrected.push_str(&text[cursor..edit.range.start]);
            corrected.push_str(&edit.replacement);
            cursor = edit.range.end;
        }
        corrected.push_str(&text[cursor..range.end]);
        let corrected = corrected.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = text[range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.emit(
            range,
            format!("AP style: “{corrected}”, not “{shown}”"),
            vec![Fix::safe(format!("Write “{corrected}”"), edits)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn abbreviates_long_months_before_a_date() {
        assert_eq!(
            flagged("date-format", "Posted October. 24, 2016 07:19"),
            ["October. 24"]
        );
        assert_eq!(
            fixed("date-format", "Posted October. 24, 2016 07:19"),
            "Posted Oct. 24, 2016 07:19"
        );
        assert_eq!(
            fixed("date-format", "on October 24 and Sept 12"),
            "on Oct. 24 and Sept. 12"
        );
        assert_eq!(
            fixed("date-format", "on Sep. 9 and Sep 9"),
            "on Sept. 9 and Sept. 9"
        );
    }

    #[test]
    fn removes_ordinals_and_spells_out_short_months() {
        assert_eq!(
            fixed("date-format", "on Dec. 3rd the vote"),
            "on Dec. 3 the vote"
        );
        assert_eq!(
            fixed("date-format", "on Mar. 8, and Jun. 5"),
            "on March 8, and June 5"
        );
        assert_eq!(fixed("date-format", "on October 24th."), "on Oct. 24.");
    }

    #[test]
    fn month_with_year_only_is_spelled_out_without_comma() {
        assert_eq!(
            fixed("date-format", "in Oct. 2016 and October, 2015 too"),
            "in October 2016 and October 2015 too"
        );
    }

    #[test]
    fn quiet_on_correct_dates_and_other_words() {
        for text in [
            "on Oct. 24, 2016, officials said",
            "in October the talks resumed",
            "in October 2016 and on March 8",
            "May 5 and June 30 and Sept. 12",
            "She may 5 times",
            "The march 5 miles long",
            "October 1973 war",
            "October 2016-2017 season",
            "October 32 is no date",
            "Jun Ji-hyun arrived",
            "the Oct. 3 vote",
        ] {
            assert!(
                flagged("date-format", text).is_empty(),
                "{text}: {:?}",
                flagged("date-format", text)
            );
        }
    }
}
