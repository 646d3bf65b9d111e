//! Editing latency of the language server: time from a one-character
//! `didChange` to its `publishDiagnostics`, on a 5,000-word story and on a
//! 1 MB document, as median and p99 and as a ratio to a full check of the
//! same text in the same run; and resident memory with 100 stories open.
//!
//! `cargo bench --bench lsp` runs it; CI only compiles it.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use common::{Client, push_utf16_capabilities};
use copydesk::engine::{Format, Settings, check};
use serde_json::{Value, json};

/// A story of about `words` words (or `bytes` bytes), every paragraph numbered.
fn story(paragraphs: &[String], tag: &str, words: usize, bytes: usize) -> String {
    let mut out = format!("Story {tag}\n\n");
    let mut count = 0;
    for (n, para) in paragraphs.iter().cycle().enumerate() {
        if count >= words || out.len() >= bytes {
            break;
        }
        count += para.split_whitespace().count();
        out.push_str(&format!("Item {tag}-{n}: {}\n\n", para.trim()));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn full_check(text: &str) -> Duration {
    let settings = Settings::default();
    let mut times: Vec<Duration> = (0..9)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(check(text, Format::Plain, &settings));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

async fn keystroke_latency(name: &str, text: &str, rounds: usize) {
    let uri = format!(
        "file:///bench/{}.txt",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let (mut client, _) = Client::start(push_utf16_capabilities(), Value::Null).await;
    client.open(&uri, "plaintext", text).await;
    client.published(1).await;
    // Type into the middle of the text, then delete it again, alternately.
    let middle_line = text[..text.len() / 2].matches('\n').count() as u64;
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let version = round as i64 + 2;
        let change = if round % 2 == 0 {
            json!([{ "range": common::range(middle_line, 0, middle_line, 0), "text": "x" }])
        } else {
            json!([{ "range": common::range(middle_line, 0, middle_line, 1), "text": "" }])
        };
        let start = Instant::now();
        client.change(&uri, version, change).await;
        client.published(version).await;
        times.push(start.elapsed());
    }
    times.sort();
    let full = full_check(text);
    let median = percentile(&times, 0.5);
    let p99 = percentile(&times, 0.99);
    println!(
        "{name:>22}: {:>8.1} KB  median {:>7.3} ms  p99 {:>7.3} ms  full check {:>7.3} ms  median/full {:.3}  p99/full {:.3}",
        text.len() as f64 / 1024.0,
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3,
        median.as_secs_f64() / full.as_secs_f64(),
        p99.as_secs_f64() / full.as_secs_f64()
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
        let text = story(paragraphs, &i.to_string(), 1_000, usize::MAX);
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
            &story(&paragraphs, "s", 5_000, usize::MAX),
            201,
        )
        .await;
        keystroke_latency(
            "1 MB document",
            &story(&paragraphs, "m", usize::MAX, 1 << 20),
            101,
        )
        .await;
    });
}
