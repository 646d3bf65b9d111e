//! `textDocument/didOpen`: store the document, then lint it.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::engine::Format;
use crate::server::document::TextDocument;
use crate::server::lint;
use crate::server::session::Session;

pub fn did_open(session: &Arc<Session>, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let path = item.uri.to_file_path().map(|p| p.into_owned());
    let format = Format::from_language_id(&item.language_id);
    session.documents.insert(
        item.uri.clone(),
        TextDocument::new(&item.text, item.version, format, path),
    );
    lint::schedule(session, item.uri);
}
