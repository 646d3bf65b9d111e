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

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::names::card::card;
use crate::names::typing::name_prefixes;
use crate::server::encoding::{to_byte, to_range};
use crate::server::session::Snapshot;

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

pub fn completion(snapshot: &Snapshot, params: CompletionParams) -> Option<CompletionResponse> {
    let (rope, encoding) = (&snapshot.rope, snapshot.caps.encoding);
    let snippets = snapshot.caps.snippet_support;
    let cursor = to_byte(rope, params.text_document_position.position, encoding);
    let line_start = rope.line_to_byte(rope.byte_to_line(cursor));
    let line: String = rope.byte_slice(line_start..cursor).chunks().collect();
    let settings = &snapshot.config.settings;
    let (names, romanization) = (&settings.names, settings.romanization);
    // The longest typed text that begins a known name.
    let (start, people) = name_prefixes(&line)
        .into_iter()
        .map(|start| (start, names.complete(&line[start..], romanization)))
        .find(|(_, people)| !people.is_empty())?;
    let range = to_range(rope, line_start + start..cursor, encoding);
    // A list cut short must be asked for again as more is typed.
    let is_incomplete = people.len() >= crate::names::index::MAX_COMPLETIONS;
    let items = people
        .into_iter()
        .map(|k| {
            let person = &names.people[k];
            let house = names.house_name(person, romanization).to_string();
            let detail = crate::names::card::current_roles(person, None);
            CompletionItem {
                kind: Some(CompletionItemKind::REFERENCE),
                detail: (!detail.is_empty()).then_some(detail),
                documentation: Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: card(names, person, romanization, None),
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
    Some(if is_incomplete {
        CompletionResponse::List(CompletionList {
            is_incomplete,
            items,
        })
    } else {
        CompletionResponse::Array(items)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_text_inserts_literally() {
        assert_eq!(snippet_text("Han Song Ryol"), "Han Song Ryol");
        assert_eq!(snippet_text(r"a $1 {b} \c"), r"a \$1 {b\} \\c");
    }
}
