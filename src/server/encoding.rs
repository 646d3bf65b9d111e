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
pub fn to_position(rope: &Rope, byte: usize, encoding: Encoding) -> Position {
    // Clamp, and round down to a character boundary: a position must never
    // panic, even for an offset that does not fit the text.
    let byte = rope.char_to_byte(rope.byte_to_char(byte.min(rope.len_bytes())));
    let line = rope.byte_to_line(byte);
    let line_start = rope.line_to_byte(line);
    let character = match encoding {
        Encoding::Utf8 => byte - line_start,
        // Count within the line only: lines are short, and ASCII chunks
        // need no decoding at all.
        Encoding::Utf16 | Encoding::Utf32 => rope
            .byte_slice(line_start..byte)
            .chunks()
            .map(|chunk| match encoding {
                _ if chunk.is_ascii() => chunk.len(),
                Encoding::Utf16 => chunk.chars().map(char::len_utf16).sum(),
                _ => chunk.chars().count(),
            })
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
