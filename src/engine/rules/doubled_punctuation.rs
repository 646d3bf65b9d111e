//! ",,", ";;" and ".." (an ellipsis is three periods and is left alone).

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "doubled-punctuation",
    default_level: Level::On(Severity::Warning),
    summary: "A doubled comma, semicolon or period (“,,”, “..”)",
    explanation: "A comma, semicolon or period typed twice. An ellipsis (three periods) is not \
flagged. A sentence that ends with an abbreviation takes one period, so “U.S..” is flagged too. \
The fix deletes the extra mark and is safe.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let bytes = ctx.doc.text.as_bytes();
    let mut skip_to = 0;
    for &at in &ctx.doc.punctuation {
        let i = at as usize;
        if i < skip_to
            || !matches!(bytes[i], b',' | b';' | b'.')
            || bytes.get(i + 1) != Some(&bytes[i])
        {
            continue;
        }
        let b = bytes[i];
        let run = bytes[i..].iter().take_while(|&&c| c == b).count();
        skip_to = i + run;
        let relative_path = b == b'.' && matches!(bytes.get(i + 2), Some(b'/' | b'\\'));
        let ellipsis = b == b'.' && run != 2;
        if ellipsis || relative_path {
            continue;
        }
        let mark = b as char;
        out.emit(
            i..i + run,
            format!("“{mark}” is doubled"),
            vec![Fix::safe(
                format!("Keep one “{mark}”"),
                vec![Edit::delete(i + 1..i + run)],
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_doubled_marks() {
        assert_eq!(
            flagged("doubled-punctuation", "Seoul,, Tokyo;; and Beijing.."),
            [",,", ";;", ".."]
        );
        assert_eq!(
            fixed("doubled-punctuation", "the U.S.. Then"),
            "the U.S. Then"
        );
    }

    #[test]
    fn quiet_on_ellipses_and_paths() {
        for text in [
            "He paused... then spoke.",
            "see ../notes",
            "Wait . . . what",
            "1,000.50",
        ] {
            assert!(flagged("doubled-punctuation", text).is_empty(), "{text}");
        }
    }
}
