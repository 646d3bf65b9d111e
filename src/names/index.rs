//! The compiled knowledge base: every spelling of every person in one
//! automaton over words (a trie keyed by folded word hashes), so that a
//! single pass over a text's words finds every name, whatever the number of
//! people; plus lookups for hover cards and completion.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::person::{BUILTIN_OFFICIALS, Person, overlay, parse};
use crate::engine::Document;
use crate::engine::fold::{fold, fold_eq};
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

/// A spelling of an entity: which entity, how it relates to it, and which
/// of its fields holds the text (`NameIndex::text`), so that no spelling is
/// copied out of its entity.
#[derive(Clone, Copy, Debug)]
pub struct Spelling {
    pub person: usize,
    pub form: Form,
    field: Field,
}

/// The field of an entity a spelling's text is in.
#[derive(Clone, Copy, Debug)]
enum Field {
    Name,
    Yonhap,
    Abbreviation,
    Alias(u32),
    Variant(u32),
}

/// A name found in a text: byte range (relative to the scanned text) and
/// the spelling it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub range: std::ops::Range<usize>,
    pub spelling: usize,
}

/// The Yonhap spelling where it differs from the AP one. Most South Koreans
/// are spelled alike by both houses; such a person has one house spelling
/// under either style and is never a variant of themself.
fn distinct_yonhap(person: &Person) -> Option<&String> {
    person
        .yonhap
        .as_ref()
        .filter(|yonhap| fold(yonhap) != fold(&person.name))
}

#[derive(Debug, Default)]
pub struct NameIndex {
    pub people: Vec<Person>,
    pub spellings: Vec<Spelling>,
    /// `edge(node, folded word hash)` → next node; node 0 is the root.
    pub(super) edges: FxHashMap<u64, u32>,
    /// Node → the first spelling that ends there (`NONE` if none), and
    /// spelling → the next spelling ending at the same node: lists threaded
    /// through two arrays, not a vector per node.
    end_first: Vec<u32>,
    end_next: Vec<u32>,
    /// First words of every spelling: most words of a text are ruled out here.
    first_words: crate::engine::fold::KeyFilter,
    /// People sorted by folded house name (AP, Yonhap) and by folded
    /// surname (second reference): completion is a range of each. Sorted
    /// when first asked for: `check` never completes.
    sorted: OnceLock<[Vec<u32>; 3]>,
    /// The near-miss index (`near_miss.rs`), built when first needed.
    pub(super) near: OnceLock<super::near_miss::NearIndex>,
}

/// The words of a spelling, tokenized exactly as texts are (a spelling
/// holds no URL or paragraph break, so nothing is masked or split: the
/// tokenizer alone does, without a whole `Document`).
pub(super) fn spelling_tokens(text: &str) -> Vec<crate::engine::tokenizer::Word> {
    let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
    crate::engine::tokenizer::tokenize(text, &[], &whole)
}

/// Folded words of a spelling, tokenized exactly as texts are.
pub(super) fn spelling_words(text: &str) -> Vec<String> {
    spelling_tokens(text)
        .iter()
        .map(|w| fold(&text[w.range()]))
        .collect()
}

