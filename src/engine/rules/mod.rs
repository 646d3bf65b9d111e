//! The rule registry. A rule is one file: its id, default level, summary,
//! explanation (shown by `copydesk explain` and on hover) and check function.

use super::finding::Level;
pub use super::moved::{Moved, SameMoved};
use super::pipeline::Kept;
use super::{Context, Emitter, Format, Settings};
use crate::names::Mention;

/// `fn data() -> &'static $ty`: a rule's data file, `data/$file`,
/// embedded and parsed once (a broken file fails every test of the rule).
macro_rules! rule_data {
    ($ty:ty, $file:literal) => {
        fn data() -> &'static $ty {
            static DATA: std::sync::OnceLock<$ty> = std::sync::OnceLock::new();
            DATA.get_or_init(|| {
                toml::from_str(include_str!(concat!("../../../data/", $file)))
                    .unwrap_or_else(|e| panic!("data/{}: {e}", $file))
            })
        }
    };
}

mod a_an;
mod abbreviation_expansion;
mod abbreviation_inconsistent;
mod abbreviation_period;
mod age_birth_date;
mod age_inconsistent;
mod capitals;
mod courtesy_title;
mod date_format;
mod decade_apostrophe;
mod demonym;
pub(crate) mod dictionary;
mod double_space;
mod doubled_attribution;
mod doubled_determiner;
mod doubled_punctuation;
mod headline_case;
mod knowledge;
mod lexicon_rules;
mod lowercase_sentence;
mod missing_space;
mod modal_noun;
mod name_inconsistent;
mod name_near_miss;
mod name_variant;
mod people;
pub(crate) use people::is_not_name;
mod possessive_contraction;
mod quote_glued;
mod quote_style;
mod redundant_currency;
mod relative_date;
mod repeated_paragraph;
mod repeated_punctuated;
mod repeated_word;
mod space_before_punctuation;
mod spelling;
mod the_possessive;
mod time_format;
mod title_case;
mod title_inconsistent;
mod title_not_held;
mod trailing_space;
mod unbalanced;
mod weekday_date;
pub(crate) mod word_classes;
pub(crate) mod word_set;

pub struct Rule {
    /// Stable kebab-case id, used in config files, inline switches and output.
    pub id: &'static str,
    pub default_level: Level,
    /// One line for `copydesk rules`.
    pub summary: &'static str,
    /// Several lines for `copydesk explain` and hover.
    pub explanation: &'static str,
    /// Whether the check reads `Context::lexicon_hits`.
    pub uses_lexicon: bool,
    /// The part that looks at one block at a time.
    pub check: Option<fn(&Context<'_>, &mut Emitter<'_>)>,
    /// The part that needs the whole story (a repeated paragraph, the
    /// story's quote style): a `DocumentRule`.
    pub document: Option<&'static dyn DocumentCheck>,
}

/// A rule's document-wide part. It keeps what it needs of each block when
/// the block is checked (and reused with it after an edit elsewhere), then
/// judges the story from those summaries. Its findings pass the same
/// pipeline as block findings: masking, accept lists, fix safety on title
/// lines and in quotations, inline switches (see `pipeline.rs`).
pub trait DocumentRule: Sync + 'static {
    /// What the rule keeps of one block, with block-relative offsets.
    type Summary: Send + Sync + 'static;
    fn summarize(&self, ctx: &Context<'_>) -> Self::Summary;
    fn check(&self, story: &Story<'_, Self::Summary>, out: &mut Emitter<'_>);

    /// Whether the rule's findings stay what they were, moved with the
    /// text, after an edit that turned a block summarized as `before` into
    /// one summarized as `after` (every other block and all known names
    /// unchanged but for the move): then the editor takes them over
    /// instead of running `check` again. Only for a rule whose findings
    /// depend on the story through its summaries, the blocks' known names
    /// and the text of the spans these hold (with a character either side),
    /// and on positions only through their order: such a rule answers
    /// `before.same_moved(after, moved)`. A rule that reads more of the
    /// text (the story's date, a sentence around a span) keeps the
    /// default: never, so it runs after every edit.
    fn same(&self, before: &Self::Summary, after: &Self::Summary, moved: &Moved) -> bool {
        let _ = (before, after, moved);
        false
    }
}

/// What a document-wide rule sees: the text, and each block's start offset,
/// summary and known names, in order.
pub struct Story<'a, S> {
    pub text: &'a str,
    pub format: Format,
    pub blocks: Vec<StoryBlock<'a, S>>,
    pub settings: &'a Settings,
}

pub struct StoryBlock<'a, S> {
    pub start: usize,
    pub summary: &'a S,
    pub mentions: &'a [Mention],
}

/// `DocumentRule` with its summary type erased, so that rules keeping
/// different things share one registry. Implemented for every
/// `DocumentRule`; rules never implement it themselves.
pub trait DocumentCheck: Sync {
    fn summarize_any(&self, ctx: &Context<'_>) -> Box<Kept>;
    /// `DocumentRule::same`; false when either is not this rule's summary.
    fn same_any(&self, before: &Kept, after: &Kept, moved: &Moved) -> bool;
    /// `blocks`: each block's start and known names; `kept`: what this rule
    /// kept of each block, in the same order.
    fn check_any(
        &self,
        text: &str,
        format: Format,
        blocks: &[(usize, &[Mention])],
        kept: &[Option<&Kept>],
        settings: &Settings,
        out: &mut Emitter<'_>,
    );
}

impl<R: DocumentRule> DocumentCheck for R {
    fn summarize_any(&self, ctx: &Context<'_>) -> Box<Kept> {
        Box::new(self.summarize(ctx))
    }

