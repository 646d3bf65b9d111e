//! `GET /api/rules`: every rule, its default level, summary and
//! explanation (the page shows the explanation of a finding's rule).

use serde::Serialize;

use crate::engine::{Level, rules};
use crate::serve::http::{self, Answer};

#[derive(Serialize)]
struct Rule {
    id: &'static str,
    level: &'static str,
    summary: &'static str,
    explanation: &'static str,
}

pub fn rules() -> Answer {
    let all: Vec<Rule> = rules::ALL
        .iter()
        .map(|rule| Rule {
            id: rule.id,
            level: match rule.default_level {
                Level::Off => "off",
                Level::On(severity) => severity.as_str(),
            },
            summary: rule.summary,
            explanation: rule.explanation,
        })
        .collect();
    http::json(serde_json::to_vec(&all).unwrap_or_default())
}
