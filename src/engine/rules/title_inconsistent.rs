//! One person given two different current titles in one story: "Vice
//! Foreign Minister Han Song Ryol" and later "Deputy Foreign Minister Han".

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::people::{People, PersonRef, linked, name_starting};
use super::{DocumentRule, Rule, Story, capitals};
use super::{Moved, SameMoved};
use crate::engine::finding::{Level, Related, Severity};
use crate::engine::fold::fold;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "title-inconsistent",
    default_level: Level::On(Severity::Hint),
    summary: "One person given two different current titles in one story",
    explanation: "A formal title before a name (`data/titles.toml`, extended by `[names] \
titles`) differs from the title the same person was given earlier in the story: “Vice Foreign \
Minister Han Song Ryol” and later “Deputy Foreign Minister Han”. People are matched by name as \
for `age-inconsistent`. Not counted: a title marked as not current (“former”, “acting”, \
“incoming” …) or to come (“President-elect”), a title and its short form (“Vice Minister” for “Vice Foreign Minister”, but not \
“President” for “Vice President”), titles held at once and written so (“Deputy Prime Minister \
and Finance Minister Yoo”), and titles inside direct quotations \
(`data/title-inconsistent.toml`). A person may hold two posts that the story names apart, so \
this is a hint, and the finding points at the other title; there is no fix.",
    uses_lexicon: false,
    check: None,
    document: Some(&TitleInconsistent),
};

#[derive(Deserialize)]
struct Data {
    not_current: Vec<String>,
    future_suffixes: Vec<String>,
    joiners: Vec<String>,
    rank_words: Vec<String>,
}

/// Words that make a title a different rank ("vice", "deputy" …).
pub(super) fn rank_words() -> &'static [String] {
    &data().rank_words
}

rule_data!(Data, "title-inconsistent.toml");

/// The titles written before one name (two when joined: "Deputy Prime
/// Minister and Finance Minister Yoo"); offsets relative to the block.
#[derive(Clone, Debug)]
pub struct Titled {
    pub(super) person: PersonRef,
    /// Each title's folded words, as listed, and where it is written.
    pub(super) titles: Vec<(Vec<String>, Range<usize>)>,
}

struct TitleInconsistent;

impl DocumentRule for TitleInconsistent {
    type Summary = Arc<Vec<Titled>>;

