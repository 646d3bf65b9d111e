//! `textDocument/hover`: over an official's name, who it is (the names
//! knowledge base's card); over a finding, the rule's explanation (and,
//! over a name typed almost right, the card of the name meant); over a
//! date, its weekday and the story's date.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use std::ops::Range;

use crate::engine::story_date::{date_card, story_date};
use crate::engine::{Analysis, Format, Settings, rules};
use crate::names::card::card;
use crate::server::document::rope_text;
use crate::server::encoding::{to_byte, to_range};
use crate::server::session::Snapshot;

pub fn hover(snapshot: &Snapshot, params: HoverParams) -> Option<Hover> {
    let position = params.text_document_position_params.position;
    let encoding = snapshot.caps.encoding;
    let at = to_byte(&snapshot.rope, position, encoding);
    let text = rope_text(&snapshot.rope);
    let (cards, range) = cards(
        &text,
        snapshot.format,
        &snapshot.config.settings,
        &snapshot.analysis,
        at,
    );
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: cards.join("\n\n---\n\n"),
        }),
        range: Some(to_range(&snapshot.rope, range?, encoding)),
    })
}

/// What a hover at byte `at` of `text` (analysed as `analysis`) shows, as
/// Markdown cards, and the byte range it is about (`None`: nothing there).
/// The language server's hover and `copydesk serve`'s page both show these.
pub fn cards(
    text: &str,
    format: Format,
    settings: &Settings,
    analysis: &Analysis,
    at: usize,
) -> (Vec<String>, Option<Range<usize>>) {
    let mut cards: Vec<String> = Vec::new();
    let mut range = None;
    // Cards show the positions held on the story's date (else today).
    let on = story_date(text, format, settings).map(|dated| crate::names::Date::from(dated.date));
    // "turkey", "china", "chad": a name written in lowercase as the common
    // word it also is means the word, not the country.
    let common_word = |range: &Range<usize>| {
        let written = &text[range.clone()];
        !written.chars().any(char::is_uppercase)
            && !written.contains(' ')
            && crate::engine::rules::dictionary::is_word(written)
    };
    if let Some(mention) = analysis.mention_at(at).filter(|m| !common_word(&m.range)) {
        let names = &settings.names;
        if let Some(spelling) = names.spellings.get(mention.spelling) {
            let person = &names.people[spelling.person];
            cards.push(card(names, person, settings.romanization, on));
            range = Some(mention.range.clone());
        }
    }
    let under = |f: &&crate::engine::Finding| {
        f.range.start <= at && at < f.range.end.max(f.range.start + 1)
    };
    for finding in analysis.findings().iter().filter(under) {
        if let Some(rule) = rules::find(finding.rule) {
            cards.push(format!(
                "**{}** · `{}`\n\n{}",
                finding.message, rule.id, rule.explanation
            ));
            range.get_or_insert_with(|| finding.range.clone());
        }
        // A name typed almost right: the card of each name it may be.
        if finding.rule == "name-near-miss" {
            for fix in &finding.fixes {
                let meant = fix.edits.first().map(|e| e.replacement.as_str());
                if let Some(person) =
                    meant.and_then(|m| settings.names.by_house(m, settings.romanization))
                {
                    cards.push(card(
                        &settings.names,
                        &settings.names.people[person],
                        settings.romanization,
                        on,
                    ));
                }
            }
        }
    }
    // A date: its weekday, and the story's date it was read against.
    if let Some((date, shown)) = date_card(text, at, format, settings) {
        cards.push(shown);
        range.get_or_insert(date);
    }
    (cards, range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    fn cards_at(text: &str, word: &str) -> Vec<String> {
        let settings = Settings::default();
        let analysis = analyze(text, Format::Plain, &settings, None);
        let at = text.find(word).expect("the word is in the text") + 1;
        cards(text, Format::Plain, &settings, &analysis, at).0
    }

    #[test]
    fn a_place_written_as_the_common_word_it_also_is_gets_no_card() {
        let text = "Talks\n\nThe turkey came on china plates.\n\nTurkey and China talked.\n";
        assert_eq!(cards_at(text, "turkey"), Vec::<String>::new());
        assert_eq!(cards_at(text, "china"), Vec::<String>::new());
        assert!(cards_at(text, "Turkey")[0].contains("Turkey"));
        assert!(cards_at(text, "China")[0].contains("China"));
        // A name that is no English word keeps its card in any case.
        let typed = "Talks\n\nhe met pyongyang officials.\n";
        assert!(cards_at(typed, "pyongyang")[0].contains("Pyongyang"));
    }
}
