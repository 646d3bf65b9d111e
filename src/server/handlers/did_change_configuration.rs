//! `workspace/didChangeConfiguration`: new client settings override the
//! config files key by key (the backend then re-lints everything open).

use tower_lsp_server::ls_types::DidChangeConfigurationParams;

use crate::server::session::DocumentsMut;

/// The `copydesk` tree of a settings object; a bare tree is accepted too.
pub fn settings_tree(value: &serde_json::Value) -> Option<serde_json::Value> {
    match value.get("copydesk") {
        Some(tree) => Some(tree.clone()),
        None => value.is_object().then(|| value.clone()),
    }
}

pub fn did_change_configuration(
    documents: &mut DocumentsMut<'_>,
    params: DidChangeConfigurationParams,
) {
    documents.set_overrides(settings_tree(&params.settings));
}
