//! Pushed diagnostics: lint after each change and publish with the version.
//!
//! No fixed debounce: an edit that arrives while a lint for the same
//! document is running only marks it dirty, and the running lint goes round
//! once more on the newest text. A result is published only if it is still
//! for the document's current version, under the publish lock, so a stale
//! result never reaches the client after a newer one.

use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::diagnostics::diagnostics;
use super::session::Session;

/// Starts a lint of `uri` unless one is running (then it is marked dirty).
/// Synchronous: call it right after applying an edit, before any `.await`.
pub fn schedule(session: &Arc<Session>, uri: Uri) {
    if session.read_state(|s| s.pull_diagnostics) {
        return;
    }
    {
        let Some(mut doc) = session.documents.get_mut(&uri) else {
            return;
        };
        if doc.linting {
            doc.dirty = true;
            return;
        }
        doc.linting = true;
    }
    let session = Arc::clone(session);
    tokio::spawn(async move {
        loop {
            let Some(snapshot) = session.current(&uri).await else {
                // Closed meanwhile, or the analysis failed (logged): stop,
                // so that the next edit can start a fresh lint.
                if let Some(mut doc) = session.documents.get_mut(&uri) {
                    doc.linting = false;
                    doc.dirty = false;
                }
                return;
            };
            {
                let _guard = session.publish_lock.lock().await;
                if session.is_current(&uri, &snapshot) {
                    let items = diagnostics(&uri, &snapshot);
                    session
                        .client
                        .publish_diagnostics(uri.clone(), items, Some(snapshot.version))
                        .await;
                }
            }
            let Some(mut doc) = session.documents.get_mut(&uri) else {
                return;
            };
            if doc.dirty {
                doc.dirty = false;
            } else {
                doc.linting = false;
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
    let (pull, refresh) = session.read_state(|s| (s.pull_diagnostics, s.refresh_support));
    if pull {
        if refresh {
            let _ = session.client.workspace_diagnostic_refresh().await;
        }
        return;
    }
    let uris: Vec<Uri> = session.documents.iter().map(|d| d.key().clone()).collect();
    for uri in uris {
        schedule(session, uri);
    }
}
