//! Byte offsets to 1-based lines and character columns, for CLI output.
//! Lines end at LF, CRLF or a lone CR, as in the engine and in LSP.

pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// 0-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// 1-based line and 1-based column counted in characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        // Clamped and rounded down to a character: a mapped story rewritten
        // on disk during the run must not turn into a panic here.
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
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
    fn an_offset_inside_a_character_rounds_down_to_it() {
        // A story rewritten on disk while it was checked can leave findings
        // whose offsets fall inside a character of the new text.
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
}
