//! One person spelled two ways in one story.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{DocContext, Rule};
use crate::engine::Emitter;
use crate::engine::finding::{Level, Related, Severity};
use crate::names::Form;

pub static RULE: Rule = Rule {
    id: "name-inconsistent",
    default_level: Level::On(Severity::Warning),
    summary: "One person spelled two ways in one story",
    explanation: "The same person (by the names knowledge base) appears under two different \
spellings in this story, for example the wire form and the Yonhap form, or a house spelling and \
a misspelling. A story uses one spelling throughout. The finding points at the other spelling. \
Accepted forms (a dropped middle initial) do not count as a second spelling. There is no \
automatic fix: `name-variant` offers the house spelling where one of them is off-house.",
    uses_lexicon: false,
    check: None,
    check_document: Some(check),
};

fn check(ctx: &DocContext<'_>, out: &mut Emitter<'_>) {
    let names = &ctx.settings.names;
    // person → (spelling as written → its first mention), in story order.
    let mut by_person: BTreeMap<usize, Vec<(String, Range<usize>)>> = BTreeMap::new();
    for (offset, summary) in ctx.blocks {
        for mention in &summary.mentions {
            let spelling = &names.spellings[mention.spelling];
            if spelling.form == Form::Alias {
                continue;
            }
            let range = offset + mention.range.start..offset + mention.range.end;
            let written = ctx.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let seen = by_person.entry(spelling.person).or_default();
            if !seen.iter().any(|(w, _)| *w == written) {
                seen.push((written, range));
            }
        }
    }
    for (person, spellings) in by_person {
        let Some((first_written, first_range)) = spellings.first() else {
            continue;
        };
        let house = names.house_name(&names.people[person], ctx.settings.romanization);
        for (written, range) in spellings.iter().skip(1) {
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
    use crate::engine::rules::test_support::flagged;
    use crate::engine::{Format, Settings, check};

    #[test]
    fn flags_the_second_spelling_and_points_at_the_first() {
        let text = "Kim Jong Un spoke.\n\nLater Kim Jong-un left.";
        assert_eq!(flagged("name-inconsistent", text), ["Kim Jong-un"]);
        let findings = check(text, Format::Plain, &Settings::default());
        let finding = findings
            .iter()
            .find(|f| f.rule == "name-inconsistent")
            .unwrap();
        assert_eq!(&text[finding.related[0].range.clone()], "Kim Jong Un");
    }

    #[test]
    fn one_spelling_or_accepted_forms_are_quiet() {
        for text in [
            "Han Song Ryol spoke. Han Song Ryol left.",
            "Robert L. Gallucci spoke.\n\nRobert Gallucci left.",
            "Victor Cha Victor Cha",
        ] {
            assert!(flagged("name-inconsistent", text).is_empty(), "{text}");
        }
    }
}
