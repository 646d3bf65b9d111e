//! Names typed almost right: "Antony Blinkin", "Choe Son Hiu", "Pyongyng",
//! "Kae song". A capitalized word that is no known spelling, but one edit
//! (two in a long word) from a part of one whose other parts stand beside
//! it exactly, or words that are a known spelling once spaces and hyphens
//! are ignored.
//!
//! Candidates come from an index, never from a scan of every spelling: the
//! distinct folded name parts, keyed by their deletion neighbourhood
//! (SymSpell: a word and a part within one edit share a string made by
//! deleting at most one character from each), and each spelling keyed by
//! its letters alone. A candidate part is then confirmed in place by walking
//! the name trie with the part put in for the word, so a part shared by
//! thousands of people ("Kim") costs one walk, not one per person.
//!
//! Precision comes first. A word is never a near miss when it is an
//! ordinary English word (the spelling dictionary, `data/words-en-us.txt`), a part of another known
//! name, or when it and the part it is close to differ in the first letter
//! (Kerry and Perry, Jong and Yong are different names) or only by an ending
//! ("Korean", "Kerr"). A short part (three letters) admits only a swap of
//! two letters ("Hiu" for "Hui"), a part under six letters no letter put
//! for another (Sigal and Segal); a one-word name must be at least six
//! letters long. Where the known part is of a Korean name and both are
//! romanized Korean syllables ("Song" and "Son", "Pyongsong" and
//! "Pyongyang") they are taken for two names.

use rustc_hash::{FxHashMap, FxHashSet};

use super::index::{NameIndex, name_joined, spelling_tokens_into, spelling_words};
use crate::engine::Document;
use crate::engine::fold::{fold, fold_hash};

/// The longest name, in words, that a near miss is looked for in.
const MAX_NAME_WORDS: usize = 5;

/// A near miss in a text: the words written and the spellings meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss {
    pub range: std::ops::Range<usize>,
    /// Spelling indexes (into `NameIndex::spellings`), one per person.
    pub spellings: Vec<usize>,
}

/// The index a near miss is found through; built on first use. What a
/// word is compared with depends on its first letter (a slip keeps it,
/// `is_slip`, and a joined slip begins with it), so all but the parts
/// themselves are kept in one bucket a first letter (`bucket`), each built
/// when a word beginning with that letter is first looked up: a check of
/// a story reads only the buckets of the letters its capitalized words
/// begin with, however large the newsroom's file.
#[derive(Debug, Default)]
pub(super) struct NearIndex {
    /// Its name index's `NameIndex::id`: what the thread's memo of word
    /// verdicts (`WordMemo`) belongs to.
    id: u64,
    /// Distinct folded name parts (one word each, hyphens kept).
    parts: Vec<String>,
    /// Whether a part belongs to a Korean name (an entity of either Korea).
    korean: Vec<bool>,
    /// Folded hash of a part → its number.
    part_ids: FxHashMap<u64, u32>,
    /// First letter and length of every one-word spelling of six letters
    /// or more: a word alone can be a slip only for one of these.
    one_word: FxHashSet<(char, usize)>,
    /// By bucket: the parts of three letters or more that begin with its
    /// letter, and the spellings whose letters alone (`squash`) do.
    bucket_parts: Vec<Vec<u32>>,
    bucket_spellings: Vec<Vec<u32>>,
    buckets: Vec<std::sync::OnceLock<Bucket>>,
}

/// What the words beginning with one letter are looked up in.
#[derive(Debug, Default)]
struct Bucket {
    /// (Shortened hash of a part, or of it less one or two characters;
    /// part number), sorted.
    deletions: Vec<(u32, u32)>,
    /// A bitmap over those keys, about 16 bits an entry: most deletions
    /// of a word are no part's, and are ruled out before a search.
    deletion_bits: Vec<u64>,
    /// (Hash of a spelling's folded letters alone; spelling number), sorted.
    squashed: Vec<(u64, u32)>,
    /// A bitmap over those hashes, about 16 bits an entry: most squashed
    /// words are ruled out before a search of `squashed`.
    squashed_bits: Vec<u64>,
    /// The first three letters of every squashed spelling: most words
    /// begin none, and are not looked at further for a joined slip.
    squashed_starts: FxHashSet<[char; 3]>,
    /// A bitmap over the hashes (`prefix_hash`) of every beginning of a
    /// squashed spelling, from three letters on: words are joined on for a
    /// joined slip only while they could still spell one. A bit set for
    /// another beginning only lets the words run on to a spelling they do
    /// not squash to.
    squashed_prefixes: Vec<u64>,
    /// A bitmap over the same hashes of every whole squashed spelling:
    /// words whose letters could spell none are settled without a look at
    /// `squashed`.
    squashed_ends: Vec<u64>,
}

/// The buckets: one for each ASCII letter and digit, one for the rest.
const BUCKETS: usize = 37;

/// The bucket of the words that begin with `c` (folded).
fn bucket(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        'A'..='Z' => c as usize - 'A' as usize,
        '0'..='9' => 26 + (c as usize - '0' as usize),
        _ => 36,
    }
}

/// Whether `word` (any case) is an ordinary English word: in the spelling
/// dictionary (`data/words-en-us.txt`, compiled in by `build.rs`), with or
/// without a possessive.
pub fn is_ordinary_word(word: &str) -> bool {
    crate::engine::rules::is_dictionary_word(word)
}

/// A part of `chars.len()` characters is compared at up to this distance.
fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=9 => 1,
        _ => 2,
    }
}

