//! Routing: the page's files and the API, one file per endpoint. Every
//! route is a fixed path; none names a file, so nothing of the machine's
//! disk can be reached through the server.

mod check;
mod complete;
mod fix_all;
mod hover;
mod rules;

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Method, Request, StatusCode};

use super::State;
use super::assets;
use super::http::{self, Answer, Refusal};

pub async fn handle(request: Request<Incoming>, state: &Arc<State>) -> Answer {
    let path = request.uri().path().to_string();
    let api = path.starts_with("/api/");
    if let Some(refused) = http::refused(&request, state, api) {
        return refused;
    }
    let method = request.method().clone();
    match (method, path.as_str()) {
        (Method::GET | Method::HEAD, _) if !api => assets::get(&path),
        (Method::GET, "/api/rules") => rules::rules(),
        (Method::POST, "/api/check") => on_story(request, state, check::check).await,
        (Method::POST, "/api/hover") => on_story(request, state, hover::hover).await,
        (Method::POST, "/api/complete") => on_story(request, state, complete::complete).await,
        (Method::POST, "/api/fix-all") => on_story(request, state, fix_all::fix_all).await,
        (_, "/api/rules" | "/api/check" | "/api/hover" | "/api/complete" | "/api/fix-all") => {
            http::error(StatusCode::METHOD_NOT_ALLOWED, "wrong method for this call")
        }
        _ => http::error(StatusCode::NOT_FOUND, "no such page or call"),
    }
}

/// Reads the request's story and answers with the JSON `work` makes of it
/// on the blocking pool (within the request's time).
async fn on_story(
    request: Request<Incoming>,
    state: &Arc<State>,
    work: fn(&State, Story) -> Result<Vec<u8>, Refusal>,
) -> Answer {
    let story = match Story::read(request, state).await {
        Ok(story) => story,
        Err(refusal) => return refusal.answer(),
    };
    let shared = Arc::clone(state);
    let large = story.text.len() >= http::LARGE;
    match http::blocking(state, large, move || work(&shared, story)).await {
        Ok(Ok(body)) => http::json(body),
        Ok(Err(refusal)) | Err(refusal) => refusal.answer(),
    }
}

/// `value` as JSON.
fn to_json(value: &impl serde::Serialize) -> Result<Vec<u8>, Refusal> {
    serde_json::to_vec(value).map_err(|err| {
        Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the answer: {err}"),
        )
    })
}

/// A request's story with its query's format and session, or the answer
/// saying what is wrong with it.
pub(super) struct Story {
    pub text: String,
    pub format: crate::engine::Format,
    pub session: Option<String>,
    /// The query's other parameters, as `(key, value)`.
    pub query: Vec<(String, String)>,
}

impl Story {
    pub async fn read(request: Request<Incoming>, state: &State) -> Result<Story, Refusal> {
        let query = http::query(&request);
        let format = http::format(&query)?;
        let session = http::session(&query)?;
        let query: Vec<(String, String)> = query
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let text = http::text_body(request, state).await?;
        Ok(Story {
            text,
            format,
            session,
            query,
        })
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}
