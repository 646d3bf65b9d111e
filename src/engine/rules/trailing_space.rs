//! Spaces (also non-breaking ones) at the end of a line.

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::format::Format;
use crate::engine::lines::is_blank;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "trailing-space",
    default_level: Level::On(Severity::Warning),
    summary: "Spaces at the end of a line, including non-breaking spaces",
    explanation: "Spaces, tabs or non-breaking spaces at the end of a line are invisible in an \
editor but survive into a content system, where they break layout and searches. Text pasted from \
a web page often carries non-breaking ones. In Markdown, two plain spaces before a following line \
are a hard line break and are left alone. The fix deletes them and is safe.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    for (index, line) in doc.lines.iter().enumerate() {
        let content = &doc.text[line.clone()];
        let kept = content.trim_end_matches(|c: char| c.is_whitespace());
        if kept.len() == content.len() {
            continue;
        }
        let trailing = &content[kept.len()..];
        let next_has_text = doc
            .lines
            .get(index + 1)
            .is_some_and(|l| !is_blank(&doc.text[l.clone()]));
        let hard_break = doc.format == Format::Markdown
            && !kept.is_empty()
            && trailing.len() >= 2
            && trailing.bytes().all(|b| b == b' ')
            && next_has_text;
        if hard_break {
            continue;
        }
        let range = line.start + kept.len()..line.end;
        let nbsp = trailing.contains(['\u{a0}', '\u{202f}']);
        let message = if nbsp {
            "Trailing spaces, including non-breaking ones"
        } else {
            "Trailing spaces"
        };
        out.emit(
            range.clone(),
            message,
            vec![Fix::safe(
                "Delete the trailing spaces",
                vec![Edit::delete(range)],
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};
    use crate::engine::{Format, Settings, check};

    #[test]
    fn flags_spaces_and_nbsp_at_line_end() {
        assert_eq!(
            flagged(
                "trailing-space",
                "Posted Oct. 24, 2016,\u{a0} \u{a0} \nnext"
            ),
            ["\u{a0} \u{a0} "]
        );
        assert_eq!(fixed("trailing-space", "a  \r\nb\t\rc \n"), "a\r\nb\rc\n");
    }

    #[test]
    fn markdown_hard_breaks_are_kept() {
        let text = "first line  \nsecond line\n";
        assert!(
            check(text, Format::Markdown, &Settings::default())
                .iter()
                .all(|f| f.rule != "trailing-space")
        );
        assert_eq!(flagged("trailing-space", text), ["  "]);
    }

    #[test]
    fn quiet_on_clean_lines() {
        assert!(flagged("trailing-space", "clean\r\nlines\n\nhere").is_empty());
    }
}
