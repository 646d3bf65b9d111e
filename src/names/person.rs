//! An entity in the names knowledge base — a person, a place or an
//! organization — as written in `data/officials.toml` or a newsroom's own
//! names file (`[[person]]`, `[[place]]`, `[[organization]]`), and loading
//! those files.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::date::Date;
use crate::error::{FileError, shorten};

/// A position a person holds or held: a title, where, and from when to when
/// (each date a year, a month or a day; absent when not known).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub title: String,
    pub organization: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// For a position whose dates are not known: when it was last seen held.
    pub as_of: Option<String>,
    pub note: Option<String>,
}

impl Position {
    pub fn start_date(&self) -> Option<Date> {
        self.start.as_deref().and_then(Date::parse)
    }

    pub fn end_date(&self) -> Option<Date> {
        self.end.as_deref().and_then(Date::parse)
    }

    /// Whether the position has dates (a start or an end).
    pub fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }

    /// Whether the position is held on `date`: begun by then and not ended
    /// before. A position without dates is never known to be held.
    pub fn held_on(&self, date: Date) -> bool {
        self.is_dated()
            && self.start_date().is_none_or(|s| s.first_day() <= date)
            && self.end_date().is_none_or(|e| e.last_day() >= date)
    }

    /// "Chairman, Workers' Party of Korea" — the organization left out when
    /// the title already names it (see `names_organization`).
    pub fn role(&self) -> String {
        match &self.organization {
            Some(org) if !names_organization(&self.title, org) => {
                format!("{}, {org}", self.title)
            }
            _ => self.title.clone(),
        }
    }

    /// "(since 2022-06)", "(2016-06 to 2021-01)", "(as of 2016-10)".
    pub fn span(&self) -> String {
        match (&self.start, &self.end, &self.as_of) {
            (Some(start), Some(end), _) => format!("({start} to {end})"),
            (Some(start), None, _) => format!("(since {start})"),
            (None, Some(end), _) => format!("(until {end})"),
            (None, None, Some(as_of)) => format!("(as of {as_of})"),
            (None, None, None) => String::new(),
        }
    }
}

/// Whether `title` already names `organization`: in full, whatever the
/// case, the apostrophes and a leading "the" ("Chairman of the Workers’
/// Party of Korea"), or by its initials as a word of the title ("WPK
/// Central Committee" for the Workers' Party of Korea, "KCNA" for the
/// Korean Central News Agency).
pub fn names_organization(title: &str, organization: &str) -> bool {
    let plain = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                '’' | '‘' | '`' => '\'',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (title_plain, org_plain) = (plain(title), plain(organization));
    let org_plain = org_plain.strip_prefix("the ").unwrap_or(&org_plain);
    if !org_plain.trim().is_empty() && title_plain.contains(org_plain.trim()) {
        return true;
    }
    // The initials of the organization's capitalized words.
    let initials: String = organization
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    initials.chars().count() >= 2
        && title
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == initials)
}

/// Which table of a names file an entity comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    #[default]
    Person,
    Place,
    Organization,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Place, Kind::Organization];

    /// The table name: "person", "place", "organization".
    pub fn table(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
        }
    }
}

/// An entity of any kind (the name is historical: people came first). The
/// fields a kind does not use are refused when parsing.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Person, place or organization: set from the table it is written in.
    #[serde(skip)]
    pub entity: Kind,
    /// A place's or an organization's kind: "city", "border village",
    /// "news agency", "ministry".
    #[serde(rename = "kind")]
    pub category: Option<String>,
    /// An organization's abbreviation ("KCNA"): recognized, never flagged.
    pub abbreviation: Option<String>,
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
    /// One undated position (the older form; `positions` is the dated one):
    /// read as a position with `organization` and `as_of`.
    pub title: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
    pub as_of: Option<String>,
    /// Positions held, with their dates.
    #[serde(default)]
    pub positions: Vec<Position>,
    /// Birth date, where a source gives one.
    pub born: Option<String>,
    pub second_reference: Option<String>,
    pub description: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Person {
    /// Every position, the dated ones in order of start; the older single
    /// `title` (with `organization` and `as_of`) as one undated position.
    pub fn all_positions(&self) -> Vec<Position> {
        let mut positions = self.positions.clone();
        if let Some(title) = &self.title {
            positions.push(Position {
                title: title.clone(),
                organization: self.organization.clone(),
                as_of: self.as_of.clone(),
                ..Position::default()
            });
        }
        positions.sort_by_key(|p| p.start_date().map(Date::first_day));
        positions
    }

    /// The positions held on `date`.
    pub fn positions_on(&self, date: Date) -> Vec<Position> {
        self.all_positions()
            .into_iter()
            .filter(|p| p.held_on(date))
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    #[serde(default)]
    person: Vec<Person>,
    #[serde(default)]
    place: Vec<Person>,
    #[serde(default)]
    organization: Vec<Person>,
}

/// A names file's tables (people, places, organizations) by the TOML parser.
pub(super) fn parse_toml(file: &str, text: &str) -> Result<[Vec<Person>; 3], FileError> {
    let parsed: NamesFile =
        toml::from_str(text).map_err(|e| FileError::from_toml(file, text, &e))?;
    Ok([parsed.person, parsed.place, parsed.organization])
}

/// Fields only some kinds of entity have.
fn misplaced_field(entity: &Person) -> Option<&'static str> {
    match entity.entity {
        Kind::Person => [
            ("kind", entity.category.is_some()),
            ("abbreviation", entity.abbreviation.is_some()),
        ]
        .into_iter()
        .find(|(_, set)| *set),
        Kind::Place | Kind::Organization => [
            ("title", entity.title.is_some()),
            ("positions", !entity.positions.is_empty()),
            ("born", entity.born.is_some()),
            (
                "abbreviation",
                entity.entity == Kind::Place && entity.abbreviation.is_some(),
            ),
        ]
        .into_iter()
        .find(|(_, set)| *set),
    }
    .map(|(field, _)| field)
}

