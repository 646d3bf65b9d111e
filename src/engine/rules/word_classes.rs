//! What the word rules start from, worked out once a block: which words
//! may set off which rule. Not a rule.
//!
//! Each rule that fires only at certain words ("a" and "an", a month, a
//! modal's noun, "its") names them as a class, from its own data
//! (`SOURCES`: each entry is the rule's own list). One table maps a
//! word's folded hash to the classes it belongs to; a block's words are
//! looked up in it once (`WordClasses::of`), and each rule then visits
//! only the words of its class (`words`) instead of testing every word
//! of the block. The class holds every word whose hash is one of the
//! class's words; each rule still confirms a word by its text as before,
//! so a rule sees the same words as when it tested every word itself.

use std::rc::Rc;
use std::sync::OnceLock;

use super::{a_an, age_inconsistent, demonym, doubled_attribution, doubled_determiner};
use super::{modal_noun, possessive_contraction, the_possessive};
use crate::engine::calendar::month_words;
use crate::engine::fold::fold_hash;
use crate::engine::{Context, Document};

/// A class of words: a bit of a word's classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Class(u8);

/// "a" and "an" (`a-an`).
pub const A_AN: Class = Class(0);
/// Articles (`doubled-determiner`'s data).
pub const ARTICLE: Class = Class(1);
/// Nouns written after a modal (`modal-noun`'s data).
pub const MODAL_NOUN: Class = Class(2);
/// "its", "it's" (`its-it-s`).
pub const ITS: Class = Class(3);
/// "their", "there", "they're" (`there-their`).
pub const THERE: Class = Class(4);
/// First words of the fixed names `demonym` corrects (its data).
pub const DEMONYM: Class = Class(5);
/// Verbs of attribution (`doubled-attribution`).
pub const ATTRIBUTION: Class = Class(6);
/// Months' names and abbreviations (`calendar.rs`: `date-format`,
/// `weekday-date`).
pub const MONTH: Class = Class(7);
/// "the" and ships' prefixes ("USS"): where `the-possessive` looks for a
/// name given an article.
pub const THE_OR_SHIP: Class = Class(8);
/// Words that say a story may span a birthday (`age-inconsistent`'s data).
pub const BIRTHDAY: Class = Class(9);
/// Words that start with an ASCII digit (`time-format`, `run-together`,
/// the ages): by the text, not by a list.
pub const DIGIT_START: Class = Class(10);

/// The classes read off a word list, in the order of their numbers.
const LISTED: usize = 10;
const CLASSES: usize = 11;

/// Each listed class's words, from the rule that owns it.
static SOURCES: [fn() -> Vec<&'static str>; LISTED] = [
    a_an::trigger_words,
    doubled_determiner::trigger_words,
    modal_noun::trigger_words,
    possessive_contraction::its_trigger_words,
    possessive_contraction::there_trigger_words,
    demonym::trigger_words,
    doubled_attribution::trigger_words,
    month_words,
    the_possessive::trigger_words,
    age_inconsistent::trigger_words,
];

/// Folded hash → classes, open addressing in a table at most a quarter
/// full: most words of a text stop at an empty slot on their first probe.
struct Table {
    keys: Box<[u64]>,
    masks: Box<[u16]>,
    /// The classes of the hash 0 (the empty slot's key), if any word has it.
    zero: u16,
    shift: u32,
}

impl Table {
    fn build() -> Table {
        let mut entries: Vec<(u64, u16)> = Vec::new();
        for (class, source) in SOURCES.iter().enumerate() {
            for word in source() {
                entries.push((fold_hash(word), 1 << class));
            }
        }
        let slots = (entries.len() * 4).next_power_of_two().max(64);
        let bits = slots.trailing_zeros();
        let mut table = Table {
            keys: vec![0; slots].into_boxed_slice(),
            masks: vec![0; slots].into_boxed_slice(),
            zero: 0,
            shift: 64 - bits,
        };
        for (key, mask) in entries {
            if key == 0 {
                table.zero |= mask;
                continue;
            }
            let mut at = table.slot(key);
            while table.keys[at] != 0 && table.keys[at] != key {
                at = (at + 1) & (slots - 1);
            }
            table.keys[at] = key;
            table.masks[at] |= mask;
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key >> self.shift) as usize // the hash's best-mixed bits
    }

