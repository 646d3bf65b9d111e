//! A unified diff between a story and its fixed version, for `--diff`:
//! `similar`'s line diff with three lines of context and `a/PATH`/`b/PATH`
//! headers, so `git apply` and `patch -p1` take it from the working folder.

use similar::TextDiff;

/// Unified diff of `old` → `new` with three lines of context; empty when
/// nothing changes. A line's ending (LF or CRLF) is part of the line, and a
/// last line without one is marked `\ No newline at end of file`.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // git and patch read `/` as the separator on every system.
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_with_context() {
        let old = "one\ntwo the the\nthree\nfour\nfive\nsix\nseven\n";
        let new = "one\ntwo the\nthree\nfour\nfive\nsix\nseven\n";
        assert_eq!(
            unified("s.txt", old, new),
            "--- a/s.txt\n+++ b/s.txt\n@@ -1,5 +1,5 @@\n one\n-two the the\n+two the\n three\n four\n five\n"
        );
    }

    #[test]
    fn separate_changes_make_separate_hunks() {
        let old: String = (1..=20).map(|n| format!("line {n}\n")).collect();
        let new = old
            .replace("line 2\n", "line two\n")
            .replace("line 18\n", "line eighteen\n");
        let diff = unified("s.txt", &old, &new);
        assert_eq!(diff.matches("\n@@ ").count(), 2, "{diff}");
        assert!(diff.contains("@@ -1,5 +1,5 @@\n"), "{diff}");
        assert!(diff.contains("@@ -15,6 +15,6 @@\n"), "{diff}");
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        assert_eq!(unified("s.txt", "x", "x"), "");
        assert_eq!(
            unified("s.txt", "a\nx ", "a\nx"),
            "--- a/s.txt\n+++ b/s.txt\n@@ -1,2 +1,2 @@\n a\n-x \n\\ No newline at end of file\n+x\n\\ No newline at end of file\n"
        );
    }
}
