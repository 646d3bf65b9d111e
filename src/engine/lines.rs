//! The one definition of a line: LF, CRLF and a lone CR end a line, as in
//! LSP. Lines, blank lines and paragraphs (runs of non-blank lines) as byte
//! ranges; line numbers; and `LineIndex`, offsets to lines and columns for
//! the front ends. (The server's ropes break lines the same way: ropey's
//! `cr_lines` feature.)

use std::ops::Range;

pub fn is_blank(s: &str) -> bool {
    // Most lines start with a visible ASCII character: no need to decode
    // them to know they are not blank.
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.chars().all(char::is_whitespace),
    }
}

pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// Line contents; LF, CRLF and lone CR end a line, as in LSP.
pub(crate) fn split_lines(text: &str) -> Vec<Range<usize>> {
    line_ranges(text).collect()
}

/// Where each line ends and the next begins: for every line break, its
/// offset and the offset just past it. LF, CRLF and a lone CR each end a
/// line, as in LSP. Every notion of a line in copydesk comes from here.
fn line_breaks(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut after_crlf = 0;
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |i| {
        if i < after_crlf {
            return None; // the LF of a CRLF
        }
        let next = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
        after_crlf = next;
        Some((i, next))
    })
}

/// `split_lines`, one line at a time.
pub(crate) fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut breaks = line_breaks(text);
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        match breaks.next() {
            Some((end, next)) => {
                start = Some(next);
                Some(from..end)
            }
            None => {
                start = None;
                Some(from..text.len())
            }
        }
    })
}

/// Runs of non-blank lines.
pub(crate) fn paragraphs(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        if is_blank(&text[line.clone()]) {
            paragraphs.extend(current.take());
        } else {
            match &mut current {
                Some(p) => p.end = line.end,
                None => current = Some(line.clone()),
            }
        }
    }
    paragraphs.extend(current);
    paragraphs
}

/// The 1-based number of the line holding byte `pos`.
pub fn line_number(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    line_breaks(text)
        .take_while(|&(_, next)| next <= pos)
        .count()
        + 1
}

/// Byte offsets to lines and character columns, for the front ends (the
/// CLI's outputs, errors in user files).
///
/// A column is found in time independent of the line's length (a story is
/// often one paragraph per line, and can be one line of megabytes): up to
/// `DIRECT` bytes into its line a column is counted from the line's start,
/// and further in from the count of characters the index keeps before every
/// `CHUNK`-th byte, so it counts at most one chunk's bytes on each side.
/// Those counts, over the whole text, are made the first time a column that
/// far into a line is asked for: the index of a story of paragraphs of any
/// usual length costs one search for line breaks.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `chars[k]`: characters in `text[..k * CHUNK]`.
    chars: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two kept character counts.
const CHUNK: usize = 1024;

/// How far into its line a column is counted from the line's start: past
/// the longest paragraph of news copy, so that counting the whole text
/// (about a byte's work a byte) waits for a line of another kind.
const DIRECT: usize = 8 * CHUNK;

/// Characters in `bytes` (whole or not): every byte that does not continue
/// a character starts one. Eight bytes at a time: a continuation byte is
/// `10xxxxxx`.
fn count_chars(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let mut continuations = 0usize;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        continuations += ((x >> 7) & !(x >> 6) & ONES).count_ones() as usize;
    }
    let rest = chunks.remainder();
    bytes.len() - continuations - rest.iter().filter(|&&b| (b as i8) < -0x40).count()
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
        starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            // Nearly every story: LF alone ends its lines.
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
        } else {
            starts.extend(line_breaks(text).map(|(_, next)| next));
        }
        LineIndex {
            text,
            starts,
            chars: std::sync::OnceLock::new(),
        }
    }

    fn chunk_chars(&self) -> &[usize] {
        self.chars.get_or_init(|| {
            let mut chars = Vec::with_capacity(self.text.len() / CHUNK + 1);
            chars.push(0);
            let mut count = 0;
            for chunk in self.text.as_bytes().chunks_exact(CHUNK) {
                count += count_chars(chunk);
                chars.push(count);
            }
            chars
        })
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        self.chunk_chars()[chunk] + count_chars(&self.text.as_bytes()[chunk * CHUNK..offset])
    }

    /// 0-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// 1-based line and 1-based column counted in characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        // Clamped and rounded down to a character: an offset from another
        // version of the text must not turn into a panic here.
        let offset = self.floor(offset);
        let line = self.line(offset);
        let start = self.starts[line];
        let column = if offset - start <= DIRECT {
            count_chars(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        (line + 1, column + 1)
    }

    /// `offset` clamped to the text and rounded down to a character boundary.
    pub fn floor(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The text of 0-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_lone_cr_end_lines_and_nothing_else_does() {
        let text = "a\r\nb\rc\nd\u{2028}e\r";
        assert_eq!(
            line_ranges(text).map(|r| &text[r]).collect::<Vec<_>>(),
            ["a", "b", "c", "d\u{2028}e", ""]
        );
        let numbers: Vec<usize> = (0..=text.len()).map(|i| line_number(text, i)).collect();
        let index = LineIndex::new(text);
        for (i, n) in numbers.iter().enumerate() {
            if text.is_char_boundary(i) {
                assert_eq!(index.position(i).0, *n, "offset {i}");
            }
        }
        assert_eq!(index.line_count(), 5);
    }

    #[test]
    fn characters_are_counted_eight_bytes_at_a_time_as_one_by_one() {
        let text = "aé한😀—\r\n".repeat(7);
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text.as_bytes()[start..end];
                let one_by_one = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
                assert_eq!(count_chars(bytes), one_by_one, "{start}..{end}");
            }
        }
    }

    #[test]
    fn an_offset_inside_a_character_rounds_down_to_it() {
        let index = LineIndex::new("a—b");
        assert_eq!(index.position(2), (1, 2));
        assert_eq!(index.position(99), (1, 4));
    }

    #[test]
    fn columns_count_characters_across_line_endings() {
        let text = "a\r\n한국 b\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text.find('b').unwrap()), (2, 4));
        assert_eq!(index.position(text.find('c').unwrap()), (3, 1));
        assert_eq!(index.position(text.len()), (4, 2));
        assert_eq!(index.line_text(1), "한국 b");
    }

    #[test]
    fn columns_on_long_lines_count_characters_across_chunks() {
        // Short lines with every kind of line break, then a line far longer
        // than a chunk; characters of every width straddle chunk boundaries.
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(["a", "é", "한", "😀", "\r\n", "b", "\r", "\n", "—"][i * 7 % 9]);
            if i % 5 == 0 {
                text.push_str("xyz");
            }
        }
        text.push_str(&"ab—😀".repeat(2000));
        let index = LineIndex::new(&text);
        let mut line = 1;
        let mut column = 1;
        let mut previous = None;
        for (offset, c) in text.char_indices() {
            if previous == Some('\r') && c != '\n' || previous == Some('\n') {
                line += 1;
                column = 1;
            }
            assert_eq!(index.position(offset), (line, column), "offset {offset}");
            column += 1;
            previous = Some(c);
        }
        assert_eq!(index.position(text.len()).0, line);
        assert_eq!(index.floor(text.len() - 1), text.len() - "😀".len());
    }
}
