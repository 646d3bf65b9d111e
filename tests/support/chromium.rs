//! Finding the headless browser for the tests that use one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Chromium on PATH; `None` after a `skipped:` note, unless
/// `COPYDESK_REQUIRE_BROWSER` is set (CI), which makes its absence a failure.
pub fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::var("PATH").unwrap_or_default().split(':') {
            let path = Path::new(dir).join(name);
            if path.is_file() {
                return Some(path);
            }
        }
    }
    if std::env::var_os("COPYDESK_REQUIRE_BROWSER").is_some() {
        panic!("no Chromium on PATH and COPYDESK_REQUIRE_BROWSER is set");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: no Chromium on PATH (`apt-get install chromium`)"
    );
    None
}

/// How the tests run it: headless, quiet, no sandbox (CI runs as root),
/// 1280×800.
pub const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // A container's /dev/shm is often too small for the renderer.
    "--disable-dev-shm-usage",
    "--window-size=1280,800",
];
