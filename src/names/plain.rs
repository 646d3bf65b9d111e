//! A fast reader for names files written the plain way every names file is
//! written: `[[person]]`, `[[place]]`, `[[organization]]` and
//! `[[person.positions]]` headers, bare keys, one-line strings and arrays
//! of strings (over several lines if need be), comments. A newsroom file of
//! 100,000 entities is read in a fraction of the time the general TOML
//! parser takes, without its whole-document tree.
//!
//! It never decides anything the TOML parser would decide differently: on
//! whatever it does not read exactly as TOML does — another kind of value,
//! a quoted or dotted key, a multi-line string, an escape it does not know,
//! a key given twice, a key the schema does not have, an entry without
//! `name` — it gives up (`None`), and the file is read by the TOML parser,
//! which also names the error. A test holds both readers equal on the
//! built-in file and on generated ones.

use std::borrow::Cow;

use super::person::{Person, Position};

/// What the reader hands on as it reads a file: headers and keys. Each
/// returns `None` to give up.
pub(super) trait Sink<'a> {
    /// A header at byte `at`: `table` 0, 1, 2 (person, place,
    /// organization); `position` for `[[person.positions]]`.
    fn header(&mut self, at: usize, table: usize, position: bool) -> Option<()>;
    /// Key `bit` (of `ENTITY_KEYS`) of the last entity of `table`.
    fn entity(&mut self, table: usize, bit: u32, value: Value<'_, 'a>) -> Option<()>;
    /// Key `bit` (of `POSITION_KEYS`) of the last person's last position.
    fn position(&mut self, bit: u32, value: Value<'_, 'a>) -> Option<()>;
    /// The end of the file, at byte `at`.
    fn end(&mut self, at: usize) -> Option<()>;
}

/// The keys of an entity, by bit, and whether each takes a list.
const ENTITY_KEYS: [(&str, bool); 17] = [
    ("variants", true),
    ("aliases", true),
    ("sources", true),
    ("id", false),
    ("name", false),
    ("kind", false),
    ("abbreviation", false),
    ("yonhap", false),
    ("native", false),
    ("title", false),
    ("organization", false),
    ("country", false),
    ("as_of", false),
    ("born", false),
    ("second_reference", false),
    ("description", false),
    ("note", false),
];

/// The bit of an entity's key (its place in `ENTITY_KEYS`): a `match`,
/// which the compiler turns into a switch on the length, not a search.
fn entity_bit(key: &str) -> Option<usize> {
    let bit = match key {
        "variants" => 0,
        "aliases" => 1,
        "sources" => 2,
        "id" => 3,
        "name" => 4,
        "kind" => 5,
        "abbreviation" => 6,
        "yonhap" => 7,
        "native" => 8,
        "title" => 9,
        "organization" => 10,
        "country" => 11,
        "as_of" => 12,
        "born" => 13,
        "second_reference" => 14,
        "description" => 15,
        "note" => 16,
        _ => return None,
    };
    debug_assert_eq!(ENTITY_KEYS[bit].0, key);
    Some(bit)
}

/// The keys of a position, by bit (none takes a list).
const POSITION_KEYS: [&str; 6] = ["title", "organization", "start", "end", "as_of", "note"];

/// Entity keys' bits, named for the sinks.
pub(super) mod key {
    pub const VARIANTS: u32 = 0;
    pub const ALIASES: u32 = 1;
    pub const SOURCES: u32 = 2;
    pub const ID: u32 = 3;
    pub const NAME: u32 = 4;
    pub const KIND: u32 = 5;
    pub const ABBREVIATION: u32 = 6;
    pub const YONHAP: u32 = 7;
    pub const NATIVE: u32 = 8;
    pub const TITLE: u32 = 9;
    pub const ORGANIZATION: u32 = 10;
    pub const COUNTRY: u32 = 11;
    pub const AS_OF: u32 = 12;
    pub const BORN: u32 = 13;
    pub const SECOND_REFERENCE: u32 = 14;
    pub const DESCRIPTION: u32 = 15;
    pub const NOTE: u32 = 16;
    /// Position keys' bits.
    pub const POSITION_TITLE: u32 = 0;
    pub const POSITION_START: u32 = 2;
    pub const POSITION_END: u32 = 3;
    pub const POSITION_AS_OF: u32 = 4;
}

