//! `POST /api/hover?at=BYTE`: what the language server's hover shows at
//! byte `at` of the story sent (an official's card, a finding's
//! explanation, a date's weekday), as Markdown cards, with the byte range
//! they are about.

use hyper::StatusCode;
use serde::Serialize;

use super::{Story, to_json};
use crate::serve::State;
use crate::serve::http::Refusal;

#[derive(Serialize)]
struct Hover {
    cards: Vec<String>,
    /// The byte range the cards are about; absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_end: Option<usize>,
}

pub fn hover(state: &State, story: Story) -> Result<Vec<u8>, Refusal> {
    let at = match story.param("at").map(str::parse::<usize>) {
        Some(Ok(at)) if story.text.is_char_boundary(at) => at,
        _ => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                "hover needs ?at=BYTE, an offset into the story at a character's start",
            ));
        }
    };
    let config = state.config();
    let settings = &config.settings;
    let analysis = state.sessions.analysis(
        story.session.as_deref(),
        &story.text,
        story.format,
        settings,
    );
    let (cards, range) =
        crate::server::hover_cards(&story.text, story.format, settings, &analysis, at);
    to_json(&Hover {
        cards,
        byte_start: range.as_ref().map(|r| r.start),
        byte_end: range.map(|r| r.end),
    })
}
