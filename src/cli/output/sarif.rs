//! `--format sarif`: SARIF 2.1.0 for code scanning. Columns count Unicode
//! code points, as in the JSON output.
//!
//! The log is written as it is serialized, result by result: each result
//! is a small typed value serialized straight to the output, never a
//! `serde_json::Value` tree of the whole run. Fields are declared in the
//! order of their names, the order this output has always had.

use std::io::{self, Write};

use serde::Serialize;

use super::{DatedJson, FileReport, PerFinding};
use crate::cli::LineIndex;
use crate::engine::{Finding, Level, Severity, rules};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    properties: RunProperties<'a>,
    results: PerFinding<'a, Item>,
    tool: Tool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    /// Each story's date and where it came from (`engine::story_date`).
    story_dates: Vec<StoryDateEntry<'a>>,
}

#[derive(Serialize)]
struct StoryDateEntry<'a> {
    #[serde(flatten)]
    dated: DatedJson,
    path: &'a str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<RuleDescriptor>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    default_configuration: Configuration,
    full_description: Text<'static>,
    id: &'static str,
    short_description: Text<'static>,
}

#[derive(Serialize)]
struct Configuration {
    enabled: bool,
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    fixes: Vec<SarifFix<'a>>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<'a>,
    /// Only where there is one: most results have no related place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    rule_id: &'a str,
    rule_index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Text<'a>,
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    byte_length: usize,
    byte_offset: usize,
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

fn region(index: &LineIndex<'_>, start: usize, end: usize) -> Region {
    let (start_line, start_column) = index.position(start);
    let (end_line, end_column) = index.position(end);
    Region {
        byte_length: end - start,
        byte_offset: start,
        end_column,
        end_line,
        start_column,
        start_line,
    }
}

/// What makes each result.
type Item = for<'a, 'i> fn(&'a FileReport, &LineIndex<'i>, &'a Finding) -> SarifResult<'a>;

fn result<'a>(
    report: &'a FileReport,
    index: &LineIndex<'_>,
    finding: &'a Finding,
) -> SarifResult<'a> {
    let path = report.path.as_str();
    let fixes = finding
        .fixes
        .iter()
        .map(|fix| SarifFix {
            artifact_changes: [ArtifactChange {
                artifact_location: ArtifactLocation { uri: path },
                replacements: fix
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: region(index, e.range.start, e.range.end),
                        inserted_content: Text {
                            text: &e.replacement,
                        },
                    })
                    .collect(),
            }],
            description: Text { text: &fix.title },
        })
        .collect();
    SarifResult {
        fixes,
        level: sarif_level(finding.severity),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: path },
                region: region(index, finding.range.start, finding.range.end),
            },
        }],
        message: Text {
            text: &finding.message,
        },
        related_locations: finding
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| RelatedLocation {
                id,
                message: Text {
                    text: &related.message,
                },
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri: path },
                    region: region(index, related.range.start, related.range.end),
                },
            })
            .collect(),
        rule_id: finding.rule,
        rule_index: rules::ALL.iter().position(|r| r.id == finding.rule),
    }
}

/// Writes the SARIF log to `out`, result by result.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let rules = rules::ALL
        .iter()
        .map(|rule| {
            let level = match rule.default_level {
                Level::On(severity) => sarif_level(severity),
                Level::Off => "none",
            };
            RuleDescriptor {
                default_configuration: Configuration {
                    enabled: rule.default_level != Level::Off,
                    level,
                },
                full_description: Text {
                    text: rule.explanation,
                },
                id: rule.id,
                short_description: Text { text: rule.summary },
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            properties: RunProperties {
                story_dates: reports
                    .iter()
                    .filter_map(|r| {
                        Some(StoryDateEntry {
                            dated: DatedJson::of(r)?,
                            path: &r.path,
                        })
                    })
                    .collect(),
            },
            results: PerFinding {
                reports,
                item: result,
            },
            tool: Tool {
                driver: Driver {
                    information_uri: "https://github.com/copydesk/copydesk",
                    name: "copydesk",
                    rules,
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    super::buffered(out, |out| {
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::test_support::{reports, written};
    use super::*;

    /// The log as it was built before it was streamed: one `Value` tree.
    fn as_one_tree(reports: &[FileReport]) -> String {
        let region = |index: &LineIndex<'_>, start: usize, end: usize| {
            let (start_line, start_column) = index.position(start);
            let (end_line, end_column) = index.position(end);
            json!({
                "startLine": start_line, "startColumn": start_column,
                "endLine": end_line, "endColumn": end_column,
                "byteOffset": start, "byteLength": end - start,
            })
        };
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
                    "ruleIndex": rules::ALL.iter().position(|r| r.id == finding.rule),
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
                "properties": { "storyDates": [] },
                "results": results,
            }]
        });
        let mut out = serde_json::to_string_pretty(&log).unwrap();
        out.push('\n');
        out
    }

    #[test]
    fn the_streamed_log_is_byte_for_byte_the_tree_it_replaced() {
        let reports = reports();
        assert!(reports.iter().map(|r| r.findings.len()).sum::<usize>() > 100);
        assert!(
            reports.iter().flat_map(|r| &r.findings).any(|f| f
                .fixes
                .iter()
                .any(|fix| fix.edits.len() > 1)
                || !f.related.is_empty())
        );
        assert_eq!(written(|out| write(&reports, out)), as_one_tree(&reports));
        assert_eq!(written(|out| write(&[], out)), as_one_tree(&[]));
    }
}
