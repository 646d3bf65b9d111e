//! The analysis engine: pure and synchronous. Text in, findings with byte
//! ranges out. It knows nothing of files, terminals or LSP.

mod analysis;
mod blocks;
pub mod change;
pub mod directives;
pub mod document;
pub mod finding;
pub mod fix;
pub mod fold;
pub mod lexicon;
mod markdown;
mod mask;
pub mod rules;
mod scan;
pub mod titles;

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::names::{Mention, NameIndex, Romanization};
pub use analysis::{Analysis, TextEdit, analyze, analyze_edit};
pub use document::{Document, Format};
pub use finding::{Edit, Finding, Fix, Level, Related, Severity};
use lexicon::{Hit, Lexicon};
pub use rules::Rule;
pub use titles::Titles;

/// House choice for quotation marks and apostrophes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QuoteStyle {
    /// Either style, as long as one story does not mix them.
    #[default]
    Any,
    Curly,
    Straight,
}

/// Everything the engine needs from the configuration, already compiled.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Per-rule levels that override the rules' defaults.
    pub levels: FxHashMap<String, Level>,
    pub quotes: QuoteStyle,
    pub lexicon: Arc<Lexicon>,
    /// Words and phrases never flagged, folded to lower case.
    pub accept: FxHashSet<String>,
    /// The people in the news, and which house spells their names.
    pub names: Arc<NameIndex>,
    pub romanization: Romanization,
    /// Formal titles capitalized before a name.
    pub titles: Arc<Titles>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            levels: FxHashMap::default(),
            quotes: QuoteStyle::Any,
            lexicon: Lexicon::builtin(),
            accept: FxHashSet::default(),
            names: NameIndex::builtin(),
            romanization: Romanization::Ap,
            titles: Titles::builtin(),
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

/// What a rule sees: the segmented document, the settings, and the matches
/// of the word lists (computed once for all rules that use them).
pub struct Context<'a> {
    pub doc: &'a Document<'a>,
    pub settings: &'a Settings,
    pub lexicon_hits: &'a [Hit],
    /// Known names in the block (found for every block: one lookup a word).
    pub mentions: &'a [Mention],
}

/// Collects one rule's findings, stamped with its id and configured severity.
pub struct Emitter<'a> {
    rule: &'static str,
    severity: Severity,
    out: &'a mut Vec<Finding>,
}

impl<'a> Emitter<'a> {
    pub fn new(rule: &'static str, severity: Severity, out: &'a mut Vec<Finding>) -> Emitter<'a> {
        Emitter {
            rule,
            severity,
            out,
        }
    }

    pub fn emit(&mut self, range: Range<usize>, message: impl Into<String>, fixes: Vec<Fix>) {
        self.emit_related(range, message, fixes, Vec::new());
    }

    pub fn emit_related(
        &mut self,
        range: Range<usize>,
        message: impl Into<String>,
        fixes: Vec<Fix>,
        related: Vec<Related>,
    ) {
        self.out.push(Finding {
            rule: self.rule,
            severity: self.severity,
            range,
            message: message.into(),
            fixes,
            related,
        });
    }
}

/// Checks `text` and returns its findings sorted by position.
pub fn check(text: &str, format: Format, settings: &Settings) -> Vec<Finding> {
    analysis::analyze_once(text, format, settings)
}

/// The rules switched on by `settings`, with their severities.
fn enabled_rules(settings: &Settings) -> Vec<(&'static Rule, Severity)> {
    rules::ALL
        .iter()
        .filter_map(|rule| match settings.level(rule) {
            Level::On(severity) => Some((*rule, severity)),
            Level::Off => None,
        })
        .collect()
}

/// Runs the block-level part of every enabled rule on one block, and
/// summarizes the block for the document-wide parts. Offsets are relative
/// to the block.
fn check_block(
    doc: &Document<'_>,
    settings: &Settings,
    enabled: &[(&'static Rule, Severity)],
) -> (Vec<Finding>, rules::BlockSummary) {
    let needs_lexicon = enabled.iter().any(|(rule, _)| rule.uses_lexicon);
    let hits = if needs_lexicon {
        settings.lexicon.scan(doc)
    } else {
        Vec::new()
    };
    let mentions = settings.names.scan(doc);
    let ctx = Context {
        doc,
        settings,
        lexicon_hits: &hits,
        mentions: &mentions,
    };
    let mut findings = Vec::new();
    for &(rule, severity) in enabled {
        if let Some(check) = rule.check {
            check(&ctx, &mut Emitter::new(rule.id, severity, &mut findings));
        }
    }
    findings.retain(|f| {
        !doc.is_masked(f.range.start..f.range.start + 1)
            && !is_accepted(&settings.accept, &doc.text[f.range.clone()])
    });
    for finding in &mut findings {
        // Headlines are written to fit; a person confirms every change there.
        // In a direct quotation a person confirms every change of wording
        // (spacing and punctuation fixes stay safe): a quote is the speaker's.
        let title = doc.on_title_line(finding.range.start);
        let quoted = doc.in_quotation(finding.range.start);
        for fix in &mut finding.fixes {
            if title || (quoted && changes_wording(doc.text, fix)) {
                fix.safe = false;
            }
        }
    }
    (findings, rules::summarize(&ctx))
}

/// Whether `fix` changes words (letters or digits), not just spacing or
/// punctuation.
fn changes_wording(text: &str, fix: &Fix) -> bool {
    let visible = |s: &str| s.chars().any(char::is_alphanumeric);
    fix.edits
        .iter()
        .any(|e| visible(&e.replacement) || visible(&text[e.range.clone()]))
}

fn is_accepted(accept: &FxHashSet<String>, span: &str) -> bool {
    if accept.is_empty() {
        return false;
    }
    let normalized: String = span
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    accept.contains(&normalized)
}
