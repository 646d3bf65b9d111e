//! Findings to LSP diagnostics and edits, in the negotiated encoding.

use ropey::Rope;
use serde_json::json;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, TextEdit};

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

pub fn diagnostic(rope: &Rope, finding: &Finding, encoding: Encoding) -> Diagnostic {
    // `data` carries the fixes, so a client can apply one without asking.
    let fixes: Vec<serde_json::Value> = finding
        .fixes
        .iter()
        .map(|fix| json!({ "title": fix.title, "safe": fix.safe, "edits": text_edits(rope, &fix.edits, encoding) }))
        .collect();
    Diagnostic {
        range: to_range(rope, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        data: Some(json!({ "rule": finding.rule, "fixes": fixes })),
        ..Diagnostic::default()
    }
}

pub fn diagnostics(snapshot: &Snapshot) -> Vec<Diagnostic> {
    snapshot
        .analysis
        .findings
        .iter()
        .map(|f| diagnostic(&snapshot.rope, f, snapshot.encoding))
        .collect()
}
