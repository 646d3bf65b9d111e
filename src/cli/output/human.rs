//! Human output, modelled on rustc: a header a terminal can click, the line
//! with a caret under the span, and the fixes on offer.

use super::FileReport;
use crate::cli::LineIndex;
use crate::engine::Severity;

/// How much of a long line (a paragraph is often one line) to show around
/// the span, in characters.
const CONTEXT_CHARS: usize = 40;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 4];
    let mut fixable = 0;
    for report in reports {
        let text = report.text.as_str();
        let index = LineIndex::new(&text);
        for finding in &report.findings {
            counts[finding.severity as usize] += 1;
            fixable += usize::from(finding.safe_fix().is_some());
            let (line, column) = index.position(finding.range.start);
            out.push_str(&format!(
                "{}:{line}:{column}: {}[{}]: {}\n",
                report.path, finding.severity, finding.rule, finding.message
            ));
            out.push_str(&excerpt(&index, line - 1, finding.range.clone()));
            for fix in &finding.fixes {
                let kind = if fix.safe { "fix" } else { "suggestion" };
                out.push_str(&format!("     = {kind}: {}\n", fix.title));
            }
            out.push('\n');
        }
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        out.push_str("No problems found.\n");
    } else {
        let parts: Vec<String> = [
            Severity::Error,
            Severity::Warning,
            Severity::Info,
            Severity::Hint,
        ]
        .iter()
        .filter(|s| counts[**s as usize] > 0)
        .map(|s| {
            format!(
                "{} {}",
                counts[*s as usize],
                plural(s.as_str(), counts[*s as usize])
            )
        })
        .collect();
        out.push_str(&format!(
            "Found {total} {} ({})",
            plural("problem", total),
            parts.join(", ")
        ));
        if fixable > 0 {
            out.push_str(&format!("; {fixable} fixable with --fix"));
        }
        out.push_str(".\n");
    }
    out
}

fn plural(word: &str, n: usize) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// Columns a character takes in a terminal: two for East Asian wide scripts.
fn width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

fn visible(c: char) -> char {
    if c == '\t' || c == '\u{a0}' { ' ' } else { c }
}

fn excerpt(index: &LineIndex<'_>, line: usize, span: std::ops::Range<usize>) -> String {
    let text = index.line_text(line);
    let line_start = index.line_start(line);
    let start = span.start.saturating_sub(line_start).min(text.len());
    let end = span.end.saturating_sub(line_start).clamp(start, text.len());
    let before: Vec<char> = text[..start].chars().collect();
    let marked: Vec<char> = text[start..end].chars().collect();
    let after: Vec<char> = text[end..].chars().collect();
    let cut_before = before.len() > CONTEXT_CHARS;
    let cut_after = after.len() > CONTEXT_CHARS;
    let before = &before[before.len().saturating_sub(CONTEXT_CHARS)..];
    let after = &after[..after.len().min(CONTEXT_CHARS)];
    let mut shown = String::new();
    let mut pad = 0;
    if cut_before {
        shown.push('…');
        pad += 1;
    }
    for &c in before {
        shown.push(visible(c));
        pad += width(c);
    }
    let mut carets = 0;
    for &c in &marked {
        shown.push(visible(c));
        carets += width(c);
    }
    shown.extend(after.iter().map(|&c| visible(c)));
    if cut_after {
        shown.push('…');
    }
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());
    format!(
        "{gutter} |\n{number} | {shown}\n{gutter} | {}{}\n",
        " ".repeat(pad),
        "^".repeat(carets.max(1))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Finding, Fix};

    #[test]
    fn caret_sits_under_the_span_after_wide_characters() {
        let text = "기자 met Victor Cha Victor Cha today\n".to_string();
        let start = text.find("Victor").unwrap();
        let finding = Finding {
            rule: "repeated-word",
            severity: Severity::Warning,
            range: start..start + "Victor Cha Victor Cha".len(),
            message: "“Victor Cha” is repeated".into(),
            fixes: vec![Fix::safe("Remove the repeated “Victor Cha”", vec![])],
            related: vec![],
        };
        let report = FileReport {
            path: "s.txt".into(),
            text: crate::cli::story::StoryText::Owned(text),
            findings: vec![finding],
        };
        let shown = render(&[report]);
        assert_eq!(
            shown,
            "s.txt:1:8: warning[repeated-word]: “Victor Cha” is repeated\n  |\n1 | 기자 met Victor Cha Victor Cha today\n  |          ^^^^^^^^^^^^^^^^^^^^^\n     = fix: Remove the repeated “Victor Cha”\n\nFound 1 problem (1 warning); 1 fixable with --fix.\n"
        );
    }
}
