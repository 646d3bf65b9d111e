//! Importers: a newsroom's names file made from Wikidata entity JSON or from
//! a names spreadsheet (CSV), written in the names-file schema
//! (`person.rs`) with the source of every field. Pure: the CLI
//! (`cli/names_import.rs`) reads the input and writes the output.
//!
//! **Wikidata.** The input is the JSON of `Special:EntityData/Q….json`
//! (`{"entities": {"Q…": {…}}}`), a JSON array of entities, or a dump with
//! one entity per line (with or without the dump's `[`, `]` and trailing
//! commas). Each entity that is a person, a place or an organization
//! becomes an entry with id `Q…`:
//!
//! * `name`: the English label (else the multilingual `mul` one); `native`:
//!   the Korean label, else the Japanese, else the Chinese; `aliases`: the
//!   English aliases and the other Korean, Japanese and Chinese labels and
//!   aliases (accepted forms: never flagged — a desk moves the ones it does
//!   not want to `variants`);
//! * `positions`: each "position held" (P39) not deprecated, its title the
//!   label of the position, with start (P580) and end (P582) and as
//!   organization the label of its "of" (P642) qualifier, else of "applies
//!   to jurisdiction" (P1001), else — the position's own item being in the
//!   input — of the organization the position directs (P2389) or its
//!   jurisdiction;
//! * `born`: date of birth (P569), to the precision Wikidata gives (a day, a
//!   month or a year; coarser is left out);
//! * `country`: country of citizenship (P27) for a person, country (P17)
//!   otherwise; `abbreviation` of an organization: its English short name
//!   (P1813); `kind` of a place or organization: the label of what it is an
//!   instance of (P31).
//!
//! Labels of positions, organizations and countries are taken from the
//! entities of the same input; one that is not there is written as its QID,
//! with a note saying so. Which kind an entity is comes from "instance of"
//! (P31): human (Q5) is a person; the settlements, administrative divisions,
//! countries and the like in `PLACES` are places, the organization types in
//! `ORGANIZATIONS` organizations; a class that is neither but is in the
//! input is judged by its English label ("… city", "… agency", "… party");
//! the rest (positions, classes) only lend their labels. `--kind` forces one.
//!
//! **CSV.** The first row names the columns: `id`, `type` (person, place or
//! organization; person when absent), `name` and the other keys of the
//! names-file schema (`yonhap`, `native`, `variants`, `aliases`,
//! `abbreviation`, `kind`, `country`, `born`, `second_reference`,
//! `description`, `note`, `sources`) and the keys of one position (`title`,
//! `organization`, `start`, `end`, `as_of`). `--columns name=1,native=3`
//! names them by column number (from 1) instead. Lists (`variants`,
//! `aliases`, `sources`) are separated by `;`. Rows with the same `id` (or,
//! without ids, the same name) are one entity: each adds its position.
//! Fields are quoted as RFC 4180 says (`"a, b"`, `""` for a quote); a file
//! named `.tsv` is split at tabs.

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::date::Date;
use super::person::{Kind, Person, Position};
use crate::error::{FileError, line_of, shorten};

/// What an import made: the entities, and notes for the user (entities
/// skipped, labels not found).
#[derive(Debug, Default)]
pub struct Imported {
    pub entities: Vec<Person>,
    pub notes: Vec<String>,
}

/// Instance-of classes that make an entity a place.
pub const PLACES: &[(&str, &str)] = &[
    ("Q515", "city"),
    ("Q1549591", "big city"),
    ("Q1637706", "city with millions of inhabitants"),
    ("Q5119", "capital city"),
    ("Q486972", "human settlement"),
    ("Q532", "village"),
    ("Q3957", "town"),
    ("Q6256", "country"),
    ("Q3624078", "sovereign state"),
    ("Q35657", "U.S. state"),
    ("Q10864048", "first-level administrative division"),
    ("Q23442", "island"),
    ("Q1248784", "airport"),
    ("Q245016", "military base"),
];

