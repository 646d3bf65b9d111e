//! A paragraph or a line written twice in one story (a headline pasted twice,
//! a paragraph duplicated while moving text around).

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::{DocumentRule, Rule, Story};
use super::{Moved, SameMoved};
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::lines::LineIndex;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Document, Emitter};

pub static RULE: Rule = Rule {
    id: "repeated-paragraph",
    default_level: Level::On(Severity::Warning),
    summary: "A paragraph or line that appears twice in the story",
    explanation: "The same paragraph or line (five words or more) appears twice in the story, \
usually a headline or paragraph pasted twice. Differences in spacing and line breaks are ignored. \
The fix deletes the later copy; it is offered as a suggestion, because which copy should go is an \
editor's call.",
    uses_lexicon: false,
    check: None,
    document: Some(&RepeatedParagraph),
};

struct RepeatedParagraph;

impl DocumentRule for RepeatedParagraph {
    type Summary = Vec<Unit>;

    fn same(&self, before: &Vec<Unit>, after: &Vec<Unit>, moved: &Moved) -> bool {
        // Its messages give the line of the first copy.
        moved.same_lines() && before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Vec<Unit> {
        units(ctx.doc)
    }

    fn check(&self, story: &Story<'_, Vec<Unit>>, out: &mut Emitter<'_>) {
        check_document(story, out);
    }
}

const MIN_WORDS: usize = 5;

/// A paragraph, or a line of a multi-line paragraph, long enough to count.
#[derive(Clone, Debug)]
pub struct Unit {
    pub range: Range<usize>,
    /// Hash of its words' folded keys; punctuation is compared on a match.
    pub hash: u64,
}

/// The units of one block, with block-relative ranges, in the order of the
/// text (the first copy is the one kept): every paragraph, each followed by
/// its lines when it has several.
pub fn units(doc: &Document<'_>) -> Vec<Unit> {
    let words = &doc.words;
    let mut units = Vec::with_capacity(doc.paragraphs.len());
    let unit = |range: Range<usize>, words: &[Word], into: &mut Vec<Unit>| {
        if words.len() >= MIN_WORDS && !doc.is_masked(range.clone()) {
            into.push(Unit {
                range,
                hash: words_hash(words),
            });
        }
    };
    // A paragraph's words are the run that carries its index.
    let mut next = 0;
    for (index, paragraph) in doc.paragraphs.iter().enumerate() {
        let first = next;
        while words.get(next).is_some_and(|w| w.paragraph() == index) {
            next += 1;
        }
        let own = &words[first..next];
        unit(paragraph.clone(), own, &mut units);
        let text = &doc.text[paragraph.clone()];
        if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
            continue;
        }
        for line in doc.line_index(paragraph.start)..=doc.line_index(paragraph.end) {
            let line = doc.lines[line].clone();
            let from = own.partition_point(|w| w.range().start < line.start);
            let count = own[from..]
                .iter()
                .take_while(|w| w.range().end <= line.end)
                .count();
            unit(line, &own[from..from + count], &mut units);
        }
    }
    units
}

/// A hash of the words' folded keys, in order. Four lanes, so that the
/// multiplications do not wait on one another.
fn words_hash(words: &[Word]) -> u64 {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |hash: u64, key: u64| (hash.rotate_left(7) ^ key).wrapping_mul(MULTIPLIER);
    let mut lanes = [0u64; 4];
    let mut chunks = words.chunks_exact(4);
    for chunk in &mut chunks {
        for (lane, word) in lanes.iter_mut().zip(chunk) {
            *lane = step(*lane, word.key);
        }
    }
    for (lane, word) in lanes.iter_mut().zip(chunks.remainder()) {
        *lane = step(*lane, word.key);
    }
    lanes
        .iter()
        .fold(words.len() as u64, |hash, &lane| step(hash, lane))
}

