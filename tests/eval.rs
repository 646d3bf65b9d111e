//! Measured quality: recall on our labelled evaluation set, and false alarms
//! per 1,000 words on professionally edited copy (`../shared/corpus/`).
//! Run with `--nocapture` to see the figures.

#[path = "support/shared.rs"]
mod support;

#[path = "support/issue12.rs"]
mod issue12;

use std::collections::BTreeMap;

use copydesk::engine::{Finding, Format, HeadlineStyle, HouseSpelling, Settings, check};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    rule: String,
    bad: String,
    good: String,
    /// `[style] headlines` for this case ("title", "sentence"); else the default.
    #[serde(default)]
    headlines: Option<String>,
    /// `[style] spelling` for this case ("british", "british-ize"); else
    /// the default (American).
    #[serde(default)]
    spelling: Option<String>,
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

fn findings(text: &str) -> Vec<Finding> {
    check(text, Format::Plain, &Settings::default())
}

fn headline_settings(style: &str) -> Settings {
    Settings {
        headlines: match style {
            "title" => HeadlineStyle::Title,
            "sentence" => HeadlineStyle::Sentence,
            other => panic!("tests/eval: unknown headline style {other:?}"),
        },
        ..Settings::default()
    }
}

/// A case's findings: under its own headline style if it names one, else
/// under `settings`.
fn case_findings(case: &Case, text: &str, settings: &Settings) -> Vec<Finding> {
    let mut settings = match &case.headlines {
        Some(style) => headline_settings(style),
        None => settings.clone(),
    };
    if let Some(house) = &case.spelling {
        settings.spelling = match house.as_str() {
            "american" => HouseSpelling::American,
            "british" => HouseSpelling::British,
            "british-ize" => HouseSpelling::BritishIze,
            other => panic!("tests/eval: unknown house spelling {other:?}"),
        };
    }
    check(text, Format::Plain, &settings)
}

/// The families of issue 12's labelled set (`tests/eval/grammar.toml`).
const FAMILIES: [(&str, &[&str]); 4] = [
    ("grammar patterns", &issue12::GRAMMAR),
    ("spelling", &["spelling", "misspelling"]),
    ("run-together", &["run-together"]),
    ("headlines and spacing", &issue12::HEADLINES_AND_SPACING),
];

/// Issue 12's labelled set on its own: recall per family (at least 90% in
/// all), and no finding of any rule on a correct twin.
#[test]
fn recall_per_family_on_the_grammar_set() {
    let cases: Cases =
        toml::from_str(include_str!("eval/grammar.toml")).expect("tests/eval/grammar.toml parses");
    let (per_rule, misses, alarms) = score(&cases.case, &Settings::default());
    let mut hits: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (rule, (h, t)) in &per_rule {
        let family = FAMILIES
            .iter()
            .find(|(_, rules)| rules.contains(rule))
            .map(|(name, _)| *name)
            .unwrap_or_else(|| panic!("tests/eval/grammar.toml: rule {rule} has no family"));
        let entry = hits.entry(family).or_default();
        entry.0 += h;
        entry.1 += t;
    }
    let (hit, total) = hits.values().fold((0, 0), |(h, t), (a, b)| (h + a, t + b));
    println!("issue 12 set: {} cases", cases.case.len());
    for (family, (h, t)) in &hits {
        println!(
            "  {family:24} {h:3}/{t:3} = {:.1}%",
            *h as f64 * 100.0 / *t as f64
        );
    }
    println!(
        "  all                      {hit:3}/{total:3} = {:.1}%",
        hit as f64 * 100.0 / total as f64
    );
    println!("  findings on correct twins: {}", alarms.len());
    for miss in &misses {
        println!("  missed {miss}");
    }
    for alarm in &alarms {
        println!("  alarm {alarm}");
    }
    assert!(cases.case.len() >= 150, "fewer than 150 cases");
    for (family, (h, t)) in &hits {
        assert!(h * 10 >= t * 9, "{family}: recall {h}/{t} is below 90%");
    }
    assert!(alarms.is_empty(), "a finding on a correct twin");
}

/// A case of the held-out set (`tests/eval/heldout.toml`).
#[derive(Deserialize)]
struct HeldOutCase {
    family: String,
    rule: String,
    /// Where in `bad` the slip is: the rule must fire on it.
    slip: String,
    bad: String,
    good: String,
    #[serde(default)]
    headlines: Option<String>,
}

#[derive(Deserialize)]
struct HeldOutCases {
    case: Vec<HeldOutCase>,
}