/// Instance-of classes that make an entity an organization.
pub const ORGANIZATIONS: &[(&str, &str)] = &[
    ("Q43229", "organization"),
    ("Q4830453", "business"),
    ("Q783794", "company"),
    ("Q891723", "public company"),
    ("Q7278", "political party"),
    ("Q327333", "government agency"),
    ("Q192350", "ministry"),
    ("Q1193236", "news agency"),
    ("Q484652", "international organization"),
    ("Q245065", "intergovernmental organization"),
    ("Q2659904", "government organization"),
    ("Q163740", "nonprofit organization"),
    ("Q11032", "newspaper"),
    ("Q11204", "legislature"),
];

/// Words of a class's English label that make its instances places or
/// organizations, when the class is in the input but not in the tables.
const PLACE_WORDS: &[&str] = &[
    "city",
    "town",
    "village",
    "county",
    "province",
    "country",
    "state",
    "settlement",
    "municipality",
    "district",
    "region",
    "island",
    "port",
    "base",
];
const ORGANIZATION_WORDS: &[&str] = &[
    "organization",
    "organisation",
    "agency",
    "party",
    "ministry",
    "company",
    "committee",
    "council",
    "assembly",
    "parliament",
    "newspaper",
    "broadcaster",
    "corporation",
    "department",
    "commission",
];

/// The languages whose labels are read: English for the name, the others
/// for the native form and aliases.
const NATIVE_LANGUAGES: [&str; 3] = ["ko", "ja", "zh"];

struct Entity<'a> {
    value: &'a Value,
    line: Option<usize>,
}

/// Reads Wikidata entity JSON (`file` names it in errors); `force` gives
/// every entity that kind instead of judging it by "instance of".
pub fn from_wikidata(file: &str, text: &str, force: Option<Kind>) -> Result<Imported, FileError> {
    let values = wikidata_values(file, text)?;
    let mut entities: Vec<Entity<'_>> = Vec::new();
    for (value, line) in &values {
        match value.get("entities").and_then(Value::as_object) {
            Some(map) => entities.extend(map.values().map(|value| Entity { value, line: *line })),
            None => match value.as_array() {
                Some(list) => {
                    entities.extend(list.iter().map(|value| Entity { value, line: *line }))
                }
                None => entities.push(Entity { value, line: *line }),
            },
        }
    }
    let mut by_id: FxHashMap<&str, &Value> = FxHashMap::default();
    for entity in &entities {
        let Some(id) = entity.value.get("id").and_then(Value::as_str) else {
            let err = FileError::new(file, "an entity without an `id`").with_key("id");
            return Err(match entity.line {
                Some(line) => err.at_line(line),
                None => err,
            });
        };
        by_id.insert(id, entity.value);
    }
    let mut out = Imported::default();
    let mut label_only = Vec::new();
    for entity in &entities {
        let id = entity.value["id"].as_str().unwrap_or_default();
        let line = entity
            .line
            .or_else(|| text.find(&format!("\"{id}\"")).map(|at| line_of(text, at)));
        let context = Context {
            file,
            id,
            line,
            by_id: &by_id,
        };
        let kind = match force {
            Some(kind) => Some(kind),
            None => context.kind(entity.value),
        };
        match kind {
            Some(kind) => out
                .entities
                .push(context.entity(entity.value, kind, &mut out.notes)?),
            None => label_only.push(id),
        }
    }
    if !label_only.is_empty() {
        out.notes.push(format!(
            "{}: {} not a person, place or organization, read for labels only: {}",
            file,
            if label_only.len() == 1 {
                "1 entity"
            } else {
                "entities"
            },
            label_only.join(", ")
        ));
    }
    Ok(out)
}

/// The JSON values of the input with the line each starts on when the
/// input is a dump of one entity per line.
fn wikidata_values(file: &str, text: &str) -> Result<Vec<(Value, Option<usize>)>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Ok(vec![(value, None)]);
    }
    let mut values = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let entity = line.trim().trim_end_matches(',');
        if entity.is_empty() || entity == "[" || entity == "]" {
            continue;
        }
        let value: Value = serde_json::from_str(entity).map_err(|e| {
            FileError::new(
                file,
                format!(
                    "not Wikidata entity JSON (column {}: {e})",
                    e.column() + line.len() - line.trim_start().len()
                ),
            )
            .at_line(n + 1)
        })?;
        values.push((value, Some(n + 1)));
    }
    Ok(values)
}

struct Context<'a> {
    file: &'a str,
    id: &'a str,
    line: Option<usize>,
    by_id: &'a FxHashMap<&'a str, &'a Value>,
}

