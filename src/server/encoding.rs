//! Position encodings: LSP positions (line, character in UTF-8, UTF-16 or
//! UTF-32 units) to byte offsets and back, using the rope. This is the only
//! place that converts; everything else in the server speaks byte offsets,
//! as the engine does. Out-of-range positions are clamped, never a panic.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (which every client
    /// must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// Byte range of line `line`'s content, without its line break.
fn line_content(rope: &Rope, line: usize) -> Range<usize> {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    // A line ends in LF, CR or CRLF (ropey's `cr_lines`).
    while len > 0 && matches!(slice.byte(len - 1), b'\n' | b'\r') {
        len -= 1;
    }
    start..start + len
}

/// The byte offset of `position`. A line past the end clamps to the end of
/// the document; a character past the end of its line clamps to the line's
/// end; a position inside a character (a surrogate pair's second half, a
/// byte inside a UTF-8 sequence) rounds down to that character's start.
pub fn to_byte(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let content = line_content(rope, line);
    let units = position.character as usize;
    match encoding {
        Encoding::Utf8 => {
            let mut byte = (content.start + units).min(content.end);
            // Round down to a character boundary.
            while !is_boundary(rope, byte) {
                byte -= 1;
            }
            byte
        }
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(content.start);
            let end_char = rope.byte_to_char(content.end);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let char_index = rope.utf16_cu_to_char((start_cu + units).min(end_cu));
            rope.char_to_byte(char_index)
        }
        Encoding::Utf32 => {
            let start_char = rope.byte_to_char(content.start);
            let end_char = rope.byte_to_char(content.end);
            rope.char_to_byte((start_char + units).min(end_char))
        }
    }
}

fn is_boundary(rope: &Rope, byte: usize) -> bool {
    byte == rope.len_bytes() || rope.char_to_byte(rope.byte_to_char(byte)) == byte
}

/// The position of byte offset `byte` (clamped to the document).
///
/// One descent of the rope finds the chunk holding `byte`; the line and the
/// column are then read off that chunk (ropey never splits a CRLF between
/// chunks), and the rope is consulted again only when the line started in
/// an earlier chunk. A publish converts every finding's range, so this runs
/// hundreds of times per keystroke on a long document.
pub fn to_position(rope: &Rope, byte: usize, encoding: Encoding) -> Position {
    let (chunk, chunk_start, _, chunk_line) = rope.chunk_at_byte(byte.min(rope.len_bytes()));
    // Clamp, and round down to a character boundary: a position must never
    // panic, even for an offset that does not fit the text.
    let mut offset = byte.min(rope.len_bytes()) - chunk_start;
    while !chunk.is_char_boundary(offset) {
        offset -= 1;
    }
    let bytes = &chunk.as_bytes()[..offset];
    let mut line = chunk_line;
    let mut line_start_in_chunk = None;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // A CR followed by LF breaks the line at the LF (which may be the
        // byte at `offset`, still on this line).
        if bytes[i] == b'\r' && chunk.as_bytes().get(i + 1) == Some(&b'\n') {
            continue;
        }
        line += 1;
        line_start_in_chunk = Some(i + 1);
    }
    let (line_start, prefix_in_chunk) = match line_start_in_chunk {
        Some(start) => (chunk_start + start, Some(&chunk[start..offset])),
        None => {
            let start = rope.line_to_byte(line);
            (
                start,
                (start >= chunk_start).then(|| &chunk[start - chunk_start..offset]),
            )
        }
    };
    let units = |text: &str| match encoding {
        _ if text.is_ascii() => text.len(),
        Encoding::Utf8 => text.len(),
        Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => text.chars().count(),
    };
    let character = match prefix_in_chunk {
        Some(prefix) => units(prefix),
        None => rope
            .byte_slice(line_start..chunk_start + offset)
            .chunks()
            .map(units)
            .sum(),
    };
    Position::new(line as u32, character as u32)
}

