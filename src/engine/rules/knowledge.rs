//! What the rules that hold a story to the names knowledge base share
//! (`age-birth-date`, `title-not-held`): the story's date they read the
//! knowledge base on, the years a sentence sets for itself, and who a
//! reference is in the knowledge base. Not a rule.

use std::ops::Range;

use super::Story;
use super::people::{People, Person, PersonRef};
use super::weekday_date::years_in;
use super::{Moved, SameMoved};
use crate::engine::Document;
use crate::engine::finding::Related;
use crate::engine::story_date::{StoryDate, story_date};

/// A fact stated in a block, with the four-digit years written elsewhere
/// in its sentence (and where), block-relative.
#[derive(Clone, Debug)]
pub struct InSentence<T> {
    pub fact: T,
    pub years: Vec<(i32, usize)>,
}

/// Each fact with the years of the sentence it is stated in; the
/// sentences are found only when there is a fact.
pub fn with_years<T>(
    doc: &Document<'_>,
    facts: Vec<T>,
    at: impl Fn(&T) -> Range<usize>,
) -> Vec<InSentence<T>> {
    if facts.is_empty() {
        return Vec::new();
    }
    let sentences = doc.sentences();
    facts
        .into_iter()
        .map(|fact| {
            let range = at(&fact);
            let sentence = sentence_at(sentences, range.start).unwrap_or(range.clone());
            let years = years_in(doc.text, sentence, &range);
            InSentence { fact, years }
        })
        .collect()
}

/// The first sentence that holds `pos`. Sentences start in order and their
/// ends never go back (each ends after its last word), so the first whose
/// end lies past `pos` is the only candidate: a binary search, not a walk
/// over the block's sentences for every fact.
fn sentence_at(sentences: &[Range<usize>], pos: usize) -> Option<Range<usize>> {
    let i = sentences.partition_point(|s| s.end <= pos);
    sentences.get(i).filter(|s| s.start <= pos).cloned()
}

/// The story's date, when some block states a fact to read against it.
pub fn dated<S>(story: &Story<'_, Vec<InSentence<S>>>) -> Option<StoryDate> {
    if story.blocks.iter().all(|b| b.summary.is_empty()) {
        return None;
    }
    story_date(story.text, story.format, story.settings)
}

/// Whether the sentence of a fact (in the block at `base`) speaks of another
/// year than the story's ("In 2012, First Secretary Kim …"): the story's
/// date does not hold there. The story's own date, written in a dateline
/// of the same sentence, does not count.
pub fn sets_own_year(years: &[(i32, usize)], base: usize, dated: &StoryDate) -> bool {
    years.iter().any(|&(year, at)| {
        year != dated.date.year
            && !dated
                .range
                .as_ref()
                .is_some_and(|r| r.contains(&(base + at)))
    })
}

/// Where the story's date is written, as related information.
pub fn date_related(dated: &StoryDate) -> Vec<Related> {
    dated
        .range
        .clone()
        .map(|range| Related {
            range,
            message: format!("the story's date: {}", dated.date),
        })
        .into_iter()
        .collect()
}

/// The knowledge base's person a reference speaks of, if it is one.
pub fn known(people: &People, r: &PersonRef) -> Option<usize> {
    match people.resolve(r)? {
        Person::Known(person) => Some(person),
        Person::Named(_) => None,
    }
}

/// "the story's date, 2016-10-24 (from the “Posted” line)".
pub fn describe(dated: &StoryDate) -> String {
    format!(
        "the story's date, {} (from {})",
        dated.date,
        dated.source.describe()
    )
}

/// Default settings with only the people of `names` (a names file's text)
/// in the knowledge base: tests that do not depend on the built-in one.
/// Years written in a sentence, each with where: the same when the years
/// are and each stands where it stood, moved.
pub fn same_years(before: &[(i32, usize)], after: &[(i32, usize)], moved: &Moved) -> bool {
    before.len() == after.len()
        && before
            .iter()
            .zip(after)
            .all(|(&(y0, at0), &(y1, at1))| y0 == y1 && moved.at(at0, at1, 1))
}

impl<T: SameMoved> SameMoved for InSentence<T> {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.fact.same_moved(&after.fact, moved) && same_years(&self.years, &after.years, moved)
    }
}

#[cfg(test)]
pub fn settings_with(names: &str) -> crate::engine::Settings {
    use crate::names::{NameIndex, person::parse};
    crate::engine::Settings {
        names: std::sync::Arc::new(NameIndex::new(
            parse("test-names.toml", names).expect("test names parse"),
        )),
        ..crate::engine::Settings::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Format;

    #[test]
    fn the_sentence_at_a_position_is_the_first_that_holds_it() {
        // Sentences that overlap ("ended.Next" ends one sentence after the
        // next one starts) and words outside every sentence.
        let text = "Kim left. He ended.Then Park came.\n\nIn 2012, Lee said so. Yes?No";
        let doc = Document::new(text, Format::Plain);
        let sentences = doc.sentences();
        for pos in 0..=text.len() {
            let first = sentences
                .iter()
                .find(|s| s.start <= pos && pos < s.end)
                .cloned();
            assert_eq!(sentence_at(sentences, pos), first, "at {pos}");
        }
    }
}
