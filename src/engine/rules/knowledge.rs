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

/// Each fact with the years of the sentence it is stated in. Only the
/// sentence of each fact is found (`sentence_holding`), not the block's.
pub fn with_years<T>(
    doc: &Document<'_>,
    facts: Vec<T>,
    at: impl Fn(&T) -> Range<usize>,
) -> Vec<InSentence<T>> {
    facts
        .into_iter()
        .map(|fact| {
            let range = at(&fact);
            let sentence = sentence_holding(doc, range.start).unwrap_or(range.clone());
            let years = years_in(doc.text, sentence, &range);
            InSentence { fact, years }
        })
        .collect()
}

/// `sentence_at(doc.sentences(), pos)`, from the words around `pos`
/// alone: a block with a fact in it need not have all its sentences found
/// (the rule asking most often, for the facts of every block, would pay
/// for them all).
fn sentence_holding(doc: &Document<'_>, pos: usize) -> Option<Range<usize>> {
    let words = &doc.words;
    let start_before = |end: usize| (0..end).rev().find(|&i| words[i].sentence_start);
    // The last sentence to start at or before `pos`: every later one starts
    // after it.
    let mut first = start_before(doc.first_word_from(0, pos + 1))?;
    let mut found = sentence_from(doc, first);
    if found.end <= pos {
        // Those before it end no later.
        return None;
    }
    // One may end after the next one starts ("ended.Then"): the first
    // sentence that ends after `pos`, as `sentence_at` finds it.
    while let Some(earlier) = start_before(first) {
        let sentence = sentence_from(doc, earlier);
        if sentence.end <= pos {
            break;
        }
        (first, found) = (earlier, sentence);
    }
    Some(found)
}

/// The sentence whose first word is word `first`, as `Document::sentences`
/// lists it: to the end of its last word's trailing punctuation.
fn sentence_from(doc: &Document<'_>, first: usize) -> Range<usize> {
    let words = &doc.words;
    let last = (first + 1..words.len())
        .find(|&i| words[i].sentence_start)
        .map_or(words.len() - 1, |next| next - 1);
    doc.sentence_of_words(first, last)
}

/// The first sentence that holds `pos`: what `sentence_holding` must
/// agree with (a test holds them equal). Sentences start in order and their
/// ends never go back (each ends after its last word), so the first whose
/// end lies past `pos` is the only candidate: a binary search, not a walk
/// over the block's sentences for every fact.
#[cfg(test)]
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

    #[test]
    fn the_sentence_holding_a_position_is_the_one_the_blocks_sentences_give() {
        let texts = [
            "Kim left. He ended.Then Park came.\n\nIn 2012, Lee said so. Yes?No",
            "  Leading space. Dr. Leon Sigal met Joseph R. DeTrani. Talks ended. They left.",
            "\u{201c}We will go,\u{201d} he said. \u{201c}Now.\u{201d} She (the envoy) left...\r\nthen returned!",
            "no sentence start here, lowercase all the way",
            "",
            "One.Two.Three. Four\n\n\nFive; six? Seven!",
        ];
        for text in texts {
            let doc = Document::new(text, Format::Plain);
            let sentences = doc.sentences();
            for pos in 0..=text.len() {
                assert_eq!(
                    sentence_holding(&doc, pos),
                    sentence_at(sentences, pos),
                    "{text:?} at {pos}"
                );
            }
        }
    }
}
