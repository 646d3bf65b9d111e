//! `copydesk audit` month by month, and `--merge`: the JSON reports of
//! shards of an archive, combined, are the report of one run over it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn audit(args: &[&str], paths: &[&Path]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("audit")
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// An archive in two folders: dated stories over three months, some
/// undated, each with slips of several rules.
fn archive(root: &Path) -> (PathBuf, PathBuf) {
    let _ = fs::remove_dir_all(root);
    let (a, b) = (root.join("a"), root.join("b"));
    for (n, folder) in [&a, &b, &a, &b, &a, &b, &a].iter().enumerate() {
        fs::create_dir_all(folder).unwrap();
        let dateline = match n % 4 {
            0 => "SEOUL, Oct. 24 (Yonhap) -- ",
            1 => "SEOUL, Nov. 2 (Yonhap) -- ",
            2 => "",
            _ => "SEOUL, Dec. 30 (Yonhap) -- ",
        };
        let year = if dateline.is_empty() {
            ""
        } else {
            "Posted : 2016-01-01 09:00:00\n\n"
        };
        let story = format!(
            "Story {n}\n\n{year}{dateline}The the envoys met on October 2{n} in Seoul.\n\n\
             Officials said  talks went on in the U.S for {n} days.\n"
        );
        fs::write(folder.join(format!("{n}.txt")), story).unwrap();
    }
    (a, b)
}

#[test]
fn merged_shards_equal_one_run_over_the_archive() {
    let root = std::env::temp_dir().join(format!("copydesk-audit-merge-{}", std::process::id()));
    let (a, b) = archive(&root);
    let whole = audit(&["--format", "json", "--samples", "2"], &[&a, &b]);
    assert_eq!(whole.0, Some(0), "{}", whole.2);
    let shard_a = audit(&["--format", "json", "--samples", "2"], &[&a]);
    let shard_b = audit(&["--format", "json", "--samples", "2"], &[&b]);
    let (path_a, path_b) = (root.join("a.json"), root.join("b.json"));
    fs::write(&path_a, &shard_a.1).unwrap();
    fs::write(&path_b, &shard_b.1).unwrap();
    let merged = audit(
        &["--merge", "--format", "json", "--samples", "2"],
        &[&path_b, &path_a],
    );
    assert_eq!(merged.0, Some(0), "{}", merged.2);
    let whole: Value = serde_json::from_str(&whole.1).unwrap();
    let merged: Value = serde_json::from_str(&merged.1).unwrap();
    assert_eq!(merged, whole);

    // The archive's months, from the stories' own dates.
    let months: Vec<&str> = whole["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert!(!months.is_empty(), "{whole}");
    assert!(months.windows(2).all(|w| w[0] < w[1]), "{months:?}");
    let dated: u64 = whole["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["stories"].as_u64().unwrap())
        .sum();
    assert_eq!(dated + whole["undated_stories"].as_u64().unwrap(), 7);
    assert!(whole["undated_stories"].as_u64().unwrap() >= 1);

    // The page shows them; the human report too.
    let html = audit(&["--merge", "--format", "html"], &[&path_a, &path_b]);
    assert!(html.1.contains("Findings by month"), "{}", html.1);
    let human = audit(&["--merge"], &[&path_a, &path_b]);
    assert!(human.1.contains("month"), "{}", human.1);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn merge_names_a_file_that_is_not_a_report() {
    let dir = std::env::temp_dir().join(format!("copydesk-audit-bad-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("story.txt");
    fs::write(&bad, "The the envoys met.\n").unwrap();
    let (status, stdout, stderr) = audit(&["--merge"], &[&bad]);
    assert_eq!(status, Some(2), "{stdout}");
    assert!(
        stderr.contains("story.txt") && stderr.contains("not a report"),
        "{stderr}"
    );
    let _ = fs::remove_dir_all(&dir);
}