    fn same(&self, before: &Arc<Vec<Titled>>, after: &Arc<Vec<Titled>>, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Arc<Vec<Titled>> {
        shared_titled(ctx)
    }

    fn check(&self, story: &Story<'_, Arc<Vec<Titled>>>, out: &mut Emitter<'_>) {
        // Two titles, at least, before one can contradict another.
        if story.blocks.iter().map(|b| b.summary.len()).sum::<usize>() < 2 {
            return;
        }
        let Some(people) = People::of(story, |titled: &Arc<Vec<Titled>>| {
            titled.iter().map(|t| &t.person)
        }) else {
            return;
        };
        // person → every title given so far, with where it was first given.
        let mut given: BTreeMap<_, Vec<(Vec<String>, Range<usize>)>> = BTreeMap::new();
        for block in &story.blocks {
            let shift = |r: &Range<usize>| block.start + r.start..block.start + r.end;
            for titled in block.summary.iter() {
                let Some(person) = people.resolve(&titled.person) else {
                    continue;
                };
                let seen = given.entry(person).or_default();
                let fits = |words: &[String]| {
                    seen.iter().any(|(other, _)| compatible(words, other))
                        || titled
                            .titles
                            .iter()
                            .any(|(other, _)| other != words && compatible(words, other))
                };
                let conflict = titled
                    .titles
                    .iter()
                    .find(|(words, _)| !seen.is_empty() && !fits(words));
                if let Some((_, range)) = conflict {
                    let (_, earlier) = &seen[0];
                    let name = &story.text[shift(&titled.person.range)];
                    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                    let here = &story.text[shift(range)];
                    let there = &story.text[earlier.clone()];
                    out.emit_related(
                        shift(range),
                        format!("{name} is “{here}” here but “{there}” earlier in the story"),
                        vec![],
                        vec![Related {
                            range: earlier.clone(),
                            message: format!("the title first given: {there}"),
                        }],
                    );
                }
                for (words, range) in &titled.titles {
                    if !seen.iter().any(|(w, _)| w == words) {
                        seen.push((words.clone(), shift(range)));
                    }
                }
            }
        }
    }
}

/// One title is the other, or its short form.
fn compatible(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut rest = long.iter();
    let in_order = short.iter().all(|w| rest.any(|l| l == w));
    let ranks = &data().rank_words;
    in_order && long.iter().all(|w| !ranks.contains(w) || short.contains(w))
}

/// The block's `titled`, worked out once: `title-not-held` starts from the
/// same titles. Shared, not copied, into this rule's summary.
pub(super) fn shared_titled(ctx: &Context<'_>) -> Arc<Vec<Titled>> {
    ctx.shared(|ctx| Arc::new(titled(ctx)))
}

/// Every formal title directly before a name in a block, outside
/// quotations and not marked as past or future.
fn titled(ctx: &Context<'_>) -> Vec<Titled> {
    let doc = ctx.doc;
    let words = &doc.words;
    let data = data();
    let is = |i: usize, list: &[String]| list.contains(&fold(doc.word(&words[i])));
    // A mark such as "former" before the title starting at word `first`,
    // directly or across up to three capitalized words ("former U.S.
    // President", "former South Korean President").
    let marked = |first: usize| {
        let mut k = first;
        loop {
            if k == 0 || !linked(doc, k) {
                return false;
            }
            if is(k - 1, &data.not_current) {
                return true;
            }
            let modifier = doc.word(&words[k - 1]).starts_with(char::is_uppercase);
            if !modifier || first - k >= 3 {
                return false;
            }
            k -= 1;
        }
    };
    // The title ending at word `end` (exclusive), if current.
    let title = |end: usize| {
        let (first, title) = ctx.settings.titles.ending_at(doc, end)?;
        let qualified = marked(first)
            || title.words.last().is_some_and(|last| {
                data.future_suffixes
                    .iter()
                    .any(|s| last.ends_with(s.as_str()))
            });
        let range = words[first].range().start..words[end - 1].range().end;
        (!qualified && !doc.in_quotation(range.start)).then_some((first, title, range))
    };
    let mut found = Vec::new();
    // The words that may begin a name after a title: capitalized, after a
    // word that may end a title (most words end none: ruled out on their
    // hash, without reading the text), found in one pass with
    // `the-possessive`'s bare names.
    for &i in &capitals::of(ctx).after_title {
        let i = i as usize;
        let Some((first, words_of_title, range)) = title(i) else {
            continue;
        };
        let Some(person) = name_starting(ctx, i) else {
            continue;
        };
        if person.range.start != words[i].range().start {
            continue;
        }
        let mut titles = vec![(words_of_title.words.clone(), range)];
        // "Deputy Prime Minister and Finance Minister Yoo".
        if first >= 2
            && words[first].joined
            && is(first - 1, &data.joiners)
            && words[first - 1].joined
        {
            titles.extend(title(first - 1).map(|(_, w, r)| (w.words.clone(), r)));
        }
        found.push(Titled { person, titles });
    }
    found
}

impl SameMoved for Titled {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.person.same_moved(&after.person, moved) && self.titles.same_moved(&after.titles, moved)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, with_related};

    #[test]
    fn flags_a_second_title_and_points_at_the_first() {
        assert_eq!(
            with_related(
                "title-inconsistent",
                "Vice Foreign Minister Han Song Ryol attended.\n\nDeputy Foreign Minister Han said nothing."
            ),
            (
                "Deputy Foreign Minister",
                "Vice Foreign Minister",
                "Han is “Deputy Foreign Minister” here but “Vice Foreign Minister” earlier in the story"
                    .to_string()
            )
        );
    }

    #[test]
    fn flags_people_outside_the_knowledge_base_too() {
        each_flagged_once(
            "title-inconsistent",
            &[
                "Foreign Minister Kim Min-jun spoke. Later Defense Minister Kim left.",
                "President John Smith spoke. Vice President Smith left.",
            ],
        );
    }

    #[test]
    fn quiet_on_former_short_forms_joint_posts_quotations_and_two_people() {
        all_quiet(
            "title-inconsistent",
            &[
                "Vice Foreign Minister Han Song Ryol attended. Vice Foreign Minister Han left.",
                "Vice Foreign Minister Han Song Ryol attended. Vice Minister Han left.",
                "Foreign Minister Kim Min-jun spoke. Former Defense Minister Kim left.",
                "Foreign Minister Kim Min-jun spoke. Acting Prime Minister Kim left.",
                "Foreign Minister Kim Min-jun spoke. Former U.S. Defense Minister Kim left.",
                "Foreign Minister Kim Min-jun spoke. The former South Korean Defense Minister Kim left.",
                "President-elect Donald Trump met President Barack Obama. Obama said President Trump would find the job humbling.",
                "Deputy Prime Minister and Finance Minister Yoo Il-ho spoke. Finance Minister Yoo left. Deputy Prime Minister Yoo returned.",
                "Foreign Minister Kim Min-jun spoke. “Defense Minister Kim is wrong,” he said.",
                "Foreign Minister Kim Min-jun met Defense Minister Kim Yong-hyun. Defense Minister Kim left.",
            ],
        );
    }
}
