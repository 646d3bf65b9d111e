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

fn two_spaces() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("  "))
}

const NO_BREAK: &[u8] = "\u{a0}".as_bytes();

/// The length in bytes of the space or no-break space that ends at `end`
/// in `bytes`, if one does.
fn space_before(bytes: &[u8], end: usize) -> Option<usize> {
    if bytes[..end].ends_with(b" ") {
        Some(1)
    } else if bytes[..end].ends_with(NO_BREAK) {
        Some(NO_BREAK.len())
    } else {
        None
    }
}

/// The length in bytes of the space or no-break space that starts at
/// `start` in `bytes`, if one does.
fn space_at(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = &bytes[start..];
    if rest.starts_with(b" ") {
        Some(1)
    } else if rest.starts_with(NO_BREAK) {
        Some(NO_BREAK.len())
    } else {
        None
    }
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
        let bytes = content.as_bytes();
        // A run of two or more holds two spaces or a no-break space (the
        // byte 0xA0, its second): the runs are found from those, by two
        // SIMD searches, and a no-break space alone between words (common
        // in copy from the web) costs one look, not a walk of its line.
        let mut hits = memchr::memchr_iter(0xA0, bytes)
            .filter_map(|at| at.checked_sub(1))
            .peekable();
        let mut pairs = two_spaces().find_iter(bytes).peekable();
        if hits.peek().is_none() && pairs.peek().is_none() {
            continue;
        }
        if doc.format == Format::Markdown && content.trim_start().starts_with('|') {
            continue;
        }
        // Indentation and the spaces that end the line are not runs here.
        let indent = content.len() - content.trim_start().len();
        let body_end = content.trim_end().len();
        let mut done = indent;
        loop {
            // The next place a run may be, in order.
            let at = match (hits.peek(), pairs.peek()) {
                (Some(&h), Some(&p)) if h <= p => hits.next(),
                (Some(_), Some(_)) | (None, Some(_)) => pairs.next(),
                (Some(_), None) => hits.next(),
                (None, None) => None,
            };
            let Some(at) = at else { break };
            // 0xA0 ends other characters too ("à"): only a space starts one.
            if at < done || at >= body_end || space_at(bytes, at).is_none() {
                continue;
            }
            // The whole run around it: back to its first space, on to the
            // word after it (the body ends in one).
            let mut start = at;
            while let Some(len) = space_before(bytes, start) {
                start -= len;
            }
            let (mut end, mut run_chars) = (start, 0);
            while let Some(len) = space_at(bytes, end) {
                end += len;
                run_chars += 1;
            }
            done = end;
            if run_chars >= 2 {
                let range = line.start + start..line.start + end;
                out.emit(
                    range.clone(),
                    format!("{run_chars} spaces in a row"),
                    vec![Fix::safe("Use one space", vec![Edit::new(range, " ")])],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};
    use crate::engine::{Format, Settings, check};
    use proptest::prelude::*;

    /// The runs the rule flags, found by walking every character of every
    /// line: what the rule did before it searched for runs.
    fn runs_by_walking(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut runs = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            let body_end = line.trim_end().len();
            let (mut run_start, mut run_chars) = (None, 0);
            for (offset, c) in line[..body_end]
                .char_indices()
                .skip_while(|&(o, _)| o < indent)
            {
                if c == ' ' || c == '\u{a0}' {
                    run_start.get_or_insert(offset);
                    run_chars += 1;
                    continue;
                }
                if let Some(start) = run_start.take()
                    && run_chars >= 2
                {
                    runs.push(line_start + start..line_start + offset);
                }
                run_chars = 0;
            }
            line_start += line.len();
        }
        runs
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn the_runs_found_are_the_runs_a_walk_finds(
            text in "[a\u{e0}\u{120}\u{a0} \t\n.]{0,40}"
        ) {
            let flagged: Vec<_> = check(&text, Format::Plain, &Settings::default())
                .into_iter()
                .filter(|f| f.rule == "double-space")
                .map(|f| f.range)
                .collect();
            prop_assert_eq!(flagged, runs_by_walking(&text));
        }
    }

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
