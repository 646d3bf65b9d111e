//! Words of a rule's data by their folded hash, so that the grammar rules
//! rule a word in or out by the hash the tokenizer gave it (`Word::key`)
//! before reading its text. Not a rule.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Deserializer};

use crate::engine::Document;
use crate::engine::fold::{fold, fold_eq, fold_hash};
use crate::engine::tokenizer::Word;

/// 1,024 bits over word hashes: "certainly not in the list" for almost
/// every word of a text with one load, before any hash-map probe. Small
/// enough (128 bytes) that every rule's lists stay in cache.
#[derive(Clone, Debug, Default)]
pub struct KeyBits([u64; 16]);

impl KeyBits {
    #[inline]
    fn slot(key: u64) -> (usize, u64) {
        let bit = (key >> 54) as usize; // the hash's best-mixed bits
        (bit >> 6, 1 << (bit & 63))
    }

    pub fn insert(&mut self, key: u64) {
        let (word, mask) = KeyBits::slot(key);
        self.0[word] |= mask;
    }

    #[inline]
    pub fn may_contain(&self, key: u64) -> bool {
        let (word, mask) = KeyBits::slot(key);
        self.0[word] & mask != 0
    }
}

#[derive(Debug, Default)]
pub struct WordSet {
    bits: KeyBits,
    /// Folded hash → the word, folded (a hash match is confirmed on it).
    words: FxHashMap<u64, String>,
}

impl WordSet {
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> WordSet {
        let words: FxHashMap<u64, String> = words
            .into_iter()
            .map(|w| (fold_hash(w.as_ref()), fold(w.as_ref())))
            .collect();
        let mut bits = KeyBits::default();
        for &key in words.keys() {
            bits.insert(key);
        }
        WordSet { bits, words }
    }

    /// Whether a word with this folded hash may be in the set (no false
    /// negative; about one false positive a hundred words).
    #[inline]
    pub fn may_contain(&self, key: u64) -> bool {
        self.bits.may_contain(key)
    }

    /// Whether `word` of `doc` is in the set: its hash first, then its text.
    #[inline]
    pub fn has(&self, doc: &Document<'_>, word: &Word) -> bool {
        self.bits.may_contain(word.key)
            && self
                .words
                .get(&word.key)
                .is_some_and(|w| fold_eq(w, doc.word(word)))
    }

    /// The words, folded, in no order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.values().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `word` (any case) is in the set.
    pub fn contains(&self, word: &str) -> bool {
        self.words
            .get(&fold_hash(word))
            .is_some_and(|w| fold_eq(w, word))
    }
}

/// A list of words in a rule's data file is read straight into a set:
/// `field: WordSet` in the rule's `Data`.
impl<'de> Deserialize<'de> for WordSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WordSet, D::Error> {
        Vec::<String>::deserialize(deserializer).map(WordSet::new)
    }
}

/// `words::SPELLING_FUNCTION_WORDS` as a set, for the rules that ask
/// whether a word is a function word.
pub fn function_words() -> &'static WordSet {
    static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| WordSet::new(crate::engine::words::SPELLING_FUNCTION_WORDS))
}

/// Whether the first letter of `word` is a capital.
pub fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `word` is written in lowercase ASCII letters (with `'`, `’`, `-`).
pub fn plain_lowercase(word: &str) -> bool {
    word.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || matches!(c, '\'' | '’' | '-'))
}
