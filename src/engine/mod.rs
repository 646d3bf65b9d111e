//! The analysis engine: pure and synchronous. Text in, findings with byte
//! ranges out. It knows nothing of files, terminals or LSP.
//!
//! This module is the façade: the modules, and what front ends use of them.
//! The kernel is `pipeline.rs` (every finding's way from a rule to the
//! caller); `analysis.rs` adds blocks and their reuse between versions.

mod analysis;
mod blocks;
pub mod calendar;
pub mod change;
pub mod directives;
pub mod document;
pub mod finding;
pub mod fix;
pub mod fold;
mod format;
pub mod lexicon;
pub mod lines;
mod markdown;
mod mask;
pub mod moved;
mod pipeline;
mod quotations;
pub mod rules;
mod scan;
mod settings;
pub mod story_date;
pub mod titles;
pub mod tokenizer;
pub(crate) mod words;

pub use analysis::{Analysis, BlockFindings, BlockKey, TextEdit, analyze, analyze_edit};
pub use document::Document;
pub use finding::{Edit, Finding, Fix, Level, Related, Severity};
pub use format::Format;
pub use lines::LineIndex;
pub use pipeline::{Context, Emitter};
pub use rules::Rule;
pub use settings::{HeadlineStyle, HouseSpelling, QuoteStyle, Settings};
pub use story_date::{StoryDate, story_date};
pub use titles::Titles;

/// Checks `text` and returns its findings sorted by position.
pub fn check(text: &str, format: Format, settings: &Settings) -> Vec<Finding> {
    analysis::analyze_once(text, format, settings, 1)
}

/// `check` with the story's blocks shared among up to `threads` threads:
/// for a long story on a machine with cores to spare. The same findings as
/// `check`, since blocks are independent.
pub fn check_on(text: &str, format: Format, settings: &Settings, threads: usize) -> Vec<Finding> {
    analysis::analyze_once(text, format, settings, threads)
}

/// `check_on`, and the story's date (`story_date`): the analysis finds it
/// anyway, so a front end reporting both need not look for it again.
pub fn check_dated(
    text: &str,
    format: Format,
    settings: &Settings,
    threads: usize,
) -> (Vec<Finding>, Option<StoryDate>) {
    analysis::analyze_once_dated(text, format, settings, threads)
}
