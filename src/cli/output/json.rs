//! `--format json`: one array, one object per finding (the documented contract).

use serde::Serialize;

use super::FileReport;
use crate::cli::LineIndex;

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
    story_date: Option<serde_json::Value>,
}

/// 1-based line and character column of both ends of `range`.
fn span(index: &LineIndex<'_>, range: &std::ops::Range<usize>) -> (Position, Position) {
    let at = |offset| {
        let (line, column) = index.position(offset);
        Position { line, column }
    };
    (at(range.start), at(range.end))
}

pub fn render(reports: &[FileReport]) -> String {
    let mut all = Vec::new();
    for report in reports {
        let text = report.text.as_str();
        let index = LineIndex::new(&text);
        let story_date = super::sarif::story_date(report);
        for finding in &report.findings {
            let (start, end) = span(&index, &finding.range);
            all.push(JsonFinding {
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
                        let (start, end) = span(&index, &r.range);
                        JsonRelated {
                            message: &r.message,
                            start,
                            end,
                            byte_start: r.range.start,
                            byte_end: r.range.end,
                        }
                    })
                    .collect(),
                story_date: story_date.clone(),
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&all).expect("findings serialize");
    out.push('\n');
    out
}