/// The hash of every string made by deleting up to `depth` (at most two)
/// characters of `chars`. Each is hashed from one reused buffer, copied
/// around the deleted characters: this runs for every capitalized word
/// that could be a slip.
fn deletions(word: &str, depth: usize, out: &mut Vec<u64>) {
    debug_assert!(depth <= 2, "names are compared at two edits at most");
    let bytes = word.as_bytes();
    // Where each character begins (and the end): for an ASCII word, every
    // byte, without a list.
    let starts: Vec<usize> = if word.is_ascii() {
        Vec::new()
    } else {
        word.char_indices()
            .map(|(at, _)| at)
            .chain([word.len()])
            .collect()
    };
    let count = if word.is_ascii() {
        bytes.len()
    } else {
        starts.len() - 1
    };
    let cut = |n: usize| {
        if starts.is_empty() {
            n..n + 1
        } else {
            starts[n]..starts[n + 1]
        }
    };
    let mut buffer = Vec::with_capacity(bytes.len());
    let mut without = |deleted: &[std::ops::Range<usize>]| {
        buffer.clear();
        let mut from = 0;
        for cut in deleted {
            buffer.extend_from_slice(&bytes[from..cut.start]);
            from = cut.end;
        }
        buffer.extend_from_slice(&bytes[from..]);
        out.push(crate::engine::fold::bytes_hash(&buffer));
    };
    without(&[]);
    if depth == 0 || count <= 1 {
        return;
    }
    for n in 0..count {
        without(&[cut(n)]);
        if depth == 2 && count > 2 {
            for m in n + 1..count {
                without(&[cut(n), cut(m)]);
            }
        }
    }
}

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent
/// swaps), stopping early past `limit`.
pub fn damerau(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
    }
    d[a.len() * width + b.len()]
}

/// Whether `written` may be a slip for the known part `known` (both folded;
/// `korean`: the part is of a Korean name).
fn is_slip(written: &[char], known: &[char], korean: bool) -> bool {
    if written.first() != known.first() || written == known {
        return false;
    }
    // An ending dropped or added makes another word: "Kerr", "Korean",
    // "Koreas"; a last letter doubled ("Trumpp") is a slip.
    if known.starts_with(written) {
        return false;
    }
    if let Some(ending) = written.strip_prefix(known) {
        let ending: String = ending.iter().collect();
        if ending != known[known.len() - 1].to_string() {
            return false;
        }
    }
    let distance = damerau(written, known, max_distance(known.len()));
    if distance > max_distance(known.len()).min(max_distance(written.len())) {
        return false;
    }
    let swapped = {
        let mut sorted_w = written.to_vec();
        let mut sorted_k = known.to_vec();
        sorted_w.sort_unstable();
        sorted_k.sort_unstable();
        sorted_w == sorted_k && distance == 1
    };
    // Three letters: only two letters swapped ("hiu" for "hui"). A letter
    // put for another makes another real name too often in a short word
    // (Sigal and Segal): only from six letters on.
    if (known.len() == 3 || (written.len() == known.len() && known.len() < 6)) && !swapped {
        return false;
    }
    // Two romanized Korean syllables a letter apart are two names ("Son",
    // "Song"); two letters swapped ("Guen" for "Geun") is a slip.
    if swapped {
        return true;
    }
    let word = |chars: &[char]| chars.iter().collect::<String>();
    !(korean && is_korean(&word(known)) && is_korean(&word(written)))
}

/// Letters alone, folded: "Kae song" and "Kaesong" give "kaesong".
fn squash(text: &str) -> String {
    let mut out = String::new();
    squash_onto(text, &mut out);
    out
}

/// The first character of `squash(text)`.
fn squash_first(text: &str) -> Option<char> {
    text.chars()
        .flat_map(|c| {
            let ascii = c.is_ascii();
            c.to_lowercase().filter(move |l| {
                if ascii {
                    l.is_ascii_alphanumeric()
                } else {
                    l.is_alphanumeric()
                }
            })
        })
        .next()
}

/// `squash(text)` appended to `out`, without a string of its own (the same
/// letters: folding is lower-casing once the apostrophes are dropped).
fn squash_onto(text: &str, out: &mut String) {
    // Most words are ASCII letters alone: appended whole, then lowered.
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let from = out.len();
        out.push_str(text);
        out[from..].make_ascii_lowercase();
        return;
    }
    if text.is_ascii() {
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else {
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        }
    }
}

const INITIALS: &[&str] = &[
    "", "g", "k", "kk", "gg", "n", "d", "t", "tt", "r", "l", "m", "b", "p", "pp", "s", "ss", "sh",
    "j", "jj", "ch", "h",
];
const VOWELS: &[&str] = &[
    "a", "ae", "ai", "ya", "yae", "eo", "o", "e", "ye", "yeo", "wa", "wae", "oe", "oi", "yo", "u",
    "wo", "weo", "we", "wi", "yu", "eu", "ui", "i", "ee", "oo",
];
const FINALS: &[&str] = &[
    "", "k", "g", "n", "l", "m", "p", "b", "ng", "t", "r", "c", "ck", "hn",
];

/// Whether `word` (folded) is written in romanized Korean syllables, at
/// most two to each piece between hyphens (a given name's syllable, a
/// place's two): "pyongsong", "geun-hye", "choe". A syllable without a
/// consonant before its vowel begins a piece or begins with a glide
/// ("yang"), so that "obama" (o-ba-ma) is not taken for Korean.
pub fn is_korean(word: &str) -> bool {
    word.split('-').all(|piece| {
        if piece.is_empty() || !piece.is_ascii() {
            return false;
        }
        // reach[n]: the fewest syllables that spell piece[..n].
        let mut reach = vec![usize::MAX; piece.len() + 1];
        reach[0] = 0;
        for at in 0..piece.len() {
            if reach[at] >= 2 {
                continue;
            }
            let rest = &piece[at..];
            for initial in INITIALS {
                let Some(after_initial) = rest.strip_prefix(initial) else {
                    continue;
                };
                for vowel in VOWELS {
                    let glide = vowel.starts_with(['y', 'w']);
                    if initial.is_empty() && at > 0 && !glide {
                        continue;
                    }
                    let Some(after_vowel) = after_initial.strip_prefix(vowel) else {
                        continue;
                    };
                    for last in FINALS {
                        if after_vowel.starts_with(last) {
                            let end = at + initial.len() + vowel.len() + last.len();
                            reach[end] = reach[end].min(reach[at] + 1);
                        }
                    }
                }
            }
        }
        reach[piece.len()] <= 2
    })
}

