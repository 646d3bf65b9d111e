//! Applying fixes: non-overlapping edits, whole fixes only, and repeated to a
//! fixed point so that `--fix` run twice changes nothing the second time.

use std::collections::BTreeMap;
use std::ops::Range;

use super::finding::{Edit, Fix};
use super::{Format, Settings, check};

/// Applies `fixes` to `text`. A fix whose edits overlap an earlier accepted
/// fix is skipped whole (never half-applied), as is one whose own edits
/// overlap one another or fall outside the text.
///
/// Two edits clash when their ranges overlap, or when one is an insertion
/// (an empty range) at the other's start. The accepted edits never clash
/// with one another, so kept sorted by start they are sorted by end too,
/// and an edit need only be checked against its neighbours: the last
/// accepted edit starting before it, and any starting inside it. Time
/// O(n log n) in the number of edits.
pub fn apply<'a>(text: &str, fixes: impl Iterator<Item = &'a Fix>) -> String {
    // Start of each accepted edit → the furthest end of those starting there
    // (several insertions and at most one non-empty edit share a start).
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    for fix in fixes {
        edits.clear();
        edits.extend(&fix.edits);
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        let in_bounds = edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        // Its own edits one after another (touching, or insertions at one
        // place, is fine).
        let ordered = edits
            .windows(2)
            .all(|pair| pair[0].range.end <= pair[1].range.start);
        if !in_bounds || !ordered || edits.iter().any(|e| clashes(&taken, &e.range)) {
            continue;
        }
        for edit in &edits {
            let end = taken.entry(edit.range.start).or_insert(edit.range.end);
            *end = (*end).max(edit.range.end);
        }
        accepted.extend(&edits);
    }
    splice(text, accepted)
}

/// `text` with `edits` made, which do not overlap one another.
fn splice(text: &str, mut edits: Vec<&Edit>) -> String {
    // Stable: insertions at one place keep their order.
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in edits {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.replacement);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// Whether `range` clashes with an accepted edit: one that starts before it
/// and ends inside it (or past it), or one that starts inside it (at its
/// start, for an insertion).
fn clashes(taken: &BTreeMap<usize, usize>, range: &Range<usize>) -> bool {
    let before = taken
        .range(..range.start)
        .next_back()
        .is_some_and(|(_, &end)| end > range.start);
    let inside_end = if range.is_empty() {
        range.start + 1
    } else {
        range.end
    };
    before || taken.range(range.start..inside_end).next().is_some()
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

    /// The rule as it was first written: every edit of a fix against every
    /// accepted edit.
    fn apply_by_pairs(text: &str, fixes: &[Fix]) -> String {
        let mut accepted: Vec<&Edit> = Vec::new();
        for fix in fixes {
            let clashes = fix.edits.iter().any(|edit| {
                accepted.iter().any(|other| {
                    edit.range.start < other.range.end && other.range.start < edit.range.end
                        || (edit.range.is_empty() || other.range.is_empty())
                            && edit.range.start == other.range.start
                })
            });
            if !clashes && fix.edits.iter().all(|e| e.range.end <= text.len()) {
                accepted.extend(&fix.edits);
            }
        }
        splice(text, accepted)
    }

    proptest::proptest! {
        /// Checking neighbours only accepts exactly the fixes that checking
        /// every pair did: random fixes of one to three edits (replacements,
        /// deletions, insertions) that overlap, touch and share starts.
        #[test]
        fn neighbours_decide_as_every_pair_did(
            fixes in proptest::collection::vec(
                proptest::collection::vec((0usize..40, 0usize..4, 0usize..3), 1..4),
                0..40,
            )
        ) {
            let text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
            let fixes: Vec<Fix> = fixes
                .into_iter()
                .enumerate()
                .filter_map(|(n, spans)| {
                    // One fix's own edits one after another, as rules make them.
                    let mut edits = Vec::new();
                    let mut from = 0;
                    for (gap, len, kind) in spans {
                        let start = from + gap;
                        let end = (start + len).min(text.len());
                        if start > text.len() {
                            break;
                        }
                        let replacement = ["", "X", "YZ"][kind];
                        edits.push(Edit::new(start..end, format!("{replacement}{n}")));
                        from = end;
                    }
                    (!edits.is_empty()).then(|| Fix::safe("fix", edits))
                })
                .collect();
            proptest::prop_assert_eq!(apply(text, fixes.iter()), apply_by_pairs(text, &fixes));
        }
    }

    #[test]
    fn insertions_clash_at_a_start_but_not_at_an_end() {
        let insert_at_1 = Fix::replace(1..1, "+", true);
        let delete_1_3 = Fix::replace(1..3, "", true);
        let insert_at_3 = Fix::replace(3..3, "!", true);
        let insert_at_2 = Fix::replace(2..2, "?", true);
        assert_eq!(
            apply(
                "abcd",
                [&insert_at_1, &delete_1_3, &insert_at_3, &insert_at_2].into_iter()
            ),
            "a+b?c!d"
        );
        assert_eq!(
            apply(
                "abcd",
                [&delete_1_3, &insert_at_1, &insert_at_2, &insert_at_3].into_iter()
            ),
            "a!d"
        );
    }

    #[test]
    fn a_fix_whose_own_edits_overlap_is_skipped_not_a_panic() {
        let tangled = Fix::safe("tangled", vec![Edit::new(0..3, "X"), Edit::new(1..2, "Y")]);
        let fine = Fix::replace(3..4, "Z", true);
        assert_eq!(apply("abcd", [&tangled, &fine].into_iter()), "abcZ");
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
