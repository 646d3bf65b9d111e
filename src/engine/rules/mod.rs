//! The rule registry. A rule is one file: its id, default level, summary,
//! explanation (shown by `copydesk explain` and on hover) and check function.

use super::finding::Level;
use super::{Context, Emitter, Settings};

mod a_an;
mod abbreviation_period;
mod courtesy_title;
mod date_format;
mod decade_apostrophe;
mod double_space;
mod doubled_attribution;
mod doubled_punctuation;
mod lexicon_rules;
mod missing_space;
mod name_inconsistent;
mod name_variant;
mod quote_style;
mod redundant_currency;
mod repeated_paragraph;
mod repeated_word;
mod space_before_punctuation;
mod time_format;
mod title_case;
mod trailing_space;
mod unbalanced;

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
    /// story's quote style), working from each block's `BlockSummary`.
    pub check_document: Option<fn(&DocContext<'_>, &mut Emitter<'_>)>,
}

/// What document-wide rules need to know about one block, computed once
/// when the block is analysed and kept with its findings. Offsets are
/// relative to the block.
#[derive(Clone, Debug, Default)]
pub struct BlockSummary {
    pub units: Vec<repeated_paragraph::Unit>,
    pub quote_marks: Vec<quote_style::Mark>,
    pub odd_apostrophes: Vec<quote_style::OddApostrophe>,
    pub quotes: unbalanced::QuoteEnds,
    /// Known names, for `name-inconsistent` and for hover cards.
    pub mentions: Vec<crate::names::Mention>,
}

pub fn summarize(ctx: &Context<'_>) -> BlockSummary {
    BlockSummary {
        units: repeated_paragraph::units(ctx.doc),
        quote_marks: quote_style::marks(ctx.doc),
        odd_apostrophes: quote_style::odd_apostrophes(ctx.doc),
        quotes: unbalanced::quote_ends(ctx.doc),
        mentions: ctx.mentions.to_vec(),
    }
}

/// What a document-wide rule sees: the text, and each block's start offset
/// and summary, in order.
pub struct DocContext<'a> {
    pub text: &'a str,
    pub blocks: &'a [(usize, &'a BlockSummary)],
    pub settings: &'a Settings,
}

pub static ALL: &[&Rule] = &[
    &repeated_word::RULE,
    &repeated_paragraph::RULE,
    &lexicon_rules::CONFUSABLE,
    &lexicon_rules::MISSPELLING,
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
    &name_inconsistent::RULE,
    &title_case::RULE,
];

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
