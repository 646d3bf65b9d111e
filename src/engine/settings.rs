//! Everything the engine needs from the configuration, already compiled.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::calendar::Date;
use super::finding::Level;
use super::lexicon::Lexicon;
use super::rules::Rule;
use super::titles::Titles;
use crate::names::{NameIndex, Romanization};

/// House choice for quotation marks and apostrophes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QuoteStyle {
    /// Either style, as long as one story does not mix them.
    #[default]
    Any,
    Curly,
    Straight,
}

/// House choice for the case of headlines (`[style] headlines`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeadlineStyle {
    /// Not checked.
    #[default]
    Any,
    /// AP: capitalize the first word and names only.
    Sentence,
    /// Capitalize every word but short articles, conjunctions and prepositions.
    Title,
}

/// House spelling (`[style] spelling`): which of SCOWL's regional
/// spellings the `house-spelling` rule holds copy to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HouseSpelling {
    /// AP: "color", "center", "organize", "traveled".
    #[default]
    American,
    /// "colour", "centre", "organise", "travelled".
    British,
    /// British with -ize (Oxford): "colour", "centre", "organize".
    BritishIze,
    /// Either, not checked.
    Any,
}

/// Everything the engine needs from the configuration, already compiled.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Per-rule levels that override the rules' defaults.
    pub levels: FxHashMap<String, Level>,
    pub quotes: QuoteStyle,
    pub headlines: HeadlineStyle,
    pub spelling: HouseSpelling,
    pub lexicon: Arc<Lexicon>,
    /// Words and phrases never flagged, folded to lower case.
    pub accept: FxHashSet<String>,
    /// The people in the news, and which house spells their names.
    pub names: Arc<NameIndex>,
    pub romanization: Romanization,
    /// Formal titles capitalized before a name.
    pub titles: Arc<Titles>,
    /// The story's date as the user gave it (`--date`, the editor's `date`
    /// setting): it beats anything the text says (see `story_date.rs`).
    pub date: Option<Date>,
    /// `[story] date`: the story's date when the text gives none.
    pub default_date: Option<Date>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            levels: FxHashMap::default(),
            quotes: QuoteStyle::Any,
            headlines: HeadlineStyle::Any,
            spelling: HouseSpelling::American,
            lexicon: Lexicon::builtin(),
            accept: FxHashSet::default(),
            names: NameIndex::builtin(),
            romanization: Romanization::Ap,
            titles: Titles::builtin(),
            date: None,
            default_date: None,
        }
    }
}

impl Settings {
    pub fn level(&self, rule: &Rule) -> Level {
        self.levels
            .get(rule.id)
            .copied()
            .unwrap_or(rule.default_level)
    }
}
