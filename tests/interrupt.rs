//! Ctrl-C during `copydesk check --fix` over many stories: the run stops
//! with status 130 and says so, and every story is either as it was or
//! wholly fixed — none half-written, no temporary file left behind.
#![cfg(unix)]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STORIES: usize = 1500;
const STORY: &str = "Talks resume\n\nThe the envoys met on October 24 in Seoul.\n\n\
                     Officials said  the talks would go on.\n";
const FIXED: &str = "Talks resume\n\nThe envoys met on Oct. 24 in Seoul.\n\n\
                     Officials said the talks would go on.\n";

#[test]
fn ctrl_c_stops_a_fix_run_leaving_every_story_whole() {
    let dir = std::env::temp_dir().join(format!("copydesk-interrupt-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let paths: Vec<PathBuf> = (0..STORIES)
        .map(|i| {
            let folder = dir.join(format!("{:02}", i / 100));
            fs::create_dir_all(&folder).unwrap();
            let path = folder.join(format!("{i}.txt"));
            fs::write(&path, STORY).unwrap();
            path
        })
        .collect();
    let child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--quiet", "-j", "1"])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the run is under way: a first story has been fixed.
    let start = Instant::now();
    while !paths
        .iter()
        .any(|p| fs::read_to_string(p).is_ok_and(|t| t == FIXED))
    {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no story was ever fixed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: sends SIGINT to the child we spawned and still own.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);

    let texts: Vec<String> = paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let fixed = texts.iter().filter(|t| *t == FIXED).count();
    let untouched = texts.iter().filter(|t| *t == STORY).count();
    assert_eq!(
        fixed + untouched,
        STORIES,
        "a story is neither as it was nor fixed"
    );
    let leftovers: Vec<_> = walk(&dir)
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "txt"))
        .collect();
    assert!(leftovers.is_empty(), "files left behind: {leftovers:?}");
    if fixed < STORIES {
        // Stopped part-way: said so, with the status of an interrupt.
        assert_eq!(output.status.code(), Some(130), "{stderr}");
        assert!(stderr.contains("interrupted"), "{stderr}");
        assert!(
            stderr.contains("no story was left half-written"),
            "{stderr}"
        );
    } else {
        eprintln!("note: the run finished before the interrupt arrived");
    }
    let _ = fs::remove_dir_all(&dir);
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