/// The held-out set, written by one of us who had not read the rules:
/// recall per family and overall at the slip itself (a typo's finding may
/// come from `spelling` or the misspelling list), and no finding of any
/// rule on a correct twin. Its first, blind run caught 199 of 248 (80%)
/// and flagged 8 twins; the floor here keeps what was won since.
#[test]
fn recall_on_the_held_out_set_at_the_slip() {
    let cases: HeldOutCases =
        toml::from_str(include_str!("eval/heldout.toml")).expect("tests/eval/heldout.toml parses");
    let same_rule = |expected: &str, found: &str| {
        expected == found
            || (["spelling", "misspelling"].contains(&expected)
                && ["spelling", "misspelling"].contains(&found))
    };
    let mut families: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut misses, mut alarms) = (Vec::new(), Vec::new());
    for case in &cases.case {
        let (settings, format) = match &case.headlines {
            Some(style) => (headline_settings(style), Format::Markdown),
            None => (Settings::default(), Format::Plain),
        };
        let at = case
            .bad
            .find(&case.slip)
            .unwrap_or_else(|| panic!("slip {:?} is not in {:?}", case.slip, case.bad));
        let slip = at..at + case.slip.len();
        let caught = check(&case.bad, format, &settings).iter().any(|f| {
            same_rule(&case.rule, f.rule) && f.range.start < slip.end && slip.start < f.range.end
        });
        let entry = families.entry(case.family.as_str()).or_default();
        entry.1 += 1;
        if caught {
            entry.0 += 1;
        } else {
            misses.push(format!("[{}] {:?}", case.rule, case.bad));
        }
        for f in check(&case.good, format, &settings) {
            alarms.push(format!(
                "{} on {:?} in {:?}",
                f.rule, &case.good[f.range], case.good
            ));
        }
    }
    let (hit, total) = families
        .values()
        .fold((0, 0), |(h, t), (a, b)| (h + a, t + b));
    println!("held-out set: {total} cases");
    for (family, (h, t)) in &families {
        println!("  {family:28} {h:3}/{t:3}");
    }
    println!(
        "  all                          {hit:3}/{total:3} = {:.1}%",
        hit as f64 * 100.0 / total as f64
    );
    for miss in &misses {
        println!("  missed {miss}");
    }
    for alarm in &alarms {
        println!("  alarm {alarm}");
    }
    assert!(
        hit * 100 >= total * 90,
        "held-out recall {hit}/{total} is below 90%"
    );
    assert!(alarms.is_empty(), "a finding on a correct twin: {alarms:?}");
}

/// Per rule, the cases whose `bad` it flags and all its cases; the cases
/// missed; and every finding, of any rule, on a correct twin.
type Score<'a> = (BTreeMap<&'a str, (usize, usize)>, Vec<String>, Vec<String>);

fn score<'a>(cases: &'a [Case], settings: &Settings) -> Score<'a> {
    let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut alarms = Vec::new();
    for case in cases {
        let entry = per_rule.entry(case.rule.as_str()).or_default();
        entry.1 += 1;
        if case_findings(case, &case.bad, settings)
            .iter()
            .any(|f| f.rule == case.rule)
        {
            entry.0 += 1;
        } else {
            misses.push(format!("[{}] {:?}", case.rule, case.bad));
        }
        for f in case_findings(case, &case.good, settings) {
            alarms.push(format!(
                "[{}] {:?}: {} on {:?}",
                case.rule, case.good, f.rule, &case.good[f.range]
            ));
        }
    }
    (per_rule, misses, alarms)
}

