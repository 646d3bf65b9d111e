//! A formal title in lower case directly before a known official's name.

use super::dictionary::class_of;
use super::{Rule, capitals};
use crate::engine::calendar::{month_of, weekday_of};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "title-case",
    default_level: Level::On(Severity::Warning),
    summary: "A formal title in lower case before an official's name (“vice foreign minister Han Song Ryol”)",
    explanation: "AP capitalizes a formal title directly before a name: “Vice Foreign Minister \
Han Song Ryol”. After a name or standing alone it stays lowercase (“Han Song Ryol, the vice \
foreign minister”), and that is not flagged. “Former” and “acting” stay lowercase before a \
capitalized title. Only formal titles (`data/titles.toml`, extended by `[names] titles`) are \
checked, so descriptive titles (“deputy director”) are left alone; the name after one is a \
person in the names knowledge base, or two or more capitalized words of which the first is no \
English word (“prime minister Narendra Modi”). The fix capitalizes the title; it is a \
suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    // Mentions come sorted: the first word of each is found by galloping on
    // from the last one's, not by a search of the whole block (whose cache
    // misses cost more than the rest of the rule).
    let mut known = Vec::with_capacity(ctx.mentions.len());
    let mut start = 0;
    for mention in ctx.mentions {
        start = doc.first_word_from(start, mention.range.start);
        known.push((start, mention.range.end));
    }
    // The emitter sorts findings: known and unknown names need no merging.
    let unknown = unknown_names_after_titles(ctx, &known);
    for (start, end) in known.into_iter().chain(unknown) {
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
        let name = doc.text[doc.words[start].range().start..end]
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

/// Names the knowledge base does not know, right after a formal title
/// written in lowercase ("prime minister Narendra Modi", "chancellor Olaf
/// Scholz"): two or more capitalized words, the first of them no English
/// word, a day or a month, so that a capitalized common word ("the
/// president Sunday", "the minister Will") is never taken for a name. As (first word, end of the
/// name); words that start a known name are left to it.
fn unknown_names_after_titles(ctx: &Context<'_>, known: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let doc = ctx.doc;
    let words = &doc.words;
    let upper = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| w.joined && doc.word(w).starts_with(|c: char| c.is_uppercase()))
    };
    let mut found = Vec::new();
    // Capitalized words after a word that may end a title, found once a
    // block for this rule and `title-inconsistent`.
    for start in capitals::of(ctx).after_title.iter().map(|&i| i as usize) {
        let title_written_lowercase = doc
            .word(&words[start - 1])
            .starts_with(|c: char| c.is_lowercase());
        if !title_written_lowercase
            || !upper(start + 1)
            || known.iter().any(|&(known, _)| known == start)
        {
            continue;
        }
        let given = doc.word(&words[start]);
        let common = class_of(&given.to_lowercase()).is_some()
            || weekday_of(given).is_some()
            || month_of(given).is_some();
        if common {
            continue;
        }
        let mut last = start + 1;
        while last - start < 3 && upper(last + 1) {
            last += 1;
        }
        found.push((start, words[last].range().end));
    }
    found
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
    fn flags_a_lowercase_formal_title_before_a_name_the_knowledge_base_lacks() {
        for (text, title) in [
            (
                "India's prime minister Narendra Modi spoke.",
                "prime minister",
            ),
            ("German chancellor Olaf Scholz arrived.", "chancellor"),
            (
                "unification minister Kim Yung-ho said talks would go on.",
                "unification minister",
            ),
            (
                "vice foreign minister Kim Chol Min spoke.",
                "vice foreign minister",
            ),
            ("He met president Luiz Inácio Lula da Silva.", "president"),
        ] {
            assert_eq!(flagged("title-case", text), [title], "{text}");
        }
        assert_eq!(
            fixed("title-case", "German chancellor Olaf Scholz arrived."),
            "German Chancellor Olaf Scholz arrived."
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
            "Secretary of State John Kerry spoke.",
            // A capitalized word after a title that is no name.
            "The president Sunday Times reporters asked was not there.",
            "Ask the minister Will Power, she said.",
            "the prime minister, Narendra Modi, spoke.",
            "Narendra Modi, the prime minister, spoke.",
        ] {
            assert!(
                flagged("title-case", text).is_empty(),
                "{text}: {:?}",
                flagged("title-case", text)
            );
        }
    }
}
