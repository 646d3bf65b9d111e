//! "the" before a proper noun's possessive: "the Seoul's mayor".

use serde::Deserialize;

use super::Rule;
use super::dictionary::{class_of, possessive_stem};
use super::word_set::{WordSet, capitalized};
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::fold::fold_hash;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "the-possessive",
    default_level: Level::On(Severity::Warning),
    summary: "“the” before a name's possessive (“the Seoul's mayor”, “the South Korea's navy”)",
    explanation: "A name that takes no article keeps none in the possessive: “Seoul's mayor”, \
not “the Seoul's mayor”. Names that do take “the” (“the Netherlands' ports”, “the Kremlin's \
line”, “the Nikkei's fall”) are listed in `data/the-possessive.toml`, with brands written with \
an apostrophe (“the McDonald's on Main Street”). Only a name of capitalized words whose last word \
is not a common English word is read (“the Senate's vote”, “the New York Times's report” are right), \
unless the list names it (“the China's”); abbreviations in capitals (“the UN's”), plural \
possessives (“the Lakers'”) and a name the paragraph itself writes after “the” (“the Sewol \
ferry … the Sewol's captain”) are left alone. The fix deletes “the” and is a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    takes_the: Vec<String>,
    brands: Vec<String>,
    never_the: Vec<String>,
}

struct Sets {
    takes_the: WordSet,
    brands: WordSet,
    never_the: WordSet,
}

rule_data!(Data, "the-possessive.toml");

fn sets() -> &'static Sets {
    static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
    SETS.get_or_init(|| Sets {
        takes_the: WordSet::new(&data().takes_the),
        brands: WordSet::new(&data().brands),
        never_the: WordSet::new(&data().never_the),
    })
}

/// The rarest class (SCOWL size 55) of a word read as a common noun.
const COMMON: u8 = 6;

/// The longest name read after "the".
const MAX_NAME: usize = 4;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    let the = fold_hash("the");
    let sets = sets();
    for (i, article) in words.iter().enumerate() {
        if article.key != the {
            continue;
        }
        // The name: capitalized words joined by spaces, the last possessive.
        let mut last = None;
        for (j, word) in words.iter().enumerate().skip(i + 1).take(MAX_NAME) {
            let w = doc.word(word);
            if !word.joined || !capitalized(w) {
                break;
            }
            if possessive_stem(w).is_some_and(|stem| !stem.ends_with(['\'', '’'])) {
                last = Some(j);
                break;
            }
        }
        let Some(last) = last else {
            continue;
        };
        let written = doc.word(&words[last]);
        let Some(stem) = written
            .strip_suffix("'s")
            .or_else(|| written.strip_suffix("’s"))
        else {
            continue;
        };
        let name_words: Vec<&str> = words[i + 1..last]
            .iter()
            .map(|w| doc.word(w))
            .chain([stem])
            .collect();
        let name = name_words.join(" ");
        // Abbreviations in capitals ("the UN's", "the DPRK's").
        let acronym = name_words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 2);
        // A common English word is taken for a common noun ("the Senate's");
        // a rare one capitalized is a name ("Berlin", a carriage; "Brazil").
        let common = |w: &str| {
            w.split('-')
                .all(|part| class_of(part).is_some_and(|c| c <= COMMON))
        };
        if acronym
            || sets.brands.contains(written)
            || sets.takes_the.contains(&name)
            || sets.takes_the.contains(stem)
            || (common(stem) && !sets.never_the.contains(stem))
            || written_with_the_elsewhere(ctx, i, fold_hash(stem))
        {
            continue;
        }
        let range = article.range().start..words[last].range().end;
        out.emit(
            range,
            format!("“{name}” takes no article: “{name}’s”, not “the {name}’s”"),
            vec![Fix::suggestion(
                "Delete “the”",
                vec![Edit::delete(
                    article.range().start..words[i + 1].range().start,
                )],
            )],
        );
    }
}

/// Whether the paragraph writes the name `key` after "the" elsewhere, not as a
/// possessive ("the Sewol ferry"): then the name takes "the".
fn written_with_the_elsewhere(ctx: &Context<'_>, at: usize, key: u64) -> bool {
    let words = &ctx.doc.words;
    let the = fold_hash("the");
    let paragraph = words[at].paragraph;
    // The paragraph's words only: words are in order, so it is one run.
    let first = words.partition_point(|w| w.paragraph < paragraph);
    let last = words.partition_point(|w| w.paragraph <= paragraph);
    words[first..last]
        .windows(2)
        .any(|pair| pair[0].key == the && pair[1].key == key)
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_the_before_a_names_possessive() {
        each_flagged_once(
            "the-possessive",
            &[
                "The Seoul's mayor resigned on Monday.",
                "Officials praised the South Korea's navy.",
                "It was the Biden's first visit to Asia.",
                "Analysts doubt the Pyongyang's claims.",
                "Investors watched the China’s central bank.",
                "He criticized the Moon Jae-in's government.",
            ],
        );
        assert_eq!(
            fixed("the-possessive", "the Seoul's mayor"),
            "Seoul's mayor"
        );
    }

    #[test]
    fn quiet_on_names_that_take_the_and_common_nouns() {
        all_quiet(
            "the-possessive",
            &[
                "The Netherlands' ports reopened.",
                "the Philippines' coast guard and the United States' allies",
                "the Kremlin's line and the Pentagon's budget",
                "the Senate's vote and the New York Times's report",
                "the UN's envoy and the DPRK's statement",
                "the McDonald's on Main Street",
                "the Lakers' coach",
                "the Sewol ferry sank; the Sewol's captain was arrested.",
                "the Nikkei's fall and the Hague's court",
                "Seoul's mayor met the mayor of Tokyo.",
            ],
        );
    }
}
