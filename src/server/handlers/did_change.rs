//! `textDocument/didChange`: apply the changes in order, synchronously,
//! before anything awaits (the ordering invariant in ARCHITECTURE.md).

use std::sync::Arc;

use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, MessageType};

use crate::server::lint;
use crate::server::session::Session;

/// Returns a message to log when the change could not be applied.
pub fn did_change(
    session: &Arc<Session>,
    params: DidChangeTextDocumentParams,
) -> Option<(MessageType, String)> {
    let uri = params.text_document.uri;
    let encoding = session.read_state(|s| s.encoding);
    {
        let Some(mut doc) = session.documents.get_mut(&uri) else {
            return Some((
                MessageType::WARNING,
                format!(
                    "copydesk: change for a document that is not open: {}",
                    uri.as_str()
                ),
            ));
        };
        let version = params.text_document.version;
        if version < doc.version {
            return Some((
                MessageType::WARNING,
                format!(
                    "copydesk: ignored stale change (version {version} after {}) for {}",
                    doc.version,
                    uri.as_str()
                ),
            ));
        }
        for change in &params.content_changes {
            doc.apply(change, encoding);
        }
        doc.version = version;
    }
    lint::schedule(session, uri);
    None
}
