//! A unified diff between a story and its fixed version, for `--diff`.
//! Fixes are small and local, so a line-level diff that trims the common
//! head and tail of each changed region is enough.

/// Unified diff of `old` → `new` with three lines of context.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for (a_range, b_range) in changed_blocks(&a, &b) {
        const CONTEXT: usize = 3;
        let start_a = a_range.start.saturating_sub(CONTEXT);
        let end_a = (a_range.end + CONTEXT).min(a.len());
        let lead = a_range.start - start_a;
        let trail = end_a - a_range.end;
        let start_b = b_range.start - lead;
        let end_b = b_range.end + trail;
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start_a + 1,
            end_a - start_a,
            start_b + 1,
            end_b - start_b
        ));
        for line in &a[start_a..a_range.start] {
            push_line(&mut out, ' ', line);
        }
        for line in &a[a_range.clone()] {
            push_line(&mut out, '-', line);
        }
        for line in &b[b_range.clone()] {
            push_line(&mut out, '+', line);
        }
        for line in &a[a_range.end..end_a] {
            push_line(&mut out, ' ', line);
        }
    }
    out
}

fn push_line(out: &mut String, sign: char, line: &str) {
    out.push(sign);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// Pairs of line ranges that differ, found by walking both sides in step
/// and resynchronising on the next identical line (fixes never reorder lines).
fn changed_blocks(a: &[&str], b: &[&str]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut blocks = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        // Find the nearest pair of equal lines ahead on both sides.
        let mut resync = None;
        'search: for distance in 1..=(a.len() - i).max(b.len() - j) {
            for di in 0..=distance {
                let dj = distance - di;
                if i + di < a.len() && j + dj < b.len() && a[i + di] == b[j + dj] {
                    resync = Some((i + di, j + dj));
                    break 'search;
                }
            }
        }
        let (ni, nj) = resync.unwrap_or((a.len(), b.len()));
        blocks.push((i..ni, j..nj));
        i = ni;
        j = nj;
    }
    blocks
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
    fn deleted_lines_and_missing_final_newline() {
        let diff = unified("s.txt", "a\nb\nb\nc", "a\nb\nc");
        assert!(diff.contains("-b\n"), "{diff}");
        assert!(!unified("s.txt", "x", "x").contains("@@"));
        assert!(unified("s.txt", "x ", "x").contains("\\ No newline at end of file"));
    }
}
