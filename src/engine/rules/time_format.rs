//! AP times: "3 p.m.", "10:30 a.m.", "noon".

use std::sync::OnceLock;

use regex::Regex;

use super::{Rule, word_classes};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "time-format",
    default_level: Level::On(Severity::Info),
    summary: "AP time style (“3 p.m.”, not “3:00 PM” or “3pm”; “noon”, not “12 noon”)",
    explanation: "AP writes times as figures with lowercase “a.m.” or “p.m.” after a space, and \
drops “:00”: “3 p.m.”, “10:30 a.m.”. “12 noon” and “12 midnight” are just “noon” and \
“midnight”. Direct quotations are left alone. The fix is a suggestion, since it is house style.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn clock() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:(\d{1,2})(?::([0-5]\d))?(\s?)([ap])(\.?)\s?m(?-u:\b)(\.?)|12\s+(noon|midnight)(?-u:\b))")
            .expect("time pattern compiles")
    })
}

/// A match placed back in the document.
struct Span<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl Span<'_> {
    fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    // Only words that start with a digit can start a time: try the pattern
    // there, on a short window, instead of over the whole text.
    for i in word_classes::of(ctx).words(word_classes::DIGIT_START) {
        let word = &doc.words[i];
        // "05" in "11:05 a.m." is not an hour.
        if !text.as_bytes()[word.range().start].is_ascii_digit() {
            continue;
        }
        let after_colon = word.range().start > 0 && text.as_bytes()[word.range().start - 1] == b':';
        if after_colon {
            continue;
        }
        // Cheap test first: after the figures (and ":30"), "a", "p" or "12 n/m" must follow.
        let rest =
            text[word.range().start..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ':');
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        if !rest.starts_with(['a', 'A', 'p', 'P', 'n', 'm']) {
            continue;
        }
        let mut window_end = (word.range().start + 24).min(text.len());
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let Some(caps) = clock().captures(&text[word.range().start..window_end]) else {
            continue;
        };
        let local = caps.get(0).expect("match");
        let whole = Span {
            start: word.range().start + local.start(),
            end: word.range().start + local.end(),
            text: local.as_str(),
        };
        if doc.in_quotation(whole.start) || doc.is_masked(whole.range()) {
            continue;
        }
        let wanted = if let Some(word) = caps.get(7) {
            word.as_str().to_lowercase()
        } else {
            let hour: u32 = caps[1].parse().unwrap_or(0);
            if !(1..=12).contains(&hour) {
                continue;
            }
            // "3 am" could be the verb; only flag it with a clear time shape.
            let lower_am =
                caps[4].eq_ignore_ascii_case("a") && &whole.text[whole.text.len() - 2..] == "am";
            if lower_am && caps.get(2).is_none() && !caps[3].is_empty() {
                continue;
            }
            let minutes = caps.get(2).map(|m| m.as_str()).filter(|m| *m != "00");
            let suffix = if caps[4].eq_ignore_ascii_case("a") {
                "a.m."
            } else {
                "p.m."
            };
            match minutes {
                Some(m) => format!("{hour}:{m} {suffix}"),
                None => format!("{hour} {suffix}"),
            }
        };
        // A sentence ending in "p.m." takes no second period: the match may
        // have stopped before it.
        let written = whole.text;
        let already_fine = written == wanted
            || (written.len() + 1 == wanted.len()
                && text[whole.end..].starts_with('.')
                && wanted.starts_with(written));
        if already_fine {
            continue;
        }
        let (range, replacement) = if !written.ends_with('.')
            && text[whole.end..].starts_with('.')
            && wanted.ends_with('.')
        {
            (whole.start..whole.end + 1, wanted.clone())
        } else {
            (whole.range(), wanted.clone())
        };
        out.emit(
            range.clone(),
            format!("AP style: “{wanted}”"),
            vec![Fix::replace(range, &replacement, false)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_non_ap_times() {
        assert_eq!(
            flagged(
                "time-format",
                "at 3:00 PM and 3pm and 10 AM and 7:30 p.m and 12 noon"
            ),
            ["3:00 PM", "3pm", "10 AM", "7:30 p.m", "12 noon"]
        );
        assert_eq!(
            fixed("time-format", "at 3:00 p.m. Monday"),
            "at 3 p.m. Monday"
        );
        assert_eq!(
            fixed("time-format", "It starts at 9 a.m."),
            "It starts at 9 a.m."
        );
    }

    #[test]
    fn quiet_on_ap_times_quotes_and_words() {
        for text in [
            "at 3 p.m. and 10:30 a.m. on Monday.",
            "The earthquake struck at 11:05 a.m. local time.",
            "It ended at 3 p.m.",
            "at noon and midnight",
            "“See you at 3pm,” he said.",
            "I am 3 am I",
            "Route 66 PMs",
            "Item 5 am",
        ] {
            assert!(
                flagged("time-format", text).is_empty(),
                "{text}: {:?}",
                flagged("time-format", text)
            );
        }
    }
}
