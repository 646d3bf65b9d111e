//! The spelling dictionary: `data/words-en-us.txt` (SCOWL, sizes 10 to 80,
//! lowercase words with their inflections) and the words whose spelling
//! depends on the house (`data/words-en-gb.txt`: British and Oxford -ize
//! spellings against American ones, with their counterparts), compiled by
//! `build.rs` into a hash table of 2^19 four-byte slots (2 MB) that is read
//! in place: nothing is parsed or built when copydesk starts.
//!
//! A word is looked up by the folded hash the tokenizer already gave it
//! (`fold::bytes_hash`), so a lowercase word of the text costs one probe.
//! A slot holds the bits of a word's hash above the low seven; bits 4 to 6
//! hold the house spellings that reject the word ("colour" is rejected by
//! American copy) and the low four its size class: 1 for SCOWL size 10
//! (the most common words) to 9 for size 80. With about 260,000 words in
//! 524,288 slots and 25 bits of hash compared, a non-word is taken for a
//! word about once in fifteen million look-ups (two slots probed on
//! average).

use crate::engine::fold::{bytes_hash, fold_hash};
use crate::engine::settings::HouseSpelling;

/// log2 of the slots of the whole table and of the table of the most
/// common words (SCOWL sizes 10 and 20, 128 KB, which stays in cache);
/// `build.rs` says the same.
const BITS: u32 = 19;
const COMMON_BITS: u32 = 15;

static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary.bin"));
static COMMON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary_common.bin"));
/// Each house-dependent word's counterparts: 16-byte records (the word's
/// hash, the offset and length of its counterparts in `HOUSE_WORDS`),
/// sorted by hash; `build.rs` writes both.
static HOUSE_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/house_index.bin"));
static HOUSE_WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/house_words.txt"));

/// A dictionary word's slot: its size class and the house spellings that
/// reject it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry(u8);

impl Entry {
    /// 1 = among the most common … 9 = rare.
    #[inline]
    pub fn class(self) -> u8 {
        self.0 & 15
    }

    /// Whether copy in house spelling `house` may use the word.
    #[inline]
    pub fn accepted_by(self, house: HouseSpelling) -> bool {
        self.accepted_by_bit(house_bit(house))
    }

    /// `accepted_by` with the house's `house_bit` worked out beforehand.
    #[inline]
    pub fn accepted_by_bit(self, bit: u8) -> bool {
        self.0 >> 4 & bit == 0
    }
}

/// The bit of a house spelling in a slot's rejecting spellings (none for
/// `Any`, which rejects nothing).
#[inline]
pub fn house_bit(house: HouseSpelling) -> u8 {
    match house {
        HouseSpelling::American => 1,
        HouseSpelling::British => 2,
        HouseSpelling::BritishIze => 4,
        HouseSpelling::Any => 0,
    }
}

/// A word's slot by its folded hash; `None` if it is in no spelling's
/// dictionary. Most words of running text are answered by the small table
/// of common words.
#[inline]
pub fn entry_of_key(key: u64) -> Option<Entry> {
    probe(COMMON, COMMON_BITS, key, ANY_SPELLING).or_else(|| probe(TABLE, BITS, key, ANY_SPELLING))
}

/// A word's slot, by its folded hash, if it is in the dictionary of the
/// house whose `house_bit` is `bit`: the one look-up a word of running text
/// costs. A word the house rejects is not matched at all (its slot's bit
/// takes part in the comparison), so the test costs nothing over a plain
/// look-up; `entry_of_key` tells such a word from a non-word.
#[inline]
pub fn in_house_entry(key: u64, bit: u8) -> Option<Entry> {
    let mask = ANY_SPELLING | u32::from(bit) << 4;
    probe(COMMON, COMMON_BITS, key, mask).or_else(|| probe(TABLE, BITS, key, mask))
}

/// The bits of a slot compared with a word's fingerprint when any
/// spelling will do.
const ANY_SPELLING: u32 = !127;

/// The slot of `word` (any case; `’` counts as `'`).
pub fn entry_of(word: &str) -> Option<Entry> {
    entry_of_key(fold_hash(word))
}

/// The counterparts of a word that some house spelling rejects, in every
/// other spelling ("color" for "colour"; the caller keeps those its house
/// accepts); none for a word of every spelling.
pub fn counterparts(word: &str) -> impl Iterator<Item = &'static str> {
    let key = fold_hash(word);
    let record = |at: usize| &HOUSE_INDEX[at * 16..at * 16 + 16];
    let number = |bytes: &[u8]| -> u64 {
        let mut le = [0u8; 8];
        le[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(le)
    };
    let (mut low, mut high) = (0, HOUSE_INDEX.len() / 16);
    let mut listed = "";
    while low < high {
        let middle = (low + high) / 2;
        let r = record(middle);
        match number(&r[..8]).cmp(&key) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => {
                let start = number(&r[8..12]) as usize;
                let length = number(&r[12..16]) as usize;
                listed = HOUSE_WORDS.get(start..start + length).unwrap_or_default();
                break;
            }
        }
    }
    listed.split(' ').filter(|w| !w.is_empty())
}

