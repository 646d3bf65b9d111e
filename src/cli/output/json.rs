//! `--format json`: one array, one object per finding (the documented contract).

use std::io::{self, Write};

use serde::Serialize;

use super::{DatedJson, FileReport, PerFinding};
use crate::cli::LineIndex;
use crate::engine::Finding;

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    start: Position,
    end: Position,
    byte_start: usize,
    byte_end: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    start: Position,
    end: Position,
    byte_start: usize,
    byte_end: usize,
    fixes: Vec<JsonFix<'a>>,
    /// Other places that explain the finding (the other spelling of a name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    /// The story's date, where it has one: `{"date": "2016-10-24", "source": "posted"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    story_date: Option<DatedJson>,
}

/// 1-based line and character column of both ends of `range`.
fn span(index: &LineIndex<'_>, range: &std::ops::Range<usize>) -> (Position, Position) {
    let at = |offset| {
        let (line, column) = index.position(offset);
        Position { line, column }
    };
    (at(range.start), at(range.end))
}

fn finding<'a>(
    report: &'a FileReport,
    index: &LineIndex<'_>,
    finding: &'a Finding,
) -> JsonFinding<'a> {
    let (start, end) = span(index, &finding.range);
    JsonFinding {
        path: &report.path,
        rule: finding.rule,
        severity: finding.severity.as_str(),
        message: &finding.message,
        start,
        end,
        byte_start: finding.range.start,
        byte_end: finding.range.end,
        fixes: finding
            .fixes
            .iter()
            .map(|fix| JsonFix {
                title: &fix.title,
                safe: fix.safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        byte_start: e.range.start,
                        byte_end: e.range.end,
                        replacement: &e.replacement,
                    })
                    .collect(),
            })
            .collect(),
        related: finding
            .related
            .iter()
            .map(|r| {
                let (start, end) = span(index, &r.range);
                JsonRelated {
                    message: &r.message,
                    start,
                    end,
                    byte_start: r.range.start,
                    byte_end: r.range.end,
                }
            })
            .collect(),
        story_date: DatedJson::of(report),
    }
}

/// Writes the array to `out`, finding by finding.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let all = PerFinding {
        reports,
        item: finding,
    };
    super::buffered(out, |out| {
        serde_json::to_writer_pretty(&mut *out, &all)?;
        out.write_all(b"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{reports, written};
    use super::*;

    #[test]
    fn the_streamed_array_is_byte_for_byte_the_vector_it_replaced() {
        let reports = reports();
        let mut all = Vec::new();
        for report in &reports {
            let text = report.text.as_str();
            let index = LineIndex::new(&text);
            all.extend(report.findings.iter().map(|f| finding(report, &index, f)));
        }
        assert!(all.iter().any(|f| !f.related.is_empty()));
        let mut expected = serde_json::to_string_pretty(&all).unwrap();
        expected.push('\n');
        assert_eq!(written(|out| write(&reports, out)), expected);
        assert_eq!(written(|out| write(&[], out)), "[]\n");
    }
}
