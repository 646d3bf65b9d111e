//! Throughput of the engine and of the whole `copydesk check` process on a
//! multi-megabyte input built from `../shared/corpus/`, as MB/s and as a
//! ratio to `wc -w` on the same file in the same run.
//!
//! `cargo bench --bench throughput` runs it; CI only compiles it
//! (`cargo bench --no-run`).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::engine::{Format, Settings, check};

#[path = "support/corpus.rs"]
mod corpus;

const TARGET_BYTES: usize = 8 * 1024 * 1024;
const RUNS: usize = 7;

/// The corpus repeated to `TARGET_BYTES`, every paragraph numbered so that
/// none repeats.
fn build_input() -> String {
    let paragraphs = corpus::paragraphs();
    let mut out = String::with_capacity(TARGET_BYTES + 64 * 1024);
    let mut n = 0usize;
    while out.len() < TARGET_BYTES {
        for para in &paragraphs {
            n += 1;
            out.push_str(&format!("Item {n}: {para}\n\n"));
        }
    }
    out
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time_command(program: &str, args: &[&str]) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new(program)
                    .args(args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap_or_else(|e| panic!("{program} runs: {e}"));
                assert!(status.code().is_some(), "{program} was killed");
                start.elapsed()
            })
            .collect(),
    )
}

/// Where the time goes: segmentation alone, then each rule on its own.
fn per_rule(input: &str) {
    use copydesk::engine::{Document, Level, rules};
    let segment = median(
        (0..9)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(Document::new(input, Format::Plain));
                start.elapsed()
            })
            .collect(),
    );
    println!("  segmentation: {:.1}ms", segment.as_secs_f64() * 1000.0);
    for rule in rules::ALL {
        let mut settings = Settings::default();
        for other in rules::ALL {
            settings.levels.insert(other.id.to_string(), Level::Off);
        }
        settings.levels.insert(
            rule.id.to_string(),
            Level::On(copydesk::engine::Severity::Warning),
        );
        let time = median(
            (0..9)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(check(input, Format::Plain, &settings));
                    start.elapsed()
                })
                .collect(),
        );
        println!(
            "  {:28} {:.1}ms",
            rule.id,
            (time.saturating_sub(segment)).as_secs_f64() * 1000.0
        );
    }
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / time.as_secs_f64()
}

fn main() {
    let input = build_input();
    let path: PathBuf =
        std::env::temp_dir().join(format!("copydesk-bench-{}.txt", std::process::id()));
    std::fs::write(&path, &input).expect("bench input written");
    let file = path.to_str().expect("temp path is UTF-8");
    let bytes = input.len();

    let settings = Settings::default();
    let _warm = check(&input, Format::Plain, &settings);
    let engine = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let findings = check(&input, Format::Plain, &settings);
                let elapsed = start.elapsed();
                std::hint::black_box(findings);
                elapsed
            })
            .collect(),
    );
    let findings = check(&input, Format::Plain, &settings).len();
    let wc = time_command("wc", &["-w", file]);
    let process = time_command(
        env!("CARGO_BIN_EXE_copydesk"),
        &["check", "--format", "json", file],
    );
    let _ = std::fs::remove_file(&path);

    println!(
        "input: {:.1} MB, {findings} findings",
        bytes as f64 / (1024.0 * 1024.0)
    );
    if std::env::args().any(|a| a == "--per-rule") {
        per_rule(&input);
    }
    println!(
        "{:<28} {:>10} {:>10} {:>12}",
        "", "median", "MB/s", "× wc -w time"
    );
    for (name, time) in [
        ("wc -w", wc),
        ("engine (in process)", engine),
        ("copydesk check (process)", process),
    ] {
        println!(
            "{name:<28} {:>8.1}ms {:>10.1} {:>12.2}",
            time.as_secs_f64() * 1000.0,
            mb_per_s(bytes, time),
            time.as_secs_f64() / wc.as_secs_f64()
        );
    }
}