/// The first three characters of `text`, folded.
fn first_three(text: &str) -> Option<[char; 3]> {
    // Most words are ASCII: no decoding, no case-mapping iterator.
    if let Some(&[a, b, c]) = text.as_bytes().get(..3)
        && (a | b | c).is_ascii()
    {
        let lower = |x: u8| char::from(x.to_ascii_lowercase());
        return Some([lower(a), lower(b), lower(c)]);
    }
    let mut chars = text.chars().flat_map(char::to_lowercase);
    Some([chars.next()?, chars.next()?, chars.next()?])
}

/// Whether word `m` stands beside another capitalized word of its name
/// run: the next word, or the previous one unless that is a word that
/// begins sentences but never names ("In Pyongyng, …").
fn in_capitalized_run(doc: &Document<'_>, m: usize) -> bool {
    let words = &doc.words;
    let next =
        m + 1 < words.len() && name_joined(doc, m + 1) && starts_upper(doc.word(&words[m + 1]));
    let previous = m > 0 && name_joined(doc, m) && starts_upper(doc.word(&words[m - 1])) && {
        let before = doc.text[..words[m - 1].range().start].trim_end();
        let sentence_start = before.is_empty()
            || (m > 1 && words[m - 2].paragraph() != words[m - 1].paragraph())
            || before.ends_with(['.', '!', '?', ':', '"', '“', '\n']);
        !(sentence_start && crate::engine::rules::is_not_name(doc.word(&words[m - 1])))
    };
    next || previous
}

/// Whether the word before word `m` is a courtesy or formal title's
/// abbreviation ("Sen. Whitehouse", "Mr. Newman"): a name follows it.
fn after_title_abbreviation(doc: &Document<'_>, m: usize) -> bool {
    let words = &doc.words;
    m > 0 && doc.text[words[m - 1].range().end..].starts_with('.') && {
        let before = doc.word(&words[m - 1]);
        starts_upper(before) && crate::engine::words::ABBREVIATIONS.contains(&before)
    }
}

