//! Words: the one full tokenization of a block. Runs of letters and digits
//! read off per-byte class bitmaps, each with its folded hash, paragraph,
//! and whether it starts a sentence.

use std::ops::Range;

use super::fold::{bytes_hash, bytes_hash_in, fold_into};
use super::scan::char_at;
use super::words::ABBREVIATIONS;

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
    /// The word's first byte, kept in what was padding: the rules that
    /// pass over lowercase words (`capitals`, `name-near-miss`, …) read
    /// it from the word they walk, not from the text at its start, a load
    /// that missed the cache for every word.
    pub lead: u8,
}

// The first byte went into padding: a word is still 24 bytes.
const _: () = assert!(std::mem::size_of::<Word>() == 24);

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

/// Letters of the Latin script (ASCII, Latin-1, Latin Extended).
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{C0}'..='\u{24F}').contains(&c) && c != '×' && c != '÷')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// `c.is_alphanumeric()`, with the General Punctuation block (U+2000 to
/// U+206F: curly quotes, dashes, ellipses, special spaces; no letter or
/// digit among them) answered without the Unicode tables. Those are the
/// non-ASCII characters news copy writes most.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
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
pub(crate) fn tokenize(
    text: &str,
    masked: &[Range<usize>],
    paragraphs: &[Range<usize>],
) -> Vec<Word> {
    words_of(
        text,
        &byte_classes(text.as_bytes(), None),
        masked,
        paragraphs,
    )
}

/// The marks a block lists once for the rules that read them, found in the
/// tokenizer's pass over the bytes (see `Document`).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    /// The offset of every `.` `,` `;` `:` `?` `!`, in order.
    pub punctuation: Vec<u32>,
    /// Every quotation mark and apostrophe (`quotations::QUOTE_CHARS`),
    /// with its offset, in order.
    pub quotes: Vec<(usize, char)>,
}

/// `tokenize`, and the marks of `Marks` found in the same pass over the
/// bytes: a few more compares in each sixteen bytes cost less than
/// searching the text again for bytes this common. `on_word(index, key,
/// first_byte)` is called for every word as its hash is settled: what a
/// block works out about each word (its classes, see `word_classes.rs`) is
/// settled in that pass rather than in another walk over the words.
pub(crate) fn tokenize_marking(
    text: &str,
    masked: &[Range<usize>],
    paragraphs: &[Range<usize>],
    on_word: impl FnMut(u32, u64, u8),
) -> (Vec<Word>, Marks) {
    let mut marks = Marks {
        punctuation: Vec::with_capacity(text.len() / 16),
        quotes: Vec::with_capacity(text.len() / 64),
    };
    let classes = byte_classes(text.as_bytes(), Some(&mut marks));
    let mut words = word_bounds(text, &classes, masked);
    settle_words(text, &mut words, paragraphs, on_word);
    (words, marks)
}

/// The words of `text` read off its byte classes, in two loops: the first
/// finds where each word starts and ends, the second settles each word's
/// hash, paragraph and gap from the word before. One loop doing both kept
/// too much state to hold in registers, and spilled it every word.
fn words_of(
    text: &str,
    classes: &ByteClasses,
    masked: &[Range<usize>],
    paragraphs: &[Range<usize>],
) -> Vec<Word> {
    let mut words = word_bounds(text, classes, masked);
    settle_words(text, &mut words, paragraphs, |_, _, _| {});
    words
}

