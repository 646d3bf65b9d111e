//! Reusing unchanged blocks never changes the answer: after any edits, an
//! analysis that starts from the previous one — by content, or by position
//! outside the edited range — equals a fresh analysis.

use copydesk::engine::{Format, Settings, TextEdit, analyze, analyze_edit};
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
    "Headline\n\n",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(0..PIECES.len(), 0..30)
        .prop_map(|ix| ix.into_iter().map(|i| PIECES[i]).collect())
}

/// Replaces a random range of `text` with `insert`; returns the new text and
/// the edit as the engine is told it.
fn edit(text: &str, at: prop::sample::Index, len: usize, insert: &str) -> (String, TextEdit) {
    let mut start = at.index(text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let edited = format!("{}{}{}", &text[..start], insert, &text[end..]);
    (edited, TextEdit::replacement(start, end, insert.len()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_fresh(
        base in text(),
        first in (text(), any::<prop::sample::Index>(), 0usize..20),
        second in (text(), any::<prop::sample::Index>(), 0usize..20),
        markdown in any::<bool>(),
    ) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let settings = Settings::default();
        let before = analyze(&base, format, &settings, None);
        // Two edits in a row, as an editor may send before the next lint.
        let (once, edit_one) = edit(&base, first.1, first.2, &first.0);
        let (twice, edit_two) = edit(&once, second.1, second.2, &second.0);
        let fresh = analyze(&twice, format, &settings, None);
        let by_content = analyze(&twice, format, &settings, Some(&before));
        prop_assert_eq!(&by_content.findings(), &fresh.findings());
        let by_position = analyze_edit(&twice, format, &settings, &before, &edit_one.then(edit_two));
        prop_assert_eq!(&by_position.findings(), &fresh.findings(), "text {:?} -> {:?}", base, twice);
    }
}
