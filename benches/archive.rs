//! `copydesk audit` over generated archives (issue: adopt it on an
//! archive), 200,000 stories each by default (`COPYDESK_ARCHIVE_STORIES`
//! sets another count):
//!
//! * **corpus stories**: each story a whole story of the public-domain
//!   corpus (`../shared/corpus/`, 62 stories of 1–18 KB, 4 KB on average),
//!   its paragraphs numbered so that no two copies are alike: an archive
//!   of news as it is written. Runs of plain spaces are collapsed as in the
//!   other benchmarks (`corpus::paragraphs_of`); the corpus's no-break
//!   space before a space stays, about five `double-space` findings a
//!   story, as a legacy archive has them;
//! * **short stories**: each three of the corpus's paragraphs (1.2 KB),
//!   the case where the cost of each file counts most.
//!
//! For each it prints MB/s of the whole process, run twice (just written,
//! then again with every story in memory), and its peak memory (RSS), and
//! the same for a tenth of the archive in the same run: memory must not
//! grow with the number of stories.
//!
//! `cargo bench --bench archive` runs it (it writes the archives to a
//! temporary folder first, about 1.3 GB at the default size, and removes
//! them after); CI only compiles it.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

#[path = "support/corpus.rs"]
mod corpus;

/// Writes `count` stories made by `story` into `dir`, in folders of 1,000:
/// the bytes written.
fn write_archive(dir: &Path, count: usize, story: impl Fn(usize) -> String) -> u64 {
    let mut bytes = 0u64;
    for i in 0..count {
        let folder = dir.join(format!("{:04}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("the archive folder is writable");
        }
        let story = story(i);
        bytes += story.len() as u64;
        std::fs::write(folder.join(format!("{i}.txt")), story).expect("a story is writable");
    }
    bytes
}

/// Story `i` of the corpus-story archive: corpus story `i` (in turn), its
/// paragraphs numbered `(i.k)`.
fn corpus_story(stories: &[Vec<String>], i: usize) -> String {
    let paragraphs = &stories[i % stories.len()];
    let mut story = String::new();
    for (k, para) in paragraphs.iter().enumerate() {
        story.push_str(&format!("({i}.{k}) {para}\n\n"));
    }
    story
}

/// Story `i` of the short-story archive: three paragraphs from across the
/// corpus, under a one-line headline.
fn short_story(paragraphs: &[String], i: usize) -> String {
    let mut story = format!("Story {i}\n\n");
    for k in 0..3 {
        let para = &paragraphs[(i * 7 + k * 13) % paragraphs.len()];
        story.push_str(&format!("({i}.{k}) {para}\n\n"));
    }
    story
}

/// Runs `copydesk audit` on `dir`: seconds, and the process's own peak RSS
/// in MB (from `wait4`, which reports it for the one child waited for).
#[allow(clippy::zombie_processes, reason = "reaped by wait4, not Child::wait")]
fn audit(dir: &Path) -> (f64, f64) {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["audit", "--format", "json", "--quiet"])
        .arg(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("copydesk runs");
    let pid = libc::pid_t::try_from(child.id()).expect("a process id");
    let mut status = 0;
    // SAFETY: wait4 writes the status and usage into values we own; the
    // child is ours and waited for once (`child` is never waited on).
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let waited = libc::wait4(pid, &mut status, 0, &mut usage);
        assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
        usage
    };
    let seconds = start.elapsed().as_secs_f64();
    let status = ExitStatus::from_raw(status);
    assert!(status.success(), "copydesk audit failed: {status}");
    (seconds, usage.ru_maxrss as f64 / 1024.0)
}

fn main() {
    let count: usize = std::env::var("COPYDESK_ARCHIVE_STORIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let stories: Vec<Vec<String>> = corpus::all_stories()
        .iter()
        .map(|story| corpus::paragraphs_of(story))
        .collect();
    let paragraphs = corpus::paragraphs();
    let root = std::env::temp_dir().join(format!("copydesk-archive-{}", std::process::id()));
    let mb = |bytes: u64| bytes as f64 / 1e6;
    println!("copydesk audit over generated archives");
    let archives: [(&str, &dyn Fn(usize) -> String); 2] = [
        ("corpus stories", &|i| corpus_story(&stories, i)),
        ("short stories", &|i| short_story(&paragraphs, i)),
    ];
    for (name, story) in archives {
        println!("  {name}:");
        for (label, stories) in [("a tenth", count / 10), ("whole", count)] {
            let dir = root
                .join(name.replace(' ', "-"))
                .join(label.replace(' ', "-"));
            let bytes = write_archive(&dir, stories, story);
            // On the disk, as an archive is, before the audit starts: else
            // the kernel writes it back during the audit, on the same two
            // cores, and the figure measures that.
            // SAFETY: sync takes no arguments and cannot fail.
            unsafe { libc::sync() };
            // Twice: just written (part of it may have left the page cache
            // while the rest was written), then again at once, all of it in
            // memory: the audit's own speed.
            let (first, first_rss) = audit(&dir);
            let (again, again_rss) = audit(&dir);
            println!(
                "    {label:8} {stories:>7} stories, {:7.1} MB: {first:6.2} s = {:6.1} MB/s as written, \
                 {again:6.2} s = {:6.1} MB/s again; peak RSS {:5.1} MB",
                mb(bytes),
                mb(bytes) / first,
                mb(bytes) / again,
                first_rss.max(again_rss),
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}
