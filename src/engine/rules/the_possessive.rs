//! "the" before a proper noun's possessive: "the Seoul's mayor".

use serde::Deserialize;

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::dictionary::{class_of, possessive_stem};
use super::word_set::{WordSet, capitalized};
use super::{DocumentRule, Rule, Story};
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
possessives (“the Lakers'”) and a name the story itself writes after “the” or a ship's prefix \
(“the Sewol ferry … the Sewol's captain”, “USS Carl Vinson … the Carl Vinson's deck”) are left \
alone. The fix deletes “the” and is a suggestion.",
    uses_lexicon: false,
    check: None,
    document: Some(&ThePossessive),
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    takes_the: Vec<String>,
    brands: Vec<String>,
    never_the: Vec<String>,
    ship_prefixes: Vec<String>,
}

struct Sets {
    takes_the: WordSet,
    brands: WordSet,
    never_the: WordSet,
    ship_prefixes: WordSet,
}

rule_data!(Data, "the-possessive.toml");

fn sets() -> &'static Sets {
    static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
    SETS.get_or_init(|| Sets {
        takes_the: WordSet::new(&data().takes_the),
        brands: WordSet::new(&data().brands),
        never_the: WordSet::new(&data().never_the),
        ship_prefixes: WordSet::new(&data().ship_prefixes),
    })
}

/// The rarest class (SCOWL size 55) of a word read as a common noun.
const COMMON: u8 = 6;

/// The longest name read after "the".
const MAX_NAME: usize = 4;

struct ThePossessive;

/// A "the" before a name's possessive, block-relative.
pub struct Candidate {
    range: Range<usize>,
    /// "the " with the space after it: what the fix deletes.
    article: Range<usize>,
    name: String,
    /// The folded hash of the name's last word without its "'s".
    key: u64,
}

/// What the rule keeps of a block.
#[derive(Default)]
pub struct Summary {
    candidates: Vec<Candidate>,
    /// Keys of capitalized words written after "the" or a ship's prefix
    /// ("USS"), not as a possessive: names the story gives an article.
    with_article: Vec<u64>,
}

impl DocumentRule for ThePossessive {
    type Summary = Summary;

    fn summarize(&self, ctx: &Context<'_>) -> Summary {
        summarize(ctx)
    }

    fn check(&self, story: &Story<'_, Summary>, out: &mut Emitter<'_>) {
        let with_article: FxHashSet<u64> = story
            .blocks
            .iter()
            .flat_map(|b| b.summary.with_article.iter().copied())
            .collect();
        for block in &story.blocks {
            for c in &block.summary.candidates {
                if with_article.contains(&c.key) {
                    continue;
                }
                let shift = |r: &Range<usize>| block.start + r.start..block.start + r.end;
                let name = &c.name;
                out.emit(
                    shift(&c.range),
                    format!("“{name}” takes no article: “{name}’s”, not “the {name}’s”"),
                    vec![Fix::suggestion(
                        "Delete “the”",
                        vec![Edit::delete(shift(&c.article))],
                    )],
                );
            }
        }
    }
}

fn summarize(ctx: &Context<'_>) -> Summary {
    let doc = ctx.doc;
    let words = &doc.words;
    let sets = sets();
    let the_key = fold_hash("the");
    let mut summary = Summary::default();
    for (i, article) in words.iter().enumerate() {
        // Cheap test first: "the", or a ship's prefix.
        let the = article.key == the_key;
        if !the && !sets.ship_prefixes.has(doc, article) {
            continue;
        }
        // The name: capitalized words joined by spaces, the last possessive.
        let mut last = None;
        for (j, word) in words.iter().enumerate().skip(i + 1).take(MAX_NAME) {
            let w = doc.word(word);
            if !word.joined || !capitalized(w) {
                break;
            }
            if w.ends_with("'s") || w.ends_with("’s") {
                last = Some(j);
                break;
            }
            summary.with_article.push(word.key);
        }
        let Some(last) = last.filter(|_| the) else {
            continue;
        };
        let written = doc.word(&words[last]);
        let stem = possessive_stem(written).unwrap_or(written);
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
        {
            continue;
        }
        summary.candidates.push(Candidate {
            range: article.range().start..words[last].range().end,
            article: article.range().start..words[i + 1].range().start,
            name,
            key: fold_hash(stem),
        });
    }
    summary
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
                "The USS Carl Vinson arrived.\n\nThe Carl Vinson's deck was full.",
                "the Nikkei's fall and the Hague's court",
                "Seoul's mayor met the mayor of Tokyo.",
            ],
        );
    }
}
