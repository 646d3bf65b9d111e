//! A stated age that the person's birth date in the names knowledge base
//! does not give on the story's date: "Kim Jong Un, 33," in a story dated
//! Oct. 24, 2016, for a man born Jan. 8, 1984.

use super::Moved;
use super::SameMoved;
use super::age_inconsistent::{Age, shared_ages};
use super::knowledge::{
    InSentence, date_related, dated, describe, known, sets_own_year, with_years,
};
use super::people::People;
use super::{DocumentRule, Rule, Story};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::{Context, Emitter};
use crate::names::Date;

pub static RULE: Rule = Rule {
    id: "age-birth-date",
    default_level: Level::On(Severity::Warning),
    summary: "An age that the person's birth date in the names knowledge base does not give on the story's date",
    explanation: "A person's age as the story states it — “Kim, 42,”, “Kim (42)”, “Kim, aged 42,”, \
“the 42-year-old Kim”, “Kim, a 42-year-old lawyer” — is checked against the birth date (`born`) \
of that person in the names knowledge base (`data/officials.toml` and the newsroom's `[names] \
files`), on the story's date (`--date`, the editor's `date` setting, the front matter's `date`, a \
dateline or “Posted” line at the top, `[story] date`). People are matched by name as for \
`age-inconsistent`: a known name, or a surname alone that only one known person in the story \
bears. A birth date known to the day gives one age; one known to the month gives one age, or \
either of two in the birth month; one known to the year only gives either of the two ages the \
person can have that year. The rule stays quiet without a story date or a birth date, inside \
direct quotations, and in a sentence that names another year than the story's (“In 2012, Kim, \
28, …” tells of that year). The knowledge base can be wrong too, so the right age is offered as a \
suggestion, never applied by `--fix`; the message says what the knowledge base holds (hover the \
name for its card).",
    uses_lexicon: false,
    check: None,
    document: Some(&AgeBirthDate),
};

struct AgeBirthDate;

impl DocumentRule for AgeBirthDate {
    type Summary = Vec<InSentence<Age>>;

