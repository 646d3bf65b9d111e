//! Two determiners in a row: "a the", "the a", "the their".

use serde::Deserialize;

use super::word_set::{WordSet, capitalized};
use super::{Rule, word_classes};
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "doubled-determiner",
    default_level: Level::On(Severity::Warning),
    summary: "Two determiners in a row (“a the report”, “the their plan”)",
    explanation: "An article next to another determiner (“a the”, “the a”, “the their”, “our \
the”) is what is left when a sentence is rewritten and one word is not deleted. Only words joined \
by spaces are read, so “the A-list” or a quoted title after a mark is left alone; a capital letter \
mid-sentence (“a The Economist poll”, “Plan A the”) may be a name or a letter and is not flagged; \
an abbreviation (“the a.m. show”) and a foreign phrase (“an a cappella choir”, \
`data/doubled-determiner.toml`) are left alone; “that”, “her” and, before an article, the pronouns “this”, “these”, “those” and “his” are \
never counted (“said that the”, “gave her the letter”, “is this a test?”). The fix deletes one \
of the two words and is a suggestion: which one is the writer's choice.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    articles: WordSet,
    determiners: WordSet,
    pronouns: WordSet,
    foreign_after_a: WordSet,
}

rule_data!(Data, "doubled-determiner.toml");

/// The words this rule starts from (`word_classes::ARTICLE`).
pub(super) fn trigger_words() -> Vec<&'static str> {
    data().articles.words().collect()
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let sets = data();
    // One of the two must be an article: the pairs on either side of
    // each of the block's articles, each pair once.
    let words = &doc.words;
    let mut next_pair = 0;
    for article in word_classes::of(ctx).words(word_classes::ARTICLE) {
        for i in article.saturating_sub(1)..=article {
            if i < next_pair || i + 1 >= words.len() {
                continue;
            }
            next_pair = i + 1;
            let (first, second) = (&words[i], &words[i + 1]);
            if !second.joined
                || !sets.determiners.may_contain(first.key)
                || !sets.determiners.may_contain(second.key)
            {
                continue;
            }
            let one_article = sets.articles.has(doc, first) || sets.articles.has(doc, second);
            if !one_article
                || !sets.determiners.has(doc, first)
                || !sets.determiners.has(doc, second)
            {
                continue;
            }
            // "Is this a test?": a pronoun before an article.
            if sets.pronouns.has(doc, first) {
                continue;
            }
            let (w1, w2) = (doc.word(first), doc.word(second));
            // A capital mid-sentence is a name or a letter ("Plan A the", "a The
            // Economist poll"); the same word twice is `repeated-word`'s.
            let letter = |word: &crate::engine::tokenizer::Word, w: &str| {
                capitalized(w) && !word.sentence_start
            };
            if letter(first, w1) || letter(second, w2) || w1.eq_ignore_ascii_case(w2) {
                continue;
            }
            // "the a.m. show", "an a cappella choir", "the a priori case".
            let text = doc.text;
            let dotted =
                |w: &crate::engine::tokenizer::Word| text[w.range().end..].starts_with('.');
            let foreign = doc
                .words
                .get(i + 2)
                .filter(|next| next.joined)
                .is_some_and(|next| {
                    w2.eq_ignore_ascii_case("a") && sets.foreign_after_a.has(doc, next)
                });
            if dotted(first) || dotted(second) || foreign {
                continue;
            }
            let range = first.range().start..second.range().end;
            let fixes = vec![
                Fix::suggestion(
                    format!("Delete “{w1}”"),
                    vec![Edit::delete(first.range().start..second.range().start)],
                ),
                Fix::suggestion(
                    format!("Delete “{w2}”"),
                    vec![Edit::delete(first.range().end..second.range().end)],
                ),
            ];
            out.emit(
                range,
                format!("Two determiners in a row: “{w1} {w2}”"),
                fixes,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_two_determiners_in_a_row() {
        each_flagged_once(
            "doubled-determiner",
            &[
                "Officials released a the report on Tuesday.",
                "The ministry said the a new plan would follow.",
                "Lawmakers rejected the their budget in a vote.",
                "He said the this agreement was final.",
                "Police found an the body near the river.",
                "Our the leaders met.",
            ],
        );
        assert_eq!(
            fixed("doubled-determiner", "They signed a the deal."),
            "They signed the deal."
        );
    }

    #[test]
    fn quiet_on_correct_pairs_names_and_letters() {
        all_quiet(
            "doubled-determiner",
            &[
                "He said that the talks would resume.",
                "She gave her the letter on Monday.",
                "Plan A the ministry called it.",
                "He read a The Economist report.",
                "All the delegates and both the leaders agreed.",
                "The A-list guests arrived.",
                "Is this a test? They call these the best years.",
                "It was a “the end” moment.",
                "Half the votes went to the Democrats.",
                "The a.m. show and the p.m. edition.",
                "An a cappella choir made the a priori case.",
            ],
        );
    }
}
