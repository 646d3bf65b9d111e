//! The page's sessions: for each, the last text checked and its analysis,
//! so that the next check of an edited text re-checks only the paragraphs
//! that changed (`engine::analyze_edit`). Bounded in number and in bytes;
//! the least recently used session goes first. A session only ever speeds
//! a check up: the edit is computed here, from the kept text to the one
//! sent, so the findings are those of a check from scratch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::engine::change::minimal_edit;
use crate::engine::{Analysis, Format, Settings, TextEdit, analyze, analyze_edit};

/// Sessions kept at once.
pub const MAX_SESSIONS: usize = 128;
/// Text kept over all sessions, in bytes (their analyses are of a like size).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone)]
struct Kept {
    text: Arc<str>,
    format: Format,
    analysis: Arc<Analysis>,
    used: u64,
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, Kept>,
    clock: u64,
    bytes: usize,
}

#[derive(Default)]
pub struct Sessions {
    inner: Mutex<Inner>,
}

impl Sessions {
    fn get(&self, id: &str) -> Option<Kept> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.map.get(id).cloned()
    }

    fn put(&self, id: &str, text: Arc<str>, format: Format, analysis: Arc<Analysis>) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.clock += 1;
        let used = inner.clock;
        let added = text.len();
        if let Some(old) = inner.map.insert(
            id.to_string(),
            Kept {
                text,
                format,
                analysis,
                used,
            },
        ) {
            inner.bytes -= old.text.len();
        }
        inner.bytes += added;
        while inner.map.len() > MAX_SESSIONS || (inner.bytes > MAX_BYTES && inner.map.len() > 1) {
            let Some(oldest) = inner
                .map
                .iter()
                .filter(|(k, _)| k.as_str() != id)
                .min_by_key(|(_, kept)| kept.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(gone) = inner.map.remove(&oldest) {
                inner.bytes -= gone.text.len();
            }
        }
    }

    /// Forgets every session (the configuration changed).
    pub fn clear(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.map.clear();
        inner.bytes = 0;
    }

    /// How many sessions are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().unwrap().map.len()
    }

    /// The analysis of `text`, reusing what session `id` (if any) kept of
    /// its last text, which then becomes `text`.
    pub fn analysis(
        &self,
        id: Option<&str>,
        text: &str,
        format: Format,
        settings: &Settings,
    ) -> Arc<Analysis> {
        let Some(id) = id else {
            return Arc::new(analyze(text, format, settings, None));
        };
        let kept = self.get(id).filter(|kept| kept.format == format);
        let (text, analysis): (Arc<str>, Arc<Analysis>) = match kept {
            Some(kept) => match minimal_edit(&kept.text, text) {
                None => (kept.text, kept.analysis),
                Some(edit) => {
                    let change = TextEdit::replacement(
                        edit.range.start,
                        edit.range.end,
                        edit.replacement.len(),
                    );
                    let analysis = analyze_edit(text, format, settings, &kept.analysis, &change);
                    (Arc::from(text), Arc::new(analysis))
                }
            },
            None => (
                Arc::from(text),
                Arc::new(analyze(text, format, settings, None)),
            ),
        };
        self.put(id, text, format, Arc::clone(&analysis));
        analysis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_session_finds_what_a_fresh_check_finds() {
        let sessions = Sessions::default();
        let settings = Settings::default();
        let first = "The envoys met.\n\nThey said the the talks would resume.\n";
        let second = "The envoys met on on Monday.\n\nThey said the the talks would resume.\n";
        for text in [first, second, first, ""] {
            let kept = sessions.analysis(Some("a"), text, Format::Plain, &settings);
            let fresh = crate::engine::check(text, Format::Plain, &settings);
            assert_eq!(kept.findings(), fresh, "{text:?}");
        }
    }

    #[test]
    fn sessions_are_bounded() {
        let sessions = Sessions::default();
        let settings = Settings::default();
        for k in 0..MAX_SESSIONS + 10 {
            sessions.analysis(Some(&k.to_string()), "Text.", Format::Plain, &settings);
        }
        assert_eq!(sessions.len(), MAX_SESSIONS);
        // The most recent are kept.
        assert!(sessions.get(&(MAX_SESSIONS + 9).to_string()).is_some());
        assert!(sessions.get("0").is_none());
    }
}
