//! `workspace/didChangeWatchedFiles`: a config file changed on disk (the
//! backend then re-lints everything open).

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::server::session::DocumentsMut;

pub fn did_change_watched_files(
    documents: &mut DocumentsMut<'_>,
    _params: DidChangeWatchedFilesParams,
) {
    documents.invalidate_configs();
}
