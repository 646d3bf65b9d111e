//! The compiled knowledge base: every spelling of every person in one
//! automaton over words (a trie keyed by folded word hashes), so that a
//! single pass over a text's words finds every name, whatever the number of
//! people; plus lookups for hover cards and completion.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::person::{BUILTIN_OFFICIALS, Person, id_hash, parse};
use super::plain::{ScannedFile, Span};
use super::store::People;
pub(super) use super::trie::edge;
use crate::engine::Document;
use crate::engine::fold::{fold, fold_eq, fold_into};
use crate::error::FileError;

/// Which house spells a person's name this way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Romanization {
    /// AP and the wires: "Kim Jong Un" (the default).
    #[default]
    Ap,
    /// Yonhap and the Korean press: "Kim Jong-un".
    Yonhap,
}

/// How a spelling relates to its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `name`: house style under AP (and under Yonhap when `yonhap` is absent).
    Name,
    /// `yonhap`: house style under Yonhap.
    Yonhap,
    /// An accepted short or long form: never flagged.
    Alias,
    /// A wrong or off-house spelling.
    Variant,
}

/// A spelling of an entity: which entity, how it relates to it, and where
/// its text is in the index's arena (`NameIndex::text`).
#[derive(Clone, Copy, Debug)]
pub struct Spelling {
    pub person: usize,
    pub form: Form,
    text: Span,
}

/// What the index keeps of every entity, so that matching, near misses and
/// completion never parse one (`store.rs`): its strings in the arena.
#[derive(Clone, Copy, Debug)]
struct Brief {
    name: Span,
    yonhap: Span,
    second_reference: Span,
    /// A Yonhap spelling that differs from the AP one (`distinct_yonhap`).
    distinct_yonhap: bool,
    /// Of either Korea (its country names Korea).
    korean: bool,
}

/// A name found in a text: byte range (relative to the scanned text) and
/// the spelling it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub range: std::ops::Range<usize>,
    pub spelling: usize,
}

/// Whether a country names either Korea.
fn is_korean_country(country: Option<&str>) -> bool {
    country.is_some_and(|c| c.contains("Korea"))
}

/// Whether `yonhap` is a Yonhap spelling that differs from the AP `name`.
fn distinct(name: &str, yonhap: Option<&str>) -> bool {
    yonhap.is_some_and(|yonhap| !fold_eq(yonhap, name))
}

/// The Yonhap spelling where it differs from the AP one. Most South Koreans
/// are spelled alike by both houses; such a person has one house spelling
/// under either style and is never a variant of themself.
fn distinct_yonhap(person: &Person) -> Option<&String> {
    person
        .yonhap
        .as_ref()
        .filter(|yonhap| distinct(&person.name, Some(yonhap)))
}

#[derive(Debug, Default)]
pub struct NameIndex {
    pub people: People,
    pub spellings: Vec<Spelling>,
    /// The strings of every entity the index reads: spellings, surnames,
    /// ids — one buffer, not a string each.
    arena: String,
    /// What the index reads of each entity, by number.
    briefs: Vec<Brief>,
    /// The folded hashes of every spelling's words, spelling `k`'s at
    /// `word_starts[k]..word_starts[k + 1]`.
    words: Vec<u64>,
    word_starts: Vec<u32>,
    /// `edge(node, folded word hash)` → next node; node 0 is the root.
    pub(super) edges: super::trie::Edges,
    /// Node → the first spelling that ends there (`NONE` if none), and
    /// spelling → the next spelling ending at the same node: lists threaded
    /// through two arrays, not a vector per node.
    end_first: Vec<u32>,
    end_next: Vec<u32>,
    /// First words of every spelling: most words of a text are ruled out here.
    first_words: crate::engine::fold::KeyFilter,
    /// The first eight bytes of each entity's three folded completion keys
    /// (`completion_key`), big-endian and zero-padded: completion finds
    /// the names a typed beginning begins in one pass over these, without
    /// lists sorted first.
    packed: Vec<[u64; 3]>,
    /// The near-miss index (`near_miss.rs`), built when first needed.
    pub(super) near: OnceLock<super::near_miss::NearIndex>,
    /// This index among all built in the process (from 1; 0 for an empty
    /// default): what a thread's memos of verdicts (`ResolveMemo`,
    /// `near_miss::WordMemo`) belong to. An index is never changed once
    /// built, so a verdict holds as long as the index does.
    pub(super) id: u64,
}

/// A word of a spelling: its bytes and its folded hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub range: std::ops::Range<usize>,
    pub key: u64,
}

/// The words of a spelling, tokenized exactly as texts are (a spelling
/// holds no URL or paragraph break, so nothing is masked or split: the
/// tokenizer alone does, without a whole `Document`).
pub(super) fn spelling_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    spelling_tokens_into(text, &mut out);
    out
}

/// `spelling_tokens` into `out` (cleared first). Most spellings are ASCII
/// letters in words one space apart, with hyphens between letters ("Kim
/// Min-jun"): the tokenizer would make each of those words one token, so
/// they are split here without it.
pub(super) fn spelling_tokens_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    if let Some(()) = plain_words(text, out) {
        return;
    }
    out.clear();
    let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
    out.extend(
        crate::engine::tokenizer::tokenize(text, &[], &whole)
            .into_iter()
            .map(|w| Token {
                range: w.range(),
                key: w.key,
            }),
    );
}

