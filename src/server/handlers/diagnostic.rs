//! `textDocument/diagnostic`: pulled diagnostics, with `resultId` and an
//! `unchanged` report when nothing changed since the client's last pull.

use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};

use crate::server::diagnostics::diagnostics;
use crate::server::session::Snapshot;

pub fn diagnostic(
    snapshot: &Snapshot,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    // The revision names the text (a repeated version is a new text), the
    // generation the configuration.
    let result_id = format!("{}:{}", snapshot.generation, snapshot.revision);
    let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: diagnostics(snapshot),
            },
        })
    };
    DocumentDiagnosticReportResult::Report(report)
}
