//! The server's state: open documents, negotiated capabilities, and the
//! configuration in force, with the analysis that joins them.
//!
//! Two ways in, and only two, told apart by type:
//!
//! * `DocumentsMut` (from `Session::documents_mut`) changes documents and
//!   settings. Notification handlers get it; it is not `Send`, so it cannot
//!   live across an `.await` in a handler (their futures must be `Send`):
//!   every change is applied synchronously, in the order notifications
//!   arrive, before the handler's first `.await`.
//! * `Snapshot` (from `Session::current`) is one version of a document with
//!   its analysis, the configuration that analysis was made under and the
//!   negotiated capabilities. Request handlers get only a snapshot: they
//!   never see the session, never look configuration up, never read disk
//!   on the server's thread.
//!
//! No `DashMap` or `RwLock` guard is ever held across an `.await`.

use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use ropey::Rope;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, MessageType,
    Registration, TextDocumentContentChangeEvent, Uri,
};

use super::capabilities::Negotiated;
use super::diagnostics::{Pushed, publish_notification};
use super::document::{Stamped, TextDocument, next_revision};
use super::lint;
use super::outbox::Outbox;
use super::transport::frame;
use crate::config::Config;
use crate::engine::{Analysis, Format, analyze, analyze_edit};
use crate::freshness::Stamp;

/// The negotiated capabilities and the configuration state.
#[derive(Default)]
struct ServerState {
    caps: Arc<Negotiated>,
    root: Option<PathBuf>,
    /// The `copydesk` tree from `initializationOptions` or
    /// `workspace/didChangeConfiguration`.
    overrides: Option<serde_json::Value>,
    /// Bumped whenever the configuration may have changed; analyses made
    /// under an older generation are never reused or published.
    generation: u64,
    configs: HashMap<PathBuf, Arc<Config>>,
    /// The files behind each folder's configuration as they were loaded,
    /// for clients that do not watch files for us (`Session::configs_stale`).
    stamps: HashMap<PathBuf, Stamp>,
    /// The last configuration that loaded, per folder: kept in force when
    /// the file is broken.
    last_good: HashMap<PathBuf, Arc<Config>>,
    /// The configuration error last shown for each folder: shown once, and
    /// again only when it changes (or after the folder's file loaded).
    reported: HashMap<PathBuf, String>,
    /// Names of the accept lists the client has been asked to watch.
    watched_names: HashSet<String>,
}

/// A registration of `workspace/didChangeWatchedFiles` for one glob.
pub fn watch_registration(id: &str, glob: &str) -> Registration {
    let watcher = FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_string()),
        kind: None,
    };
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![watcher],
    };
    Registration {
        id: id.to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// One version of a document, its analysis, and everything the analysis
/// was made under. Request handlers read this and nothing else.
pub struct Snapshot {
    pub uri: Uri,
    /// Which text this is (see `TextDocument::revision`).
    pub revision: u64,
    pub rope: Rope,
    pub format: Format,
    pub version: i32,
    pub generation: u64,
    pub analysis: Arc<Analysis>,
    /// The configuration the analysis was made under.
    pub config: Arc<Config>,
    pub caps: Arc<Negotiated>,
}

pub struct Session {
    pub client: Client,
    documents: DashMap<Uri, TextDocument>,
    state: RwLock<ServerState>,
    /// Outgoing `publishDiagnostics`, one slot per document (see outbox.rs).
    outbox: Arc<Outbox>,
}

/// Write access to the open documents and the settings: see the module
/// comment. Not `Send`, on purpose.
pub struct DocumentsMut<'a> {
    session: &'a Arc<Session>,
    _not_send: PhantomData<*const ()>,
}

