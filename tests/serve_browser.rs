//! The copy desk's page in a real headless Chromium, driven over the
//! DevTools protocol: a story is pasted, the underlines and the list come,
//! a name's card shows on hover, a fix is applied by mouse and another by
//! keyboard alone, "fix all safe" gives what `copydesk check --fix` gives,
//! a name is completed, the story is downloaded, a Markdown file is opened
//! and a finding ignored there, a file is dropped on the story, the page
//! fits a laptop's screen, the colours pass WCAG AA,
//! no script error or CSP violation happens, and a screenshot is kept
//! (`target/tmp/serve-page.png`, and
//! `serve-page-detail.png` with a finding's detail open). Skips with one line when no Chromium is
//! installed; `.ci/run` installs Debian's and sets COPYDESK_REQUIRE_BROWSER,
//! which turns the skip into a failure.

#![cfg(unix)]

#[path = "support/cdp.rs"]
mod cdp;
#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/serve.rs"]
mod serve;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use cdp::Browser;
use chromium::chromium;
use serve::{Served, copydesk, scratch};

const STORY: &str = include_str!("../examples/story.txt");

/// The story's text in the page.
fn text(browser: &mut Browser) -> String {
    browser
        .eval("document.getElementById('story').value")
        .as_str()
        .unwrap()
        .to_string()
}

