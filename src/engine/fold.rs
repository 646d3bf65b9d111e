//! Case folding for word comparison: lower case, with the typographic
//! apostrophe folded to the straight one. Words carry a hash of their folded
//! form so that comparisons and list lookups need no allocation.

/// Writes the folded form of `word` into `out`.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

pub fn fold(word: &str) -> String {
    let mut s = String::new();
    fold_into(word, &mut s);
    s
}

/// A hash of already folded bytes, eight at a time. Each byte is OR-ed with
/// 0x20 first, which lower-cases ASCII letters and leaves digits, `'`, `-`,
/// `.` and `,` alone: so an ASCII word can be hashed straight from the text,
/// whatever its case. (Other bytes change too, but the same way on both
/// sides of every comparison; equal hashes are always confirmed.)
///
/// The bytes are read as zero-padded eight-byte chunks, and always at least
/// two of them: then `bytes_hash_in` hashes any word of up to sixteen bytes
/// (nearly all words) without a branch on its length.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks(8);
    let first = chunks.next().map_or(0, padded);
    let second = chunks.next().map_or(0, padded);
    let mut hash = finish(bytes.len(), first, second);
    for chunk in chunks {
        hash = mum(hash ^ (padded(chunk) | LOWER), SECOND);
    }
    hash
}

/// `bytes_hash(&text[range])`, reading the word's bytes in two loads from
/// the surrounding text where it reaches that far. Always inlined: the
/// tokenizer hashes every word with it, and the whole-program (LTO) build
/// left it a call of 44 instructions a word (55 million on 8 MB).
#[inline(always)]
pub fn bytes_hash_in(text: &[u8], range: std::ops::Range<usize>) -> u64 {
    // The mask that keeps the low n bytes of a chunk.
    const fn low(n: usize) -> u64 {
        match n {
            0 => 0,
            8.. => u64::MAX,
            n => (1u64 << (8 * n)) - 1,
        }
    }
    // KEEP[n]: those masks for the two chunks of an n-byte word.
    const KEEP: [(u64, u64); 17] = {
        let mut keep = [(0u64, 0u64); 17];
        let mut n = 1;
        while n <= 16 {
            keep[n] = (low(n), low(n.saturating_sub(8)));
            n += 1;
        }
        keep
    };
    let len = range.end.wrapping_sub(range.start);
    // One bounds check for both chunks.
    let chunk = text
        .get(range.start..range.start.wrapping_add(16))
        .and_then(|chunk| <&[u8; 16]>::try_from(chunk).ok());
    match chunk {
        Some(
            &[
                a0,
                a1,
                a2,
                a3,
                a4,
                a5,
                a6,
                a7,
                b0,
                b1,
                b2,
                b3,
                b4,
                b5,
                b6,
                b7,
            ],
        ) if len <= 16 => {
            let (keep_first, keep_second) = KEEP[len];
            finish(
                len,
                u64::from_le_bytes([a0, a1, a2, a3, a4, a5, a6, a7]) & keep_first,
                u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]) & keep_second,
            )
        }
        _ => bytes_hash(&text[range]),
    }
}

const LOWER: u64 = 0x2020_2020_2020_2020;
const FIRST: u64 = 0xa076_1d64_78bd_642f;
const SECOND: u64 = 0xe703_7ed1_a0b4_28db;

/// The first two chunks and the length, mixed by one wide multiplication
/// (as wyhash does): short enough a dependency chain that hashing keeps up
/// with the tokenizer.
#[inline]
fn finish(len: usize, first: u64, second: u64) -> u64 {
    mum(
        (first | LOWER) ^ FIRST ^ len as u64,
        (second | LOWER) ^ SECOND,
    )
}

#[inline]
fn mum(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product >> 64) as u64 ^ product as u64
}

/// Up to eight bytes as a little-endian number, zero-padded. Assembled in a
/// register: copying into a buffer and reading it back stalls on store
/// forwarding.
#[inline]
fn padded(chunk: &[u8]) -> u64 {
    chunk
        .iter()
        .enumerate()
        .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i))
}

/// A hash of the folded form of `word`; equal for words that fold equal.
pub fn fold_hash(word: &str) -> u64 {
    if word.is_ascii() {
        bytes_hash(word.as_bytes())
    } else {
        bytes_hash(fold(word).as_bytes())
    }
}

/// A bitmap over word hashes: a cheap "certainly not" before a hash-map
/// lookup, since almost no word of a text is in any list.
#[derive(Clone, Debug)]
pub struct KeyFilter {
    /// 2^18 bits, 32 KB; a fixed size, so that no index needs a check.
    bits: Box<[u64; 1 << 12]>,
}

impl Default for KeyFilter {
    fn default() -> KeyFilter {
        KeyFilter {
            bits: Box::new([0; 1 << 12]),
        }
    }
}

impl KeyFilter {
    #[inline]
    fn slot(key: u64) -> (usize, u64) {
        let bit = (key >> 46) as usize; // the hash's best-mixed bits
        (bit >> 6, 1 << (bit & 63))
    }

    pub fn insert(&mut self, key: u64) {
        let (word, mask) = KeyFilter::slot(key);
        self.bits[word] |= mask;
    }

    #[inline]
    pub fn may_contain(&self, key: u64) -> bool {
        let (word, mask) = KeyFilter::slot(key);
        self.bits[word] & mask != 0
    }
}

/// Whether two words fold to the same form; ASCII words are compared in
/// place, without folded copies.
pub fn fold_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        fold(a) == fold(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_equals_its_folded_form_whatever_its_case() {
        assert!(fold_eq("Minister", "minister"));
        assert!(fold_eq("KIM", "kim"));
        assert!(fold_eq("Ryol’s", "ryol's"));
        assert!(fold_eq("Élysée", "élysée"));
        assert!(!fold_eq("Minister", "ministers"));
        assert!(!fold_eq("Kim", "kin"));
        assert!(fold_eq("KCNA", "kcna"));
        assert!(fold_eq("Ryol’s", "RYOL's"));
        assert!(!fold_eq("Kim", "Kin"));
    }

    #[test]
    fn folding_ignores_case_and_apostrophe_style() {
        assert_eq!(fold("Korea’s"), "korea's");
        assert_eq!(fold_hash("Korea’s"), fold_hash("KOREA's"));
        assert!(fold_eq("Éclair", "éclair"));
        assert!(!fold_eq("cha", "chad"));
    }

    #[test]
    fn hashing_in_place_agrees_with_hashing_the_slice() {
        let text = b"Seoul, a twenty-three-letter-long word and x y z ab abcdefgh abcdefghi 0123456789abcdefg";
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert_eq!(
                    bytes_hash_in(text, start..end),
                    bytes_hash(&text[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }
}
