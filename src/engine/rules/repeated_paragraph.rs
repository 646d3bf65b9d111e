//! A paragraph or a line written twice in one story (a headline pasted twice,
//! a paragraph duplicated while moving text around).

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "repeated-paragraph",
    default_level: Level::On(Severity::Warning),
    summary: "A paragraph or line that appears twice in the story",
    explanation: "The same paragraph or line (five words or more) appears twice in the story, \
usually a headline or paragraph pasted twice. Differences in spacing and line breaks are ignored. \
The fix deletes the later copy; it is offered as a suggestion, because which copy should go is an \
editor's call.",
    uses_lexicon: false,
    check,
};

const MIN_WORDS: usize = 5;

/// A hash of the words of `range` (their folded keys, in order) and their
/// count. Punctuation is left out of the hash; equal hashes are confirmed
/// on the text itself.
fn words_hash(doc: &crate::engine::Document<'_>, range: &Range<usize>) -> (u64, usize) {
    let first = doc.words.partition_point(|w| w.range.start < range.start);
    let words = doc.words[first..]
        .iter()
        .take_while(|w| w.range.end <= range.end);
    words.fold((0u64, 0usize), |(hash, count), w| {
        (
            (hash.rotate_left(7) ^ w.key).wrapping_mul(0x9e37_79b9_7f4a_7c15),
            count + 1,
        )
    })
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    // Paragraphs, then the single lines of multi-line paragraphs.
    let mut units: Vec<Range<usize>> = doc.paragraphs.clone();
    for paragraph in &doc.paragraphs {
        let lines = doc.line_index(paragraph.start)..=doc.line_index(paragraph.end);
        if lines.end() > lines.start() {
            units.extend(lines.map(|l| doc.lines[l].clone()));
        }
    }
    let mut seen: FxHashMap<u64, Range<usize>> = FxHashMap::default();
    let mut flagged: Vec<Range<usize>> = Vec::new();
    for unit in units {
        if flagged
            .iter()
            .any(|f| f.start <= unit.start && unit.end <= f.end)
        {
            continue;
        }
        let body = &doc.text[unit.clone()];
        let (hash, words) = words_hash(doc, &unit);
        if words < MIN_WORDS || doc.is_masked(unit.clone()) {
            continue;
        }
        let first = seen.entry(hash).or_insert_with(|| unit.clone()).clone();
        if first == unit
            || !doc.text[first.clone()]
                .split_ascii_whitespace()
                .eq(body.split_ascii_whitespace())
        {
            continue;
        }
        let first_line = doc.line_index(first.start) + 1;
        // Delete from the end of the text before it, so the blank line that
        // separated them goes too.
        let before = doc.text[..unit.start].trim_end().len();
        let delete = if before == 0 {
            unit.start..unit.end
        } else {
            before..unit.end
        };
        flagged.push(unit.clone());
        out.emit(
            unit,
            format!("This repeats line {first_line}"),
            vec![Fix::suggestion(
                "Delete the repeated text",
                vec![Edit::delete(delete)],
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_a_headline_pasted_twice() {
        let text = "'Progress made,' say officials of both sides\n\n'Progress made,' say officials of both sides\n\nBody text here.";
        assert_eq!(
            flagged("repeated-paragraph", text),
            ["'Progress made,' say officials of both sides"]
        );
        assert_eq!(
            fixed("repeated-paragraph", text),
            "'Progress made,' say officials of both sides\n\nBody text here."
        );
    }

    #[test]
    fn flags_a_repeated_line_inside_a_paragraph() {
        let text =
            "The minister arrived in Seoul on Monday.\nThe minister arrived in Seoul on Monday.\n";
        assert_eq!(
            flagged("repeated-paragraph", text),
            ["The minister arrived in Seoul on Monday."]
        );
    }

    #[test]
    fn a_repeated_paragraph_is_one_finding() {
        let text = "First line of it here.\nSecond line of it here.\n\nFirst line of it here.\nSecond line of it here.";
        assert_eq!(flagged("repeated-paragraph", text).len(), 1);
    }

    #[test]
    fn quiet_on_short_repeated_lines_and_distinct_paragraphs() {
        assert!(
            flagged(
                "repeated-paragraph",
                "Advertisement\n\nText one here.\n\nAdvertisement\n"
            )
            .is_empty()
        );
        assert!(
            flagged(
                "repeated-paragraph",
                "The talks went on for two days.\n\nThe talks went on for three days."
            )
            .is_empty()
        );
        assert!(flagged("repeated-paragraph", "* * *\n\n* * *\n\n* * *").is_empty());
    }
}
