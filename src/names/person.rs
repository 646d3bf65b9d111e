//! A person in the names knowledge base, as written in `data/officials.toml`
//! or a newsroom's own names file, and loading those files.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::error::{FileError, shorten};

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Stable key; a newsroom file overrides an entry by id. Defaults to `name`.
    #[serde(default)]
    pub id: String,
    /// House spelling (the AP wire form).
    pub name: String,
    /// House spelling under `romanization = "yonhap"`, where it differs.
    pub yonhap: Option<String>,
    /// Wrong or off-house spellings: flagged, with the house spelling as fix.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Accepted forms: recognized for hover, never flagged.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub native: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
    pub as_of: Option<String>,
    pub second_reference: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    #[serde(default)]
    person: Vec<Person>,
}

pub const BUILTIN_OFFICIALS: &str = include_str!("../../data/officials.toml");

/// Parses a names file (`file` names it in errors). Broken entries and two
/// entries with one id are errors naming the file, the entry and the field.
pub fn parse(file: &str, text: &str) -> Result<Vec<Person>, FileError> {
    let parsed: NamesFile =
        toml::from_str(text).map_err(|e| FileError::from_toml(file, text, &e))?;
    let mut ids = FxHashSet::default();
    let mut people = Vec::with_capacity(parsed.person.len());
    for (n, mut person) in parsed.person.into_iter().enumerate() {
        let entry = || format!("[[person]] #{} (“{}”)", n + 1, shorten(&person.name));
        if person.name.trim().is_empty() {
            return Err(
                FileError::new(file, format!("{}: `name` is empty", entry())).with_key("name"),
            );
        }
        let spellings = std::iter::once(&person.name)
            .chain(&person.yonhap)
            .chain(&person.variants)
            .chain(&person.aliases);
        if let Some(bad) = spellings
            .clone()
            .find(|s| !s.chars().any(char::is_alphabetic))
        {
            return Err(FileError::new(
                file,
                format!("{}: “{}” is not a name", entry(), shorten(bad)),
            )
            .with_key("variants"));
        }
        if person.id.is_empty() {
            person.id = person.name.clone();
        }
        if !ids.insert(person.id.clone()) {
            let message = format!(
                "{}: id “{}” is used by an earlier entry in this file",
                entry(),
                shorten(&person.id)
            );
            let mut err = FileError::new(file, message).with_key("id");
            err.line = text
                .match_indices(&format!("\"{}\"", person.id))
                .nth(1)
                .map(|(at, _)| crate::error::line_of(text, at));
            return Err(err);
        }
        people.push(person);
    }
    Ok(people)
}

/// `base` with `extra` laid over it: an entry with a known id replaces it,
/// a new id is added. Linear: ids are looked up in a map, not searched.
pub fn overlay(mut base: Vec<Person>, extra: Vec<Person>) -> Vec<Person> {
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
    for (at, person) in base.iter().enumerate() {
        by_id.entry(person.id.clone()).or_insert(at);
    }
    for person in extra {
        match by_id.get(&person.id) {
            Some(&at) => base[at] = person,
            None => {
                by_id.insert(person.id.clone(), base.len());
                base.push(person);
            }
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_default_to_the_name_and_newsroom_entries_override_by_id() {
        let base = parse(
            "a.toml",
            "[[person]]\nname = \"Han Song Ryol\"\n[[person]]\nid = \"x\"\nname = \"Old\"\n",
        )
        .unwrap();
        assert_eq!(base[0].id, "Han Song Ryol");
        let extra = parse(
            "b.toml",
            "[[person]]\nid = \"x\"\nname = \"New\"\n[[person]]\nname = \"Added\"\n",
        )
        .unwrap();
        let merged = overlay(base, extra);
        let names: Vec<&str> = merged.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Han Song Ryol", "New", "Added"]);
    }

    #[test]
    fn broken_entries_name_file_entry_and_field() {
        let err = parse(
            "desk/names.toml",
            "[[person]]\nname = \"A B\"\ntitel = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("desk/names.toml", Some(3)));
        assert!(err.to_string().contains("titel"), "{err}");
        let err = parse(
            "desk/names.toml",
            "[[person]]\nid = \"a\"\nname = \"A B\"\n[[person]]\nid = \"a\"\nname = \"C D\"\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "desk/names.toml:5: key `id`: [[person]] #2 (“C D”): id “a” is used by an earlier entry in this file"
        );
        let err = parse("n.toml", "[[person]]\nname = \" \"\n").unwrap_err();
        assert!(err.to_string().contains("`name` is empty"), "{err}");
    }

    #[test]
    fn a_large_file_overlays_in_linear_time() {
        // 20,000 entries, half of them overriding the first half by id: the
        // old overlay searched the whole list for each (quadratic); time is
        // measured in `benches/names.rs`, this holds the result.
        let entries = |from: usize, to: usize, tag: &str| {
            (from..to)
                .map(|n| format!("[[person]]\nid = \"p{n}\"\nname = \"{tag} Person{n}\"\n"))
                .collect::<String>()
        };
        let base = parse("a.toml", &entries(0, 10_000, "Old")).unwrap();
        let extra = parse("b.toml", &entries(5_000, 20_000, "New")).unwrap();
        let merged = overlay(base, extra);
        assert_eq!(merged.len(), 20_000);
        assert_eq!(merged[4_999].name, "Old Person4999");
        assert_eq!(merged[5_000].name, "New Person5000");
        assert_eq!(merged[19_999].id, "p19999");
    }
}