/// Reads `text` the plain way, handing every header and key to `sink`;
/// `None` when the file is not written the plain way (or `sink` gives up).
pub(super) fn read<'a>(text: &'a str, sink: &mut impl Sink<'a>) -> Option<()> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    // The table keys go to: (table, in a position), and the keys seen there.
    let mut current: Option<(usize, bool)> = None;
    let mut seen: u32 = 0;
    let mut list = Vec::new();
    loop {
        reader.skip_blank()?;
        let Some(&b) = reader.bytes.get(reader.at) else {
            break;
        };
        if b == b'[' {
            let at = reader.at;
            let header = reader.header()?;
            let (table, position) = match header {
                "person" => (0, false),
                "place" => (1, false),
                "organization" => (2, false),
                "person.positions" => (0, true),
                _ => return None,
            };
            sink.header(at, table, position)?;
            current = Some((table, position));
            seen = 0;
            continue;
        }
        let (table, position) = current?;
        let key = reader.key()?;
        let (bit, is_list) = if position {
            (POSITION_KEYS.iter().position(|k| *k == key)?, false)
        } else {
            let bit = entity_bit(key)?;
            (bit, ENTITY_KEYS[bit].1)
        };
        let value = if reader.peek() == Some(b'[') {
            reader.list(&mut list)?;
            Value::List(&list)
        } else {
            Value::Text(reader.string()?)
        };
        if matches!(value, Value::List(_)) != is_list {
            return None;
        }
        reader.end_of_line()?;
        let bit = bit as u32;
        if seen & (1 << bit) != 0 {
            return None;
        }
        seen |= 1 << bit;
        if position {
            sink.position(bit, value)?;
        } else {
            sink.entity(table, bit, value)?;
        }
    }
    sink.end(text.len())
}

/// The entities of a names file by table (people, places, organizations),
/// each in file order; `None` when the file is not written the plain way.
pub(super) fn parse(text: &str) -> Option<[Vec<Person>; 3]> {
    // Sized from the headers up front: no copying of a growing table.
    let count = |header: &str| memchr::memmem::find_iter(text.as_bytes(), header).count();
    let mut tables = Tables([
        Vec::with_capacity(count("[[person]]")),
        Vec::with_capacity(count("[[place]]")),
        Vec::with_capacity(count("[[organization]]")),
    ]);
    read(text, &mut tables)?;
    Some(tables.0)
}

/// The one entity `text` holds (its entry, as `read` with `Scan` found it
/// in its file), of table `table`.
pub(super) fn entity(text: &str, table: usize) -> Option<Person> {
    let mut tables = Tables(Default::default());
    read(text, &mut tables)?;
    let [entity] = <[Person; 1]>::try_from(std::mem::take(&mut tables.0[table])).ok()?;
    Some(entity)
}

/// A sink that makes every entity.
struct Tables([Vec<Person>; 3]);

impl<'a> Sink<'a> for Tables {
    fn header(&mut self, _at: usize, table: usize, position: bool) -> Option<()> {
        if position {
            self.0[table]
                .last_mut()?
                .positions
                .push(Position::default());
        } else {
            self.0[table].push(Person::default());
        }
        Some(())
    }

    fn entity(&mut self, table: usize, bit: u32, value: Value<'_, 'a>) -> Option<()> {
        let entity = self.0[table].last_mut()?;
        let slot = match bit {
            key::VARIANTS => return value.list().map(|l| entity.variants = l),
            key::ALIASES => return value.list().map(|l| entity.aliases = l),
            key::SOURCES => return value.list().map(|l| entity.sources = l),
            key::ID => return value.text().map(|t| entity.id = t.into_owned()),
            key::NAME => return value.text().map(|t| entity.name = t.into_owned()),
            key::KIND => &mut entity.category,
            key::ABBREVIATION => &mut entity.abbreviation,
            key::YONHAP => &mut entity.yonhap,
            key::NATIVE => &mut entity.native,
            key::TITLE => &mut entity.title,
            key::ORGANIZATION => &mut entity.organization,
            key::COUNTRY => &mut entity.country,
            key::AS_OF => &mut entity.as_of,
            key::BORN => &mut entity.born,
            key::SECOND_REFERENCE => &mut entity.second_reference,
            key::DESCRIPTION => &mut entity.description,
            key::NOTE => &mut entity.note,
            _ => return None,
        };
        *slot = Some(value.text()?.into_owned());
        Some(())
    }

