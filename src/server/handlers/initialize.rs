//! `initialize` and `initialized`: negotiate the position encoding and the
//! diagnostic model, take the client's settings, and watch config files.

use std::sync::Arc;

use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DiagnosticOptions, DiagnosticServerCapabilities, HoverProviderCapability, InitializeParams,
    InitializeResult, MessageType, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use super::did_change_configuration::settings_tree;
use crate::server::encoding::Encoding;
use crate::server::session::Session;
use crate::server::session::watch_registration;

pub const FIX_ALL: &str = "source.fixAll.copydesk";

pub fn initialize(session: &Session, params: InitializeParams) -> InitializeResult {
    let caps = &params.capabilities;
    let encoding = Encoding::negotiate(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let pull = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let dynamic_watch = caps
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let refresh_support = caps
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostics.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    let snippet_support = caps
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.snippet_support)
        .unwrap_or(false);
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(params.root_uri.clone())
        .and_then(|uri| uri.to_file_path().map(|p| p.into_owned()));
    session.write_state(|s| {
        s.encoding = encoding;
        s.pull_diagnostics = pull;
        s.dynamic_watch = dynamic_watch;
        s.refresh_support = refresh_support;
        s.snippet_support = snippet_support;
        s.root = root;
        s.overrides = params
            .initialization_options
            .as_ref()
            .and_then(settings_tree);
    });
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
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

pub async fn initialized(session: &Arc<Session>) {
    if !session.read_state(|s| s.dynamic_watch) {
        return;
    }
    // Any TOML file: config files, and the names, titles and phrase files
    // they name (a changed names file rebuilds the index).
    let registration = watch_registration("copydesk-config-files", "**/*.toml");
    if let Err(err) = session.client.register_capability(vec![registration]).await {
        session
            .client
            .log_message(
                MessageType::WARNING,
                format!("copydesk: cannot watch config files: {err}"),
            )
            .await;
    }
}
