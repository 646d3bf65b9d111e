//! Editing latency of the language server: time from writing a
//! one-character `didChange` into the pipe of a running `copydesk lsp` to
//! reading the last byte of its `publishDiagnostics`, on a 5,000-word story
//! and on a 1 MB document with several hundred findings, as median and p99
//! and as a ratio to a whole `copydesk check` process on the same text (in a
//! temporary file) in the same run; and resident memory with 100 stories
//! open (in process).
//!
//! `cargo bench --bench lsp` runs it; CI only compiles it.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use common::{Client, push_utf16_capabilities};
use serde_json::{Value, json};

/// A story of about `words` words (or `bytes` bytes), every paragraph
/// numbered; with `slips`, every `slips`-th paragraph carries two of the
/// slips copy editors circle (a doubled word, a date in full).
fn story(paragraphs: &[String], tag: &str, words: usize, bytes: usize, slips: usize) -> String {
    let mut out = format!("Story {tag}\n\n");
    let mut count = 0;
    for (n, para) in paragraphs.iter().cycle().enumerate() {
        if count >= words || out.len() >= bytes {
            break;
        }
        count += para.split_whitespace().count();
        let slip = if slips > 0 && n % slips == 0 {
            "The the envoys met on October 24. "
        } else {
            ""
        };
        out.push_str(&format!("Item {tag}-{n}: {slip}{}\n\n", para.trim()));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

const BINARY: &str = env!("CARGO_BIN_EXE_copydesk");

/// The median wall time of a whole `copydesk check` process on `text`
/// (written to a temporary file), its report thrown away; `args` are added
/// to the command (`-j 1`: one thread, as the server analyses).
fn full_check(text: &str, args: &[&str]) -> Duration {
    let path = std::env::temp_dir().join(format!("copydesk-bench-{}.txt", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let mut times: Vec<Duration> = (0..9)
        .map(|_| {
            let start = Instant::now();
            let status = std::process::Command::new(BINARY)
                .arg("check")
                .args(args)
                .arg(&path)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("copydesk check runs");
            let elapsed = start.elapsed();
            assert!(status.code().is_some_and(|c| c <= 1), "{status}");
            elapsed
        })
        .collect();
    std::fs::remove_file(&path).unwrap();
    times.sort();
    times[times.len() / 2]
}

/// Reads frames until the `publishDiagnostics` for `version` has been read
/// whole; returns its body. The body is not parsed before the clock stops.
async fn published_frame(client: &mut Client, version: i64) -> Vec<u8> {
    let end = format!(r#","version":{version}}}}}"#);
    loop {
        let body = client.receive_frame().await;
        if body.ends_with(end.as_bytes()) {
            return body;
        }
    }
}

async fn keystroke_latency(name: &str, text: &str, rounds: usize) {
    let uri = format!(
        "file:///bench/{}.txt",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let (mut client, _) = Client::spawn(BINARY, push_utf16_capabilities(), Value::Null).await;
    client.open(&uri, "plaintext", text).await;
    let first: Value = serde_json::from_slice(&published_frame(&mut client, 1).await).unwrap();
    let findings = first["params"]["diagnostics"].as_array().unwrap().len();
    // Type into the middle of the text, then delete it again, alternately.
    let middle_line = text[..text.len() / 2].matches('\n').count() as u64;
    let mut times = Vec::with_capacity(rounds);
    let mut bytes = 0;
    for round in 0..rounds {
        let version = round as i64 + 2;
        let change = if round % 2 == 0 {
            json!([{ "range": common::range(middle_line, 0, middle_line, 0), "text": "x" }])
        } else {
            json!([{ "range": common::range(middle_line, 0, middle_line, 1), "text": "" }])
        };
        let start = Instant::now();
        client.change(&uri, version, change).await;
        bytes = published_frame(&mut client, version).await.len();
        times.push(start.elapsed());
    }
    times.sort();
    let full = full_check(text, &[]);
    let single = full_check(text, &["-j", "1"]);
    let median = percentile(&times, 0.5);
    let p99 = percentile(&times, 0.99);
    println!(
        "{name:>22}: {:>8.1} KB, {findings} findings, publish {:.0} KB: keystroke to publish over stdio median {:>7.3} ms, p99 {:>7.3} ms; `copydesk check` process {:>7.3} ms; median/check {:.3} (1/{:.0}), p99/check {:.3}; `check -j 1` {:>7.3} ms (1/{:.0})",
        text.len() as f64 / 1024.0,
        bytes as f64 / 1024.0,
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3,
        median.as_secs_f64() / full.as_secs_f64(),
        full.as_secs_f64() / median.as_secs_f64(),
        p99.as_secs_f64() / full.as_secs_f64(),
        single.as_secs_f64() * 1e3,
        single.as_secs_f64() / median.as_secs_f64(),
    );
    client.shutdown().await;
}

fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn memory_with_open_stories(paragraphs: &[String], count: usize) {
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    let before = resident_kb();
    let mut bytes = 0;
    for i in 0..count {
        let text = story(paragraphs, &i.to_string(), 1_000, usize::MAX, 0);
        bytes += text.len();
        let uri = format!("file:///bench/open-{i}.txt");
        client.open(&uri, "plaintext", &text).await;
        client.published(1).await;
    }
    let after = resident_kb();
    println!(
        "{count} stories open ({:.1} MB of text): resident memory +{:.1} MB (total {:.1} MB)",
        bytes as f64 / 1048576.0,
        after.saturating_sub(before) as f64 / 1024.0,
        after as f64 / 1024.0
    );
    client.shutdown().await;
}

fn main() {
    let paragraphs = corpus::paragraphs();
    // The runtime `copydesk lsp` itself runs on.
    let runtime = copydesk::server::runtime().expect("runtime");
    runtime.block_on(async {
        // Memory first, before the large document grows the heap.
        memory_with_open_stories(&paragraphs, 100).await;
        keystroke_latency(
            "5,000-word story",
            &story(&paragraphs, "s", 5_000, usize::MAX, 0),
            201,
        )
        .await;
        keystroke_latency(
            "1 MB document",
            &story(&paragraphs, "m", usize::MAX, 1 << 20, 8),
            101,
        )
        .await;
    });
}
