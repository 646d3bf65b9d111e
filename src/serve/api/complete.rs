//! `POST /api/complete`: the line up to the cursor as the body; the house
//! spellings of the officials whose names the typed words begin ("Han So"
//! offers "Han Song Ryol"), as the language server's completion offers
//! them, each with the byte offset in the body where the typed name begins.

use serde::Serialize;

use super::{Story, to_json};
use crate::names::card::{card, current_roles};
use crate::names::typing::name_prefixes;
use crate::serve::State;
use crate::serve::http::Refusal;

/// Completions offered at most.
const MAX_ITEMS: usize = 20;

#[derive(Serialize)]
struct Item {
    /// The house spelling, which replaces the typed name.
    label: String,
    /// The positions held now.
    detail: String,
    /// The name's card, in Markdown.
    card: String,
    /// Where the typed name begins, in bytes into the body.
    byte_start: usize,
}

pub fn complete(state: &State, story: Story) -> Result<Vec<u8>, Refusal> {
    let config = state.config();
    let settings = &config.settings;
    let (names, romanization) = (&settings.names, settings.romanization);
    // Only the last line counts, whatever the page sent.
    let line_start = story.text.rfind('\n').map_or(0, |n| n + 1);
    let line = &story.text[line_start..];
    let found = name_prefixes(line)
        .into_iter()
        .map(|start| (start, names.complete(&line[start..], romanization)))
        .find(|(_, people)| !people.is_empty());
    let items: Vec<Item> = found.map_or_else(Vec::new, |(start, people)| {
        people
            .into_iter()
            .take(MAX_ITEMS)
            .map(|k| {
                let person = &names.people[k];
                Item {
                    label: names.house_name(person, romanization).to_string(),
                    detail: current_roles(person, None),
                    card: card(names, person, romanization, None),
                    byte_start: line_start + start,
                }
            })
            .collect()
    });
    to_json(&items)
}