pub fn to_range(
    rope: &Rope,
    range: Range<usize>,
    encoding: Encoding,
) -> tower_lsp_server::ls_types::Range {
    tower_lsp_server::ls_types::Range::new(
        to_position(rope, range.start, encoding),
        to_position(rope, range.end, encoding),
    )
}

/// Byte range of an LSP range; an end before the start is raised to it.
pub fn to_bytes(
    rope: &Rope,
    range: tower_lsp_server::ls_types::Range,
    encoding: Encoding,
) -> Range<usize> {
    let start = to_byte(rope, range.start, encoding);
    let end = to_byte(rope, range.end, encoding).max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions computed from the plain string: the reference. `starts`
    /// holds the start of every line.
    fn position_in(text: &str, starts: &[usize], byte: usize, encoding: Encoding) -> Position {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = starts.partition_point(|&s| s <= byte) - 1;
        let prefix = &text[starts[line]..byte];
        let character = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => prefix.chars().count(),
        };
        Position::new(line as u32, character as u32)
    }

    #[test]
    fn positions_agree_with_the_plain_string_across_many_chunks() {
        // Long enough for the rope to hold many chunks, with every kind of
        // line break and multi-byte character near their seams.
        let piece = "Seoul 한국 😀 Cha\r\nnext\rline\n\nlong line of plain ASCII text here ";
        let text: String = (0..200).map(|i| format!("{i} {piece}")).collect();
        let mut rope = Rope::from_str(&text);
        // Edits reshape the chunks, as typing does.
        rope.insert(1000, "é\r\n");
        rope.remove(4000..4003);
        let text = rope.to_string();
        assert!(rope.chunks().count() > 10);
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let crlf = b == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            if (b == b'\n' || b == b'\r') && !crlf {
                starts.push(i + 1);
            }
        }
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for byte in 0..=text.len() + 2 {
                assert_eq!(
                    to_position(&rope, byte, encoding),
                    position_in(&text, &starts, byte, encoding),
                    "byte {byte}, {encoding:?}"
                );
            }
        }
    }

    const TEXT: &str = "Dateline\u{2028}SEOUL\r\n😀 한국 Cha\rlast\n";

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn only_lf_cr_and_crlf_break_lines() {
        let rope = Rope::from_str(TEXT);
        assert_eq!(rope.len_lines(), 4);
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_hangul() {
        let rope = Rope::from_str(TEXT);
        let cha = TEXT.find("Cha").unwrap();
        // 😀 is two UTF-16 units, each Hangul syllable one.
        assert_eq!(to_position(&rope, cha, Encoding::Utf16), pos(1, 6));
        assert_eq!(to_byte(&rope, pos(1, 6), Encoding::Utf16), cha);
        assert_eq!(to_position(&rope, cha, Encoding::Utf8), pos(1, 12));
        assert_eq!(to_byte(&rope, pos(1, 12), Encoding::Utf8), cha);
        assert_eq!(to_position(&rope, cha, Encoding::Utf32), pos(1, 5));
        // Inside the surrogate pair: rounds down to the emoji's start.
        assert_eq!(
            to_byte(&rope, pos(1, 1), Encoding::Utf16),
            TEXT.find('😀').unwrap()
        );
        // Inside a UTF-8 sequence: rounds down too.
        assert_eq!(
            to_byte(&rope, pos(1, 2), Encoding::Utf8),
            TEXT.find('😀').unwrap()
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let rope = Rope::from_str(TEXT);
        let line_end = TEXT.find('\r').unwrap();
        assert_eq!(to_byte(&rope, pos(0, 500), Encoding::Utf16), line_end);
        assert_eq!(to_byte(&rope, pos(99, 0), Encoding::Utf16), TEXT.len());
        assert_eq!(to_byte(&rope, pos(2, 99), Encoding::Utf8), TEXT.len() - 1);
        assert_eq!(to_position(&rope, 10_000, Encoding::Utf16), pos(3, 0));
        // An offset inside a character rounds down to it.
        let inside_emoji = TEXT.find('😀').unwrap() + 2;
        assert_eq!(to_position(&rope, inside_emoji, Encoding::Utf16), pos(1, 0));
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
