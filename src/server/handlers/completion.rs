//! `textDocument/completion`: house spellings of officials' names while a
//! name is being typed. The typed prefix may span several words
//! ("Han So" offers "Han Song Ryol", replacing from "Han").
//!
//! Why each item is a `textEdit` over the whole typed prefix, with no
//! `filterText`, and a snippet where the client takes snippets:
//!
//! * Neovim (`vim.lsp.completion`, and `vim.lsp.omnifunc`, which Neovim sets
//!   and `editors/neovim/copydesk.lua` relies on) starts the completion at
//!   the `textEdit` range's start, so the range must cover "Han So", not
//!   just "So". The text it inserts (the complete-item's `word`, from
//!   `get_completion_word` in runtime/lua/vim/lsp/completion.lua, as of the
//!   0.12 pre-release the Neovim test pins) is, for a plain-text `textEdit`,
//!   only `newText` up to its first space ("Han"); for a snippet, the
//!   `label` (our `newText`), whole. With a `filterText` it filters on that,
//!   case-sensitively (dropping "han so" and the surname match "Gallu"), and
//!   inserts it instead of the label whenever the label does not start with
//!   what was typed; without one it takes the server's list as filtered.
//!   So: a snippet, and no `filterText`. (Neovim's master branch inserts a
//!   plain `newText` whole, and without a `filterText` matches the label
//!   against what was typed, case-sensitively: "Han So" works there too;
//!   "han so" and "Gallu" are not offered, rather than inserted wrong.)
//! * VS Code filters the items itself, fuzzily and ignoring case, by the
//!   text in the edit's range ("Han So", space included) against the
//!   `filterText` or else the `label`: the house spelling matches "Han So",
//!   "han so", and "Gallu" (at a word start in "Robert L. Gallucci"). A
//!   snippet without tab stops inserts its text.
//! * Helix and Emacs (lsp-mode, eglot) replace the `textEdit` range with
//!   `newText` as given (as a snippet only where they announced snippet
//!   support, in Emacs with yasnippet), and match what was typed against
//!   the label (there being no `filterText`) fuzzily, which it passes.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::names::card::card;
use crate::server::encoding::{to_byte, to_range};
use crate::server::session::Session;

/// Longest typed prefix to consider, in words.
const MAX_WORDS: usize = 4;

/// Where each of the last few words before the cursor starts (byte offsets
/// into `line`), nearest last. Words are letters, digits, hyphens,
/// apostrophes and initials' periods, separated by single spaces.
fn word_starts(line: &str) -> Vec<usize> {
    let is_name_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.');
    let mut starts = Vec::new();
    let mut end = line.len();
    while starts.len() < MAX_WORDS {
        let word_start = line[..end].trim_end_matches(is_name_char).len();
        if word_start == end {
            break;
        }
        starts.push(word_start);
        match line[..word_start].strip_suffix(' ') {
            Some(before) if before.ends_with(is_name_char) => end = before.len(),
            _ => break,
        }
    }
    starts
}

/// `text` as snippet text that inserts it literally: `$`, `}` and
/// backslashes escaped.
fn snippet_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub async fn completion(
    session: &Arc<Session>,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let Some((rope, path, (encoding, snippets))) = session.documents.get(&uri).map(|d| {
        (
            d.rope.clone(),
            d.path.clone(),
            session.read_state(|s| (s.encoding, s.snippet_support)),
        )
    }) else {
        return Ok(None);
    };
    let cursor = to_byte(&rope, position.position, encoding);
    let line_start = rope.line_to_byte(rope.byte_to_line(cursor));
    let line: String = rope.byte_slice(line_start..cursor).chunks().collect();
    let (config, _) = session.config_for(path.as_deref());
    let names = &config.settings.names;
    let romanization = config.settings.romanization;
    for start in word_starts(&line).into_iter().rev() {
        let typed = &line[start..];
        let multi_word = typed.contains(' ');
        // A lone lowercase word is an ordinary word being typed, not a name.
        if !multi_word && !typed.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let people = names.complete(typed, romanization);
        if people.is_empty() {
            continue;
        }
        let range = to_range(&rope, line_start + start..cursor, encoding);
        let items = people
            .into_iter()
            .map(|k| {
                let person = &names.people[k];
                let house = names.house_name(person, romanization).to_string();
                let detail = [person.title.as_deref(), person.organization.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                CompletionItem {
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: (!detail.is_empty()).then_some(detail),
                    documentation: Some(Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: card(names, person, romanization),
                    })),
                    // No `filter_text`, a snippet where possible: see the
                    // module comment.
                    insert_text_format: snippets.then_some(InsertTextFormat::SNIPPET),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: if snippets {
                            snippet_text(&house)
                        } else {
                            house.clone()
                        },
                    })),
                    label: house,
                    ..CompletionItem::default()
                }
            })
            .collect();
        return Ok(Some(CompletionResponse::Array(items)));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_are_found_backwards_from_the_cursor() {
        let line = "said Vice Foreign Minister Han So";
        let starts: Vec<&str> = word_starts(line).into_iter().map(|s| &line[s..]).collect();
        assert_eq!(
            starts,
            ["So", "Han So", "Minister Han So", "Foreign Minister Han So"]
        );
        assert_eq!(word_starts("met Joseph R. DeT").len(), 4);
        assert!(word_starts("ends with space ").is_empty());
        assert_eq!(word_starts("(Kim"), [1]);
        let line = "said:“Han So";
        let starts: Vec<&str> = word_starts(line).into_iter().map(|s| &line[s..]).collect();
        assert_eq!(starts, ["So", "Han So"]);
    }

    #[test]
    fn snippet_text_inserts_literally() {
        assert_eq!(snippet_text("Han Song Ryol"), "Han Song Ryol");
        assert_eq!(snippet_text(r"a $1 {b} \c"), r"a \$1 {b\} \\c");
    }
}
