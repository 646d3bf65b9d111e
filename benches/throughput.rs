//! Throughput of the engine and of the whole `copydesk check` process (on
//! every core, and on one with `-j 1`) on a
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

/// How many times `fastest` runs its work: nine, or once with `--once` (for
/// counting instructions under `valgrind --tool=callgrind`, where a single
/// run of each stage is the measure).
fn runs() -> usize {
    if std::env::args().any(|a| a == "--once") {
        1
    } else {
        9
    }
}

/// The fastest of `runs()` runs of `work`.
fn fastest(mut work: impl FnMut()) -> Duration {
    (0..runs())
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// Where the time goes, stage by stage, on the blocks `copydesk check` would
/// make (paragraphs merged up to 32 KB): segmentation, the two word-list
/// scans, then each rule's block pass on its own, over documents segmented
/// beforehand. Rules off by default (which `check` does not run) are marked.
fn per_rule(input: &str) {
    use copydesk::engine::rules;
    use copydesk::engine::{Context, Document, Emitter, Level, Severity};
    let mut blocks: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, _) in input.match_indices("\n\n") {
        if at + 2 - start >= 32 * 1024 {
            blocks.push(&input[start..at + 2]);
            start = at + 2;
        }
    }
    blocks.push(&input[start..]);
    let settings = Settings::default();
    let segment = || -> Vec<Document<'_>> {
        blocks
            .iter()
            .enumerate()
            .map(|(i, b)| Document::block(b, Format::Plain, i == 0))
            .collect()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {:28} {:6.1}ms",
        "segmentation",
        ms(fastest(|| {
            std::hint::black_box(segment());
        }))
    );
    let docs = segment();
    println!(
        "  {:28} {:6.1}ms",
        "word lists (lexicon scan)",
        ms(fastest(|| {
            for doc in &docs {
                std::hint::black_box(settings.lexicon.scan(doc));
            }
        }))
    );
    println!(
        "  {:28} {:6.1}ms",
        "names (index scan)",
        ms(fastest(|| {
            for doc in &docs {
                std::hint::black_box(settings.names.scan(doc));
            }
        }))
    );
    let hits: Vec<_> = docs.iter().map(|d| settings.lexicon.scan(d)).collect();
    let mentions: Vec<_> = docs.iter().map(|d| settings.names.scan(d)).collect();
    let context = |i: usize| Context::new(&docs[i], &settings, &hits[i], &mentions[i]);
    let off = |rule: &&rules::Rule| match settings.level(rule) {
        Level::Off => "  (off by default)",
        Level::On(_) => "",
    };
    for rule in rules::ALL {
        let Some(document) = rule.document else {
            continue;
        };
        let time = fastest(|| {
            for i in 0..docs.len() {
                std::hint::black_box(document.summarize_any(&context(i)));
            }
        });
        println!(
            "  {:28} {:6.1}ms{}",
            format!("{} (summary)", rule.id),
            ms(time),
            off(rule)
        );
    }
    for rule in rules::ALL {
        let Some(check) = rule.check else { continue };
        let time = fastest(|| {
            let mut out = Vec::new();
            for i in 0..docs.len() {
                check(
                    &context(i),
                    &mut Emitter::new(rule.id, Severity::Warning, &mut out),
                );
            }
            std::hint::black_box(out);
        });
        println!("  {:28} {:6.1}ms{}", rule.id, ms(time), off(rule));
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

    if std::env::args().any(|a| a == "--once") {
        // Only the stages, each once: `valgrind --tool=callgrind
        // --dump-instr=no BENCH --per-rule --once` counts each stage's
        // instructions (`callgrind_annotate --inclusive=yes`).
        per_rule(&input);
        return;
    }
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
    let one_thread = time_command(
        env!("CARGO_BIN_EXE_copydesk"),
        &["check", "--format", "json", "-j", "1", file],
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
        ("copydesk check -j 1", one_thread),
    ] {
        println!(
            "{name:<28} {:>8.1}ms {:>10.1} {:>12.2}",
            time.as_secs_f64() * 1000.0,
            mb_per_s(bytes, time),
            time.as_secs_f64() / wc.as_secs_f64()
        );
    }
}
