//! "the" before a proper noun's possessive: "the Seoul's mayor".

use serde::Deserialize;

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::dictionary::{class_of, possessive_stem};
use super::word_set::{WordSet, capitalized};
use super::{DocumentRule, Rule, Story, capitals, word_classes};
use super::{Moved, SameMoved};
use crate::engine::Document;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::fold::fold_hash;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Emitter};
use crate::names::Kind;

pub static RULE: Rule = Rule {
    id: "the-possessive",
    default_level: Level::On(Severity::Warning),
    summary: "“the” before a name's possessive (“the Seoul's mayor”, “the South Korea's navy”)",
    explanation: "A name that takes no article keeps none in the possessive: “Seoul's mayor”, \
not “the Seoul's mayor”. The rule speaks only where it knows the name takes no article: a \
country or city listed in `data/the-possessive.toml`, a person or place of the names knowledge \
base, or a name (not an English word: “the President's”) the story itself writes without an \
article mid-sentence (“in Kaesong”) — and \
never one the story also writes after “the” (“the Seoul government”). Names that take “the” (“the Netherlands' ports”, “the Kremlin's line”, “the \
Nikkei's fall”, “the Sewol's captain”) are listed too, and so is a name the story writes after \
“the” or a ship's prefix (“USS Carl Vinson … the Carl Vinson's deck”); brands written with an \
apostrophe (“the McDonald's on Main Street”), abbreviations in capitals (“the UN's”) and plural \
possessives (“the Lakers'”) are left alone. The fix deletes “the” and is a suggestion.",
    uses_lexicon: false,
    check: None,
    document: Some(&ThePossessive),
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    takes_the: Vec<String>,
    brands: Vec<String>,
    no_article: Vec<String>,
    ship_prefixes: Vec<String>,
}

struct Sets {
    takes_the: WordSet,
    brands: WordSet,
    no_article: WordSet,
    ship_prefixes: WordSet,
}

rule_data!(Data, "the-possessive.toml");

fn sets() -> &'static Sets {
    static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
    SETS.get_or_init(|| Sets {
        takes_the: WordSet::new(&data().takes_the),
        brands: WordSet::new(&data().brands),
        no_article: WordSet::new(&data().no_article),
        ship_prefixes: WordSet::new(&data().ship_prefixes),
    })
}

/// The rarest class (SCOWL size 55) of a word taken for a common noun.
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
    /// The folded hash of the name's first word (without its "'s").
    key: u64,
    /// Listed, or in the names knowledge base, as taking no article.
    known: bool,
    /// Not a common English word: the story's bare use of it counts.
    learnable: bool,
}

/// What the rule keeps of a block.
#[derive(Default)]
pub struct Summary {
    candidates: Vec<Candidate>,
    /// Keys of capitalized words written after "the" or a ship's prefix
    /// ("USS"), not as a possessive: names the story gives an article.
    with_article: Vec<u64>,
    /// Keys of capitalized words written mid-sentence after a lowercase word
    /// other than "the" ("in Kaesong"): names the story gives none.
    bare: Vec<u64>,
}

impl DocumentRule for ThePossessive {
    type Summary = Summary;