fn starts_upper(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

impl NearIndex {
    /// The parts of every spelling, and which spellings and parts go to
    /// which bucket; the buckets themselves are built when first read.
    pub(super) fn new(index: &NameIndex) -> NearIndex {
        let mut near = NearIndex {
            id: index.id,
            bucket_parts: vec![Vec::new(); BUCKETS],
            bucket_spellings: vec![Vec::new(); BUCKETS],
            buckets: (0..BUCKETS).map(|_| std::sync::OnceLock::new()).collect(),
            ..NearIndex::default()
        };
        let mut words = Vec::new();
        for (k, spelling) in index.spellings.iter().enumerate() {
            let korean = index.is_korean(spelling.person);
            let text = index.text(k);
            // The words' hashes are the trie's; the words themselves are
            // needed only for a part not met before, and a one-word name.
            let keys = index.spelling_keys(k);
            let mut tokenized = false;
            for (n, &key) in keys.iter().enumerate() {
                // Most parts are shared ("Kim"): settled by their hash.
                if let Some(&id) = near.part_ids.get(&key) {
                    near.korean[id as usize] |= korean;
                    continue;
                }
                if !tokenized {
                    spelling_tokens_into(text, &mut words);
                    tokenized = true;
                }
                let part = fold(&text[words[n].range.clone()]);
                let id = near.parts.len() as u32;
                near.part_ids.insert(key, id);
                near.korean.push(korean);
                let mut chars = part.chars();
                if let (Some(first), true) = (chars.next(), chars.nth(1).is_some()) {
                    near.bucket_parts[bucket(first)].push(id);
                }
                near.parts.push(part);
            }
            if keys.len() == 1 {
                if !tokenized {
                    spelling_tokens_into(text, &mut words);
                }
                let mut chars = text[words[0].range.clone()]
                    .chars()
                    .flat_map(char::to_lowercase);
                let (first, len) = (chars.next(), 1 + chars.count());
                if let Some(first) = first.filter(|_| len >= 6) {
                    near.one_word.insert((first, len));
                }
            }
            if let Some(first) = squash_first(text) {
                near.bucket_spellings[bucket(first)].push(k as u32);
            }
        }
        near
    }

    /// The bucket of the words that begin with `c` (folded), built on
    /// first use.
    fn bucket(&self, index: &NameIndex, c: char) -> &Bucket {
        let b = bucket(c);
        self.buckets[b].get_or_init(|| self.build_bucket(index, b))
    }

    fn build_bucket(&self, index: &NameIndex, b: usize) -> Bucket {
        let mut near = Bucket::default();
        let mut keys_buffer = Vec::new();
        for &id in &self.bucket_parts[b] {
            let part = &self.parts[id as usize];
            keys_buffer.clear();
            deletions(part, max_distance(part.chars().count()), &mut keys_buffer);
            near.deletions
                .extend(keys_buffer.iter().map(|&key| (deletion_key(key), id)));
        }
        let spellings = &self.bucket_spellings[b];
        let mut squashed = String::new();
        let (mut last_squashed, mut last_person) = (String::new(), usize::MAX);
        // Beginnings of squashed spellings are at most their bytes, and
        // far fewer distinct: two bits a byte keep the bitmap small enough
        // for the cache, which its random writes need.
        let bytes: usize = spellings
            .iter()
            .map(|&k| index.text(k as usize).len())
            .sum();
        let bits = (bytes * 2).next_power_of_two().max(64);
        near.squashed_prefixes = vec![0; bits / 64];
        let bits = (spellings.len() * 16).next_power_of_two().max(64);
        near.squashed_ends = vec![0; bits / 64];
        near.squashed.reserve(spellings.len());
        for &k in spellings {
            let spelling = &index.spellings[k as usize];
            let text = index.text(k as usize);
            // A person's spellings often squash alike ("Kim Min-jun", "Kim
            // Minjun"): their beginnings are set once.
            let same = spelling.person == last_person && {
                std::mem::swap(&mut squashed, &mut last_squashed);
                squashed.clear();
                squash_onto(text, &mut squashed);
                squashed == last_squashed
            };
            if spelling.person != last_person {
                squashed.clear();
                squash_onto(text, &mut squashed);
                last_person = spelling.person;
            }
            if squashed.chars().count() >= 6 {
                near.squashed.push((fold_hash(&squashed), k));
                if same {
                    continue;
                }
                near.squashed_starts
                    .insert(first_three(&squashed).expect("six letters"));
                let mut hash = PREFIX_SEED;
                for (n, (at, c)) in squashed.char_indices().enumerate() {
                    if n >= 3 {
                        near.set_prefix(hash);
                    }
                    for &b in &squashed.as_bytes()[at..at + c.len_utf8()] {
                        hash = prefix_step(hash, b);
                    }
                }
                near.set_prefix(hash);
                let (word, bit) = near.end_bit(hash);
                near.squashed_ends[word] |= bit;
            }
        }
        // Sorted pairs, not a map of lists: a few bytes an entry, however
        // many parts and spellings a newsroom's file has.
        near.deletions.sort_unstable();
        near.deletions.dedup();
        let bits = (near.deletions.len() * 16).next_power_of_two().max(64);
        near.deletion_bits = vec![0; bits / 64];
        for &(key, _) in &near.deletions {
            let (word, bit) = near.deletion_bit(key);
            near.deletion_bits[word] |= bit;
        }
        super::trie::sort(&mut near.squashed, &mut Vec::new());
        let bits = (near.squashed.len() * 16).next_power_of_two().max(64);
        near.squashed_bits = vec![0; bits / 64];
        for &(key, _) in &near.squashed {
            let (word, bit) = near.squashed_bit(key);
            near.squashed_bits[word] |= bit;
        }
        near
    }
}

impl Bucket {
    /// The parts some deletion of which hashes to `key` (and, the key being
    /// shortened, a few others: every candidate is confirmed by distance).
    fn parts_near(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        let key = deletion_key(key);
        let (word, bit) = self.deletion_bit(key);
        let from = if self.deletion_bits.get(word).is_some_and(|w| w & bit != 0) {
            self.deletions.partition_point(|&(k, _)| k < key)
        } else {
            self.deletions.len()
        };
        self.deletions[from..]
            .iter()
            .take_while(move |&&(k, _)| k == key)
            .map(|&(_, id)| id)
    }

    /// Where deletion key `key` is in `deletion_bits`: (word, bit).
    fn deletion_bit(&self, key: u32) -> (usize, u64) {
        // The key's bits mixed once more: its low bits are a hash's own.
        let mixed = u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
        let at = mixed as usize & (self.deletion_bits.len() * 64).saturating_sub(1);
        (at / 64, 1 << (at % 64))
    }

    /// Where `hash` is in `squashed_prefixes`: (word, bit).
    fn prefix_bit(&self, hash: u64) -> (usize, u64) {
        let at = (hash >> 24) as usize & (self.squashed_prefixes.len() * 64).saturating_sub(1);
        (at / 64, 1 << (at % 64))
    }

    fn set_prefix(&mut self, hash: u64) {
        let (word, bit) = self.prefix_bit(hash);
        self.squashed_prefixes[word] |= bit;
    }

    /// Whether `squashed` may begin a squashed spelling.
    fn may_begin(&self, squashed: &str) -> bool {
        self.may_begin_hash(squashed.bytes().fold(PREFIX_SEED, prefix_step))
    }

    /// Whether the squashed text of `prefix_hash` `hash` may begin a
    /// squashed spelling.
    fn may_begin_hash(&self, hash: u64) -> bool {
        let (word, bit) = self.prefix_bit(hash);
        self.squashed_prefixes
            .get(word)
            .is_some_and(|w| w & bit != 0)
    }

    /// Where `hash` is in `squashed_ends`: (word, bit).
    fn end_bit(&self, hash: u64) -> (usize, u64) {
        let at = (hash >> 32) as usize & (self.squashed_ends.len() * 64).saturating_sub(1);
        (at / 64, 1 << (at % 64))
    }

    /// Whether the squashed text of `prefix_hash` `hash` may be a whole
    /// squashed spelling.
    fn may_end_hash(&self, hash: u64) -> bool {
        let (word, bit) = self.end_bit(hash);
        self.squashed_ends.get(word).is_some_and(|w| w & bit != 0)
    }

    /// Where `key` is in `squashed_bits`: (word, bit).
    fn squashed_bit(&self, key: u64) -> (usize, u64) {
        let at = (key >> 20) as usize & (self.squashed_bits.len() * 64).saturating_sub(1);
        (at / 64, 1 << (at % 64))
    }

    /// The spellings whose letters alone hash to `key`.
    fn squashed(&self, key: u64) -> impl Iterator<Item = usize> + '_ {
        let (word, bit) = self.squashed_bit(key);
        let maybe = self.squashed_bits.get(word).is_some_and(|w| w & bit != 0);
        let from = if maybe {
            self.squashed.partition_point(|&(k, _)| k < key)
        } else {
            self.squashed.len()
        };
        self.squashed[from..]
            .iter()
            .take_while(move |&&(k, _)| k == key)
            .map(|&(_, k)| k as usize)
    }
}

/// Whether a mention overlaps `range`, `next` being the first mention not
/// yet passed by an earlier range (moved on past those `range` passes).
fn overlaps_next(
    mentions: &[super::Mention],
    next: &mut usize,
    range: std::ops::Range<usize>,
) -> bool {
    *next += mentions[*next..]
        .iter()
        .take_while(|m| m.range.end <= range.start)
        .count();
    mentions
        .get(*next)
        .is_some_and(|m| m.range.start < range.end)
}

