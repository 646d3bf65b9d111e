//! Direct quotations: the spans a copy desk must not reword, found from the
//! quotation marks of each paragraph.

use std::ops::Range;

use super::document::Document;
use super::scan::{char_at, char_before, merge_ranges};

/// The quotation marks and apostrophes `Document::quote_marks` lists (the
/// tokenizer finds them: its property test holds it to this set).
#[cfg(test)]
pub const QUOTE_CHARS: [char; 6] = ['"', '\'', '“', '”', '‘', '’'];

/// Direct quotations, paragraph by paragraph. A quotation still open at the
/// end of a paragraph runs to its end (news copy leaves a quote that continues
/// into the next paragraph unclosed).
pub(crate) fn quotations(
    text: &str,
    paragraphs: &[Range<usize>],
    marks: &[(usize, char)],
) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    for paragraph in paragraphs {
        let marks = Document::marks_within(marks, paragraph);
        // A closing curly apostrophe alone cannot open anything.
        if marks.iter().all(|&(_, c)| c == '’') {
            continue;
        }
        let mut double: Option<usize> = None;
        let mut single: Option<usize> = None;
        for &(at, c) in marks {
            let prev = if at == paragraph.start {
                None
            } else {
                char_before(text, at)
            };
            let after = at + c.len_utf8();
            let next = if after >= paragraph.end {
                None
            } else {
                char_at(text, after)
            };
            let opening_context = prev.is_none_or(|p| p.is_whitespace() || "([{—–-".contains(p));
            match c {
                '“' => double = Some(at),
                '”' => {
                    if let Some(s) = double.take() {
                        spans.push(s..at + c.len_utf8());
                    }
                }
                '"' => match double {
                    Some(s) if !opening_context => {
                        spans.push(s..at + 1);
                        double = None;
                    }
                    None if opening_context => double = Some(at),
                    _ => {}
                },
                '‘' => single = Some(at),
                '\'' if single.is_none()
                    && opening_context
                    && next.is_some_and(char::is_alphabetic) =>
                {
                    single = Some(at);
                }
                '\'' | '’' if !next.is_some_and(char::is_alphanumeric) && !opening_context => {
                    if let Some(s) = single.take() {
                        spans.push(s..at + c.len_utf8());
                    }
                }
                _ => {}
            }
        }
        if let Some(s) = double.or(single) {
            spans.push(s..paragraph.end);
        }
    }
    merge_ranges(spans)
}
