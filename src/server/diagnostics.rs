//! Findings to LSP diagnostics and edits, in the negotiated encoding.
//!
//! Pushed diagnostics are written straight from the findings to the bytes
//! of the `publishDiagnostics` notification (`diagnostics_json`,
//! `publish_notification`): no `Diagnostic` values, no `serde_json::Value`
//! tree, no trip through tower-lsp-server's client. Pulled diagnostics and
//! code actions use the `ls_types` values (`diagnostic`), built from the
//! same parts; a test holds the two equal.

use ropey::Rope;
use serde::Serialize;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range,
    TextEdit, Uri,
};

use super::encoding::{Encoding, to_range};
use super::session::Snapshot;
use crate::engine::{Edit, Finding, Severity};

pub const SOURCE: &str = "copydesk";

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn text_edits(rope: &Rope, edits: &[Edit], encoding: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit {
            range: to_range(rope, e.range.clone(), encoding),
            new_text: e.replacement.clone(),
        })
        .collect()
}

/// A diagnostic's `data`: the rule and whether a safe fix exists. The code
/// action handler recomputes the fixes for the document's current version,
/// so they are never applied to text they were not made for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    rule: &'a str,
    fixes: usize,
    safe_fix: bool,
}

impl<'a> Data<'a> {
    fn of(finding: &'a Finding) -> Data<'a> {
        Data {
            rule: finding.rule,
            fixes: finding.fixes.len(),
            safe_fix: finding.safe_fix().is_some(),
        }
    }
}

pub fn diagnostic(uri: &Uri, rope: &Rope, finding: &Finding, encoding: Encoding) -> Diagnostic {
    Diagnostic {
        range: to_range(rope, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        data: serde_json::to_value(Data::of(finding)).ok(),
        related_information: (!finding.related.is_empty()).then(|| {
            finding
                .related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: to_range(rope, r.range.clone(), encoding),
                    },
                    message: r.message.clone(),
                })
                .collect()
        }),
        ..Diagnostic::default()
    }
}

/// The snapshot's findings as `Diagnostic`s (pulled diagnostics).
pub fn diagnostics(snapshot: &Snapshot) -> Vec<Diagnostic> {
    snapshot
        .analysis
        .findings
        .iter()
        .map(|f| diagnostic(&snapshot.uri, &snapshot.rope, f, snapshot.caps.encoding))
        .collect()
}

/// A `Diagnostic` as JSON, borrowing from the finding.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticJson<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'a str,
    source: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<RelatedJson<'a>>,
    data: Data<'a>,
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    location: LocationJson<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct LocationJson<'a> {
    uri: &'a Uri,
    range: Range,
}

/// The snapshot's findings as the JSON array of a `publishDiagnostics`.
pub fn diagnostics_json(snapshot: &Snapshot) -> Vec<u8> {
    let (rope, encoding, uri) = (&snapshot.rope, snapshot.caps.encoding, &snapshot.uri);
    let findings = &snapshot.analysis.findings;
    let mut out = Vec::with_capacity(64 + findings.len() * 256);
    out.push(b'[');
    for (i, finding) in findings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let json = DiagnosticJson {
            range: to_range(rope, finding.range.clone(), encoding),
            severity: severity(finding.severity),
            code: finding.rule,
            source: SOURCE,
            message: &finding.message,
            related_information: finding
                .related
                .iter()
                .map(|r| RelatedJson {
                    location: LocationJson {
                        uri,
                        range: to_range(rope, r.range.clone(), encoding),
                    },
                    message: &r.message,
                })
                .collect(),
            data: Data::of(finding),
        };
        // Writing to a Vec cannot fail, and these types always serialize.
        let _ = serde_json::to_writer(&mut out, &json);
    }
    out.push(b']');
    out
}

/// The body of a `textDocument/publishDiagnostics` notification carrying
/// `diagnostics` (a JSON array, from `diagnostics_json`).
pub fn publish_notification(uri: &Uri, version: Option<i32>, diagnostics: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(diagnostics.len() + 160);
    out.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    let _ = serde_json::to_writer(&mut out, uri);
    out.extend_from_slice(br#","diagnostics":"#);
    out.extend_from_slice(diagnostics);
    if let Some(version) = version {
        out.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
    }
    out.extend_from_slice(b"}}");
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::engine::{Format, analyze};
    use crate::server::capabilities::Negotiated;
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    #[test]
    fn pushed_json_equals_the_typed_diagnostics() {
        let text = "Talks\n\n😀 한국 met Victor Cha Victor Cha on October 24.\r\n\n\
                    Kim Jong Un spoke.\n\nKim Jong-un left. The the end.\n";
        let config = Config::defaults(std::path::Path::new("/"));
        let mut settings = config.settings.clone();
        settings
            .levels
            .insert("name-variant".to_string(), crate::engine::Level::Off);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let snapshot = Snapshot {
                uri: "file:///tmp/story.txt".parse().unwrap(),
                revision: 1,
                rope: Rope::from_str(text),
                format: Format::Plain,
                version: 7,
                generation: 0,
                analysis: Arc::new(analyze(text, Format::Plain, &settings, None)),
                config: Arc::new(Config::defaults(std::path::Path::new("/"))),
                caps: Arc::new(Negotiated {
                    encoding,
                    ..Negotiated::default()
                }),
            };
            assert!(
                snapshot
                    .analysis
                    .findings
                    .iter()
                    .any(|f| !f.related.is_empty()),
                "the text has a finding with related information"
            );
            let body = publish_notification(
                &snapshot.uri,
                Some(snapshot.version),
                &diagnostics_json(&snapshot),
            );
            let pushed: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(pushed["method"], "textDocument/publishDiagnostics");
            let typed = PublishDiagnosticsParams {
                uri: snapshot.uri.clone(),
                diagnostics: diagnostics(&snapshot),
                version: Some(7),
            };
            assert_eq!(pushed["params"], serde_json::to_value(typed).unwrap());
        }
    }
}
