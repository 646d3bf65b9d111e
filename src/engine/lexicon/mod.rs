//! Word-list rule data: misspellings and phrase rules (real-word typos and
//! confusables), compiled into one index keyed by a phrase's first word so
//! that a single pass over the words finds every entry of every list.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::document::Document;
use super::fold::{KeyFilter, fold, fold_eq, fold_hash};
use super::words::{
    DETERMINERS, IRREGULAR_PARTICIPLES, MONTHS, NUMBER_WORDS, PRONOUNS, TIME_WORDS, WEEKDAYS,
};
use crate::error::FileError;

/// `data/phrases.toml` and `data/misspellings.toml`, already parsed:
/// Rust statics that `build.rs` writes into `OUT_DIR`.
mod builtin {
    use super::StaticPhrase;
    include!(concat!(env!("OUT_DIR"), "/lexicon_builtin.rs"));
}
#[cfg(test)]
const BUILTIN_PHRASES: &str = include_str!("../../../data/phrases.toml");
#[cfg(test)]
const BUILTIN_MISSPELLINGS: &str = include_str!("../../../data/misspellings.toml");

/// A built-in phrase rule, as `build.rs` compiles it.
pub struct StaticPhrase {
    pub find: &'static str,
    pub replace: &'static [&'static str],
    pub message: &'static str,
    pub next: &'static [&'static str],
    pub not_next: &'static [&'static str],
    pub prev: &'static [&'static str],
    pub not_prev: &'static [&'static str],
}

impl StaticPhrase {
    /// The context fields left empty, for `..StaticPhrase::NO_CONTEXT`.
    pub const NO_CONTEXT: StaticPhrase = StaticPhrase {
        find: "",
        replace: &[],
        message: "",
        next: &[],
        not_next: &[],
        prev: &[],
        not_prev: &[],
    };
}

/// A phrase rule as written in a phrases file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseSpec {
    pub find: String,
    pub replace: Vec<String>,
    pub message: String,
    #[serde(default)]
    pub next: Vec<String>,
    #[serde(default)]
    pub not_next: Vec<String>,
    #[serde(default)]
    pub prev: Vec<String>,
    #[serde(default)]
    pub not_prev: Vec<String>,
    /// A sentence the rule fires on (run as a test).
    pub example: Option<String>,
    /// A correct twin the rule stays quiet on (run as a test).
    pub correct: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    #[serde(default)]
    phrase: Vec<PhraseSpec>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Corrections {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MisspellingFile {
    misspellings: BTreeMap<String, Corrections>,
}

/// A named class of words usable in a phrase rule's context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Weekday,
    Month,
    Number,
    Time,
    Determiner,
    Pronoun,
    Participle,
}

impl Class {
    fn parse(name: &str) -> Option<Class> {
        Some(match name {
            "@weekday" => Class::Weekday,
            "@month" => Class::Month,
            "@number" => Class::Number,
            "@time" => Class::Time,
            "@determiner" => Class::Determiner,
            "@pronoun" => Class::Pronoun,
            "@participle" => Class::Participle,
            _ => return None,
        })
    }

