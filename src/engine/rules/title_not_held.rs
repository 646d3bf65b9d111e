//! A title before a name that the person did not hold on the story's date,
//! by the dated positions of the names knowledge base: "President X" after
//! the term ended ("former President X"), before it began, or a title the
//! person never held.

use std::ops::Range;

use super::knowledge::{
    InSentence, date_related, dated, describe, known, sets_own_year, with_years,
};
use super::people::People;
use super::title_inconsistent::{Titled, rank_words, shared_titled};
use super::{DocumentRule, Rule, Story};
use crate::engine::finding::{Edit, Fix, Level, Related, Severity};
use crate::engine::fold::fold;
use crate::engine::{Context, Document, Emitter, Format};
use crate::names::{Date, Position};

pub static RULE: Rule = Rule {
    id: "title-not-held",
    default_level: Level::On(Severity::Hint),
    summary: "A title the person did not hold on the story's date, by the names knowledge base",
    explanation: "A formal title before a name (`data/titles.toml`, extended by `[names] titles`) \
is checked against the dated positions (`positions`, with `start` and `end`) of that person in \
the names knowledge base, on the story's date (`--date`, the editor's `date` setting, the front \
matter's `date`, a dateline or “Posted” line at the top, `[story] date`). A title whose term had \
ended by then is a former one: “President X” → “former President X” (a suggestion). A title \
held only later is named with its dates; one never held, with the positions the person held \
that day (when the knowledge base lists none for that day, it may be leaving a post out: quiet). A title fits a \
position when it is the position's title or a short form of it: its words are all in the \
position's title and organization, in any order (“Minister” or “Foreign Minister” for “Minister” \
of the “Ministry of Foreign Affairs”), and it leaves out none of the position's rank words, as in \
`title-inconsistent` (“President” is not “Vice President”). Quiet: without a story date; for people with no dated positions; for titles \
marked as not current (“former”, “acting” …) or to come (“President-elect”); inside direct \
quotations; and in a sentence that names another year than the story's (“In 2012, First \
Secretary Kim …” tells of that year). The knowledge base may not list every post a person holds, \
so this is a hint, and the message says what the knowledge base holds (hover the name for its \
card).",
    uses_lexicon: false,
    check: None,
    document: Some(&TitleNotHeld),
};

struct TitleNotHeld;

impl DocumentRule for TitleNotHeld {
    type Summary = Vec<InSentence<Titled>>;

    fn summarize(&self, ctx: &Context<'_>) -> Vec<InSentence<Titled>> {
        with_years(ctx.doc, shared_titled(ctx).to_vec(), |t| {
            t.person.range.clone()
        })
    }

    fn check(&self, story: &Story<'_, Vec<InSentence<Titled>>>, out: &mut Emitter<'_>) {
        let Some(dated) = dated(story) else {
            return;
        };
        let people = People::named_in(story, |titled: &Vec<InSentence<Titled>>| {
            titled.iter().map(|t| &t.fact.person)
        });
        let on = Date::from(dated.date);
        let names = &story.settings.names;
        for block in &story.blocks {
            let shift = |r: &Range<usize>| block.start + r.start..block.start + r.end;
            for stated in block.summary {
                let titled = &stated.fact;
                let Some(index) = known(&people, &titled.person) else {
                    continue;
                };
                let person = &names.people[index];
                let positions = person.all_positions();
                if !positions.iter().any(Position::is_dated)
                    || sets_own_year(&stated.years, block.start, &dated)
                {
                    continue;
                }
                let name = names.house_name(person, story.settings.romanization);
                let name_range = shift(&titled.person.range);
                for (words, range) in &titled.titles {
                    let range = shift(range);
                    let written = &story.text[range.clone()];
                    let Some((message, former)) = verdict(words, &positions, on, written, name)
                    else {
                        continue;
                    };
                    let mut fixes = Vec::new();
                    if former {
                        let capital = sentence_starts_at(story.text, range.start);
                        let word = if capital { "Former " } else { "former " };
                        fixes.push(Fix::suggestion(
                            format!("Write “{word}{written}”"),
                            vec![Edit::new(range.start..range.start, word)],
                        ));
                    }
                    let mut related = vec![Related {
                        range: name_range.clone(),
                        message: format!("{name} in the names knowledge base"),
                    }];
                    related.extend(date_related(&dated));
                    out.emit_related(
                        range,
                        format!("{message} on {}", describe(&dated)),
                        fixes,
                        related,
                    );
                }
            }
        }
    }
}

