//! `copydesk check --format sarif` is valid SARIF 2.1.0: the logs of
//! stories with findings of every kind — fixes, several edits, related
//! locations (the facts rules), several files, none — are validated against
//! the OASIS schema vendored in `tests/sarif/` (see its README for where it
//! comes from), by Python's `jsonschema`. Without a Python that has
//! `jsonschema`, the test skips with one line on stderr; with
//! `COPYDESK_REQUIRE_JSONSCHEMA` set (`.ci/run` sets it and installs the
//! validator), that is a failure instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Validates the SARIF file named by argv[2] against the schema in argv[1]
/// and prints each error with its path in the log.
const VALIDATE: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
log = json.load(open(sys.argv[2], encoding="utf-8"))
validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
for error in errors:
    print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
sys.exit(1 if errors else 0)
"#;

/// A Python that can import `jsonschema`: `COPYDESK_PYTHON`, else
/// `python3`, else the system's `/usr/bin/python3` (where Debian's
/// `python3-jsonschema` installs it).
fn python_with_jsonschema() -> Option<String> {
    let candidates = std::env::var("COPYDESK_PYTHON")
        .into_iter()
        .chain(["python3".to_string(), "/usr/bin/python3".to_string()]);
    for python in candidates {
        let imports = Command::new(&python)
            .args(["-c", "import jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success());
        if imports {
            return Some(python);
        }
    }
    if std::env::var_os("COPYDESK_REQUIRE_JSONSCHEMA").is_some() {
        panic!("no Python with `jsonschema` and COPYDESK_REQUIRE_JSONSCHEMA is set");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: no Python with `jsonschema` (apt-get install python3-jsonschema), so the SARIF output is not validated"
    );
    None
}

/// A scratch folder removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("copydesk-sarif-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const NAMES: &str = r#"
[[person]]
name = "Pak Chol Su"
born = "1970-03-15"
second_reference = "Pak"
[[person.positions]]
title = "Vice Foreign Minister"
organization = "Ministry of Foreign Affairs"
start = "2012"
end = "2015-06"

[[organization]]
name = "Korean Central News Agency"
abbreviation = "KCNA"
"#;

/// Findings of many rules: fixes with one edit and several, a headline,
/// and the facts rules with their related locations.
const STORY: &str = "Talks Resume In Geneva\n\n\
SEOUL, Oct. 24, 2016 (Yonhap) — Vice Foreign Minister Pak Chol Su, 47, met the the envoys on \
Tuesday, Oct. 24.\n\n\
The Korean Central Broadcasting Agency (KCNA) said the talks would go on , and \
\"progress\" was made.\n\n\
Kim Min-jun, 42, a 한국 diplomat 🙂, attended. Police said the 43-year-old Kim had left.\n\n\
Foreign Minister Lee Ji-won spoke. Later Defense Minister Lee left.\n\n\
The Korean Central News Agency (KCNA) said more. The Korea Central Newsreel Agency (KCNA) said \
less.\n";

/// The SARIF log of `copydesk check` over `files` in `dir`.
fn sarif(dir: &Path, files: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(["check", "--format", "sarif"])
        .args(files)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn sarif_output_is_valid_against_the_sarif_2_1_0_schema() {
    let scratch = Scratch::new("schema");
    scratch.write("copydesk.toml", "[names]\nfiles = [\"names.toml\"]\n");
    scratch.write("names.toml", NAMES);
    scratch.write("story.txt", STORY);
    scratch.write("clean.txt", "The envoys met on Monday.\n");
    let full = sarif(&scratch.0, &["story.txt", "clean.txt"]);
    // The log holds what the schema is asked about: every facts rule's
    // result with its related location (checked with or without a
    // validator).
    let log: serde_json::Value = serde_json::from_str(&full).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    for rule in [
        "weekday-date",
        "age-inconsistent",
        "title-inconsistent",
        "abbreviation-inconsistent",
        "age-birth-date",
        "title-not-held",
        "abbreviation-expansion",
    ] {
        let result = results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("a {rule} result in {full}"));
        assert!(
            result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"].is_u64(),
            "{rule}: {result}"
        );
    }
    assert!(
        results
            .iter()
            .any(|r| !r["fixes"].as_array().unwrap().is_empty())
    );
    let empty = sarif(&scratch.0, &["clean.txt"]);
    // The schema itself needs a validator.
    let Some(python) = python_with_jsonschema() else {
        return;
    };
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-schema-2.1.0.json");
    for (name, log) in [("full", full), ("empty", empty)] {
        let path = scratch.write(&format!("{name}.sarif"), &log);
        let output = Command::new(&python)
            .arg("-c")
            .arg(VALIDATE)
            .arg(&schema)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "the {name} SARIF log is not valid SARIF 2.1.0:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
