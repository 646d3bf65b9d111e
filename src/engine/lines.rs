//! The one definition of a line: LF, CRLF and a lone CR end a line, as in
//! LSP. Lines, blank lines and paragraphs (runs of non-blank lines) as byte
//! ranges.

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

/// `split_lines`, one line at a time.
pub(crate) fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        for i in breaks.by_ref() {
            if i < from {
                continue; // the LF of a CRLF
            }
            start = Some(if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            });
            return Some(from..i);
        }
        start = None;
        Some(from..bytes.len())
    })
}

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
