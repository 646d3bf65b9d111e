//! `POST /api/fix-all`: the story with every safe fix applied, round after
//! round to a fixed point: what `copydesk check --fix` would write.

use serde::Serialize;

use super::{Story, to_json};
use crate::engine::fix::fix_all as fix_everything;
use crate::serve::State;
use crate::serve::http::Refusal;

#[derive(Serialize)]
struct Fixed {
    text: String,
    /// How many fixes were applied, over all rounds.
    applied: usize,
}

pub fn fix_all(state: &State, story: Story) -> Result<Vec<u8>, Refusal> {
    let outcome = fix_everything(&story.text, story.format, &state.config().settings);
    to_json(&Fixed {
        text: outcome.text,
        applied: outcome.applied,
    })
}