impl Context<'_> {
    fn error(&self, field: &str, message: impl std::fmt::Display) -> FileError {
        let err =
            FileError::new(self.file, format!("entity {}: {message}", self.id)).with_key(field);
        match self.line {
            Some(line) => err.at_line(line),
            None => err,
        }
    }

    /// What "instance of" makes the entity, if anything we keep.
    fn kind(&self, entity: &Value) -> Option<Kind> {
        let classes = item_values(entity, "P31");
        if classes.contains(&"Q5") {
            return Some(Kind::Person);
        }
        let listed = |table: &[(&str, &str)]| {
            classes
                .iter()
                .any(|class| table.iter().any(|(q, _)| q == class))
        };
        if listed(PLACES) {
            return Some(Kind::Place);
        }
        if listed(ORGANIZATIONS) {
            return Some(Kind::Organization);
        }
        classes.iter().find_map(|class| {
            let label = label(self.by_id.get(class)?, "en")?.to_lowercase();
            let has = |words: &[&str]| {
                label
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| words.contains(&w))
            };
            if has(PLACE_WORDS) {
                Some(Kind::Place)
            } else if has(ORGANIZATION_WORDS) {
                Some(Kind::Organization)
            } else {
                None
            }
        })
    }

    /// The label of item `qid`: from the input, else from the class
    /// tables, else the QID itself with a note.
    fn label_of(&self, qid: &str, what: &str, notes: &mut Vec<String>) -> (String, bool) {
        if let Some(found) = self.by_id.get(qid).and_then(|e| name_label(e)) {
            return (found.to_string(), true);
        }
        if let Some((_, label)) = PLACES.iter().chain(ORGANIZATIONS).find(|(q, _)| *q == qid) {
            return ((*label).to_string(), true);
        }
        notes.push(format!(
            "{}: entity {}: the {what} {qid} is not in the input; written as its QID",
            self.file, self.id
        ));
        (qid.to_string(), false)
    }

    fn entity(
        &self,
        entity: &Value,
        kind: Kind,
        notes: &mut Vec<String>,
    ) -> Result<Person, FileError> {
        let name = name_label(entity).ok_or_else(|| {
            self.error(
                "labels.en",
                "no English (or `mul`) label to use as the name",
            )
        })?;
        let mut fields = vec!["name"];
        let mut person = Person {
            entity: kind,
            id: self.id.to_string(),
            name: name.to_string(),
            ..Person::default()
        };
        let mut aliases: Vec<String> = aliases(entity, "en");
        for language in NATIVE_LANGUAGES {
            if let Some(native) = label(entity, language) {
                if person.native.is_none() {
                    person.native = Some(native.to_string());
                    fields.push("native");
                } else {
                    aliases.push(native.to_string());
                }
            }
            aliases.extend(aliases_in(entity, language));
        }
        let mut seen = std::collections::HashSet::new();
        seen.insert(person.name.clone());
        aliases.retain(|a| {
            a.chars().any(char::is_alphabetic)
                && Some(a) != person.native.as_ref()
                && seen.insert(a.clone())
        });
        if !aliases.is_empty() {
            fields.push("aliases");
        }
        person.aliases = aliases;
        let country = if kind == Kind::Person { "P27" } else { "P17" };
        if let Some(&qid) = item_values(entity, country).first() {
            let (country, found) = self.label_of(qid, "country", notes);
            if !found {
                person.note = Some(format!(
                    "Country is Wikidata {qid}, whose label was not in the imported file."
                ));
            }
            person.country = Some(country);
            fields.push("country");
        }
        match kind {
            Kind::Person => {
                if let Some(snak) = claims(entity, "P569").next() {
                    if let Some(born) = self.time(snak, "claims.P569")? {
                        person.born = Some(born);
                        fields.push("born");
                    }
                }
                for statement in claims_statements(entity, "P39") {
                    person.positions.push(self.position(statement, notes)?);
                }
                if !person.positions.is_empty() {
                    fields.push("positions");
                }
            }
            Kind::Place | Kind::Organization => {
                if let Some(&class) = item_values(entity, "P31").first() {
                    person.category = Some(self.label_of(class, "class", notes).0);
                    fields.push("kind");
                }
                if kind == Kind::Organization {
                    person.abbreviation = claims(entity, "P1813")
                        .filter_map(|snak| snak.pointer("/datavalue/value"))
                        .find(|v| v["language"] == "en")
                        .and_then(|v| v["text"].as_str())
                        .filter(|a| *a != person.name)
                        .map(str::to_string);
                    if person.abbreviation.is_some() {
                        fields.push("abbreviation");
                    }
                }
            }
        }
        person.sources = vec![format!("Wikidata {}, CC0 ({})", self.id, fields.join(", "))];
        Ok(person)
    }

    fn position(&self, statement: &Value, notes: &mut Vec<String>) -> Result<Position, FileError> {
        let qid = statement
            .pointer("/mainsnak/datavalue/value/id")
            .and_then(Value::as_str)
            .ok_or_else(|| self.error("claims.P39", "a position held (P39) without an item"))?;
        let (title, found) = self.label_of(qid, "position", notes);
        let qualifier = |property: &str| {
            statement
                .pointer(&format!("/qualifiers/{property}"))
                .and_then(Value::as_array)
                .and_then(|q| q.first())
        };
        let mut position = Position {
            title,
            ..Position::default()
        };
        if !found {
            position.note = Some(format!(
                "Title is Wikidata {qid}, whose label was not in the imported file."
            ));
        }
        // The statement's own "of" or jurisdiction; else, the position's
        // item being in the input, the organization it directs (P2389) or
        // its jurisdiction.
        let position_item = self.by_id.get(qid);
        let organization = ["P642", "P1001"]
            .into_iter()
            .find_map(|property| {
                qualifier(property)
                    .and_then(|q| q.pointer("/datavalue/value/id"))
                    .and_then(Value::as_str)
            })
            .or_else(|| {
                let item = position_item?;
                ["P2389", "P1001"]
                    .into_iter()
                    .find_map(|property| item_values(item, property).first().copied())
            });
        if let Some(org) = organization {
            position.organization = Some(self.label_of(org, "organization", notes).0);
        }
        if let Some(snak) = qualifier("P580") {
            position.start = self.time(snak, "claims.P39.qualifiers.P580")?;
        }
        if let Some(snak) = qualifier("P582") {
            position.end = self.time(snak, "claims.P39.qualifiers.P582")?;
        }
        Ok(position)
    }

    /// A Wikidata time as a names-file date ("1984-01-08", "1984-01",
    /// "1984"), to the precision given; `None` when coarser than a year or
    /// unknown ("somevalue").
    fn time(&self, snak: &Value, field: &str) -> Result<Option<String>, FileError> {
        let Some(value) = snak.pointer("/datavalue/value") else {
            return Ok(None);
        };
        let time = value["time"].as_str().unwrap_or_default();
        let precision = value["precision"].as_u64().unwrap_or(11);
        let bad = || self.error(field, format!("“{}” is not a Wikidata time", shorten(time)));
        let digits = time.strip_prefix('+').ok_or_else(bad)?;
        let date = digits.split('T').next().ok_or_else(bad)?;
        let mut parts = date.split('-');
        let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return Err(bad());
        }
        let text = match precision {
            0..=8 => return Ok(None),
            9 => year.to_string(),
            10 if month != "00" => format!("{year}-{month}"),
            10 => year.to_string(),
            _ if day != "00" => format!("{year}-{month}-{day}"),
            _ if month != "00" => format!("{year}-{month}"),
            _ => year.to_string(),
        };
        Date::parse(&text).ok_or_else(bad)?;
        Ok(Some(text))
    }
}

