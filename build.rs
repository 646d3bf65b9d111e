//! Compiles the built-in rule data (`data/phrases.toml`,
//! `data/misspellings.toml`, `data/words.toml`) into Rust statics in
//! `OUT_DIR`, so that no run of copydesk parses it (parsing the lists at
//! every start cost more than checking a long story) and no generated file
//! lives in `src/`. The TOML files stay the one place rule data is edited;
//! the tests check that what was compiled in equals what the files say, and
//! the phrase examples still run as tests from the TOML itself.

use std::fmt::Write;
use std::path::{Path, PathBuf};

// The word hash the engine's tokenizer computes, so that the dictionary is
// keyed exactly as words arrive.
#[allow(dead_code)]
#[path = "src/engine/fold.rs"]
mod fold;

fn main() {
    for file in ["phrases.toml", "misspellings.toml", "words.toml"] {
        println!("cargo::rerun-if-changed=data/{file}");
    }
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write(&out.join("lexicon_builtin.rs"), &lexicon());
    write(&out.join("word_lists.rs"), &word_lists());
    println!("cargo::rerun-if-changed=data/{DICTIONARY}");
    println!("cargo::rerun-if-changed=data/{HOUSE_SPELLINGS}");
    let (all, common, counterparts) = dictionary();
    for (name, table) in [("dictionary.bin", all), ("dictionary_common.bin", common)] {
        std::fs::write(out.join(name), table).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let (index, words) = counterparts;
    std::fs::write(out.join("house_index.bin"), index).expect("house_index.bin");
    write(&out.join("house_words.txt"), &words);
}

fn write(path: &Path, contents: &str) {
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn table(file: &str) -> toml::Table {
    let path = Path::new("data").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A list of strings, or one string as a list of one.
fn strings(value: Option<&toml::Value>, what: &str) -> Vec<String> {
    match value {
        None => Vec::new(),
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .unwrap_or_else(|| panic!("{what}: {item} is not a string"))
                    .to_string()
            })
            .collect(),
        Some(other) => panic!("{what}: {other} is not a string or a list of strings"),
    }
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", quoted.join(", "))
}

fn lexicon() -> String {
    let mut out = String::from("pub static PHRASES: &[StaticPhrase] = &[\n");
    let phrases = table("phrases.toml");
    let entries = phrases
        .get("phrase")
        .and_then(toml::Value::as_array)
        .expect("data/phrases.toml: [[phrase]] entries");
    for (index, entry) in entries.iter().enumerate() {
        let what = format!("data/phrases.toml: phrase {}", index + 1);
        let field = |key: &str| strings(entry.get(key), &format!("{what}, `{key}`"));
        let one = |key: &str| {
            field(key)
                .pop()
                .unwrap_or_else(|| panic!("{what}: no `{key}`"))
        };
        write!(
            out,
            "    StaticPhrase {{ find: {:?}, replace: {}, message: {:?}",
            one("find"),
            list(&field("replace")),
            one("message")
        )
        .expect("writing to a string");
        for key in ["next", "not_next", "prev", "not_prev"] {
            let items = field(key);
            if !items.is_empty() {
                write!(out, ", {key}: {}", list(&items)).expect("writing to a string");
            }
        }
        out.push_str(", ..StaticPhrase::NO_CONTEXT },\n");
    }
    out.push_str("];\n\npub static MISSPELLINGS: &[(&str, &[&str])] = &[\n");
    let misspellings = table("misspellings.toml");
    let words = misspellings
        .get("misspellings")
        .and_then(toml::Value::as_table)
        .expect("data/misspellings.toml: a [misspellings] table");
    for (word, corrections) in words {
        let corrections = strings(
            Some(corrections),
            &format!("data/misspellings.toml: {word}"),
        );
        writeln!(out, "    ({word:?}, {}),", list(&corrections)).expect("writing to a string");
    }
    out.push_str("];\n");
    out
}

fn word_lists() -> String {
    let words = table("words.toml");
    let section = |name: &str| {
        words
            .get(name)
            .and_then(toml::Value::as_table)
            .unwrap_or_else(|| panic!("data/words.toml: no [{name}] table"))
    };
    let mut out = String::new();
    let mut static_list = |name: &str, table: &toml::Table, key: &str| {
        let items = strings(table.get(key), &format!("data/words.toml: {key}"));
        assert!(!items.is_empty(), "data/words.toml: `{key}` is empty");
        writeln!(out, "pub static {name}: &[&str] = {};", list(&items)).expect("writing");
    };
    let classes = section("classes");
    for (name, key) in [
        ("WEEKDAYS", "weekday"),
        ("MONTHS", "month"),
        ("NUMBER_WORDS", "number"),
        ("TIME_WORDS", "time"),
        ("DETERMINERS", "determiner"),
        ("PRONOUNS", "pronoun"),
        ("IRREGULAR_PARTICIPLES", "participle"),
    ] {
        static_list(name, classes, key);
    }
    static_list("ABBREVIATIONS", section("sentences"), "abbreviations");
    static_list("DOMAINS", section("addresses"), "domains");
    static_list("SPELLING_PREFIXES", section("spelling"), "prefixes");
    static_list("SPELLING_UNITS", section("spelling"), "units");
    static_list("SPELLING_FUNCTION_WORDS", section("spelling"), "function");
    static_list("SPELLING_DERIVED_ENDINGS", section("spelling"), "derived");
    static_list("SPELLING_CAMEL_HEADS", section("spelling"), "camel_heads");
    static_list(
        "SPELLING_RARE_WORDS_KEPT",
        section("spelling"),
        "rare_words_kept",
    );
    out.push_str("pub static CALENDAR: &[MonthSpec] = &[\n");
    let months = words
        .get("month")
        .and_then(toml::Value::as_array)
        .expect("data/words.toml: [[month]] entries");
    assert_eq!(
        months.len(),
        12,
        "data/words.toml: twelve [[month]] entries"
    );
    for month in months {
        let full = strings(month.get("full"), "data/words.toml: month `full`");
        let ap = strings(month.get("ap"), "data/words.toml: month `ap`");
        let written = strings(month.get("written"), "data/words.toml: month `written`");
        writeln!(
            out,
            "    MonthSpec {{ full: {:?}, ap: {:?}, written: {} }},",
            full[0],
            ap.first(),
            list(&written)
        )
        .expect("writing to a string");
    }
    out.push_str("];\n");
    out
}

/// The spelling dictionary (`data/words-en-us.txt`), and the words whose
/// spelling depends on the house (`data/words-en-gb.txt`).
const DICTIONARY: &str = "words-en-us.txt";
const HOUSE_SPELLINGS: &str = "words-en-gb.txt";
/// log2 of the dictionary's slots, and of the slots of its most common
/// words (sizes 10 and 20); `rules/dictionary.rs` says the same.
const DICTIONARY_BITS: u32 = 19;
const COMMON_BITS: u32 = 15;

/// The spelling dictionary as an open-addressing hash table of 2^19 u32
/// slots, little-endian: each word's slot holds bits of its `fold` hash
/// above the low seven; bits 4 to 6 hold the house spellings that do not
/// accept it (1 American, 2 British, 4 British with -ize; 0 for a word of
/// every spelling) and the low four its size class (1 = SCOWL size 10 …
/// 9 = size 80); 0 is an empty slot. A word is found at the slot its hash's
/// top bits name, or after it (linear probing). Read in place with
/// `include_bytes!`: nothing is parsed or built at run time. The second
/// table, of the words of sizes 10 and 20 alone (128 KB, which stays in
/// cache), answers most words of running text before the large one is
/// read. The third value is each house-dependent word's counterparts: an
/// index of 16-byte records (the word's hash, the offset and length of its
/// counterparts in the text), sorted by hash for a binary search, and the
/// text, the counterparts space-separated. Integers and one text, so that
/// loading the binary relocates nothing for them.
#[allow(clippy::type_complexity)]
fn dictionary() -> (Vec<u8>, Vec<u8>, (Vec<u8>, String)) {
    let read = |file: &str| {
        let path = Path::new("data").join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let mut all = vec![0u32; 1 << DICTIONARY_BITS];
    let mut common = vec![0u32; 1 << COMMON_BITS];
    let mut counterparts: Vec<(u64, String)> = Vec::new();
    for file in [DICTIONARY, HOUSE_SPELLINGS] {
        let text = read(file);
        let mut class = 0u32;
        for (n, line) in text.lines().map(str::trim).enumerate() {
            if let Some(size) = line.strip_prefix("# size ") {
                class += 1;
                assert!(class < 16, "{file}: more than fifteen sizes ({size})");
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert!(class > 0, "{file}: {line:?} before the first `# size`");
            let (word, rejected) = if file == HOUSE_SPELLINGS {
                let (word, others) =
                    house_line(line).unwrap_or_else(|e| panic!("{file}:{}: {e}: {line:?}", n + 1));
                counterparts.push((fold::bytes_hash(word.as_bytes()), others.join(" ")));
                (word, rejected_by(line))
            } else {
                (line, 0)
            };
            let hash = fold::bytes_hash(word.as_bytes());
            insert(&mut all, DICTIONARY_BITS, hash, rejected << 4 | class);
            if class <= 2 {
                insert(&mut common, COMMON_BITS, hash, rejected << 4 | class);
            } else {
                // A common American word may be listed as rarer there.
                mark(&mut common, COMMON_BITS, hash, rejected << 4);
            }
        }
    }
    let bytes = |slots: Vec<u32>| -> Vec<u8> {
        let used = slots.iter().filter(|&&s| s != 0).count();
        assert!(
            used * 10 < slots.len() * 7,
            "{DICTIONARY}: {used} words fill more than 70% of a table; raise its bits"
        );
        slots.iter().flat_map(|slot| slot.to_le_bytes()).collect()
    };
    counterparts.sort();
    let mut index = Vec::with_capacity(counterparts.len() * 16);
    let mut words = String::new();
    for (hash, others) in &counterparts {
        let offset = u32::try_from(words.len()).expect("counterparts under 4 GB");
        let length = u32::try_from(others.len()).expect("a short line");
        index.extend_from_slice(&hash.to_le_bytes());
        index.extend_from_slice(&offset.to_le_bytes());
        index.extend_from_slice(&length.to_le_bytes());
        words.push_str(others);
    }
    (bytes(all), bytes(common), (index, words))
}

/// A line of `words-en-gb.txt`: the word and its counterparts.
fn house_line(line: &str) -> Result<(&str, Vec<&str>), &'static str> {
    let (head, others) = line
        .split_once(" > ")
        .ok_or("no \" > \" before the counterparts")?;
    let mut head = head.split(' ');
    let word = head.next().ok_or("no word")?;
    for spelling in head {
        if !["us", "gb", "oxford"].contains(&spelling) {
            return Err("a spelling other than us, gb or oxford");
        }
    }
    let others: Vec<&str> = others.split(' ').filter(|w| !w.is_empty()).collect();
    if others.is_empty() {
        return Err("no counterpart");
    }
    Ok((word, others))
}

/// The house spellings that do not accept a line's word, as bits (1
/// American, 2 British, 4 British with -ize).
fn rejected_by(line: &str) -> u32 {
    let head = line.split(" > ").next().unwrap_or_default();
    let accepts = |spelling: &str| head.split(' ').skip(1).any(|s| s == spelling);
    [("us", 1), ("gb", 2), ("oxford", 4)]
        .iter()
        .filter(|(spelling, _)| !accepts(spelling))
        .map(|(_, bit)| bit)
        .sum()
}

/// Adds the bits of `rejected` to a word's slot, if the word is in the
/// table.
fn mark(slots: &mut [u32], bits: u32, hash: u64, rejected: u32) {
    let fingerprint = (hash as u32) & !127;
    let mut at = (hash >> (64 - bits)) as usize;
    while slots[at] != 0 {
        if slots[at] & !127 == fingerprint {
            slots[at] |= rejected;
            return;
        }
        at = (at + 1) & ((1 << bits) - 1);
    }
}

/// Puts a word's hash, class and rejecting spellings into the first free
/// slot from the one its hash's top `bits` bits name (a word listed twice
/// keeps its first class, and adds the spellings that reject it).
fn insert(slots: &mut [u32], bits: u32, hash: u64, value: u32) {
    let fingerprint = (hash as u32) & !127;
    let mut at = (hash >> (64 - bits)) as usize;
    loop {
        let slot = &mut slots[at];
        if *slot == 0 {
            *slot = fingerprint | value;
            return;
        }
        if *slot & !127 == fingerprint {
            // A house-dependent word already listed as American keeps its
            // class and takes the spellings that do not accept it.
            *slot |= value & 0x70;
            return;
        }
        at = (at + 1) & ((1 << bits) - 1);
    }
}