    fn position(&mut self, bit: u32, value: Value<'_, 'a>) -> Option<()> {
        let position = self.0[0].last_mut()?.positions.last_mut()?;
        let text = value.text()?.into_owned();
        match bit {
            key::POSITION_TITLE => position.title = text,
            1 => position.organization = Some(text),
            key::POSITION_START => position.start = Some(text),
            key::POSITION_END => position.end = Some(text),
            key::POSITION_AS_OF => position.as_of = Some(text),
            5 => position.note = Some(text),
            _ => return None,
        }
        Some(())
    }

    fn end(&mut self, _at: usize) -> Option<()> {
        let complete = self
            .0
            .iter()
            .flatten()
            .all(|e| !e.name.is_empty() && e.positions.iter().all(|p| !p.title.is_empty()));
        complete.then_some(())
    }
}

/// Where a string the index keeps is in its arena (`Span::NONE`: absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub at: u32,
    pub len: u32,
}

impl Span {
    pub const NONE: Span = Span {
        at: u32::MAX,
        len: 0,
    };

    pub fn is_none(self) -> bool {
        self == Span::NONE
    }

    /// `text` appended to `arena`.
    pub fn push(arena: &mut String, text: &str) -> Span {
        let span = Span {
            at: arena.len() as u32,
            len: text.len() as u32,
        };
        arena.push_str(text);
        span
    }

    pub fn get(self, arena: &str) -> Option<&str> {
        (!self.is_none()).then(|| &arena[self.at as usize..(self.at + self.len) as usize])
    }
}

/// An entity of a names file as `scan` leaves it: where its entry is in
/// the file, and what the index reads of every entity, in the arena; the
/// entity itself is parsed from its entry when first asked for.
#[derive(Clone, Debug)]
pub(super) struct Scanned {
    pub table: u8,
    /// The entry's bytes in the file: its header to the next entity's.
    pub entry: std::ops::Range<u32>,
    pub id: Span,
    pub id_hash: u64,
    pub name: Span,
    pub yonhap: Span,
    pub abbreviation: Span,
    pub second_reference: Span,
    /// Ranges of `ScannedFile::lists`.
    pub aliases: std::ops::Range<u32>,
    pub variants: std::ops::Range<u32>,
    /// Of either Korea (its country names Korea).
    pub korean: bool,
}

/// A names file's entities, as `scan` leaves them, people first, then
/// places, then organizations (as `person::parse` orders them).
#[derive(Debug, Default)]
pub(super) struct ScannedFile {
    pub entities: Vec<Scanned>,
    /// The aliases and variants of every entity.
    pub lists: Vec<Span>,
}

/// Reads a names file without making its entities: checks every entity
/// as `person::parse` does and keeps the strings the index needs in
/// `arena`. `None` when the file is not written the plain way or anything
/// in it would be an error (or an id's hash is met twice): then
/// `person::parse` reads it, and names the error. A large file is read in
/// parts, one a core (`parallel::map`), cut before an entity's header;
/// the parts are given as read, in order (their entities are not copied
/// into one list), each entity's strings in `arena` and its entry's bytes
/// in the whole file.
pub(super) fn scan(text: &str, arena: &mut String) -> Option<Vec<ScannedFile>> {
    scan_in_parts(text, arena, 4 << 20)
}

