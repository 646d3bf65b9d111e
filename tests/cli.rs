//! `copydesk check` end to end: formats, exit codes, fixes, errors.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A scratch folder removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("copydesk-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copydesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

const STORY: &str = "Talks resume in Geneva\n\nThe envoys met the the minister on October 24.\n";

#[test]
fn json_output_follows_the_contract() {
    let scratch = Scratch::new("json");
    scratch.write(
        "story.txt",
        "Head line here\n\n한국 met Victor Cha Victor Cha today.\n",
    );
    let output = copydesk(&scratch.0, &["check", "--format", "json", "story.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let finding = &findings[0];
    assert_eq!(finding["path"], "story.txt");
    assert_eq!(finding["rule"], "repeated-word");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["start"],
        serde_json::json!({"line": 3, "column": 8})
    );
    assert_eq!(finding["end"], serde_json::json!({"line": 3, "column": 29}));
    assert_eq!(finding["byte_start"], 27);
    assert_eq!(finding["byte_end"], 48);
    assert_eq!(finding["fixes"][0]["safe"], true);
    assert_eq!(
        finding["fixes"][0]["edits"][0],
        serde_json::json!({"byte_start": 37, "byte_end": 48, "replacement": ""})
    );
}

#[test]
fn sarif_and_github_formats() {
    let scratch = Scratch::new("sarif");
    scratch.write("story.txt", STORY);
    let sarif: Value = serde_json::from_str(&stdout(&copydesk(
        &scratch.0,
        &["check", "--format", "sarif", "story.txt"],
    )))
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["results"].as_array().unwrap().len(), 2);
    assert_eq!(run["results"][0]["ruleId"], "repeated-word");
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );

    let github = stdout(&copydesk(
        &scratch.0,
        &["check", "--format", "github", "story.txt"],
    ));
    assert!(github.starts_with("::warning file=story.txt,line=3,col=16,endLine=3,endColumn=23,title=copydesk repeated-word::“the” is repeated\n"), "{github}");
}