fn label<'a>(entity: &'a Value, language: &str) -> Option<&'a str> {
    entity
        .pointer(&format!("/labels/{language}/value"))
        .and_then(Value::as_str)
        .filter(|l| !l.trim().is_empty())
}

/// The name: the English label, else the multilingual one.
fn name_label(entity: &Value) -> Option<&str> {
    label(entity, "en").or_else(|| label(entity, "mul"))
}

fn aliases_in<'a>(entity: &'a Value, language: &str) -> impl Iterator<Item = String> + 'a {
    entity
        .pointer(&format!("/aliases/{language}"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a["value"].as_str())
        .map(str::to_string)
}

fn aliases(entity: &Value, language: &str) -> Vec<String> {
    aliases_in(entity, language).collect()
}

/// The statements of `property` that are not deprecated.
fn claims_statements<'a>(entity: &'a Value, property: &str) -> impl Iterator<Item = &'a Value> {
    entity
        .pointer(&format!("/claims/{property}"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|s| s["rank"] != "deprecated")
}

/// The main snaks of `property`'s statements that are not deprecated.
fn claims<'a>(entity: &'a Value, property: &str) -> impl Iterator<Item = &'a Value> {
    claims_statements(entity, property).filter_map(|s| s.get("mainsnak"))
}

/// The QIDs `property` points at.
fn item_values<'a>(entity: &'a Value, property: &str) -> Vec<&'a str> {
    claims(entity, property)
        .filter_map(|snak| snak.pointer("/datavalue/value/id"))
        .filter_map(Value::as_str)
        .collect()
}

