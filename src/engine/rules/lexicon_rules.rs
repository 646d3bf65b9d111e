//! The two rules fed by the word lists in `data/`: misspellings and phrase
//! rules (real-word typos and confusables).

use super::Rule;
use super::dictionary::in_house;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::lexicon::Hit;
use crate::engine::scan::match_case;
use crate::engine::{Context, Emitter};

pub static MISSPELLING: Rule = Rule {
    id: "misspelling",
    default_level: Level::On(Severity::Warning),
    summary: "A common misspelling (“goverment”, “recieved”)",
    explanation: "The word is on copydesk's list of common misspellings (`data/misspellings.toml`). \
It is not a dictionary spell check, so names and foreign words are never flagged as unknown. \
When the misspelling has one correction, the fix is safe; when it could be several words, each is \
offered as a suggestion.",
    uses_lexicon: true,
    check: Some(check_misspellings),
    document: None,
};

pub static CONFUSABLE: Rule = Rule {
    id: "confusable",
    default_level: Level::On(Severity::Warning),
    summary: "A real-word typo or confusable in context (“staring from Friday”, “free reign”)",
    explanation: "A phrase made of real words that is wrong in this context: a typo a spell \
checker cannot see (“two days staring from Friday”), a mishearing (“could of”) or a mangled idiom \
(“free reign”). Each phrase rule in `data/phrases.toml` fires only in the context it names, so \
“staring from the window” is left alone. A newsroom adds its own with `[data] phrases`.\n\n\
The suggestions are never applied automatically: a copy editor confirms each, because an \
automatic correction of a real word is how “truthiness” became “trustiness” in print.",
    uses_lexicon: true,
    check: Some(check_confusables),
    document: None,
};

fn check_misspellings(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    for hit in ctx.lexicon_hits {
        let Hit::Misspelling { word, entry } = *hit else {
            continue;
        };
        let entry = &ctx.settings.lexicon.misspellings[entry as usize];
        let range = doc.words[word].range();
        let written = &doc.text[range.clone()];
        // In the house spelling: "behavoir" is "behavior" in American
        // copy, "behaviour" in British.
        let mut corrections: Vec<String> = Vec::with_capacity(entry.corrections.len());
        for c in &entry.corrections {
            let c = match_case(written, in_house(c, ctx.settings.spelling));
            if !corrections.contains(&c) {
                corrections.push(c);
            }
        }
        let safe = corrections.len() == 1;
        let listed = corrections
            .iter()
            .map(|c| format!("“{c}”"))
            .collect::<Vec<_>>()
            .join(" or ");
        let fixes = corrections
            .iter()
            .map(|c| Fix::replace(range.clone(), c, safe))
            .collect();
        out.emit(
            range,
            format!("“{written}” is a misspelling of {listed}"),
            fixes,
        );
    }
}

fn check_confusables(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    for hit in ctx.lexicon_hits {
        let Hit::Phrase { first, last, entry } = *hit else {
            continue;
        };
        let phrase = &ctx.settings.lexicon.phrases[entry as usize];
        let range = doc.words[first].range().start..doc.words[last].range().end;
        let written = &doc.text[range.clone()];
        let fixes = phrase
            .spec
            .replace
            .iter()
            .map(|r| Fix::replace(range.clone(), &match_case(written, r), false))
            .collect();
        out.emit(range, phrase.spec.message.clone(), fixes);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::lexicon::Lexicon;
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn misspellings_are_flagged_with_case_kept() {
        assert_eq!(
            flagged("misspelling", "The goverment said it recieved the note."),
            ["goverment", "recieved"]
        );
        assert_eq!(
            fixed("misspelling", "Goverment officials"),
            "Government officials"
        );
    }

    #[test]
    fn correct_words_names_and_korean_stay_quiet() {
        for text in [
            "The government said it received the note.",
            "Choe Son Hui met Han Song Ryol in Pyongyang.",
            "정부는 밝혔다 ddr@donga.com",
        ] {
            assert!(flagged("misspelling", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn staring_from_a_day_is_a_typo_but_staring_from_a_window_is_not() {
        assert_eq!(
            flagged("confusable", "two days staring from Friday in Kuala Lumpur"),
            ["staring from"]
        );
        assert!(flagged("confusable", "She sat staring from the window.").is_empty());
    }

    /// Every built-in phrase rule fires on its example and stays quiet on its
    /// correct twin.
    #[test]
    fn every_phrase_rule_passes_its_own_examples() {
        let lexicon = Lexicon::builtin_from_toml();
        assert!(
            lexicon.phrases.len() >= 150,
            "only {} phrase rules",
            lexicon.phrases.len()
        );
        let mut failures = Vec::new();
        for phrase in &lexicon.phrases {
            let spec = &phrase.spec;
            let (Some(example), Some(correct)) = (&spec.example, &spec.correct) else {
                failures.push(format!("{}: missing example or correct twin", spec.find));
                continue;
            };
            let fires = flagged("confusable", example).iter().any(|t| {
                t.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .eq_ignore_ascii_case(&spec.find)
            });
            if !fires {
                failures.push(format!("{}: does not fire on {example:?}", spec.find));
            }
            let quiet = flagged("confusable", correct);
            if !quiet.is_empty() {
                failures.push(format!(
                    "{}: fires {quiet:?} on the correct twin {correct:?}",
                    spec.find
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_misspelling_list_is_large_and_never_lists_a_correction_as_an_error() {
        let lexicon = Lexicon::builtin();
        assert!(
            lexicon.misspellings.len() >= 1000,
            "only {} misspellings",
            lexicon.misspellings.len()
        );
        let words: std::collections::HashSet<&str> = lexicon
            .misspellings
            .iter()
            .map(|m| m.word.as_str())
            .collect();
        for m in &lexicon.misspellings {
            for c in &m.corrections {
                assert!(
                    !words.contains(c.to_lowercase().as_str()),
                    "{} -> {c}, itself listed",
                    m.word
                );
            }
        }
    }
}
