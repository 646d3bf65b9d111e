//! `textDocument/completion`: house spellings of officials' names while a
//! name is being typed. The typed prefix may span several words
//! ("Han So" offers "Han Song Ryol", replacing from "Han").

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, TextEdit,
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

pub async fn completion(
    session: &Arc<Session>,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let Some((rope, path, encoding)) = session.documents.get(&uri).map(|d| {
        (
            d.rope.clone(),
            d.path.clone(),
            session.read_state(|s| s.encoding),
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
                    label: house.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: (!detail.is_empty()).then_some(detail),
                    documentation: Some(Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: card(names, person, romanization),
                    })),
                    filter_text: Some(house.clone()),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: house,
                    })),
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
    }
}
