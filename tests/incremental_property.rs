//! Reusing unchanged blocks never changes the answer: after any edit, an
//! analysis that starts from the previous one equals a fresh analysis.

use copydesk::engine::{Format, Settings, analyze};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "the the",
    "Victor Cha Victor Cha",
    "October. 24",
    "“We will go,",
    "she said.",
    "\"Yes\"",
    "(SSRC",
    ")",
    "talks",
    "officials said",
    "\n",
    "\n\n",
    "\r\n\r\n",
    "```\n",
    "---\n",
    "# Head\n",
    "U.S",
    "it's",
    "’",
    "한국어",
    "  ",
    " ",
    "Same line repeated here today.\n\n",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(0..PIECES.len(), 0..30)
        .prop_map(|ix| ix.into_iter().map(|i| PIECES[i]).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_fresh(base in text(), insert in text(), cut in any::<prop::sample::Index>(), len in 0usize..20, markdown in any::<bool>()) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let settings = Settings::default();
        let before = analyze(&base, format, &settings, None);
        let mut start = cut.index(base.len() + 1);
        while !base.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(base.len());
        while !base.is_char_boundary(end) { end -= 1; }
        let edited = format!("{}{}{}", &base[..start], insert, &base[end..]);
        let incremental = analyze(&edited, format, &settings, Some(&before));
        let fresh = analyze(&edited, format, &settings, None);
        prop_assert_eq!(incremental.findings, fresh.findings);
    }
}
