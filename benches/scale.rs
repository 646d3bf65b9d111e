//! How the cost of the paths issue 17 found quadratic grows with the size of
//! the input: each pathological input at two sizes, N and 4·N, with the
//! ratio of their times. Linear work gives a ratio near 4; quadratic work
//! near 16.
//!
//! * rendering a single-line story with many findings, in every format
//!   (column computation and the human excerpt once cost line length ×
//!   findings);
//! * `fix::apply` with many fixes (each was checked against every accepted
//!   one);
//! * `repeated-paragraph` with many repeats (each unit was checked against
//!   every flagged range, and each finding counted lines from the start);
//! * `[files] ignore` with many files and globs (the matcher was compiled
//!   per file: files × globs);
//! * SARIF and JSON with many findings: time and the process's peak memory
//!   (SARIF was built as one JSON tree).
//!
//! `cargo bench --bench scale` runs it (`-- CASE` runs the cases whose name
//! contains CASE: `output`, `render`, `fix`, `repeated`, `ignore`);
//! `COPYDESK_BIN=path` runs another build of `copydesk` in the process
//! cases (to compare with an older one). CI only compiles it (`cargo bench
//! --no-run`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::engine::fix::apply;
use copydesk::engine::{Fix, Format, Settings, check};

/// The `copydesk` the process cases run: this build's, unless
/// `COPYDESK_BIN` names another.
fn binary() -> String {
    std::env::var("COPYDESK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_copydesk").to_string())
}

/// The fastest of a few runs of `work`: three when a run is short, one when
/// it takes seconds (a quadratic path at its larger size).
fn time(mut work: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    for _ in 0..3 {
        let start = Instant::now();
        work();
        let elapsed = start.elapsed();
        best = best.min(elapsed);
        total += elapsed;
        if total > Duration::from_secs(2) {
            break;
        }
    }
    best
}

/// One run of `copydesk ARGS` with its output thrown away: wall time and
/// peak resident memory in KiB (where the platform tells it). On Unix the
/// child is reaped by `wait4`, which also gives its resource usage.
#[cfg_attr(unix, allow(clippy::zombie_processes))]
fn run(args: &[&str]) -> (Duration, Option<u64>) {
    let start = Instant::now();
    let child = Command::new(binary())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("copydesk starts");
    #[cfg(unix)]
    {
        let mut status = 0;
        // SAFETY: an all-zero `rusage` is a valid value for wait4 to fill.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: the child is ours and not yet waited for; both pointers
        // point at live locals.
        let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
        assert_eq!(pid, child.id() as libc::pid_t, "wait4 reaps copydesk");
        let elapsed = start.elapsed();
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
            "copydesk {args:?} failed: {status}"
        );
        // Linux reports KiB; macOS reports bytes.
        let kib = if cfg!(target_os = "macos") {
            usage.ru_maxrss as u64 / 1024
        } else {
            usage.ru_maxrss as u64
        };
        (elapsed, Some(kib))
    }
    #[cfg(not(unix))]
    {
        let mut child = child;
        let status = child.wait().expect("copydesk runs");
        assert!(status.code().is_some_and(|c| c <= 1), "copydesk failed");
        (start.elapsed(), None)
    }
}

