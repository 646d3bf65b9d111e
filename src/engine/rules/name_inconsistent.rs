//! One person spelled two ways in one story.

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashSet;

use super::{DocumentRule, Rule, Story, name_variant};
use super::{Moved, SameMoved};
use crate::engine::finding::{Level, Related, Severity};
use crate::engine::{Context, Emitter};
use crate::names::Form;

pub static RULE: Rule = Rule {
    id: "name-inconsistent",
    default_level: Level::On(Severity::Warning),
    summary: "One person spelled two ways in one story",
    explanation: "The same person (by the names knowledge base) appears under two different \
spellings in this story, for example the wire form and the Yonhap form, or a house spelling and \
a misspelling. A story uses one spelling throughout. The finding points at the other spelling. \
Accepted forms (a dropped middle initial) do not count as a second spelling. While \
`name-variant` is on, a spelling against house style is its finding alone (with the house \
spelling as the fix), so this rule speaks only of spellings that rule lets through. There is no \
automatic fix.",
    uses_lexicon: false,
    check: None,
    document: Some(&NameInconsistent),
};

struct NameInconsistent;

impl DocumentRule for NameInconsistent {
    /// Nothing of its own: the known names of each block are the pipeline's.
    type Summary = ();

    fn same(&self, before: &(), after: &(), moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, _: &Context<'_>) {}

    fn check(&self, story: &Story<'_, ()>, out: &mut Emitter<'_>) {
        check(story, out);
    }
}

fn check(ctx: &Story<'_, ()>, out: &mut Emitter<'_>) {
    let names = &ctx.settings.names;
    let romanization = ctx.settings.romanization;
    // A spelling against house style is already `name-variant`'s finding:
    // one slip, one finding. What is left to compare is what that rule lets
    // through (everything, when it is switched off).
    let variants_flagged = ctx.settings.level(&name_variant::RULE) != Level::Off;
    // person → (spelling, as written, its first mention), in story order.
    let mut by_person: BTreeMap<usize, Vec<(usize, String, Range<usize>)>> = BTreeMap::new();
    // Only a spelling's first mention counts; a story repeats its names.
    let mut seen_spellings: FxHashSet<usize> = FxHashSet::default();
    for block in &ctx.blocks {
        let offset = block.start;
        for mention in block.mentions {
            if !seen_spellings.insert(mention.spelling) {
                continue;
            }
            let spelling = &names.spellings[mention.spelling];
            if spelling.form == Form::Alias
                || (variants_flagged && !names.is_house(spelling, romanization))
            {
                continue;
            }
            let seen = by_person.entry(spelling.person).or_default();
            // Spellings are told apart by the knowledge base, not by the
            // letters: "KIM JONG UN" in a headline is the house spelling.
            if seen.iter().any(|(s, _, _)| *s == mention.spelling) {
                continue;
            }
            let range = offset + mention.range.start..offset + mention.range.end;
            let written = ctx.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            seen.push((mention.spelling, written, range));
        }
    }
    for (person, spellings) in by_person {
        let Some((_, first_written, first_range)) = spellings.first() else {
            continue;
        };
        let house = names.house_name(&names.people[person], romanization);
        for (_, written, range) in spellings.iter().skip(1) {
            out.emit_related(
                range.clone(),
                format!(
                    "{house} is spelled two ways in this story: “{first_written}” and “{written}”"
                ),
                vec![],
                vec![Related {
                    range: first_range.clone(),
                    message: format!("first spelled “{first_written}” here"),
                }],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{flagged, flagged_with};
    use crate::engine::{Format, Settings, check};

    fn without_name_variant() -> Settings {
        let mut settings = Settings::default();
        settings
            .levels
            .insert("name-variant".to_string(), crate::engine::Level::Off);
        settings
    }

    #[test]
    fn flags_the_second_spelling_and_points_at_the_first() {
        let text = "Kim Jong Un spoke.\n\nLater Kim Jong-un left.";
        let findings = check(text, Format::Plain, &without_name_variant());
        let finding = findings
            .iter()
            .find(|f| f.rule == "name-inconsistent")
            .unwrap();
        assert_eq!(&text[finding.range.clone()], "Kim Jong-un");
        assert_eq!(&text[finding.related[0].range.clone()], "Kim Jong Un");
    }

    #[test]
    fn a_variant_and_the_house_spelling_make_one_finding_on_the_variant() {
        for text in [
            "Kim Jong Un spoke.\n\nLater Kim Jong-un left.",
            "Kim Jong-un spoke.\n\nLater Kim Jong Un left.",
            "Choi Sun-hee spoke. Choe Son Hui left.",
        ] {
            let findings = check(text, Format::Plain, &Settings::default());
            let names: Vec<(&str, &str)> = findings
                .iter()
                .filter(|f| f.rule.starts_with("name-"))
                .map(|f| (f.rule, &text[f.range.clone()]))
                .collect();
            assert_eq!(names.len(), 1, "{text}: {names:?}");
            assert_eq!(names[0].0, "name-variant", "{text}");
        }
    }

    #[test]
    fn one_spelling_or_accepted_forms_are_quiet() {
        for text in [
            "Han Song Ryol spoke. Han Song Ryol left.",
            "Robert L. Gallucci spoke.\n\nRobert Gallucci left.",
            "Victor Cha Victor Cha",
            "KIM JONG UN VISITS PLANT

Kim Jong Un visited a plant.",
        ] {
            assert!(flagged("name-inconsistent", text).is_empty(), "{text}");
            assert!(
                flagged_with("name-inconsistent", text, &without_name_variant()).is_empty(),
                "{text}"
            );
        }
    }
}
