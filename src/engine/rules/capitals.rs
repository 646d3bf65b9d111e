//! One pass over a block's words for the rules that start from a
//! capitalized word after another word: `title_inconsistent::titled` and
//! `title-case` (a name after a formal title) and `the-possessive` (a name
//! the story writes without an article). Found once a block (`Context::shared`): each of
//! them walking every word itself cost as much as this pass for both. Not
//! a rule.

use std::rc::Rc;

use super::the_possessive;
use crate::engine::Context;
use crate::engine::scan::upper_at;

/// What the pass keeps of a block, in word order.
#[derive(Default)]
pub struct Capitalized {
    /// The words that may begin a name after a title: each starts with a
    /// capital, after whitespace alone, and the word before may end a title
    /// (`Titles::may_end`).
    pub after_title: Vec<u32>,
    /// The keys of the names the block writes without an article
    /// (`the_possessive::written_bare`).
    pub bare: Vec<u64>,
}

/// The block's `Capitalized`, found once for both rules.
pub fn of(ctx: &Context<'_>) -> Rc<Capitalized> {
    ctx.shared(|ctx| Rc::new(find(ctx)))
}

fn find(ctx: &Context<'_>) -> Capitalized {
    let doc = ctx.doc;
    let words = &doc.words;
    let titles = &ctx.settings.titles;
    let bare = the_possessive::BareTest::new();
    let mut found = Capitalized::default();
    for (i, pair) in words.windows(2).enumerate() {
        let (before, word) = (&pair[0], &pair[1]);
        // Most words start with a lowercase letter: ruled out on their
        // first byte alone (a capital outside ASCII goes on).
        let first = word.lead;
        if !(first.is_ascii_uppercase() || first >= 0x80) {
            continue;
        }
        if word.joined && titles.may_end(before.key) && upper_at(doc.text, word.range().start) {
            found.after_title.push(i as u32 + 1);
        }
        if bare.written_bare(doc, before, word) {
            found.bare.push(word.key);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, with_related};

    // The pass serves both rules: each still finds what it found walking
    // every word itself, after a line break and with a capital outside
    // ASCII (a name after a title).
    #[test]
    fn both_rules_find_their_words_through_the_pass() {
        each_flagged_once(
            "the-possessive",
            &[
                "Factories in Kaesong closed, and the Kaesong's workers left.",
                "Crowds in Kaesong\nmarched; the Kaesong's police watched.",
            ],
        );
        all_quiet(
            "the-possessive",
            &["Kaesong closed. The Kaesong's workers left and the Kaesong plant shut."],
        );
        let (span, related, _) = with_related(
            "title-inconsistent",
            "Vice Foreign Minister Ömer Han attended.\n\nDeputy Foreign Minister\nÖmer Han said nothing.",
        );
        assert_eq!(
            (span, related),
            ("Deputy Foreign Minister", "Vice Foreign Minister")
        );
    }
}