/// The words' ranges, each with `key` 0 when it is all ASCII and 1 when it
/// is not (`settle_words` replaces it with the hash); the other fields are
/// left for `settle_words`.
fn word_bounds(text: &str, classes: &ByteClasses, masked: &[Range<usize>]) -> Vec<Word> {
    let bytes = text.as_bytes();
    let alnum = &classes.alnum;
    let mut words: Vec<Word> = Vec::with_capacity(classes.most_words);
    // The common word (in no masked region, ending at a space or a mark
    // that cannot join it to the next run) is settled in locals by a few
    // comparisons; everything else goes to out-of-line functions, so that
    // this loop keeps its state in registers.
    let mut masks = Masks { masked, index: 0 };
    // A word that ends at or before `mask_start` is outside every masked
    // region (see `Masks::next_start`).
    let mut mask_start = masked.first().map_or(usize::MAX, |m| m.start);
    // Bytes before `resume` belong to words or characters already taken.
    let mut resume = 0;
    for (w, (&runs, &high)) in alnum.iter().zip(&classes.high).enumerate() {
        let base = w * 64;
        let carry = if w > 0 { alnum[w - 1] >> 63 } else { 0 };
        // Where a word may start: the first byte of a run of ASCII letters
        // and digits, or any non-ASCII byte.
        let mut candidates = (runs & !(runs << 1 | carry)) | high;
        while candidates != 0 {
            let bit = candidates.trailing_zeros();
            let start = base + bit as usize;
            candidates &= candidates - 1;
            if start < resume {
                continue;
            }
            let b = bytes[start];
            let (end, ascii) = if b < 0x80 {
                // The run ends at the first clear bit after `start`, most
                // often in the same 64 bytes.
                let clear = !runs & (u64::MAX << bit);
                let end = if clear != 0 {
                    base + clear.trailing_zeros() as usize
                } else {
                    run_end(alnum, start)
                };
                // Most words end at a space or at a mark that cannot join
                // them to the next run (a full stop or comma joins digits
                // only); the rest go the long way.
                let plain_end = match bytes.get(end) {
                    None => true,
                    Some(b'.' | b',') => !bytes[end - 1].is_ascii_digit(),
                    Some(&n) => n < 0x80 && n != b'\'' && n != b'-',
                };
                if plain_end {
                    (end, true)
                } else {
                    let (end, foreign, ascii) = word_end(text, start, b as char);
                    resume = end;
                    if foreign {
                        continue;
                    }
                    (end, ascii)
                }
            } else {
                match non_ascii_word(text, start) {
                    Ok((end, _, ascii)) => (end, ascii),
                    Err(next) => {
                        resume = next;
                        continue;
                    }
                }
            };
            resume = end;
            if end > mask_start {
                mask_start = masks.next_start(start);
                if mask_start < end {
                    continue;
                }
            }
            words.push(Word {
                key: u64::from(!ascii),
                start: start as u32,
                end: end as u32,
                paragraph: 0,
                joined: false,
                sentence_start: false,
                lead: b,
            });
        }
    }
    words
}

/// Each word's hash, paragraph, `joined` and `sentence_start`, from the
/// ranges `word_bounds` found; `on_word(index, key, first_byte)` is called
/// for each word as it is settled, while its hash is in a register.
#[inline(always)]
fn settle_words(
    text: &str,
    words: &mut [Word],
    paragraphs: &[Range<usize>],
    mut on_word: impl FnMut(u32, u64, u8),
) {
    let bytes = text.as_bytes();
    let mut paragraph = 0;
    // Where the words of the next paragraph may begin: the end of the
    // current one (none after the last).
    let mut paragraph_end = end_before_next(paragraphs, 0);
    // The range of the last word in the current paragraph; its end is
    // `NO_WORD` when there is none.
    let (mut prev_start, mut prev_end) = (0, NO_WORD);
    let mut folded = Folded::default();
    for (i, word) in words.iter_mut().enumerate() {
        let (start, end) = (word.start as usize, word.end as usize);
        if start >= paragraph_end {
            (paragraph, paragraph_end) = next_paragraph(paragraphs, paragraph, start);
            prev_end = NO_WORD;
        }
        // The common cases, one space and a comma and a space, are
        // settled without a scan.
        let (joined, sentence_start) = if prev_end + 1 == start && bytes[prev_end] == b' ' {
            (true, false)
        } else if prev_end + 2 == start && &bytes[prev_end..start] == b", " {
            (false, false)
        } else {
            after_gap(text, prev_start..prev_end, start)
        };
        // ASCII words hash straight from the text (see `bytes_hash`);
        // the others as `fold_hash` does.
        word.key = if word.key == 0 {
            bytes_hash_in(bytes, start..end)
        } else {
            folded.key(&text[start..end])
        };
        on_word(i as u32, word.key, bytes[start]);
        word.paragraph = paragraph as u32;
        word.joined = joined;
        word.sentence_start = sentence_start;
        (prev_start, prev_end) = (start, end);
    }
}

/// The byte classes of a text, one bit per byte, 64 to a word (bits past
/// the end are clear), and how many words it can hold at most.
struct ByteClasses {
    /// ASCII letters and digits.
    alnum: Vec<u64>,
    /// Non-ASCII bytes.
    high: Vec<u64>,
    /// Every word starts a run of ASCII letters and digits or with a
    /// non-ASCII character (two bytes or more): sized by this, the word
    /// list is never grown.
    most_words: usize,
}