    fn same(&self, before: &Summary, after: &Summary, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Summary {
        summarize(ctx)
    }

    fn check(&self, story: &Story<'_, Summary>, out: &mut Emitter<'_>) {
        // Most stories have no "the" before a possessive: no sets to build.
        if story.blocks.iter().all(|b| b.summary.candidates.is_empty()) {
            return;
        }
        let keys = |of: fn(&Summary) -> &Vec<u64>| -> FxHashSet<u64> {
            story
                .blocks
                .iter()
                .flat_map(|b| of(b.summary).iter().copied())
                .collect()
        };
        let with_article = keys(|s| &s.with_article);
        let bare = keys(|s| &s.bare);
        for block in &story.blocks {
            for c in &block.summary.candidates {
                // A name the lists or the knowledge base know, or one the story
                // writes without an article; never one it writes with one.
                let learned = c.learnable && bare.contains(&c.key);
                if !(c.known || learned) || with_article.contains(&c.key) {
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

/// The words this rule starts from (`word_classes::THE_OR_SHIP`): "the"
/// and the ships' prefixes.
pub(super) fn trigger_words() -> Vec<&'static str> {
    std::iter::once("the")
        .chain(sets().ship_prefixes.words())
        .collect()
}

/// Whether a word is a name the story writes without an article: a
/// capitalized word after a lowercase one other than "the", mid-sentence
/// ("in Kaesong"), not a ship's prefix. Asked of every capitalized word
/// by `capitals`' pass.
pub(super) struct BareTest {
    the_key: u64,
    sets: &'static Sets,
}

impl BareTest {
    pub(super) fn new() -> BareTest {
        BareTest {
            the_key: fold_hash("the"),
            sets: sets(),
        }
    }

    #[inline]
    pub(super) fn written_bare(&self, doc: &Document<'_>, before: &Word, word: &Word) -> bool {
        let ship = &self.sets.ship_prefixes;
        word.lead.is_ascii_uppercase()
            && !word.sentence_start
            && before.paragraph == word.paragraph
            && before.key != self.the_key
            && before.lead.is_ascii_lowercase()
            && word.key != self.the_key
            && !(ship.may_contain(word.key) && ship.has(doc, word))
    }
}

fn summarize(ctx: &Context<'_>) -> Summary {
    let doc = ctx.doc;
    let words = &doc.words;
    let sets = sets();
    let the_key = fold_hash("the");
    let ship =
        |word: &Word| sets.ship_prefixes.may_contain(word.key) && sets.ship_prefixes.has(doc, word);
    // The names the story writes without an article: found with
    // `title_inconsistent`'s titles in one pass over the words.
    let mut summary = Summary {
        bare: capitals::of(ctx).bare.clone(),
        ..Summary::default()
    };
    // "the" or a ship's prefix, then a name.
    for i in word_classes::of(ctx).words(word_classes::THE_OR_SHIP) {
        let article = &words[i];
        let the = article.key == the_key;
        if !the && !ship(article) {
            continue;
        }
        // Most articles come before a lowercase word: no name after them.
        let next = words.get(i + 1);
        if next.is_none_or(|next| !next.joined || next.lead.is_ascii_lowercase()) {
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
        }
        let Some(last) = last else {
            // "the Sewol ferry", "USS Carl Vinson": a name given an article.
            if let Some(next) = words.get(i + 1).filter(|w| w.joined) {
                if capitalized(doc.word(next)) {
                    summary.with_article.push(next.key);
                }
            }
            continue;
        };
        if !the {
            continue;
        }
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
        if acronym
            || sets.brands.contains(written)
            || sets.takes_the.contains(&name)
            || sets.takes_the.contains(stem)
        {
            continue;
        }
        // Known to take no article: a listed country or city, or a person or
        // place of the names knowledge base.
        let range = article.range().start..words[last].range().end;
        let known = sets.no_article.contains(&name)
            || known_person_or_place(ctx, words[i + 1].range().start, words[last].range().start);
        // A common English word capitalized is a title or an institution
        // ("the President's", "the Senate's"): the story's bare use of it
        // ("said President Biden") says nothing.
        let common = name_words
            .first()
            .is_some_and(|w| class_of(w).is_some_and(|c| c <= COMMON));
        let first_word = if last > i + 1 {
            words[i + 1].key
        } else {
            fold_hash(stem)
        };
        summary.candidates.push(Candidate {
            range,
            article: article.range().start..words[i + 1].range().start,
            name,
            key: first_word,
            known,
            learnable: !common,
        });
    }
    summary
}

/// Whether the name from byte `start` to the word at `last` (the one with
/// the possessive) is a person or a place of the names knowledge base: a
/// known name that begins there and runs into that word ("the Seoul's",
/// "the South Korea's"), not one inside a longer name ("the New York
/// Times's"). People and places take no article; organizations may.
fn known_person_or_place(ctx: &Context<'_>, start: usize, last: usize) -> bool {
    let names = &ctx.settings.names;
    ctx.mentions.iter().any(|m| {
        m.range.start == start
            && m.range.end > last
            && names
                .spellings
                .get(m.spelling)
                .and_then(|s| names.people.get(s.person))
                .is_some_and(|entity| entity.entity != Kind::Organization)
    })
}

impl SameMoved for Candidate {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.key == after.key
            && self.known == after.known
            && self.learnable == after.learnable
            && self.name == after.name
            && moved.range(&self.range, &after.range)
            && moved.range(&self.article, &after.article)
    }
}

impl SameMoved for Summary {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.with_article == after.with_article
            && self.bare == after.bare
            && self.candidates.same_moved(&after.candidates, moved)
    }
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
                "Kim Jong Un's sister spoke; the Kim Jong Un's regime denied it.",
                "Analysts doubt the Pyongyang's claims.",
                "Investors watched the China’s central bank.",
                "Factories in Kaesong closed, and the Kaesong's workers left.",
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
                "The Prado's curator and the Camp Nou's stands.",
                "The Koran's verses and the Rohingya's plight.",
                "Fans at the Bernabeu cheered; the Bernabeu's roof closed.",
                "He met President Biden and praised the President's plan.",
            ],
        );
    }
}