    fn contains(self, folded: &str) -> bool {
        match self {
            Class::Weekday => WEEKDAYS.contains(&folded),
            Class::Month => MONTHS.contains(&folded),
            Class::Number => {
                folded.bytes().next().is_some_and(|b| b.is_ascii_digit())
                    || NUMBER_WORDS.contains(&folded)
            }
            Class::Time => TIME_WORDS.contains(&folded) || Class::Weekday.contains(folded),
            Class::Determiner => DETERMINERS.contains(&folded),
            Class::Pronoun => PRONOUNS.contains(&folded),
            Class::Participle => {
                (folded.len() >= 4 && folded.ends_with("ed"))
                    || IRREGULAR_PARTICIPLES.contains(&folded)
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Cond {
    Word(Box<str>),
    Class(Class),
}

impl Cond {
    fn matches(&self, folded: &str) -> bool {
        match self {
            Cond::Word(w) => **w == *folded,
            Cond::Class(c) => c.contains(folded),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Phrase {
    pub spec: PhraseSpec,
    words: Vec<Box<str>>,
    /// `fold_hash` of each word: most candidates ("in the" of "in the mist
    /// of") fail on a later word, and a hash says so without reading it.
    keys: Vec<u64>,
    next: Vec<Cond>,
    not_next: Vec<Cond>,
    prev: Vec<Cond>,
    not_prev: Vec<Cond>,
}

#[derive(Clone, Debug)]
pub struct Misspelling {
    pub word: String,
    pub corrections: Vec<String>,
}

/// The entries whose first word folds to `word`.
#[derive(Clone, Debug, Default)]
struct Slot {
    word: Box<str>,
    misspelling: Option<u32>,
    phrases: Vec<u32>,
}

/// Where a list entry matched, as indices into `Document::words`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    Misspelling {
        word: usize,
        entry: u32,
    },
    Phrase {
        first: usize,
        last: usize,
        entry: u32,
    },
}

/// A file of rule data: its name for error messages, and its text.
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Misspellings and one-word phrases, keyed by `fold_hash` of the word;
    /// `Slot::word` settles collisions.
    index: FxHashMap<u64, Slot>,
    /// Phrases of two words or more, keyed by `pair_key` of their first two
    /// words, so that common first words ("the", "of") cost one lookup.
    pairs: FxHashMap<u64, Vec<u32>>,
    /// Keys of `index` and of `pairs`, so that a common first word ("the")
    /// costs a bitmap test, not a map lookup, when nothing follows from it.
    singles: KeyFilter,
    pair_keys: KeyFilter,
    pub phrases: Vec<Phrase>,
    pub misspellings: Vec<Misspelling>,
}

impl Lexicon {
    /// The lists compiled into the binary, built once per process from
    /// `build.rs`: the TOML files, already parsed (parsing them at every
    /// start cost more than checking a long story).
    pub fn builtin() -> Arc<Lexicon> {
        static BUILTIN: OnceLock<Arc<Lexicon>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let owned = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
                let phrases = builtin::PHRASES
                    .iter()
                    .map(|p| PhraseSpec {
                        find: p.find.to_string(),
                        replace: owned(p.replace),
                        message: p.message.to_string(),
                        next: owned(p.next),
                        not_next: owned(p.not_next),
                        prev: owned(p.prev),
                        not_prev: owned(p.not_prev),
                        example: None,
                        correct: None,
                    })
                    .collect();
                let misspellings = builtin::MISSPELLINGS
                    .iter()
                    .map(|(word, corrections)| (word.to_string(), owned(corrections)));
                let mut lexicon = Lexicon::default();
                lexicon
                    .add_phrase_specs("data/phrases.toml", phrases)
                    .and_then(|()| {
                        lexicon.add_misspelling_entries("data/misspellings.toml", misspellings)
                    })
                    .expect("built-in rule data is valid (tested)");
                Arc::new(lexicon)
            })
            .clone()
    }

    /// The built-in lists parsed from their TOML sources, examples included.
    #[cfg(test)]
    pub fn builtin_from_toml() -> Lexicon {
        let mut lexicon = Lexicon::default();
        lexicon
            .add_phrases(&Source {
                name: "data/phrases.toml",
                text: BUILTIN_PHRASES,
            })
            .and_then(|()| {
                lexicon.add_misspellings(&Source {
                    name: "data/misspellings.toml",
                    text: BUILTIN_MISSPELLINGS,
                })
            })
            .expect("built-in rule data is valid");
        lexicon
    }

    /// The built-in lists plus a newsroom's own phrase files.
    pub fn with_phrases(sources: &[Source<'_>]) -> Result<Lexicon, FileError> {
        let mut lexicon = (*Lexicon::builtin()).clone();
        for source in sources {
            lexicon.add_phrases(source)?;
        }
        Ok(lexicon)
    }

    pub fn add_phrases(&mut self, source: &Source<'_>) -> Result<(), FileError> {
        let file: PhraseFile = toml::from_str(source.text)
            .map_err(|e| FileError::from_toml(source.name, source.text, &e))?;
        self.add_phrase_specs(source.name, file.phrase)
    }

    fn add_phrase_specs(&mut self, name: &str, specs: Vec<PhraseSpec>) -> Result<(), FileError> {
        for (n, spec) in specs.into_iter().enumerate() {
            let entry_error = |key: &str, message: String| {
                FileError::new(
                    name,
                    format!(
                        "[[phrase]] #{} (“{}”): {message}",
                        n + 1,
                        crate::error::shorten(&spec.find)
                    ),
                )
                .with_key(key)
            };
            let words: Vec<Box<str>> = spec.find.split_whitespace().map(fold_owned).collect();
            if words.is_empty() {
                return Err(entry_error("find", "is empty".into()));
            }
            if spec.replace.is_empty() {
                return Err(entry_error(
                    "replace",
                    "needs at least one replacement".into(),
                ));
            }
            let conds = |key: &str, items: &[String]| -> Result<Vec<Cond>, FileError> {
                items
                    .iter()
                    .map(|item| {
                        if item.starts_with('@') {
                            Class::parse(item).map(Cond::Class).ok_or_else(|| {
                                entry_error(
                                    key,
                                    format!(
                                        "unknown word class `{item}` (known: @weekday, @month, @number, @time, @determiner, @pronoun, @participle)"
                                    ),
                                )
                            })
                        } else {
                            Ok(Cond::Word(fold_owned(item)))
                        }
                    })
                    .collect()
            };
            let phrase = Phrase {
                next: conds("next", &spec.next)?,
                not_next: conds("not_next", &spec.not_next)?,
                prev: conds("prev", &spec.prev)?,
                not_prev: conds("not_prev", &spec.not_prev)?,
                keys: words.iter().map(|w| fold_hash(w)).collect(),
                words,
                spec,
            };
            let id = self.phrases.len() as u32;
            match phrase.words.get(1) {
                Some(second) => {
                    let key = pair_key(fold_hash(&phrase.words[0]), fold_hash(second));
                    self.pair_keys.insert(key);
                    self.pairs.entry(key).or_default().push(id);
                }
                None => self.slot(&phrase.words[0]).phrases.push(id),
            }
            self.phrases.push(phrase);
        }
        Ok(())
    }

    pub fn add_misspellings(&mut self, source: &Source<'_>) -> Result<(), FileError> {
        let file: MisspellingFile = toml::from_str(source.text)
            .map_err(|e| FileError::from_toml(source.name, source.text, &e))?;
        let entries = file.misspellings.into_iter().map(|(word, corrections)| {
            let corrections = match corrections {
                Corrections::One(c) => vec![c],
                Corrections::Many(cs) => cs,
            };
            (word, corrections)
        });
        self.add_misspelling_entries(source.name, entries)
    }

    fn add_misspelling_entries(
        &mut self,
        name: &str,
        entries: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Result<(), FileError> {
        for (word, corrections) in entries {
            if corrections.is_empty() {
                return Err(FileError::new(name, "needs at least one correction").with_key(word));
            }
            let id = self.misspellings.len() as u32;
            self.slot(&fold(&word)).misspelling = Some(id);
            self.misspellings.push(Misspelling { word, corrections });
        }
        Ok(())
    }

    fn slot(&mut self, folded: &str) -> &mut Slot {
        self.singles.insert(fold_hash(folded));
        let slot = self.index.entry(fold_hash(folded)).or_default();
        if slot.word.is_empty() {
            slot.word = folded.into();
        }
        slot
    }

    /// Every misspelling and phrase rule that matches in `doc`, in one pass
    /// over its words: in the order of their first words (`spelling` finds
    /// a word's by halving).
    pub fn scan(&self, doc: &Document<'_>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let words = &doc.words;
        let (singles, pair_keys) = (&self.singles, &self.pair_keys);
        for (i, pair) in words.windows(2).enumerate() {
            let (word, next) = (&pair[0], &pair[1]);
            // A quarter of all words ("the", "and", "to") begin some entry,
            // so first words alone rule out too little; a word alone or a
            // word and its successor rule out nearly everything, and both
            // bitmap tests are taken without a branch apiece (the pair's
            // key is worked out even when the two are not joined).
            let pair_key = pair_key(word.key, next.key);
            let maybe_single = singles.may_contain(word.key);
            let maybe_pair = next.joined & pair_keys.may_contain(pair_key);
            if maybe_single | maybe_pair {
                // Out of the loop, which then keeps its state in registers.
                self.scan_at(
                    doc,
                    i,
                    maybe_single,
                    maybe_pair.then_some(pair_key),
                    &mut hits,
                );
            }
        }
        // The last word begins no pair.
        if let Some(last) = words.last() {
            if singles.may_contain(last.key) {
                self.scan_at(doc, words.len() - 1, true, None, &mut hits);
            }
        }
        hits
    }

    /// The entries that may start at word `i`: its own if it may begin
    /// one, those of its pair with the next word (`pair`, its key) if that
    /// may begin one.
    #[inline(never)]
    fn scan_at(
        &self,
        doc: &Document<'_>,
        i: usize,
        maybe_single: bool,
        pair: Option<u64>,
        hits: &mut Vec<Hit>,
    ) {
        let word = &doc.words[i];
        let mut candidates: &[u32] = &[];
        let single = if maybe_single {
            self.index.get(&word.key)
        } else {
            None
        };
        if let Some(slot) = single {
            if fold_eq(doc.word(word), &slot.word) {
                if let Some(entry) = slot.misspelling {
                    hits.push(Hit::Misspelling { word: i, entry });
                }
                candidates = &slot.phrases;
            }
        }
        let pair = pair.and_then(|key| self.pairs.get(&key));
        let mut best: Option<(usize, u32)> = None;
        for &entry in candidates.iter().chain(pair.into_iter().flatten()) {
            let phrase = &self.phrases[entry as usize];
            let Some(last) = self.match_phrase(doc, i, phrase) else {
                continue;
            };
            if best.is_none_or(|(l, _)| last > l) {
                best = Some((last, entry));
            }
        }
        if let Some((last, entry)) = best {
            hits.push(Hit::Phrase {
                first: i,
                last,
                entry,
            });
        }
    }

    fn match_phrase(&self, doc: &Document<'_>, first: usize, phrase: &Phrase) -> Option<usize> {
        let words = &doc.words;
        let last = first + phrase.words.len() - 1;
        if last >= words.len() {
            return None;
        }
        let hashes_agree = words[first..=last]
            .iter()
            .zip(&phrase.keys)
            .all(|(word, &key)| word.key == key);
        if !hashes_agree {
            return None;
        }
        if !fold_eq(doc.word(&words[first]), &phrase.words[0]) {
            return None;
        }
        for (k, expected) in phrase.words.iter().enumerate().skip(1) {
            let word = &words[first + k];
            if !word.joined || !fold_eq(doc.word(word), expected) {
                return None;
            }
        }
        let next = words
            .get(last + 1)
            .filter(|w| w.joined)
            .map(|w| fold(doc.word(w)));
        let prev = (first > 0 && words[first].joined).then(|| fold(doc.word(&words[first - 1])));
        let accepts = |conds: &[Cond], word: &Option<String>, required: bool| -> bool {
            if conds.is_empty() {
                return true;
            }
            let hit = word
                .as_deref()
                .is_some_and(|w| conds.iter().any(|c| c.matches(w)));
            hit == required
        };
        (accepts(&phrase.next, &next, true)
            && accepts(&phrase.not_next, &next, false)
            && accepts(&phrase.prev, &prev, true)
            && accepts(&phrase.not_prev, &prev, false))
        .then_some(last)
    }
}

fn pair_key(first: u64, second: u64) -> u64 {
    (first.rotate_left(17) ^ second).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn fold_owned(word: &str) -> Box<str> {
    fold(word).into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::format::Format;

    fn lexicon(phrases: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        lexicon
            .add_phrases(&Source {
                name: "test.toml",
                text: phrases,
            })
            .unwrap();
        lexicon
    }

    const STARING: &str = r#"
[[phrase]]
find = "staring from"
replace = ["starting from"]
message = "typo"
next = ["@weekday", "@time"]
"#;

    fn phrase_hits(lexicon: &Lexicon, text: &str) -> usize {
        let doc = Document::new(text, Format::Plain);
        lexicon
            .scan(&doc)
            .iter()
            .filter(|h| matches!(h, Hit::Phrase { .. }))
            .count()
    }

    #[test]
    fn context_decides_whether_a_phrase_fires() {
        let lexicon = lexicon(STARING);
        assert_eq!(phrase_hits(&lexicon, "two days staring from Friday"), 1);
        assert_eq!(phrase_hits(&lexicon, "two days Staring\nfrom tomorrow"), 1);
        assert_eq!(phrase_hits(&lexicon, "staring from the window"), 0);
        assert_eq!(phrase_hits(&lexicon, "staring from, Friday"), 0);
        assert_eq!(phrase_hits(&lexicon, "staring, from Friday"), 0);
    }

    #[test]
    fn unknown_class_is_an_error_naming_file_entry_and_key() {
        let mut lexicon = Lexicon::default();
        let err = lexicon
            .add_phrases(&Source {
                name: "desk/phrases.toml",
                text: "[[phrase]]\nfind = \"x y\"\nreplace = [\"z\"]\nmessage = \"m\"\nnext = [\"@colour\"]\n",
            })
            .unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("desk/phrases.toml: key `next`: [[phrase]] #1 (“x y”)"),
            "{shown}"
        );
        assert!(shown.contains("@colour"));
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let mut lexicon = Lexicon::default();
        let err = lexicon
            .add_phrases(&Source {
                name: "p.toml",
                text: "[[phrase]]\nfind = \"a\"\nrepalce = [\"b\"]\n",
            })
            .unwrap_err();
        assert_eq!(err.file, "p.toml");
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn the_compiled_lists_match_the_toml_files() {
        let from_toml = Lexicon::builtin_from_toml();
        let builtin = Lexicon::builtin();
        assert_eq!(builtin.phrases.len(), from_toml.phrases.len());
        assert_eq!(builtin.misspellings.len(), from_toml.misspellings.len());
        for (a, b) in builtin.phrases.iter().zip(&from_toml.phrases) {
            assert_eq!(
                (&a.spec.find, &a.spec.message, &a.spec.replace),
                (&b.spec.find, &b.spec.message, &b.spec.replace)
            );
            assert_eq!(
                (
                    &a.spec.next,
                    &a.spec.not_next,
                    &a.spec.prev,
                    &a.spec.not_prev
                ),
                (
                    &b.spec.next,
                    &b.spec.not_next,
                    &b.spec.prev,
                    &b.spec.not_prev
                )
            );
        }
        for (a, b) in builtin.misspellings.iter().zip(&from_toml.misspellings) {
            assert_eq!((&a.word, &a.corrections), (&b.word, &b.corrections));
        }
    }
}