/// The hash of a beginning of a squashed spelling, byte by byte (FNV-1a,
/// then mixed), so that every beginning of a spelling is hashed in one pass.
const PREFIX_SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn prefix_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// A deletion's hash, shortened to 32 bits: the index holds one pair per
/// deletion of every part, and a shared key only adds a candidate that
/// `is_slip` then turns away.
fn deletion_key(hash: u64) -> u32 {
    (hash >> 32) as u32 ^ hash as u32
}

/// What a capitalized word alone settles about it, whatever its place:
/// the same words recur thousands of times in a long story and across an
/// archive's stories ("The", "Secretary", "Japan"), and most are settled
/// here once, then passed over with one lookup.
#[derive(Debug)]
struct WordVerdict {
    /// The word as written (the memo is keyed by its folded hash; a word
    /// folded alike but written otherwise gets a verdict of its own).
    text: Box<str>,
    /// What a joined slip from the word begins with; `None` if none can
    /// begin at it: its first letters begin no squashed spelling
    /// (`joined_slip`'s test of its first word).
    joined: Option<JoinedStart>,
    /// The word is a known part or an English word: never a slip of one.
    never_part: bool,
    /// Long enough, and of a first letter, for a slip of a one-word name.
    alone: bool,
    /// The parts the word could be a slip of, once worked out.
    parts: Option<Box<[u32]>>,
}

/// A joined slip's first word, squashed.
#[derive(Debug)]
struct JoinedStart {
    /// Its first letter (the bucket looked in) and its letters' count.
    first: char,
    letters: usize,
    /// `prefix_hash` of its letters, for the next word's to go on from.
    prefix: u64,
    /// Whether it could be a squashed spelling alone (or has no letters):
    /// then the words from it are looked at in full.
    in_full: bool,
}

/// How many word verdicts a thread keeps, in sets of `MEMO_WAYS` slots
/// chosen by the word's folded hash: a word met again finds its verdict
/// in a few comparisons.
const MEMO_SLOTS: usize = 1 << 14;

/// The slots a word's verdict may be in.
const MEMO_WAYS: usize = 4;

/// A thread's word verdicts for one near-miss index (`NearIndex::id`),
/// kept across blocks and documents: a short story pays for only the
/// words no earlier story on its thread had.
#[derive(Debug, Default)]
struct WordMemo {
    owner: u64,
    /// (Folded hash, verdict) by slot; empty until first used.
    slots: Vec<Option<(u64, WordVerdict)>>,
    /// Deletion hashes, reused.
    keys: Vec<u64>,
}

thread_local! {
    static WORD_MEMO: std::cell::RefCell<WordMemo> = std::cell::RefCell::default();
}

impl WordMemo {
    /// The verdict on `written` (folded hash `key`), worked out on first
    /// meeting.
    #[inline]
    fn verdict<'a>(
        &mut self,
        index: &NameIndex,
        near: &NearIndex,
        key: u64,
        written: &[u8],
        text: impl FnOnce() -> &'a str,
    ) -> (&mut WordVerdict, &mut Vec<u64>) {
        let set = WordMemo::set(key);
        // A word met before is most often in the first of its slots,
        // compared by its bytes (the text itself is needed only for a
        // verdict to work out).
        let first_holds = self.owner == near.id
            && self.slots.get(set).is_some_and(|slot| {
                slot.as_ref()
                    .is_some_and(|(k, verdict)| *k == key && verdict.text.as_bytes() == written)
            });
        let at = if first_holds {
            set
        } else {
            self.find_or_add(index, near, key, text())
        };
        let (_, verdict) = self.slots[at].as_mut().expect("filled");
        (verdict, &mut self.keys)
    }

    /// The first of the slots the verdict on a word of folded hash `key`
    /// may be in.
    #[inline]
    fn set(key: u64) -> usize {
        let mixed = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - MEMO_SLOTS.trailing_zeros())) as usize & !(MEMO_WAYS - 1)
    }

    /// The slot of the verdict on `written`, looked for in all its set's
    /// slots and worked out if in none.
    #[inline(never)]
    fn find_or_add(
        &mut self,
        index: &NameIndex,
        near: &NearIndex,
        key: u64,
        written: &str,
    ) -> usize {
        if self.owner != near.id || self.slots.is_empty() {
            self.slots.clear();
            self.slots.resize_with(MEMO_SLOTS, || None);
            self.owner = near.id;
        }
        // Four slots a word may be in: a new verdict goes first, and the
        // one that has been there longest goes.
        let set = WordMemo::set(key);
        let ways = &mut self.slots[set..set + MEMO_WAYS];
        let held = ways.iter().position(|slot| {
            slot.as_ref()
                .is_some_and(|(k, verdict)| *k == key && *verdict.text == *written)
        });
        set + held.unwrap_or_else(|| {
            ways.rotate_right(1);
            ways[0] = Some((key, WordVerdict::new(index, near, key, written)));
            0
        })
    }
}

impl WordVerdict {
    #[inline(never)]
    fn new(index: &NameIndex, near: &NearIndex, key: u64, written: &str) -> WordVerdict {
        let len = written.chars().count();
        let begins = first_three(written).is_some_and(|start| {
            near.bucket(index, start[0])
                .squashed_starts
                .contains(&start)
        });
        // Two-letter first words ("Ri Song") are looked at in full.
        let joined = if !begins && len > 2 {
            None
        } else {
            let squashed = squash(written);
            match squashed.chars().next() {
                Some(first) => {
                    let bucket = near.bucket(index, first);
                    let letters = squashed.chars().count();
                    (letters < 3 || bucket.may_begin(&squashed)).then(|| JoinedStart {
                        first,
                        letters,
                        prefix: squashed.bytes().fold(PREFIX_SEED, prefix_step),
                        in_full: squashed.len() >= 6
                            && bucket.squashed(fold_hash(&squashed)).next().is_some(),
                    })
                }
                None => Some(JoinedStart {
                    first: '\0',
                    letters: 0,
                    prefix: PREFIX_SEED,
                    in_full: true,
                }),
            }
        };
        let never_part =
            near.part_ids.contains_key(&key) || crate::engine::rules::is_dictionary_key(key);
        let distance = max_distance(len);
        // No one-word spelling is shorter than six letters: most
        // capitalized words ("The", "But") are too short to be a slip of
        // one, whatever their first letter.
        let alone = len + distance >= 6 && {
            let first = written.chars().flat_map(char::to_lowercase).next();
            first.is_some_and(|first| {
                (len.saturating_sub(distance)..=len + distance)
                    .any(|len| near.one_word.contains(&(first, len)))
            })
        };
        WordVerdict {
            text: written.into(),
            joined,
            never_part,
            alone,
            parts: None,
        }
    }

