//! Baselines, for adopting copydesk on an archive: `--write-baseline FILE`
//! records today's findings, and `--baseline FILE` reports (and fails on)
//! only the findings not recorded there.
//!
//! A finding is recorded by a fingerprint of its rule, its text and a few
//! words either side on its line — not its line number and not its file's
//! path — so it stays recorded when lines move, other paragraphs are edited
//! or the story is renamed within the tree. Fingerprints are counted: two
//! equal slips in the archive are two entries, and a third is new. An entry
//! whose finding has gone (its text was fixed) is stale, and the run says
//! how many there are.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::output::FileReport;
use crate::engine::Finding;
use crate::read_file::{self, Limit, MIB};

/// Words of context taken on each side of a finding.
const CONTEXT_WORDS: usize = 3;

/// A baseline file is data the run reads: bounded like the other data files.
const BASELINE_LIMIT: Limit = Limit {
    bytes: 256 * MIB,
    what: "a baseline file",
    key: None,
};

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    copydesk_baseline: u32,
    entries: Vec<Entry>,
}

/// One recorded finding. `path` and `text` are for a person reading the
/// file; only `rule` and `fingerprint` are matched.
#[derive(Serialize, Deserialize)]
struct Entry {
    rule: String,
    fingerprint: String,
    path: String,
    text: String,
}

/// The fingerprint of `finding` in `text`: stable across runs, versions of
/// copydesk and machines (FNV-1a, not the standard library's seeded hash).
pub fn fingerprint(text: &str, finding: &Finding) -> String {
    let range = finding.range.clone();
    let line_start = text[..range.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| range.end + i);
    let before: Vec<&str> = text[line_start..range.start]
        .split_whitespace()
        .rev()
        .take(CONTEXT_WORDS)
        .collect();
    let after: Vec<&str> = text[range.end..line_end]
        .split_whitespace()
        .take(CONTEXT_WORDS)
        .collect();
    let flagged: Vec<&str> = text[range].split_whitespace().collect();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [finding.rule]
        .into_iter()
        .chain(before.into_iter().rev())
        .chain(["\u{1}"])
        .chain(flagged)
        .chain(["\u{1}"])
        .chain(after);
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Writes every finding of `reports` to `path` as a baseline.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize, String> {
    let mut entries = Vec::new();
    for report in reports {
        let text = report.text.as_str();
        for finding in &report.findings {
            entries.push(Entry {
                rule: finding.rule.to_string(),
                fingerprint: fingerprint(&text, finding),
                path: report.path.clone(),
                text: text[finding.range.clone()].to_string(),
            });
        }
    }
    let count = entries.len();
    let file = BaselineFile {
        copydesk_baseline: 1,
        entries,
    };
    let json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    std::fs::write(path, json + "\n")
        .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))?;
    Ok(count)
}

/// The recorded fingerprints, counted.
pub struct Baseline {
    counts: HashMap<(String, String), usize>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = read_file::read_to_string(path, &BASELINE_LIMIT)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: not a copydesk baseline (line {}: {}); write one with --write-baseline",
                path.display(),
                e.line(),
                what_is_wrong(&e)
            )
        })?;
        let mut counts = HashMap::new();
        for entry in file.entries {
            *counts.entry((entry.rule, entry.fingerprint)).or_insert(0) += 1;
        }
        Ok(Baseline { counts })
    }

    /// Removes from `reports` every finding the baseline records (each entry
    /// absorbs one finding). Returns how many findings were absorbed.
    pub fn absorb(&mut self, reports: &mut [FileReport]) -> usize {
        let mut absorbed = 0;
        for report in reports {
            let text = report.text.as_str().into_owned();
            report.findings.retain(|finding| {
                let key = (finding.rule.to_string(), fingerprint(&text, finding));
                match self.counts.get_mut(&key) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        absorbed += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        absorbed
    }

    /// Entries no finding of this run matched: their slips were fixed.
    pub fn stale(&self) -> usize {
        self.counts.values().sum()
    }
}

/// What is wrong with a file serde_json could not read, in plain words.
fn what_is_wrong(err: &serde_json::Error) -> &'static str {
    match err.classify() {
        serde_json::error::Category::Io => "could not be read",
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Data => "not the baseline's shape",
        serde_json::error::Category::Eof => "ends too early",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Format, Settings, check};

    fn fingerprints(text: &str) -> Vec<String> {
        check(text, Format::Plain, &Settings::default())
            .iter()
            .map(|f| fingerprint(text, f))
            .collect()
    }

    #[test]
    fn a_fingerprint_survives_moved_lines_and_edits_elsewhere() {
        let story = "Talks end\n\nHe met the the minister on Monday.\n\nOther news.\n";
        let moved = "Talks end\n\nA new first paragraph.\n\nOther news, rewritten.\n\nHe met the the minister on Monday.\n";
        assert_eq!(fingerprints(story).len(), 1);
        assert_eq!(fingerprints(story), fingerprints(moved));
    }

    #[test]
    fn a_different_slip_or_the_same_slip_elsewhere_is_a_different_fingerprint() {
        let one = fingerprints("Head\n\nHe met the the minister.\n");
        let other = fingerprints("Head\n\nShe saw the the minister.\n");
        assert_ne!(one, other);
    }
}