fn check_document(ctx: &Story<'_, Vec<Unit>>, out: &mut Emitter<'_>) {
    let text = ctx.text;
    let units: usize = ctx.blocks.iter().map(|block| block.summary.len()).sum();
    let mut seen: FxHashMap<u64, Range<usize>> =
        FxHashMap::with_capacity_and_hasher(units, Default::default());
    // Units come in the order of the text (no unit starts before the one
    // before it), so every range flagged so far starts at or before this
    // one, and this one lies inside one of them exactly when it ends at or
    // before the furthest end among them.
    let mut flagged_end = None;
    let mut last_start = 0;
    // Lines are counted once, when the first repeat needs one.
    let mut lines = None;
    for block in &ctx.blocks {
        let offset = block.start;
        for unit in block.summary {
            let range = offset + unit.range.start..offset + unit.range.end;
            debug_assert!(range.start >= last_start, "units in the order of the text");
            last_start = range.start;
            if flagged_end.is_some_and(|end| range.end <= end) {
                continue;
            }
            let first = seen
                .entry(unit.hash)
                .or_insert_with(|| range.clone())
                .clone();
            if first == range
                || !text[first.clone()]
                    .split_ascii_whitespace()
                    .eq(text[range.clone()].split_ascii_whitespace())
            {
                continue;
            }
            // Delete from the end of the text before it, so the blank line
            // that separated them goes too.
            let before = text[..range.start].trim_end().len();
            let delete = if before == 0 {
                range.clone()
            } else {
                before..range.end
            };
            flagged_end = flagged_end.max(Some(range.end));
            let line = lines
                .get_or_insert_with(|| LineIndex::new(text))
                .line(first.start)
                + 1;
            out.emit(
                range,
                format!("This repeats line {line}"),
                vec![Fix::suggestion(
                    "Delete the repeated text",
                    vec![Edit::delete(delete)],
                )],
            );
        }
    }
}

impl SameMoved for Unit {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.hash == after.hash && moved.range(&self.range, &after.range)
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
    fn the_later_copy_is_the_repeat_when_a_line_of_one_paragraph_recurs_as_another() {
        let text = "the the\nSame line repeated here today\n\nSame line repeated here today\n";
        let found = crate::engine::check(text, crate::engine::Format::Plain, &Default::default());
        let repeat = found
            .iter()
            .find(|f| f.rule == "repeated-paragraph")
            .expect("the repeat is flagged");
        assert_eq!(repeat.range.start, text.rfind("Same").unwrap());
        assert_eq!(repeat.message, "This repeats line 2");
    }

    #[test]
    fn lines_of_a_repeated_paragraph_are_not_flagged_again_but_later_copies_are() {
        let para = "First line of it here.\nSecond line of it here.";
        let text = format!(
            "{para}\n\nOther words in between here.\n\n{para}\n\nSecond line of it here.\n\n{para}\n"
        );
        let found = crate::engine::check(&text, crate::engine::Format::Plain, &Default::default());
        let repeats: Vec<(usize, &str)> = found
            .iter()
            .filter(|f| f.rule == "repeated-paragraph")
            .map(|f| (f.range.start, f.message.as_str()))
            .collect();
        let second = text.find("\n\nFirst").unwrap() + 2;
        let lone = text.find("\n\nSecond").unwrap() + 2;
        let third = text.rfind("First").unwrap();
        assert_eq!(
            repeats,
            [
                (second, "This repeats line 1"),
                (lone, "This repeats line 2"),
                (third, "This repeats line 1"),
            ]
        );
    }

    #[test]
    fn many_repeats_point_at_their_first_copies() {
        let mut text = String::new();
        for i in 0..300 {
            let para = format!("Paragraph number {i} is here today.\n\n");
            text.push_str(&para);
            text.push_str(&para);
        }
        let found = crate::engine::check(&text, crate::engine::Format::Plain, &Default::default());
        let messages: Vec<String> = found
            .iter()
            .filter(|f| f.rule == "repeated-paragraph")
            .map(|f| f.message.clone())
            .collect();
        let expected: Vec<String> = (0..300)
            .map(|i| format!("This repeats line {}", 4 * i + 1))
            .collect();
        assert_eq!(messages, expected);
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
