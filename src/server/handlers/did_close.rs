//! `textDocument/didClose`: forget the document and clear its diagnostics.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::server::session::Session;

pub async fn did_close(session: &Arc<Session>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    session.documents.remove(&uri);
    if !session.read_state(|s| s.pull_diagnostics) {
        let _guard = session.publish_lock.lock().await;
        session
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}
