//! Random incremental edits (multi-byte text, line breaks, deletions across
//! lines; plain text and Markdown with front matter, fences, comments and
//! inline switches) through the real server: its diagnostics always equal
//! the engine's findings (`copydesk check`) on the same edits applied to a
//! `String`.

mod common;

use common::{Client, neovim_capabilities};
use copydesk::engine::{Format, Settings, check};
use proptest::prelude::*;
use serde_json::{Value, json};

const URI: &str = "file:///tmp/copydesk-prop/story.txt";
const MARKDOWN_URI: &str = "file:///tmp/copydesk-prop/story.md";
const PIECES: &[&str] = &[
    "the the ",
    "Victor Cha Victor Cha",
    // What document-wide rules compare across paragraphs: a name spelled
    // two ways, titles and ages given twice, the two quote styles.
    "Kim Jong Un ",
    "Kim Jong-un ",
    "Vice Foreign Minister Han Song Ryol ",
    "Deputy Foreign Minister Han ",
    "Cha, 55, ",
    "Cha, 56, ",
    "'",
    "’",
    "October. 24",
    "😀",
    "한국 ",
    "é",
    "\n",
    "\n\n",
    "\r\n",
    "U.S",
    " ,",
    "talks ",
    "“We go,",
    "\"",
    "(",
    "staring from Friday",
    "  ",
    "x",
    // Markdown structure (plain text to a plain-text story): front matter,
    // fences, comments over blank lines, inline switches.
    "---\n",
    "+++\n",
    "title = 1\n",
    "```\n",
    "<!-- note ",
    " -->",
    "<!-- copydesk-disable repeated-word -->",
    "<!-- copydesk-enable -->",
    "<!-- copydesk-disable-next-line -->\n",
    "    indented the the\n",
    "# Head\n",
];

/// UTF-8 LSP position (line, byte column) of `byte` in `text`.
fn position(text: &str, byte: usize) -> Value {
    let before = &text[..byte];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    json!({ "line": line, "character": byte - line_start })
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at)
        || (at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n'))
    {
        at -= 1;
    }
    at
}

async fn pulled(client: &mut Client, uri: &str) -> Vec<(String, Value)> {
    let report = client.pull(uri, None).await;
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["range"].clone()))
        .collect()
}

fn expected(model: &str, format: Format) -> Vec<(String, Value)> {
    check(model, format, &Settings::default())
        .iter()
        .map(|f| (f.rule.to_string(), json!({ "start": position(model, f.range.start), "end": position(model, f.range.end) })))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn server_diagnostics_equal_engine_findings(
        start in prop::collection::vec(0..PIECES.len(), 0..20),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..12, prop::collection::vec(0..PIECES.len(), 0..4)), 1..10),
        markdown in any::<bool>(),
    ) {
        let (uri, language, format) = if markdown {
            (MARKDOWN_URI, "markdown", Format::Markdown)
        } else {
            (URI, "plaintext", Format::Plain)
        };
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let mut model: String = start.iter().map(|&i| PIECES[i]).collect();
            let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
            client.open(uri, language, &model).await;
            for (version, (at, len, insert)) in edits.into_iter().enumerate() {
                let s = boundary(&model, at.index(model.len() + 1));
                let e = boundary(&model, s + len).max(s);
                let insert: String = insert.iter().map(|&i| PIECES[i]).collect();
                let range = json!({ "start": position(&model, s), "end": position(&model, e) });
                client.change(uri, version as i64 + 2, json!([{ "range": range, "text": insert }])).await;
                model.replace_range(s..e, &insert);
                // Pull after some edits and not others, so that analyses
                // build on earlier ones across one or several edits.
                if version % 2 == 1 {
                    assert_eq!(pulled(&mut client, uri).await, expected(&model, format), "text: {model:?}");
                }
            }
            assert_eq!(pulled(&mut client, uri).await, expected(&model, format), "text: {model:?}");
            client.shutdown().await;
        });
    }
}

/// The cases where the editor and `copydesk check` once disagreed: TOML
/// front matter holding a blank line, and a comment over a blank line.
#[test]
fn markdown_regions_over_blank_lines_are_seen_alike() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for text in [
            "+++\ntitle = \"the the\"\n\ndate = 2016\n+++\n\nText.\n",
            "Text <!-- the the  \n\n  the the -->\n\nMore.\n",
        ] {
            let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
            client.open(MARKDOWN_URI, "markdown", text).await;
            let got = pulled(&mut client, MARKDOWN_URI).await;
            assert!(got.is_empty(), "{text:?}: {got:?}");
            assert_eq!(got, expected(text, Format::Markdown), "{text:?}");
            client.shutdown().await;
        }
    });
}
