//! Who a phrase speaks of, for the rules that hold a story to one set of
//! facts per person (`age-inconsistent`, `title-inconsistent`). Not a rule.
//!
//! A block keeps each reference as written: a known name (the names
//! knowledge base), a full name of two to four capitalized words, or a
//! surname alone. Over the story, a reference is a person when it is known
//! or a full name; a surname alone is the one person introduced in the
//! story whose name begins or ends with it (a second reference, "Kim",
//! "Smith"), and nobody when two people share it. Quiet before clever: a
//! reference that cannot be tied to exactly one person is left out.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::Story;
use super::{Moved, SameMoved};
use crate::engine::fold::fold;
use crate::engine::{Context, Document};

#[derive(Deserialize)]
struct Data {
    /// Capitalized words that begin a sentence, not a name.
    not_names: Vec<String>,
    /// Words that make a capitalized run a place or an organization.
    not_people: Vec<String>,
}

rule_data!(Data, "people.toml");

/// `not_names` and `not_people`, folded.
fn word_sets() -> &'static (FxHashSet<String>, FxHashSet<String>) {
    static SETS: OnceLock<(FxHashSet<String>, FxHashSet<String>)> = OnceLock::new();
    SETS.get_or_init(|| {
        let data = data();
        let set = |words: &[String]| words.iter().map(|w| fold(w)).collect();
        (set(&data.not_names), set(&data.not_people))
    })
}

/// Whether `word` is one of the words that begin sentences but never names
/// ("In", "The", "Meanwhile"; `data/people.toml`, `not_names`).
pub(crate) fn is_not_name(word: &str) -> bool {
    word_sets().0.contains(&fold(word))
}

/// A reference to a person, with block-relative offsets.
#[derive(Clone, Debug)]
pub struct PersonRef {
    pub range: Range<usize>,
    /// The person in the names knowledge base.
    pub known: Option<usize>,
    /// The name's folded words, as written.
    pub words: Vec<String>,
}

/// A person, as the story tells them apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Person {
    Known(usize),
    /// A full name not in the knowledge base, folded.
    Named(String),
}

/// The name whose last word is `ctx.doc`'s word `end - 1` ("Kim" in
/// "Kim, 42,").
pub fn name_ending(ctx: &Context<'_>, end: usize) -> Option<PersonRef> {
    name_at(ctx, end, Some(end))
}

/// The name that starts at word `start` ("the 43-year-old Kim").
pub fn name_starting(ctx: &Context<'_>, start: usize) -> Option<PersonRef> {
    name_at(ctx, start, None)
}

/// The known name or capitalized name run of `ctx.doc`'s words, trimmed of
/// sentence-starting words and a leading title: ending at word `to - 1`
/// when `to` is given, else starting at word `from` and running as far as
/// it goes.
fn name_at(ctx: &Context<'_>, from: usize, to: Option<usize>) -> Option<PersonRef> {
    let doc = ctx.doc;
    let words = &doc.words;
    let (not_names, not_people) = word_sets();
    // A known name that ends (or starts) there. Mentions are sorted and do
    // not overlap, so their starts and their ends are both in order.
    let known = match to {
        Some(to) if to > 0 => {
            let end = words[to - 1].range().end;
            let at = ctx.mentions.partition_point(|m| m.range.end < end);
            ctx.mentions.get(at).filter(|m| m.range.end == end)
        }
        Some(_) => None,
        None => words.get(from).and_then(|w| {
            let start = w.range().start;
            let at = ctx.mentions.partition_point(|m| m.range.start < start);
            ctx.mentions.get(at).filter(|m| m.range.start == start)
        }),
    };
    if let Some(mention) = known {
        let person = ctx.settings.names.spellings[mention.spelling].person;
        // A known place or organization ("South Korea, 42,") is no person.
        if ctx.settings.names.people[person].entity != crate::names::Kind::Person {
            return None;
        }
        return Some(PersonRef {
            range: mention.range.clone(),
            known: Some(person),
            words: doc.text[mention.range.clone()]
                .split_whitespace()
                .map(fold)
                .collect(),
        });
    }
    let capitalized = |i: usize| doc.word(&words[i]).starts_with(|c: char| c.is_uppercase());
    let linked = |i: usize| linked(doc, i);
    let (mut start, end) = match to {
        Some(end) => {
            let mut start = end.checked_sub(1)?;
            if !capitalized(start) {
                return None;
            }
            while start > 0 && end - start < 6 && capitalized(start - 1) && linked(start) {
                start -= 1;
            }
            (start, end)
        }
        None => {
            let mut end = from;
            while end < words.len()
                && capitalized(end)
                && end - from < 6
                && (end == from || linked(end))
            {
                end += 1;
            }
            (from, end)
        }
    };
    // A title before the name ("Foreign Minister Kim Won-soo"): the
    // name starts after the last title that ends inside the run.
    if let Some(after) = (start + 1..end).rev().find(|&k| {
        ctx.settings
            .titles
            .ending_at(doc, k)
            .is_some_and(|(f, _)| f >= start)
    }) {
        start = after;
    }
    while start < end && not_names.contains(&fold(doc.word(&words[start]))) {
        start += 1;
    }
    let folded: Vec<String> = words[start..end]
        .iter()
        .map(|w| fold(doc.word(w)))
        .collect();
    if folded.is_empty() || folded.len() > 4 || folded.iter().any(|w| not_people.contains(w)) {
        return None;
    }
    Some(PersonRef {
        range: words[start].range().start..words[end - 1].range().end,
        known: None,
        words: folded,
    })
}