    fn same_any(&self, before: &Kept, after: &Kept, moved: &Moved) -> bool {
        match (
            before.downcast_ref::<R::Summary>(),
            after.downcast_ref::<R::Summary>(),
        ) {
            (Some(before), Some(after)) => self.same(before, after, moved),
            _ => false,
        }
    }

    fn check_any(
        &self,
        text: &str,
        format: Format,
        blocks: &[(usize, &[Mention])],
        kept: &[Option<&Kept>],
        settings: &Settings,
        out: &mut Emitter<'_>,
    ) {
        // Every block was summarized under the same settings, so every
        // block has this rule's summary.
        let blocks = blocks
            .iter()
            .zip(kept)
            .filter_map(|(&(start, mentions), kept)| {
                Some(StoryBlock {
                    start,
                    summary: kept.as_ref()?.downcast_ref::<R::Summary>()?,
                    mentions,
                })
            })
            .collect();
        self.check(
            &Story {
                text,
                format,
                blocks,
                settings,
            },
            out,
        );
    }
}

pub static ALL: &[&Rule] = &[
    &repeated_word::RULE,
    &repeated_paragraph::RULE,
    &lexicon_rules::CONFUSABLE,
    &lexicon_rules::MISSPELLING,
    &spelling::SPELLING,
    &spelling::HOUSE_SPELLING,
    &spelling::RUN_TOGETHER,
    &date_format::RULE,
    &abbreviation_period::RULE,
    &doubled_punctuation::RULE,
    &space_before_punctuation::RULE,
    &missing_space::RULE,
    &double_space::RULE,
    &trailing_space::RULE,
    &quote_style::QUOTE_STYLE,
    &quote_style::APOSTROPHE_CHARACTER,
    &unbalanced::QUOTES,
    &unbalanced::PARENTHESES,
    &a_an::RULE,
    &doubled_attribution::RULE,
    &redundant_currency::RULE,
    &time_format::RULE,
    &decade_apostrophe::RULE,
    &courtesy_title::RULE,
    &name_variant::RULE,
    &name_near_miss::RULE,
    &name_inconsistent::RULE,
    &title_case::RULE,
    &weekday_date::RULE,
    &relative_date::RULE,
    &age_inconsistent::RULE,
    &title_inconsistent::RULE,
    &abbreviation_inconsistent::RULE,
    &age_birth_date::RULE,
    &title_not_held::RULE,
    &abbreviation_expansion::RULE,
    &doubled_determiner::RULE,
    &the_possessive::RULE,
    &modal_noun::RULE,
    &possessive_contraction::ITS,
    &possessive_contraction::THERE,
    &lowercase_sentence::RULE,
    &quote_glued::RULE,
    &repeated_punctuated::RULE,
    &demonym::RULE,
    &headline_case::RULE,
];

/// Whether `word` (any case) is in the spelling dictionary, possessives
/// included: what the names' near-miss rule counts as an ordinary word.
pub fn is_dictionary_word(word: &str) -> bool {
    dictionary::is_word(word)
}

/// `is_dictionary_word` for a word already hashed (`fold::fold_hash`).
pub fn is_dictionary_key(key: u64) -> bool {
    dictionary::class_of_key(key).is_some()
}

pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::engine::{Format, Settings, check};

    /// The spans (as text) that `rule` flags in `text`.
    pub fn flagged<'a>(rule: &str, text: &'a str) -> Vec<&'a str> {
        flagged_with(rule, text, &Settings::default())
    }

    pub fn flagged_with<'a>(rule: &str, text: &'a str, settings: &Settings) -> Vec<&'a str> {
        let mut settings = settings.clone();
        settings.levels.insert(
            rule.to_string(),
            crate::engine::Level::On(crate::engine::Severity::Warning),
        );
        check(text, Format::Plain, &settings)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| &text[f.range])
            .collect()
    }

    /// `body` in a story dated Oct. 24, 2016 by its "Posted" line.
    pub fn dated(body: &str) -> String {
        format!("Talks\n\nPosted : 2016-10-24 16:55:42\n\n{body}")
    }

    /// Each text gets exactly one finding of `rule`.
    pub fn each_flagged_once(rule: &str, texts: &[&str]) {
        for text in texts {
            assert_eq!(flagged(rule, text).len(), 1, "{text}");
        }
    }

    /// No text gets a finding of `rule`.
    pub fn all_quiet(rule: &str, texts: &[&str]) {
        for text in texts {
            assert_eq!(flagged(rule, text), Vec::<&str>::new(), "{text}");
        }
    }

    /// Every replacement the findings of `rule` in `text` offer, in order.
    pub fn offered(rule: &str, text: &str) -> Vec<String> {
        check(text, Format::Plain, &Settings::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .flat_map(|f| f.fixes.into_iter().map(|x| x.edits[0].replacement.clone()))
            .collect()
    }

    /// The one finding of `rule` in `text`: its span, the span of its
    /// first related place, and its message.
    pub fn with_related<'a>(rule: &str, text: &'a str) -> (&'a str, &'a str, String) {
        let findings: Vec<_> = check(text, Format::Plain, &Settings::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        let related = finding.related.first().expect("a related place");
        (
            &text[finding.range.clone()],
            &text[related.range.clone()],
            finding.message.clone(),
        )
    }

    /// The text after applying the first fix of every finding of `rule`.
    pub fn fixed(rule: &str, text: &str) -> String {
        let mut settings = Settings::default();
        settings.levels.insert(
            rule.to_string(),
            crate::engine::Level::On(crate::engine::Severity::Warning),
        );
        let findings: Vec<_> = check(text, Format::Plain, &settings)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        let fixes: Vec<_> = findings.iter().filter_map(|f| f.fixes.first()).collect();
        crate::engine::fix::apply(text, fixes.into_iter())
    }
}
