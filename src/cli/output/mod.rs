//! Output formats for `copydesk check`. Each takes the checked files and
//! returns the whole text to print or write.

mod github;
mod human;
mod json;
mod sarif;

use super::OutputFormat;
use super::story::StoryText;
use crate::engine::{Finding, StoryDate};

/// One checked story: its display path, its text (for positions and
/// excerpts) and its findings.
pub struct FileReport {
    pub path: String,
    pub text: StoryText,
    pub findings: Vec<Finding>,
    /// The story's date, if it has one (`engine::story_date`).
    pub story_date: Option<StoryDate>,
}

/// What only human output shows: ANSI colour, and how many of the inputs
/// could not be checked (its summary line says so).
#[derive(Clone, Copy, Debug, Default)]
pub struct Human {
    pub color: bool,
    pub unchecked: usize,
}

pub fn render(format: OutputFormat, reports: &[FileReport], human: Human) -> String {
    match format {
        OutputFormat::Human => human::render(reports, human),
        OutputFormat::Json => json::render(reports),
        OutputFormat::Sarif => sarif::render(reports),
        OutputFormat::Github => github::render(reports),
    }
}
