//! `POST /api/check`: the JSON array `copydesk check --format json -`
//! prints for the same text, written by the CLI's JSON output.

use hyper::StatusCode;

use super::Story;
use crate::cli::OutputFormat;
use crate::cli::output::{self, FileReport};
use crate::cli::story::StoryText;
use crate::engine::story_date;
use crate::serve::State;
use crate::serve::http::Refusal;

/// The path `copydesk check -` gives the story read from stdin.
const STDIN_PATH: &str = "<stdin>";

pub fn check(state: &State, story: Story) -> Result<Vec<u8>, Refusal> {
    let config = state.config();
    let settings = &config.settings;
    let findings = match &story.session {
        // The session's analysis: only the changed paragraphs re-checked.
        Some(id) => state
            .sessions
            .analysis(Some(id), &story.text, story.format, settings)
            .findings()
            .to_vec(),
        // A one-off, as the CLI checks it.
        None => crate::engine::check(&story.text, story.format, settings),
    };
    let report = FileReport {
        path: STDIN_PATH.to_string(),
        story_date: story_date(&story.text, story.format, settings),
        text: StoryText::Owned(story.text),
        findings,
    };
    let mut out = Vec::new();
    output::write(
        OutputFormat::Json,
        std::slice::from_ref(&report),
        output::Human::default(),
        &mut out,
    )
    .map_err(|err| {
        Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the findings: {err}"),
        )
    })?;
    Ok(out)
}
