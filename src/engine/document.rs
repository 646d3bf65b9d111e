//! Segmentation: lines, paragraphs, the headline, words, sentence starts and
//! direct quotations, all as byte ranges into the original text.

use std::ops::Range;
use std::path::Path;

use super::fold::{bytes_hash_in, fold_hash};
use super::mask::masked_ranges;
use super::scan::{char_before, find_chars, merge_ranges};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    #[default]
    Plain,
    Markdown,
}

impl Format {
    /// `.md` and `.markdown` are Markdown; everything else is plain text.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Format::Markdown
            }
            _ => Format::Plain,
        }
    }

    /// From an LSP language id; unknown ids are plain text.
    pub fn from_language_id(id: &str) -> Format {
        match id {
            "markdown" | "md" => Format::Markdown,
            _ => Format::Plain,
        }
    }
}

/// A word token of Latin script or digits, outside every masked region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    // u32 offsets keep a word at 24 bytes: every word rule walks the whole
    // array, so its size is memory traffic. Blocks are far below 4 GB.
    start: u32,
    end: u32,
    /// `fold::fold_hash` of the word: equal for words equal but for case.
    pub key: u64,
    pub paragraph: u32,
    /// Only whitespace (line breaks included) separates it from the previous
    /// word of the same paragraph.
    pub joined: bool,
    pub sentence_start: bool,
}

pub struct Document<'a> {
    pub text: &'a str,
    pub format: Format,
    /// Line contents, without their line break (LF, CRLF or CR).
    pub lines: Vec<Range<usize>>,
    /// Runs of non-blank lines.
    pub paragraphs: Vec<Range<usize>>,
    /// The first non-empty line (plain text) or the first heading (Markdown).
    pub headline: Option<Range<usize>>,
    pub words: Vec<Word>,
    /// Every quotation mark and apostrophe (' " ‘ ’ “ ”), with its offset, in order.
    pub quote_marks: Vec<(usize, char)>,
    /// The offset of every `.` `,` `;` `:` `?` `!`, in order. Three rules
    /// look at these marks; finding them once is cheaper than three searches
    /// for bytes this common.
    pub punctuation: Vec<u32>,
    // Sorted and merged (see `scan::merge_ranges`): binary searches below
    // rely on it.
    masked: Vec<Range<usize>>,
    quotes: Vec<Range<usize>>,
    title_lines: Vec<Range<usize>>,
}

impl Word {
    /// The word's byte range in its document.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    #[inline]
    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }
}

