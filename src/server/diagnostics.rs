//! Findings to LSP diagnostics and edits, in the negotiated encoding.

use ropey::Rope;
use serde_json::json;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
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

pub fn diagnostic(uri: &Uri, rope: &Rope, finding: &Finding, encoding: Encoding) -> Diagnostic {
    // `data` names the rule and whether a safe fix exists; the code action
    // handler recomputes the fixes for the document's current version, so
    // they are never applied to text they were not made for.
    let safe_fix = finding.safe_fix().is_some();
    Diagnostic {
        range: to_range(rope, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        data: Some(
            json!({ "rule": finding.rule, "fixes": finding.fixes.len(), "safeFix": safe_fix }),
        ),
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

pub fn diagnostics(uri: &Uri, snapshot: &Snapshot) -> Vec<Diagnostic> {
    snapshot
        .analysis
        .findings
        .iter()
        .map(|f| diagnostic(uri, &snapshot.rope, f, snapshot.encoding))
        .collect()
}