/// `word` as copy in house spelling `house` writes it: its one
/// counterpart there if the house spells it otherwise ("behavior" for
/// "behaviour" in American copy), else `word` itself.
pub fn in_house(word: &str, house: HouseSpelling) -> &str {
    if entry_of(word).is_none_or(|entry| entry.accepted_by(house)) {
        return word;
    }
    let mut accepted = counterparts(word)
        .filter(|other| entry_of(other).is_some_and(|entry| entry.accepted_by(house)));
    match (accepted.next(), accepted.next()) {
        (Some(only), None) => only,
        _ => word,
    }
}

/// A word's size class (1 = among the most common … 9 = rare), by its
/// folded hash; `None` if it is in no spelling's dictionary.
#[inline]
pub fn class_of_key(key: u64) -> Option<u8> {
    entry_of_key(key).map(Entry::class)
}

/// The slot of `key` whose bits under `compared` equal its fingerprint.
#[inline]
fn probe(table: &[u8], bits: u32, key: u64, compared: u32) -> Option<Entry> {
    let fingerprint = (key as u32) & !127;
    let mask = (1usize << bits) - 1;
    let mut at = (key >> (64 - bits)) as usize;
    loop {
        let slot = u32::from_le_bytes(
            table[at * 4..at * 4 + 4]
                .try_into()
                .expect("four bytes a slot"),
        );
        if slot == 0 {
            return None;
        }
        if slot & compared == fingerprint {
            return Some(Entry((slot & 127) as u8));
        }
        at = (at + 1) & mask;
    }
}

/// The size class of `word` (any case; `’` counts as `'`).
pub fn class_of(word: &str) -> Option<u8> {
    class_of_key(fold_hash(word))
}

/// Whether `word` is a dictionary word, or one with a possessive (`'s`,
/// `’s`, or a bare apostrophe after a plural's s).
pub fn is_word(word: &str) -> bool {
    class_of(word).is_some() || possessive_stem(word).is_some_and(|stem| class_of(stem).is_some())
}

/// The word before its possessive ending, if it has one.
pub fn possessive_stem(word: &str) -> Option<&str> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| {
            word.strip_suffix('\'')
                .or_else(|| word.strip_suffix('’'))
                .filter(|w| w.ends_with('s'))
        })
}

/// `Candidate::edit` of a house's counterpart of a word one edit away.
pub const HOUSE_COUNTERPART: u8 = 3;

/// A correction of a word at one edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub word: String,
    pub class: u8,
    /// The likelier slip first: 0 two letters swapped, 1 a letter added or
    /// dropped, 2 a letter changed; `HOUSE_COUNTERPART` for the house's
    /// spelling of a word one edit away ("behavior" for "behaviourr" in
    /// American copy).
    pub edit: u8,
}

