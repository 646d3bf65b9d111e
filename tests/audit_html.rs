//! The audit's HTML page in a real headless Chromium: it renders (the DOM
//! holds the table and the chart) and a screenshot is taken. Skips with one
//! line when no Chromium is installed; `.ci/run` installs Debian's and sets
//! `COPYDESK_REQUIRE_BROWSER`, which turns the skip into a failure.

#[path = "support/chromium.rs"]
mod chromium;

use std::path::Path;
use std::process::Command;

use chromium::chromium;

fn headless(browser: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args(chromium::HEADLESS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("Chromium runs")
}

#[test]
fn the_audit_page_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("copydesk-audit-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("archive")).unwrap();
    std::fs::write(
        dir.join("archive/one.txt"),
        "Talks resume\n\nThe envoys met the the minister on October 24.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("archive/two.txt"),
        "Talks <end>\n\nThey left on October 25 ,, quietly & calmly.\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(&dir)
        .args(["audit", "--format", "html", "archive"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = dir.join("audit.html");
    std::fs::write(&page, &output.stdout).unwrap();
    let url = format!("file://{}", page.display());

    let dom = headless(&browser, &dir.join("profile"), &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<h1>copydesk audit</h1>"), "{dom}");
    assert!(dom.contains("<svg"), "{dom}");
    assert!(dom.contains("<code>date-format</code>"), "{dom}");
    assert!(dom.contains("<mark>the the</mark>"), "{dom}");

    let shot = dir.join("audit.png");
    let run = headless(
        &browser,
        &dir.join("profile"),
        &[&format!("--screenshot={}", shot.display()), &url],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {run:?}"));
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        png.len() > 5_000,
        "an empty-looking screenshot: {} bytes",
        png.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