/// The words of `text` if it is ASCII letters and digits in words one
/// space apart, a hyphen only between two of them ("Minjun-ri 1", "F-16");
/// else `None`.
fn plain_words(text: &str, out: &mut Vec<Token>) -> Option<()> {
    let bytes = text.as_bytes();
    let mut start = 0;
    // A word is letters and digits, a hyphen only between two of them;
    // words are one space apart.
    for at in 0..=bytes.len() {
        let b = bytes.get(at).copied().unwrap_or(b' ');
        if b == b' ' {
            let word = &bytes[start..at];
            let last = word.last()?;
            if !last.is_ascii_alphanumeric() || !word[0].is_ascii_alphanumeric() {
                return None;
            }
            out.push(Token {
                range: start..at,
                key: crate::engine::fold::bytes_hash(word),
            });
            start = at + 1;
        } else if b == b'-' {
            let between = at > start
                && bytes[at - 1].is_ascii_alphanumeric()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric);
            if !between {
                return None;
            }
        } else if !b.is_ascii_alphanumeric() {
            return None;
        }
    }
    Some(())
}

/// Folded words of a spelling, tokenized exactly as texts are.
pub(super) fn spelling_words(text: &str) -> Vec<String> {
    spelling_tokens(text)
        .iter()
        .map(|w| fold(&text[w.range.clone()]))
        .collect()
}

/// No spelling ends at a node.
const NONE: u32 = u32::MAX;

/// The most resolved names a thread keeps; past it the memo starts over.
const MEMO_NAMES: usize = 1 << 14;

/// A thread's resolved names for one index (`NameIndex::id`), kept across
/// blocks and documents: which spelling (if any) the words ending at a
/// trie node match depends only on the node and the words as written, and
/// a story names the same people again and again ("Secretary Blinken").
#[derive(Debug, Default)]
struct ResolveMemo {
    owner: u64,
    /// Hash of (node, text) → the node, the text, and the spelling.
    resolved: FxHashMap<u64, (u32, Box<str>, Option<usize>)>,
}

thread_local! {
    static RESOLVE_MEMO: std::cell::RefCell<ResolveMemo> = std::cell::RefCell::default();
}

impl ResolveMemo {
    /// What `resolve` (called on first meeting) gives for the words `span`
    /// ending at trie node `node` of index `owner`.
    fn resolved(
        &mut self,
        owner: u64,
        node: u32,
        span: &str,
        resolve: impl FnOnce() -> Option<usize>,
    ) -> Option<usize> {
        if self.owner != owner {
            self.resolved.clear();
            self.owner = owner;
        }
        let mut hasher = rustc_hash::FxHasher::default();
        std::hash::Hasher::write_u32(&mut hasher, node);
        std::hash::Hasher::write(&mut hasher, span.as_bytes());
        let key = std::hash::Hasher::finish(&hasher);
        if let Some((at, text, spelling)) = self.resolved.get(&key)
            && *at == node
            && **text == *span
        {
            return *spelling;
        }
        let spelling = resolve();
        if self.resolved.len() >= MEMO_NAMES {
            self.resolved.clear();
        }
        self.resolved.insert(key, (node, span.into(), spelling));
        spelling
    }
}

/// The most people `complete` offers: a surname shared by thousands
/// ("Kim") gives the first of them, and more letters narrow it.
pub const MAX_COMPLETIONS: usize = 100;

impl NameIndex {
    pub fn new(people: Vec<Person>) -> NameIndex {
        NameIndex::build(People::from(people), Default::default(), &[], Vec::new())
    }

