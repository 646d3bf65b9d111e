//! `textDocument/diagnostic`: pulled diagnostics, with `resultId` and an
//! `unchanged` report when nothing changed since the client's last pull.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};

use crate::server::diagnostics::diagnostics;
use crate::server::session::Session;

pub async fn diagnostic(
    session: &Arc<Session>,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let Some(snapshot) = session.current(&uri).await else {
        return Err(Error::invalid_params(format!(
            "document not open: {}",
            uri.as_str()
        )));
    };
    let result_id = format!("{}:{}", snapshot.generation, snapshot.version);
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
                items: diagnostics(&uri, &snapshot),
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}
