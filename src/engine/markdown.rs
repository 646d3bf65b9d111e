//! The structure of a Markdown story that no word rule may look into:
//! front matter (`---` or `+++`), code fences, indented code and HTML
//! comments that run over several lines. One scanner serves both the split
//! into blocks (`blocks.rs`: no block boundary inside a region, however many
//! blank lines it holds) and masking (`mask.rs`: every region is masked),
//! so the editor, which analyses block by block, and `copydesk check`, which
//! batches blocks, see the same regions.

use std::ops::Range;

use super::lines::line_ranges;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    FrontMatter,
    Fence,
    IndentedCode,
    /// An HTML comment over more than one line (one-line comments are
    /// masked with the other inline constructs).
    Comment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// The regions of `text`, in order and without overlap. Front matter is
/// recognized only when `first` (the text starts the story) and only when
/// it is closed; an unclosed fence runs to the end, as CommonMark says; an
/// unclosed comment is text.
pub fn regions(text: &str, first: bool) -> Vec<Region> {
    let lines: Vec<Range<usize>> = line_ranges(text).collect();
    // Where line `i` ends, its line break included.
    let line_end = |i: usize| lines.get(i + 1).map_or(text.len(), |l| l.start);
    let content = |i: usize| &text[lines[i].clone()];
    let mut regions = Vec::new();
    let mut i = 0;
    if first && !lines.is_empty() && matches!(content(0), "---" | "+++") {
        let marker = content(0);
        let close = (1..lines.len())
            .find(|&j| content(j) == marker || (marker == "---" && content(j) == "..."));
        if let Some(close) = close {
            regions.push(Region {
                range: 0..line_end(close),
                kind: Kind::FrontMatter,
            });
            i = close + 1;
        }
    }
    let mut previous_blank = true;
    // Where scanning resumes inside line `i`, after a comment closed on it.
    let mut resume: Option<usize> = None;
    while i < lines.len() {
        let line = content(i);
        let trimmed = line.trim_start();
        if resume.is_none() {
            let fence = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            if let Some(marker) = fence {
                let close = (i + 1..lines.len()).find(|&j| {
                    let t = content(j).trim_start();
                    t.starts_with(marker) && t.trim_end().chars().all(|c| marker.starts_with(c))
                });
                regions.push(Region {
                    range: lines[i].start..close.map_or(text.len(), line_end),
                    kind: Kind::Fence,
                });
                i = close.map_or(lines.len(), |c| c + 1);
                previous_blank = false;
                continue;
            }
            if previous_blank
                && (line.starts_with("    ") || line.starts_with('\t'))
                && !trimmed.is_empty()
            {
                regions.push(Region {
                    range: lines[i].start..line_end(i),
                    kind: Kind::IndentedCode,
                });
                i += 1;
                continue;
            }
        }
        let from = resume.take().unwrap_or(lines[i].start);
        if let Some(comment) = multi_line_comment(text, from..lines[i].end) {
            // Go on from where the comment closes, on its last line.
            i = lines.partition_point(|l| l.start < comment.end) - 1;
            resume = Some(comment.end);
            regions.push(Region {
                range: comment,
                kind: Kind::Comment,
            });
            previous_blank = false;
            continue;
        }
        previous_blank = from == lines[i].start && trimmed.is_empty();
        i += 1;
    }
    regions
}

/// The first HTML comment opened in `line` (a line, or the rest of one)
/// that closes on a later line.
fn multi_line_comment(text: &str, line: Range<usize>) -> Option<Range<usize>> {
    let mut from = line.start;
    loop {
        let open = from + text[from..line.end].find("<!--")?;
        let close = open + 4 + text[open + 4..].find("-->")? + 3;
        if close > line.end {
            return Some(open..close);
        }
        from = close;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        regions(text, true)
            .into_iter()
            .map(|r| (r.kind, &text[r.range]))
            .collect()
    }

    #[test]
    fn front_matter_of_either_kind_only_when_closed() {
        assert_eq!(
            found("+++\ntitle = \"x\"\n\ndate = 1\n+++\nText"),
            [(Kind::FrontMatter, "+++\ntitle = \"x\"\n\ndate = 1\n+++\n")]
        );
        assert_eq!(
            found("---\r\ntitle: x\r\n...\r\nText"),
            [(Kind::FrontMatter, "---\r\ntitle: x\r\n...\r\n")]
        );
        assert!(found("---\ntitle: x\n\nno end").is_empty());
        assert!(regions("---\na\n---\n", false).is_empty());
    }

    #[test]
    fn fences_indented_code_and_comments_across_lines() {
        let text = "Text\n\n```\ncode\n\nmore\n```\n\n    indented\n\nA <!-- note\n\nstill -->\nend <!-- one line -->\n~~~\nopen";
        assert_eq!(
            found(text),
            [
                (Kind::Fence, "```\ncode\n\nmore\n```\n"),
                (Kind::IndentedCode, "    indented\n"),
                (Kind::Comment, "<!-- note\n\nstill -->"),
                (Kind::Fence, "~~~\nopen"),
            ]
        );
        assert!(found("an <!-- unclosed\n\ncomment").is_empty());
        // A second comment opened on the line where the first closes.
        assert_eq!(
            found("a <!-- one\ntwo --> b <!-- three\n\nfour -->\n"),
            [
                (Kind::Comment, "<!-- one\ntwo -->"),
                (Kind::Comment, "<!-- three\n\nfour -->"),
            ]
        );
    }
}
