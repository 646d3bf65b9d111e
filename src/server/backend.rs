//! The `LanguageServer` implementation: each method hands its parameters to
//! its handler module, in one of two shapes (see session.rs):
//!
//! * notifications that change state run their handler synchronously on a
//!   `DocumentsMut`, before anything awaits, so edits apply in arrival order;
//! * requests about a document take its `Snapshot` (analysed, with the
//!   configuration and capabilities it was made under) and hand only that
//!   to their handler.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReportResult, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams, MessageType,
};
use tower_lsp_server::{Client, LanguageServer};

use super::handlers;
use super::lint;
use super::outbox::Outbox;
use super::session::Session;

pub struct Backend {
    session: Arc<Session>,
    /// Set by `shutdown`: `exit` after it exits 0, without it 1.
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, outbox: Arc<Outbox>, shut_down: Arc<AtomicBool>) -> Backend {
        Backend {
            session: Arc::new(Session::new(client, outbox)),
            shut_down,
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(handlers::initialize::initialize(
            &mut self.session.documents_mut(),
            params,
        ))
    }

    async fn initialized(&self, _: InitializedParams) {
        let caps = self.session.caps();
        if !caps.dynamic_watch {
            super::config_poll::spawn(Arc::clone(&self.session), Arc::clone(&self.shut_down));
        }
        handlers::initialize::initialized(&self.session.client, &caps).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open::did_open(&mut self.session.documents_mut(), params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied before the first `.await`: see ARCHITECTURE.md.
        let refused = handlers::did_change::did_change(&mut self.session.documents_mut(), params);
        if let Err(message) = refused {
            let client = &self.session.client;
            client.log_message(MessageType::WARNING, message).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close::did_close(&mut self.session.documents_mut(), params);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = &params.text_document.uri;
        let Some(snapshot) = self.session.current(uri).await else {
            let message = format!("document not open: {}", uri.as_str());
            return Err(Error::invalid_params(message));
        };
        Ok(handlers::diagnostic::diagnostic(&snapshot, params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(snapshot) = self.session.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(
            handlers::code_action::code_action(snapshot, params).await,
        ))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let Some(uri) = handlers::code_action::resolve_uri(&action) else {
            return Ok(action);
        };
        let snapshot = self.session.current(&uri).await;
        handlers::code_action::resolve(snapshot, action).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = &params.text_document_position.text_document.uri;
        let Some(snapshot) = self.session.current(uri).await else {
            return Ok(None);
        };
        Ok(handlers::completion::completion(&snapshot, params))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let Some(snapshot) = self.session.current(uri).await else {
            return Ok(None);
        };
        Ok(handlers::hover::hover(&snapshot, params))
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::did_change_configuration::did_change_configuration(
            &mut self.session.documents_mut(),
            params,
        );
        lint::relint_all(&self.session).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::did_change_watched_files::did_change_watched_files(
            &mut self.session.documents_mut(),
            params,
        );
        lint::relint_all(&self.session).await;
    }
}
