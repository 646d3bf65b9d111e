//! Formal titles (`data/titles.toml` and a newsroom's own files), indexed by
//! their last word so a name's preceding words are checked in one lookup.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::document::Document;
use super::fold::{fold, fold_eq, fold_hash};
use super::format::Format;
use super::rules::word_set::KeyBits;
use crate::error::FileError;

pub const BUILTIN_TITLES: &str = include_str!("../../data/titles.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    titles: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Title {
    /// As written in house style: "Vice Foreign Minister".
    pub capitalized: String,
    /// Its folded words: ["vice", "foreign", "minister"].
    pub words: Vec<String>,
    /// Its words as written in house style: ["Vice", "Foreign", "Minister"].
    pub cased: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Titles {
    /// Folded hash of a title's last word → titles ending in it, longest first.
    by_last_word: FxHashMap<u64, Vec<Title>>,
    /// The same hashes as bits: most words end no title, and are ruled out
    /// before the map is probed (every capitalized word of a story is asked).
    last_words: KeyBits,
}

impl Titles {
    pub fn builtin() -> Arc<Titles> {
        static BUILTIN: OnceLock<Arc<Titles>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Arc::new(
                    Titles::parse(&[("data/titles.toml", BUILTIN_TITLES)])
                        .expect("built-in titles are valid"),
                )
            })
            .clone()
    }

    /// The built-in titles plus a newsroom's files, each `(name, text)`.
    pub fn parse(files: &[(&str, &str)]) -> Result<Titles, FileError> {
        let mut titles = Titles::default();
        for (name, text) in files {
            let file: TitlesFile =
                toml::from_str(text).map_err(|e| FileError::from_toml(name, text, &e))?;
            for capitalized in file.titles {
                let doc = Document::new(&capitalized, Format::Plain);
                let words: Vec<String> = doc.words.iter().map(|w| fold(doc.word(w))).collect();
                let cased: Vec<String> =
                    doc.words.iter().map(|w| doc.word(w).to_string()).collect();
                let Some(last) = words.last() else {
                    return Err(FileError::new(*name, "a title has no words").with_key("titles"));
                };
                titles.last_words.insert(fold_hash(last));
                let entry = titles.by_last_word.entry(fold_hash(last)).or_default();
                entry.push(Title {
                    capitalized,
                    words,
                    cased,
                });
                entry.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
            }
        }
        Ok(titles)
    }

    /// Whether a word with folded hash `key` may end a title (false for
    /// most words, decided without a map probe): a rule that walks every
    /// word can rule a word out with this before it reads anything else.
    #[inline]
    pub fn may_end(&self, key: u64) -> bool {
        self.last_words.may_contain(key)
    }

    /// The longest title whose words end at word `end` (exclusive) of `doc`,
    /// joined by whitespace alone; returns the index of its first word.
    pub fn ending_at<'a>(&'a self, doc: &Document<'_>, end: usize) -> Option<(usize, &'a Title)> {
        let last = end.checked_sub(1)?;
        let key = doc.words[last].key;
        if !self.may_end(key) {
            return None;
        }
        let candidates = self.by_last_word.get(&key)?;
        candidates.iter().find_map(|title| {
            let first = (last + 1).checked_sub(title.words.len())?;
            let words = &doc.words[first..=last];
            let joined = words.iter().skip(1).all(|w| w.joined);
            // Title words are stored folded.
            let same = words
                .iter()
                .zip(&title.words)
                .all(|(w, t)| fold_eq(doc.word(w), t));
            (joined && same).then_some((first, title))
        })
    }
}