impl<'a> Document<'a> {
    /// A whole text as one document (its first line may be the headline).
    pub fn new(text: &'a str, format: Format) -> Document<'a> {
        Document::block(text, format, true)
    }

    /// One block of a larger text (see `blocks.rs`). Only the `first` block
    /// may hold plain text's headline or Markdown front matter; in Markdown
    /// every heading is a title line, wherever it stands.
    pub fn block(text: &'a str, format: Format, first: bool) -> Document<'a> {
        let masked = masked_ranges(text, format, first);
        let lines = split_lines(text);
        let paragraphs = paragraphs(text, &lines);
        let words = tokenize(text, &masked, &paragraphs);
        // One pass for every quotation mark and apostrophe: the quotation
        // spans below and the quote rules all read this list.
        let quote_marks: Vec<(usize, char)> = find_chars(text, &QUOTE_CHARS).collect();
        let quotes = quotations(text, &paragraphs, &quote_marks);
        let punctuation = punctuation_marks(text.as_bytes());
        let mut doc = Document {
            text,
            format,
            lines,
            paragraphs,
            headline: None,
            words,
            masked,
            quotes,
            quote_marks,
            punctuation,
            title_lines: Vec::new(),
        };
        doc.headline = if first || format == Format::Markdown {
            doc.find_headline()
        } else {
            None
        };
        doc.title_lines = doc.find_title_lines();
        doc
    }

    pub fn word(&self, word: &Word) -> &'a str {
        &self.text[word.range()]
    }

    /// True when `range` overlaps a URL, e-mail address or Markdown code.
    pub fn is_masked(&self, range: Range<usize>) -> bool {
        overlaps_any(&self.masked, range)
    }

    /// The marks of `marks` (sorted by offset) that lie in `range`.
    pub fn marks_within<'m>(
        marks: &'m [(usize, char)],
        range: &Range<usize>,
    ) -> &'m [(usize, char)] {
        let first = marks.partition_point(|&(at, _)| at < range.start);
        let last = marks.partition_point(|&(at, _)| at < range.end);
        &marks[first..last]
    }

    /// True when `pos` lies inside a direct quotation.
    pub fn in_quotation(&self, pos: usize) -> bool {
        overlaps_any(&self.quotes, pos..pos + 1)
    }

    /// True when `pos` lies on the headline or another headline-like line
    /// (a Markdown heading, or a line standing alone without closing
    /// punctuation). Fixes there are never applied automatically.
    pub fn on_title_line(&self, pos: usize) -> bool {
        overlaps_any(&self.title_lines, pos..pos + 1)
    }

    /// The index of the line holding `pos`.
    pub fn line_index(&self, pos: usize) -> usize {
        self.lines
            .partition_point(|line| line.end < pos)
            .min(self.lines.len().saturating_sub(1))
    }

    /// Sentences as byte ranges, from each sentence's first word to the end
    /// of its last word's trailing punctuation.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        let mut start: Option<usize> = None;
        for (i, word) in self.words.iter().enumerate() {
            if word.sentence_start {
                start = Some(word.range().start);
            }
            let ends = match self.words.get(i + 1) {
                None => true,
                Some(next) => next.sentence_start,
            };
            if ends {
                if let Some(s) = start.take() {
                    let para_end = self.paragraphs[word.paragraph()].end;
                    let tail = self.text[word.range().end..para_end]
                        .find(|c: char| c.is_whitespace())
                        .map_or(para_end, |n| word.range().end + n);
                    sentences.push(s..tail);
                }
            }
        }
        sentences
    }

    fn find_headline(&self) -> Option<Range<usize>> {
        match self.format {
            Format::Plain => self
                .lines
                .iter()
                .find(|line| !is_blank(&self.text[(*line).clone()]))
                .map(|line| trim_range(self.text, line.clone())),
            Format::Markdown => self.headings().next(),
        }
    }

    /// Markdown ATX headings ("## Title"), as the range of their text.
    fn headings(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.lines.iter().filter_map(|line| {
            let content = &self.text[line.clone()];
            let hashes = content.len() - content.trim_start_matches('#').len();
            let heading = (1..=6).contains(&hashes)
                && content[hashes..].starts_with([' ', '\t'])
                && !self.is_masked(line.clone());
            heading.then(|| trim_range(self.text, line.start + hashes..line.end))
        })
    }

    fn find_title_lines(&self) -> Vec<Range<usize>> {
        let mut titles: Vec<Range<usize>> = self.headline.iter().cloned().collect();
        // Every Markdown heading, wherever it stands (whole lines, so that
        // spaces after the heading are on it too).
        if self.format == Format::Markdown {
            titles.extend(
                self.headings()
                    .map(|h| self.lines[self.line_index(h.start)].clone()),
            );
        }
        for paragraph in &self.paragraphs {
            let content = self.text[paragraph.clone()].trim_end();
            let single_line = memchr::memchr2(b'\n', b'\r', content.as_bytes()).is_none();
            let last = content
                .trim_end_matches(['\'', '"', '’', '”', ')'])
                .chars()
                .last();
            let unpunctuated = matches!(last, Some(c) if c.is_alphabetic());
            if single_line && unpunctuated {
                titles.push(paragraph.clone());
            }
        }
        merge_ranges(titles)
    }
}

