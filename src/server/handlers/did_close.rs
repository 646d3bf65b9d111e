//! `textDocument/didClose`: forget the document and clear its diagnostics.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::server::session::DocumentsMut;

pub fn did_close(documents: &mut DocumentsMut<'_>, params: DidCloseTextDocumentParams) {
    documents.close(&params.text_document.uri);
}