/// `scan`, in parts of at least `part` bytes.
fn scan_in_parts(text: &str, arena: &mut String, part: usize) -> Option<Vec<ScannedFile>> {
    u32::try_from(text.len()).ok()?;
    let threads = crate::parallel::cores()
        .min(text.len() / part.max(1))
        .max(1);
    let cuts = cuts(text, threads);
    let parts = crate::parallel::map(&cuts, threads, |_, range| {
        let mut arena = String::new();
        scan_part(&text[range.clone()], &mut arena).map(|(file, ids)| (file, ids, arena))
    });
    let parts: Vec<_> = parts.into_iter().collect::<Option<_>>()?;
    // An id given twice (in one part or two) is an error, which the
    // parser names: the ids' hashes sorted, not a set built entity by
    // entity.
    let mut ids: Vec<u64> = Vec::with_capacity(parts.iter().map(|p| p.1.len()).sum());
    for (_, part_ids, _) in &parts {
        ids.extend_from_slice(part_ids);
    }
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    drop(ids);
    let mut files = Vec::with_capacity(parts.len());
    for (range, (mut part, _, part_arena)) in cuts.iter().zip(parts) {
        // The first part's strings become the arena when it is empty (one
        // file, as most newsrooms have): nothing copied.
        let base = arena.len() as u32;
        if arena.is_empty() {
            *arena = part_arena;
        } else {
            arena.push_str(&part_arena);
        }
        let moved = |span: &mut Span| {
            if !span.is_none() {
                span.at += base;
            }
        };
        part.lists.iter_mut().for_each(moved);
        let start = range.start as u32;
        for e in &mut part.entities {
            e.entry = e.entry.start + start..e.entry.end + start;
            for span in [
                &mut e.id,
                &mut e.name,
                &mut e.yonhap,
                &mut e.abbreviation,
                &mut e.second_reference,
            ] {
                moved(span);
            }
        }
        files.push(part);
    }
    // People first, then places, then organizations: a file written in
    // that order (as most are) is in order already.
    let in_order = files
        .iter()
        .flat_map(|f| &f.entities)
        .is_sorted_by_key(|e| e.table);
    if !in_order {
        let mut one = concatenate(files);
        one.entities.sort_by_key(|e| e.table);
        files = vec![one];
    }
    Some(files)
}

/// The parts of a file as one.
fn concatenate(files: Vec<ScannedFile>) -> ScannedFile {
    let mut one = ScannedFile::default();
    for file in files {
        let lists = one.lists.len() as u32;
        one.lists.extend(file.lists);
        one.entities
            .extend(file.entities.into_iter().map(|e| Scanned {
                aliases: e.aliases.start + lists..e.aliases.end + lists,
                variants: e.variants.start + lists..e.variants.end + lists,
                ..e
            }));
    }
    one
}

/// `text` cut in up to `parts` parts of about equal size, each but the
/// first beginning at an entity's header at the start of a line: there a
/// plain read of the whole is between entities, as a read of the part
/// begins (a line is never inside a string; a list that ran over it would
/// fail both reads alike).
fn cuts(text: &str, parts: usize) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    for k in 1..parts {
        let from = (text.len() * k / parts).max(*starts.last().unwrap_or(&0));
        let header = memchr::memmem::find_iter(&text.as_bytes()[from..], b"\n[[")
            .map(|at| from + at + 1)
            .find(|&at| {
                let line = &text[at..];
                ["[[person]]", "[[place]]", "[[organization]]"]
                    .iter()
                    .any(|h| line.starts_with(h))
            });
        if let Some(at) = header.filter(|&at| at > *starts.last().unwrap_or(&0)) {
            starts.push(at);
        }
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// One part of a file, as `scan` reads it, and the hashes of its ids.
fn scan_part(text: &str, arena: &mut String) -> Option<(ScannedFile, Vec<u64>)> {
    // About the entities of a generated file's size (a guess: no pass
    // over the text to count them; the vectors grow past it if need be).
    let count = text.len() / 200 + 16;
    let mut scan = Scan {
        arena,
        file: ScannedFile::default(),
        current: None,
        entity: Entity::default(),
        ids: Vec::new(),
    };
    scan.ids.reserve(count);
    scan.file.lists.reserve(count);
    // The strings kept are a small part of an entry (a tenth here).
    scan.arena.reserve(text.len() / 6);
    scan.file.entities.reserve(count);
    read(text, &mut scan)?;
    Some((scan.file, scan.ids))
}

/// The entity `scan` is reading.
#[derive(Default)]
struct Entity<'a> {
    present: u32,
    id: Option<Cow<'a, str>>,
    name: Option<Cow<'a, str>>,
    yonhap: Option<Cow<'a, str>>,
    abbreviation: Option<Cow<'a, str>>,
    second_reference: Option<Cow<'a, str>>,
    korean: bool,
    aliases: Vec<Cow<'a, str>>,
    variants: Vec<Cow<'a, str>>,
    positions: bool,
    /// The last position has a title (or there is none).
    titled: bool,
}

struct Scan<'a, 'r> {
    arena: &'r mut String,
    file: ScannedFile,
    /// The table of the entity being read and the byte its entry begins at.
    current: Option<(usize, usize)>,
    entity: Entity<'a>,
    /// The hashes of the entities' ids, in order.
    ids: Vec<u64>,
}

