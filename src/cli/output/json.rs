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
}

pub fn render(reports: &[FileReport]) -> String {
    let mut all = Vec::new();
    for report in reports {
        let index = LineIndex::new(&report.text);
        for finding in &report.findings {
            let (start_line, start_column) = index.position(finding.range.start);
            let (end_line, end_column) = index.position(finding.range.end);
            all.push(JsonFinding {
                path: &report.path,
                rule: finding.rule,
                severity: finding.severity.as_str(),
                message: &finding.message,
                start: Position {
                    line: start_line,
                    column: start_column,
                },
                end: Position {
                    line: end_line,
                    column: end_column,
                },
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
                        let (start_line, start_column) = index.position(r.range.start);
                        let (end_line, end_column) = index.position(r.range.end);
                        JsonRelated {
                            message: &r.message,
                            start: Position {
                                line: start_line,
                                column: start_column,
                            },
                            end: Position {
                                line: end_line,
                                column: end_column,
                            },
                            byte_start: r.range.start,
                            byte_end: r.range.end,
                        }
                    })
                    .collect(),
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&all).expect("findings serialize");
    out.push('\n');
    out
}