/// Whether `doc`'s word `i` continues a name with word `i - 1`: whitespace
/// alone between them, or an initial's period ("Joseph R. DeTrani", "U.S.
/// Forces Korea").
pub fn linked(doc: &Document<'_>, i: usize) -> bool {
    let words = &doc.words;
    words[i].joined || {
        let gap = &doc.text[words[i - 1].range().end..words[i].range().start];
        gap.trim_start_matches('.').trim().is_empty()
            && gap.starts_with('.')
            && words[i - 1].range().len() == 1
    }
}

/// The people of a story, to tie a surname alone to one of them.
pub struct People {
    /// Each person introduced, with the words a second reference may use.
    introduced: Vec<(Person, Vec<String>)>,
}

impl People {
    /// Everyone the story names in full: the known names of every block,
    /// and the full names among the references each block kept (`refs`).
    /// `None` when fewer than two references were kept: nothing to compare.
    pub fn of<'a, S, I>(story: &Story<'a, S>, refs: impl Fn(&'a S) -> I) -> Option<People>
    where
        I: Iterator<Item = &'a PersonRef>,
    {
        story.blocks.iter().flat_map(|b| refs(b.summary)).nth(1)?;
        Some(People::named_in(story, refs))
    }

    /// Everyone the story names in full, as for `of`, however few the
    /// references: what a single reference is checked against the
    /// knowledge base with (`age-birth-date`, `title-not-held`).
    pub fn named_in<'a, S, I>(story: &Story<'a, S>, refs: impl Fn(&'a S) -> I) -> People
    where
        I: Iterator<Item = &'a PersonRef>,
    {
        let kept = || story.blocks.iter().flat_map(|b| refs(b.summary));
        let (blocks, settings) = (&story.blocks, story.settings);
        let names = &settings.names;
        let mut introduced: Vec<(Person, Vec<String>)> = Vec::new();
        let known = |introduced: &[(Person, Vec<String>)], person: &Person| {
            introduced.iter().any(|(p, _)| p == person)
        };
        // A story names the same few entities over and over: each is
        // looked at once, however many times it is mentioned.
        let mut seen: FxHashSet<usize> = FxHashSet::default();
        for block in blocks {
            for mention in block.mentions {
                let index = names.spellings[mention.spelling].person;
                if !seen.insert(index) {
                    continue;
                }
                let entry = &names.people[index];
                if entry.entity != crate::names::Kind::Person {
                    continue;
                }
                let mut words: Vec<String> = entry.name.split_whitespace().map(fold).collect();
                words.extend(entry.second_reference.as_deref().map(fold));
                introduced.push((Person::Known(index), words));
            }
        }
        for r in kept() {
            if r.known.is_none() && r.words.len() >= 2 {
                let person = Person::Named(r.words.join(" "));
                if !known(&introduced, &person) {
                    introduced.push((person, r.words.clone()));
                }
            }
        }
        People { introduced }
    }

    /// The person `r` speaks of, if exactly one.
    pub fn resolve(&self, r: &PersonRef) -> Option<Person> {
        if let Some(known) = r.known {
            return Some(Person::Known(known));
        }
        if r.words.len() >= 2 {
            return Some(Person::Named(r.words.join(" ")));
        }
        let surname = r.words.first()?;
        let mut matches = self
            .introduced
            .iter()
            .filter(|(_, words)| words.first() == Some(surname) || words.last() == Some(surname));
        let (person, _) = matches.next()?;
        matches.next().is_none().then(|| person.clone())
    }
}
impl SameMoved for PersonRef {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.known == after.known
            && self.words == after.words
            && moved.range(&self.range, &after.range)
    }
}
