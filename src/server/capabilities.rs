//! What was negotiated with the client at `initialize`: fixed for the
//! session, and carried by every `Snapshot` so that request handlers never
//! look it up.

use tower_lsp_server::ls_types::ClientCapabilities;

use super::encoding::Encoding;

#[derive(Clone, Debug, Default)]
pub struct Negotiated {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`) and takes
    /// `workspace/diagnostic/refresh`; else we push.
    pub pull_diagnostics: bool,
    pub dynamic_watch: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    pub refresh_support: bool,
    /// The client takes snippets as completion text (`snippetSupport`).
    pub snippet_support: bool,
    /// `codeAction/resolve` may fill in a code action's `edit`: the client
    /// lists `edit` in `resolveSupport.properties` and keeps `data`
    /// (`dataSupport`) between the two requests.
    pub resolve_edit: bool,
    /// The client takes `WorkspaceEdit.documentChanges` (versioned edits).
    pub document_changes: bool,
}

impl Negotiated {
    pub fn new(caps: &ClientCapabilities) -> Negotiated {
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let code_action = text.and_then(|t| t.code_action.as_ref());
        Negotiated {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            // Pull only when we can ask for a pull again: a client that
            // pulls but takes no refresh (Neovim 0.11, 0.12) would keep a
            // story's findings after a config, names file or word list
            // changed until the story itself is edited; pushed, they follow.
            pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some())
                && workspace
                    .and_then(|w| w.diagnostics.as_ref())
                    .and_then(|d| d.refresh_support)
                    .unwrap_or(false),
            dynamic_watch: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            refresh_support: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            snippet_support: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            resolve_edit: code_action.is_some_and(|c| {
                c.data_support == Some(true)
                    && c.resolve_support
                        .as_ref()
                        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
            }),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
        }
    }
}