fn overlaps_any(sorted: &[Range<usize>], range: Range<usize>) -> bool {
    let i = sorted.partition_point(|r| r.end <= range.start);
    sorted.get(i).is_some_and(|r| r.start < range.end)
}

pub fn is_blank(s: &str) -> bool {
    // Most lines start with a visible ASCII character: no need to decode
    // them to know they are not blank.
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.chars().all(char::is_whitespace),
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
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

fn paragraphs(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
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

/// Letters of the Latin script (ASCII, Latin-1, Latin Extended).
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{C0}'..='\u{24F}').contains(&c) && c != '×' && c != '÷')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Words: runs of letters and digits. An apostrophe or hyphen between two
/// letters (`it's`, `well-known`, `8-year-old`) and a period or comma between
/// two digits (`3.5`, `1,000`) stay inside. Words holding a non-Latin letter
/// (Hangul, Han, Cyrillic…) and words in masked regions are dropped.
///
/// The text is first classified 64 bytes at a time into bitmaps (ASCII
/// letter or digit; non-ASCII byte), and words are then read off the bits.
/// A byte-by-byte scan makes every word's start wait on the previous word's
/// end; with the bitmaps each word is found independently, which is what
/// makes this the fastest part of segmentation rather than the slowest.
fn tokenize(text: &str, masked: &[Range<usize>], paragraphs: &[Range<usize>]) -> Vec<Word> {
    let bytes = text.as_bytes();
    let (alnum, high) = byte_classes(bytes);
    let mut sink = WordSink::new(text, masked, paragraphs);
    // Bytes before `resume` belong to words or characters already taken.
    let mut resume = 0;
    for (w, (&runs, &high)) in alnum.iter().zip(&high).enumerate() {
        let base = w * 64;
        let carry = if w > 0 { alnum[w - 1] >> 63 } else { 0 };
        // Where a word may start: the first byte of a run of ASCII letters
        // and digits, or any non-ASCII byte.
        let mut candidates = (runs & !(runs << 1 | carry)) | high;
        while candidates != 0 {
            let start = base + candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if start < resume {
                continue;
            }
            let b = bytes[start];
            let (first, end, foreign, ascii) = if b < 0x80 {
                let end = run_end(&alnum, start);
                // Most words end at a space or at a mark that cannot join
                // them to the next run (a full stop or comma joins digits
                // only); the rest go the long way.
                let plain_end = match bytes.get(end) {
                    None => true,
                    Some(b'.' | b',') => !bytes[end - 1].is_ascii_digit(),
                    Some(&n) => n < 0x80 && n != b'\'' && n != b'-',
                };
                if plain_end {
                    (b as char, end, false, true)
                } else {
                    let (end, foreign, ascii) = word_end(text, start, b as char);
                    (b as char, end, foreign, ascii)
                }
            } else {
                // A continuation byte is inside a character already passed.
                let Some(c) = char_at(text, start) else {
                    continue;
                };
                if !c.is_alphanumeric() {
                    resume = start + c.len_utf8();
                    continue;
                }
                let (end, foreign, ascii) = word_end(text, start, c);
                (c, end, foreign, ascii)
            };
            resume = end;
            if !foreign {
                sink.push(start, end, first, ascii);
            }
        }
    }
    sink.words
}

/// The byte classes of `bytes`, one bit per byte, 64 to a word: ASCII
/// letters and digits, and non-ASCII bytes. Bits past the end are clear.
fn byte_classes(bytes: &[u8]) -> (Vec<u64>, Vec<u64>) {
    // Gathers the top bit of each byte lane into the top byte, in lane
    // order (the products of distinct lanes never overlap, so nothing carries).
    const GATHER: u64 = 0x0102_0408_1020_4080;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let gather = |lanes: u64| ((lanes >> 7) & 0x0101_0101_0101_0101).wrapping_mul(GATHER) >> 56;
    let classify = |block: &[u8; 64]| {
        let (mut runs, mut others) = (0u64, 0u64);
        for k in 0..8 {
            let lane: [u8; 8] = block[8 * k..8 * k + 8].try_into().expect("eight bytes");
            let x = u64::from_le_bytes(lane);
            runs |= gather(alnum_lanes(x)) << (8 * k);
            others |= gather(x & HIGH) << (8 * k);
        }
        (runs, others)
    };
    let words = bytes.len().div_ceil(64);
    let mut alnum = Vec::with_capacity(words);
    let mut high = Vec::with_capacity(words);
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        let (runs, others) = classify(block.try_into().expect("64 bytes"));
        alnum.push(runs);
        high.push(others);
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // Zero bytes are neither letters nor non-ASCII.
        let mut padded = [0u8; 64];
        padded[..rest.len()].copy_from_slice(rest);
        let (runs, others) = classify(&padded);
        alnum.push(runs);
        high.push(others);
    }
    (alnum, high)
}

/// The end of the run of ASCII letters and digits that holds `from`: the
/// first clear bit at or after it.
#[inline]
fn run_end(alnum: &[u64], from: usize) -> usize {
    let mut w = from / 64;
    let mut clear = !alnum[w] & (u64::MAX << (from % 64));
    while clear == 0 {
        w += 1;
        match alnum.get(w) {
            Some(&runs) => clear = !runs,
            None => return w * 64,
        }
    }
    w * 64 + clear.trailing_zeros() as usize
}

/// Collects words: drops those in masked regions, and settles each one's
/// paragraph, whether only whitespace separates it from the previous word,
/// and whether it starts a sentence.
struct WordSink<'a> {
    text: &'a str,
    masked: &'a [Range<usize>],
    mask_index: usize,
    paragraphs: &'a [Range<usize>],
    paragraph: usize,
    words: Vec<Word>,
}

