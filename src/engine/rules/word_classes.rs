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

use std::sync::OnceLock;

use super::{a_an, age_inconsistent, demonym, doubled_attribution, doubled_determiner};
use super::{modal_noun, possessive_contraction, the_possessive};
use crate::engine::calendar::month_words;
use crate::engine::fold::fold_hash;
use crate::engine::tokenizer::Word;
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

/// Slots of the table: a power of two, at least eight times the listed
/// words (90 in all now; `Table::build` holds it to that), so that few
/// words of a text need a second probe (a third did at 512).
const SLOTS: usize = 1024;
const SLOT_BITS: u32 = SLOTS.trailing_zeros();

/// Folded hash → classes, open addressing in a table at most
/// an eighth full: most words of a text stop at an empty slot on their
/// first probe.
/// Its size is a constant, so that no slot index needs a bounds check.
struct Table {
    keys: Box<[u64; SLOTS]>,
    masks: Box<[u16; SLOTS]>,
    /// The classes of the hash 0 (the empty slot's key), if any word has it.
    zero: u16,
}

impl Table {
    fn build() -> Table {
        let mut entries: Vec<(u64, u16)> = Vec::new();
        for (class, source) in SOURCES.iter().enumerate() {
            for word in source() {
                entries.push((fold_hash(word), 1 << class));
            }
        }
        // The rules' own lists, built in: a test builds this table.
        assert!(
            entries.len() * 8 <= SLOTS,
            "word_classes: {} listed words need a larger table",
            entries.len()
        );
        let mut table = Table {
            keys: Box::new([0; SLOTS]),
            masks: Box::new([0; SLOTS]),
            zero: 0,
        };
        for (key, mask) in entries {
            if key == 0 {
                table.zero |= mask;
                continue;
            }
            let mut at = slot(key);
            while table.keys[at] != 0 && table.keys[at] != key {
                at = (at + 1) % SLOTS;
            }
            table.keys[at] = key;
            table.masks[at] |= mask;
        }
        table
    }

    /// The classes of the words whose folded hash is `key` (out of line:
    /// `Classifier::word` settles the common words on their first probe).
    #[inline(never)]
    fn get(&self, key: u64) -> u16 {
        let mut at = slot(key);
        loop {
            let k = self.keys[at];
            if k == key {
                // The empty slot's key is 0: the hash 0 has its classes apart.
                return if key == 0 { self.zero } else { self.masks[at] };
            }
            if k == 0 {
                return 0;
            }
            at = (at + 1) % SLOTS;
        }
    }
}

/// A key's first slot: the hash's best-mixed bits.
#[inline]
fn slot(key: u64) -> usize {
    (key >> (64 - SLOT_BITS)) as usize
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(Table::build)
}

/// A block's words by class: the indices (into `Document::words`) of the
/// words of each class, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WordClasses {
    words: [Vec<u32>; CLASSES],
}

impl WordClasses {
    /// The classes of every word of `doc` (`Document::word_classes` keeps
    /// them, worked out once with the words).
    pub fn of(doc: &Document<'_>) -> WordClasses {
        WordClasses::of_words(&doc.words, doc.text.as_bytes())
    }

    /// The classes of `words`, words of `text`.
    pub(crate) fn of_words(words: &[Word], text: &[u8]) -> WordClasses {
        let mut classifier = Classifier::new(text.len());
        for (i, word) in words.iter().enumerate() {
            classifier.word(i as u32, word.key, text[word.range().start]);
        }
        classifier.finish()
    }

    /// Word `i` to each class of `mask`: out of line, so that the loop
    /// over the words (most in no class) keeps its state in registers.
    #[inline(never)]
    fn add(&mut self, i: usize, mut mask: u16) {
        while mask != 0 {
            self.words[mask.trailing_zeros() as usize].push(i as u32);
            mask &= mask - 1;
        }
    }

    /// The words of `class`, by index, in order.
    #[inline]
    pub fn words(&self, class: Class) -> impl Iterator<Item = usize> + '_ {
        self.words[usize::from(class.0)].iter().map(|&i| i as usize)
    }
}

/// Works out a block's `WordClasses` a word at a time, as the tokenizer
/// settles each word's hash (`tokenizer::tokenize_marking`): one look-up a
/// word in a table of fixed size, and the few words in a class handed to an
/// out-of-line function, so that the tokenizer's loop keeps its registers.
pub(crate) struct Classifier {
    keys: &'static [u64; SLOTS],
    table: &'static Table,
    classes: WordClasses,
}

impl Classifier {
    /// For a block of `bytes` bytes.
    pub(crate) fn new(bytes: usize) -> Classifier {
        let table = table();
        // Few words of a text are in any class ("the", "a", "said"…): sized
        // (for words about six bytes apart) so that a list seldom grows.
        let room = bytes / 96 + 4;
        Classifier {
            keys: &table.keys,
            table,
            classes: WordClasses {
                words: std::array::from_fn(|_| Vec::with_capacity(room)),
            },
        }
    }

    /// Word `index`, with folded hash `key` and first byte `first`.
    #[inline(always)]
    pub(crate) fn word(&mut self, index: u32, key: u64, first: u8) {
        // The first probe here; a word whose slot holds another key goes on
        // in `Table::get`.
        let at = slot(key);
        let k = self.keys[at];
        let listed = if k == 0 && key != 0 {
            0
        } else if k == key && key != 0 {
            self.table.masks[at]
        } else {
            self.table.get(key)
        };
        let mask = listed | u16::from(first.is_ascii_digit()) << DIGIT_START.0;
        if mask != 0 {
            self.classes.add(index as usize, mask);
        }
    }

    pub(crate) fn finish(self) -> WordClasses {
        self.classes
    }
}

/// The block's `WordClasses`, worked out with its words.
pub fn of<'a>(ctx: &Context<'a>) -> &'a WordClasses {
    ctx.doc.word_classes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Format;

    fn classes(text: &str, class: Class) -> Vec<String> {
        let doc = Document::block(text, Format::Plain, true);
        // As the tokenizer settles them, and as a second walk does.
        let classes = doc.word_classes();
        assert_eq!(*classes, WordClasses::of(&doc));
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