/// Whether a sentence (or a line) starts at `at`: "former" is then
/// "Former".
fn sentence_starts_at(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\u{a0}', '\t']);
    before.is_empty() || before.ends_with(['\n', '\r', '.', '!', '?', '“', '"', '—', '(', '['])
}

/// The folded words of a position's title or organization, tokenized as
/// titles are.
fn words_of(text: &str) -> Vec<String> {
    let doc = Document::new(text, Format::Plain);
    doc.words.iter().map(|w| fold(doc.word(w))).collect()
}

/// Whether a title (folded words) names `position`: the title is the
/// position's or its short form — every word of it is in the position's
/// title (either part of one joined by ";") or organization, in any order
/// ("Foreign Minister" for "Minister" of the "Ministry of Foreign
/// Affairs") — and it leaves out no rank word of the position (the rank
/// words `title-inconsistent` reads: "Minister" is not short for "Vice
/// Foreign Minister").
fn fits(title: &[String], position: &Position) -> bool {
    let organization = position
        .organization
        .as_deref()
        .map(words_of)
        .unwrap_or_default();
    let ranks = rank_words();
    position.title.split(';').any(|part| {
        let held = words_of(part);
        title
            .iter()
            .all(|w| held.contains(w) || organization.contains(w))
            && held.iter().all(|w| !ranks.contains(w) || title.contains(w))
    })
}