#[test]
fn output_file_gets_the_format_and_the_terminal_gets_human_text() {
    let scratch = Scratch::new("output");
    scratch.write("story.txt", STORY);
    let output = copydesk(
        &scratch.0,
        &[
            "check",
            "--format",
            "json",
            "--output",
            "out.json",
            "story.txt",
        ],
    );
    assert!(stdout(&output).contains("story.txt:3:16: warning[repeated-word]"));
    let written: Value =
        serde_json::from_str(&fs::read_to_string(scratch.0.join("out.json")).unwrap()).unwrap();
    assert_eq!(written.as_array().unwrap().len(), 2);
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let scratch = Scratch::new("exit");
    scratch.write("clean.txt", "Talks resume\n\nThe envoys met on Oct. 24.\n");
    scratch.write("timed.txt", "Talks resume\n\nThe envoys met at 3pm.\n");
    assert_eq!(
        copydesk(&scratch.0, &["check", "clean.txt"]).status.code(),
        Some(0)
    );
    // time-format is `info`: below the default fail level.
    assert_eq!(
        copydesk(&scratch.0, &["check", "timed.txt"]).status.code(),
        Some(0)
    );
    assert_eq!(
        copydesk(&scratch.0, &["check", "--fail-level", "info", "timed.txt"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        copydesk(&scratch.0, &["check", "--format", "yaml", "clean.txt"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_missing_or_non_utf8_file_is_named_and_the_rest_still_checked() {
    let scratch = Scratch::new("bad-input");
    scratch.write("story.txt", STORY);
    scratch.write("latin1.txt", b"caf\xe9 the the\n");
    let run = |format: &str, paths: &[&str]| {
        let output = copydesk(
            &scratch.0,
            &[&["check", "--format", format], paths].concat(),
        );
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("copydesk: missing.txt: no such file or folder\n"),
            "{stderr}"
        );
        assert!(
            stderr.contains("latin1.txt: not valid UTF-8 (invalid byte at offset 3); skipped"),
            "{stderr}"
        );
        stdout(&output)
    };
    let findings: Value =
        serde_json::from_str(&run("json", &["missing.txt", "latin1.txt", "story.txt"])).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 2);
    let human = run("human", &["missing.txt", "latin1.txt", "story.txt"]);
    assert!(
        human.ends_with(
            "2 problems (2 warnings) in 1 story: 2 fixable with --fix. 2 files could not be checked.\n"
        ),
        "{human}"
    );
    // When nothing could be checked, no report is printed, not even an empty one.
    for format in ["human", "json", "sarif"] {
        assert_eq!(run(format, &["missing.txt", "latin1.txt"]), "", "{format}");
    }
}

#[test]
fn folders_are_walked_honouring_gitignore_and_config_ignores() {
    let scratch = Scratch::new("walk");
    scratch.write(".gitignore", "drafts/\n");
    scratch.write("copydesk.toml", "[files]\nignore = [\"archive/**\"]\n");
    scratch.write("desk/a.txt", STORY);
    scratch.write("desk/b.md", STORY);
    scratch.write("desk/notes.rtf", STORY);
    scratch.write("drafts/c.txt", STORY);
    scratch.write("archive/old/d.txt", STORY);
    let output = copydesk(&scratch.0, &["check", "--format", "json", "."]);
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut paths: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.dedup();
    assert_eq!(paths, ["desk/a.txt", "desk/b.md"]);
}

#[test]
fn fix_writes_safe_fixes_atomically_and_is_idempotent() {
    let scratch = Scratch::new("fix");
    let path = scratch.write("story.txt", "Talks resume\n\nThe the envoys met on October 24 ,, and left.  \nThey staring from Friday.\n");
    let output = copydesk(&scratch.0, &["check", "--fix", "story.txt"]);
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "Talks resume\n\nThe envoys met on Oct. 24, and left.\nThey staring from Friday.\n"
    );
    // The suggestion (a real-word typo) is left for a person and still reported.
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("confusable"));
    let again = copydesk(&scratch.0, &["check", "--fix", "story.txt"]);
    assert!(String::from_utf8_lossy(&again.stderr).is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
    assert_eq!(
        fs::read_dir(&scratch.0).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn diff_shows_the_fix_without_writing() {
    let scratch = Scratch::new("diff");
    let path = scratch.write("story.txt", "Talks resume\n\nThe the envoys met.\n");
    let output = copydesk(&scratch.0, &["check", "--diff", "story.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "--- a/story.txt\n+++ b/story.txt\n@@ -1,3 +1,3 @@\n Talks resume\n \n-The the envoys met.\n+The envoys met.\n"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Talks resume\n\nThe the envoys met.\n"
    );
}

#[test]
fn stdin_is_checked_and_fixed() {
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(STORY.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let output = run(&["check", "--format", "json", "-"]);
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(findings[0]["path"], "<stdin>");
    let output = run(&["check", "--fix", "-"]);
    assert_eq!(
        stdout(&output),
        "Talks resume in Geneva\n\nThe envoys met the minister on Oct. 24.\n"
    );
}

#[test]
fn a_broken_config_names_file_line_and_key() {
    let scratch = Scratch::new("config");
    scratch.write("copydesk.toml", "[rules]\nrepeated-word = \"loud\"\n");
    scratch.write("story.txt", STORY);
    let output = copydesk(&scratch.0, &["check", "story.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("copydesk.toml:2: key `rules.repeated-word`: should be one of \"error\", \"warning\", \"info\", \"hint\", \"off\", not \"loud\"\n"),
        "{stderr}"
    );
}

#[test]
fn a_broken_config_is_reported_once_and_nothing_else_is_printed() {
    let scratch = Scratch::new("config-once");
    scratch.write("copydesk.toml", "[rules]\nrepeted-word = \"off\"\n");
    scratch.write("desk/a.txt", STORY);
    scratch.write("desk/more/b.txt", STORY);
    for format in ["human", "json", "sarif", "github"] {
        let output = copydesk(&scratch.0, &["check", "--format", format, "."]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert_eq!(stdout(&output), "", "{format}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "copydesk: {}:2: key `rules.repeted-word`: no rule `repeted-word`; did you mean `repeated-word`?\n",
                scratch.0.join("copydesk.toml").display()
            ),
            "{format}"
        );
    }
    // Nothing is fixed under a configuration that could not be read.
    let output = copydesk(&scratch.0, &["check", "--fix", "desk/a.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(scratch.0.join("desk/a.txt")).unwrap(),
        STORY
    );
}

#[test]
fn config_switches_rules_and_markdown_switches_work() {
    let scratch = Scratch::new("switches");
    scratch.write(
        "copydesk.toml",
        "[rules]\ndate-format = \"off\"\nrepeated-word = \"error\"\n",
    );
    scratch.write("story.md", "# Talks\n\nMet on October 24 with the the envoy.\n\n<!-- copydesk-disable-next-line repeated-word -->\nAnd the the rest.\n");
    let findings: Value = serde_json::from_str(&stdout(&copydesk(
        &scratch.0,
        &["check", "--format", "json", "story.md"],
    )))
    .unwrap();
    let found: Vec<(&str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("repeated-word", "error")]);
}

#[test]
fn rules_and_explain() {
    let dir = std::env::temp_dir();
    let rules = stdout(&copydesk(&dir, &["rules"]));
    assert!(
        rules
            .lines()
            .any(|l| l.starts_with("repeated-word") && l.contains("warning"))
    );
    assert!(
        rules
            .lines()
            .any(|l| l.starts_with("courtesy-title") && l.contains("off"))
    );
    let explained = copydesk(&dir, &["explain", "confusable"]);
    assert!(stdout(&explained).contains("staring from"));
    assert_eq!(
        copydesk(&dir, &["explain", "no-such-rule"]).status.code(),
        Some(2)
    );
    let near = copydesk(&dir, &["explain", "repeted-word"]);
    assert_eq!(near.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&near.stderr),
        "copydesk: no rule `repeted-word`; did you mean `repeated-word`?\n"
    );
}

#[test]
fn a_config_in_a_parent_folder_applies_to_relative_paths() {
    let scratch = Scratch::new("parent-config");
    scratch.write("copydesk.toml", "[rules]\nrepeated-word = \"off\"\n");
    scratch.write("desk/story.txt", STORY);
    let output = copydesk(
        &scratch.0.join("desk"),
        &["check", "--format", "json", "story.txt"],
    );
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["date-format"]);
}

#[cfg(unix)]
#[test]
fn fix_through_a_symbolic_link_fixes_the_story_it_points_at() {
    let scratch = Scratch::new("symlink");
    let real = scratch.write("real.txt", "Talks resume\n\nThe the envoys met.\n");
    std::os::unix::fs::symlink(&real, scratch.0.join("link.txt")).unwrap();
    copydesk(&scratch.0, &["check", "--fix", "link.txt"]);
    assert_eq!(
        fs::read_to_string(&real).unwrap(),
        "Talks resume\n\nThe envoys met.\n"
    );
    assert!(
        fs::symlink_metadata(scratch.0.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let scratch = Scratch::new("twice");
    scratch.write("story.txt", STORY);
    let output = copydesk(
        &scratch.0,
        &["check", "--format", "json", "story.txt", "./story.txt", "."],
    );
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 2);
}

/// Large stories (once memory-mapped, now read like any other): the same
/// findings, the same errors, the same fixes.
#[test]
fn large_stories_are_checked_fixed_and_refused_like_small_ones() {
    let scratch = Scratch::new("large");
    let filler: String = (0..20_000)
        .map(|n| format!("Item {n}: diplomats met in Geneva on Monday to discuss the talks.\n\n"))
        .collect();
    assert!(filler.len() > 1 << 20);
    let big = format!("{filler}The envoys met the the minister.\n");
    let path = scratch.write("big.txt", &big);
    let mut latin1 = filler.clone().into_bytes();
    latin1.extend_from_slice(b"caf\xe9\n");
    scratch.write("big-latin1.txt", &latin1);

    let output = copydesk(
        &scratch.0,
        &["check", "--format", "json", "big.txt", "big-latin1.txt"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "big-latin1.txt: not valid UTF-8 (invalid byte at offset {}); skipped",
            filler.len() + 3
        )),
        "{stderr}"
    );
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{}", stdout(&output).len());
    assert_eq!(findings[0]["rule"], "repeated-word");
    assert_eq!(findings[0]["start"]["line"], 40_001);
    assert_eq!(findings[0]["start"]["column"], 16);

    copydesk(&scratch.0, &["check", "--fix", "big.txt"]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format!("{filler}The envoys met the minister.\n")
    );
}

/// `--diff` is a patch `git apply` takes from the working folder, and
/// applying it gives what `--fix` writes, byte for byte: several hunks in
/// one story, a story without a final newline, a story with CRLF lines.
#[test]
fn diff_applies_with_git_and_matches_fix() {
    let git = |dir: &Path, args: &[&str], stdin: Option<&[u8]>| -> Option<Output> {
        let mut child = Command::new("git")
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or_default()).unwrap();
        drop(input);
        Some(child.wait_with_output().unwrap())
    };
    let scratch = Scratch::new("diff-git");
    let Some(init) = git(&scratch.0, &["init", "-q", "."], None) else {
        println!("skipped: git is not installed");
        return;
    };
    assert!(init.status.success(), "{init:?}");

    let filler: String = (1..=8)
        .map(|n| format!("Paragraph {n} of the story says nothing wrong.\n\n"))
        .collect();
    let stories = [
        (
            "desk/several.txt",
            format!(
                "Talks resume\n\nThe envoys met the the minister.\n\n{filler}They left on October 24 ,, and flew home.\n\n{filler}The the talks end.\n"
            ),
        ),
        (
            "desk/no-newline.txt",
            format!("Talks resume\n\n{filler}They met the the minister."),
        ),
        (
            "desk/crlf.md",
            format!(
                "# Talks resume\n\nThe the envoys met.  \n\n{filler}They left on October 24.\n"
            )
            .replace('\n', "\r\n"),
        ),
    ];
    let fixed_copy = Scratch::new("diff-git-fixed");
    for (name, text) in &stories {
        scratch.write(name, text);
        fixed_copy.write(name, text);
    }

    let output = copydesk(&scratch.0, &["check", "--diff", "."]);
    assert_eq!(output.status.code(), Some(1));
    let patch = output.stdout;
    let shown = String::from_utf8_lossy(&patch);
    assert!(shown.contains("--- a/desk/several.txt\n+++ b/desk/several.txt\n"));
    assert_eq!(
        shown.matches("\n@@ ").count() + usize::from(shown.starts_with("@@")),
        6,
        "three hunks in several.txt, two in crlf.md, one in no-newline.txt:\n{shown}"
    );
    assert!(shown.contains("\\ No newline at end of file\n"), "{shown}");

    let check = git(&scratch.0, &["apply", "--check", "-"], Some(&patch)).unwrap();
    assert!(check.status.success(), "{check:?}\n{shown}");
    let apply = git(&scratch.0, &["apply", "-"], Some(&patch)).unwrap();
    assert!(apply.status.success(), "{apply:?}\n{shown}");

    copydesk(&fixed_copy.0, &["check", "--fix", "."]);
    for (name, original) in &stories {
        let patched = fs::read(scratch.0.join(name)).unwrap();
        let fixed = fs::read(fixed_copy.0.join(name)).unwrap();
        assert_ne!(&patched, original.as_bytes(), "{name} unchanged");
        assert_eq!(
            String::from_utf8_lossy(&patched),
            String::from_utf8_lossy(&fixed),
            "{name}"
        );
    }
    // Nothing is left to change.
    let again = copydesk(&scratch.0, &["check", "--diff", "."]);
    assert_eq!(String::from_utf8_lossy(&again.stdout), "");
}

/// Colour: never when piped unless asked; `--color always` wins over the
/// environment; in `auto`, NO_COLOR wins over CLICOLOR_FORCE; a file written
/// with `--output` never has any.
#[test]
fn colour_follows_the_flag_and_the_environment() {
    let scratch = Scratch::new("colour");
    scratch.write("story.txt", STORY);
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        command
            .current_dir(&scratch.0)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .envs(env.iter().copied())
            .args([&["check"], args, &["story.txt"]].concat());
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        stdout(&output)
    };
    const ESC: &str = "\x1b[";
    let plain = run(&[], &[]);
    assert!(!plain.contains(ESC), "{plain}");
    assert!(plain.ends_with("2 problems (2 warnings) in 1 story: 2 fixable with --fix.\n"));
    let always = run(&["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(always.contains("\x1b[1m\x1b[33mwarning\x1b[0m"), "{always}");
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]).contains(ESC));
    assert_eq!(
        run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        plain
    );
    assert_eq!(
        run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
        plain
    );
    run(&["--color", "always", "--output", "out.txt"], &[]);
    assert_eq!(
        fs::read_to_string(scratch.0.join("out.txt")).unwrap(),
        plain
    );
}

/// Runs copydesk with `stdout` as its standard output and `input` on stdin,
/// failing the test if it has not ended within ten seconds.
fn run_with(
    dir: &Path,
    args: &[&str],
    stdout: Stdio,
    input: Option<&[u8]>,
    close_stdout: bool,
) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if close_stdout {
        drop(child.stdout.take());
    }
    if let Some(input) = input {
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("copydesk {args:?} did not end within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs copydesk with `--format json`: exit status, stderr, and the paths
/// and rules of the findings.
fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, String, Vec<(String, String)>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let output = copydesk(dir, &all);
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].to_string(), f["rule"].to_string()))
        .collect();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        found,
    )
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_by_name_at_once() {
    let scratch = Scratch::new("fifo");
    scratch.write("good.txt", STORY);
    let fifo = scratch.0.join("pipe.txt");
    if !Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("note: no mkfifo here; FIFO refusal not tested end to end");
        return;
    }
    let (code, stderr, found) = check_json(&scratch.0, &["pipe.txt", "/dev/zero", "good.txt"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("pipe.txt: a FIFO (named pipe), not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/dev/zero: a device, not a regular file"),
        "{stderr}"
    );
    assert!(found.iter().all(|(path, _)| path == "\"good.txt\""));
    // The same in a config: names, accept and phrase files.
    for (table, key, file) in [
        ("names", "files", "pipe.txt"),
        ("data", "accept", "/dev/zero"),
        ("data", "phrases", "pipe.txt"),
    ] {
        scratch.write(
            "copydesk.toml",
            format!("[{table}]\n{key} = [\"{file}\"]\n"),
        );
        let (code, _, stderr) = run_with(
            &scratch.0,
            &["check", "good.txt"],
            Stdio::null(),
            None,
            false,
        );
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
        assert!(stderr.contains(&format!("key `{table}.{key}`")), "{stderr}");
    }
}

#[test]
fn utf16_stories_are_named_not_checked_and_bad_stdin_is_no_story() {
    let scratch = Scratch::new("utf16");
    let utf16: Vec<u8> = "The the envoys met.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    scratch.write("no-bom.txt", &utf16);
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend(&utf16);
    scratch.write("bom.txt", &with_bom);
    let output = copydesk(&scratch.0, &["check", "no-bom.txt", "bom.txt"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    for name in ["no-bom.txt", "bom.txt"] {
        assert!(
            stderr.contains(&format!("{name}: UTF-16, not UTF-8; convert it")),
            "{stderr}"
        );
    }
    assert!(!stdout(&output).contains("No problems found"));

    let (code, out, stderr) = run_with(
        &scratch.0,
        &["check", "--fix", "-"],
        Stdio::piped(),
        Some(b"caf\xe9 ,, x\n"),
        false,
    );
    assert_eq!(code, Some(2));
    assert_eq!(out, "", "stdout is the story's place");
    assert!(stderr.contains("<stdin>: not valid UTF-8"), "{stderr}");
}

/// The story was once memory-mapped: truncating it during the run killed
/// the whole process with SIGBUS. Now the run ends normally whenever the
/// truncation lands, and the other story is reported.
#[test]
fn a_story_truncated_while_it_is_checked_affects_only_itself() {
    let scratch = Scratch::new("truncated");
    let paragraph = "Diplomats met in Geneva on Monday to discuss the talks, officials said.\n\n";
    let big = scratch.write("big.txt", paragraph.repeat((16 << 20) / paragraph.len()));
    scratch.write("small.txt", STORY);
    let child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(&scratch.0)
        .args(["check", "--format", "json", "big.txt", "small.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for delay in [20, 50, 100, 200] {
        std::thread::sleep(std::time::Duration::from_millis(delay));
        fs::File::create(&big).unwrap();
        fs::write(&big, paragraph.repeat(1000)).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{:?} {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "small.txt")
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly_in_every_mode() {
    let scratch = Scratch::new("closed-pipe");
    // The read end is closed before copydesk writes: any write meets it.
    scratch.write("story.txt", "The the envoys met ,, today.\n\n".repeat(600));
    let input = "The the envoys met ,, today.\n\n".repeat(600);
    for (args, input) in [
        (vec!["check", "story.txt"], None),
        (vec!["check", "--format", "json", "story.txt"], None),
        (vec!["check", "--format", "sarif", "story.txt"], None),
        (vec!["check", "--diff", "story.txt"], None),
        (vec!["check", "--output", "report.json", "story.txt"], None),
        (vec!["check", "--fix", "-"], Some(input.as_bytes())),
    ] {
        let (code, _, stderr) = run_with(&scratch.0, &args, Stdio::piped(), input, true);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, Some(141), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_naming_the_output() {
    let scratch = Scratch::new("full");
    scratch.write("story.txt", STORY);
    for args in [
        vec!["check", "story.txt"],
        vec!["check", "--format", "json", "story.txt"],
        vec!["check", "--diff", "story.txt"],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (code, _, stderr) = run_with(&scratch.0, &args, full.into(), None, false);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write the report to stdout: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    let (code, _, stderr) = run_with(
        &scratch.0,
        &[
            "check",
            "--format",
            "json",
            "--output",
            "/dev/full",
            "story.txt",
        ],
        Stdio::null(),
        None,
        false,
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write the report to /dev/full: No space left on device"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_story_that_could_not_be_fixed_is_still_reported_with_the_reason() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("not-fixed");
    let path = scratch.write("story.txt", STORY);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    scratch.write("other.txt", "Talks resume\n\nThe the envoys met.\n");
    let (code, stderr, found) = check_json(&scratch.0, &["--fix", "story.txt", "other.txt"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("story.txt: read-only (its owner has no write permission); not fixed"),
        "{stderr}"
    );
    assert!(found.contains(&("\"story.txt\"".into(), "\"repeated-word\"".into())));
    assert_eq!(fs::read_to_string(&path).unwrap(), STORY);
    assert_eq!(
        fs::read_to_string(scratch.0.join("other.txt")).unwrap(),
        "Talks resume\n\nThe envoys met.\n"
    );
}

/// `check --fix story` ends with status 2 and says `message`.
fn fix_fails(dir: &Path, story: &str, message: &str) {
    let output = copydesk(dir, &["check", "--fix", story]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
}

/// A small tmpfs at `dir` (we run as root in CI); `None`, with a note, where
/// none can be mounted.
#[cfg(target_os = "linux")]
fn mount_tmpfs(dir: &Path, size: &str) -> Option<Unmount> {
    fs::create_dir_all(dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if mounted {
        Some(Unmount(dir.to_path_buf()))
    } else {
        eprintln!("note: cannot mount a tmpfs here (not root?); test skipped");
        None
    }
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_file_system_or_a_read_only_folder_loses_nothing() {
    let scratch = Scratch::new("fs-errors");
    let mount = scratch.0.join("mnt");
    let Some(_unmount) = mount_tmpfs(&mount, "64k") else {
        return;
    };
    // Full: the story fills most of the file system, its fixed copy cannot fit.
    let story = "The the envoys met ,, today.\n\n".repeat(1400);
    fs::write(mount.join("story.txt"), &story).unwrap();
    fix_fails(
        &mount,
        "story.txt",
        "story.txt: cannot write fixes: No space left on device",
    );
    assert_eq!(fs::read_to_string(mount.join("story.txt")).unwrap(), story);
    assert_eq!(
        fs::read_dir(&mount).unwrap().count(),
        1,
        "no temporary file left"
    );

    // Read-only: root ignores a folder's mode, so the file system is made
    // read-only instead.
    fs::write(mount.join("story.txt"), STORY).unwrap();
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success());
    if !remounted {
        eprintln!("note: cannot remount read-only; read-only folder not tested");
        return;
    }
    fix_fails(
        &mount,
        "story.txt",
        "story.txt: cannot write fixes: Read-only file system",
    );
    assert_eq!(fs::read_to_string(mount.join("story.txt")).unwrap(), STORY);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_an_error_naming_the_story() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("ro-folder");
    let dir = scratch.0.join("desk");
    let path = scratch.write("desk/story.txt", STORY);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let root = fs::write(dir.join("probe"), "").is_ok();
    if root {
        let _ = fs::remove_file(dir.join("probe"));
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!(
            "note: running as root, which ignores a folder's mode (the tmpfs test covers it)"
        );
        return;
    }
    fix_fails(
        &scratch.0,
        "desk/story.txt",
        "desk/story.txt: cannot write fixes: Permission denied",
    );
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), STORY);
}

/// Adopting copydesk on an archive: a baseline records today's findings;
/// moving lines, editing other paragraphs and renaming files keep them
/// recorded; a new slip fails the run; a fixed one is counted as stale.
#[test]
fn a_baseline_keeps_known_findings_quiet_and_fails_on_new_ones() {
    let scratch = Scratch::new("baseline");
    scratch.write(
        "desk/one.txt",
        "Talks resume\n\nThe envoys met the the minister.\n\nOfficials said ,, nothing.\n",
    );
    scratch.write(
        "desk/two.txt",
        "Talks end\n\nHe left on October. 24 quietly.\n",
    );
    let wrote = copydesk(
        &scratch.0,
        &["check", "--write-baseline", "baseline.json", "desk"],
    );
    assert_eq!(wrote.status.code(), Some(0), "{wrote:?}");
    assert!(String::from_utf8_lossy(&wrote.stderr).contains("recorded 4 findings"));

    // Lines moved, another paragraph edited, a file renamed.
    scratch.write(
        "desk/one.txt",
        "Talks resume\n\nA new first paragraph.\n\nOfficials said ,, nothing.\n\nThe envoys met the the minister.\n",
    );
    fs::rename(
        scratch.0.join("desk/two.txt"),
        scratch.0.join("desk/renamed.txt"),
    )
    .unwrap();
    let (code, stderr, found) = check_json(&scratch.0, &["--baseline", "baseline.json", "desk"]);
    assert_eq!((code, found.len()), (Some(0), 0), "{stderr} {found:?}");
    assert!(stderr.contains("4 known findings left out"), "{stderr}");

    // A new slip fails the run, and only it is reported; a fixed slip's
    // entry is stale.
    scratch.write(
        "desk/renamed.txt",
        "Talks end\n\nHe left on Oct. 24 quietly. She said said no.\n",
    );
    let (code, stderr, found) = check_json(&scratch.0, &["--baseline", "baseline.json", "desk"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "\"repeated-word\"");
    assert!(
        stderr.contains("1 baseline entry is no longer found"),
        "{stderr}"
    );

    // A file that is not a baseline is named, and nothing is checked.
    scratch.write("bad.json", "{\"entries\": 3}");
    let bad = copydesk(&scratch.0, &["check", "--baseline", "bad.json", "desk"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad.json: not a copydesk baseline"));
    assert!(bad.stdout.is_empty());
}

/// `copydesk audit`: per rule, findings, per 1,000 words, stories and a
/// sample in context; with a draft configuration, what it would change.
#[test]
fn audit_reports_each_rule_and_what_a_draft_would_change() {
    let scratch = Scratch::new("audit");
    scratch.write(
        "archive/one.txt",
        "Talks resume\n\nThe envoys met the the minister on October 24.\n",
    );
    scratch.write(
        "archive/two.txt",
        "Talks end\n\nThey left on October 25 ,, quietly.\n",
    );
    scratch.write("draft.toml", "[rules]\ndate-format = \"off\"\n");
    let output = copydesk(
        &scratch.0,
        &[
            "audit",
            "--format",
            "json",
            "--config",
            "draft.toml",
            "archive",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["stories"], 2);
    let rule = |id: &str| {
        report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == id)
            .cloned()
            .unwrap()
    };
    let dates = rule("date-format");
    assert_eq!(
        (dates["findings"].as_u64(), dates["stories"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(dates["draft_findings"], 0);
    let repeated = rule("repeated-word");
    assert_eq!(repeated["findings"], 1);
    assert_eq!(repeated["draft_findings"], 1);
    let sample = &repeated["samples"][0];
    assert_eq!(sample["path"], "archive/one.txt");
    assert_eq!(sample["line"], 3);
    assert!(sample["context"].as_str().unwrap().contains("[the the]"));

    let human = copydesk(&scratch.0, &["audit", "--rule", "date-format", "archive"]);
    let text = stdout(&human);
    assert!(text.contains("date-format"), "{text}");
    assert!(!text.contains("repeated-word"), "{text}");

    let unknown = copydesk(&scratch.0, &["audit", "--rule", "date-formt", "archive"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `date-format`"));
}

#[test]
fn names_prints_people_places_and_organizations_as_json_with_positions_on_a_date() {
    let scratch = Scratch::new("names-json");
    let out = copydesk(
        &scratch.0,
        &[
            "names",
            "Kim Jong Un",
            "--format",
            "json",
            "--date",
            "2016-10-24",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kim = &json[0];
    assert_eq!(kim["kind"], "person");
    assert_eq!(kim["yonhap"], "Kim Jong-un");
    let held: Vec<&str> = kim["positions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["held"] == true)
        .map(|p| p["organization"].as_str().unwrap())
        .collect();
    assert_eq!(
        held,
        ["Workers' Party of Korea", "State Affairs Commission"]
    );
    for (query, kind) in [("Kaesong", "place"), ("KCNA", "organization")] {
        let out = copydesk(&scratch.0, &["names", query, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json[0]["kind"], kind, "{query}");
    }
    let out = copydesk(&scratch.0, &["names", "Kim Jong Un", "--date", "June 2016"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_storys_date_and_related_mentions_in_every_format() {
    let scratch = Scratch::new("facts");
    scratch.write(
        "story.txt",
        "Talks\n\nPosted : 2016-10-24\n\nKim Min-jun, 42, left on Friday, Oct. 27.\n\nThe 43-year-old Kim returned.\n",
    );
    // SARIF: the run's story dates, and each result's related locations.
    let sarif: Value = serde_json::from_str(&stdout(&copydesk(
        &scratch.0,
        &["check", "--format", "sarif", "story.txt"],
    )))
    .unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(
        run["properties"]["storyDates"],
        serde_json::json!([{ "path": "story.txt", "date": "2016-10-24", "source": "posted" }])
    );
    let age = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "age-inconsistent")
        .unwrap();
    let related = &age["relatedLocations"][0];
    assert_eq!(related["id"], 0);
    assert_eq!(related["message"]["text"], "the age first given: 42");
    assert_eq!(
        related["physicalLocation"]["region"]["startLine"], 5,
        "{related}"
    );
    assert_eq!(related["physicalLocation"]["region"]["startColumn"], 14);
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "story.txt"
    );

    // JSON: each finding carries the story's date.
    let json: Value = serde_json::from_str(&stdout(&copydesk(
        &scratch.0,
        &["check", "--format", "json", "story.txt"],
    )))
    .unwrap();
    assert_eq!(
        json[0]["story_date"],
        serde_json::json!({ "date": "2016-10-24", "source": "posted" })
    );

    // Human: a note with a second caret under the other mention.
    let human = stdout(&copydesk(
        &scratch.0,
        &["check", "--color", "never", "story.txt"],
    ));
    assert!(
        human.contains("  = note: the age first given: 42 (line 5, column 14)\n  |\n5 | Kim Min-jun, 42, left on Friday, Oct. 27.\n  |              ^^\n"),
        "{human}"
    );

    // --date beats the "Posted" line: Oct. 27, 2017 is a Friday.
    let given = stdout(&copydesk(
        &scratch.0,
        &[
            "check",
            "--date",
            "2017-10-24",
            "--format",
            "json",
            "story.txt",
        ],
    ));
    let given: Value = serde_json::from_str(&given).unwrap();
    assert!(
        given
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "weekday-date")
    );
    assert_eq!(given[0]["story_date"]["source"], "given");
    assert!(human.contains("warning[weekday-date]: Oct. 27 is a Thursday in 2016"));
    let bad = copydesk(&scratch.0, &["check", "--date", "24/10/2016", "story.txt"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("not a date: `24/10/2016`"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn the_house_spelling_is_american_unless_the_config_says_british() {
    let scratch = Scratch::new("house-spelling");
    let text = "Talks resume\n\nThe envoys met at the centre of the Labour Party's \
color campaign in Pearl Harbor.\n";
    let path = scratch.write("story.txt", text);
    let rules_of = |output: &Output| -> Vec<(String, String)> {
        let findings: Value = serde_json::from_str(&stdout(output)).unwrap();
        findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // American by default: "centre" is flagged, "color" is not.
    let american = copydesk(&scratch.0, &["check", "--format", "json", "story.txt"]);
    let found = rules_of(&american);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "house-spelling");
    assert!(found[0].1.contains("“centre”") && found[0].1.contains("“center”"));
    // British: the other way round, and --fix writes the one counterpart.
    scratch.write("copydesk.toml", "[style]\nspelling = \"british\"\n");
    let british = copydesk(&scratch.0, &["check", "--format", "json", "story.txt"]);
    let found = rules_of(&british);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("“color”") && found[0].1.contains("“colour”"));
    copydesk(&scratch.0, &["check", "--fix", "story.txt"]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text.replace("color campaign", "colour campaign")
    );
    // A value that is not a house spelling names the key and the nearest.
    scratch.write("copydesk.toml", "[style]\nspelling = \"brittish\"\n");
    let wrong = copydesk(&scratch.0, &["check", "story.txt"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).ends_with(
            "copydesk.toml:2: key `style.spelling`: should be one of \"american\", \
\"british\", \"british-ize\", \"any\", not \"brittish\"; did you mean `british`?\n"
        ),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    // The rule is listed and explained.
    let rules = stdout(&copydesk(&scratch.0, &["rules"]));
    assert!(
        rules
            .lines()
            .any(|l| l.starts_with("house-spelling") && l.contains("warning"))
    );
    let explained = stdout(&copydesk(&scratch.0, &["explain", "house-spelling"]));
    assert!(explained.contains("british-ize"), "{explained}");
}

/// The process ends with `_exit` (`cli::end_process`), after flushing: a
/// report of many buffers' worth reaches a pipe and an `--output` file
/// whole, and the one story of a run, read ahead while the configuration
/// loads, is the story checked — under the configuration's own size limit
/// when it sets one.
#[test]
fn a_long_report_reaches_the_pipe_whole() {
    let scratch = Scratch::new("long-report");
    let story: String = (1..=3000)
        .map(|n| format!("Item {n}: the the envoys met in Geneva.\n\n"))
        .collect();
    scratch.write("story.txt", &story);
    let output = copydesk(&scratch.0, &["check", "--format", "json", "story.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.len() > 512 * 1024, "several buffers' worth");
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 3000);
    assert_eq!(findings[2999]["start"]["line"], 2 * 2999 + 1);

    let output = copydesk(
        &scratch.0,
        &[
            "check",
            "--format",
            "json",
            "--output",
            "report.json",
            "story.txt",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let written = fs::read_to_string(scratch.0.join("report.json")).unwrap();
    let written: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(written.as_array().unwrap().len(), 3000);
    // The terminal gets the human report, its summary line last.
    let human = stdout(&output);
    let last = human.trim_end().lines().last().unwrap();
    assert!(last.starts_with("3000 problems (3000 warnings)"), "{last}");

    // A limit of 1 MiB refuses a larger story, read ahead or not.
    let big: String = (1..=50_000)
        .map(|n| format!("Item {n}: the envoys met in Geneva.\n\n"))
        .collect();
    scratch.write("big.txt", &big);
    let output = copydesk(&scratch.0, &["check", "big.txt"]);
    assert_eq!(output.status.code(), Some(0), "{:?}", output);
    scratch.write("copydesk.toml", "[limits]\nstory = 1\n");
    let output = copydesk(&scratch.0, &["check", "big.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("big.txt: larger than 1 MiB"), "{stderr}");
}