/// The fastest of three process runs (one when a run takes seconds), with
/// the peak memory of that run.
fn run_best(args: &[&str]) -> (Duration, Option<u64>) {
    let mut best = run(args);
    if best.0 < Duration::from_millis(700) {
        for _ in 0..2 {
            let next = run(args);
            if next.0 < best.0 {
                best = next;
            }
        }
    }
    best
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("copydesk-scale-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// One line of figures: the two times and their ratio against the ratio of
/// the sizes.
fn report(case: &str, sizes: (usize, usize), unit: &str, times: (Duration, Duration)) {
    let ratio = times.1.as_secs_f64() / times.0.as_secs_f64().max(1e-9);
    let size_ratio = sizes.1 as f64 / sizes.0 as f64;
    println!(
        "{case:<34} {:>9} {unit:<9} {:>10}   {:>9} {unit:<9} {:>10}   ×{ratio:>6.1} (size ×{size_ratio:.0}; quadratic would be ×{:.0})",
        sizes.0,
        secs(times.0),
        sizes.1,
        secs(times.1),
        size_ratio * size_ratio
    );
}

/// A single-line story (no line break anywhere) of about `bytes` bytes with
/// one `double-space` finding (with a safe fix) every 16 bytes.
fn single_line_story(bytes: usize) -> String {
    let unit = "Talks  went on. ";
    unit.repeat(bytes / unit.len())
}

/// A story file for each of the two sizes, in `scratch`.
fn story_files(
    scratch: &Scratch,
    sizes: (usize, usize),
    story: impl Fn(usize) -> String,
) -> [PathBuf; 2] {
    [sizes.0, sizes.1].map(|size| {
        let path = scratch.path().join(format!("story-{size}.txt"));
        std::fs::write(&path, story(size)).expect("story written");
        path
    })
}

fn rendering(n: usize) {
    let scratch = Scratch::new("render");
    let sizes = (n, 4 * n);
    let files = story_files(&scratch, sizes, single_line_story);
    let settings = Settings::default();
    let story = single_line_story(sizes.0);
    let findings = check(&story, Format::Plain, &settings).len();
    println!(
        "single-line story: {} KiB with {findings} findings, and {} KiB",
        sizes.0 / 1024,
        sizes.1 / 1024
    );
    let engine: Vec<Duration> = [sizes.0, sizes.1]
        .iter()
        .map(|&size| {
            let story = single_line_story(size);
            time(|| {
                std::hint::black_box(check(&story, Format::Plain, &settings));
            })
        })
        .collect();
    report(
        "render: engine alone (in process)",
        (sizes.0 / 1024, sizes.1 / 1024),
        "KiB",
        (engine[0], engine[1]),
    );
    for format in ["json", "sarif", "github", "human"] {
        let times: Vec<Duration> = files
            .iter()
            .map(|file| {
                let file = file.to_str().expect("UTF-8 temp path");
                run_best(&["check", "--color", "never", "--format", format, file]).0
            })
            .collect();
        report(
            &format!("render: --format {format} (process)"),
            (sizes.0 / 1024, sizes.1 / 1024),
            "KiB",
            (times[0], times[1]),
        );
    }
}

fn fix_apply(n: usize) {
    let sizes = (n, 4 * n);
    let times: Vec<Duration> = [sizes.0, sizes.1]
        .iter()
        .map(|&count| {
            let text = "ab".repeat(count);
            // Disjoint fixes in text order (as `fix_all` gives them), and
            // every tenth one overlapping the one before, to be skipped.
            let fixes: Vec<Fix> = (0..count)
                .map(|i| {
                    if i % 10 == 9 {
                        Fix::replace(2 * i - 1..2 * i + 1, "Z", true)
                    } else {
                        Fix::replace(2 * i..2 * i + 1, "X", true)
                    }
                })
                .collect();
            time(|| {
                std::hint::black_box(apply(&text, fixes.iter()));
            })
        })
        .collect();
    report("fix::apply", sizes, "fixes", (times[0], times[1]));
}

fn repeated_paragraph(pasted: usize, twice: usize) {
    let settings = Settings::default();
    let sizes = (pasted, 4 * pasted);
    // One paragraph pasted many times: every copy after the first is a
    // finding.
    let times: Vec<Duration> = [sizes.0, sizes.1]
        .iter()
        .map(|&count| {
            let text = "The minister arrived in Seoul on Monday.\n\n".repeat(count + 1);
            time(|| {
                std::hint::black_box(check(&text, Format::Plain, &settings));
            })
        })
        .collect();
    report(
        "repeated-paragraph: one, pasted",
        sizes,
        "repeats",
        (times[0], times[1]),
    );
    // Many different paragraphs, each written twice: the line each repeat
    // points back to is further and further down the story.
    let sizes = (twice, 4 * twice);
    let times: Vec<Duration> = [sizes.0, sizes.1]
        .iter()
        .map(|&count| {
            let mut text = String::new();
            for i in 0..count {
                let words = spelled(i);
                let paragraph = format!("The minister arrived in Seoul {words}.\n\n");
                text.push_str(&paragraph);
                text.push_str(&paragraph);
            }
            time(|| {
                std::hint::black_box(check(&text, Format::Plain, &settings));
            })
        })
        .collect();
    report(
        "repeated-paragraph: each twice",
        sizes,
        "repeats",
        (times[0], times[1]),
    );
}

/// A distinct run of letters-only words for each number (digits would do
/// too, but words keep every rule but repeated-paragraph quiet).
fn spelled(mut i: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "nu", "pe", "ra", "so", "ti", "va", "we", "xo", "yu", "ze", "bo", "co",
        "di",
    ];
    let mut words = Vec::new();
    loop {
        words.push(SYLLABLES[i % 16]);
        i /= 16;
        if i == 0 {
            break;
        }
    }
    format!("with {}", words.concat())
}

fn ignore(files: usize, globs: usize) {
    let sizes = ((files, globs), (4 * files, 4 * globs));
    let times: Vec<Duration> = [sizes.0, sizes.1]
        .iter()
        .map(|&(files, globs)| {
            let scratch = Scratch::new("ignore");
            let root = scratch.path();
            let patterns: Vec<String> = (0..globs).map(|i| format!("\"archive{i}/**\"")).collect();
            std::fs::write(
                root.join("copydesk.toml"),
                format!("[files]\nignore = [{}]\n", patterns.join(", ")),
            )
            .expect("config written");
            let stories = root.join("stories");
            std::fs::create_dir(&stories).expect("stories folder");
            for i in 0..files {
                std::fs::write(
                    stories.join(format!("{i}.txt")),
                    "Talks resumed on Monday.\n",
                )
                .expect("story written");
            }
            let root = root.to_str().expect("UTF-8 temp path");
            run_best(&["check", "--format", "json", root]).0
        })
        .collect();
    println!(
        "ignore: {} files × {} globs, then {} × {}",
        sizes.0.0, sizes.0.1, sizes.1.0, sizes.1.1
    );
    report(
        "[files] ignore (process)",
        (sizes.0.0, sizes.1.0),
        "files",
        (times[0], times[1]),
    );
    println!(
        "{:<34} (files × globs grows ×16: quadratic in the figure above)",
        ""
    );
}

fn report_output(n: usize) {
    let scratch = Scratch::new("sarif");
    let sizes = (n, 4 * n);
    // Short lines, one finding each: the size of the report, not the
    // length of lines, is what grows.
    let files = story_files(&scratch, sizes, |count| "Talks  went on.\n".repeat(count));
    if let (_, Some(floor)) = run(&["--version"]) {
        println!(
            "{:<34} peak memory of `copydesk --version`: {:.1} MiB",
            "",
            floor as f64 / 1024.0
        );
    }
    for format in ["sarif", "json"] {
        let runs: Vec<(Duration, Option<u64>)> = files
            .iter()
            .map(|file| run_best(&["check", "--format", format, file.to_str().expect("UTF-8")]))
            .collect();
        report(
            &format!("--format {format}, many findings"),
            sizes,
            "findings",
            (runs[0].0, runs[1].0),
        );
        if let (Some(a), Some(b)) = (runs[0].1, runs[1].1) {
            println!(
                "{:<34} peak memory {:>7.1} MiB {:>24.1} MiB   ({:.1} KiB per finding at the larger size)",
                "",
                a as f64 / 1024.0,
                b as f64 / 1024.0,
                b as f64 / sizes.1 as f64
            );
        }
    }
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |case: &str| filter.is_empty() || filter.iter().any(|f| case.contains(f.as_str()));
    println!(
        "{:<34} {:>9} {:<9} {:>10}   {:>9} {:<9} {:>10}   ratio",
        "case", "N", "", "time", "4·N", "", "time"
    );
    // First, while this process is small: a child's peak memory counts
    // that of the process it was forked from.
    if wanted("sarif") || wanted("output") {
        report_output(5_000);
    }
    if wanted("render") {
        rendering(128 * 1024);
    }
    if wanted("fix") {
        fix_apply(20_000);
    }
    if wanted("repeated") {
        repeated_paragraph(20_000, 5_000);
    }
    if wanted("ignore") {
        ignore(500, 50);
    }
}
