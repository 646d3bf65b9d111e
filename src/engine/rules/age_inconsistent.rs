//! One person given two ages in one story: "Kim, 42, …" and later "the
//! 43-year-old Kim".

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::people::{People, PersonRef, name_ending, name_starting};
use super::{DocumentRule, Rule, Story, word_classes};
use super::{Moved, SameMoved};
use crate::engine::finding::{Level, Related, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "age-inconsistent",
    default_level: Level::On(Severity::Warning),
    summary: "One person given two different ages in one story (“Kim, 42” … “the 43-year-old Kim”)",
    explanation: "A person's age is stated twice in the story with different figures: “Kim, \
42, …” and later “the 43-year-old Kim” (also “Kim (42)”, “Kim, aged 42”, “Kim, a 42-year-old \
lawyer”). People are matched by their name: a name in the names knowledge base, a full name, or \
a surname alone when exactly one person in the story bears it (two Kims: quiet). Ages one year \
apart are allowed when the story speaks of a birthday (“turned 43”; `data/age-inconsistent.toml`). \
Ages inside direct quotations are left alone. The finding points at the other age; which one is \
right is for a person to check, so there is no fix.",
    uses_lexicon: false,
    check: None,
    document: Some(&AgeInconsistent),
};

#[derive(Deserialize)]
struct Data {
    birthday_words: Vec<String>,
}

rule_data!(Data, "age-inconsistent.toml");

/// The words that speak of a birthday (`word_classes::BIRTHDAY`).
pub(super) fn trigger_words() -> Vec<&'static str> {
    data().birthday_words.iter().map(String::as_str).collect()
}

/// An age stated for a person; offsets relative to the block.
#[derive(Clone, Debug)]
pub struct Age {
    pub(super) person: PersonRef,
    pub(super) age: u32,
    /// The figure, or the whole "43-year-old".
    pub(super) range: Range<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Ages {
    pub(super) ages: Vec<Age>,
    /// The block speaks of a birthday.
    birthday: bool,
}

struct AgeInconsistent;

impl DocumentRule for AgeInconsistent {
    type Summary = Arc<Ages>;

