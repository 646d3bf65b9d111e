//! An open document: its text as a rope, its version, its format, and the
//! last analysis (kept so the next one reuses unchanged blocks).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::diagnostics::Pushed;
use super::encoding::{Encoding, to_bytes};
use crate::config::Config;
use crate::engine::{Analysis, Format, TextEdit};

pub struct TextDocument {
    /// Which text this is: a number drawn from one counter for the whole
    /// server, new at every opening and at every change, so it tells apart
    /// two openings of one URI and two texts the client gave one version.
    /// Analyses are stored, reused and published by revision, never by the
    /// client's version alone.
    pub revision: u64,
    pub rope: Rope,
    pub version: i32,
    pub format: Format,
    /// The file behind the document, if any (for config discovery).
    pub path: Option<PathBuf>,
    /// The last analysis, with the revision and configuration it was made
    /// for.
    pub analysis: Option<Stamped>,
    /// Where the text changed since `analysis` was made, so the next
    /// analysis can take the untouched blocks by position.
    pub pending_edit: Option<TextEdit>,
    /// A lint is running for this document (see `lint.rs`).
    pub linting: bool,
    /// An edit arrived while a lint was running.
    pub dirty: bool,
    /// The diagnostics last pushed, block by block, for the next push to
    /// reuse (see `diagnostics::Pushed`); the running lint holds them.
    pub pushed: Option<Pushed>,
}

#[derive(Clone)]
pub struct Stamped {
    pub analysis: Arc<Analysis>,
    /// The configuration the analysis was made under.
    pub config: Arc<Config>,
    pub revision: u64,
    pub generation: u64,
}

/// A new revision number (see `TextDocument::revision`).
pub fn next_revision() -> u64 {
    static REVISIONS: AtomicU64 = AtomicU64::new(1);
    REVISIONS.fetch_add(1, Ordering::Relaxed)
}

/// The rope's text as one `String`, copied chunk by chunk (far faster than
/// `Rope::to_string`, which formats character by character).
pub fn rope_text(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    text
}

impl TextDocument {
    pub fn new(text: &str, version: i32, format: Format, path: Option<PathBuf>) -> TextDocument {
        TextDocument {
            revision: next_revision(),
            rope: Rope::from_str(text),
            version,
            format,
            path,
            analysis: None,
            pending_edit: None,
            linting: false,
            dirty: false,
            pushed: None,
        }
    }

    /// Applies one content change: a range replacement, or the whole text
    /// when the change has no range. Ranges are clamped to the document.
    /// The document gets a new revision.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        let edit = match change.range {
            None => {
                let edit = TextEdit::replacement(0, self.rope.len_bytes(), change.text.len());
                self.rope = Rope::from_str(&change.text);
                edit
            }
            Some(range) => {
                let bytes = to_bytes(&self.rope, range, encoding);
                let start = self.rope.byte_to_char(bytes.start);
                let end = self.rope.byte_to_char(bytes.end);
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
                TextEdit::replacement(bytes.start, bytes.end, change.text.len())
            }
        };
        self.revision = next_revision();
        self.pending_edit = Some(match self.pending_edit.take() {
            Some(earlier) => earlier.then(edit),
            None => edit,
        });
    }

    /// The stored analysis if it is of this very text under `generation`.
    pub fn current_analysis(&self, generation: u64) -> Option<&Stamped> {
        self.analysis
            .as_ref()
            .filter(|s| s.revision == self.revision && s.generation == generation)
    }

    /// The stored analysis, if made under `generation`, to seed the next
    /// (its configuration is still the one in force).
    pub fn reusable_analysis(&self, generation: u64) -> Option<&Stamped> {
        self.analysis
            .as_ref()
            .filter(|s| s.generation == generation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(range: Option<Range>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut doc = TextDocument::new("abc\n", 1, Format::Plain, None);
        let at = |l, c| Range::new(Position::new(l, c), Position::new(l, c));
        doc.apply(&change(Some(at(0, 0)), "X"), Encoding::Utf16);
        doc.apply(&change(Some(at(0, 1)), "Y"), Encoding::Utf16);
        assert_eq!(rope_text(&doc.rope), "XYabc\n");
        doc.apply(
            &change(
                Some(Range::new(Position::new(0, 1), Position::new(9, 9))),
                "!",
            ),
            Encoding::Utf16,
        );
        assert_eq!(rope_text(&doc.rope), "X!");
        doc.apply(&change(None, "fresh"), Encoding::Utf16);
        assert_eq!(rope_text(&doc.rope), "fresh");
    }

    /// A model of the same edit on a `String`, computed independently of the
    /// rope: positions are resolved by walking the characters.
    fn byte_of(text: &str, position: Position, encoding: Encoding) -> usize {
        let mut line = 0;
        let mut offset = 0;
        let bytes = text.as_bytes();
        while line < position.line {
            match text[offset..].find(['\n', '\r']) {
                None => return text.len(),
                Some(i) => {
                    offset += i + 1;
                    if bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
                        offset += 1;
                    }
                    line += 1;
                }
            }
        }
        let mut units = 0;
        for (i, c) in text[offset..].char_indices() {
            if c == '\n' || c == '\r' {
                return offset + i;
            }
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if units + width > position.character as usize {
                return offset + i;
            }
            units += width;
        }
        text.len()
    }

    fn position() -> impl Strategy<Value = Position> {
        (0u32..6, 0u32..12).prop_map(|(l, c)| Position::new(l, c))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn rope_edits_match_string_edits(
            start_text in "[a-c😀한é \\n\\r]{0,24}",
            edits in prop::collection::vec((position(), position(), "[x😀한\\n\\r ]{0,4}"), 1..8),
            utf8 in any::<bool>(),
        ) {
            let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let mut doc = TextDocument::new(&start_text, 1, Format::Plain, None);
            let mut model = start_text.clone();
            for (a, b, text) in edits {
                let (start, end) = if (a.line, a.character) <= (b.line, b.character) { (a, b) } else { (b, a) };
                let s = byte_of(&model, start, encoding);
                let e = byte_of(&model, end, encoding).max(s);
                // Positions between a CR and its LF are not valid LSP positions.
                prop_assume!(!(model[..s].ends_with('\r') && model[s..].starts_with('\n')));
                model.replace_range(s..e, &text);
                doc.apply(&change(Some(Range::new(start, end)), &text), encoding);
                prop_assert_eq!(rope_text(&doc.rope), model.clone());
            }
        }
    }
}
