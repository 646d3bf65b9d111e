//! A formal title in lower case directly before a known official's name.

use super::Rule;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "title-case",
    default_level: Level::On(Severity::Warning),
    summary: "A formal title in lower case before an official's name (“vice foreign minister Han Song Ryol”)",
    explanation: "AP capitalizes a formal title directly before a name: “Vice Foreign Minister \
Han Song Ryol”. After a name or standing alone it stays lowercase (“Han Song Ryol, the vice \
foreign minister”), and that is not flagged. “Former” and “acting” stay lowercase before a \
capitalized title. Only formal titles (`data/titles.toml`, extended by `[names] titles`) before \
people in the names knowledge base are checked, so descriptive titles (“deputy director”) are \
left alone. The fix capitalizes the title; it is a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    // Mentions come sorted: the first word of each is found by galloping on
    // from the last one's, not by a search of the whole block (whose cache
    // misses cost more than the rest of the rule).
    let mut start = 0;
    for mention in ctx.mentions {
        start = doc.first_word_from(start, mention.range.start);
        // The name's first word must follow the title with whitespace alone.
        if start == 0 || !doc.words[start].joined {
            continue;
        }
        let Some((first, title)) = ctx.settings.titles.ending_at(doc, start) else {
            continue;
        };
        let range = doc.words[first].range().start..doc.words[start - 1].range().end;
        let written = &doc.text[range.clone()];
        // Already in house style, or in capitals (a headline).
        let house_style = doc.words[first..start]
            .iter()
            .zip(&title.cased)
            .all(|(w, cased)| doc.word(w) == cased);
        let all_caps = !written.chars().any(char::is_lowercase);
        if house_style || all_caps {
            continue;
        }
        let name = doc.text[mention.range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.emit(
            range.clone(),
            format!(
                "Capitalize a formal title before a name: “{} {name}”",
                title.capitalized
            ),
            vec![Fix::replace(range, &title.capitalized, false)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_a_lowercase_formal_title_before_a_known_name() {
        assert_eq!(
            flagged(
                "title-case",
                "North Korea’s vice foreign minister Han Song Ryol spoke."
            ),
            ["vice foreign minister"]
        );
        assert_eq!(
            fixed(
                "title-case",
                "former vice foreign minister Han Song Ryol spoke."
            ),
            "former Vice Foreign Minister Han Song Ryol spoke."
        );
    }

    #[test]
    fn quiet_after_a_name_standing_alone_capitalized_or_descriptive() {
        for text in [
            "Vice Foreign Minister Han Song Ryol spoke.",
            "Han Song Ryol, the vice foreign minister, spoke.",
            "The vice foreign minister spoke.",
            "deputy director Choi Sun-hee met them.",
            "the vice foreign minister, Han Song Ryol, spoke.",
            "vice foreign minister Kim Chol Min (not a known name) spoke.",
            "Secretary of State John Kerry spoke.",
        ] {
            assert!(
                flagged("title-case", text).is_empty(),
                "{text}: {:?}",
                flagged("title-case", text)
            );
        }
    }
}