/// The centre of character `index` of the story, on screen (from the
/// backdrop that mirrors the textarea).
fn point_of(browser: &mut Browser, index: usize) -> (f64, f64) {
    let at = browser.eval(&format!(
        "(() => {{ const i = {index}; \
           for (const n of document.getElementById('highlights').children) {{ \
             const s = Number(n.dataset.start); \
             if (i >= s && i < s + n.textContent.length) {{ \
               const r = document.createRange(); r.setStart(n.firstChild, i - s); r.setEnd(n.firstChild, i - s + 1); \
               const b = r.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; }} }} \
           return null; }})()"
    ));
    (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
}

/// The index, in UTF-16 units, of `needle` in the page's story.
fn index_of(browser: &mut Browser, needle: &str) -> usize {
    let at = browser.eval(&format!(
        "document.getElementById('story').value.indexOf({needle:?})"
    ));
    usize::try_from(at.as_i64().unwrap()).unwrap_or_else(|_| panic!("no {needle:?} in the page"))
}

/// Clicks the listed finding of `rule`.
fn click_finding(browser: &mut Browser, rule: &str) {
    let id = browser.eval(&format!(
        "[...document.querySelectorAll('#findings .finding')].find(b => b.querySelector('code').textContent === {rule:?}).dataset.finding"
    ));
    browser.click_on(&format!(
        "#findings .finding[data-finding=\"{}\"]",
        id.as_str().unwrap()
    ));
}

/// Waits (up to 20 s) for the download at `path` to hold `content`.
fn wait_for_file(path: &std::path::Path, content: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(path).ok().as_deref() != Some(content) {
        assert!(
            Instant::now() < deadline,
            "no download at {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn caret_to(browser: &mut Browser, index: usize) {
    browser.eval(&format!(
        "(() => {{ const s = document.getElementById('story'); s.focus(); s.setSelectionRange({index}, {index}); }})()"
    ));
}

/// The WCAG contrast ratio of each visible element's text against the
/// background it sits on, lowest first.
const CONTRAST: &str = r#"(() => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = [];
  for (const e of document.querySelectorAll('h1, h2, h3, p, button, label, select, li, span, code, kbd, footer, textarea, strong, em, small')) {
    if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
    if (e.closest('#backdrop')) continue;
    const color = rgb(getComputedStyle(e).color);
    const [a, b] = [lum(color.slice(0, 3)), lum(background(e))];
    out.push([(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), e.tagName + '#' + e.id + '.' + e.className + ' ' + (e.textContent || '').slice(0, 30)]);
  }
  return out.sort((x, y) => x[0] - y[0]).slice(0, 3);
})()"#;

#[test]
fn the_page_works_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        return;
    };
    let started = Instant::now();
    let dir = scratch("browser");
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let served = Served::start(&dir, &["--token", "page-test-token"], &[]);
    let mut browser = Browser::launch(&chrome, &dir.join("profile"));
    browser.send_browser(
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }),
    );
    browser.open(&served.url);
    browser.wait_for(
        "document.readyState === 'complete' && !!document.getElementById('story')",
        "the page",
    );
    // The token came in the fragment and left the address bar.
    assert_eq!(browser.eval("location.hash"), json!(""));

    // Paste a story with known slips: underlines and list entries come.
    browser.eval("document.getElementById('story').focus()");
    browser.type_text(STORY);
    let (api, _) = copydesk(&dir, &["check", "--format", "json", "-"], STORY);
    let expected = serde_json::from_str::<Value>(&api).unwrap();
    let count = expected.as_array().unwrap().len();
    browser.wait_for(
        &format!("document.querySelectorAll('#findings .finding').length === {count}"),
        "the list of findings",
    );
    let marks = browser.eval(
        "[...document.querySelectorAll('#highlights mark')].map(m => m.className + ':' + m.textContent)",
    );
    let marks: Vec<&str> = marks
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(marks.contains(&"warning:the the"), "{marks:?}");
    assert!(marks.contains(&"warning:a agreement"), "{marks:?}");
    assert_eq!(marks.len(), count, "{marks:?}");
    assert_eq!(
        browser.eval("document.querySelector('#findings .group.warning h3').textContent"),
        json!(format!("Warnings ({count})"))
    );

    // Hover an official's name: the card.
    let name = index_of(&mut browser, "Han Song Ryol") + 3;
    let (x, y) = point_of(&mut browser, name);
    browser.mouse_move(x, y);
    browser.wait_for(
        "!document.getElementById('card').hidden && document.getElementById('card').textContent.includes('Vice Foreign Minister')",
        "the name's card",
    );
    let card = browser.eval("document.getElementById('card').textContent");
    assert!(
        card.as_str().unwrap().starts_with("Han Song Ryol (한성렬)"),
        "{card}"
    );
    let shot = browser.screenshot();
    assert!(shot.starts_with(b"\x89PNG") && shot.len() > 20_000);
    let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    std::fs::write(&kept, &shot).unwrap();
    browser.mouse_move(5.0, 5.0);
    browser.wait_for(
        "document.getElementById('card').hidden",
        "the card to close",
    );

    // Colours: every text at least 4.5:1 (WCAG AA).
    let lowest = browser.eval(CONTRAST);
    assert!(lowest[0][0].as_f64().unwrap() >= 4.5, "{lowest}");
    // A small laptop's screen: nothing runs off the side, story and list
    // both in view.
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1024, "height": 640, "deviceScaleFactor": 1, "mobile": false }),
    );
    let fits = browser.eval(
        "(() => { const e = document.getElementById('editor').getBoundingClientRect(), \
                        s = document.querySelector('.side').getBoundingClientRect(); \
                  return document.documentElement.scrollWidth <= innerWidth && e.width > 500 && \
                         s.right <= innerWidth && e.bottom <= innerHeight && e.height > 400; })()",
    );
    assert_eq!(fits, json!(true), "the page does not fit 1024×640");
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false }),
    );

    // A finding clicked in the list: its explanation, and its fix applied.
    click_finding(&mut browser, "repeated-word");
    browser.wait_for(
        "!document.getElementById('detail').hidden && document.getElementById('detail-explanation').textContent.length > 20",
        "the finding's explanation",
    );
    let detail = browser.screenshot();
    std::fs::write(kept.with_file_name("serve-page-detail.png"), &detail).unwrap();
    browser.click_on("#detail-fixes button");
    browser.wait_for(
        "document.getElementById('story').value.includes('said the two sides')",
        "the fix applied",
    );
    assert!(!text(&mut browser).contains("the the"));
    browser.wait_for(
        &format!(
            "document.querySelectorAll('#findings .finding').length === {}",
            count - 1
        ),
        "the re-check after the fix",
    );

    // Keyboard only: F8 to the next finding, Ctrl+. to its fixes, Enter.
    caret_to(&mut browser, 0);
    browser.key("F8", "F8", 119, 0);
    browser.wait_for(
        "document.querySelector('#findings .finding[aria-current=\"true\"]') !== null",
        "F8 to select a finding",
    );
    let selected = browser.eval("document.getElementById('story').value.slice(document.getElementById('story').selectionStart, document.getElementById('story').selectionEnd)");
    assert_eq!(
        selected,
        json!("Ministers agree to resume talks on border crossings")
    );
    browser.key(".", "Period", 190, 2);
    browser.wait_for(
        "document.activeElement.closest('#detail-fixes') !== null",
        "Ctrl+. to reach the fixes",
    );
    browser.key("Enter", "Enter", 13, 0);
    browser.wait_for(
        "document.getElementById('story').value.split('Ministers agree to resume talks').length === 2",
        "Enter to apply the fix",
    );
    assert_eq!(browser.eval("document.activeElement.id"), json!("story"));
    // Tab from the story reaches the list; Enter opens a finding, Escape
    // goes back to the story.
    browser.wait_for(
        &format!(
            "document.querySelectorAll('#findings .finding').length === {}",
            count - 2
        ),
        "the re-check after the keyboard fix",
    );
    browser.key("Tab", "Tab", 9, 0);
    assert_eq!(
        browser.eval("document.activeElement.className"),
        json!("finding")
    );
    browser.key("Enter", "Enter", 13, 0);
    browser.wait_for(
        "document.activeElement.closest('#detail') !== null",
        "Enter on a listed finding",
    );
    browser.key("Escape", "Escape", 27, 0);
    assert_eq!(browser.eval("document.activeElement.id"), json!("story"));
    // Alt+I: the card at the cursor.
    let name = index_of(&mut browser, "Han Song Ryol") + 1;
    caret_to(&mut browser, name);
    browser.key("i", "KeyI", 73, 1);
    browser.wait_for(
        "!document.getElementById('card').hidden && document.getElementById('card').textContent.includes('Han Song Ryol')",
        "Alt+I to show the card",
    );
    browser.key("Escape", "Escape", 27, 0);

    // Fix all safe: what `copydesk check --fix -` writes.
    let before = text(&mut browser);
    browser.click_on("#fix-all");
    browser.wait_for(
        &format!("document.getElementById('story').value !== {:?}", before),
        "fix all safe",
    );
    let (fixed, _) = copydesk(&dir, &["check", "--fix", "-"], &before);
    assert_eq!(text(&mut browser), fixed);

    // Name completion while typing; Enter accepts.
    let end = browser.eval("document.getElementById('story').value.length");
    caret_to(
        &mut browser,
        usize::try_from(end.as_u64().unwrap()).unwrap(),
    );
    browser.type_text("\nThe delegation was led by Han So");
    browser.wait_for(
        "!document.getElementById('complete').hidden && document.querySelector('#complete li').textContent.startsWith('Han Song Ryol')",
        "the name completion",
    );
    browser.key("Tab", "Tab", 9, 0);
    browser.wait_for(
        "document.getElementById('story').value.endsWith('led by Han Song Ryol')",
        "the completion accepted",
    );
    // Enter after a name offered unasked starts a new line; after Ctrl+Space
    // (or moving in the list) it accepts.
    browser.type_text(". Han So");
    browser.wait_for(
        "!document.getElementById('complete').hidden",
        "the name offered again",
    );
    browser.key("Enter", "Enter", 13, 0);
    browser.wait_for(
        "document.getElementById('story').value.endsWith('Han So\\n') && document.getElementById('complete').hidden",
        "Enter to start a new line",
    );
    browser.type_text("Choe S");
    browser.key(" ", "Space", 32, 2);
    browser.wait_for(
        "!document.getElementById('complete').hidden",
        "Ctrl+Space to complete",
    );
    browser.key("Enter", "Enter", 13, 0);
    browser.wait_for(
        "document.getElementById('story').value.endsWith('\\nChoe Son Hui')",
        "Enter to accept what Ctrl+Space offered",
    );
    // The caret moved on before the pause ended: no list comes, and none
    // stays to be accepted at the wrong place.
    browser.type_text(" met Han So");
    browser.key("ArrowLeft", "ArrowLeft", 37, 0);
    let typed = text(&mut browser);
    // Past the pause (150 ms) and a round trip: an absence takes a wait.
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        browser.eval("document.getElementById('complete').hidden"),
        json!(true)
    );
    browser.key("Tab", "Tab", 9, 0);
    assert_eq!(text(&mut browser), typed);
    assert!(typed.ends_with("Choe Son Hui met Han So"), "{typed:?}");
    browser.eval("document.getElementById('story').focus()");

    // Download the corrected story.
    let story = text(&mut browser);
    browser.click_on("#download");
    wait_for_file(&downloads.join("story.txt"), &story);

    // Open a Markdown file; "ignore here" writes the directive.
    let markdown = "# Talks resume\n\nThe the envoys met on Monday.\n";
    std::fs::write(dir.join("desk.md"), markdown).unwrap();
    browser.send("DOM.enable", json!({}));
    let input = browser.send(
        "Runtime.evaluate",
        json!({ "expression": "document.getElementById('file')" }),
    );
    browser.send(
        "DOM.setFileInputFiles",
        json!({ "files": [dir.join("desk.md").display().to_string()],
                "objectId": input["result"]["objectId"] }),
    );
    browser.wait_for(
        &format!(
            "document.getElementById('story').value === {markdown:?} && \
             document.getElementById('format').value === 'markdown' && \
             [...document.querySelectorAll('#findings code')].some(c => c.textContent === 'repeated-word')"
        ),
        "the opened Markdown file checked",
    );
    click_finding(&mut browser, "repeated-word");
    browser.wait_for(
        "document.getElementById('ignore-here') !== null",
        "the ignore button",
    );
    browser.click_on("#ignore-here");
    browser.wait_for(
        "document.getElementById('story').value.includes('<!-- copydesk-disable-next-line repeated-word -->\\nThe the envoys') && \
         ![...document.querySelectorAll('#findings code')].some(c => c.textContent === 'repeated-word') && \
         document.getElementById('status').textContent.endsWith('.')",
        "ignore here in Markdown",
    );
    let (api, _) = copydesk(
        &dir,
        &["check", "--format", "json", "--stdin-markdown", "-"],
        &text(&mut browser),
    );
    assert!(!api.contains("repeated-word"), "{api}");
    browser.click_on("#download");
    let story = text(&mut browser);
    wait_for_file(&downloads.join("desk.md"), &story);

    // Drop a plain-text file on the story.
    let dropped = "Talks resume\n\nThey met on on Monday.\n";
    std::fs::write(dir.join("dropped.txt"), dropped).unwrap();
    let (x, y) = point_of(&mut browser, 3);
    let data = json!({ "items": [], "files": [dir.join("dropped.txt").display().to_string()],
                       "dragOperationsMask": 1 });
    for kind in ["dragEnter", "dragOver", "drop"] {
        browser.send(
            "Input.dispatchDragEvent",
            json!({ "type": kind, "x": x, "y": y, "data": data }),
        );
    }
    browser.wait_for(
        &format!(
            "document.getElementById('story').value === {dropped:?} && \
             document.getElementById('format').value === 'plain' && \
             [...document.querySelectorAll('#findings code')].some(c => c.textContent === 'repeated-word')"
        ),
        "the dropped file checked",
    );

    let errors = browser.errors();
    assert!(errors.is_empty(), "errors in the page: {errors:#?}");
    drop(browser);
    eprintln!(
        "the page passed in {:.1} s; screenshot: {}",
        started.elapsed().as_secs_f64(),
        kept.display()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
