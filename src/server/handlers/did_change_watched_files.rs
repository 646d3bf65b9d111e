//! `workspace/didChangeWatchedFiles`: a config file changed on disk.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::server::lint;
use crate::server::session::Session;

pub async fn did_change_watched_files(
    session: &Arc<Session>,
    _params: DidChangeWatchedFilesParams,
) {
    session.invalidate_configs();
    lint::relint_all(session).await;
}
