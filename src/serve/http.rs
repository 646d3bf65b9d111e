//! The HTTP side of the page's server: answers with the security headers
//! every response carries, the checks every request passes (host, origin,
//! token), bounded bodies, and query parameters.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::State;
use crate::engine::Format;

pub type Answer = Response<Full<Bytes>>;

/// Scripts, styles and images from the page's own server only, no inline
/// script or style, no frames, no forms, connections only back home.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// An answer of `status` with `body` of `content_type`, and the headers
/// every answer carries.
pub fn answer(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Answer {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub fn json(body: impl Into<Bytes>) -> Answer {
    answer(StatusCode::OK, "application/json", body)
}

/// An error as JSON: `{"error": "…"}`.
pub fn error(status: StatusCode, message: &str) -> Answer {
    let body = serde_json::json!({ "error": message }).to_string();
    answer(status, "application/json", body)
}

/// Why a request is not answered as asked: its status and message.
#[derive(Debug)]
pub struct Refusal(pub StatusCode, pub String);

impl Refusal {
    pub fn new(status: StatusCode, message: &str) -> Refusal {
        Refusal(status, message.to_string())
    }

    pub fn answer(&self) -> Answer {
        error(self.0, &self.1)
    }
}

/// Why a request is refused before it is handled, if it is: a `Host` that
/// is not this server (DNS rebinding), an `Origin` that is not its page,
/// or a missing or wrong token on an API call.
pub fn refused(request: &Request<Incoming>, state: &State, api: bool) -> Option<Answer> {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !state.hosts.is_empty() && !state.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Some(error(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to its own address",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !own {
            return Some(error(
                StatusCode::FORBIDDEN,
                "requests come only from the page itself",
            ));
        }
    }
    if let (true, Some(token)) = (api, &state.token) {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same(given.as_bytes(), token.as_bytes()) {
            return Some(error(
                StatusCode::UNAUTHORIZED,
                "a token is required: open the address the server printed",
            ));
        }
    }
    None
}

/// Equality in time independent of where the two differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The request's body as text, at most `state.max_body` bytes, read within
/// `state.timeout`; else the answer saying why not.
pub async fn text_body(request: Request<Incoming>, state: &State) -> Result<String, Refusal> {
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "a story larger than {} KiB is not taken (see --max-body-kib)",
                state.max_body / 1024
            ),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_body as u64) {
        return Err(too_large());
    }
    let body = Limited::new(request.into_body(), state.max_body);
    let bytes = match tokio::time::timeout(state.timeout, body.collect()).await {
        Err(_) => {
            return Err(Refusal::new(
                StatusCode::REQUEST_TIMEOUT,
                "the story took too long to arrive",
            ));
        }
        Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        Ok(Err(_)) => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                "the story was cut off",
            ));
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    crate::read_file::decode(bytes.to_vec())
        .map_err(|err| Refusal(StatusCode::BAD_REQUEST, format!("the story is {err}")))
}

/// The query's `key=value` pairs (values are plain: no percent-decoding is
/// needed for any parameter the API takes).
pub fn query(request: &Request<Incoming>) -> Vec<(&str, &str)> {
    request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect()
}

pub fn param<'a>(query: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// `?format=`: plain text unless `markdown`.
pub fn format(query: &[(&str, &str)]) -> Result<Format, Refusal> {
    match param(query, "format") {
        None | Some("plain" | "text" | "txt") => Ok(Format::Plain),
        Some("markdown" | "md") => Ok(Format::Markdown),
        Some(other) => Err(Refusal(
            StatusCode::BAD_REQUEST,
            format!("format “{other}” is neither plain nor markdown"),
        )),
    }
}

/// `?session=`: the page's id for its story (letters, digits, `-`, `_`,
/// at most 64).
pub fn session(query: &[(&str, &str)]) -> Result<Option<String>, Refusal> {
    match param(query, "session") {
        None => Ok(None),
        Some(id)
            if !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Ok(Some(id.to_string()))
        }
        Some(_) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "a session is 1 to 64 letters, digits, - or _",
        )),
    }
}

/// A story at least this long is large: its checks share fewer cores.
pub const LARGE: usize = 256 * 1024;

/// Runs `work` on the blocking pool within `state.timeout`: at most
/// `state.analyses` at once, and when the story is `large`, at most
/// `state.large` of those (half the cores), so clients sending large
/// stories leave cores to the others.
pub async fn blocking<T: Send + 'static>(
    state: &State,
    large: bool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Refusal> {
    let busy = || {
        Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the check took too long; try again",
        )
    };
    let run = async {
        // The permit goes with the work: a check that outlives its
        // request's timeout still counts until it ends.
        let large = match large {
            true => Some(
                std::sync::Arc::clone(&state.large)
                    .acquire_owned()
                    .await
                    .map_err(|_| busy())?,
            ),
            false => None,
        };
        let permit = std::sync::Arc::clone(&state.analyses)
            .acquire_owned()
            .await
            .map_err(|_| busy())?;
        let work = move || {
            let result = work();
            drop((permit, large));
            result
        };
        tokio::task::spawn_blocking(work).await.map_err(|_| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the check failed; this is a bug in copydesk",
            )
        })
    };
    tokio::time::timeout(state.timeout, run)
        .await
        .unwrap_or_else(|_| Err(busy()))
}
