//! `initialize` and `initialized`: negotiate the position encoding, the
//! diagnostic model and the code action shape, take the client's settings,
//! and watch config files. Only what is served is advertised (no save
//! notifications: nothing is done on save).

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DiagnosticOptions, DiagnosticServerCapabilities, HoverProviderCapability, InitializeParams,
    InitializeResult, MessageType, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions,
};

use super::did_change_configuration::settings_tree;
use crate::server::capabilities::Negotiated;
use crate::server::session::{DocumentsMut, watch_registration};

pub const FIX_ALL: &str = "source.fixAll.copydesk";

pub fn initialize(documents: &mut DocumentsMut<'_>, params: InitializeParams) -> InitializeResult {
    let caps = Negotiated::new(&params.capabilities);
    let (encoding, pull, resolve) = (caps.encoding, caps.pull_diagnostics, caps.resolve_edit);
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(params.root_uri.clone())
        .and_then(|uri| uri.to_file_path().map(|p| p.into_owned()));
    documents.initialize(caps, root);
    documents.set_overrides(
        params
            .initialization_options
            .as_ref()
            .and_then(settings_tree),
    );
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions::default()),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(FIX_ALL),
                ]),
                // Fix-all's edit comes from `codeAction/resolve` where the
                // client can resolve it (see code_action.rs).
                resolve_provider: resolve.then_some(true),
                ..CodeActionOptions::default()
            })),
            // Offer pull only to clients that can pull: never both models.
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("copydesk".to_string()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "copydesk".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    }
}

pub async fn initialized(client: &Client, caps: &Negotiated) {
    if !caps.dynamic_watch {
        return;
    }
    // Any TOML file: config files, and the names, titles and phrase files
    // they name (a changed names file rebuilds the index).
    let registration = watch_registration("copydesk-config-files", "**/*.toml");
    if let Err(err) = client.register_capability(vec![registration]).await {
        client
            .log_message(
                MessageType::WARNING,
                format!("copydesk: cannot watch config files: {err}"),
            )
            .await;
    }
}