/// The byte classes of `bytes`; with `marks`, the marks of `Marks` too.
fn byte_classes(bytes: &[u8], marks: Option<&mut Marks>) -> ByteClasses {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
    {
        // SAFETY: `byte_classes_avx2` needs AVX2 and the `popcnt`
        // instruction, and the processor has just been found to have both
        // (the test is made once a process and kept by `std`).
        return unsafe { byte_classes_avx2(bytes, marks) };
    }
    byte_classes_inline(bytes, marks)
}

/// `byte_classes` compiled for AVX2 processors (nearly every x86-64 one
/// since 2013): the same SSE2 intrinsics in their three-operand VEX form,
/// which saves the register copies of the two-operand one, and `popcnt`
/// (not in the x86-64 baseline: without it each `count_ones` takes a score
/// of instructions). A third fewer instructions a 64 bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
fn byte_classes_avx2(bytes: &[u8], marks: Option<&mut Marks>) -> ByteClasses {
    byte_classes_inline(bytes, marks)
}

#[inline(always)]
fn byte_classes_inline(bytes: &[u8], mut marks: Option<&mut Marks>) -> ByteClasses {
    let words = bytes.len().div_ceil(64);
    let mut alnum = Vec::with_capacity(words);
    let mut high = Vec::with_capacity(words);
    let (mut run_starts, mut high_bytes, mut carry) = (0u32, 0u32, 0u64);
    let mut add = |base: usize, classes: Classes| {
        let runs = classes.alnum;
        run_starts += (runs & !(runs << 1 | carry)).count_ones();
        high_bytes += classes.high.count_ones();
        carry = runs >> 63;
        alnum.push(runs);
        high.push(classes.high);
        if let Some(marks) = marks.as_deref_mut() {
            if classes.punctuation | classes.quotes != 0 {
                add_marks(bytes, base, &classes, marks);
            }
        }
    };
    let mut blocks = bytes.chunks_exact(64);
    for (k, block) in (&mut blocks).enumerate() {
        add(k * 64, classify(block.try_into().expect("64 bytes")));
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // Zero bytes are neither letters, non-ASCII nor marks.
        let mut padded = [0u8; 64];
        padded[..rest.len()].copy_from_slice(rest);
        add(bytes.len() - rest.len(), classify(&padded));
    }
    ByteClasses {
        alnum,
        high,
        most_words: run_starts as usize + high_bytes.div_ceil(2) as usize,
    }
}

/// The marks of 64 bytes from `base` on, listed in `marks`.
#[inline(never)]
fn add_marks(bytes: &[u8], base: usize, classes: &Classes, marks: &mut Marks) {
    let mut punctuation = classes.punctuation;
    while punctuation != 0 {
        marks
            .punctuation
            .push((base + punctuation.trailing_zeros() as usize) as u32);
        punctuation &= punctuation - 1;
    }
    let mut quotes = classes.quotes;
    while quotes != 0 {
        let at = base + quotes.trailing_zeros() as usize;
        quotes &= quotes - 1;
        let mark = match bytes[at] {
            b'"' => Some('"'),
            b'\'' => Some('\''),
            // A lead byte of U+2000 to U+2FFF: the curly quotes are
            // E2 80 98, 99, 9C and 9D.
            _ => match bytes.get(at + 1..at + 3) {
                Some([0x80, 0x98]) => Some('‘'),
                Some([0x80, 0x99]) => Some('’'),
                Some([0x80, 0x9C]) => Some('“'),
                Some([0x80, 0x9D]) => Some('”'),
                _ => None,
            },
        };
        marks.quotes.extend(mark.map(|c| (at, c)));
    }
}

/// The classes of 64 bytes, one bit a byte.
#[derive(Debug, PartialEq, Eq)]
struct Classes {
    /// ASCII letters and digits.
    alnum: u64,
    /// Non-ASCII bytes.
    high: u64,
    /// `.` `,` `;` `:` `?` `!`.
    punctuation: u64,
    /// `"`, `'` and 0xE2, the first byte of the curly quotes.
    quotes: u64,
}