impl Scan<'_, '_> {
    /// Checks the entity read up to byte `end` as `person::check_entry`
    /// does (`None` where it would find an error) and keeps it.
    fn finish(&mut self, end: usize) -> Option<()> {
        let Some((table, start)) = self.current.take() else {
            return Some(());
        };
        let e = &mut self.entity;
        let name = e.name.as_deref().filter(|n| !n.is_empty())?;
        let has = |bit: u32| e.present & (1 << bit) != 0;
        let misplaced = match table {
            0 => has(key::KIND) || has(key::ABBREVIATION),
            _ => {
                has(key::TITLE)
                    || e.positions
                    || has(key::BORN)
                    || (table == 1 && has(key::ABBREVIATION))
            }
        };
        if misplaced || !e.titled || name.trim().is_empty() {
            return None;
        }
        let named = |s: &str| s.chars().any(char::is_alphabetic);
        let spellings = [&e.yonhap, &e.abbreviation].into_iter().flatten();
        if !named(name)
            || !spellings
                .chain(&e.aliases)
                .chain(&e.variants)
                .all(|s| named(s))
        {
            return None;
        }
        let id = e.id.as_deref().filter(|id| !id.is_empty()).unwrap_or(name);
        let id_hash = super::person::id_hash(id);
        self.ids.push(id_hash);
        let arena = &mut *self.arena;
        let optional = |text: &Option<Cow<'_, str>>, arena: &mut String| {
            text.as_deref().map_or(Span::NONE, |t| Span::push(arena, t))
        };
        let lists = &mut self.file.lists;
        let mut list = |items: &[Cow<'_, str>], arena: &mut String| {
            let from = lists.len() as u32;
            lists.extend(items.iter().map(|s| Span::push(arena, s)));
            from..lists.len() as u32
        };
        let scanned = Scanned {
            table: table as u8,
            entry: start as u32..end as u32,
            id: Span::push(arena, id),
            id_hash,
            name: Span::push(arena, name),
            yonhap: optional(&e.yonhap, arena),
            abbreviation: optional(&e.abbreviation, arena),
            second_reference: optional(&e.second_reference, arena),
            aliases: list(&e.aliases, arena),
            variants: list(&e.variants, arena),
            korean: e.korean,
        };
        self.file.entities.push(scanned);
        Some(())
    }
}

impl<'a> Sink<'a> for Scan<'a, '_> {
    fn header(&mut self, at: usize, table: usize, position: bool) -> Option<()> {
        if position {
            // A position goes to the last person: read here only when it
            // follows that person's entry.
            if self.current?.0 != 0 || !self.entity.titled {
                return None;
            }
            self.entity.positions = true;
            self.entity.titled = false;
            return Some(());
        }
        self.finish(at)?;
        self.current = Some((table, at));
        let e = &mut self.entity;
        (e.present, e.positions, e.titled, e.korean) = (0, false, true, false);
        (e.id, e.name, e.yonhap, e.abbreviation, e.second_reference) =
            (None, None, None, None, None);
        e.aliases.clear();
        e.variants.clear();
        Some(())
    }

    fn entity(&mut self, _table: usize, bit: u32, value: Value<'_, 'a>) -> Option<()> {
        let e = &mut self.entity;
        e.present |= 1 << bit;
        match value {
            Value::List(items) => match bit {
                key::ALIASES => e.aliases.extend(items.iter().cloned()),
                key::VARIANTS => e.variants.extend(items.iter().cloned()),
                _ => {}
            },
            Value::Text(text) => match bit {
                key::ID => e.id = Some(text),
                key::NAME => e.name = Some(text),
                key::YONHAP => e.yonhap = Some(text),
                key::ABBREVIATION => e.abbreviation = Some(text),
                key::SECOND_REFERENCE => e.second_reference = Some(text),
                key::COUNTRY => e.korean = text.as_bytes().windows(5).any(|w| w == b"Korea"),
                key::AS_OF | key::BORN => {
                    super::date::Date::parse(&text)?;
                }
                _ => {}
            },
        }
        Some(())
    }

    fn position(&mut self, bit: u32, value: Value<'_, 'a>) -> Option<()> {
        let text = value.text()?;
        match bit {
            key::POSITION_TITLE => self.entity.titled = !text.is_empty(),
            key::POSITION_START | key::POSITION_END | key::POSITION_AS_OF => {
                super::date::Date::parse(&text)?;
            }
            _ => {}
        }
        Some(())
    }

