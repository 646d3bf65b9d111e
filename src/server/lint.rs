//! Pushed diagnostics: lint after each change and publish with the version.
//!
//! No fixed debounce: an edit that arrives while a lint for the same
//! document is running only marks it dirty, and the running lint goes round
//! once more on the newest text. A result is queued only if it is still for
//! the document's current text, and the outbox never lets an older text's
//! result replace a newer one's (see outbox.rs), so a stale result never
//! reaches the client after a newer one.

use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::diagnostics::{diagnostics_json_reusing, publish_notification};
use super::session::Session;

/// Starts a lint of `uri` unless one is running (then it is marked dirty).
/// Synchronous: called by `DocumentsMut` right after applying an edit.
pub fn schedule(session: &Arc<Session>, uri: Uri) {
    if session.caps().pull_diagnostics || !session.lint_start(&uri) {
        return;
    }
    let session = Arc::clone(session);
    tokio::spawn(async move {
        loop {
            let Some(snapshot) = session.current(&uri).await else {
                // Closed meanwhile, or the analysis failed (logged): stop,
                // so that the next edit can start a fresh lint.
                while session.lint_again(&uri) {}
                return;
            };
            if session.is_current(&snapshot) {
                let mut pushed = session.take_pushed(&uri);
                let diagnostics = diagnostics_json_reusing(&snapshot, &mut pushed);
                session.put_pushed(&uri, pushed);
                let body = publish_notification(&uri, Some(snapshot.version), &diagnostics);
                session.publish(&snapshot, &body);
            }
            if !session.lint_again(&uri) {
                return;
            }
        }
    });
}

/// Re-lints every open document (after a configuration change), or asks a
/// pulling client to pull again — if it accepts that request; otherwise it
/// pulls on its next edit, and the result ids (which carry the
/// configuration generation) make that pull a full one.
pub async fn relint_all(session: &Arc<Session>) {
    let caps = session.caps();
    if caps.pull_diagnostics {
        if caps.refresh_support {
            let _ = session.client.workspace_diagnostic_refresh().await;
        }
        return;
    }
    for uri in session.open_uris() {
        schedule(session, uri);
    }
}
