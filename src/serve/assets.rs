//! The page and its files, embedded in the binary: `cargo install` alone
//! gives a working page, and the page loads nothing from anywhere else.

use hyper::StatusCode;

use super::http::{self, Answer};

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");
const ICON: &str = include_str!("page/icon.svg");

/// The page's file at `path`; nothing else is served.
pub fn get(path: &str) -> Answer {
    let (content_type, body) = match path {
        "/" | "/index.html" => ("text/html; charset=utf-8", INDEX),
        "/app.js" => ("text/javascript; charset=utf-8", SCRIPT),
        "/app.css" => ("text/css; charset=utf-8", STYLE),
        "/icon.svg" => ("image/svg+xml", ICON),
        _ => return http::error(StatusCode::NOT_FOUND, "no such page or call"),
    };
    http::answer(StatusCode::OK, content_type, body)
}