    /// The known parts the word could be a slip of.
    fn parts(&mut self, index: &NameIndex, near: &NearIndex, keys: &mut Vec<u64>) -> &[u32] {
        let written = &*self.text;
        self.parts.get_or_insert_with(|| {
            let folded = fold(written);
            let chars: Vec<char> = folded.chars().collect();
            if chars.len() < 3 || !chars[0].is_alphabetic() || is_ordinary_word(written) {
                return Box::default();
            }
            keys.clear();
            deletions(&folded, max_distance(chars.len()), keys);
            // A slip keeps the first letter: only parts that begin with
            // it are looked at.
            let bucket = near.bucket(index, chars[0]);
            let mut parts: Vec<u32> = keys
                .iter()
                .flat_map(|&key| bucket.parts_near(key))
                .collect();
            parts.sort_unstable();
            parts.dedup();
            parts.retain(|&part| {
                let known_part: Vec<char> = near.parts[part as usize].chars().collect();
                is_slip(&chars, &known_part, near.korean[part as usize])
            });
            parts.into_boxed_slice()
        })
    }
}

impl NameIndex {
    fn near(&self) -> &NearIndex {
        self.near.get_or_init(|| NearIndex::new(self))
    }

    /// Names typed almost right in `doc`, outside the known names in
    /// `mentions` (sorted, as `scan` gives them).
    pub fn near_misses(&self, doc: &Document<'_>, mentions: &[super::Mention]) -> Vec<NearMiss> {
        let mut found: Vec<NearMiss> = Vec::new();
        if self.is_empty() {
            return found;
        }
        let words = &doc.words;
        // Mentions are sorted and do not overlap: the first one ending after
        // `range` starts is the only one that can overlap it.
        let known = |range: std::ops::Range<usize>| {
            let at = mentions.partition_point(|m| m.range.end <= range.start);
            mentions.get(at).is_some_and(|m| m.range.start < range.end)
        };
        let near = self.near();
        let mut squashed = String::new();
        WORD_MEMO.with_borrow_mut(|memo| {
            // The words go in order: the mention that may overlap each is
            // found by moving on from the last one, not by a search a word.
            let mut next_mention = 0;
            let bytes = doc.text.as_bytes();
            let mut from = 0;
            // Most words begin with an ASCII byte that is no capital:
            // passed over by it alone.
            while let Some(skip) = words[from..]
                .iter()
                .position(|word| !word.lead.is_ascii() || word.lead.is_ascii_uppercase())
            {
                let i = from + skip;
                from = i + 1;
                let word = &words[i];
                let written = &bytes[word.range()];
                // An ASCII lead byte found is a capital; any other is
                // looked at.
                if !written.first().is_some_and(u8::is_ascii) && !starts_upper(doc.word(word)) {
                    continue;
                }
                if overlaps_next(mentions, &mut next_mention, word.range()) {
                    continue;
                }
                let (verdict, keys) =
                    memo.verdict(self, near, word.key, written, || doc.word(word));
                if let Some(start) = &verdict.joined
                    && self.joined_may_spell(doc, i, near, start, &mentions[next_mention..])
                {
                    found.extend(self.joined_slip(doc, i, near, &known, &mut squashed));
                }
                if !verdict.never_part {
                    found.extend(self.part_slip(doc, i, near, &known, verdict, keys));
                }
            }
        });
        // Overlapping finds: the one that starts first, the longer of two.
        found.sort_by_key(|miss| (miss.range.start, std::cmp::Reverse(miss.range.end)));
        let mut end = 0;
        found.retain(|miss| {
            let keep = miss.range.start >= end;
            if keep {
                end = miss.range.end;
            }
            keep
        });
        found
    }

    /// Whether `joined_slip` from word `i` (which begins with `start`)
    /// could find a spelling: the words from it are squashed on by their
    /// prefix hash alone while they could still begin a squashed spelling,
    /// and `joined_slip` is asked only where they could be one.
    fn joined_may_spell(
        &self,
        doc: &Document<'_>,
        i: usize,
        near: &NearIndex,
        start: &JoinedStart,
        mentions: &[super::Mention],
    ) -> bool {
        if start.in_full {
            return true;
        }
        let words = &doc.words;
        let bucket = near.bucket(self, start.first);
        let (mut prefix, mut letters) = (start.prefix, start.letters);
        let mut next_mention = 0;
        let end = words.len().min(i + MAX_NAME_WORDS);
        for (j, word) in (i + 1..).zip(&words[i + 1..end]) {
            if !name_joined(doc, j) || overlaps_next(mentions, &mut next_mention, word.range()) {
                return false;
            }
            for &b in &doc.text.as_bytes()[word.range()] {
                if !b.is_ascii() {
                    return true;
                }
                if b.is_ascii_alphanumeric() {
                    prefix = prefix_step(prefix, b.to_ascii_lowercase());
                    letters += 1;
                    // Letters that begin no squashed spelling: no words
                    // from here spell one (every beginning is in the
                    // bitmap), whatever follows.
                    if letters >= 3 && !bucket.may_begin_hash(prefix) {
                        return false;
                    }
                }
            }
            if bucket.may_end_hash(prefix) {
                return true;
            }
        }
        false
    }

