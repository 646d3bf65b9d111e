//! The built-in knowledge base as data: every names file loads alone (so an
//! error names its own file and line), the built-in text is exactly those
//! files, there are at least 300 entities, each with a source, ids are
//! unique across files, and no spelling of one entity is a spelling of
//! another, but for the few real homonyms listed here.

use std::collections::HashMap;

use copydesk::names::person::{BUILTIN_OFFICIALS, parse};
use copydesk::names::{Kind, NameIndex, Person};

/// The built-in names files, in the order `BUILTIN_OFFICIALS` joins them.
const FILES: [(&str, &str); 3] = [
    (
        "data/officials.toml",
        include_str!("../data/officials.toml"),
    ),
    (
        "data/names/countries.toml",
        include_str!("../data/names/countries.toml"),
    ),
    (
        "data/names/states.toml",
        include_str!("../data/names/states.toml"),
    ),
];

/// Spellings two entities share because two real places bear the name: the
/// first listed is the one a text's mention resolves to; each card's note
/// points at the other.
const HOMONYMS: [&str; 2] = ["georgia", "washington"];

fn entities() -> Vec<Person> {
    FILES
        .iter()
        .flat_map(|(file, text)| parse(file, text).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn spellings(p: &Person) -> impl Iterator<Item = &String> {
    std::iter::once(&p.name)
        .chain(&p.yonhap)
        .chain(&p.abbreviation)
        .chain(&p.aliases)
        .chain(&p.variants)
}

#[test]
fn the_built_in_text_is_the_listed_files() {
    let joined: Vec<&str> = FILES.iter().map(|(_, text)| *text).collect();
    assert_eq!(BUILTIN_OFFICIALS, joined.join("\n"));
    let whole = parse("builtin", BUILTIN_OFFICIALS).expect("the joined files load");
    assert_eq!(whole.len(), entities().len());
}

#[test]
fn at_least_300_entities_each_with_a_source_and_a_unique_id() {
    let all = entities();
    let count = |kind: Kind| all.iter().filter(|p| p.entity == kind).count();
    println!(
        "built-in names: {} entities ({} people, {} places, {} organizations)",
        all.len(),
        count(Kind::Person),
        count(Kind::Place),
        count(Kind::Organization)
    );
    assert!(all.len() >= 300, "only {} entities", all.len());
    let unsourced: Vec<&str> = all
        .iter()
        .filter(|p| p.sources.iter().all(|s| s.trim().is_empty()))
        .map(|p| p.id.as_str())
        .collect();
    assert!(
        unsourced.is_empty(),
        "entities without a source: {unsourced:?}"
    );
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for p in &all {
        *ids.entry(p.id.as_str()).or_default() += 1;
    }
    let repeated: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "ids used twice: {repeated:?}");
}

#[test]
fn no_spelling_belongs_to_two_entities_but_the_listed_homonyms() {
    let all = entities();
    let mut owner: HashMap<String, &str> = HashMap::new();
    let mut clashes = Vec::new();
    for p in &all {
        let mut own: Vec<String> = spellings(p).map(|s| s.to_lowercase()).collect();
        own.sort();
        own.dedup();
        for s in own {
            match owner.get(&s) {
                Some(other) if !HOMONYMS.contains(&s.as_str()) => {
                    clashes.push(format!("“{s}”: {other} and {}", p.id));
                }
                Some(_) => {}
                None => {
                    owner.insert(s, &p.id);
                }
            }
        }
    }
    assert!(clashes.is_empty(), "shared spellings: {clashes:#?}");
    for homonym in HOMONYMS {
        let holders = all
            .iter()
            .filter(|p| spellings(p).any(|s| s.to_lowercase() == homonym))
            .count();
        assert_eq!(holders, 2, "“{homonym}” is listed as a homonym");
    }
}

#[test]
fn dated_positions_have_a_start_and_are_in_order() {
    // A position's end never comes before its start, and a position with an
    // end has a start: one without would be held on every earlier date
    // (`Position::held_on`), and a 2016 story's card would show it.
    for p in entities() {
        for pos in &p.positions {
            assert!(
                pos.end.is_none() || pos.start.is_some(),
                "{}: “{}” has an end but no start (use `as_of` and a note)",
                p.id,
                pos.title
            );
            if let (Some(start), Some(end)) = (pos.start_date(), pos.end_date()) {
                assert!(
                    start.first_day() <= end.last_day(),
                    "{}: “{}” ends before it starts",
                    p.id,
                    pos.title
                );
            }
        }
    }
    let index = NameIndex::builtin();
    assert!(index.people.len() >= 300);
}

/// Spellings the scanner cannot find in running text today: a period inside
/// a name other than after a one-letter initial ("St. Lucia", "U.S. Forces
/// Korea", "J.D. Vance") or an apostrophe before a space ("Workers' Party")
/// ends the name (`names::index::name_joined`). Each has a form that is found
/// ("Saint Lucia", "USFK", "USFJ", "JD Vance", "WPK"); the list may only shrink.
const NOT_FOUND_IN_TEXT: [&str; 9] = [
    "J.D. Vance",
    "Workers' Party of Korea",
    "St. Kitts and Nevis",
    "St. Lucia",
    "St. Vincent and the Grenadines",
    "St. John's",
    "St. George's",
    "U.S. Forces Korea",
    "U.S. Forces Japan",
];

#[test]
fn every_spelling_is_found_in_a_sentence_but_the_listed_ones() {
    use copydesk::engine::{Document, Format};
    let index = NameIndex::builtin();
    let mut missed = Vec::new();
    for k in 0..index.spellings.len() {
        let spelling = index.text(k);
        let text = format!("Officials said {spelling} met them.");
        let doc = Document::new(&text, Format::Plain);
        let found = index
            .scan(&doc)
            .iter()
            .any(|m| text[m.range.clone()] == *spelling);
        // A final period is the sentence's as much as the name's.
        if !found && !spelling.ends_with('.') {
            missed.push(spelling);
        }
    }
    let unexpected: Vec<&&str> = missed
        .iter()
        .filter(|s| !NOT_FOUND_IN_TEXT.contains(s))
        .collect();
    assert!(unexpected.is_empty(), "not found in text: {unexpected:?}");
}