/// The dictionary words one edit (a letter deleted, inserted or replaced,
/// or two neighbours swapped) from a lowercase ASCII `word`, most common
/// first (then alphabetical). The edits are generated and each looked up
/// in the table: about 54 look-ups a letter, some microseconds a word, paid
/// only for words that are not in the dictionary. Only words the house
/// spelling accepts: a word another house spells gives way to its
/// counterpart ("behaviourr" gives "behavior" in American copy,
/// `HOUSE_COUNTERPART`). None for a word that is not ASCII.
pub fn one_edit_away(word: &str, house: HouseSpelling) -> Vec<Candidate> {
    let bytes = word.as_bytes();
    let mut found: Vec<Candidate> = Vec::new();
    if !word.is_ascii() {
        return found;
    }
    let mut buffer: Vec<u8> = Vec::with_capacity(bytes.len() + 1);
    let try_word = |buffer: &[u8], edit: u8, found: &mut Vec<Candidate>| {
        if buffer.is_empty() {
            return;
        }
        let Some(entry) = entry_of_key(bytes_hash(buffer)) else {
            return;
        };
        let mut candidate = String::from_utf8_lossy(buffer).into_owned();
        let (mut class, mut edit) = (entry.class(), edit);
        if !entry.accepted_by(house) {
            // A word another house spells: its counterpart in this one.
            let other = in_house(&candidate, house);
            let Some(other_entry) = entry_of(other).filter(|e| e.accepted_by(house)) else {
                return;
            };
            (candidate, class, edit) = (other.to_string(), other_entry.class(), HOUSE_COUNTERPART);
        }
        match found.iter_mut().find(|c| c.word == candidate) {
            Some(c) => c.edit = c.edit.min(edit),
            None => found.push(Candidate {
                word: candidate,
                class,
                edit,
            }),
        }
    };
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    for i in 0..=bytes.len() {
        // Deletion of bytes[i].
        if i < bytes.len() {
            buffer.clear();
            buffer.extend_from_slice(&bytes[..i]);
            buffer.extend_from_slice(&bytes[i + 1..]);
            try_word(&buffer, 1, &mut found);
        }
        // Swap of bytes[i] and bytes[i + 1].
        if i + 1 < bytes.len() && bytes[i] != bytes[i + 1] {
            buffer.clear();
            buffer.extend_from_slice(bytes);
            buffer.swap(i, i + 1);
            try_word(&buffer, 0, &mut found);
        }
        for &letter in letters {
            // Replacement of bytes[i].
            if i < bytes.len() && bytes[i] != letter {
                buffer.clear();
                buffer.extend_from_slice(bytes);
                buffer[i] = letter;
                try_word(&buffer, 2, &mut found);
            }
            // Insertion before bytes[i].
            buffer.clear();
            buffer.extend_from_slice(&bytes[..i]);
            buffer.push(letter);
            buffer.extend_from_slice(&bytes[i..]);
            try_word(&buffer, 1, &mut found);
        }
    }
    found.sort_by(|a, b| (a.class, a.edit, &a.word).cmp(&(b.class, b.edit, &b.word)));
    found
}