    /// Words from `i` that are a known spelling but for spaces, hyphens and
    /// case: "Kae song", "Kim Jongun".
    fn joined_slip(
        &self,
        doc: &Document<'_>,
        i: usize,
        near: &NearIndex,
        known: &dyn Fn(std::ops::Range<usize>) -> bool,
        squashed: &mut String,
    ) -> Option<NearMiss> {
        // Its first word's verdict (`WordVerdict::joined`) has ruled
        // out most words already.
        let words = &doc.words;
        squashed.clear();
        // `prefix_hash` of `squashed`, carried on word by word.
        let mut prefix = PREFIX_SEED;
        let mut best = None;
        for j in i..words.len().min(i + MAX_NAME_WORDS) {
            if j > i && (!name_joined(doc, j) || known(words[j].range())) {
                break;
            }
            let from = squashed.len();
            squash_onto(doc.word(&words[j]), squashed);
            prefix = squashed.as_bytes()[from..]
                .iter()
                .fold(prefix, |hash, &b| prefix_step(hash, b));
            // Spellings that squash alike begin alike: in one bucket.
            let Some(first) = squashed.chars().next() else {
                continue;
            };
            let bucket = near.bucket(self, first);
            // Prefixes are kept from three letters on ("Ri" begins many).
            if squashed.chars().nth(2).is_some() && !bucket.may_begin_hash(prefix) {
                break;
            }
            // No spelling this short is indexed.
            if squashed.len() < 6 {
                continue;
            }
            let key = fold_hash(squashed);
            let mut spellings = bucket.squashed(key).peekable();
            if spellings.peek().is_none() {
                continue;
            }
            let written: Vec<String> = words[i..=j].iter().map(|w| fold(doc.word(w))).collect();
            let spellings: Vec<usize> = spellings
                .filter(|&k| {
                    squash(self.text(k)) == *squashed && spelling_words(self.text(k)) != written
                })
                .collect();
            if !spellings.is_empty() {
                best = Some((
                    j,
                    NearMiss {
                        range: words[i].range().start..words[j].range().end,
                        spellings: self.one_per_person(spellings),
                    },
                ));
            }
        }
        // Quiet where the words are another name's: one word of a run of
        // capitalized name words or after a title ("Sheldon Whitehouse",
        // "Sen. Whitehouse" are no White House), words a longer name runs
        // on from ("In Diana DeGette" is no Indiana), or a first word that
        // never begins a name ("In").
        let (j, miss) = best?;
        let single = i == j && (in_capitalized_run(doc, i) || after_title_abbreviation(doc, i));
        let runs_on =
            j + 1 < words.len() && name_joined(doc, j + 1) && starts_upper(doc.word(&words[j + 1]));
        let not_a_name = i < j && crate::engine::rules::is_not_name(doc.word(&words[i]));
        (!single && !runs_on && !not_a_name).then_some(miss)
    }

    /// A name with one part mistyped, the word at `m` being that part:
    /// "Antony Blinkin", "Choe Son Hiu", "Pyongyng".
    fn part_slip(
        &self,
        doc: &Document<'_>,
        m: usize,
        near: &NearIndex,
        known: &dyn Fn(std::ops::Range<usize>) -> bool,
        verdict: &mut WordVerdict,
        keys: &mut Vec<u64>,
    ) -> Option<NearMiss> {
        // A known part or an English word (`WordVerdict::never_part`) was
        // ruled out before.
        // A word of no known part's slip (most words met before) is
        // settled by its verdict alone.
        if verdict.parts.as_deref().is_some_and(<[u32]>::is_empty) {
            return None;
        }
        let words = &doc.words;
        let word = &words[m];
        // Beside a word of a known name (a name has one part wrong, so a
        // wrong part stands beside a right one), or a one-word name's length.
        let beside_part =
            |at: usize| near.part_ids.contains_key(&words[at].key) && !known(words[at].range());
        let in_name = (m > 0 && name_joined(doc, m) && beside_part(m - 1))
            || (m + 1 < words.len() && name_joined(doc, m + 1) && beside_part(m + 1));
        if !in_name && !verdict.alone {
            return None;
        }
        // The known parts this word could be a slip of depend on the word
        // alone: worked out once for each word a thread meets.
        let parts = verdict.parts(self, near, keys);
        if parts.is_empty() {
            return None;
        }
        // The earliest word a name through word `m` can begin at.
        let mut first = m;
        while first > 0
            && m - first < MAX_NAME_WORDS - 1
            && name_joined(doc, first)
            && !known(words[first - 1].range())
        {
            first -= 1;
        }
        let mut best: Option<NearMiss> = None;
        for &part in parts {
            for start in first..=m {
                let Some(miss) = self.confirm(doc, start, m, &near.parts[part as usize], known)
                else {
                    continue;
                };
                if best
                    .as_ref()
                    .is_none_or(|b| miss.range.len() > b.range.len())
                {
                    best = Some(miss);
                }
            }
        }
        // A word of a run of capitalized name words ("Angela Merkel",
        // "John Mahama") is part of another name, not a slip of a one-word
        // one (Angola, Manama).
        best.filter(|miss| miss.range != word.range() || !in_capitalized_run(doc, m))
    }

