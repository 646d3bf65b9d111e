//! `--fix` reaches a fixed point: after it, no safe fix is left, and running
//! it again changes nothing. Texts are built from fragments that carry errors
//! of every safe-fixable kind, joined by assorted whitespace.

use copydesk::engine::fix::fix_all;
use copydesk::engine::{Format, Settings, check};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "the the",
    "Victor Cha Victor Cha",
    "October. 24",
    "Sept 12",
    "Dec. 3rd",
    "Mar. 8",
    "the U.S",
    "U. N.",
    "goverment",
    "recieved",
    "ended.The",
    "Seoul,Tokyo",
    ",,",
    "..",
    " ,",
    " .",
    "  ",
    "\u{a0}",
    "$3 billion dollars",
    "DPRK´s",
    "talks",
    "officials said",
    "“Yes,”",
    "\"No\"",
    "it's",
    "한국어",
    "ddr@donga.com",
    "https://x.org/a",
    "(SSRC",
    ")",
    "a officer",
    "3:00 PM",
    "the 1990's",
    "…",
    "Han Song Ryol",
    "8-year-old",
    "1,000",
];
const JOINERS: &[&str] = &[
    " ", " ", " ", "\n", "\r\n", "\n\n", "  ", ". ", ", ", "\u{a0}", "",
];

fn story() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FRAGMENTS.len(), 0..JOINERS.len()), 1..40).prop_map(|parts| {
        let mut text = String::from("Headline of the day\n\n");
        for (f, j) in parts {
            text.push_str(FRAGMENTS[f]);
            text.push_str(JOINERS[j]);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fix_is_idempotent_and_leaves_no_safe_fix(text in story(), markdown in any::<bool>()) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let settings = Settings::default();
        let once = fix_all(&text, format, &settings);
        let remaining: Vec<_> = check(&once.text, format, &settings)
            .into_iter()
            .filter(|f| f.safe_fix().is_some())
            .map(|f| (f.rule, once.text[f.range].to_string()))
            .collect();
        prop_assert!(remaining.is_empty(), "safe fixes left after --fix: {:?}\n{:?}", remaining, once.text);
        let twice = fix_all(&once.text, format, &settings);
        prop_assert_eq!(twice.applied, 0);
        prop_assert_eq!(twice.text, once.text);
    }
}