// ------------------------------------------------------------------ CSV

/// The columns a names spreadsheet may have.
const CSV_FIELDS: &[&str] = &[
    "id",
    "type",
    "name",
    "yonhap",
    "native",
    "variants",
    "aliases",
    "abbreviation",
    "kind",
    "country",
    "born",
    "second_reference",
    "description",
    "note",
    "sources",
    "title",
    "organization",
    "start",
    "end",
    "as_of",
];

/// The rows of a CSV text (RFC 4180: quoted fields may hold the separator,
/// line breaks and doubled quotes), each with the line it starts on.
pub fn csv_rows(
    file: &str,
    text: &str,
    separator: char,
) -> Result<Vec<(usize, Vec<String>)>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut row_line) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            '"' => {
                return Err(FileError::new(
                    file,
                    format!(
                        "row {}, column {}: a quote inside an unquoted field (quote the whole field and double the quote)",
                        rows.len() + 1,
                        row.len() + 1
                    ),
                )
                .at_line(line));
            }
            c if c == separator => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                if row.iter().any(|f| !f.trim().is_empty()) {
                    rows.push((row_line, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                row_line = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(FileError::new(file, "a quoted field is never closed").at_line(row_line));
    }
    row.push(field);
    if row.iter().any(|f| !f.trim().is_empty()) {
        rows.push((row_line, row));
    }
    Ok(rows)
}

/// Reads a names spreadsheet: the first row names the columns, unless
/// `columns` ("name=1,native=3") numbers them.
pub fn from_csv(file: &str, text: &str, columns: Option<&str>) -> Result<Imported, FileError> {
    let separator = if file.to_lowercase().ends_with(".tsv") {
        '\t'
    } else {
        ','
    };
    let rows = csv_rows(file, text, separator)?;
    let Some(((header_line, header), data)) = rows.split_first() else {
        return Err(FileError::new(file, "the file is empty"));
    };
    let fields: Vec<(&str, usize)> = match columns {
        Some(spec) => column_spec(file, spec)?,
        None => {
            let mut fields = Vec::new();
            for (at, name) in header.iter().enumerate() {
                let key = name.trim().to_lowercase().replace([' ', '-'], "_");
                if key.is_empty() {
                    continue;
                }
                let Some(&field) = CSV_FIELDS.iter().find(|f| **f == key) else {
                    return Err(FileError::new(
                        file,
                        format!(
                            "column {} “{}” is not a names field ({}){}",
                            at + 1,
                            shorten(name),
                            CSV_FIELDS.join(", "),
                            crate::suggest::did_you_mean(&key, CSV_FIELDS.iter().copied())
                        ),
                    )
                    .at_line(*header_line));
                };
                fields.push((field, at));
            }
            fields
        }
    };
    if !fields.iter().any(|(f, _)| *f == "name") {
        return Err(FileError::new(file, "no `name` column").at_line(*header_line));
    }
    let mut out = Imported::default();
    let mut by_key: FxHashMap<(Kind, String), (usize, usize)> = FxHashMap::default();
    for (line, row) in data {
        let cell = |field: &str| {
            fields
                .iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, at)| row.get(*at))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
        };
        let error = |field: &str, message: String| {
            FileError::new(file, format!("row at line {line}: {message}"))
                .at_line(*line)
                .with_key(field)
        };
        let kind = match cell("type").map(str::to_lowercase).as_deref() {
            None | Some("person") => Kind::Person,
            Some("place") => Kind::Place,
            Some("organization" | "organisation") => Kind::Organization,
            Some(other) => {
                return Err(error(
                    "type",
                    format!(
                        "type “{}” is not person, place or organization",
                        shorten(other)
                    ),
                ));
            }
        };
        let Some(name) = cell("name") else {
            return Err(error("name", "`name` is empty".into()));
        };
        for field in ["born", "start", "end", "as_of"] {
            if let Some(date) = cell(field).filter(|d| Date::parse(d).is_none()) {
                return Err(error(
                    field,
                    format!(
                        "`{field}` “{}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                        shorten(date)
                    ),
                ));
            }
        }
        let list = |field: &str| -> Vec<String> {
            cell(field)
                .map(|v| {
                    v.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let text = |field: &str| cell(field).map(str::to_string);
        let position = cell("title").map(|title| Position {
            title: title.to_string(),
            organization: text("organization"),
            start: text("start"),
            end: text("end"),
            as_of: text("as_of"),
            note: None,
        });
        if kind != Kind::Person
            && let Some(field) = ["title", "born"].into_iter().find(|f| cell(f).is_some())
        {
            return Err(error(field, format!("a {} has no `{field}`", kind.table())));
        }
        let key = (kind, cell("id").unwrap_or(name).to_string());
        if let Some(&(at, first_line)) = by_key.get(&key) {
            let entity: &mut Person = &mut out.entities[at];
            // A later row of the same entity adds a position; any other
            // field it gives must agree with the first row's.
            for (field, value) in [
                ("name", Some(name.to_string())),
                ("native", text("native")),
                ("country", text("country")),
                ("born", text("born")),
            ] {
                let known = match field {
                    "name" => Some(&entity.name),
                    "native" => entity.native.as_ref(),
                    "country" => entity.country.as_ref(),
                    _ => entity.born.as_ref(),
                };
                if let (Some(value), Some(known)) = (&value, known)
                    && value != known
                {
                    return Err(error(
                        field,
                        format!(
                            "`{field}` “{}” differs from “{}” given for the same entity at line {first_line}",
                            shorten(value),
                            shorten(known)
                        ),
                    ));
                }
            }
            if let Some(position) = position {
                entity.positions.push(position);
                entity
                    .sources
                    .push(format!("{file}, line {line} (a position)"));
            }
            continue;
        }
        let mut sources = list("sources");
        sources.push(format!("{file}, line {line}"));
        let person = Person {
            entity: kind,
            id: cell("id").unwrap_or_default().to_string(),
            name: name.to_string(),
            yonhap: text("yonhap"),
            native: text("native"),
            variants: list("variants"),
            aliases: list("aliases"),
            abbreviation: text("abbreviation"),
            category: text("kind"),
            country: text("country"),
            born: text("born"),
            second_reference: text("second_reference"),
            description: text("description"),
            note: text("note"),
            positions: position.into_iter().collect(),
            sources,
            ..Person::default()
        };
        by_key.insert(key, (out.entities.len(), *line));
        out.entities.push(person);
    }
    Ok(out)
}

/// "name=1,native=3" → (field, column index from 0).
fn column_spec(file: &str, spec: &str) -> Result<Vec<(&'static str, usize)>, FileError> {
    let mut fields = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = |why: String| {
            FileError::new(file, format!("--columns “{}”: {why}", shorten(part)))
                .with_key("--columns")
        };
        let (field, column) = part
            .split_once('=')
            .ok_or_else(|| bad("write FIELD=COLUMN, such as name=1".into()))?;
        let field = CSV_FIELDS
            .iter()
            .find(|f| **f == field.trim())
            .ok_or_else(|| bad(format!("not a names field ({})", CSV_FIELDS.join(", "))))?;
        let column: usize = column
            .trim()
            .parse()
            .ok()
            .filter(|&c| c >= 1)
            .ok_or_else(|| bad("a column is a number from 1".into()))?;
        fields.push((*field, column - 1));
    }
    Ok(fields)
}

// ------------------------------------------------------------- writing

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The entities as a names file, under a comment saying where they came from.
pub fn to_toml(entities: &[Person], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    for person in entities {
        out.push_str(&format!("\n[[{}]]\n", person.entity.table()));
        let mut field = |key: &str, value: Option<&String>| {
            if let Some(value) = value {
                out.push_str(&format!("{key} = {}\n", quoted(value)));
            }
        };
        field("id", Some(&person.id).filter(|id| !id.is_empty()));
        field("name", Some(&person.name));
        field("yonhap", person.yonhap.as_ref());
        field("native", person.native.as_ref());
        field("kind", person.category.as_ref());
        field("abbreviation", person.abbreviation.as_ref());
        field("country", person.country.as_ref());
        field("born", person.born.as_ref());
        field("second_reference", person.second_reference.as_ref());
        field("description", person.description.as_ref());
        field("note", person.note.as_ref());
        for (key, items) in [
            ("variants", &person.variants),
            ("aliases", &person.aliases),
            ("sources", &person.sources),
        ] {
            if !items.is_empty() {
                out.push_str(&format!("{key} = {}\n", list(items)));
            }
        }
        for position in &person.positions {
            out.push_str(&format!("\n[[{}.positions]]\n", person.entity.table()));
            out.push_str(&format!("title = {}\n", quoted(&position.title)));
            for (key, value) in [
                ("organization", &position.organization),
                ("start", &position.start),
                ("end", &position.end),
                ("as_of", &position.as_of),
                ("note", &position.note),
            ] {
                if let Some(value) = value {
                    out.push_str(&format!("{key} = {}\n", quoted(value)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_may_be_quoted_hold_commas_quotes_and_line_breaks() {
        let rows = csv_rows(
            "n.csv",
            "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n\n",
            ',',
        )
        .unwrap();
        assert_eq!(
            rows,
            [
                (1, vec!["a".into(), "b, c".into(), "say \"hi\"".into()]),
                (2, vec!["two\nlines".into(), "x".into()])
            ]
        );
        let err = csv_rows("n.csv", "a,b\nc,d\"e\n", ',').unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = csv_rows("n.csv", "a,\"b\n", ',').unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
    }

    #[test]
    fn wikidata_times_keep_their_precision() {
        let by_id = FxHashMap::default();
        let context = Context {
            file: "w.json",
            id: "Q1",
            line: Some(1),
            by_id: &by_id,
        };
        let time = |time: &str, precision: u64| {
            context.time(
                &serde_json::json!({"datavalue": {"value": {"time": time, "precision": precision}}}),
                "claims.P569",
            )
        };
        assert_eq!(
            time("+1984-01-08T00:00:00Z", 11).unwrap().as_deref(),
            Some("1984-01-08")
        );
        assert_eq!(
            time("+1984-01-00T00:00:00Z", 10).unwrap().as_deref(),
            Some("1984-01")
        );
        assert_eq!(
            time("+1984-00-00T00:00:00Z", 9).unwrap().as_deref(),
            Some("1984")
        );
        assert_eq!(time("+1900-00-00T00:00:00Z", 7).unwrap(), None);
        let err = time("1984-01-08", 11).unwrap_err();
        assert_eq!(
            err.to_string(),
            "w.json:1: key `claims.P569`: entity Q1: “1984-01-08” is not a Wikidata time"
        );
    }

    #[test]
    fn a_position_without_qualifiers_takes_its_organization_from_its_item() {
        let text = r#"[
{"id":"Q1","labels":{"en":{"value":"A B"}},"claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q5"}}}}],"P39":[{"mainsnak":{"datavalue":{"value":{"id":"Q2"}}}}]}},
{"id":"Q2","labels":{"en":{"value":"Chair"}},"claims":{"P2389":[{"mainsnak":{"datavalue":{"value":{"id":"Q3"}}}}]}},
{"id":"Q3","labels":{"en":{"value":"Fisheries Board"}}}
]"#;
        let imported = from_wikidata("w.json", text, None).unwrap();
        let position = &imported.entities[0].positions[0];
        assert_eq!(position.title, "Chair");
        assert_eq!(position.organization.as_deref(), Some("Fisheries Board"));
    }

    #[test]
    fn written_entities_parse_back() {
        let person = Person {
            entity: Kind::Organization,
            id: "Q1".into(),
            name: "A \"quoted\" \\ name".into(),
            abbreviation: Some("AQN".into()),
            sources: vec!["x".into()],
            ..Person::default()
        };
        let text = to_toml(std::slice::from_ref(&person), "made by a test");
        let back = super::super::person::parse("out.toml", &text).unwrap();
        assert_eq!(back, [person]);
    }
}