#[test]
fn recall_on_the_evaluation_set_and_quiet_on_its_twins() {
    let mut cases: Cases =
        toml::from_str(include_str!("eval/cases.toml")).expect("tests/eval/cases.toml parses");
    let spelling: Cases = toml::from_str(include_str!("eval/spelling.toml"))
        .expect("tests/eval/spelling.toml parses");
    cases.case.extend(spelling.case);
    let house: Cases = toml::from_str(include_str!("eval/house-spelling.toml"))
        .expect("tests/eval/house-spelling.toml parses");
    cases.case.extend(house.case);
    let grammar: Cases =
        toml::from_str(include_str!("eval/grammar.toml")).expect("tests/eval/grammar.toml parses");
    cases.case.extend(grammar.case);
    let (per_rule, misses, twin_alarms) = score(&cases.case, &Settings::default());
    let (hit, total) = per_rule
        .values()
        .fold((0, 0), |(h, t), (a, b)| (h + a, t + b));
    let recall = hit as f64 / total as f64;
    println!("recall by rule:");
    for (rule, (h, t)) in &per_rule {
        println!("  {rule:28} {h:3}/{t:3}");
    }
    println!("recall: {hit}/{total} = {:.1}%", recall * 100.0);
    // Facts that must agree (issue 13), held to the same bar on their own.
    let facts = [
        "weekday-date",
        "age-inconsistent",
        "title-inconsistent",
        "abbreviation-inconsistent",
    ];
    let (facts_hit, facts_total) = facts
        .iter()
        .filter_map(|rule| per_rule.get(rule))
        .fold((0, 0), |(h, t), (a, b)| (h + a, t + b));
    let facts_alarms = twin_alarms
        .iter()
        .filter(|alarm| {
            facts
                .iter()
                .any(|rule| alarm.starts_with(&format!("[{rule}]")))
        })
        .count();
    println!(
        "facts rules: {facts_hit}/{facts_total} = {:.1}%, {facts_alarms} alarms on their twins",
        facts_hit as f64 * 100.0 / facts_total.max(1) as f64
    );
    assert!(facts_hit * 10 >= facts_total * 9, "facts rules below 90%");
    assert_eq!(facts_alarms, 0, "an alarm on a facts rule's twin");
    println!(
        "false alarms on {} correct twins: {}",
        cases.case.len(),
        twin_alarms.len()
    );
    for miss in &misses {
        println!("  missed {miss}");
    }
    for alarm in &twin_alarms {
        println!("  alarm {alarm}");
    }
    assert!(recall >= 0.90, "recall {recall:.3} is below 90%");
    assert!(
        twin_alarms.len() * 100 <= cases.case.len(),
        "more than 1% of correct twins raise a finding"
    );
}

/// `tests/eval/knowledge.toml`: cases checked against their own names file
/// and story date, not the built-in knowledge base.
#[derive(Deserialize)]
struct KnowledgeCases {
    date: String,
    names: String,
    case: Vec<Case>,
}

/// The story against the knowledge base (issue 13, item 4): recall of
/// `age-birth-date`, `title-not-held` and `abbreviation-expansion` on their
/// labelled cases, and no finding of any rule on the correct twins.
#[test]
fn recall_of_the_knowledge_base_rules_and_quiet_on_their_twins() {
    let cases: KnowledgeCases = toml::from_str(include_str!("eval/knowledge.toml"))
        .expect("tests/eval/knowledge.toml parses");
    let people = copydesk::names::person::parse("tests/eval/knowledge.toml", &cases.names)
        .expect("the names of tests/eval/knowledge.toml parse");
    let settings = Settings {
        names: std::sync::Arc::new(copydesk::names::NameIndex::new(people)),
        default_date: copydesk::engine::calendar::Date::parse_iso(&cases.date),
        ..Settings::default()
    };
    assert!(settings.default_date.is_some(), "`date` is a date");
    let (per_rule, misses, alarms) = score(&cases.case, &settings);
    println!("knowledge-base rules, recall by rule:");
    for (rule, (h, t)) in &per_rule {
        println!("  {rule:28} {h:3}/{t:3}");
    }
    let (hit, total) = per_rule
        .values()
        .fold((0, 0), |(h, t), (a, b)| (h + a, t + b));
    println!(
        "knowledge-base rules: {hit}/{total} = {:.1}%, {} alarms on their twins",
        hit as f64 * 100.0 / total.max(1) as f64,
        alarms.len()
    );
    for miss in &misses {
        println!("  missed {miss}");
    }
    for alarm in &alarms {
        println!("  alarm {alarm}");
    }
    assert_eq!(per_rule.len(), 3, "cases for each of the three rules");
    assert!(hit * 10 >= total * 9, "knowledge-base rules below 90%");
    assert!(
        alarms.is_empty(),
        "an alarm on a knowledge-base rule's twin"
    );
}

/// Findings in the corpus that are genuine under AP style or listed in the
/// corpus README as real slips, by rule and flagged text.
fn is_genuine(rule: &str, flagged: &str) -> bool {
    match rule {
        // The State Department writes "February 24"; AP writes "Feb. 24".
        "date-format" => true,
        // Listed slips: "Partnership .", "here .", "threats ,", "activities ,".
        "space-before-punctuation" => true,
        // "the DPRK´s behavior".
        "apostrophe-character" => flagged == "´",
        // "7:00 a.m.": AP writes "7 a.m.".
        "time-format" => true,
        // public-domain-news 19: "space normsthat advance U.S. interests".
        "run-together" => flagged == "normsthat",
        _ => false,
    }
}