/// Whether a word of size class `most` or more common that `house`
/// accepts is a letter added, a letter dropped or two neighbours swapped
/// away from lowercase ASCII `word`. The cheap cousin of `one_edit_away`
/// for a yes or no: no list, no allocation, the first such word ends the
/// search, and a letter changed for another (26 look-ups a letter, and the
/// rarer slip in a word that reads as a derived one) is not tried.
pub fn has_common_neighbour(word: &str, most: u8, house: HouseSpelling) -> bool {
    const LONGEST: usize = 48;
    let bytes = word.as_bytes();
    if bytes.len() + 1 > LONGEST || !word.is_ascii() {
        return false;
    }
    let mut buffer = [0u8; LONGEST];
    let is_common = |candidate: &[u8]| {
        !candidate.is_empty()
            && entry_of_key(bytes_hash(candidate))
                .is_some_and(|e| e.class() <= most && e.accepted_by(house))
    };
    let n = bytes.len();
    for i in 0..n {
        // bytes[i] dropped.
        buffer[..i].copy_from_slice(&bytes[..i]);
        buffer[i..n - 1].copy_from_slice(&bytes[i + 1..]);
        if is_common(&buffer[..n - 1]) {
            return true;
        }
        // bytes[i] and bytes[i + 1] swapped.
        if i + 1 < n && bytes[i] != bytes[i + 1] {
            buffer[..n].copy_from_slice(bytes);
            buffer.swap(i, i + 1);
            if is_common(&buffer[..n]) {
                return true;
            }
        }
    }
    for i in 0..=n {
        // A letter put in before bytes[i].
        buffer[..i].copy_from_slice(&bytes[..i]);
        buffer[i + 1..=n].copy_from_slice(&bytes[i..]);
        for letter in b'a'..=b'z' {
            buffer[i] = letter;
            if is_common(&buffer[..=n]) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_house_key(key: u64, bit: u8) -> bool {
        in_house_entry(key, bit).is_some()
    }

    #[test]
    fn a_common_neighbour_is_a_letter_added_dropped_or_swapped_away() {
        let american = HouseSpelling::American;
        // "refused" (a letter added), "deliberated" (dropped), "first"
        // (swapped), from the most common words.
        for typo in ["refussed", "delibrated", "fisrt"] {
            assert!(has_common_neighbour(typo, 5, american), "{typo}");
        }
        // A letter changed is not tried; nor are rare neighbours.
        assert!(!has_common_neighbour("refised", 5, american));
        assert!(!has_common_neighbour("cybersecurity", 5, american));
        // Each neighbour `has_common_neighbour` finds, `one_edit_away` lists.
        for word in ["refussed", "delibrated", "fisrt", "governmnt", "teh"] {
            let listed = one_edit_away(word, american)
                .iter()
                .any(|c| c.class <= 5 && c.edit < 2);
            assert_eq!(has_common_neighbour(word, 5, american), listed, "{word}");
        }
    }

    #[test]
    fn common_words_and_their_inflections_are_in() {
        for word in [
            "the",
            "government",
            "governments",
            "embraced",
            "running",
            "nonproliferation",
            "don't",
            "don’t",
            "ballistic",
        ] {
            assert!(is_word(word), "{word}");
        }
        assert_eq!(class_of("the"), Some(1));
    }

    #[test]
    fn possessives_are_words() {
        for word in ["government's", "government’s", "governments'", "ministers’"] {
            assert!(is_word(word), "{word}");
        }
        assert!(!is_word("goverment's"));
        assert!(!is_word("governmentt'"));
    }

    #[test]
    fn typos_are_not_words() {
        for word in ["goverment", "recieved", "teh", "thier", "nuclearprogram"] {
            assert!(!is_word(word), "{word}");
        }
    }

    #[test]
    fn candidates_are_one_edit_away_most_common_first() {
        let words = |w: &str| -> Vec<String> {
            one_edit_away(w, HouseSpelling::American)
                .into_iter()
                .map(|c| c.word)
                .collect()
        };
        assert_eq!(words("goverment"), ["government"]);
        assert_eq!(words("recieved")[0], "received");
        assert_eq!(words("teh").first().map(String::as_str), Some("the"));
        assert!(words("zzxqv").is_empty());
    }

    #[test]
    fn the_compiled_table_agrees_with_the_word_list() {
        let text = include_str!("../../../data/words-en-us.txt");
        let mut class = 0;
        let mut count = 0;
        for line in text.lines() {
            if line.starts_with("# size ") {
                class += 1;
            } else if !line.is_empty() && !line.starts_with('#') {
                count += 1;
                assert!(class_of(line).is_some_and(|c| c <= class), "{line}");
            }
        }
        assert!(count > 200_000, "only {count} words");
    }

    #[test]
    fn a_word_in_the_house_spelling() {
        assert_eq!(in_house("behaviour", HouseSpelling::American), "behavior");
        assert_eq!(in_house("behavior", HouseSpelling::British), "behaviour");
        assert_eq!(in_house("organize", HouseSpelling::BritishIze), "organize");
        assert_eq!(in_house("organise", HouseSpelling::BritishIze), "organize");
        assert_eq!(in_house("license", HouseSpelling::British), "license");
        assert_eq!(in_house("colour", HouseSpelling::Any), "colour");
        assert_eq!(in_house("zorbleck", HouseSpelling::American), "zorbleck");
        let key = |w: &str| fold_hash(w);
        let bit = house_bit;
        assert!(!in_house_key(key("colour"), bit(HouseSpelling::American)));
        assert!(in_house_key(key("colour"), bit(HouseSpelling::British)));
        assert!(in_house_key(key("colour"), bit(HouseSpelling::Any)));
        assert!(!in_house_key(
            key("organise"),
            bit(HouseSpelling::BritishIze)
        ));
        assert!(in_house_key(
            key("organize"),
            bit(HouseSpelling::BritishIze)
        ));
        assert!(!in_house_key(key("zorbleck"), bit(HouseSpelling::Any)));
        for house in [HouseSpelling::American, HouseSpelling::British] {
            assert!(in_house_key(key("the"), bit(house)));
            assert!(in_house_key(key("government"), bit(house)));
        }
    }

    #[test]
    fn the_house_spellings_agree_with_their_list_and_the_american_one() {
        let american: std::collections::HashSet<&str> =
            include_str!("../../../data/words-en-us.txt")
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
        let mut count = 0;
        for line in include_str!("../../../data/words-en-gb.txt").lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            count += 1;
            let (head, others) = line
                .split_once(" > ")
                .expect("word, spellings > counterparts");
            let mut head = head.split(' ');
            let word = head.next().unwrap();
            let spellings: Vec<&str> = head.collect();
            let entry = entry_of(word).unwrap_or_else(|| panic!("{word} is in the table"));
            for (name, house) in [
                ("us", HouseSpelling::American),
                ("gb", HouseSpelling::British),
                ("oxford", HouseSpelling::BritishIze),
            ] {
                assert_eq!(
                    entry.accepted_by(house),
                    spellings.contains(&name),
                    "{line}"
                );
            }
            assert!(entry.accepted_by(HouseSpelling::Any));
            // A word American copy takes is on the American list; no other.
            assert_eq!(american.contains(word), spellings.contains(&"us"), "{line}");
            assert_eq!(
                counterparts(word).collect::<Vec<_>>(),
                others.split(' ').collect::<Vec<_>>(),
                "{line}"
            );
        }
        assert!(count > 10_000, "only {count} house-dependent words");
        assert_eq!(counterparts("government").count(), 0);
        assert!(entry_of("government").is_some_and(|e| e.accepted_by(HouseSpelling::British)));
    }
}