    fn end(&mut self, at: usize) -> Option<()> {
        self.finish(at)
    }
}

/// A key's value: a string, or a list of strings.
pub(super) enum Value<'v, 'a> {
    Text(Cow<'a, str>),
    List(&'v [Cow<'a, str>]),
}

impl<'a> Value<'_, 'a> {
    pub(super) fn text(self) -> Option<Cow<'a, str>> {
        match self {
            Value::Text(text) => Some(text),
            Value::List(_) => None,
        }
    }

    fn list(self) -> Option<Vec<String>> {
        match self {
            Value::List(list) => Some(list.iter().map(|s| s.to_string()).collect()),
            Value::Text(_) => None,
        }
    }
}

/// The bytes a string is read up to (`Reader::string`): quotes, the
/// backslash, control characters and DEL.
#[cfg(test)]
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[0x7f] = true;
    stops[b'"' as usize] = true;
    stops[b'\'' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// Where the first byte of `bytes` that `STOPS` holds is, eight bytes at
/// a time: a string is read in a step or two, not a branch a byte.
fn next_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each zero byte of `v`; a byte above the lowest zero
    // may be marked too (by a borrow), never one below it, so the lowest
    // mark is exact. The same holds of the bytes under 0x20, and so of
    // the marks together.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let stops = |x: u64| {
        zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\'')))
            | zero(x ^ (ONES * u64::from(b'\\')))
            | zero(x ^ (ONES * 0x7f))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
    };
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let marks = stops(u64::from_le_bytes(chunk.try_into().ok()?));
        if marks != 0 {
            return Some(at + (marks.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    // The last few bytes, padded with a letter (no stop).
    let tail = &bytes[at..];
    let mut chunk = [b'a'; 8];
    chunk[..tail.len()].copy_from_slice(tail);
    let marks = stops(u64::from_le_bytes(chunk));
    (marks != 0).then(|| at + (marks.trailing_zeros() / 8) as usize)
}

/// The bytes of a bare key: ASCII letters and digits, `_` and `-`.
const KEY_BYTES: [bool; 256] = {
    let mut key = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        key[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    key
};

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Spaces, tabs, line breaks and comments.
    fn skip_blank(&mut self) -> Option<()> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' => self.at += 1,
                b'\r' if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
                b'#' => self.skip_comment()?,
                _ => break,
            }
        }
        Some(())
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A comment up to the end of its line, holding no control character
    /// TOML refuses.
    fn skip_comment(&mut self) -> Option<()> {
        let end =
            memchr::memchr(b'\n', &self.bytes[self.at..]).map_or(self.bytes.len(), |n| self.at + n);
        let comment = &self.bytes[self.at..end];
        let comment = comment.strip_suffix(b"\r").unwrap_or(comment);
        self.at = end;
        comment
            .iter()
            .all(|&b| (b >= 0x20 || b == b'\t') && b != 0x7f)
            .then_some(())
    }

    /// What is left of a line after a key's value or a header: spaces and
    /// a comment.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n') => Some(()),
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => Some(()),
            Some(b'#') => self.skip_comment(),
            _ => None,
        }
    }

    /// `[[name]]`, spaces allowed inside.
    fn header(&mut self) -> Option<&'a str> {
        let rest = &self.text[self.at..];
        let inner = rest.strip_prefix("[[")?;
        // A header is short: the first `]]` found byte by byte, without
        // setting up a substring search for each.
        let bytes = inner.as_bytes();
        let close = bytes.windows(2).position(|w| w == b"]]")?;
        let mut name = &bytes[..close];
        while let [b' ' | b'\t', tail @ ..] = name {
            name = tail;
        }
        while let [head @ .., b' ' | b'\t'] = name {
            name = head;
        }
        // Spaces and tabs are one byte each: `name` is on char boundaries.
        let from = name.as_ptr() as usize - bytes.as_ptr() as usize;
        let name = &inner[from..from + name.len()];
        self.at += 2 + close + 2;
        self.end_of_line()?;
        Some(name)
    }

    /// A bare key and the `=` after it.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.at;
        let rest = &self.bytes[start..];
        self.at += rest
            .iter()
            .position(|&b| !KEY_BYTES[usize::from(b)])
            .unwrap_or(rest.len());
        let key = &self.text[start..self.at];
        self.skip_spaces();
        if key.is_empty() || self.peek() != Some(b'=') {
            return None;
        }
        self.at += 1;
        self.skip_spaces();
        Some(key)
    }

    /// A list of strings, over several lines if need be, into `list`.
    fn list(&mut self, list: &mut Vec<Cow<'a, str>>) -> Option<()> {
        list.clear();
        self.at += 1;
        loop {
            self.skip_blank()?;
            if self.peek() == Some(b']') {
                self.at += 1;
                return Some(());
            }
            list.push(self.string()?);
            self.skip_blank()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A one-line basic or literal string: borrowed from the text unless
    /// it has an escape.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let quote = self.peek()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        // A multi-line string (compared byte by byte: a two-byte array
        // built to compare with would be written and read back whole).
        if self.bytes.get(self.at + 1) == Some(&quote)
            && self.bytes.get(self.at + 2) == Some(&quote)
        {
            return None;
        }
        self.at += 1;
        let start = self.at;
        let mut out = String::new();
        let mut from = start;
        loop {
            // Names are short: one pass over the bytes, a table lookup
            // each, not a search. It stops at either quote, a backslash and
            // a control character; those that mean nothing here are passed.
            let rest = &self.bytes[self.at..];
            let next = next_stop(rest)?;
            let b = rest[next];
            let other_quote = (b == b'"' || b == b'\'') && b != quote;
            let literal_backslash = b == b'\\' && quote == b'\'';
            if b == b'\t' || other_quote || literal_backslash {
                self.at += next + 1;
                continue;
            }
            if b != quote && b != b'\\' {
                return None;
            }
            self.at += next;
            let b = self.bytes[self.at];
            match b {
                _ if b == quote => {
                    let tail = &self.text[from..self.at];
                    self.at += 1;
                    if from == start {
                        return Some(Cow::Borrowed(tail));
                    }
                    out.push_str(tail);
                    return Some(Cow::Owned(out));
                }
                b'\\' if quote == b'"' => {
                    out.push_str(&self.text[from..self.at]);
                    let escape = *self.bytes.get(self.at + 1)?;
                    self.at += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' | b'U' => {
                            let digits = if escape == b'u' { 4 } else { 8 };
                            let hex = self.text.get(self.at..self.at + digits)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            self.at += digits;
                        }
                        _ => return None,
                    }
                    from = self.at;
                }
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::person::BUILTIN_OFFICIALS;
    use super::*;

    fn by_toml(text: &str) -> [Vec<Person>; 3] {
        super::super::person::parse_toml("t.toml", text).unwrap()
    }

    fn read_in_parts_as_in_one(text: &str, in_order: bool) {
        let (mut whole, mut parted) = (String::new(), String::new());
        let one = concatenate(scan_in_parts(text, &mut whole, usize::MAX).expect("plain"));
        for part in [50, 500, 5000] {
            parted.clear();
            let many = scan_in_parts(text, &mut parted, part).expect("plain");
            if in_order && part == 50 && crate::parallel::cores() > 1 {
                assert!(many.len() > 1);
            }
            let many = concatenate(many);
            assert_eq!(many.entities.len(), one.entities.len());
            for (a, b) in many.entities.iter().zip(&one.entities) {
                assert_eq!((a.table, &a.entry, a.korean), (b.table, &b.entry, b.korean));
                for (x, y) in [
                    (a.id, b.id),
                    (a.name, b.name),
                    (a.abbreviation, b.abbreviation),
                ] {
                    assert_eq!(x.get(&parted), y.get(&whole));
                }
                let list = |file: &ScannedFile, arena: &str, r: &std::ops::Range<u32>| {
                    file.lists[r.start as usize..r.end as usize]
                        .iter()
                        .map(|s| s.get(arena).unwrap().to_string())
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    list(&many, &parted, &a.variants),
                    list(&one, &whole, &b.variants)
                );
            }
        }
    }

    #[test]
    fn a_file_read_in_parts_is_read_as_in_one() {
        let mut entries = Vec::new();
        for n in 0..300 {
            entries.push(match n % 3 {
                0 => format!(
                    "[[person]]\nid = \"p{n}\"\nname = \"Kim Min-jun {n}\"\nvariants = [\n  \"Kim Minjun {n}\",\n]\n[[person.positions]]\ntitle = \"T\"\n# [[place]]\n\n"
                ),
                1 => format!("[[place]]\nname = \"Minjun-ri {n}\"\ncountry = \"South Korea\"\n"),
                _ => format!("[[organization]]\nname = \"Org {n}\"\nabbreviation = \"O{n}\"\n"),
            });
        }
        // Tables mixed (the parts are put together and ordered), and in
        // order (the parts are kept as read).
        let mixed: String = entries.concat();
        let mut sorted = entries.clone();
        sorted.sort_by_key(|e| {
            ["[[person]]", "[[place]]", "[[organization]]"].map(|h| !e.starts_with(h))
        });
        for text in [mixed.clone(), sorted.concat()] {
            read_in_parts_as_in_one(&text, text != mixed);
        }
        let text = mixed;
        // An id in two parts is left to the parser, as in one.
        let twice = format!("{text}[[person]]\nid = \"p0\"\nname = \"X\"\n");
        assert!(scan_in_parts(&twice, &mut String::new(), 50).is_none());
        assert!(cuts(&text, 4).len() > 1);
    }

    #[test]
    fn the_first_stop_is_found_as_a_byte_by_byte_search_finds_it() {
        let mut state = 0x9E37_79B9_u64;
        let alphabet = b"ab \"'\\\t\n\x7f\x1f\x80\xff\xc3\xa9-=";
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        // Mostly letters, as strings are.
                        let pick = (state >> 33) as usize % (alphabet.len() * 4);
                        alphabet.get(pick).copied().unwrap_or(b'k')
                    })
                    .collect();
                let expected = bytes.iter().position(|&b| STOPS[usize::from(b)]);
                assert_eq!(next_stop(&bytes), expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn every_entity_key_has_its_bit() {
        for (bit, (key, _)) in ENTITY_KEYS.iter().enumerate() {
            assert_eq!(entity_bit(key), Some(bit));
        }
        assert_eq!(entity_bit("titel"), None);
    }

    #[test]
    fn reads_the_built_in_file_as_toml_does() {
        assert_eq!(
            parse(BUILTIN_OFFICIALS).expect("plain"),
            by_toml(BUILTIN_OFFICIALS)
        );
    }

    #[test]
    fn reads_escapes_comments_lists_over_lines_and_crlf_as_toml_does() {
        let text = "# a file\r\n[[person]] # one\r\nname = \"A \\\"B\\\" \\u00e9\\\\\" # c\r\nid='x\\y'\r\nvariants = [\r\n  \"C\", # first\r\n  'D',\r\n]\r\naliases=[]\r\n[[place]]\r\nname = \"P\"\r\n[[ person.positions ]]\r\ntitle = \"T\"\r\n";
        assert_eq!(parse(text).expect("plain"), by_toml(text));
        let text = "[[person]]\nname = \"O'Neil\tJr\"\nnative = 'say \"hi\" \\ ok'\n";
        assert_eq!(parse(text).expect("plain"), by_toml(text));
    }

    #[test]
    fn leaves_to_the_toml_parser_what_it_does_not_read_exactly() {
        for text in [
            "[[person]]\nname = \"\"\"A\"\"\"\n",
            "[[person]]\nname = \"A\"\nname = \"B\"\n",
            "[[person]]\nname = \"A\"\ntitel = \"B\"\n",
            "[[person]]\n\"name\" = \"A\"\n",
            "[[person]]\nname.first = \"A\"\n",
            "[[person]]\nname = \"A\\e\"\n",
            "[[person]]\nname = \"A\nB\"\n",
            "[[person]]\nname = \"A\u{7f}B\"\n",
            "[[person]]\nname = 'A\u{1}B'\n",
            "[[person]]\nid = \"x\"\n",
            "[[person]]\nname = \"A\"\n[[person.positions]]\nstart = \"2016\"\n",
            "[[person]]\nname = \"A\"\nvariants = \"B\"\n",
            "[[person]]\nname = \"A\" x\n",
            "name = \"A\"\n",
            "[person]\nname = \"A\"\n",
            "[[person.positions]]\ntitle = \"T\"\n",
            "[[place]]\nname = \"A\"\n[[place.positions]]\ntitle = \"T\"\n",
            "[[person]]\nname = \"A\"\nvariants = [\"B\" \"C\"]\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
    }
}