/// The built-in knowledge base: the names files below, read as one (each
/// begins with a table header, so none runs into the next). Their own tests
/// parse each file alone, naming it in errors (`tests/names_data.rs`).
pub const BUILTIN_OFFICIALS: &str = concat!(
    include_str!("../../data/officials.toml"),
    "\n",
    include_str!("../../data/names/countries.toml"),
    "\n",
    include_str!("../../data/names/states.toml"),
);

/// Parses a names file (`file` names it in errors). Broken entries and two
/// entries with one id are errors naming the file, the entry and the field.
pub fn parse(file: &str, text: &str) -> Result<Vec<Person>, FileError> {
    // The plain reader takes nearly every file; what it does not read
    // exactly as TOML does goes to the TOML parser, which names errors.
    let [person, place, organization] = match super::plain::parse(text) {
        Some(tables) => tables,
        None => parse_toml(file, text)?,
    };
    let mut ids = FxHashSet::default();
    let tables = [
        (Kind::Person, person),
        (Kind::Place, place),
        (Kind::Organization, organization),
    ];
    let mut people = Vec::with_capacity(tables.iter().map(|(_, t)| t.len()).sum());
    for (kind, table) in tables {
        for (n, mut person) in table.into_iter().enumerate() {
            person.entity = kind;
            check_entry(file, text, n, &mut person, &mut ids, &people)?;
            people.push(person);
        }
    }
    Ok(people)
}

/// Checks entry `n` of its table and gives it its default id.
fn check_entry(
    file: &str,
    text: &str,
    n: usize,
    person: &mut Person,
    ids: &mut FxHashSet<u64>,
    earlier: &[Person],
) -> Result<(), FileError> {
    {
        let entry = || {
            format!(
                "[[{}]] #{} (“{}”)",
                person.entity.table(),
                n + 1,
                shorten(&person.name)
            )
        };
        if let Some(field) = misplaced_field(person) {
            return Err(FileError::new(
                file,
                format!("{}: a {} has no `{field}`", entry(), person.entity.table()),
            )
            .with_key(field));
        }
        if person.name.trim().is_empty() {
            return Err(
                FileError::new(file, format!("{}: `name` is empty", entry())).with_key("name"),
            );
        }
        let spellings = std::iter::once(&person.name)
            .chain(&person.yonhap)
            .chain(&person.abbreviation)
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
        let dates = person
            .positions
            .iter()
            .flat_map(|p| [("start", &p.start), ("end", &p.end), ("as_of", &p.as_of)])
            .chain([("born", &person.born), ("as_of", &person.as_of)]);
        for (field, date) in dates {
            if let Some(date) = date.as_deref().filter(|d| Date::parse(d).is_none()) {
                return Err(FileError::new(
                    file,
                    format!(
                        "{}: `{field}` “{}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                        entry(),
                        shorten(date)
                    ),
                )
                .with_key(field));
            }
        }
        if person.id.is_empty() {
            person.id = person.name.clone();
        }
        if !ids.insert(id_hash(&person.id)) && earlier.iter().any(|p| p.id == person.id) {
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
    }
    Ok(())
}

/// `base` with `extra` laid over it: an entry with a known id replaces it,
/// a new id is added. Linear: ids are looked up in a map, not searched.
pub fn overlay(mut base: Vec<Person>, mut extra: Vec<Person>) -> Vec<Person> {
    // A large file over the small built-in set: the few built-in entries go
    // in front of the file's, in its own buffer, rather than the whole file
    // being copied into a second one (twice the memory at the peak).
    if extra.len() > base.len() && extra.len() > 1024 {
        let mut by_id: FxHashMap<u64, usize> = FxHashMap::default();
        for (at, person) in base.iter().enumerate() {
            by_id.entry(id_hash(&person.id)).or_insert(at);
        }
        let mut seen = FxHashSet::default();
        let replaces = |person: &Person| {
            by_id
                .get(&id_hash(&person.id))
                .filter(|&&at| base[at].id == person.id)
                .copied()
                .or_else(|| base.iter().position(|p| p.id == person.id))
        };
        // The last entry of the file with a built-in id replaces it.
        let moved: Vec<(usize, usize)> = extra
            .iter()
            .enumerate()
            .filter_map(|(k, person)| replaces(person).map(|at| (at, k)))
            .collect();
        let mut taken = vec![false; extra.len()];
        for &(at, k) in moved.iter().rev() {
            if seen.insert(at) {
                base[at] = std::mem::take(&mut extra[k]);
            }
            taken[k] = true;
        }
        let mut k = 0;
        extra.retain(|_| {
            k += 1;
            !taken[k - 1]
        });
        extra.splice(0..0, base);
        return extra;
    }
    // Keyed by the id's hash, not a copy of it; a hit is confirmed, and a
    // collision (two ids, one hash) falls back to a search.
    let mut by_id: FxHashMap<u64, usize> = FxHashMap::default();
    base.reserve(extra.len());
    for (at, person) in base.iter().enumerate() {
        by_id.entry(id_hash(&person.id)).or_insert(at);
    }
    for person in extra {
        let hash = id_hash(&person.id);
        let at = match by_id.get(&hash) {
            Some(&at) if base[at].id == person.id => Some(at),
            Some(_) => base.iter().position(|p| p.id == person.id),
            None => None,
        };
        match at {
            Some(at) => base[at] = person,
            None => {
                by_id.entry(hash).or_insert(base.len());
                base.push(person);
            }
        }
    }
    base
}

pub(super) fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
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