impl<'a> WordSink<'a> {
    fn new(text: &'a str, masked: &'a [Range<usize>], paragraphs: &'a [Range<usize>]) -> Self {
        WordSink {
            text,
            masked,
            mask_index: 0,
            paragraphs,
            paragraph: 0,
            words: Vec::with_capacity(text.len() / 6),
        }
    }

    /// The word `start..end`, whose first character is `first`; words come
    /// in order.
    #[inline]
    fn push(&mut self, start: usize, end: usize, first: char, ascii: bool) {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let masked = self.masked;
        while self.mask_index < masked.len() && masked[self.mask_index].end <= start {
            self.mask_index += 1;
        }
        if masked.get(self.mask_index).is_some_and(|m| m.start < end) {
            return;
        }
        let paragraphs = self.paragraphs;
        while self.paragraph + 1 < paragraphs.len() && paragraphs[self.paragraph].end <= start {
            self.paragraph += 1;
        }
        let paragraph = self.paragraph;
        let (joined, sentence_start) = match self.words.last() {
            // The common case, one space, is settled without a scan.
            Some(prev)
                if prev.paragraph() == paragraph
                    && prev.range().end + 1 == start
                    && bytes[prev.range().end] == b' ' =>
            {
                (true, false)
            }
            Some(prev) if prev.paragraph() == paragraph => {
                let gap = &text[prev.range().end..start];
                let (joined, ends_sentence) = if gap.is_ascii() {
                    (
                        gap.bytes().all(|b| b.is_ascii_whitespace()),
                        gap.bytes().any(|b| matches!(b, b'.' | b'?' | b'!' | b':')),
                    )
                } else {
                    (
                        gap.chars().all(char::is_whitespace),
                        gap.contains(['.', '?', '!', ':']),
                    )
                };
                let capital = first.is_uppercase() || first.is_ascii_digit();
                (
                    joined,
                    ends_sentence && capital && !is_abbreviation(&text[prev.range()]),
                )
            }
            _ => (false, true),
        };
        self.words.push(Word {
            // ASCII words hash straight from the text (see `bytes_hash`).
            key: if ascii {
                bytes_hash_in(bytes, start..end)
            } else {
                fold_hash(&text[start..end])
            },
            start: start as u32,
            end: end as u32,
            paragraph: paragraph as u32,
            joined,
            sentence_start,
        });
    }
}