    fn same(&self, before: &Arc<Ages>, after: &Arc<Ages>, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Arc<Ages> {
        shared_ages(ctx)
    }

    fn check(&self, story: &Story<'_, Arc<Ages>>, out: &mut Emitter<'_>) {
        let Some(people) = People::of(story, |ages: &Arc<Ages>| {
            ages.ages.iter().map(|a| &a.person)
        }) else {
            return;
        };
        let birthday = story.blocks.iter().any(|b| b.summary.birthday);
        // person → the first age stated, and where.
        let mut first = BTreeMap::new();
        for block in &story.blocks {
            for age in &block.summary.ages {
                let Some(person) = people.resolve(&age.person) else {
                    continue;
                };
                let range = block.start + age.range.start..block.start + age.range.end;
                let name = &story.text
                    [block.start + age.person.range.start..block.start + age.person.range.end];
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                let Some((before, at)) = first.get(&person).cloned() else {
                    first.insert(person, (age.age, range));
                    continue;
                };
                let apart = before.abs_diff(age.age);
                if apart == 0 || (apart == 1 && birthday) {
                    continue;
                }
                out.emit_related(
                    range,
                    format!(
                        "{name} is {} here but {before} earlier in the story",
                        age.age
                    ),
                    vec![],
                    vec![Related {
                        range: at,
                        message: format!("the age first given: {before}"),
                    }],
                );
            }
        }
    }
}

/// A figure that can be a person's age.
fn age_of(word: &str) -> Option<u32> {
    let age: u32 = word.parse().ok().filter(|_| word.len() <= 3)?;
    (1..=120).contains(&age).then_some(age)
}

/// The block's `ages`, worked out once: `age-birth-date` starts from the
/// same ages. Shared, not copied, into this rule's summary.
pub(super) fn shared_ages(ctx: &Context<'_>) -> Arc<Ages> {
    ctx.shared(|ctx| Arc::new(ages(ctx)))
}

/// The ages stated in a block, outside quotations.
fn ages(ctx: &Context<'_>) -> Ages {
    let doc = ctx.doc;
    let words = &doc.words;
    let text = doc.text;
    let gap = |i: usize| &text[words[i - 1].range().end..words[i].range().start];
    let classes = word_classes::of(ctx);
    // A birthday word written in lowercase (its class holds every word
    // with the hash of one: confirmed on the hash as before).
    let birthday = classes
        .words(word_classes::BIRTHDAY)
        .any(|i| words[i].lead.is_ascii_lowercase());
    let mut ages = Vec::new();
    // An age is a figure: a word that starts with a digit.
    for i in classes.words(word_classes::DIGIT_START) {
        let word = &words[i];
        let written = doc.word(word);
        if i == 0 || doc.in_quotation(word.range().start) {
            continue;
        }
        let after = &text[word.range().end..];
        let (age, person) = if let Some(age) = age_of(written) {
            // "Kim, 42," "Kim, 42." "Kim (42)" "Kim, aged 42,"
            let closed = after.starts_with([',', '.', ';', ')'])
                && !after[1..].starts_with(|c: char| c.is_ascii_digit());
            let to = match gap(i) {
                ", " if closed && !after.starts_with(')') => Some(i),
                " (" if after.starts_with(')') => Some(i),
                " " if i >= 2 && doc.word(&words[i - 1]) == "aged" && gap(i - 1) == ", " => {
                    Some(i - 1)
                }
                _ => None,
            };
            let Some(to) = to else { continue };
            (age, name_ending(ctx, to))
        } else if let Some(figure) = written.strip_suffix("-year-old") {
            let Some(age) = age_of(figure) else { continue };
            // "Kim, a 42-year-old lawyer," or "the 42-year-old Kim".
            let before = (i >= 2
                && matches!(doc.word(&words[i - 1]), "a" | "an")
                && gap(i) == " "
                && gap(i - 1) == ", ")
                .then(|| name_ending(ctx, i - 1))
                .flatten();
            let after_name = words
                .get(i + 1)
                .filter(|w| w.joined)
                .and_then(|_| name_starting(ctx, i + 1));
            (age, before.or(after_name))
        } else {
            continue;
        };
        if let Some(person) = person {
            ages.push(Age {
                person,
                age,
                range: word.range(),
            });
        }
    }
    Ages { ages, birthday }
}

impl SameMoved for Age {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.age == after.age
            && self.person.same_moved(&after.person, moved)
            && moved.range(&self.range, &after.range)
    }
}

impl SameMoved for Ages {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.birthday == after.birthday && self.ages.same_moved(&after.ages, moved)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, flagged, with_related};

    #[test]
    fn flags_a_second_age_and_points_at_the_first() {
        assert_eq!(
            with_related(
                "age-inconsistent",
                "Kim Min-jun, 42, was arrested.\n\nPolice said the 43-year-old Kim had fled."
            ),
            (
                "43-year-old",
                "42",
                "Kim is 43 here but 42 earlier in the story".to_string()
            )
        );
    }

    #[test]
    fn every_way_of_stating_an_age() {
        each_flagged_once(
            "age-inconsistent",
            &[
                "John Smith, 42, left. Smith, 43, returned.",
                "John Smith (42) left. Smith (43) returned.",
                "John Smith, aged 42, left. Smith, aged 43, returned.",
                "John Smith, a 42-year-old lawyer, left. The 43-year-old Smith returned.",
                "The 42-year-old John Smith left. Smith, 43, returned.",
            ],
        );
    }

    #[test]
    fn quiet_on_one_age_two_people_birthdays_quotations_and_numbers() {
        all_quiet(
            "age-inconsistent",
            &[
                "John Smith, 42, left. The 42-year-old Smith returned.",
                // Two people.
                "John Smith, 42, and Mary Smith, 40, left. Smith, 41, said.",
                "Kim Min-jun, 42, met Lee Ji-won, 43.",
                // A birthday between the two.
                "John Smith, 42, left. Smith, who turned 43 on Sunday, returned.",
                // A quotation.
                "John Smith, 42, left. “Smith, 43, is my brother,” she said.",
                // Counts, not ages; places; a surname nobody was introduced with.
                "South Korea, 42, and Japan, 40, led the table. South Korea, 45, won.",
                "The 42-year-old Seoul resident and the 25-year-old Seoul student met.",
                "In Seoul, 42 people died. Seoul, 1,000 more were hurt.",
            ],
        );
    }

    #[test]
    fn known_officials_are_matched_by_any_spelling() {
        let text = "Vice Foreign Minister Han Song Ryol, 61, attended.\n\nHan, 62, said nothing.";
        assert_eq!(flagged("age-inconsistent", text), ["62"]);
    }
}