impl DocumentsMut<'_> {
    /// Stores a newly opened document and lints it.
    pub fn open(&mut self, uri: Uri, document: TextDocument) {
        self.session.documents.insert(uri.clone(), document);
        lint::schedule(self.session, uri);
    }

    /// Applies a `didChange` in order and lints the result. A version older
    /// than the document's is refused; an equal one is a new edit (the text
    /// gets a new revision, so no analysis of the old text passes for it).
    pub fn change(
        &mut self,
        uri: Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Result<(), String> {
        let encoding = self.session.caps().encoding;
        {
            let Some(mut doc) = self.session.documents.get_mut(&uri) else {
                return Err(format!(
                    "copydesk: change for a document that is not open: {}",
                    uri.as_str()
                ));
            };
            if version < doc.version {
                return Err(format!(
                    "copydesk: ignored stale change (version {version} after {}) for {}",
                    doc.version,
                    uri.as_str()
                ));
            }
            for change in changes {
                doc.apply(change, encoding);
            }
            doc.version = version;
        }
        lint::schedule(self.session, uri);
        Ok(())
    }

    /// Forgets the document and clears its pushed diagnostics.
    pub fn close(&mut self, uri: &Uri) {
        self.session.documents.remove(uri);
        if !self.session.caps().pull_diagnostics {
            let body = publish_notification(uri, None, b"[]");
            self.session
                .outbox
                .publish(uri, next_revision(), frame(&body));
        }
    }

    /// Takes the client's settings (`initializationOptions` or
    /// `didChangeConfiguration`), and, at `initialize`, the capabilities
    /// and workspace root.
    pub fn set_overrides(&mut self, overrides: Option<serde_json::Value>) {
        self.session.write_state(|s| s.overrides = overrides);
        self.invalidate_configs();
    }

    pub fn initialize(&mut self, caps: Negotiated, root: Option<PathBuf>) {
        self.session.write_state(|s| {
            s.caps = Arc::new(caps);
            s.root = root;
        });
    }

    /// Forgets every loaded configuration (a file changed, or the client's
    /// settings did), so the next analysis reloads.
    pub fn invalidate_configs(&mut self) {
        self.session.write_state(|s| {
            s.configs.clear();
            s.stamps.clear();
            s.generation += 1;
        });
    }
}

impl Session {
    pub fn new(client: Client, outbox: Arc<Outbox>) -> Session {
        Session {
            client,
            documents: DashMap::new(),
            state: RwLock::new(ServerState::default()),
            outbox,
        }
    }