/// Both folders of the corpus: `state-dept/` (16 texts) and
/// `public-domain-news/` (46).
#[test]
fn false_alarms_on_edited_copy() {
    let mut paths = Vec::new();
    for folder in ["corpus/state-dept", "corpus/public-domain-news"] {
        let Some(dir) = support::shared(folder) else {
            return;
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the corpus folder is readable")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        paths.extend(files);
    }
    let mut words = 0;
    let mut spacing = 0;
    let mut genuine = 0;
    let mut alarms = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        words += text.split_whitespace().count();
        for f in findings(&text) {
            let flagged = &text[f.range.clone()];
            if f.rule == "double-space" {
                spacing += 1;
            } else if is_genuine(f.rule, flagged) {
                genuine += 1;
            } else {
                alarms.push(format!(
                    "{}: {} {:?} ({})",
                    path.file_name().unwrap().to_string_lossy(),
                    f.rule,
                    flagged,
                    f.message
                ));
            }
        }
    }
    let per_thousand = alarms.len() as f64 * 1000.0 / words as f64;
    println!("corpus: {} files, {words} words", paths.len());
    println!("  double spaces (real in plain text, counted apart): {spacing}");
    println!("  genuine findings (AP style, listed slips): {genuine}");
    println!(
        "  false alarms: {} = {per_thousand:.2} per 1,000 words",
        alarms.len()
    );
    for alarm in &alarms {
        println!("  {alarm}");
    }
    assert!(
        per_thousand <= 0.5,
        "{per_thousand:.2} false alarms per 1,000 words"
    );
}

/// The corpus's headlines are in title case as published: under
/// `[style] headlines = "title"` none of them draws a `headline-case`
/// finding, and under "sentence" each stray capital does (printed). Under
/// "sentence", 24 of them rewritten in sentence case draw none.
#[test]
fn headline_case_on_the_corpus_headlines() {
    let mut texts = Vec::new();
    for folder in ["corpus/state-dept", "corpus/public-domain-news"] {
        let Some(dir) = support::shared(folder) else {
            return;
        };
        for entry in std::fs::read_dir(dir).expect("the corpus folder is readable") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let count = |style: &str| -> Vec<String> {
        let settings = headline_settings(style);
        texts
            .iter()
            .flat_map(|text| {
                check(text, Format::Plain, &settings)
                    .into_iter()
                    .filter(|f| f.rule == "headline-case")
                    .map(|f| text[f.range].to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let title = count("title");
    let sentence = count("sentence");
    println!(
        "headline-case on {} corpus headlines: title case {} findings, sentence case {} (the headlines are title case)",
        texts.len(),
        title.len(),
        sentence.len()
    );
    assert!(title.is_empty(), "title case: {title:?}");
    assert!(!sentence.is_empty());

    // The same stories under sentence-case versions of their headlines.
    #[derive(Deserialize)]
    struct Headline {
        file: String,
        sentence: String,
    }
    #[derive(Deserialize)]
    struct Headlines {
        headline: Vec<Headline>,
    }
    let headlines: Headlines = toml::from_str(include_str!("eval/headlines.toml"))
        .expect("tests/eval/headlines.toml parses");
    let settings = headline_settings("sentence");
    let mut alarms = Vec::new();
    for h in &headlines.headline {
        let (folder, number) = h.file.split_once('/').expect("folder/number");
        let dir = support::shared(&format!("corpus/{folder}")).expect("the corpus is here");
        let path = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(number))
            .unwrap_or_else(|| panic!("no corpus file {}", h.file));
        let text = std::fs::read_to_string(&path).unwrap();
        let body = &text[text.find('\n').unwrap_or(text.len())..];
        let story = format!("{}{body}", h.sentence);
        for f in check(&story, Format::Plain, &settings) {
            if f.rule == "headline-case" {
                alarms.push(format!("{}: {:?}", h.file, &story[f.range]));
            }
        }
    }
    println!(
        "  sentence case on {} headlines rewritten in sentence case: {} findings",
        headlines.headline.len(),
        alarms.len()
    );
    assert!(alarms.is_empty(), "{alarms:?}");
}

/// `name-near-miss` never fires on professionally edited copy: every text of
/// `../shared/corpus/` (both folders), whatever the names in it.
#[test]
fn no_near_misses_in_the_corpus() {
    let Some(dir) = support::shared("corpus") else {
        return;
    };
    let mut files = 0;
    let mut alarms = Vec::new();
    let mut folders = vec![dir];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                files += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for f in findings(&text)
                    .iter()
                    .filter(|f| f.rule == "name-near-miss")
                {
                    alarms.push(format!("{}: {:?}", path.display(), &text[f.range.clone()]));
                }
            }
        }
    }
    println!(
        "name-near-miss on {files} corpus files: {} findings",
        alarms.len()
    );
    assert!(files > 0);
    assert!(alarms.is_empty(), "{}", alarms.join("\n"));
}
