//! `../shared/` (the seed article and the public-domain corpus) comes with
//! the project's CI, not with a clone. A test that reads it skips with one
//! line on stderr when it is absent, so `cargo test` passes on a fresh
//! clone; with `COPYDESK_REQUIRE_SHARED` set (`.ci/run` sets it) a missing
//! `../shared/` is a failure instead, so CI cannot skip silently.

use std::io::Write;
use std::path::PathBuf;

/// `../shared/<relative>`, or `None` after saying the test is skipped.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("COPYDESK_REQUIRE_SHARED").is_some() {
        panic!(
            "{} is missing and COPYDESK_REQUIRE_SHARED is set",
            path.display()
        );
    }
    // Straight to stderr: the test harness captures `eprintln!`.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {} is not here (it comes with the project's CI, not with a clone)",
        path.display()
    );
    None
}

/// The corpus folder and its stories (`state-dept/` and
/// `public-domain-news/`, `.txt` files, sorted), or `None` after saying
/// the test is skipped.
#[allow(dead_code)]
pub fn corpus_stories() -> Option<(PathBuf, Vec<PathBuf>)> {
    let corpus = shared("corpus")?;
    let mut paths = Vec::new();
    for folder in ["state-dept", "public-domain-news"] {
        for entry in std::fs::read_dir(corpus.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    Some((corpus, paths))
}
