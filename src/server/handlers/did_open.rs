//! `textDocument/didOpen`: store the document, then lint it.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::engine::Format;
use crate::server::document::TextDocument;
use crate::server::session::DocumentsMut;

pub fn did_open(documents: &mut DocumentsMut<'_>, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let path = item.uri.to_file_path().map(|p| p.into_owned());
    let format = Format::from_language_id(&item.language_id);
    let document = TextDocument::new(&item.text, item.version, format, path);
    documents.open(item.uri, document);
}