/// The classes of 64 bytes. With SSE2 (every x86-64 processor has it):
/// sixteen bytes a compare, and one `movemask` a class for sixteen bits,
/// far fewer instructions than the loop the compiler vectorized itself
/// (`classify_scalar`, which other processors use and a test holds this to).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classify(block: &[u8; 64]) -> Classes {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let mut classes = Classes {
        alnum: 0,
        high: 0,
        punctuation: 0,
        quotes: 0,
    };
    for k in 0..4 {
        // SAFETY: SSE2 is part of the x86-64 baseline (`target_arch =
        // "x86_64"` guarantees it; no runtime detection is needed), and
        // `_mm_loadu_si128` is an unaligned load of the sixteen bytes
        // `block[16 * k..16 * k + 16]`, within the 64-byte array for k < 4.
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
            let byte = |b: u8| _mm_set1_epi8(b as i8);
            let bits = |lanes: __m128i| u64::from(_mm_movemask_epi8(lanes) as u16) << (16 * k);
            // An unsigned `x - lo < n` as a signed compare: shifted by
            // 0x80, `x - lo + 0x80 < n - 0x80` (wrapping bytes) holds for
            // exactly the same bytes.
            let letter_lane = _mm_add_epi8(_mm_or_si128(v, byte(0x20)), byte(0x80 - b'a'));
            let letter = _mm_cmpgt_epi8(byte(26 ^ 0x80), letter_lane);
            let digit_lane = _mm_add_epi8(v, byte(0x80 - b'0'));
            let digit = _mm_cmpgt_epi8(byte(10 ^ 0x80), digit_lane);
            classes.alnum |= bits(_mm_or_si128(letter, digit));
            classes.high |= bits(v);
            // `,` and `.` differ in one bit (0x2C, 0x2E), as do `:` and
            // `;` (0x3A, 0x3B).
            let comma_stop = _mm_cmpeq_epi8(_mm_or_si128(v, byte(0x02)), byte(b'.'));
            let colons = _mm_cmpeq_epi8(_mm_or_si128(v, byte(0x01)), byte(b';'));
            let ends = _mm_or_si128(_mm_cmpeq_epi8(v, byte(b'?')), _mm_cmpeq_epi8(v, byte(b'!')));
            classes.punctuation |= bits(_mm_or_si128(_mm_or_si128(comma_stop, colons), ends));
            let straight = _mm_or_si128(
                _mm_cmpeq_epi8(v, byte(b'"')),
                _mm_cmpeq_epi8(v, byte(b'\'')),
            );
            classes.quotes |= bits(_mm_or_si128(straight, _mm_cmpeq_epi8(v, byte(0xE2))));
        }
    }
    classes
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn classify(block: &[u8; 64]) -> Classes {
    classify_scalar(block)
}

/// `classify` without SIMD intrinsics.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_scalar(block: &[u8; 64]) -> Classes {
    let bits = |test: fn(u8) -> bool| {
        block
            .iter()
            .enumerate()
            .fold(0u64, |bits, (i, &b)| bits | u64::from(test(b)) << i)
    };
    Classes {
        alnum: bits(|b| b.is_ascii_alphanumeric()),
        high: bits(|b| !b.is_ascii()),
        punctuation: bits(|b| matches!(b, b'.' | b',' | b';' | b':' | b'?' | b'!')),
        quotes: bits(|b| matches!(b, b'"' | b'\'' | 0xE2)),
    }
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

/// `prev_end` in `tokenize` when the current paragraph has no word yet:
/// one or two past it is no offset (blocks are far below 4 GB, see `Word`).
const NO_WORD: usize = usize::MAX / 2;

/// The masked regions, walked in order with the words.
struct Masks<'a> {
    masked: &'a [Range<usize>],
    /// The first region that may end after the words still to come.
    index: usize,
}

impl Masks<'_> {
    /// Moves on to the first region that ends after `start` and returns its
    /// start (`usize::MAX` when none): a word from `start` on overlaps a
    /// masked region when it ends after that.
    #[inline(never)]
    fn next_start(&mut self, start: usize) -> usize {
        let masked = self.masked;
        while self.index < masked.len() && masked[self.index].end <= start {
            self.index += 1;
        }
        masked.get(self.index).map_or(usize::MAX, |m| m.start)
    }
}

/// The end of paragraph `p` when another follows it.
fn end_before_next(paragraphs: &[Range<usize>], p: usize) -> usize {
    match paragraphs.get(p + 1) {
        Some(_) => paragraphs[p].end,
        None => usize::MAX,
    }
}

