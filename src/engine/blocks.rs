//! Splitting a text into blocks: paragraphs with the blank lines after them,
//! except that a Markdown code fence or front matter stays one block however
//! many blank lines it holds. Blocks partition the text, so every byte
//! belongs to exactly one, and each block is analysed on its own.

use std::ops::Range;

use super::document::{Format, is_blank, line_ranges};

pub fn split_blocks(text: &str, format: Format) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    let mut previous_blank = false;
    let mut fence: Option<&str> = None;
    let mut front_matter = false;
    let mut seen_text = false;
    for (index, line) in line_ranges(text).enumerate() {
        let content = &text[line.clone()];
        if format == Format::Markdown {
            let trimmed = content.trim_start();
            if index == 0 && content == "---" {
                front_matter = true;
                seen_text = true;
                continue;
            }
            if front_matter {
                front_matter = !(content == "---" || content == "...");
                continue;
            }
            if let Some(marker) = fence {
                if trimmed.starts_with(marker)
                    && trimmed.trim_end().chars().all(|c| marker.starts_with(c))
                {
                    fence = None;
                }
                previous_blank = false;
                continue;
            }
            if trimmed.starts_with("```") {
                fence = Some("```");
            } else if trimmed.starts_with("~~~") {
                fence = Some("~~~");
            }
        }
        // Most lines start with a visible ASCII character: no need to
        // decode the line to know it is not blank.
        let blank = match content.as_bytes().first() {
            Some(b) if b.is_ascii_graphic() => false,
            _ => is_blank(content),
        };
        if !blank && previous_blank && seen_text {
            starts.push(line.start);
        }
        seen_text |= !blank;
        previous_blank = blank;
    }
    starts.dedup();
    let ends = starts[1..].iter().copied().chain([text.len()]);
    starts
        .iter()
        .copied()
        .zip(ends)
        .map(|(s, e)| s..e)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