/// The key of the trie edge from `node` on a word whose folded hash is
/// `word`: one 64-bit value rather than the pair (16 bytes an edge instead
/// of 24). Two pairs sharing a key would share an edge, which `resolve`
/// turns away by comparing the words, as it does two words sharing a hash.
pub(super) fn edge(node: u32, word: u64) -> u64 {
    word ^ u64::from(node).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// No spelling ends at a node.
const NONE: u32 = u32::MAX;

/// The most people `complete` offers: a surname shared by thousands
/// ("Kim") gives the first of them, and more letters narrow it.
pub const MAX_COMPLETIONS: usize = 100;

/// Completion's three keys of a person, folded: AP house name, Yonhap
/// house name, surname.
fn completion_key(person: &Person, which: usize) -> String {
    match which {
        0 => fold(&person.name),
        1 => fold(person.yonhap.as_deref().unwrap_or(&person.name)),
        _ => person
            .second_reference
            .as_deref()
            .map(fold)
            .unwrap_or_default(),
    }
}

impl NameIndex {
    pub fn new(people: Vec<Person>) -> NameIndex {
        let mut index = NameIndex {
            people,
            end_first: vec![NONE],
            ..NameIndex::default()
        };
        for (person_index, person) in index.people.iter().enumerate() {
            let forms = std::iter::once((&person.name, Form::Name, Field::Name))
                .chain(distinct_yonhap(person).map(|y| (y, Form::Yonhap, Field::Yonhap)))
                .chain((person.abbreviation.iter()).map(|a| (a, Form::Alias, Field::Abbreviation)))
                .chain(
                    (person.aliases.iter().enumerate())
                        .map(|(n, a)| (a, Form::Alias, Field::Alias(n as u32))),
                )
                .chain(
                    (person.variants.iter().enumerate())
                        .map(|(n, v)| (v, Form::Variant, Field::Variant(n as u32))),
                );
            for (text, form, field) in forms {
                let words = spelling_tokens(text);
                let Some(first) = words.first() else {
                    continue;
                };
                let mut node = 0u32;
                index.first_words.insert(first.key);
                for word in &words {
                    let next = index.end_first.len() as u32;
                    node = *index.edges.entry(edge(node, word.key)).or_insert(next);
                    if node == next {
                        index.end_first.push(NONE);
                    }
                }
                // Threaded on at the front: `ends_at` gives them back in
                // the order they were added.
                let k = index.spellings.len() as u32;
                index.end_next.push(index.end_first[node as usize]);
                index.end_first[node as usize] = k;
                index.spellings.push(Spelling {
                    person: person_index,
                    form,
                    field,
                });
            }
        }
        index
    }

    /// The completion lists (see `sorted`).
    fn sorted(&self) -> &[Vec<u32>; 3] {
        self.sorted.get_or_init(|| {
            [0, 1, 2].map(|which| {
                let mut keyed: Vec<(String, u32)> = self
                    .people
                    .iter()
                    .enumerate()
                    .map(|(k, p)| (completion_key(p, which), k as u32))
                    .filter(|(key, _)| !key.is_empty())
                    .collect();
                keyed.sort_unstable();
                keyed.into_iter().map(|(_, k)| k).collect()
            })
        })
    }

    /// The text of spelling `k`.
    pub fn text(&self, k: usize) -> &str {
        let spelling = &self.spellings[k];
        let person = &self.people[spelling.person];
        match spelling.field {
            Field::Name => &person.name,
            Field::Yonhap => person.yonhap.as_deref().unwrap_or(&person.name),
            Field::Abbreviation => person.abbreviation.as_deref().unwrap_or(&person.name),
            Field::Alias(n) => &person.aliases[n as usize],
            Field::Variant(n) => &person.variants[n as usize],
        }
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

    /// The built-in people with a newsroom's files laid over them, in order.
    /// The built-in set with `files` (name, text) laid over it. Each text
    /// is dropped as soon as it is parsed: a newsroom's file can be tens of
    /// megabytes, and the index is built without it.
    pub fn with_files(files: Vec<(String, String)>) -> Result<NameIndex, FileError> {
        let mut people = parse("data/officials.toml", BUILTIN_OFFICIALS)?;
        for (name, text) in files {
            let parsed = parse(&name, &text)?;
            drop(text);
            people = overlay(people, parsed);
        }
        Ok(NameIndex::new(people))
    }

    pub fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }

    /// Whether `spelling` is house style under `romanization`.
    pub fn is_house(&self, spelling: &Spelling, romanization: Romanization) -> bool {
        let has_yonhap = distinct_yonhap(&self.people[spelling.person]).is_some();
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
        let mut mentions = Vec::new();
        if self.edges.is_empty() {
            return mentions;
        }
        let words = &doc.words;
        let mut i = 0;
        while i < words.len() {
            let first_possible = self.first_words.may_contain(words[i].key)
                || possessive_stem(doc.word(&words[i])).is_some_and(|stem| {
                    self.first_words
                        .may_contain(crate::engine::fold::fold_hash(stem))
                });
            if !first_possible {
                i += 1;
                continue;
            }
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
                    if let Some(&end) = self.edges.get(&edge(node, key)) {
                        if self.is_end(end) {
                            best = Some((j, words[j].range().start + stem.len(), end));
                        }
                    }
                }
                let Some(&next) = self.edges.get(&edge(node, words[j].key)) else {
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
            if let Some(spelling) = self.resolve(doc, i..=last, end, &self.ends_at(node)) {
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
                    .all(|(n, t)| fold_eq(&text[t.range()], word(n)))
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
        self.people
            .iter()
            .position(|p| self.house_name(p, romanization) == text)
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
    /// the names files; each list is sorted, so this is two binary
    /// searches, whatever the file's size.
    pub fn complete(&self, typed: &str, romanization: Romanization) -> Vec<usize> {
        let typed = fold(typed.trim_start());
        if typed.is_empty() {
            return Vec::new();
        }
        let multi_word = typed.contains(char::is_whitespace);
        let house = usize::from(romanization == Romanization::Yonhap);
        let lists: &[usize] = if multi_word { &[house] } else { &[house, 2] };
        let mut found: Vec<usize> = Vec::new();
        for &which in lists {
            let list = &self.sorted()[which];
            let key = |k: &u32| completion_key(&self.people[*k as usize], which);
            let from = list.partition_point(|k| key(k) < typed);
            found.extend(
                list[from..]
                    .iter()
                    .take_while(|k| key(k).starts_with(&typed))
                    .take(MAX_COMPLETIONS)
                    .map(|&k| k as usize),
            );
        }
        found.sort_unstable();
        found.dedup();
        found.truncate(MAX_COMPLETIONS);
        found
    }
}

/// Whether word `j` continues a name begun at an earlier word: only
/// whitespace between them, or an initial's period and whitespace.
pub(super) fn name_joined(doc: &Document<'_>, j: usize) -> bool {
    let (prev, next) = (&doc.words[j - 1], &doc.words[j]);
    if next.joined {
        return true;
    }
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
