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
                if !is_alphanumeric(c) {
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
        // 0x80 for each letter or digit, a byte at a time: a loop the
        // compiler turns into vector compares (the eight-byte SWAR of
        // `alnum_lanes` took a third more instructions here).
        let mut lanes = [0u8; 64];
        for (lane, &b) in lanes.iter_mut().zip(block) {
            let letter = (b | 0x20).wrapping_sub(b'a') < 26;
            let digit = b.wrapping_sub(b'0') < 10;
            *lane = u8::from(letter | digit) << 7;
        }
        let (mut runs, mut others) = (0u64, 0u64);
        for k in 0..8 {
            let eight = |bytes: &[u8; 64]| {
                u64::from_le_bytes(bytes[8 * k..8 * k + 8].try_into().expect("eight bytes"))
            };
            runs |= gather(eight(&lanes)) << (8 * k);
            others |= gather(eight(block) & HIGH) << (8 * k);
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
    /// Where the words of the next paragraph may begin: the end of the
    /// current one (none after the last).
    paragraph_end: usize,
    words: Vec<Word>,
    /// The folded form of the last non-ASCII word, kept for its buffer.
    folded: String,
    /// The same for words that are ASCII but for curly apostrophes.
    ascii: Vec<u8>,
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

impl<'a> WordSink<'a> {
    fn new(text: &'a str, masked: &'a [Range<usize>], paragraphs: &'a [Range<usize>]) -> Self {
        WordSink {
            text,
            masked,
            mask_index: 0,
            paragraphs,
            paragraph: 0,
            paragraph_end: WordSink::end_before_next(paragraphs, 0),
            words: Vec::with_capacity(text.len() / 6),
            folded: String::new(),
            ascii: Vec::new(),
        }
    }

    /// The end of paragraph `p` when another follows it.
    fn end_before_next(paragraphs: &[Range<usize>], p: usize) -> usize {
        match paragraphs.get(p + 1) {
            Some(_) => paragraphs[p].end,
            None => usize::MAX,
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
        while self.paragraph_end <= start {
            self.paragraph += 1;
            self.paragraph_end = WordSink::end_before_next(self.paragraphs, self.paragraph);
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
        // ASCII words hash straight from the text (see `bytes_hash`); the
        // others as `fold_hash` does, folded into a buffer kept for them.
        let key = if ascii {
            bytes_hash_in(bytes, start..end)
        } else if let Some(folded) = fold_curly_apostrophes(&bytes[start..end], &mut self.ascii) {
            bytes_hash(folded)
        } else {
            fold_into(&text[start..end], &mut self.folded);
            bytes_hash(self.folded.as_bytes())
        };
        self.words.push(Word {
            key,
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
    // The longest abbreviation: most words that end a sentence are longer,
    // and are ruled out without a walk over the list.
    const LONGEST: usize = {
        let (mut i, mut longest) = (0, 0);
        while i < ABBREVIATIONS.len() {
            if ABBREVIATIONS[i].len() > longest {
                longest = ABBREVIATIONS[i].len();
            }
            i += 1;
        }
        longest
    };
    word.len() == 1 || (word.len() <= LONGEST && ABBREVIATIONS.contains(&word))
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
            let words = tokenize(&text, &masked, &paragraphs);
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
        let (alnum, high) = byte_classes(&bytes);
        for (i, &b) in bytes.iter().enumerate() {
            let bit = |map: &[u64]| map[i / 64] >> (i % 64) & 1 == 1;
            assert_eq!(bit(&alnum), b.is_ascii_alphanumeric(), "byte {b:#x}");
            assert_eq!(bit(&high), b >= 0x80, "byte {b:#x}");
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