    /// The index over `people`, whose entity `k` is, where `kept[k]` is
    /// `Some((file, n))`, entity `n` of `files[file]` as `plain::scan` read
    /// it into `arena`, and otherwise made.
    fn build(
        people: People,
        arena: String,
        files: &[ScannedFile],
        kept: Vec<Option<(u32, u32)>>,
    ) -> NameIndex {
        static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut index = NameIndex {
            id: BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            people,
            arena,
            end_first: vec![NONE],
            ..NameIndex::default()
        };
        // Reserved, not grown: the spellings counted, about three words
        // (edges) each.
        let count = index.people.len();
        let spellings: usize = (0..count)
            .map(|k| match kept.get(k).copied().flatten() {
                Some((file, n)) => {
                    let e = &files[file as usize].entities[n as usize];
                    1 + usize::from(!e.yonhap.is_none())
                        + usize::from(!e.abbreviation.is_none())
                        + e.aliases.len()
                        + e.variants.len()
                }
                None => 0,
            })
            .sum::<usize>()
            + count;
        index.briefs.reserve(count);
        index.packed.reserve(count);
        index.spellings.reserve(spellings);
        index.end_next.reserve(spellings);
        let mut keys: Vec<u64> = Vec::with_capacity(3 * spellings);
        let mut starts: Vec<u32> = Vec::with_capacity(spellings + 1);
        starts.push(0);
        let mut forms: Vec<(Span, Form)> = Vec::new();
        let mut words = Vec::new();
        let mut folded = String::new();
        let (mut first_seen, mut last_first) = (rustc_hash::FxHashSet::default(), None);
        for person_index in 0..index.people.len() {
            forms.clear();
            let arena = &mut index.arena;
            let brief = match kept.get(person_index).copied().flatten() {
                Some((file, n)) => {
                    let file = &files[file as usize];
                    let e = &file.entities[n as usize];
                    let (name, yonhap) = (e.name.get(arena), e.yonhap.get(arena));
                    let distinct_yonhap = distinct(name.unwrap_or_default(), yonhap);
                    forms.push((e.name, Form::Name));
                    if distinct_yonhap {
                        forms.push((e.yonhap, Form::Yonhap));
                    }
                    if !e.abbreviation.is_none() {
                        forms.push((e.abbreviation, Form::Alias));
                    }
                    let list = |range: &std::ops::Range<u32>| {
                        file.lists[range.start as usize..range.end as usize].iter()
                    };
                    forms.extend(list(&e.aliases).map(|&a| (a, Form::Alias)));
                    forms.extend(list(&e.variants).map(|&v| (v, Form::Variant)));
                    Brief {
                        name: e.name,
                        yonhap: e.yonhap,
                        second_reference: e.second_reference,
                        distinct_yonhap,
                        korean: e.korean,
                    }
                }
                None => {
                    let person = &index.people[person_index];
                    let optional = |text: &Option<String>, arena: &mut String| {
                        text.as_deref().map_or(Span::NONE, |t| Span::push(arena, t))
                    };
                    let name = Span::push(arena, &person.name);
                    let yonhap = optional(&person.yonhap, arena);
                    let distinct_yonhap = distinct_yonhap(person).is_some();
                    forms.push((name, Form::Name));
                    if distinct_yonhap {
                        forms.push((yonhap, Form::Yonhap));
                    }
                    if let Some(abbreviation) = &person.abbreviation {
                        forms.push((Span::push(arena, abbreviation), Form::Alias));
                    }
                    for alias in &person.aliases {
                        forms.push((Span::push(arena, alias), Form::Alias));
                    }
                    for variant in &person.variants {
                        forms.push((Span::push(arena, variant), Form::Variant));
                    }
                    Brief {
                        name,
                        yonhap,
                        second_reference: optional(&person.second_reference, arena),
                        distinct_yonhap,
                        korean: is_korean_country(person.country.as_deref()),
                    }
                }
            };
            index.briefs.push(brief);
            let packed = index.pack_keys(person_index);
            index.packed.push(packed);

            for &(span, form) in &forms {
                spelling_tokens_into(span.get(&index.arena).unwrap_or_default(), &mut words);
                let Some(first) = words.first() else {
                    continue;
                };
                index.first_words.insert(first.key);
                // And its possessive ("Ryol's", "Ryol’s" fold alike), so
                // that `scan` settles every word by its own key: once for
                // each first word (most are shared: "Kim").
                if last_first != Some(first.key) && first_seen.insert(first.key) {
                    fold_into(
                        &span.get(&index.arena).unwrap_or_default()[first.range.clone()],
                        &mut folded,
                    );
                    folded.push_str("'s");
                    index
                        .first_words
                        .insert(crate::engine::fold::bytes_hash(folded.as_bytes()));
                }
                last_first = Some(first.key);
                keys.extend(words.iter().map(|w| w.key));
                starts.push(keys.len() as u32);
                index.spellings.push(Spelling {
                    person: person_index,
                    form,
                    text: span,
                });
            }
        }
        let trie = super::trie::build(&keys, &starts);
        (index.words, index.word_starts) = (keys, starts);
        index.edges = trie.edges;
        index.end_first = vec![NONE; trie.nodes];
        // Threaded on at the front: `ends_at` gives them back in the order
        // they were added.
        for (k, &node) in trie.ends.iter().enumerate() {
            index.end_next.push(index.end_first[node as usize]);
            index.end_first[node as usize] = k as u32;
        }
        index
    }

    /// Completion's three keys of entity `k`, folded: AP house name,
    /// Yonhap house name, surname.
    fn completion_key(&self, k: usize, which: usize) -> String {
        fold(self.completion_text(k, which))
    }

    /// The folded hashes of spelling `k`'s words.
    pub(super) fn spelling_keys(&self, k: usize) -> &[u64] {
        &self.words[self.word_starts[k] as usize..self.word_starts[k + 1] as usize]
    }

    /// Whether entity `k` is of either Korea.
    pub(super) fn is_korean(&self, k: usize) -> bool {
        self.briefs[k].korean
    }

    /// The completion keys' first eight bytes of entity `k`, folded (see
    /// `packed`).
    fn pack_keys(&self, k: usize) -> [u64; 3] {
        let brief = &self.briefs[k];
        let folded = |span: Span| {
            let text = span.get(&self.arena).unwrap_or_default();
            let head = &text.as_bytes()[..text.len().min(8)];
            if head.is_ascii() {
                // Big-endian, zero-padded, assembled in a register (a copy
                // of a few bytes would be a call to `memcpy`).
                let value = head
                    .iter()
                    .fold(0u64, |w, &b| w << 8 | u64::from(b.to_ascii_lowercase()));
                value.checked_shl(8 * (8 - head.len() as u32)).unwrap_or(0)
            } else {
                pack(&fold(text))
            }
        };
        let yonhap = if brief.yonhap.is_none() {
            brief.name
        } else {
            brief.yonhap
        };
        [
            folded(brief.name),
            folded(yonhap),
            folded(brief.second_reference),
        ]
    }

    /// The completion key `which` of entity `k`, as `completion_key`
    /// folds it, in the arena when it is ASCII (nearly always).
    fn completion_text(&self, k: usize, which: usize) -> &str {
        let brief = &self.briefs[k];
        let span = match which {
            0 => brief.name,
            1 if !brief.yonhap.is_none() => brief.yonhap,
            1 => brief.name,
            _ => brief.second_reference,
        };
        span.get(&self.arena).unwrap_or_default()
    }

    /// The order of completion keys `which` of entities `a` and `b`: as
    /// their folded keys sort, then by number.
    fn completion_order(&self, which: usize, a: u32, b: u32) -> std::cmp::Ordering {
        let (a, b) = (a as usize, b as usize);
        let packed = self.packed[a][which].cmp(&self.packed[b][which]);
        packed
            .then_with(|| {
                let (x, y) = (
                    self.completion_text(a, which),
                    self.completion_text(b, which),
                );
                if x.is_ascii() && y.is_ascii() {
                    let (x, y) = (x.as_bytes(), y.as_bytes());
                    x.iter()
                        .map(u8::to_ascii_lowercase)
                        .cmp(y.iter().map(u8::to_ascii_lowercase))
                } else {
                    fold(x).cmp(&fold(y))
                }
            })
            .then(a.cmp(&b))
    }