/// The paragraph holding `start` (from `paragraph` on), and where the words
/// of the next one may begin.
#[inline(never)]
fn next_paragraph(
    paragraphs: &[Range<usize>],
    mut paragraph: usize,
    start: usize,
) -> (usize, usize) {
    let mut end = end_before_next(paragraphs, paragraph);
    while end <= start {
        paragraph += 1;
        end = end_before_next(paragraphs, paragraph);
    }
    (paragraph, end)
}

/// `joined` and `sentence_start` of a word starting at `start` that is not
/// one space after a word of its paragraph; `prev` is the range of the
/// paragraph's word before it, ending at `NO_WORD` when there is none.
#[inline(never)]
fn after_gap(text: &str, prev: Range<usize>, start: usize) -> (bool, bool) {
    if prev.end == NO_WORD {
        return (false, true);
    }
    let prev_end = prev.end;
    let gap = &text[prev_end..start];
    // One pass over an ASCII gap (nearly all: ", ", ". ", a line break).
    let (mut joined, mut ends_sentence, mut ascii) = (true, false, true);
    for b in gap.bytes() {
        joined &= b.is_ascii_whitespace();
        ends_sentence |= matches!(b, b'.' | b'?' | b'!' | b':');
        ascii &= b.is_ascii();
    }
    if !ascii {
        joined = gap.chars().all(char::is_whitespace);
    }
    let capital = match text.as_bytes()[start] {
        b if b < 0x80 => b.is_ascii_uppercase() || b.is_ascii_digit(),
        _ => char_at(text, start).is_some_and(char::is_uppercase),
    };
    (
        joined,
        ends_sentence && capital && !is_abbreviation(&text[prev]),
    )
}

/// A candidate word start at the non-ASCII byte at `start`: the word's end,
/// first character and whether it is all ASCII, or where to resume when no
/// word (or a foreign one) starts there.
#[inline(never)]
fn non_ascii_word(text: &str, start: usize) -> Result<(usize, char, bool), usize> {
    // A continuation byte is inside a character already passed.
    let Some(c) = char_at(text, start) else {
        return Err(start);
    };
    if !is_alphanumeric(c) {
        return Err(start + c.len_utf8());
    }
    match word_end(text, start, c) {
        (end, true, _) => Err(end),
        (end, false, ascii) => Ok((end, c, ascii)),
    }
}

/// Buffers for folding words that are not all ASCII, kept across words.
#[derive(Default)]
struct Folded {
    /// The folded form of the last non-ASCII word.
    folded: String,
    /// The same for words that are ASCII but for curly apostrophes.
    ascii: Vec<u8>,
}

impl Folded {
    /// `fold_hash(word)`.
    #[inline(never)]
    fn key(&mut self, word: &str) -> u64 {
        if let Some(folded) = fold_curly_apostrophes(word.as_bytes(), &mut self.ascii) {
            bytes_hash(folded)
        } else {
            fold_into(word, &mut self.folded);
            bytes_hash(self.folded.as_bytes())
        }
    }
}

/// The folded form of a word that is ASCII but for typographic apostrophes
/// (`Korea’s`, the commonest non-ASCII words of news copy), as `fold_into`
/// writes it (lower case, `’` as `'`), without its per-character Unicode
/// lowercasing; `None` for any other non-ASCII word.
#[inline]
fn fold_curly_apostrophes<'b>(word: &[u8], out: &'b mut Vec<u8>) -> Option<&'b [u8]> {
    const APOSTROPHE: &[u8] = "’".as_bytes();
    out.clear();
    let mut i = 0;
    while i < word.len() {
        let b = word[i];
        if b < 0x80 {
            out.push(b.to_ascii_lowercase());
            i += 1;
        } else if word[i..].starts_with(APOSTROPHE) {
            out.push(b'\'');
            i += APOSTROPHE.len();
        } else {
            return None;
        }
    }
    Some(out)
}