    /// The spelling that words `i..` spell with `part` put in for word `m`,
    /// walking the trie; the longest if several do.
    fn confirm(
        &self,
        doc: &Document<'_>,
        i: usize,
        m: usize,
        part: &str,
        known: &dyn Fn(std::ops::Range<usize>) -> bool,
    ) -> Option<NearMiss> {
        let words = &doc.words;
        let part_key = fold_hash(part);
        let mut node = 0u32;
        let mut best = None;
        for j in i..words.len().min(i + MAX_NAME_WORDS) {
            if j > i && (!name_joined(doc, j) || known(words[j].range())) {
                break;
            }
            if j != m && !starts_upper(doc.word(&words[j])) {
                break;
            }
            let key = if j == m { part_key } else { words[j].key };
            let Some(next) = self.edges.get(super::index::edge(node, key)) else {
                break;
            };
            node = next;
            if j < m {
                continue;
            }
            if !self.is_end(node) {
                continue;
            }
            let ends = self.ends_at(node);
            let written: Vec<String> = words[i..=j]
                .iter()
                .enumerate()
                .map(|(n, w)| {
                    if i + n == m {
                        part.to_string()
                    } else {
                        fold(doc.word(w))
                    }
                })
                .collect();
            let spellings: Vec<usize> = ends
                .iter()
                .copied()
                .filter(|&k| spelling_words(self.text(k)) == written)
                .collect();
            // A one-word name must be long enough to judge.
            if spellings.is_empty() || (i == j && part.chars().count() < 6) {
                continue;
            }
            best = Some(NearMiss {
                range: words[i].range().start..words[j].range().end,
                spellings: self.one_per_person(spellings),
            });
        }
        best
    }

    /// One spelling per person, the first met.
    fn one_per_person(&self, spellings: Vec<usize>) -> Vec<usize> {
        let mut people = FxHashSet::default();
        spellings
            .into_iter()
            .filter(|&k| people.insert(self.spellings[k].person))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Near misses in `text`, each as the words flagged.
    fn flagged(index: &NameIndex, text: &str) -> Vec<String> {
        let doc = Document::new(text, crate::engine::Format::Plain);
        let mentions = index.scan(&doc);
        index
            .near_misses(&doc, &mentions)
            .into_iter()
            .map(|miss| text[miss.range].to_string())
            .collect()
    }

    #[test]
    fn verdicts_kept_on_a_thread_give_the_findings_of_a_fresh_one() {
        let texts = [
            "Secretary Antony Blinkin met Choe Son Hiu in Pyongyng on Monday.",
            "ANTONY BLINKIN and Antony Blinkin; then Kae song and Kim Jongun.",
            "The Item said We and They met in Pyongyng's suburbs; PYONGYNG'S too.",
            "In Pyongyng, Angela Merkel and Sen. Whitehouse met the White House.",
            "Officials in Pyongyanh said so, and Antony Blinkne left for Kae Song.",
        ];
        let builtin = NameIndex::builtin();
        let small = NameIndex::new(
            crate::names::person::parse("small.toml", "[[person]]\nname = \"Antony Blinken\"\n")
                .expect("parsed"),
        );
        // Each text on a thread that has met nothing before.
        let fresh: Vec<(Vec<String>, Vec<String>)> = texts
            .iter()
            .map(|text| {
                std::thread::scope(|scope| {
                    scope
                        .spawn(|| (flagged(&builtin, text), flagged(&small, text)))
                        .join()
                        .expect("no panic")
                })
            })
            .collect();
        assert!(fresh.iter().any(|(found, _)| found.len() >= 2), "{fresh:?}");
        // Then all of them on one thread, twice over, the two indexes in
        // turn, in both orders.
        for round in 0..2 {
            let order: Vec<usize> = if round == 0 {
                (0..texts.len()).collect()
            } else {
                (0..texts.len()).rev().collect()
            };
            for &n in &order {
                assert_eq!(flagged(&builtin, texts[n]), fresh[n].0, "{}", texts[n]);
                assert_eq!(flagged(&small, texts[n]), fresh[n].1, "{}", texts[n]);
                assert_eq!(flagged(&builtin, texts[n]), fresh[n].0, "{}", texts[n]);
            }
        }
    }

    #[test]
    fn a_word_written_otherwise_but_folded_alike_gets_a_verdict_of_its_own() {
        let index = NameIndex::builtin();
        let near = index.near();
        let mut memo = WordMemo::default();
        let key = fold_hash("Item");
        assert_eq!(key, fold_hash("ITEM"));
        for _ in 0..3 {
            for written in ["Item", "ITEM", "item"] {
                let (verdict, _) = memo.verdict(&index, near, key, written.as_bytes(), || written);
                assert_eq!(&*verdict.text, written);
            }
        }
    }

    #[test]
    fn damerau_counts_a_swap_as_one_edit() {
        assert_eq!(damerau(&chars("hiu"), &chars("hui"), 2), 1);
        assert_eq!(damerau(&chars("blinkin"), &chars("blinken"), 2), 1);
        assert_eq!(damerau(&chars("pyongyng"), &chars("pyongyang"), 2), 1);
        assert_eq!(damerau(&chars("abc"), &chars("xyz"), 1), 2);
    }

    #[test]
    fn romanized_korean_syllables() {
        for word in [
            "pyongsong",
            "geun-hye",
            "choe",
            "song",
            "hui",
            "kyo-ahn",
            "jong-un",
            "myung-bak",
        ] {
            assert!(is_korean(word), "{word}");
        }
        for word in ["blinkin", "hiu", "pyongyng", "trump", "obama"] {
            assert!(!is_korean(word), "{word}");
        }
    }

    #[test]
    fn slips_need_the_same_first_letter_and_no_new_ending() {
        assert!(is_slip(&chars("blinkin"), &chars("blinken"), true));
        assert!(is_slip(&chars("hiu"), &chars("hui"), true));
        assert!(!is_slip(&chars("perry"), &chars("kerry"), true));
        assert!(!is_slip(&chars("korean"), &chars("korea"), true));
        assert!(!is_slip(&chars("kerr"), &chars("kerry"), true));
        assert!(!is_slip(&chars("hue"), &chars("hui"), true));
        assert!(!is_slip(&chars("pyongsong"), &chars("pyongyang"), true));
        assert!(is_slip(&chars("trumpp"), &chars("trump"), true));
        assert!(is_slip(&chars("guen-hye"), &chars("geun-hye"), true));
        assert!(!is_slip(&chars("song"), &chars("son"), true));
        assert!(!is_slip(&chars("segal"), &chars("sigal"), false));
        assert!(is_slip(&chars("blinkon"), &chars("blinken"), false));
    }
}