    /// The text of spelling `k`.
    pub fn text(&self, k: usize) -> &str {
        self.spellings[k].text.get(&self.arena).unwrap_or_default()
    }

    /// Whether a spelling ends at trie node `node`.
    pub(super) fn is_end(&self, node: u32) -> bool {
        self.end_first[node as usize] != NONE
    }

    /// The spellings that end at trie node `node`, in the order added.
    pub(super) fn ends_at(&self, node: u32) -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = self.end_first[node as usize];
        while k != NONE {
            out.push(k as usize);
            k = self.end_next[k as usize];
        }
        out.reverse();
        out
    }

    /// The default officials compiled into the binary, parsed once.
    pub fn builtin() -> Arc<NameIndex> {
        static BUILTIN: OnceLock<Arc<NameIndex>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Arc::new(NameIndex::new(
                    parse("data/officials.toml", BUILTIN_OFFICIALS)
                        .expect("built-in names are valid (tested)"),
                ))
            })
            .clone()
    }

    /// The built-in set with `files` (name, text) laid over it, in order:
    /// an entity with a known id takes its place, a new one is added
    /// (`person::overlay`). A file written the plain way is checked whole
    /// but only scanned (`plain::scan`): its text is kept, and an entity is
    /// parsed from its entry when first asked for. Any other file is parsed
    /// (which names its errors) and its text dropped.
    pub fn with_files(files: Vec<(String, String)>) -> Result<NameIndex, FileError> {
        let mut people = People::from(parse("data/officials.toml", BUILTIN_OFFICIALS)?);
        let mut arena = String::new();
        let mut scanned: Vec<ScannedFile> = Vec::new();
        // Each entity's id where it was scanned (made ones have theirs).
        let mut kept: Vec<Option<(u32, u32)>> = vec![None; people.len()];
        let mut ids: Vec<Span> = vec![Span::NONE; people.len()];
        let mut by_id: FxHashMap<u64, usize> = FxHashMap::default();
        for k in 0..people.len() {
            by_id.entry(id_hash(&people[k].id)).or_insert(k);
        }
        let count = files.len();
        for (number, (name, text)) in files.into_iter().enumerate() {
            // A file's ids are looked up only by the files after it (its
            // own are distinct): the last file's are not put in the map.
            let more = number + 1 < count;
            // Keyed by the id's hash; a hit is confirmed, and a collision
            // (two ids, one hash) falls back to a search.
            let id_of = |people: &People, ids: &[Span], arena: &str, k: usize| -> String {
                match ids[k].get(arena) {
                    Some(id) if !people.is_made(k) => id.to_string(),
                    _ => people[k].id.clone(),
                }
            };
            let find = |people: &People,
                        ids: &[Span],
                        arena: &str,
                        by_id: &FxHashMap<u64, usize>,
                        id: &str,
                        hash: u64| match by_id.get(&hash) {
                Some(&at) if id_of(people, ids, arena, at) == id => Some(at),
                Some(_) => (0..people.len()).find(|&k| id_of(people, ids, arena, k) == id),
                None => None,
            };
            let Some(parts) = super::plain::scan(&text, &mut arena) else {
                let parsed = parse(&name, &text)?;
                drop(text);
                for person in parsed {
                    let hash = id_hash(&person.id);
                    match find(&people, &ids, &arena, &by_id, &person.id, hash) {
                        Some(at) => {
                            people.replace(at, person);
                            (kept[at], ids[at]) = (None, Span::NONE);
                        }
                        None => {
                            if more {
                                by_id.entry(hash).or_insert(people.len());
                            }
                            people.push(person);
                            kept.push(None);
                            ids.push(Span::NONE);
                        }
                    }
                }
                continue;
            };
            let number = people.keep_file(text);
            let count: usize = parts.iter().map(|part| part.entities.len()).sum();
            kept.reserve(count);
            ids.reserve(count);
            people.reserve(count);
            for file in parts {
                for (n, e) in file.entities.iter().enumerate() {
                    let id = e.id.get(&arena).unwrap_or_default();
                    let at = find(&people, &ids, &arena, &by_id, id, e.id_hash);
                    let k = people.keep(at, number, usize::from(e.table), e.entry.clone());
                    let place = (scanned.len() as u32, n as u32);
                    if at.is_none() {
                        if more {
                            by_id.entry(e.id_hash).or_insert(k);
                        }
                        kept.push(Some(place));
                        ids.push(e.id);
                    } else {
                        (kept[k], ids[k]) = (Some(place), e.id);
                    }
                }
                scanned.push(file);
            }
        }
        Ok(NameIndex::build(people, arena, &scanned, kept))
    }

    pub fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }

    /// Whether `spelling` is house style under `romanization`.
    pub fn is_house(&self, spelling: &Spelling, romanization: Romanization) -> bool {
        let has_yonhap = self.briefs[spelling.person].distinct_yonhap;
        match spelling.form {
            Form::Alias => true,
            Form::Variant => false,
            Form::Name => romanization == Romanization::Ap || !has_yonhap,
            Form::Yonhap => romanization == Romanization::Yonhap,
        }
    }

    /// A person's house spelling under `romanization`.
    pub fn house_name<'a>(&'a self, person: &'a Person, romanization: Romanization) -> &'a str {
        match (romanization, distinct_yonhap(person)) {
            (Romanization::Yonhap, Some(yonhap)) => yonhap,
            _ => &person.name,
        }
    }

    /// Every mention of a known name in `doc`, in one pass over its words.
    /// Names may break across lines; an initial's period may sit inside
    /// ("Joseph R. DeTrani"); a possessive ("Ryol's") ends a name.
    pub fn scan(&self, doc: &Document<'_>) -> Vec<Mention> {
        if self.edges.is_empty() {
            return Vec::new();
        }
        RESOLVE_MEMO.with_borrow_mut(|memo| self.scan_with(doc, memo))
    }

    /// `scan`, with the thread's memo of resolved names.
    fn scan_with(&self, doc: &Document<'_>, memo: &mut ResolveMemo) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let words = &doc.words;
        let mut i = 0;
        // Most words begin no name: passed over by their key alone (the
        // filter holds every first word's possessive too).
        while let Some(skip) = words[i..]
            .iter()
            .position(|w| self.first_words.may_contain(w.key))
        {
            i += skip;
            let mut node = 0u32;
            let mut best: Option<(usize, usize, u32)> = None; // (last word, end byte, trie node)
            let mut j = i;
            while j < words.len() {
                if j > i && !name_joined(doc, j) {
                    break;
                }
                let word = doc.word(&words[j]);
                let stem = possessive_stem(word);
                if let Some(stem) = stem {
                    let key = crate::engine::fold::fold_hash(stem);
                    if let Some(end) = self.edges.get(edge(node, key)) {
                        if self.is_end(end) {
                            best = Some((j, words[j].range().start + stem.len(), end));
                        }
                    }
                }
                let Some(next) = self.edges.get(edge(node, words[j].key)) else {
                    break;
                };
                node = next;
                if self.is_end(node) {
                    best = Some((j, words[j].range().end, node));
                }
                j += 1;
            }
            let Some((last, end, node)) = best else {
                i += 1;
                continue;
            };
            let span = &doc.text[words[i].range().start..end];
            let resolved = memo.resolved(self.id, node, span, || {
                self.resolve(doc, i..=last, end, &self.ends_at(node))
            });
            if let Some(spelling) = resolved {
                mentions.push(Mention {
                    range: words[i].range().start..end,
                    spelling,
                });
                i = last + 1;
            } else {
                i += 1;
            }
        }
        mentions
    }

    /// Which of `candidates` (the spellings ending at one trie node) matches
    /// the document's `words` up to byte `end` (the last word may end early,
    /// at a possessive): exactly, case included, if one does; else one equal
    /// but for case, preferring accepted forms. Hash collisions are ruled
    /// out by comparing the words. Called for every name found, so the
    /// document's words are read in place, never copied or folded.
    fn resolve(
        &self,
        doc: &Document<'_>,
        words: std::ops::RangeInclusive<usize>,
        end: usize,
        candidates: &[usize],
    ) -> Option<usize> {
        let written = &doc.words[words];
        let word = |n: usize| {
            let range = written[n].range();
            &doc.text[range.start..range.end.min(end)]
        };
        let matching = |k: &usize| {
            let text = self.text(*k);
            let tokens = spelling_tokens(text);
            tokens.len() == written.len()
                && tokens
                    .iter()
                    .enumerate()
                    .all(|(n, t)| fold_eq(&text[t.range.clone()], word(n)))
        };
        // The text as written, on one line, against the spelling as stored.
        let span = &doc.text[written[0].range().start..end];
        let exact = |k: &usize| self.text(*k).split(' ').eq(span.split_whitespace());
        let matching: Vec<usize> = candidates.iter().copied().filter(matching).collect();
        matching
            .iter()
            .copied()
            .find(exact)
            .or_else(|| {
                matching
                    .iter()
                    .copied()
                    .find(|&k| self.spellings[k].form != Form::Variant)
            })
            .or_else(|| matching.first().copied())
    }

    /// The entity whose house spelling under `romanization` is `text`.
    pub fn by_house(&self, text: &str, romanization: Romanization) -> Option<usize> {
        self.briefs.iter().position(|brief| {
            let house = match (romanization, brief.distinct_yonhap) {
                (Romanization::Yonhap, true) => brief.yonhap,
                _ => brief.name,
            };
            house.get(&self.arena) == Some(text)
        })
    }

    /// People any of whose spellings, or whose native-script name, contain
    /// `query` (case-insensitive).
    pub fn search(&self, query: &str) -> Vec<usize> {
        let query = fold(query);
        let natives = self.people.iter().enumerate().filter_map(|(k, p)| {
            p.native
                .as_deref()
                .is_some_and(|native| fold(native).contains(&query))
                .then_some(k)
        });
        let mut found: Vec<usize> = (0..self.spellings.len())
            .filter(|&k| fold(self.text(k)).contains(&query))
            .map(|k| self.spellings[k].person)
            .chain(natives)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// People whose house spelling (full name or surname) starts with
    /// `typed`, case-insensitively; `typed` may span several words. At most
    /// `MAX_COMPLETIONS` (the first alphabetically), given in the order of
    /// the names files. One pass over the keys' first eight bytes finds
    /// the names that begin so; only those are ordered, and only as far as
    /// the first `MAX_COMPLETIONS`: no list is sorted beforehand, so the
    /// first completion is as quick as the next.
    pub fn complete(&self, typed: &str, romanization: Romanization) -> Vec<usize> {
        let typed = fold(typed.trim_start());
        if typed.is_empty() {
            return Vec::new();
        }
        let prefix = pack(&typed);
        let known = typed.len().min(8);
        let mask = if known == 8 {
            u64::MAX
        } else {
            !(u64::MAX >> (8 * known))
        };
        // Beyond eight bytes (or with a zero byte, which padding also is)
        // a key is compared in full.
        let in_full = typed.len() > 8 || typed.contains('\0');
        let multi_word = typed.contains(char::is_whitespace);
        let house = usize::from(romanization == Romanization::Yonhap);
        let lists: &[usize] = if multi_word { &[house] } else { &[house, 2] };
        let mut found: Vec<usize> = Vec::new();
        for &which in lists {
            let packed = &self.packed;
            let mut matches: Vec<u32> = (0..packed.len() as u32)
                .filter(|&k| {
                    packed[k as usize][which] & mask == prefix
                        && (!in_full || self.completion_key(k as usize, which).starts_with(&typed))
                })
                .collect();
            if matches.len() > MAX_COMPLETIONS {
                matches.select_nth_unstable_by(MAX_COMPLETIONS - 1, |&a, &b| {
                    self.completion_order(which, a, b)
                });
                matches.truncate(MAX_COMPLETIONS);
            }
            found.extend(matches.iter().map(|&k| k as usize));
        }
        found.sort_unstable();
        found.dedup();
        found.truncate(MAX_COMPLETIONS);
        found
    }
}