/// The tokenizer as a plain left-to-right scan, each word's fields settled
/// the plain way (masked regions and paragraphs searched, the gap from the
/// previous word read): the reference the bitmap tokenizer is tested against.
#[cfg(test)]
fn tokenize_scalar(text: &str, masked: &[Range<usize>], paragraphs: &[Range<usize>]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let (end, foreign, _) = word_end(text, i, c);
        let in_mask = masked.iter().any(|m| m.start < end && i < m.end);
        if !foreign && !in_mask {
            // The last paragraph that starts at or before the word.
            let paragraph = paragraphs.iter().rposition(|p| p.start <= i).unwrap_or(0);
            let (joined, sentence_start) = match words.last() {
                Some(prev) if prev.paragraph() == paragraph => {
                    let gap = &text[prev.range().end..i];
                    let capital = c.is_uppercase() || c.is_ascii_digit();
                    // As the tokenizer reads it: an ASCII gap by ASCII
                    // whitespace (no vertical tab).
                    let joined = if gap.is_ascii() {
                        gap.bytes().all(|b| b.is_ascii_whitespace())
                    } else {
                        gap.chars().all(char::is_whitespace)
                    };
                    (
                        joined,
                        gap.contains(['.', '?', '!', ':'])
                            && capital
                            && !is_abbreviation(&text[prev.range()]),
                    )
                }
                _ => (false, true),
            };
            words.push(Word {
                start: i as u32,
                end: end as u32,
                key: crate::engine::fold::fold_hash(&text[i..end]),
                paragraph: paragraph as u32,
                joined,
                sentence_start,
                lead: text.as_bytes()[i],
            });
        }
        i = end;
    }
    words
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
        if is_alphanumeric(n) {
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
/// abbreviations that come before names and numbers (`data/words.toml`).
fn is_abbreviation(word: &str) -> bool {
    const COUNT: usize = ABBREVIATIONS.len();
    // Each abbreviation of up to eight bytes as a little-endian number (as
    // `packed` makes one), compared as such rather than as strings;
    // `u64::MAX` (no text: 0xFF is no UTF-8 byte) for longer ones, which
    // are compared as strings.
    const PACKED: [u64; COUNT] = {
        let mut packed = [u64::MAX; COUNT];
        let mut i = 0;
        while i < COUNT {
            let bytes = ABBREVIATIONS[i].as_bytes();
            if bytes.len() <= 8 {
                packed[i] = 0;
                let mut j = 0;
                while j < bytes.len() {
                    packed[i] |= (bytes[j] as u64) << (8 * j);
                    j += 1;
                }
            }
            i += 1;
        }
        packed
    };
    // The longest abbreviation: most words that end a sentence are longer,
    // and are ruled out without a walk over the list.
    const LONGEST: usize = {
        let (mut i, mut longest) = (0, 0);
        while i < COUNT {
            if ABBREVIATIONS[i].len() > longest {
                longest = ABBREVIATIONS[i].len();
            }
            i += 1;
        }
        longest
    };
    // The abbreviations' first bytes, one bit each: most short words that
    // end a sentence ("said.", "year.") are ruled out on their first byte
    // without a walk over the list.
    const FIRST_BYTES: [u64; 4] = {
        let mut bits = [0u64; 4];
        let mut i = 0;
        while i < COUNT {
            let b = ABBREVIATIONS[i].as_bytes()[0] as usize;
            bits[b / 64] |= 1 << (b % 64);
            i += 1;
        }
        bits
    };
    let packed = |bytes: &[u8]| {
        bytes
            .iter()
            .enumerate()
            .fold(0u64, |v, (j, &b)| v | u64::from(b) << (8 * j))
    };
    let first = word.as_bytes().first().map_or(0, |&b| usize::from(b));
    match word.len() {
        1 => true,
        n if n > LONGEST => false,
        _ if FIRST_BYTES[first / 64] >> (first % 64) & 1 == 0 => false,
        ..=8 => PACKED.contains(&packed(word.as_bytes())),
        _ => ABBREVIATIONS.contains(&word),
    }
}

/// For tests of a 64-byte SIMD pass against its portable twin: `check`
/// sees each byte value `b` in each lane, among neighbours that vary with
/// both.
#[cfg(test)]
pub(crate) fn each_byte_in_each_lane(mut check: impl FnMut(&[u8; 64], u8, usize)) {
    let mut block = [0u8; 64];
    for b in 0..=255u8 {
        for lane in 0..64 {
            block.fill(b.wrapping_mul(7).wrapping_add(lane as u8));
            block[lane] = b;
            check(&block, b, lane);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::{Document, Format};

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
            "O’Neill’s",
            "한국",
            "서울",
            "\u{a0}",
            "e-mail",
            "x@y.kr",
            "www.a.org",
            "Mr.",
            "?",
            "(",
            "\"",
            "‘",
            "…",
            ";",
            ":",
            "!",
        ]);
        prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn the_bitmap_tokenizer_agrees_with_a_plain_scan(text in story_text()) {
            let lines = crate::engine::lines::split_lines(&text);
            let paragraphs = crate::engine::lines::paragraphs(&text, &lines);
            let masked = crate::engine::mask::masked_ranges(&text, crate::engine::Format::Plain, true);
            let classes = byte_classes(text.as_bytes(), None);
            let mut keys = Vec::new();
            let (words, marks) = tokenize_marking(&text, &masked, &paragraphs, |i, key, first| {
                keys.push((i as usize, key, first));
            });
            // Every word is passed on as it is settled.
            let passed: Vec<(usize, u64, u8)> = words
                .iter()
                .enumerate()
                .map(|(i, w)| (i, w.key, text.as_bytes()[w.range().start]))
                .collect();
            prop_assert_eq!(keys, passed);
            prop_assert_eq!(&words, &tokenize(&text, &masked, &paragraphs));
            // The marks as searching the text for them lists them.
            let punctuation: Vec<u32> = text
                .match_indices(['.', ',', ';', ':', '?', '!'])
                .map(|(at, _)| at as u32)
                .collect();
            prop_assert_eq!(&marks.punctuation, &punctuation);
            let quotes: Vec<(usize, char)> = text
                .char_indices()
                .filter(|(_, c)| crate::engine::quotations::QUOTE_CHARS.contains(c))
                .collect();
            prop_assert_eq!(&marks.quotes, &quotes);
            prop_assert!(words.len() <= classes.most_words);
            prop_assert_eq!(
                fields(&words),
                fields(&tokenize_scalar(&text, &masked, &paragraphs))
            );
            // Each word's key, whichever way it was hashed, is its folded hash.
            for word in &words {
                prop_assert_eq!(word.key, crate::engine::fold::fold_hash(&text[word.range()]));
            }
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
    fn byte_classes_mark_ascii_letters_digits_and_high_bytes() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        let classes = byte_classes(&bytes, None);
        for (i, &b) in bytes.iter().enumerate() {
            let bit = |map: &[u64]| map[i / 64] >> (i % 64) & 1 == 1;
            assert_eq!(
                bit(&classes.alnum),
                b.is_ascii_alphanumeric(),
                "byte {b:#x}"
            );
            assert_eq!(bit(&classes.high), b >= 0x80, "byte {b:#x}");
        }
    }

    #[test]
    fn the_vector_byte_classes_agree_with_the_scalar_ones() {
        // Every byte value in every lane, and a pseudo-random mix.
        each_byte_in_each_lane(|block, b, lane| {
            assert_eq!(classify(block), classify_scalar(block), "{b:#x} at {lane}");
        });
        let mut block = [0u8; 64];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            for byte in &mut block {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *byte = x as u8;
            }
            assert_eq!(classify(&block), classify_scalar(&block), "{block:?}");
        }
    }

    #[test]
    fn abbreviations_are_found_as_in_the_list() {
        for word in ABBREVIATIONS {
            assert!(is_abbreviation(word), "{word}");
        }
        for word in ["a", "I", "Mrs", "vs"] {
            assert!(is_abbreviation(word), "{word}");
        }
        for word in [
            "",
            "mr",
            "MR",
            "Mrx",
            "Dr.",
            "Sen8",
            "Sept.",
            "September",
            "war",
            "Seoul",
        ] {
            assert!(!is_abbreviation(word), "{word}");
        }
    }

    #[test]
    fn no_general_punctuation_is_a_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ['a', 'Z', '7', 'é', '한', '\u{2070}', '\u{2071}', '’', '—'] {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn curly_apostrophes_fold_as_fold_does() {
        let mut buf = Vec::new();
        for word in ["Korea’s", "O’NEILL’S", "rock’n’roll", "it’s"] {
            assert_eq!(
                fold_curly_apostrophes(word.as_bytes(), &mut buf),
                Some(crate::engine::fold::fold(word).as_bytes()),
                "{word}"
            );
        }
        for word in ["café", "Éa’s", "한국"] {
            assert_eq!(fold_curly_apostrophes(word.as_bytes(), &mut buf), None);
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
}
