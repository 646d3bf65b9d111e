//! Human output, modelled on rustc: a header a terminal can click, the line
//! with a caret under the span, and the fixes on offer.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::FileReport;
use crate::cli::LineIndex;
use crate::engine::Severity;

/// How much of a long line (a paragraph is often one line) to show around
/// the span, in characters.
const CONTEXT_CHARS: usize = 40;

/// The styles of human output, as rustc uses them; plain text when off.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn paint(self, style: Style, text: &str) -> String {
        if self.on {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity, text: &str) -> String {
        let color = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
            Severity::Info => AnsiColor::Cyan,
            Severity::Hint => AnsiColor::Green,
        };
        self.paint(Style::new().fg_color(Some(color.into())).bold(), text)
    }

    fn gutter(self, text: &str) -> String {
        self.paint(
            Style::new().fg_color(Some(AnsiColor::Blue.into())).bold(),
            text,
        )
    }

    fn dim(self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    fn bold(self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }
}

/// Every finding with its excerpt, then one summary line: how many problems
/// in how many stories, how many `--fix` will apply and how many need a
/// person. With `color`, ANSI styles as rustc uses them. Written finding by
/// finding.
pub fn write(reports: &[FileReport], human: super::Human, sink: &mut dyn Write) -> io::Result<()> {
    let paint = Paint { on: human.color };
    let mut out = String::new();
    let mut counts = [0usize; 4];
    let mut fixable = 0;
    let mut stories_with_problems = 0;
    for report in reports {
        let text = report.text.as_str();
        let index = LineIndex::new(&text);
        stories_with_problems += usize::from(!report.findings.is_empty());
        for finding in &report.findings {
            counts[finding.severity as usize] += 1;
            fixable += usize::from(finding.safe_fix().is_some());
            let (line, column) = index.position(finding.range.start);
            out.push_str(&format!(
                "{}:{line}:{column}: {}{}: {}\n",
                report.path,
                paint.severity(finding.severity, finding.severity.as_str()),
                paint.dim(&format!("[{}]", finding.rule)),
                paint.bold(&finding.message)
            ));
            out.push_str(&excerpt(
                &index,
                line - 1,
                finding.range.clone(),
                finding.severity,
                paint,
            ));
            // `= fix:` under the gutter's `|`, as rustc sets its `= note:`.
            let indent = " ".repeat(line.to_string().len() + 1);
            // The other mention (the first age given, say), with its own caret.
            for related in &finding.related {
                let (at, column) = index.position(related.range.start);
                let note = format!("{} (line {at}, column {column})", related.message);
                out.push_str(&format!(
                    "{indent}{} {}: {note}\n",
                    paint.gutter("="),
                    paint.bold("note")
                ));
                out.push_str(&excerpt(
                    &index,
                    at - 1,
                    related.range.clone(),
                    Severity::Info,
                    paint,
                ));
            }
            for fix in &finding.fixes {
                let kind = if fix.safe { "fix" } else { "suggestion" };
                out.push_str(&format!(
                    "{indent}{} {}: {}\n",
                    paint.gutter("="),
                    paint.bold(kind),
                    fix.title
                ));
            }
            out.push('\n');
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    sink.write_all(
        summary(
            &counts,
            fixable,
            (stories_with_problems, reports.len()),
            human.unchecked,
        )
        .as_bytes(),
    )
}

/// "13 problems (1 error, 12 warnings) in 2 stories: 7 fixable with --fix;
/// 6 need a person." A finding is fixable when it has a safe fix. `stories`:
/// how many have problems, of how many checked; `unchecked`: inputs that
/// could not be checked, said too so that "No problems found" never stands
/// alone next to an error.
fn summary(
    counts: &[usize; 4],
    fixable: usize,
    stories: (usize, usize),
    unchecked: usize,
) -> String {
    let total: usize = counts.iter().sum();
    let mut line = match (total, stories) {
        (_, (_, 0)) => "No stories were checked.".to_string(),
        (0, (_, 1)) => "No problems found.".to_string(),
        (0, (_, all)) => format!("No problems found in {all} stories."),
        _ => {
            let parts: Vec<String> = [
                Severity::Error,
                Severity::Warning,
                Severity::Info,
                Severity::Hint,
            ]
            .iter()
            .filter(|s| counts[**s as usize] > 0)
            .map(|s| count(counts[*s as usize], s.as_str()))
            .collect();
            let place = match stories {
                (1, 1) => "1 story".to_string(),
                (some, all) if some == all => format!("{all} stories"),
                (some, all) => format!("{some} of {all} stories"),
            };
            let people = total - fixable;
            let mut actions = Vec::new();
            if fixable > 0 {
                actions.push(format!("{fixable} fixable with --fix"));
            }
            if people > 0 {
                let verb = if people == 1 { "needs" } else { "need" };
                actions.push(format!("{people} {verb} a person"));
            }
            format!(
                "{} ({}) in {place}: {}.",
                count(total, "problem"),
                parts.join(", "),
                actions.join("; ")
            )
        }
    };
    if unchecked > 0 {
        line.push_str(&format!(
            " {} could not be checked.",
            count(unchecked, "file")
        ));
    }
    line.push('\n');
    line
}

/// "1 warning", "2 warnings".
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
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

/// The span's line with a caret under the span. Of a long line (a
/// paragraph is often one line), only `CONTEXT_CHARS` characters on each
/// side of the span are shown, with an ellipsis where the line goes on, as
/// rustc does: the cost is that of the span, not of the line.
fn excerpt(
    index: &LineIndex<'_>,
    line: usize,
    span: std::ops::Range<usize>,
    severity: Severity,
    paint: Paint,
) -> String {
    let text = index.line_text(line);
    let line_start = index.line_start(line);
    let floor = |offset: usize| index.floor(offset).saturating_sub(line_start);
    let start = floor(span.start).min(text.len());
    let end = floor(span.end).clamp(start, text.len());
    let mut before = text[..start].char_indices().rev();
    let shown_from = before
        .by_ref()
        .take(CONTEXT_CHARS)
        .last()
        .map_or(start, |(at, _)| at);
    let cut_before = before.next().is_some();
    let mut after = text[end..].char_indices();
    let shown_to = after
        .by_ref()
        .take(CONTEXT_CHARS)
        .last()
        .map_or(end, |(at, c)| end + at + c.len_utf8());
    let cut_after = after.next().is_some();
    let mut shown = String::new();
    let mut pad = 0;
    if cut_before {
        shown.push('…');
        pad += 1;
    }
    for c in text[shown_from..start].chars() {
        shown.push(visible(c));
        pad += width(c);
    }
    let mut carets = 0;
    for c in text[start..end].chars() {
        shown.push(visible(c));
        carets += width(c);
    }
    shown.extend(text[end..shown_to].chars().map(visible));
    if cut_after {
        shown.push('…');
    }
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint.gutter(&format!("{gutter} |"));
    format!(
        "{bar}\n{} {shown}\n{bar} {}{}\n",
        paint.gutter(&format!("{number} |")),
        " ".repeat(pad),
        paint.severity(severity, &"^".repeat(carets.max(1)))
    )
}

#[cfg(test)]
mod tests {
    use super::super::Human;
    use super::*;
    use crate::engine::{Finding, Fix};

    fn render(reports: &[FileReport], human: Human) -> String {
        let mut out = Vec::new();
        write(reports, human, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// `text` shown with one repeated-word finding on the first `span` in it.
    fn shown_with_one_finding(text: String, span: &str, fixes: Vec<Fix>) -> String {
        let start = text.find(span).unwrap();
        let finding = Finding {
            rule: "repeated-word",
            severity: Severity::Warning,
            range: start..start + span.len(),
            message: "“Victor Cha” is repeated".into(),
            fixes,
            related: vec![],
        };
        let report = FileReport {
            path: "s.txt".into(),
            text: crate::cli::story::StoryText::Owned(text),
            findings: vec![finding],
            story_date: None,
        };
        render(&[report], Human::default())
    }

    #[test]
    fn caret_sits_under_the_span_after_wide_characters() {
        let shown = shown_with_one_finding(
            "기자 met Victor Cha Victor Cha today\n".to_string(),
            "Victor Cha Victor Cha",
            vec![Fix::safe("Remove the repeated “Victor Cha”", vec![])],
        );
        assert_eq!(
            shown,
            "s.txt:1:8: warning[repeated-word]: “Victor Cha” is repeated\n  |\n1 | 기자 met Victor Cha Victor Cha today\n  |          ^^^^^^^^^^^^^^^^^^^^^\n  = fix: Remove the repeated “Victor Cha”\n\n1 problem (1 warning) in 1 story: 1 fixable with --fix.\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_span_with_ellipses() {
        let text = format!("{}the the{}\n", "가".repeat(100), "나\t".repeat(100));
        let shown = shown_with_one_finding(text, "the the", vec![]);
        let excerpt = shown.lines().nth(2).unwrap();
        assert_eq!(
            excerpt,
            format!("1 | …{}the the{}…", "가".repeat(40), "나 ".repeat(20))
        );
        let carets = shown.lines().nth(3).unwrap();
        assert_eq!(carets, format!("  | {}^^^^^^^", " ".repeat(81)));
        assert!(shown.starts_with("s.txt:1:101: "));
    }

    fn small_story() -> FileReport {
        let text = "Talks resume\n\nThe the envoys met.\n\n\n\n\n\n\n\nThey staring from Friday.\n";
        let findings = crate::engine::check(
            text,
            crate::engine::Format::Plain,
            &crate::engine::Settings::default(),
        );
        FileReport {
            path: "s.txt".into(),
            text: crate::cli::story::StoryText::Owned(text.to_string()),
            findings,
            story_date: None,
        }
    }

    #[test]
    fn a_small_story_plain() {
        assert_eq!(
            render(&[small_story()], Human::default()),
            "\
s.txt:3:1: warning[repeated-word]: “The” is repeated
  |
3 | The the envoys met.
  | ^^^^^^^
  = fix: Remove the repeated “The”

s.txt:11:6: warning[confusable]: “staring from” before a day, date or time is a typo for “starting from”
   |
11 | They staring from Friday.
   |      ^^^^^^^^^^^^
   = suggestion: Replace with “starting from”

2 problems (2 warnings) in 1 story: 1 fixable with --fix; 1 needs a person.
"
        );
    }

    #[test]
    fn a_small_story_in_colour() {
        let shown = render(
            &[small_story()],
            Human {
                color: true,
                unchecked: 0,
            },
        );
        let first = shown.split("\n\n").next().unwrap();
        assert_eq!(
            first,
            "\
s.txt:3:1: \x1b[1m\x1b[33mwarning\x1b[0m\x1b[2m[repeated-word]\x1b[0m: \x1b[1m“The” is repeated\x1b[0m
\x1b[1m\x1b[34m  |\x1b[0m
\x1b[1m\x1b[34m3 |\x1b[0m The the envoys met.
\x1b[1m\x1b[34m  |\x1b[0m \x1b[1m\x1b[33m^^^^^^^\x1b[0m
  \x1b[1m\x1b[34m=\x1b[0m \x1b[1mfix\x1b[0m: Remove the repeated “The”"
        );
        // The same text once the styles are taken out.
        let plain = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
        assert_eq!(
            plain.replace_all(&shown, ""),
            render(&[small_story()], Human::default())
        );
    }

    #[test]
    fn the_summary_says_what_fix_applies_and_what_needs_a_person() {
        let cases = [
            (
                summary(&[0, 0, 11, 2], 7, (2, 2), 0),
                "13 problems (2 errors, 11 warnings) in 2 stories: 7 fixable with --fix; 6 need a person.\n",
            ),
            (
                summary(&[0, 0, 1, 0], 1, (1, 3), 0),
                "1 problem (1 warning) in 1 of 3 stories: 1 fixable with --fix.\n",
            ),
            (
                summary(&[0, 0, 0, 1], 0, (1, 1), 2),
                "1 problem (1 error) in 1 story: 1 needs a person. 2 files could not be checked.\n",
            ),
            (summary(&[0; 4], 0, (0, 1), 0), "No problems found.\n"),
            (
                summary(&[0; 4], 0, (0, 4), 1),
                "No problems found in 4 stories. 1 file could not be checked.\n",
            ),
            (summary(&[0; 4], 0, (0, 0), 0), "No stories were checked.\n"),
        ];
        for (shown, expected) in cases {
            assert_eq!(shown, expected);
        }
    }
}
