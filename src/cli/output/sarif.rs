//! `--format sarif`: SARIF 2.1.0 for code scanning. Columns count Unicode
//! code points, as in the JSON output.

use serde_json::{Value, json};

use super::FileReport;
use crate::cli::LineIndex;
use crate::engine::{Level, Severity, rules};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn region(index: &LineIndex<'_>, start: usize, end: usize) -> Value {
    let (start_line, start_column) = index.position(start);
    let (end_line, end_column) = index.position(end);
    json!({
        "startLine": start_line, "startColumn": start_column,
        "endLine": end_line, "endColumn": end_column,
        "byteOffset": start, "byteLength": end - start,
    })
}

/// A story's date and where it came from, for the run properties (and
/// JSON's findings).
pub fn story_date(report: &FileReport) -> Option<Value> {
    let dated = report.story_date.as_ref()?;
    Some(json!({ "date": dated.date.iso(), "source": dated.source.as_str() }))
}

pub fn render(reports: &[FileReport]) -> String {
    let rule_list: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            let level = match rule.default_level {
                Level::On(severity) => sarif_level(severity),
                Level::Off => "none",
            };
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.explanation },
                "defaultConfiguration": { "level": level, "enabled": rule.default_level != Level::Off },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let text = report.text.as_str();
        let index = LineIndex::new(&text);
        for finding in &report.findings {
            let rule_index = rules::ALL.iter().position(|r| r.id == finding.rule);
            let fixes: Vec<Value> = finding
                .fixes
                .iter()
                .map(|fix| {
                    let replacements: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| json!({ "deletedRegion": region(&index, e.range.start, e.range.end), "insertedContent": { "text": e.replacement } }))
                        .collect();
                    json!({
                        "description": { "text": fix.title },
                        "artifactChanges": [{ "artifactLocation": { "uri": report.path }, "replacements": replacements }],
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": finding.rule,
                "ruleIndex": rule_index,
                "level": sarif_level(finding.severity),
                "message": { "text": finding.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": report.path },
                        "region": region(&index, finding.range.start, finding.range.end),
                    }
                }],
                "fixes": fixes,
            });
            // Only where there is one: most results have no related place.
            if !finding.related.is_empty() {
                result["relatedLocations"] = finding.related.iter().enumerate().map(|(id, r)| json!({
                    "id": id,
                    "message": { "text": r.message },
                    "physicalLocation": { "artifactLocation": { "uri": report.path }, "region": region(&index, r.range.start, r.range.end) },
                })).collect();
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/copydesk/copydesk",
                "rules": rule_list,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "storyDates": reports.iter().filter_map(|r| {
                    let mut date = story_date(r)?;
                    date["path"] = json!(r.path);
                    Some(date)
                }).collect::<Vec<Value>>(),
            },
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    out.push('\n');
    out
}
