//! The server's state: open documents, negotiated capabilities, and the
//! configuration in force, with the analysis that joins them.
//!
//! Architecture invariant: document state is mutated only synchronously, in
//! the order notifications arrive, before a handler's first `.await`; no
//! `DashMap` guard or `RwLock` guard is ever held across an `.await`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use ropey::Rope;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, MessageType,
    Registration, Uri,
};

use super::document::{Stamped, TextDocument};
use super::encoding::Encoding;
use crate::config::Config;
use crate::engine::{Analysis, Format, analyze, analyze_edit};
use crate::error::FileError;

/// What the client told us at `initialize`, and the configuration state.
#[derive(Default)]
pub struct ServerState {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); else we push.
    pub pull_diagnostics: bool,
    pub dynamic_watch: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    pub refresh_support: bool,
    /// The client takes snippets as completion text (`snippetSupport`).
    pub snippet_support: bool,
    pub root: Option<PathBuf>,
    /// The `copydesk` tree from `initializationOptions` or
    /// `workspace/didChangeConfiguration`.
    pub overrides: Option<serde_json::Value>,
    /// Bumped whenever the configuration may have changed; analyses made
    /// under an older generation are never reused or published.
    pub generation: u64,
    configs: HashMap<PathBuf, Arc<Config>>,
    /// The last configuration that loaded, per folder: kept in force when
    /// the file is broken.
    last_good: HashMap<PathBuf, Arc<Config>>,
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

/// One version of a document and its analysis.
pub struct Snapshot {
    /// Which opening of the document this is (see `TextDocument::opened`).
    pub opened: u64,
    pub rope: Rope,
    pub format: Format,
    pub path: Option<PathBuf>,
    pub version: i32,
    pub generation: u64,
    pub encoding: Encoding,
    pub analysis: Arc<Analysis>,
}

pub struct Session {
    pub client: Client,
    pub documents: DashMap<Uri, TextDocument>,
    pub state: RwLock<ServerState>,
    /// Serializes publishing, so that a stale result can never overtake a
    /// newer one on its way to the client.
    pub publish_lock: tokio::sync::Mutex<()>,
}

impl Session {
    pub fn new(client: Client) -> Session {
        Session {
            client,
            documents: DashMap::new(),
            state: RwLock::new(ServerState::default()),
            publish_lock: tokio::sync::Mutex::new(()),
        }
    }

    pub fn read_state<T>(&self, f: impl FnOnce(&ServerState) -> T) -> T {
        f(&self.state.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn write_state<T>(&self, f: impl FnOnce(&mut ServerState) -> T) -> T {
        f(&mut self.state.write().unwrap_or_else(|e| e.into_inner()))
    }

    /// Forgets every loaded configuration (a file changed, or the client's
    /// settings did), so the next analysis reloads.
    pub fn invalidate_configs(&self) {
        self.write_state(|s| {
            s.configs.clear();
            s.generation += 1;
        });
    }

    /// The configuration for a document at `path` (or in the workspace root
    /// when it has no file). A broken file yields the last good configuration
    /// for that folder, with the error to report.
    pub fn config_for(&self, path: Option<&Path>) -> (Arc<Config>, Option<FileError>) {
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
                let config = Arc::new(config);
                self.write_state(|s| {
                    // Settings changed while this loaded: it is already
                    // stale, so use it once but do not cache it.
                    if s.generation == generation {
                        s.configs.insert(dir.clone(), Arc::clone(&config));
                        s.last_good.insert(dir, Arc::clone(&config));
                    }
                });
                self.watch_accept_lists(&config);
                (config, None)
            }
            Err(err) => {
                let fallback = self
                    .write_state(|s| {
                        let good = s.last_good.get(&dir).cloned();
                        if let Some(good) = &good {
                            s.configs.insert(dir.clone(), Arc::clone(good));
                        }
                        good
                    })
                    .unwrap_or_else(|| Arc::new(Config::defaults(&dir)));
                (fallback, Some(err))
            }
        }
    }

    /// The analysis of the document's current version, computed if needed
    /// (reusing the previous analysis's unchanged blocks) and stored.
    /// Returns `None` for a document that is not open. The document guard
    /// is dropped before the analysis runs.
    pub fn snapshot(&self, uri: &Uri) -> Option<(Snapshot, Option<FileError>)> {
        let (generation, encoding) = self.read_state(|s| (s.generation, s.encoding));
        let (opened, rope, version, format, path, current, reusable, edit) = {
            let doc = self.documents.get(uri)?;
            (
                doc.opened,
                doc.rope.clone(),
                doc.version,
                doc.format,
                doc.path.clone(),
                doc.current_analysis(generation),
                doc.reusable_analysis(generation),
                doc.pending_edit.clone(),
            )
        };
        let (analysis, error) = match current {
            Some(analysis) => (analysis, None),
            None => {
                let (config, error) = self.config_for(path.as_deref());
                let text = super::document::rope_text(&rope);
                // Told where the text changed, the analysis takes the blocks
                // outside the edit by position; otherwise it matches by content.
                let analysis = Arc::new(match (reusable.as_deref(), &edit) {
                    (Some(previous), Some(edit)) => {
                        analyze_edit(&text, format, &config.settings, previous, edit)
                    }
                    (previous, _) => analyze(&text, format, &config.settings, previous),
                });
                if let Some(mut doc) = self.documents.get_mut(uri) {
                    if doc.opened == opened && doc.version == version {
                        doc.analysis = Some(Stamped {
                            analysis: Arc::clone(&analysis),
                            version,
                            generation,
                        });
                        doc.pending_edit = None;
                    }
                }
                (analysis, error)
            }
        };
        Some((
            Snapshot {
                opened,
                rope,
                format,
                path,
                version,
                generation,
                encoding,
                analysis,
            },
            error,
        ))
    }

    /// `snapshot`, run off the async runtime (analysing a long document
    /// takes milliseconds). A broken configuration is shown to the user
    /// once; a panic in the analysis is logged and answered with `None`.
    pub async fn current(self: &Arc<Self>, uri: &Uri) -> Option<Snapshot> {
        // With an earlier analysis to build on and a small edit, only the
        // edited blocks are checked (a fraction of a millisecond even in a
        // 1 MB document): do it here and spare the hand-off to the blocking
        // pool. A first analysis, a pasted chapter or a whole-text change
        // can take long, and would hold up every other message on the
        // server's one thread: those go to the pool.
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
            Ok(Some((snapshot, config_error))) => {
                if let Some(err) = config_error {
                    let message = format!("copydesk: {err}; using the last good configuration");
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
            if !s.dynamic_watch {
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
    /// the same opening, version and configuration generation.
    pub fn is_current(&self, uri: &Uri, snapshot: &Snapshot) -> bool {
        self.read_state(|s| s.generation) == snapshot.generation
            && self
                .documents
                .get(uri)
                .is_some_and(|d| d.opened == snapshot.opened && d.version == snapshot.version)
    }
}
