//! `workspace/didChangeConfiguration`: new client settings override the
//! config files key by key; re-lint everything open.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidChangeConfigurationParams;

use crate::server::lint;
use crate::server::session::Session;

/// The `copydesk` tree of a settings object; a bare tree is accepted too.
pub fn settings_tree(value: &serde_json::Value) -> Option<serde_json::Value> {
    match value.get("copydesk") {
        Some(tree) => Some(tree.clone()),
        None => value.is_object().then(|| value.clone()),
    }
}

pub async fn did_change_configuration(
    session: &Arc<Session>,
    params: DidChangeConfigurationParams,
) {
    let overrides = settings_tree(&params.settings);
    session.write_state(|s| s.overrides = overrides);
    session.invalidate_configs();
    lint::relint_all(session).await;
}
