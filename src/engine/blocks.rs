//! Splitting a text into blocks: paragraphs with the blank lines after them,
//! except that a Markdown region (front matter, a code fence, a comment over
//! several lines: see `markdown.rs`) stays in one block however many blank
//! lines it holds. Blocks partition the text, so every byte
//! belongs to exactly one, and each block is analysed on its own.

use std::ops::Range;

use super::format::Format;
use super::lines::{is_blank, line_ranges};
use super::markdown;

pub fn split_blocks(text: &str, format: Format) -> Vec<Range<usize>> {
    let regions = match format {
        Format::Markdown => markdown::regions(text, true),
        Format::Plain => Vec::new(),
    };
    let mut region = 0;
    let mut starts = vec![0];
    let mut previous_blank = false;
    let mut seen_text = false;
    for line in line_ranges(text) {
        while regions
            .get(region)
            .is_some_and(|r| r.range.end <= line.start)
        {
            region += 1;
        }
        // A line inside front matter, a fence or a comment never starts a
        // block: the region is checked (and masked) whole.
        if regions
            .get(region)
            .is_some_and(|r| r.range.start < line.start)
        {
            previous_blank = false;
            continue;
        }
        let blank = is_blank(&text[line.clone()]);
        if !blank && previous_blank && seen_text {
            starts.push(line.start);
        }
        seen_text |= !blank;
        previous_blank = blank;
    }
    starts.dedup();
    ranges(starts, text.len())
}

fn ranges(starts: Vec<usize>, len: usize) -> Vec<Range<usize>> {
    let ends = starts[1..].iter().copied().chain([len]);
    starts
        .iter()
        .copied()
        .zip(ends)
        .map(|(s, e)| s..e)
        .collect()
}

/// `split_blocks` of plain text after an edit, from the block starts before
/// it: the text is read again only from the block before the edited one to
/// the first block boundary after the edit that was a boundary before it
/// too (from there on, the split is the old one, shifted). `changed` is the
/// edited range in the new text; `shift` how much the text after it moved.
/// Markdown is split whole: a fence opened or closed anywhere changes how
/// everything after it splits.
pub fn split_blocks_after_edit(
    text: &str,
    format: Format,
    old_starts: &[usize],
    changed: Range<usize>,
    shift: isize,
) -> Vec<Range<usize>> {
    if format == Format::Markdown || old_starts.first() != Some(&0) {
        return split_blocks(text, format);
    }
    // Boundaries up to the block before the edited one cannot have moved:
    // every line they depend on ends before the edit.
    let edited = old_starts.partition_point(|&s| s <= changed.start) - 1;
    let keep = edited.saturating_sub(1);
    let restart = old_starts[keep];
    let mut starts: Vec<usize> = old_starts[..=keep].to_vec();
    let mut previous_blank = false;
    let mut seen_text = restart > 0;
    for line in line_ranges(&text[restart..]) {
        let line = restart + line.start..restart + line.end;
        let blank = is_blank(&text[line.clone()]);
        if !blank && previous_blank && seen_text {
            let old = line.start as isize - shift;
            if line.start >= changed.end && old >= 0 {
                if let Ok(from) = old_starts.binary_search(&(old as usize)) {
                    let shifted = old_starts[from..]
                        .iter()
                        .map(|&s| (s as isize + shift) as usize);
                    starts.extend(shifted);
                    return ranges(starts, text.len());
                }
            }
            starts.push(line.start);
        }
        seen_text |= !blank;
        previous_blank = blank;
    }
    ranges(starts, text.len())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn lines_of_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Seoul", "a b", " ", "\t", "\n", "\n", "\n\n", "\r\n", "\r", "한국", "x.",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Splitting again around an edit gives the blocks a full split gives.
        #[test]
        fn splitting_after_an_edit_equals_splitting_afresh(
            old in lines_of_text(),
            inserted in lines_of_text(),
            at in 0.0..1.0f64,
            removed in 0.0..1.0f64,
        ) {
            let boundary = |mut i: usize| {
                while !old.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let start = boundary((old.len() as f64 * at) as usize);
            let end = boundary(start + ((old.len() - start) as f64 * removed) as usize);
            let new = format!("{}{}{}", &old[..start], inserted, &old[end..]);
            let old_starts: Vec<usize> =
                split_blocks(&old, Format::Plain).iter().map(|r| r.start).collect();
            let shift = inserted.len() as isize - (end - start) as isize;
            prop_assert_eq!(
                split_blocks_after_edit(
                    &new,
                    Format::Plain,
                    &old_starts,
                    start..start + inserted.len(),
                    shift
                ),
                split_blocks(&new, Format::Plain)
            );
        }
    }

    fn blocks(text: &str, format: Format) -> Vec<&str> {
        split_blocks(text, format)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn paragraphs_take_their_trailing_blank_lines() {
        assert_eq!(
            blocks("\nHead\n\nOne.\nTwo.\n \n\nThree.", Format::Plain),
            ["\nHead\n\n", "One.\nTwo.\n \n\n", "Three."]
        );
        assert_eq!(blocks("", Format::Plain), [""]);
    }

    #[test]
    fn toml_front_matter_and_comments_across_blank_lines_stay_whole() {
        let text =
            "+++\ntitle = \"x\"\n\ndate = 1\n+++\n# Head\n\nA <!-- note\n\nmore -->\n\nText.\n";
        assert_eq!(
            blocks(text, Format::Markdown),
            [
                "+++\ntitle = \"x\"\n\ndate = 1\n+++\n# Head\n\n",
                "A <!-- note\n\nmore -->\n\n",
                "Text.\n"
            ]
        );
    }

    #[test]
    fn markdown_fences_and_front_matter_stay_whole() {
        let text = "---\ntitle: x\n\nauthor: y\n---\n# Head\n\n```\ncode\n\nmore\n```\n\nText.\n";
        assert_eq!(
            blocks(text, Format::Markdown),
            [
                "---\ntitle: x\n\nauthor: y\n---\n# Head\n\n",
                "```\ncode\n\nmore\n```\n\n",
                "Text.\n"
            ]
        );
        assert_eq!(blocks("a\r\n\r\nb", Format::Plain), ["a\r\n\r\n", "b"]);
    }
}
