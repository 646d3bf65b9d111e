//! Every change `--fix` makes to the public-domain corpus, pinned in a
//! reviewed snapshot (`tests/snapshots/corpus_fix.txt`). A change that is
//! not in the snapshot — a new safe fix, or an old one made differently —
//! fails this test until a person has read it and accepted it with
//! `COPYDESK_UPDATE_SNAPSHOTS=1 cargo test --test corpus_fix`.

#[path = "support/shared.rs"]
mod support;

use std::fmt::Write;
use std::path::Path;

use copydesk::engine::fix::apply;
use copydesk::engine::{Fix, Format, Settings, check};

const SNAPSHOT: &str = "tests/snapshots/corpus_fix.txt";

/// The changes of one story, one line each: where, which rule, and the
/// words around the change with the change in brackets.
fn changes(name: &str, text: &str, out: &mut String) {
    let settings = Settings::default();
    let mut current = text.to_string();
    // As `fix_all` does: round after round until nothing safe is left.
    for round in 1..=10 {
        let findings = check(&current, Format::Plain, &settings);
        let safe: Vec<(&str, &Fix)> = findings
            .iter()
            .filter_map(|f| f.safe_fix().map(|fix| (f.rule, fix)))
            .collect();
        if safe.is_empty() {
            break;
        }
        for (rule, fix) in &safe {
            for edit in &fix.edits {
                let line = current[..edit.range.start].matches('\n').count() + 1;
                let before = tail(&current[..edit.range.start], 24);
                let after = head(&current[edit.range.end..], 24);
                let old = &current[edit.range.clone()];
                writeln!(
                    out,
                    "{name}:{line} (round {round}) {rule}: {before:?} [{old:?} -> {:?}] {after:?}",
                    edit.replacement
                )
                .unwrap();
            }
        }
        let next = apply(&current, safe.iter().map(|(_, fix)| *fix));
        if next == current {
            break;
        }
        current = next;
    }
}

fn tail(s: &str, chars: usize) -> &str {
    let start = s.char_indices().rev().nth(chars - 1).map_or(0, |(i, _)| i);
    &s[start..]
}

fn head(s: &str, chars: usize) -> &str {
    let end = s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

#[test]
fn every_change_fix_makes_to_the_corpus_is_reviewed() {
    let Some((corpus, paths)) = support::corpus_stories() else {
        return;
    };
    let mut got = String::new();
    for path in &paths {
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        changes(&name, &std::fs::read_to_string(path).unwrap(), &mut got);
    }
    let snapshot_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    let snapshot = std::fs::read_to_string(&snapshot_path).unwrap_or_default();
    // The header (lines starting with '#') records the review; only the
    // changes below it are compared.
    let header: String = snapshot
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let pinned = &snapshot[header.len()..];
    if std::env::var_os("COPYDESK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot_path, format!("{header}{got}")).unwrap();
        return;
    }
    if pinned != got {
        let added: Vec<&str> = got.lines().filter(|l| !pinned.contains(l)).collect();
        let gone: Vec<&str> = pinned.lines().filter(|l| !got.contains(l)).collect();
        panic!(
            "--fix on ../shared/corpus changed from the reviewed {SNAPSHOT}.\n\
             Read each change; if a copy editor would accept it unattended, run \
             COPYDESK_UPDATE_SNAPSHOTS=1 cargo test --test corpus_fix.\n\
             new:\n{}\nno longer made:\n{}",
            added.join("\n"),
            gone.join("\n")
        );
    }
}