/// The tokenizer as a plain left-to-right scan: the reference the bitmap
/// tokenizer is tested against.
#[cfg(test)]
fn tokenize_scalar(text: &str, masked: &[Range<usize>], paragraphs: &[Range<usize>]) -> Vec<Word> {
    let mut sink = WordSink::new(text, masked, paragraphs);
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let (end, foreign, ascii) = word_end(text, i, c);
        if !foreign {
            sink.push(i, end, c, ascii);
        }
        i = end;
    }
    sink.words
}

/// The end of the word starting with `first` at `start`, taking in
/// non-ASCII letters and the joining apostrophes, hyphens and number
/// separators; with whether it holds a non-Latin letter and whether it is
/// all ASCII.
fn word_end(text: &str, start: usize, first: char) -> (usize, bool, bool) {
    let bytes = text.as_bytes();
    let mut foreign = !(first.is_ascii_alphanumeric() || is_latin_letter(first));
    let mut ascii = first.is_ascii();
    let mut last = first;
    let mut end = start + first.len_utf8();
    while end < bytes.len() {
        // The common case: a run of ASCII letters and digits.
        end = ascii_alnum_run_end(bytes, end);
        if end == bytes.len() {
            break;
        }
        if bytes[end - 1] < 0x80 {
            last = bytes[end - 1] as char;
        }
        let nb = bytes[end];
        let n = if nb < 0x80 {
            nb as char
        } else {
            char_at(text, end).unwrap_or(' ')
        };
        if n.is_alphanumeric() {
            foreign |= !is_latin_letter(n);
            last = n;
            end += n.len_utf8();
            ascii = false;
            continue;
        }
        let after = || char_at(text, end + n.len_utf8());
        let joins = match n {
            '\'' | '’' => last.is_alphabetic() && after().is_some_and(char::is_alphabetic),
            '-' => last.is_alphanumeric() && after().is_some_and(char::is_alphanumeric),
            '.' | ',' => last.is_ascii_digit() && after().is_some_and(|a| a.is_ascii_digit()),
            _ => false,
        };
        if !joins {
            break;
        }
        ascii &= n.is_ascii();
        end += n.len_utf8();
    }
    (end, foreign, ascii)
}

/// Bytes that are ASCII letters or digits, eight at a time (SWAR): 0x80 in
/// each lane that is one. Lanes are bytes below 0x80 plus an offset, so no
/// sum carries into the next lane.
#[inline(always)]
fn alnum_lanes(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ascii = !x & HIGH;
    let low7 = x & !HIGH;
    // High bit set in a lane iff its byte is in lo..=hi (for bytes < 0x80).
    let in_range = |v: u64, lo: u8, hi: u8| {
        let at_least_lo = v + ONES * u64::from(0x80 - lo);
        let above_hi = v + ONES * u64::from(0x7f - hi);
        at_least_lo & !above_hi & HIGH
    };
    let letters = in_range(low7 | 0x2020_2020_2020_2020, b'a', b'z');
    let digits = in_range(low7, b'0', b'9');
    (letters | digits) & ascii
}

