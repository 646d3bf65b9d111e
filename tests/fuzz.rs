//! Fuzzing with proptest, run in CI with a modest number of cases: arbitrary
//! bytes (read as copydesk reads a story, with replacement characters where
//! they are not UTF-8), rich in quotation marks, punctuation, Markdown
//! comments, line breaks, Hangul and emoji, through the engine as plain
//! text and as Markdown — and arbitrary frame bodies through the language
//! server's framing.
//!
//! Asserted: no panic; every finding's range, related range and edit lies
//! inside the text on character boundaries; after `fix_all` no safe fix is
//! left; the server still answers a valid request after the garbage.

mod common;

use common::{Client, neovim_capabilities};
use copydesk::engine::fix::fix_all;
use copydesk::engine::{Format, Settings, check};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Bytes that make trouble for a news-copy checker, and a few that are not
/// UTF-8 at all.
const PIECES: &[&[u8]] = &[
    b"\"",
    "“".as_bytes(),
    "”".as_bytes(),
    b"'",
    "’".as_bytes(),
    b".",
    b",",
    b";",
    b":",
    b"(",
    b")",
    b"<!--",
    b"-->",
    b"<!-- copydesk-disable -->",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b" ",
    b"  ",
    b"\n\n",
    "한국".as_bytes(),
    "😀".as_bytes(),
    "\u{a0}".as_bytes(),
    b"the the",
    b"U.S",
    b"Oct. 24",
    b"Victor Cha Victor Cha",
    b"```\n",
    b"---\n",
    b"#",
    b"https://x.org/a",
    b"ddr@donga.com",
    b"word",
    b"Seoul",
    b"\xff",
    b"\xe9",
    b"\xf0\x9f",
    b"\x00",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => (0..PIECES.len()).prop_map(|i| PIECES[i].to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..6),
        ],
        0..80,
    )
    .prop_map(|parts| String::from_utf8_lossy(&parts.concat()).into_owned())
}

fn on_boundaries(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_never_panics_and_ranges_lie_on_char_boundaries(
        text in text(),
        markdown in any::<bool>(),
    ) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let settings = Settings::default();
        for finding in check(&text, format, &settings) {
            prop_assert!(on_boundaries(&text, &finding.range), "{:?} in {:?}", finding, text);
            for related in &finding.related {
                prop_assert!(on_boundaries(&text, &related.range), "{:?} in {:?}", finding, text);
            }
            for edit in finding.fixes.iter().flat_map(|f| &f.edits) {
                prop_assert!(on_boundaries(&text, &edit.range), "{:?} in {:?}", finding, text);
            }
        }
        let fixed = fix_all(&text, format, &settings);
        let left = check(&fixed.text, format, &settings)
            .into_iter()
            .find(|f| f.safe_fix().is_some());
        prop_assert!(left.is_none(), "safe fix left: {:?} in {:?}", left, fixed.text);
    }
}

/// A frame body: arbitrary bytes, or JSON-looking ones.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        prop::collection::vec(
            prop::sample::select(&b"{}[]\":,0123456789 idmethodjsonrpc2.0nulltrue-"[..]),
            0..64
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn the_server_survives_garbage_frames_and_still_answers(
        bodies in prop::collection::vec(body(), 1..24),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let answer: Value = runtime.block_on(async {
            let (mut client, _) = Client::start(neovim_capabilities(), Value::Null).await;
            for body in &bodies {
                let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                frame.extend(body);
                client.send_raw(&frame).await;
            }
            let answer = client
                .request(
                    "textDocument/hover",
                    json!({
                        "textDocument": { "uri": "file:///tmp/copydesk-fuzz/none.txt" },
                        "position": { "line": 0, "character": 0 },
                    }),
                )
                .await;
            client.shutdown().await;
            answer
        });
        prop_assert!(answer.get("result").is_some() || answer.get("error").is_some(), "{}", answer);
    }
}