    /// The one way to change documents and settings (see the module comment).
    pub fn documents_mut(self: &Arc<Self>) -> DocumentsMut<'_> {
        DocumentsMut {
            session: self,
            _not_send: PhantomData,
        }
    }

    fn read_state<T>(&self, f: impl FnOnce(&ServerState) -> T) -> T {
        f(&self.state.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn write_state<T>(&self, f: impl FnOnce(&mut ServerState) -> T) -> T {
        f(&mut self.state.write().unwrap_or_else(|e| e.into_inner()))
    }

    /// What was negotiated at `initialize`.
    pub fn caps(&self) -> Arc<Negotiated> {
        self.read_state(|s| Arc::clone(&s.caps))
    }

    /// The URIs of the open documents.
    pub fn open_uris(&self) -> Vec<Uri> {
        self.documents.iter().map(|d| d.key().clone()).collect()
    }

    /// The configuration for a document at `path` (or in the workspace root
    /// when it has no file). A broken file yields the last good configuration
    /// for that folder (else the defaults), with a message to show — once
    /// per error: the same error again is not shown again.
    fn config_for(&self, path: Option<&Path>) -> (Arc<Config>, Option<String>) {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.read_state(|s| s.root.clone()))
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let (cached, overrides, generation) = self.read_state(|s| {
            (
                s.configs.get(&dir).cloned(),
                s.overrides.clone(),
                s.generation,
            )
        });
        if let Some(config) = cached {
            return (config, None);
        }
        match Config::resolve(&dir, overrides.as_ref()) {
            Ok(config) => {
                let stamp = Stamp::of(&config, Some(&dir));
                let config = Arc::new(config);
                self.write_state(|s| {
                    // Settings changed while this loaded: it is already
                    // stale, so use it once but do not cache it.
                    if s.generation == generation {
                        s.stamps.insert(dir.clone(), stamp);
                        s.configs.insert(dir.clone(), Arc::clone(&config));
                        s.last_good.insert(dir.clone(), Arc::clone(&config));
                        s.reported.remove(&dir);
                    }
                });
                self.watch_accept_lists(&config);
                (config, None)
            }
            Err(err) => {
                let stamp = Stamp::of_broken(&dir);
                self.write_state(|s| {
                    let (fallback, using) = match s.last_good.get(&dir) {
                        Some(good) => (Arc::clone(good), "the last good configuration"),
                        None => (Arc::new(Config::defaults(&dir)), "the defaults"),
                    };
                    if s.generation == generation {
                        s.stamps.insert(dir.clone(), stamp);
                        s.configs.insert(dir.clone(), Arc::clone(&fallback));
                    }
                    let message = format!("copydesk: {err}; using {using}");
                    let new = s.reported.get(&dir) != Some(&message);
                    s.reported.insert(dir, message.clone());
                    (fallback, new.then_some(message))
                })
            }
        }
    }

    /// Whether a file behind a configuration in use changed on disk since
    /// it was loaded (a few `stat` calls): what the server looks at when the
    /// client does not watch files for it.
    pub fn configs_stale(&self) -> bool {
        // Looked at outside the lock: an edit never waits on the disk.
        let stamps: Vec<Stamp> = self.read_state(|s| s.stamps.values().cloned().collect());
        stamps.iter().any(Stamp::is_stale)
    }

    /// Whether a folder's configuration did not load (its error is shown).
    pub fn has_broken_config(&self) -> bool {
        self.read_state(|s| !s.reported.is_empty())
    }

    /// The analysis of the document's current text, computed if needed
    /// (reusing the previous analysis's unchanged blocks) and stored.
    /// Returns `None` for a document that is not open. The document guard
    /// is dropped before the analysis runs. Configuration is looked up only
    /// when the stored analysis was made under an older generation (or
    /// there is none): `current` sends exactly those cases to the blocking
    /// pool.
    fn snapshot(&self, uri: &Uri) -> Option<(Snapshot, Option<String>)> {
        let (generation, caps) = self.read_state(|s| (s.generation, Arc::clone(&s.caps)));
        let (revision, rope, version, format, path, current, reusable, edit) = {
            let doc = self.documents.get(uri)?;
            (
                doc.revision,
                doc.rope.clone(),
                doc.version,
                doc.format,
                doc.path.clone(),
                doc.current_analysis(generation).cloned(),
                doc.reusable_analysis(generation).cloned(),
                doc.pending_edit.clone(),
            )
        };
        let (analysis, config, message) = match current {
            Some(stamped) => (stamped.analysis, stamped.config, None),
            None => {
                let (config, message) = match &reusable {
                    Some(stamped) => (Arc::clone(&stamped.config), None),
                    None => self.config_for(path.as_deref()),
                };
                let text = super::document::rope_text(&rope);
                let previous = reusable.as_ref().map(|s| &*s.analysis);
                // Told where the text changed, the analysis takes the blocks
                // outside the edit by position; otherwise it matches by content.
                let analysis = Arc::new(match (previous, &edit) {
                    (Some(previous), Some(edit)) => {
                        analyze_edit(&text, format, &config.settings, previous, edit)
                    }
                    (previous, _) => analyze(&text, format, &config.settings, previous),
                });
                if let Some(mut doc) = self.documents.get_mut(uri) {
                    if doc.revision == revision {
                        doc.analysis = Some(Stamped {
                            analysis: Arc::clone(&analysis),
                            config: Arc::clone(&config),
                            revision,
                            generation,
                        });
                        doc.pending_edit = None;
                    }
                }
                (analysis, config, message)
            }
        };
        let snapshot = Snapshot {
            uri: uri.clone(),
            revision,
            rope,
            format,
            version,
            generation,
            analysis,
            config,
            caps,
        };
        Some((snapshot, message))
    }

    /// The document's current snapshot: `snapshot`, run inline when only a
    /// small edit is to be analysed under a configuration already loaded,
    /// else on the blocking pool (a first analysis, a configuration to
    /// load). A broken configuration is shown to the user once; a panic in
    /// the analysis is logged and answered with `None`.
    pub async fn current(self: &Arc<Self>, uri: &Uri) -> Option<Snapshot> {
        // With an earlier analysis to build on and a small edit, only the
        // edited blocks are checked (a fraction of a millisecond even in a
        // 1 MB document): do it here and spare the hand-off to the blocking
        // pool. A first analysis, a pasted chapter, a whole-text change or a
        // configuration to read can take long, and would hold up every
        // other message on the server's one thread: those go to the pool.
        let generation = self.read_state(|s| s.generation);
        const INLINE_EDIT_BYTES: usize = 64 * 1024;
        let incremental = self.documents.get(uri).is_some_and(|d| {
            let small_edit = d
                .pending_edit
                .as_ref()
                .is_some_and(|e| e.changed.len() <= INLINE_EDIT_BYTES);
            d.current_analysis(generation).is_some()
                || (small_edit && d.reusable_analysis(generation).is_some())
        });
        let job = if incremental {
            let inline =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.snapshot(uri)));
            inline.map_err(|_| "the analysis panicked".to_string())
        } else {
            let session = Arc::clone(self);
            let uri = uri.clone();
            tokio::task::spawn_blocking(move || session.snapshot(&uri))
                .await
                .map_err(|e| e.to_string())
        };
        match job {
            Ok(Some((snapshot, message))) => {
                if let Some(message) = message {
                    self.client.show_message(MessageType::ERROR, message).await;
                }
                Some(snapshot)
            }
            Ok(None) => None,
            Err(err) => {
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("copydesk: analysis failed: {err}"),
                    )
                    .await;
                None
            }
        }
    }

    /// Asks the client to watch the configuration's accept lists (plain
    /// text, outside the `**/*.toml` watch), each file name once, so that
    /// editing a list re-checks the open stories as editing a config does.
    fn watch_accept_lists(&self, config: &Config) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let names: Vec<String> = self.write_state(|s| {
            if !s.caps.dynamic_watch {
                return Vec::new();
            }
            config
                .accept_files
                .iter()
                .filter_map(|path| path.file_name()?.to_str().map(str::to_string))
                .filter(|name| !name.ends_with(".toml") && s.watched_names.insert(name.clone()))
                .collect()
        });
        for name in names {
            let client = self.client.clone();
            // A glob has no portable escape: a metacharacter in the name
            // becomes "any one character", which still matches the file.
            let glob: String = name
                .chars()
                .map(|c| if "*?[]{}".contains(c) { '?' } else { c })
                .collect();
            runtime.spawn(async move {
                let registration =
                    watch_registration(&format!("copydesk-accept-{name}"), &format!("**/{glob}"));
                if let Err(err) = client.register_capability(vec![registration]).await {
                    let message = format!("copydesk: cannot watch the accept list {name}: {err}");
                    client.log_message(MessageType::WARNING, message).await;
                }
            });
        }
    }

    /// Whether `snapshot` still describes the document's current state:
    /// the same text (revision) under the same configuration generation.
    pub fn is_current(&self, snapshot: &Snapshot) -> bool {
        self.read_state(|s| s.generation) == snapshot.generation
            && self
                .documents
                .get(&snapshot.uri)
                .is_some_and(|d| d.revision == snapshot.revision)
    }

    /// Queues `snapshot`'s diagnostics for the client, replacing any not yet
    /// sent for the same document; refused if a newer text's are queued.
    pub fn publish(&self, snapshot: &Snapshot, body: &[u8]) {
        self.outbox
            .publish(&snapshot.uri, snapshot.revision, frame(body));
    }

    /// The diagnostics last pushed for `uri`, taken for the running lint
    /// to reuse and give back (`put_pushed`).
    pub fn take_pushed(&self, uri: &Uri) -> Pushed {
        self.documents
            .get_mut(uri)
            .and_then(|mut doc| doc.pushed.take())
            .unwrap_or_default()
    }

    /// Gives back what `take_pushed` took, now for the latest push.
    pub fn put_pushed(&self, uri: &Uri, pushed: Pushed) {
        if let Some(mut doc) = self.documents.get_mut(uri) {
            doc.pushed = Some(pushed);
        }
    }

    /// Marks a lint of `uri` as running; false if one already is (it is
    /// then marked to go round once more) or the document is not open.
    pub fn lint_start(&self, uri: &Uri) -> bool {
        let Some(mut doc) = self.documents.get_mut(uri) else {
            return false;
        };
        if doc.linting {
            doc.dirty = true;
            return false;
        }
        doc.linting = true;
        true
    }

    /// Ends one round of a lint: true if an edit came in meanwhile and the
    /// lint must go round again, else the lint is marked finished.
    pub fn lint_again(&self, uri: &Uri) -> bool {
        let Some(mut doc) = self.documents.get_mut(uri) else {
            return false;
        };
        let again = doc.dirty;
        doc.dirty = false;
        doc.linting = again;
        again
    }
}