    fn same(
        &self,
        before: &Vec<InSentence<Age>>,
        after: &Vec<InSentence<Age>>,
        moved: &Moved,
    ) -> bool {
        // It reads the story's date too.
        moved.same_story_date() && before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Vec<InSentence<Age>> {
        with_years(ctx.doc, shared_ages(ctx).ages.clone(), |age| {
            age.range.clone()
        })
    }

    fn check(&self, story: &Story<'_, Vec<InSentence<Age>>>, out: &mut Emitter<'_>) {
        let Some(dated) = dated(story) else {
            return;
        };
        let people = People::named_in(story, |ages: &Vec<InSentence<Age>>| {
            ages.iter().map(|a| &a.fact.person)
        });
        let names = &story.settings.names;
        for block in &story.blocks {
            for stated in block.summary {
                let age = &stated.fact;
                let Some(index) = known(&people, &age.person) else {
                    continue;
                };
                let person = &names.people[index];
                let Some(born) = person.born.as_deref().and_then(Date::parse) else {
                    continue;
                };
                if sets_own_year(&stated.years, block.start, &dated) {
                    continue;
                }
                let Some((low, high)) = born.ages_on(dated.date.into()) else {
                    continue;
                };
                if (low..=high).contains(&age.age) {
                    continue;
                }
                let range = block.start + age.range.start..block.start + age.range.end;
                let written = &story.text[range.clone()];
                let name = names.house_name(person, story.settings.romanization);
                let right = if low == high {
                    low.to_string()
                } else {
                    format!("{low} or {high}")
                };
                let fixes = (low..=high)
                    .map(|right| {
                        let replacement = if written.ends_with("-year-old") {
                            format!("{right}-year-old")
                        } else {
                            right.to_string()
                        };
                        Fix::replace(range.clone(), &replacement, false)
                    })
                    .collect();
                out.emit_related(
                    range,
                    format!(
                        "{name} was {right} on {}, not {}: the names knowledge base gives the birth date {born}",
                        describe(&dated),
                        age.age
                    ),
                    fixes,
                    date_related(&dated),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::knowledge::settings_with;
    use crate::engine::rules::test_support::{dated, flagged_with};
    use crate::engine::{Format, check};

    const PEOPLE: &str = r#"
[[person]]
name = "Pak Chol Su"
born = "1970-03-15"
second_reference = "Pak"

[[person]]
name = "Ri Yong Ho"
born = "1960"

[[person]]
name = "Jo Min Hee"
born = "1980-10"

[[person]]
name = "Ko Un Gyong"
"#;

    fn flagged(text: &str) -> Vec<&str> {
        flagged_with("age-birth-date", text, &settings_with(PEOPLE))
    }

    #[test]
    fn flags_an_age_the_birth_date_does_not_give_and_suggests_the_right_one() {
        let text = dated("Pak Chol Su, 47, arrived on Monday.");
        let settings = settings_with(PEOPLE);
        let findings: Vec<_> = check(&text, Format::Plain, &settings)
            .into_iter()
            .filter(|f| f.rule == "age-birth-date")
            .collect();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!(&text[finding.range.clone()], "47");
        assert_eq!(
            finding.message,
            "Pak Chol Su was 46 on the story's date, Oct. 24, 2016 (from the “Posted” line), not 47: the names knowledge base gives the birth date 1970-03-15"
        );
        assert_eq!(finding.fixes.len(), 1);
        assert!(!finding.fixes[0].safe);
        assert_eq!(finding.fixes[0].edits[0].replacement, "46");
        assert_eq!(&text[finding.related[0].range.clone()], "2016-10-24");
    }

    #[test]
    fn every_way_of_stating_an_age_and_a_surname_alone() {
        for body in [
            "Pak Chol Su, 45, arrived.",
            "Pak Chol Su (48) arrived.",
            "Pak Chol Su, aged 50, arrived.",
            "The 44-year-old Pak Chol Su arrived.",
            "Pak Chol Su, a 52-year-old diplomat, arrived.",
            "Pak Chol Su arrived.\n\nPak, 45, said nothing.",
            "Ri Yong Ho, 54, spoke.",
            "Ri Yong Ho, 57, spoke.",
            "Jo Min Hee, 34, spoke.",
            "Jo Min Hee, 37, spoke.",
        ] {
            assert_eq!(flagged(&dated(body)).len(), 1, "{body}");
        }
        assert_eq!(
            flagged(&dated("The 44-year-old Pak Chol Su arrived.")),
            ["44-year-old"]
        );
    }

    #[test]
    fn quiet_when_the_age_fits_or_cannot_be_checked() {
        for body in [
            "Pak Chol Su, 46, arrived.",
            "The 46-year-old Pak Chol Su arrived.",
            // A year-only birth date: either age of that year.
            "Ri Yong Ho, 55, spoke. Ri Yong Ho, 56, left.",
            // Born in October: 35 or 36 on Oct. 24.
            "Jo Min Hee, 35, spoke. Jo Min Hee, 36, left.",
            // No birth date; a person not in the knowledge base.
            "Ko Un Gyong, 30, spoke.",
            "Kim Min-jun, 30, spoke.",
            // A quotation; a sentence set in another year.
            "“Pak Chol Su, 47, is my uncle,” she said.",
            "In 2012, Pak Chol Su, 42, was promoted.",
            // A count, not an age.
            "Pak Chol Su said 47 people came.",
        ] {
            assert_eq!(flagged(&dated(body)), Vec::<&str>::new(), "{body}");
        }
        // No story date: quiet.
        assert_eq!(flagged("Pak Chol Su, 47, arrived."), Vec::<&str>::new());
    }

    #[test]
    fn a_dateline_in_the_same_sentence_is_the_story_s_own_year() {
        let text = "SEOUL, Oct. 24, 2016 (Yonhap) — Pak Chol Su, 47, arrived.";
        assert_eq!(flagged(text), ["47"]);
    }
}
