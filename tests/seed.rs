//! The first acceptance case: the real article the project started from.
//! CI has `../shared/seeds/`; the text is read from there, never copied.

#[path = "support/shared.rs"]
mod support;

use copydesk::engine::{Format, Settings, check};

/// The seed article, or `None` (after one line saying so) without `../shared/`.
fn seed() -> Option<String> {
    let path = support::shared("seeds/000_3fb786415820760a.txt")?;
    Some(std::fs::read_to_string(path).expect("the seed article is readable"))
}

#[test]
fn the_seed_article_gets_exactly_the_findings_a_slot_editor_would_circle() {
    let Some(text) = seed() else {
        return;
    };
    let findings = check(&text, Format::Plain, &Settings::default());
    let found: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule, &text[f.range.clone()]))
        .collect();
    let expected = [
        ("abbreviation-period", "U.S"),
        (
            "repeated-paragraph",
            "'There was partial progress,' say officials of N. Korea and the U.S",
        ),
        ("abbreviation-period", "U.S"),
        ("date-format", "October. 24"),
        ("trailing-space", "\u{a0}\u{a0}\u{a0}"),
        ("date-format", "October. 24"),
        ("confusable", "staring from"),
        ("quote-style", "’"),
        ("title-case", "vice foreign minister"),
        ("quote-style", "’"),
        ("quote-style", "’"),
        ("name-variant", "Choi Sun-hee"),
        ("repeated-word", "Victor Cha Victor Cha"),
    ];
    assert_eq!(found, expected);

    // Nothing on the Korean byline, the e-mail addresses or any other name.
    let byline = text.rfind("ddr@donga.com").unwrap() - 40;
    assert!(
        findings.iter().all(|f| f.range.start < byline),
        "a finding in the Korean byline"
    );
    for name in [
        "Leon Sigal",
        "Han Song Ryol",
        "Jang Il Hun",
        "Robert Gallucci",
        "Joseph R. DeTrani",
    ] {
        let at = text.find(name).unwrap();
        assert!(
            findings
                .iter()
                .all(|f| f.range.end <= at || f.range.start >= at + name.len()),
            "a finding inside {name}"
        );
    }
}

#[test]
fn every_official_in_the_seed_is_recognized() {
    let Some(text) = seed() else {
        return;
    };
    let analysis = copydesk::engine::analyze(&text, Format::Plain, &Settings::default(), None);
    let names = copydesk::names::NameIndex::builtin();
    let people: Vec<&str> = analysis
        .mentions()
        .map(|m| {
            names.people[names.spellings[m.spelling].person]
                .name
                .as_str()
        })
        .collect();
    assert_eq!(
        people,
        [
            // Places since the knowledge base has places and every country
            // and capital (issue 11).
            "Kuala Lumpur",
            "Malaysia",
            "Leon Sigal",
            "North Korea",
            "Han Song Ryol",
            "North Korea",
            "Robert L. Gallucci",
            "Pyongyang",
            "Joseph R. DeTrani",
            "North Korea",
            "Jang Il Hun",
            "Han Song Ryol",
            "South Korea",
            "South Korea",
            "Washington",
            "Choe Son Hui",
            "Victor Cha",
            "Victor Cha"
        ]
    );
}

#[test]
fn headline_fixes_are_suggestions_and_body_fixes_are_safe() {
    let Some(text) = seed() else {
        return;
    };
    let findings = check(&text, Format::Plain, &Settings::default());
    for finding in &findings {
        let safe = finding.safe_fix().is_some();
        match finding.rule {
            "abbreviation-period"
            | "repeated-paragraph"
            | "confusable"
            | "quote-style"
            | "title-case"
            | "name-variant" => {
                assert!(!safe, "{finding:?}")
            }
            "repeated-word" | "date-format" | "trailing-space" => assert!(safe, "{finding:?}"),
            other => panic!("unexpected rule {other}"),
        }
    }
}

#[test]
fn the_seed_is_dated_by_its_posted_line() {
    let Some(text) = seed() else {
        return;
    };
    let dated = copydesk::engine::story_date(&text, Format::Plain, &Settings::default())
        .expect("the seed has a date");
    assert_eq!(dated.date.iso(), "2016-10-24");
    assert_eq!(dated.source, copydesk::engine::story_date::Source::Posted);
    // "Posted October. 24, 2016 07:19", not the "Updated" line after it.
    assert_eq!(&text[dated.range.unwrap()], "October. 24, 2016");
}
