//! Issue 12's rules as a newsroom meets them: each is listed by `copydesk
//! rules` with an explanation for `copydesk explain`, and each can be
//! switched off on its own (in `Settings` and in `copydesk.toml`) without
//! touching the others.

use std::process::Command;

use copydesk::engine::{Format, HeadlineStyle, Level, Settings, check, rules};

#[path = "support/issue12.rs"]
mod issue12;

/// Every rule of issue 12 (the grammar patterns, headlines and spacing).
fn all_rules() -> Vec<&'static str> {
    let mut all: Vec<&str> = issue12::GRAMMAR
        .iter()
        .chain(&issue12::HEADLINES_AND_SPACING)
        .copied()
        .collect();
    all.sort();
    all
}

/// One story with one slip for each rule.
const STORY: &str = "Seoul And Tokyo Agree on Trade\n\n\
Officials released a the report. the delegates left.\n\n\
The Seoul's mayor said its a good deal and their is more to come.\n\n\
The rules could breath new life into ports on the Korea Peninsula.\n\n\
In fact, In fact, the minister said“We will go.”\n\n\
Leaders from Busan;Incheon attended.\n";

fn settings() -> Settings {
    Settings {
        headlines: HeadlineStyle::Title,
        ..Settings::default()
    }
}

fn rules_found(settings: &Settings) -> Vec<&'static str> {
    let mut found: Vec<&str> = check(STORY, Format::Plain, settings)
        .into_iter()
        .map(|f| f.rule)
        .filter(|r| all_rules().contains(r))
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn each_rule_is_listed_explained_and_fires_on_the_story() {
    assert_eq!(rules_found(&settings()), all_rules());
    let listed = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("rules")
        .output()
        .expect("copydesk runs");
    let listed = String::from_utf8_lossy(&listed.stdout);
    for id in all_rules() {
        let rule = rules::find(id).unwrap_or_else(|| panic!("{id} is registered"));
        assert!(rule.explanation.len() > 200, "{id}: explanation");
        assert!(
            listed
                .lines()
                .any(|l| l.split_whitespace().next() == Some(id)),
            "{id} missing from `copydesk rules`"
        );
    }
}

#[test]
fn each_rule_switches_off_alone() {
    for id in all_rules() {
        let mut settings = settings();
        settings.levels.insert(id.to_string(), Level::Off);
        let expected: Vec<&str> = all_rules().into_iter().filter(|r| *r != id).collect();
        assert_eq!(rules_found(&settings), expected, "with {id} off");
    }
}

#[test]
fn a_rule_switched_off_in_copydesk_toml_stays_quiet() {
    let dir = std::env::temp_dir().join(format!("copydesk-grammar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("story.txt"), STORY).unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .current_dir(&dir)
            .args(["check", "story.txt"])
            .output()
            .expect("copydesk runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    std::fs::write(
        dir.join("copydesk.toml"),
        "[style]\nheadlines = \"title\"\n",
    )
    .unwrap();
    let before = run();
    std::fs::write(
        dir.join("copydesk.toml"),
        "[style]\nheadlines = \"title\"\n\n[rules]\nthe-possessive = \"off\"\nquote-glued = \"off\"\n",
    )
    .unwrap();
    let after = run();
    std::fs::remove_dir_all(&dir).unwrap();
    for id in ["the-possessive", "quote-glued", "headline-case", "demonym"] {
        assert!(before.contains(&format!("[{id}]")), "{id} before: {before}");
    }
    assert!(
        !after.contains("[the-possessive]") && !after.contains("[quote-glued]"),
        "{after}"
    );
    assert!(
        after.contains("[headline-case]") && after.contains("[demonym]"),
        "{after}"
    );
}

/// Correct copy of every kind the house rules name — names, quotations,
/// Korean text, web and e-mail addresses, numbers — draws no finding from
/// any of these rules, under either headline style.
#[test]
fn quiet_on_names_quotes_korean_addresses_and_numbers() {
    let story = "Kim Jong Un in Pyongyang\n\n\
        North Korean leader Kim Jong Un (김정은) met envoys on Monday, KCNA said. \
        The talks began at 10:30 a.m. and ended at 3 p.m.; a 3:1 majority backed the plan.\n\n\
        “It's a good day,” Kim said. “Its results will show.”\n\n\
        The Korea Herald's report cited 1,250 troops and $3.5 billion in aid. \
        Readers can write to news@example.com or see https://example.com/a;b:c for details.\n\n\
        서울과 도쿄는 합의했다. The agreement, signed in Seoul, takes effect on Jan. 1.\n\n\
        The U.S. envoy, Sung Kim, said there is more to do and their work will go on.\n";
    for style in [HeadlineStyle::Title, HeadlineStyle::Sentence] {
        let settings = Settings {
            headlines: style,
            ..Settings::default()
        };
        let found: Vec<String> = check(story, Format::Plain, &settings)
            .into_iter()
            .filter(|f| all_rules().contains(&f.rule))
            .map(|f| format!("{}: {:?}", f.rule, &story[f.range]))
            .collect();
        assert!(found.is_empty(), "{style:?}: {found:?}");
    }
}