    /// The classes of the words whose folded hash is `key`.
    #[cfg(test)]
    fn get(&self, key: u64) -> u16 {
        self.probe().get(key)
    }

    /// The table's parts as values, for a loop to keep in registers.
    #[inline]
    fn probe(&self) -> Probe<'_> {
        Probe {
            keys: &self.keys,
            masks: &self.masks,
            zero: self.zero,
            shift: self.shift,
        }
    }
}

#[derive(Clone, Copy)]
struct Probe<'a> {
    keys: &'a [u64],
    masks: &'a [u16],
    zero: u16,
    shift: u32,
}

impl Probe<'_> {
    #[inline]
    fn get(self, key: u64) -> u16 {
        let last = self.keys.len() - 1;
        let mut at = (key >> self.shift) as usize & last;
        loop {
            let k = self.keys[at];
            if k == key {
                // The empty slot's key is 0: the hash 0 has its classes apart.
                return if key == 0 { self.zero } else { self.masks[at] };
            }
            if k == 0 {
                return 0;
            }
            at = (at + 1) & last;
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(Table::build)
}

/// A block's words by class: the indices (into `Document::words`) of the
/// words of each class, in order.
#[derive(Debug, Default)]
pub struct WordClasses {
    words: [Vec<u32>; CLASSES],
}

impl WordClasses {
    /// The classes of every word of `doc`: one look-up a word.
    pub fn of(doc: &Document<'_>) -> WordClasses {
        let table = table().probe();
        let bytes = doc.text.as_bytes();
        let mut classes = WordClasses::default();
        for (i, word) in doc.words.iter().enumerate() {
            let mut mask = table.get(word.key);
            if bytes[word.range().start].is_ascii_digit() {
                mask |= 1 << DIGIT_START.0;
            }
            while mask != 0 {
                classes.words[mask.trailing_zeros() as usize].push(i as u32);
                mask &= mask - 1;
            }
        }
        classes
    }

    /// The words of `class`, by index, in order.
    #[inline]
    pub fn words(&self, class: Class) -> impl Iterator<Item = usize> + '_ {
        self.words[usize::from(class.0)].iter().map(|&i| i as usize)
    }
}

/// The block's `WordClasses`, worked out once for every rule that asks.
pub fn of(ctx: &Context<'_>) -> Rc<WordClasses> {
    ctx.shared(|ctx| Rc::new(WordClasses::of(ctx.doc)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Format;

    fn classes(text: &str, class: Class) -> Vec<String> {
        let doc = Document::block(text, Format::Plain, true);
        let classes = WordClasses::of(&doc);
        classes
            .words(class)
            .map(|i| doc.word(&doc.words[i]).to_string())
            .collect()
    }

    #[test]
    fn a_word_is_in_every_class_whose_list_holds_it_in_any_case() {
        let text = "An apple and a The report said It's there in March 2019 at 5pm in2019.";
        assert_eq!(classes(text, A_AN), ["An", "a"]);
        assert_eq!(classes(text, ARTICLE), ["An", "a", "The"]);
        assert_eq!(classes(text, ITS), ["It's"]);
        assert_eq!(classes(text, THERE), ["there"]);
        assert_eq!(classes(text, MONTH), ["March"]);
        assert_eq!(classes(text, DIGIT_START), ["2019", "5pm"]);
        assert_eq!(classes(text, ATTRIBUTION), ["said"]);
        let text = "The USS Carl Vinson docked as Kim, who turned 43, Turned away.";
        assert_eq!(classes(text, THE_OR_SHIP), ["The", "USS"]);
        assert_eq!(classes(text, BIRTHDAY), ["turned", "Turned"]);
    }

    #[test]
    fn every_listed_word_is_found_by_its_hash() {
        let table = table();
        for (class, source) in SOURCES.iter().enumerate() {
            for word in source() {
                assert!(table.get(fold_hash(word)) & (1 << class) != 0, "{word}");
            }
        }
        assert_eq!(table.get(fold_hash("copydesk")), 0);
    }
}
