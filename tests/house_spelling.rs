//! The house spelling over the public-domain corpus (American copy):
//! `--fix` under `[style] spelling = "british"` (or `"british-ize"`) and
//! then under the default (American) gives the text the American `--fix`
//! alone gives, so every safe house-spelling fix has exactly the
//! counterpart it came from.

#[path = "support/shared.rs"]
mod support;

use copydesk::engine::fix::fix_all;
use copydesk::engine::{Format, HouseSpelling, Settings, check};

fn house(spelling: HouseSpelling) -> Settings {
    Settings {
        spelling,
        ..Settings::default()
    }
}

#[test]
fn british_fixes_of_american_copy_go_back_to_the_american_words() {
    let Some((_, paths)) = support::corpus_stories() else {
        return;
    };
    let american = house(HouseSpelling::American);
    let british = house(HouseSpelling::British);
    let oxford = house(HouseSpelling::BritishIze);
    let mut british_fixes = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        // American copy: no house-spelling finding in the default house.
        assert!(
            check(&text, Format::Plain, &american)
                .iter()
                .all(|f| f.rule != "house-spelling"),
            "{}",
            path.display()
        );
        let british_findings = check(&text, Format::Plain, &british);
        british_fixes += british_findings
            .iter()
            .filter(|f| f.rule == "house-spelling" && f.safe_fix().is_some())
            .count();
        let american_fixed = fix_all(&text, Format::Plain, &american).text;
        for other in [&british, &oxford] {
            let there = fix_all(&text, Format::Plain, other).text;
            let back = fix_all(&there, Format::Plain, &american).text;
            assert_eq!(
                back,
                american_fixed,
                "{:?}: {}",
                other.spelling,
                path.display()
            );
        }
    }
    println!(
        "{} stories: {british_fixes} safe British fixes, all undone by the American ones",
        paths.len()
    );
    assert!(british_fixes > 100, "only {british_fixes} British fixes");
}
