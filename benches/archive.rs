//! `copydesk audit` over a generated archive (issue: adopt it on an
//! archive): 200,000 stories by default (`COPYDESK_ARCHIVE_STORIES` sets
//! another count), each a run of the public-domain corpus's paragraphs,
//! numbered so that no two stories are alike. Prints MB/s of the whole
//! process, its peak memory (RSS), and the same for a tenth of the archive
//! in the same run: memory must not grow with the number of stories.
//!
//! `cargo bench --bench archive` runs it (it writes the archive to a
//! temporary folder first, ~0.6 GB at the default size); CI only compiles it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "support/corpus.rs"]
mod corpus;

/// Writes `count` stories of about three paragraphs each into `dir`, in
/// folders of 1,000.
fn write_archive(dir: &Path, count: usize) -> u64 {
    let paragraphs = corpus::paragraphs();
    let mut bytes = 0u64;
    for i in 0..count {
        let folder = dir.join(format!("{:04}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("the archive folder is writable");
        }
        let mut story = format!("Story {i}\n\n");
        for k in 0..3 {
            let para = &paragraphs[(i * 7 + k * 13) % paragraphs.len()];
            story.push_str(&format!("({i}.{k}) {para}\n\n"));
        }
        bytes += story.len() as u64;
        std::fs::write(folder.join(format!("{i}.txt")), story).expect("a story is writable");
    }
    bytes
}

/// Runs `copydesk audit` on `dir`: seconds, and the peak RSS in MB of the
/// process (from the kernel's accounting of waited-for children).
fn audit(dir: &Path) -> (f64, f64) {
    let before = max_child_rss_kb();
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["audit", "--format", "json", "--quiet"])
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .expect("copydesk runs");
    let seconds = start.elapsed().as_secs_f64();
    assert!(status.success(), "copydesk audit failed: {status}");
    let after = max_child_rss_kb();
    // The maximum over all children so far: meaningful when this run is the
    // largest, which the order of the runs below ensures.
    (seconds, after.max(before) as f64 / 1024.0)
}

fn max_child_rss_kb() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct we own.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}

fn main() {
    let count: usize = std::env::var("COPYDESK_ARCHIVE_STORIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let root = std::env::temp_dir().join(format!("copydesk-archive-{}", std::process::id()));
    let small_dir = root.join("small");
    let large_dir = root.join("large");
    let small_bytes = write_archive(&small_dir, count / 10);
    let large_bytes = write_archive(&large_dir, count);
    let mb = |bytes: u64| bytes as f64 / 1e6;
    println!("copydesk audit over a generated archive");
    for (label, dir, stories, bytes) in [
        ("a tenth", &small_dir, count / 10, small_bytes),
        ("whole", &large_dir, count, large_bytes),
    ] {
        let (seconds, rss) = audit(dir);
        println!(
            "  {label:8} {stories:>7} stories, {:7.1} MB: {seconds:6.2} s, {:6.1} MB/s, peak RSS {rss:6.1} MB",
            mb(bytes),
            mb(bytes) / seconds
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
