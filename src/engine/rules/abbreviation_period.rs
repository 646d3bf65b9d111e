//! "U.S", "U.N" and "U.K" missing their final period, and the spaced "U. S.".

use super::Rule;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::scan::{char_at, char_before};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "abbreviation-period",
    default_level: Level::On(Severity::Warning),
    summary: "“U.S”, “U.N” or “U.K” missing the final period, or spaced “U. S.”",
    explanation: "In body copy AP writes “U.S.”, “U.N.” and “U.K.” with both periods and no \
space. A missing final period is fixed safely in body text. At the end of a headline the fix is \
a suggestion, with the headline form (“US”) offered too, since headlines drop the periods.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    let bytes = text.as_bytes();
    for at in memchr::memchr_iter(b'U', bytes) {
        if bytes.get(at + 1) != Some(&b'.') {
            continue;
        }
        if char_before(text, at).is_some_and(|c| c.is_alphanumeric() || c == '.') {
            continue;
        }
        let (letter_at, spaced) = match bytes.get(at + 2) {
            Some(b' ') => (at + 3, true),
            _ => (at + 2, false),
        };
        let Some(&letter) = bytes.get(letter_at) else {
            continue;
        };
        if !matches!(letter, b'S' | b'N' | b'K') {
            continue;
        }
        let after = letter_at + 1;
        let next = char_at(text, after);
        if next.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let letter = letter as char;
        let proper = format!("U.{letter}.");
        if spaced {
            if next == Some('.') {
                out.emit(
                    at..after + 1,
                    format!("Write “{proper}” without a space"),
                    vec![Fix::replace(at..after + 1, &proper, true)],
                );
            }
            continue;
        }
        if next == Some('.') {
            continue;
        }
        let line_end = doc.lines[doc.line_index(at)].end;
        let ends_title = doc.on_title_line(at) && text[after..line_end].trim().is_empty();
        let mut fixes = vec![Fix::replace(after..after, ".", true)];
        fixes[0].title = format!("Write “{proper}”");
        if ends_title {
            fixes.push(Fix::replace(at..after, &format!("U{letter}"), false));
            fixes[1].title = format!("Write the headline form “U{letter}”");
        }
        out.emit(
            at..after,
            format!("“U.{letter}” is missing its final period"),
            fixes,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};
    use crate::engine::{Format, Settings, check};

    #[test]
    fn flags_a_missing_final_period() {
        assert_eq!(
            flagged(
                "abbreviation-period",
                "the U.S military and the U.N council"
            ),
            ["U.S", "U.N"]
        );
        assert_eq!(
            fixed("abbreviation-period", "the U.S-led coalition"),
            "the U.S.-led coalition"
        );
        assert_eq!(
            fixed("abbreviation-period", "the U. S. envoy"),
            "the U.S. envoy"
        );
    }

    #[test]
    fn headline_gets_both_forms_as_suggestions() {
        let text = "Officials of N. Korea and the U.S\n\nBody.";
        let findings = check(text, Format::Plain, &Settings::default());
        let finding = findings
            .iter()
            .find(|f| f.rule == "abbreviation-period")
            .unwrap();
        let replacements: Vec<&str> = finding
            .fixes
            .iter()
            .map(|f| f.edits[0].replacement.as_str())
            .collect();
        assert_eq!(replacements, [".", "US"]);
        assert!(finding.fixes.iter().all(|f| !f.safe));
    }

    #[test]
    fn quiet_on_correct_forms() {
        for text in [
            "the U.S. envoy",
            "talks with the U.S.",
            "the U.S.-led coalition",
            "the U.N.'s agency",
            "the U.S.A. team",
            "KU.S is a code",
            "U.Sx",
            "the U.K.",
        ] {
            assert!(flagged("abbreviation-period", text).is_empty(), "{text}");
        }
    }
}