/// What is wrong with `title` on `on`, as a message, and whether the fix
/// is "former"; `None` when a position held then fits it.
fn verdict(
    title: &[String],
    positions: &[Position],
    on: Date,
    written: &str,
    name: &str,
) -> Option<(String, bool)> {
    let held = |p: &&Position| p.held_on(on) || !p.is_dated();
    let fitting: Vec<&Position> = positions.iter().filter(|p| fits(title, p)).collect();
    if fitting.iter().any(held) {
        return None;
    }
    let dated_role = |p: &Position| format!("{} {}", p.role(), p.span());
    if let Some(ended) = fitting
        .iter()
        .rev()
        .find(|p| p.end_date().is_some_and(|e| e.last_day() < on))
    {
        return Some((
            format!(
                "{name} was no longer “{written}” (the names knowledge base: {})",
                dated_role(ended)
            ),
            true,
        ));
    }
    if let Some(later) = fitting.first() {
        return Some((
            format!(
                "{name} was not yet “{written}” (the names knowledge base: {})",
                dated_role(later)
            ),
            false,
        ));
    }
    // A title that fits no position is named against what the person
    // held that day; when the knowledge base has no dated position then, it
    // does not know that day (a post it leaves out, say): quiet.
    if !positions.iter().any(|p| p.is_dated() && p.held_on(on)) {
        return None;
    }
    let then: Vec<String> = positions
        .iter()
        .filter(held)
        .map(|p| dated_role(p).trim_end().to_string())
        .collect();
    Some((
        format!(
            "{name} held no post “{written}” (the names knowledge base lists {})",
            then.join("; ")
        ),
        false,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::knowledge::settings_with;
    use crate::engine::rules::test_support::{dated, flagged_with};
    use crate::engine::{Settings, check};

    const PEOPLE: &str = r#"
[[person]]
name = "Pak Chol Su"
second_reference = "Pak"

[[person.positions]]
title = "Vice Foreign Minister"
organization = "Ministry of Foreign Affairs"
start = "2012"
end = "2015-06"

[[person.positions]]
title = "Minister"
organization = "Ministry of Foreign Affairs"
start = "2015-06"
end = "2018-03"

[[person.positions]]
title = "Premier"
start = "2018-03"

[[person]]
name = "Ri Yong Ho"
title = "President"

[[person]]
name = "Harold Quimby"
[[person.positions]]
title = "Secretary of Defense"
start = "2011"
end = "2015"

[[person]]
name = "Jo Min Hee"
title = "Ambassador to Sweden"
[[person.positions]]
title = "Chairwoman"
organization = "Central Bank"
start = "2010"
end = "2014"
"#;

    fn settings() -> Settings {
        settings_with(PEOPLE)
    }

    fn flagged(text: &str) -> Vec<&str> {
        flagged_with("title-not-held", text, &settings())
    }

    #[test]
    fn a_title_whose_term_ended_becomes_former() {
        let text = dated("Vice Foreign Minister Pak Chol Su arrived.");
        let findings: Vec<_> = check(&text, Format::Plain, &settings())
            .into_iter()
            .filter(|f| f.rule == "title-not-held")
            .collect();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!(&text[finding.range.clone()], "Vice Foreign Minister");
        assert_eq!(
            finding.message,
            "Pak Chol Su was no longer “Vice Foreign Minister” (the names knowledge base: Vice Foreign Minister, Ministry of Foreign Affairs (2012 to 2015-06)) on the story's date, Oct. 24, 2016 (from the “Posted” line)"
        );
        assert!(!finding.fixes[0].safe);
        assert_eq!(
            crate::engine::fix::apply(&text, finding.fixes.iter()),
            dated("Former Vice Foreign Minister Pak Chol Su arrived.")
        );
        assert_eq!(&text[finding.related[0].range.clone()], "Pak Chol Su");
        assert_eq!(&text[finding.related[1].range.clone()], "2016-10-24");
        let text = dated("They met Vice Foreign Minister Pak Chol Su.");
        let finding = check(&text, Format::Plain, &settings())
            .into_iter()
            .find(|f| f.rule == "title-not-held")
            .unwrap();
        assert_eq!(
            crate::engine::fix::apply(&text, finding.fixes.iter()),
            dated("They met former Vice Foreign Minister Pak Chol Su.")
        );
    }

    #[test]
    fn a_title_held_later_or_never_names_the_positions_held() {
        let text = dated("Premier Pak Chol Su arrived.");
        let finding = check(&text, Format::Plain, &settings())
            .into_iter()
            .find(|f| f.rule == "title-not-held")
            .unwrap();
        assert!(
            finding
                .message
                .starts_with("Pak Chol Su was not yet “Premier” (the names knowledge base: Premier (since 2018-03))"),
            "{}",
            finding.message
        );
        assert!(finding.fixes.is_empty());
        let text = dated("President Pak Chol Su arrived.");
        let finding = check(&text, Format::Plain, &settings())
            .into_iter()
            .find(|f| f.rule == "title-not-held")
            .unwrap();
        assert!(
            finding.message.starts_with(
                "Pak Chol Su held no post “President” (the names knowledge base lists Minister, Ministry of Foreign Affairs (2015-06 to 2018-03))"
            ),
            "{}",
            finding.message
        );
        for body in [
            "Vice Premier Pak Chol Su arrived.",
            "Defense Minister Pak Chol Su arrived.",
            "Pak Chol Su arrived.\n\nLater, President Pak left.",
            "Secretary of Defense Harold Quimby arrived.",
        ] {
            assert_eq!(flagged(&dated(body)).len(), 1, "{body}");
        }
    }

    #[test]
    fn quiet_on_titles_held_short_forms_former_quotations_and_other_years() {
        for body in [
            // The title held, its short form, its words in any order.
            "Minister Pak Chol Su arrived.",
            "Foreign Minister Pak Chol Su arrived.",
            // Not current, or to come.
            "Former Vice Foreign Minister Pak Chol Su arrived.",
            "They met former Vice Foreign Minister Pak Chol Su.",
            "They met former North Korean Vice Foreign Minister Pak Chol Su.",
            "They met former U.S. Vice Foreign Minister Pak Chol Su.",
            "Premier-designate Pak Chol Su arrived.",
            // A quotation; a sentence that tells of another year.
            "“Vice Foreign Minister Pak Chol Su is here,” she said.",
            "In 2013, Vice Foreign Minister Pak Chol Su visited Beijing.",
            // No dated positions; a person not in the knowledge base.
            "President Ri Yong Ho arrived.",
            "President Kim Min-jun arrived.",
            // An undated position counts as held.
            "Ambassador Jo Min Hee arrived.",
            // The knowledge base lists no position on the story's date: it
            // may leave out what the person did then.
            "Senator Harold Quimby arrived.",
        ] {
            assert_eq!(flagged(&dated(body)), Vec::<&str>::new(), "{body}");
        }
        // No story date.
        assert_eq!(
            flagged("Vice Foreign Minister Pak Chol Su arrived."),
            Vec::<&str>::new()
        );
        // A story set in 2013 by its own dateline.
        assert_eq!(
            flagged("PYONGYANG, March 3, 2013 (AP) — Vice Foreign Minister Pak Chol Su arrived."),
            Vec::<&str>::new()
        );
    }
}
