//! "Did you mean …?": the nearest of a few known words (rule ids, setting
//! names, levels) to one a person mistyped.

/// Edit distance between `a` and `b` in characters, case-insensitive:
/// insertions, deletions, substitutions and swaps of two neighbours each
/// cost one (so `wrod` is one step from `word`).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows of the classic table: two back (for swaps), one back, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate nearest to `word`, if it is close enough to be what was
/// meant: at most one edit per three characters (at least one), or `word`
/// is the start of it (`warn` → `warning`). Ties go to the first listed.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_len = word.chars().count();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let d = distance(word, candidate);
            let longer = word_len.max(candidate.chars().count());
            let is_start =
                word_len >= 3 && candidate.to_lowercase().starts_with(&word.to_lowercase());
            (d > 0 && (d <= (longer / 3).max(1) || is_start)).then_some((d, candidate))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, candidate)| candidate)
}

/// "; did you mean `x`?" for the nearest candidate, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

/// "no rule `x`", with the nearest rule id or where to find them all.
pub fn unknown_rule(id: &str) -> String {
    let near = nearest(id, crate::engine::rules::ALL.iter().map(|r| r.id));
    let id = crate::error::shorten(id);
    match near {
        Some(near) => format!("no rule `{id}`; did you mean `{near}`?"),
        None => format!("no rule `{id}` (`copydesk rules` lists them)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("repeted-word", "repeated-word"), 1);
        assert_eq!(distance("repeated-wrod", "repeated-word"), 1);
        assert_eq!(distance("Quotes", "quotes"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn only_close_candidates_are_suggested() {
        let levels = ["error", "warning", "info", "hint", "off"];
        assert_eq!(nearest("warnign", levels), Some("warning"));
        assert_eq!(nearest("warn", levels), Some("warning"));
        assert_eq!(nearest("eror", levels), Some("error"));
        assert_eq!(nearest("loud", levels), None);
        assert_eq!(
            nearest("colours", ["rules", "style", "names", "data", "files"]),
            None
        );
        assert_eq!(
            nearest("rule", ["rules", "style", "names", "data", "files"]),
            Some("rules")
        );
        assert_eq!(did_you_mean("x", ["y"]), "; did you mean `y`?");
        assert_eq!(did_you_mean("xyz", ["abc"]), "");
    }
}
