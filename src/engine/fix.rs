//! Applying fixes: non-overlapping edits, whole fixes only, and repeated to a
//! fixed point so that `--fix` run twice changes nothing the second time.

use super::finding::{Edit, Fix};
use super::{Format, Settings, check};

/// Applies `fixes` to `text`. A fix whose edits overlap an earlier accepted
/// fix is skipped whole (never half-applied).
pub fn apply<'a>(text: &str, fixes: impl Iterator<Item = &'a Fix>) -> String {
    let mut accepted: Vec<&Edit> = Vec::new();
    for fix in fixes {
        let clashes = fix.edits.iter().any(|edit| {
            accepted.iter().any(|other| {
                edit.range.start < other.range.end && other.range.start < edit.range.end
                    || (edit.range.is_empty() || other.range.is_empty())
                        && edit.range.start == other.range.start
            })
        });
        let in_bounds = fix.edits.iter().all(|e| {
            e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        if !clashes && in_bounds {
            accepted.extend(&fix.edits);
        }
    }
    accepted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in accepted {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.replacement);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// The result of applying every safe fix.
pub struct FixOutcome {
    pub text: String,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
}

/// Applies every safe fix, re-checking after each round because one fix can
/// reveal another (`the the the` needs two removals).
pub fn fix_all(text: &str, format: Format, settings: &Settings) -> FixOutcome {
    const MAX_ROUNDS: usize = 10;
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let findings = check(&current, format, settings);
        let safe: Vec<&Fix> = findings.iter().filter_map(|f| f.safe_fix()).collect();
        if safe.is_empty() {
            break;
        }
        let next = apply(&current, safe.iter().copied());
        if next == current {
            break;
        }
        applied += safe.len();
        current = next;
    }
    FixOutcome {
        text: current,
        applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_fixes_are_skipped_whole() {
        let a = Fix::replace(0..3, "X", true);
        let b = Fix::replace(2..5, "Y", true);
        let c = Fix::replace(6..7, "Z", true);
        assert_eq!(apply("abcdefg", [&a, &b, &c].into_iter()), "XdefZ");
    }

    #[test]
    fn out_of_range_edits_are_ignored() {
        let bad = Fix::replace(3..99, "X", true);
        assert_eq!(apply("abc", std::iter::once(&bad)), "abc");
    }

    #[test]
    fn fix_all_reaches_a_fixed_point() {
        let text = "Talks end\n\nThe the the talks ended.  Then they they left ,, quietly.";
        let once = fix_all(text, Format::Plain, &Settings::default()).text;
        assert_eq!(
            once,
            "Talks end\n\nThe talks ended. Then they left, quietly."
        );
        assert_eq!(
            fix_all(&once, Format::Plain, &Settings::default()).applied,
            0
        );
    }
}