/// The first eight bytes of `text`, big-endian, zero-padded.
fn pack(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// Whether word `j` continues a name begun at an earlier word: only
/// whitespace between them, or an initial's period and whitespace.
#[inline]
pub(super) fn name_joined(doc: &Document<'_>, j: usize) -> bool {
    // Most words of a name are one space apart: settled here, inline.
    doc.words[j].joined || name_joined_by_initial(doc, j)
}

/// `name_joined` for words not `joined`: an initial's period between.
#[inline(never)]
fn name_joined_by_initial(doc: &Document<'_>, j: usize) -> bool {
    let (prev, next) = (&doc.words[j - 1], &doc.words[j]);
    if prev.paragraph != next.paragraph {
        return false;
    }
    let gap = &doc.text[prev.range().end..next.range().start];
    let initial = prev.range().len() == 1;
    initial && gap.starts_with('.') && gap.len() > 1 && gap[1..].chars().all(char::is_whitespace)
}

/// A name as written, its line breaks and runs of spaces made one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Ryol" for "Ryol's" or "Ryol’s".
fn possessive_stem(word: &str) -> Option<&str> {
    // Most words are not possessives: one byte settles it for them.
    if !word.ends_with('s') {
        return None;
    }
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Format;

    fn index() -> NameIndex {
        NameIndex::new(
            parse(
                "t.toml",
                r#"
[[person]]
name = "Han Song Ryol"
yonhap = "Han Song-ryol"
variants = ["Han Seong-yeol"]
second_reference = "Han"
[[person]]
name = "Robert L. Gallucci"
aliases = ["Robert Gallucci"]
variants = ["Robert Galucci"]
second_reference = "Gallucci"
[[person]]
name = "Kim Jong Un"
yonhap = "Kim Jong-un"
variants = ["Kim Jong-Un"]
second_reference = "Kim"
"#,
            )
            .unwrap(),
        )
    }

    fn found(index: &NameIndex, text: &str) -> Vec<(String, Form)> {
        let doc = Document::new(text, Format::Plain);
        index
            .scan(&doc)
            .into_iter()
            .map(|m| (text[m.range].to_string(), index.spellings[m.spelling].form))
            .collect()
    }

    #[test]
    fn plain_spellings_are_split_as_the_tokenizer_splits_them() {
        let builtin = NameIndex::builtin();
        let mut texts: Vec<String> = (0..builtin.spellings.len())
            .map(|k| builtin.text(k).to_string())
            .collect();
        texts.extend(
            [
                "Kim Min-jun",
                "kim MIN-JUN",
                "Min--jun",
                "Min-",
                "-Min",
                "A B",
                "A  B",
                " A",
                "A ",
                "O'Neil",
                "Kim Jong-un's",
                "Ri 2",
                "Minjun-ri 1",
                "MJI0",
                "1-2",
                "F-16 Unit",
                "A1-B2 3-c",
                "2nd Division",
                "1,000 Days",
                "No. 1",
                "1.5",
                "-1",
                "1-",
                "x-y-z",
                "Élysée",
                "",
            ]
            .map(String::from),
        );
        let mut plain = 0;
        for text in &texts {
            let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
            let expected: Vec<Token> = crate::engine::tokenizer::tokenize(text, &[], &whole)
                .into_iter()
                .map(|w| Token {
                    range: w.range(),
                    key: w.key,
                })
                .collect();
            let mut out = Vec::new();
            if plain_words(text, &mut out).is_some() {
                plain += 1;
                assert_eq!(out, expected, "{text:?}");
            }
            assert_eq!(spelling_tokens(text), expected, "{text:?}");
        }
        assert!(plain > texts.len() / 2, "{plain} of {}", texts.len());
    }

    /// `with_files` as it was before files were kept: every file parsed
    /// and laid over the built-in set, the index built over the entities.
    fn parsed(files: &[(&str, &str)]) -> NameIndex {
        let mut people = parse("data/officials.toml", BUILTIN_OFFICIALS).unwrap();
        for (name, text) in files {
            people = super::super::person::overlay(people, parse(name, text).unwrap());
        }
        NameIndex::new(people)
    }

    fn assert_same(kept: &NameIndex, parsed: &NameIndex) {
        assert_eq!(kept.people.len(), parsed.people.len());
        for k in 0..parsed.people.len() {
            assert_eq!(kept.people[k], parsed.people[k], "entity {k}");
            assert_eq!(kept.is_korean(k), parsed.is_korean(k), "entity {k}");
        }
        assert_eq!(kept.spellings.len(), parsed.spellings.len());
        for k in 0..parsed.spellings.len() {
            let (a, b) = (&kept.spellings[k], &parsed.spellings[k]);
            assert_eq!((a.person, a.form), (b.person, b.form), "spelling {k}");
            assert_eq!(kept.text(k), parsed.text(k), "spelling {k}");
        }
        for typed in ["Kim", "Kim Min", "Lee", "K", "Sc", "Kim Jong U", "Ri"] {
            for romanization in [Romanization::Ap, Romanization::Yonhap] {
                assert_eq!(
                    kept.complete(typed, romanization),
                    parsed.complete(typed, romanization),
                    "{typed}"
                );
            }
        }
        for k in 0..parsed.people.len() {
            for romanization in [Romanization::Ap, Romanization::Yonhap] {
                let house = parsed.house_name(&parsed.people[k], romanization);
                assert_eq!(
                    kept.by_house(house, romanization),
                    parsed.by_house(house, romanization)
                );
            }
        }
        let text = "Kim Min-jun met Kim Jong-un, Lee Seo-yeon and Kim Mn-jun in Minjun-ri \
                    and Pyongyang. Choe Son Hiu, Kim Jong Un's sister, Kae song.";
        let doc = Document::new(text, crate::engine::Format::Plain);
        let mentions = parsed.scan(&doc);
        assert_eq!(kept.scan(&doc), mentions);
        assert_eq!(
            kept.near_misses(&doc, &mentions),
            parsed.near_misses(&doc, &mentions)
        );
    }

    #[test]
    fn a_kept_file_gives_the_entities_and_spellings_a_parsed_one_does() {
        let file = r#"# A newsroom's file
[[person]]
id = "p1"
name = "Kim Min-jun"
variants = ["Kim Minjun", 'Kim Min Jun']
native = "김민준"
country = "South Korea"
born = "1970-03"
second_reference = "Kim"
sources = ["generated"]
[[person.positions]]
title = "Lawmaker"
organization = "National Assembly"
start = "2010"
[[person.positions]]
title = "Minister"
end = "2020-01-02"

[[place]]
name = "Minjun-ri"
kind = "village"
country = "South Korea"

[[person]]
name = "Kim \"Jun\" Lee" # a comment
yonhap = "Kim Jun-lee"
country = "North Korea"
aliases = [
  "Jun Lee",
]
[[organization]]
id = "o1"
name = "Minjun Industries"
abbreviation = "MJI"

[[person]]
id = "han-song-ryol"
name = "Kim Jong Un"
yonhap = "Kim Jong-un"
title = "Leader"
"#;
        let more =
            "[[person]]\nid = \"p1\"\nname = \"Lee Seo-yeon\"\n[[person]]\nname = \"Ri Song\"\n";
        let files = [("a.toml", file), ("b.toml", more)];
        let kept = NameIndex::with_files(
            files
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
        .unwrap();
        assert!((0..kept.people.len()).any(|k| !kept.people.is_made(k)));
        assert_same(&kept, &parsed(&files));
        // A position after a place goes to the person before it: such a
        // file is parsed whole, with the same entities.
        let split = "[[person]]\nname = \"Kim Min-jun\"\n[[place]]\nname = \"Minjun-ri\"\n[[person.positions]]\ntitle = \"Lawmaker\"\n";
        let files = [("c.toml", split)];
        let kept = NameIndex::with_files(vec![("c.toml".into(), split.into())]).unwrap();
        assert!((0..kept.people.len()).all(|k| kept.people.is_made(k)));
        assert_same(&kept, &parsed(&files));
    }

    #[test]
    fn a_kept_file_is_checked_whole_with_the_errors_a_parsed_one_gets() {
        for text in [
            "[[person]]\nname = \"A\"\nborn = \"1970-13\"\n",
            "[[person]]\nid = \"a\"\nname = \"A\"\n[[person]]\nid = \"a\"\nname = \"B\"\n",
            "[[place]]\nname = \"A\"\nborn = \"1970\"\n",
            "[[person]]\nname = \"A\"\nkind = \"city\"\n",
            "[[person]]\nname = \"A\"\nvariants = [\"1\"]\n",
            "[[person]]\nname = \" \"\n",
            "[[person]]\nname = \"A\"\n[[person.positions]]\nstart = \"2020\"\n",
            "[[person]]\nname = \"A\"\n[[person.positions]]\ntitle = \"T\"\nend = \"x\"\n",
        ] {
            let kept = NameIndex::with_files(vec![("n.toml".into(), text.into())]).unwrap_err();
            let parsed = parse("n.toml", text).unwrap_err();
            assert_eq!(kept.to_string(), parsed.to_string(), "{text:?}");
        }
    }

    #[test]
    fn finds_every_spelling_on_word_boundaries() {
        let index = index();
        assert_eq!(
            found(
                &index,
                "Vice Foreign Minister Han Song Ryol met Robert Gallucci and Robert L. Gallucci."
            ),
            [
                ("Han Song Ryol".into(), Form::Name),
                ("Robert Gallucci".into(), Form::Alias),
                ("Robert L. Gallucci".into(), Form::Name)
            ]
        );
        assert_eq!(
            found(&index, "Han Song-ryol and Han Seong-yeol"),
            [
                ("Han Song-ryol".into(), Form::Yonhap),
                ("Han Seong-yeol".into(), Form::Variant)
            ]
        );
        assert!(found(&index, "Khan Song Ryolx and Han Song").is_empty());
    }

    #[test]
    fn names_across_line_breaks_and_possessives() {
        let index = index();
        assert_eq!(
            found(&index, "met Han Song\nRyol today"),
            [("Han Song\nRyol".into(), Form::Name)]
        );
        assert_eq!(
            found(&index, "Han Song Ryol's visit"),
            [("Han Song Ryol".into(), Form::Name)]
        );
    }

    #[test]
    fn a_one_word_name_is_found_with_a_possessive() {
        let index = NameIndex::new(parse("t.toml", "[[person]]\nname = \"Galucci\"\n").unwrap());
        assert_eq!(
            found(&index, "Galucci's visit"),
            [("Galucci".into(), Form::Name)]
        );
    }

    #[test]
    fn a_first_words_possessive_passes_the_first_word_filter_in_any_form() {
        // The scan passes over a word by its key alone: every first word's
        // possessive is in the filter, whatever its case and apostrophe.
        let index = NameIndex::new(
            parse(
                "t.toml",
                "[[person]]\nname = \"Galucci\"\n[[person]]\nname = \"Müller\"\n",
            )
            .unwrap(),
        );
        for (text, name) in [
            ("Galucci’s visit", "Galucci"),
            ("GALUCCI's visit", "GALUCCI"),
            ("MÜLLER’s visit", "MÜLLER"),
            ("Müller's visit", "Müller"),
        ] {
            let doc = Document::new(text, Format::Plain);
            assert!(index.first_words.may_contain(doc.words[0].key), "{text}");
            assert_eq!(found(&index, text), [(name.into(), Form::Name)], "{text}");
        }
    }

    #[test]
    fn case_decides_between_a_variant_and_a_house_form() {
        let index = index();
        assert_eq!(
            found(&index, "Kim Jong-Un spoke"),
            [("Kim Jong-Un".into(), Form::Variant)]
        );
        assert_eq!(
            found(&index, "Kim Jong-un spoke"),
            [("Kim Jong-un".into(), Form::Yonhap)]
        );
        assert_eq!(
            found(&index, "KIM JONG UN SPOKE"),
            [("KIM JONG UN".into(), Form::Name)]
        );
    }

    #[test]
    fn house_style_follows_the_romanization() {
        let index = index();
        let yonhap = &index.spellings[(0..index.spellings.len())
            .find(|&k| index.text(k) == "Han Song-ryol")
            .unwrap()];
        assert!(!index.is_house(yonhap, Romanization::Ap));
        assert!(index.is_house(yonhap, Romanization::Yonhap));
        let wire = &index.spellings[(0..index.spellings.len())
            .find(|&k| index.text(k) == "Han Song Ryol")
            .unwrap()];
        assert!(!index.is_house(wire, Romanization::Yonhap));
        let alias = &index.spellings[(0..index.spellings.len())
            .find(|&k| index.text(k) == "Robert Gallucci")
            .unwrap()];
        assert!(index.is_house(alias, Romanization::Yonhap));
    }

    #[test]
    fn completion_gives_the_first_names_alphabetically_as_sorted_lists_did() {
        // Many names sharing their first eight bytes and more, some not
        // ASCII, more than `MAX_COMPLETIONS` to a surname.
        let mut file = String::new();
        for n in 0..1500 {
            let given = ["Min-jun", "Min-ji", "Mín-a", "Seo-yeon", "MIN-JUNG"][n % 5];
            let surname = ["Kim", "Kimm", "Ki", "Lee", "Łee"][n / 5 % 5];
            file += &format!(
                "[[person]]\nid = \"p{n}\"\nname = \"{surname} {given} {n}\"\nyonhap = \"{surname} {given}{}\"\nsecond_reference = \"{surname}\"\n",
                n % 7
            );
        }
        let index = NameIndex::with_files(vec![("n.toml".into(), file)]).unwrap();
        // The lists as they were sorted before: (folded key, number).
        let sorted = |which: usize| {
            let mut keyed: Vec<(String, usize)> = (0..index.people.len())
                .map(|k| (index.completion_key(k, which), k))
                .filter(|(key, _)| !key.is_empty())
                .collect();
            keyed.sort_unstable();
            keyed
        };
        let lists = [sorted(0), sorted(1), sorted(2)];
        for typed in [
            "K",
            "k",
            "Ki",
            "Kim",
            "kim m",
            "Kim Min",
            "Kim Min-j",
            "KIM MIN-JUN 1",
            "Kimm Mín",
            "Ł",
            "łee S",
            "Lee Seo-yeon 10",
            "Z",
            "Kim Min-jun 1499",
        ] {
            for romanization in [Romanization::Ap, Romanization::Yonhap] {
                let folded = fold(typed);
                let house = usize::from(romanization == Romanization::Yonhap);
                let which: &[usize] = if folded.contains(' ') {
                    &[house]
                } else {
                    &[house, 2]
                };
                let mut expected: Vec<usize> = which
                    .iter()
                    .flat_map(|&w| {
                        lists[w]
                            .iter()
                            .filter(|(key, _)| key.starts_with(&folded))
                            .take(MAX_COMPLETIONS)
                            .map(|&(_, k)| k)
                    })
                    .collect();
                expected.sort_unstable();
                expected.dedup();
                expected.truncate(MAX_COMPLETIONS);
                assert_eq!(index.complete(typed, romanization), expected, "{typed}");
            }
        }
    }

    #[test]
    fn completion_by_full_name_or_surname_prefix() {
        let index = index();
        let names = |typed: &str| -> Vec<String> {
            index
                .complete(typed, Romanization::Ap)
                .into_iter()
                .map(|k| index.people[k].name.clone())
                .collect()
        };
        assert_eq!(names("Han So"), ["Han Song Ryol"]);
        assert_eq!(names("han so"), ["Han Song Ryol"]);
        assert_eq!(names("Gallu"), ["Robert L. Gallucci"]);
        assert_eq!(names("Kim Jong U"), ["Kim Jong Un"]);
        assert!(names("Han Z").is_empty());
        assert_eq!(index.complete("Han Song-", Romanization::Yonhap), [0]);
    }
}
