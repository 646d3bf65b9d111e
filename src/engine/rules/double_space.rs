//! Two or more spaces between words or after a sentence.

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::format::Format;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "double-space",
    default_level: Level::On(Severity::Warning),
    summary: "Two or more spaces between words or after a sentence",
    explanation: "News copy takes a single space between words and after a sentence. Runs of \
spaces (including non-breaking spaces) inside a line are flagged; indentation at the start of a \
line and Markdown table rows are left alone, and spaces at the end of a line are the \
`trailing-space` rule's. The fix collapses the run to one space and is safe.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

fn two_spaces() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("  "))
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    // Most blocks have neither anywhere: two searches of the whole text,
    // rather than two a line.
    let bytes = doc.text.as_bytes();
    if memchr::memchr(0xA0, bytes).is_none() && two_spaces().find(bytes).is_none() {
        return;
    }
    for line in &doc.lines {
        let content = &doc.text[line.clone()];
        // Two spaces, or the second byte of a no-break space: two SIMD
        // searches that almost never hit, rather than a look at every space.
        let bytes = content.as_bytes();
        let candidate = memchr::memchr(0xA0, bytes).is_some() || two_spaces().find(bytes).is_some();
        if !candidate {
            continue;
        }
        if doc.format == Format::Markdown && content.trim_start().starts_with('|') {
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let body_end = content.trim_end().len();
        let mut run_start: Option<usize> = None;
        let mut run_chars = 0;
        for (offset, c) in content[..body_end]
            .char_indices()
            .skip_while(|&(o, _)| o < indent)
        {
            if is_space(c) {
                run_start.get_or_insert(offset);
                run_chars += 1;
                continue;
            }
            if let Some(start) = run_start.take() {
                if run_chars >= 2 {
                    let range = line.start + start..line.start + offset;
                    out.emit(
                        range.clone(),
                        format!("{run_chars} spaces in a row"),
                        vec![Fix::safe("Use one space", vec![Edit::new(range, " ")])],
                    );
                }
            }
            run_chars = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_runs_of_spaces_inside_a_line() {
        assert_eq!(
            flagged("double-space", "The talks ended.  Delegates left  early."),
            ["  ", "  "]
        );
        assert_eq!(fixed("double-space", "a \u{a0} b"), "a b");
    }

    #[test]
    fn quiet_on_indentation_single_spaces_and_line_ends() {
        for text in [
            "    indented line",
            "one space only.",
            "trailing  \nnext",
            "a\u{a0}b",
        ] {
            assert!(flagged("double-space", text).is_empty(), "{text}");
        }
    }
}