/// The end of the run of ASCII letters and digits starting at `from`.
#[inline]
fn ascii_alnum_run_end(bytes: &[u8], mut from: usize) -> usize {
    while from + 8 <= bytes.len() {
        let chunk = u64::from_le_bytes(bytes[from..from + 8].try_into().expect("eight bytes"));
        let others = !alnum_lanes(chunk) & 0x8080_8080_8080_8080;
        if others != 0 {
            return from + (others.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < bytes.len() && bytes[from].is_ascii_alphanumeric() {
        from += 1;
    }
    from
}

/// Words whose full stop does not end a sentence: initials and the
/// abbreviations that come before names and numbers.
fn is_abbreviation(word: &str) -> bool {
    word.len() == 1
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sgt"
                | "Capt"
                | "Cmdr"
                | "Adm"
                | "Maj"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Rev"
                | "Prof"
                | "St"
                | "Jr"
                | "Sr"
                | "No"
                | "Jan"
                | "Feb"
                | "Aug"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
                | "Mt"
                | "Ft"
                | "vs"
        )
}

/// The offsets of `.` `,` `;` (common) and `:` `?` `!` (rare), merged.
fn punctuation_marks(bytes: &[u8]) -> Vec<u32> {
    let mut marks: Vec<u32> = Vec::with_capacity(bytes.len() / 16);
    let mut rare = memchr::memchr3_iter(b':', b'?', b'!', bytes).peekable();
    for common in memchr::memchr3_iter(b'.', b',', b';', bytes) {
        while let Some(r) = rare.next_if(|&r| r < common) {
            marks.push(r as u32);
        }
        marks.push(common as u32);
    }
    marks.extend(rare.map(|r| r as u32));
    marks
}

pub const QUOTE_CHARS: [char; 6] = ['"', '\'', '“', '”', '‘', '’'];

/// Direct quotations, paragraph by paragraph. A quotation still open at the
/// end of a paragraph runs to its end (news copy leaves a quote that continues
/// into the next paragraph unclosed).
fn quotations(
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn fields(words: &[Word]) -> Vec<(Range<usize>, u64, usize, bool, bool)> {
        words
            .iter()
            .map(|w| (w.range(), w.key, w.paragraph(), w.joined, w.sentence_start))
            .collect()
    }

    /// Pieces that exercise every path of the tokenizer: runs of ASCII and
    /// non-ASCII letters, joiners, numbers, Hangul, typographic marks and
    /// line breaks.
    fn story_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a",
            "Ab",
            "word",
            "Seoul",
            "internationally",
            "U",
            "S",
            "3",
            "1",
            "000",
            "5",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\r\n",
            ".",
            ",",
            "'",
            "’",
            "-",
            "—",
            "“",
            "”",
            "é",
            "Éa",
            "café",
            "한국",
            "서울",
            "\u{a0}",
            "e-mail",
            "x@y.kr",
            "www.a.org",
            "Mr.",
            "?",
            "(",
        ]);
        prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn the_bitmap_tokenizer_agrees_with_a_plain_scan(text in story_text()) {
            let lines = split_lines(&text);
            let paragraphs = paragraphs(&text, &lines);
            let masked = crate::engine::mask::masked_ranges(&text, Format::Plain, true);
            prop_assert_eq!(
                fields(&tokenize(&text, &masked, &paragraphs)),
                fields(&tokenize_scalar(&text, &masked, &paragraphs))
            );
        }
    }

    fn words(text: &str) -> Vec<&str> {
        let doc = Document::new(text, Format::Plain);
        doc.words.iter().map(|w| doc.word(w)).collect()
    }

    #[test]
    fn the_eight_byte_scan_agrees_with_a_byte_by_byte_one() {
        let samples: &[&[u8]] = &[
            b"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            b"word, next",
            b"  ,;.. -- !?  ()[]{}  \t\n\r~ a",
            b"@[`{/:09azAZ",
            "Korea’s 한국 é".as_bytes(),
            &[
                0x7f, 0x80, 0xc1, 0xda, 0xfa, b'a', 0xe1, 0xf0, b'z', b'Z', b'0', b'9', b' ',
            ],
        ];
        for sample in samples {
            for from in 0..sample.len() {
                let expected = from
                    + sample[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric())
                        .count();
                assert_eq!(
                    ascii_alnum_run_end(sample, from),
                    expected,
                    "{sample:?} from {from}"
                );
            }
        }
        for b in 0..=255u8 {
            let lanes = alnum_lanes(u64::from_le_bytes([b; 8]));
            assert_eq!(lanes != 0, b.is_ascii_alphanumeric(), "byte {b:#x}");
        }
    }

    #[test]
    fn words_keep_internal_apostrophes_hyphens_and_number_separators() {
        assert_eq!(
            words("North Korea’s 8-year-old well-known plan cost $1,000.50, it's said."),
            [
                "North",
                "Korea’s",
                "8-year-old",
                "well-known",
                "plan",
                "cost",
                "1,000.50",
                "it's",
                "said"
            ]
        );
    }

    #[test]
    fn hangul_urls_and_emails_are_not_words() {
        assert_eq!(
            words("동아일보 ddr@donga.com 기자 see https://x.org/a b"),
            ["see", "b"]
        );
    }

    #[test]
    fn punctuation_marks_are_listed_in_order() {
        let text = "Why? Seoul, Tokyo: yes; no! Done.";
        let marks: Vec<char> = punctuation_marks(text.as_bytes())
            .iter()
            .map(|&at| text.as_bytes()[at as usize] as char)
            .collect();
        assert_eq!(marks, ['?', ',', ':', ';', '!', '.']);
    }

    #[test]
    fn lines_break_on_lf_crlf_and_cr_only() {
        let doc = Document::new("a\r\nb\rc\nd\u{2028}e", Format::Plain);
        let lines: Vec<&str> = doc.lines.iter().map(|l| &doc.text[l.clone()]).collect();
        assert_eq!(lines, ["a", "b", "c", "d\u{2028}e"]);
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let doc = Document::new("Head line\n\nOne two.\nThree.\n \nFour.", Format::Plain);
        let paras: Vec<&str> = doc
            .paragraphs
            .iter()
            .map(|p| &doc.text[p.clone()])
            .collect();
        assert_eq!(paras, ["Head line", "One two.\nThree.", "Four."]);
        assert_eq!(&doc.text[doc.headline.clone().unwrap()], "Head line");
    }

    #[test]
    fn markdown_headline_is_the_first_heading() {
        let doc = Document::new("Intro text\n\n## The Real Headline\n", Format::Markdown);
        assert_eq!(
            &doc.text[doc.headline.clone().unwrap()],
            "The Real Headline"
        );
    }

    #[test]
    fn words_joined_only_by_whitespace() {
        let doc = Document::new("Cha\nCha, said", Format::Plain);
        let joined: Vec<bool> = doc.words.iter().map(|w| w.joined).collect();
        assert_eq!(joined, [false, true, false]);
    }

    #[test]
    fn sentences_do_not_break_after_titles_or_initials() {
        let doc = Document::new(
            "Dr. Leon Sigal met Joseph R. DeTrani. Talks ended. They left.",
            Format::Plain,
        );
        let sentences: Vec<&str> = doc.sentences().into_iter().map(|s| &doc.text[s]).collect();
        assert_eq!(
            sentences,
            [
                "Dr. Leon Sigal met Joseph R. DeTrani.",
                "Talks ended.",
                "They left."
            ]
        );
    }

    #[test]
    fn quotations_include_straight_curly_and_continued_quotes() {
        let text = "He said “we will go” and \"they agreed.\" 'There was progress,' say officials.\n\n“It continues";
        let doc = Document::new(text, Format::Plain);
        assert!(doc.in_quotation(text.find("we will").unwrap()));
        assert!(doc.in_quotation(text.find("they agreed").unwrap()));
        assert!(doc.in_quotation(text.find("There was").unwrap()));
        assert!(!doc.in_quotation(text.find("say officials").unwrap()));
        assert!(doc.in_quotation(text.find("continues").unwrap()));
        assert!(!doc.in_quotation(text.find("He said").unwrap()));
    }
}
