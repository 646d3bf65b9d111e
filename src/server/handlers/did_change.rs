//! `textDocument/didChange`: apply the changes in order, synchronously,
//! before anything awaits (the ordering invariant in ARCHITECTURE.md).

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::server::session::DocumentsMut;

/// `Err` with a message to log when the change could not be applied.
pub fn did_change(
    documents: &mut DocumentsMut<'_>,
    params: DidChangeTextDocumentParams,
) -> Result<(), String> {
    let document = params.text_document;
    documents.change(document.uri, document.version, &params.content_changes)
}
