//! Two determiners in a row: "a the", "the a", "the their".

use serde::Deserialize;

use super::word_set::{WordSet, capitalized, function_words, plain_lowercase};
use super::{Rule, possessive_contraction, word_classes};
use crate::engine::Document;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::scan::match_case;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "doubled-determiner",
    default_level: Level::On(Severity::Warning),
    summary: "Two determiners in a row (“a the report”, “the their plan”, “this the season”)",
    explanation: "An article next to another determiner (“a the”, “the a”, “the their”, “our \
the”, “the her plan”), or a demonstrative or a quantifier before an article (“said this the season \
would be his last”, “those the suspects fled”, “every the member”), is what is left when a \
sentence is rewritten and one word is not deleted. Only words joined by spaces are read, so “the \
A-list” or a quoted title after a mark is left alone; a capital letter mid-sentence (“a The \
Economist poll”, “Plan A the”) may be a name or a letter and is not flagged; an abbreviation (“the \
a.m. show”) and a foreign phrase (“an a cappella choir”) are left alone. “that”, “all”, “both”, \
“half”, “such”, “what” and “many” take an article (“said that the”, “all the”, “such a”, “many \
a”) and are never counted, nor is “her” before an article (“gave her the letter”). A \
demonstrative is a pronoun, and right, after a verb that takes it and a second object or a \
complement (“is this the end?”, “call these the best years”, “give this the attention”), before \
an adverbial (“said this the day before”), and, if plural, before a relative clause without its \
pronoun (“those the court convicted”: only a plural noun followed by a function word or a mark \
counts); “each” floats after what it counts (“gave them each the same”, “$5 each the first \
day”). “its” and “their” before an article after “said”, “that” or at a sentence's start are \
left to `its-it-s` and `there-their` (“said its the first time” is “it's”), unless the article's \
phrase is the subject of a clause (“said its the profits fell”); where this rule speaks, they do \
not. The lists are in `data/doubled-determiner.toml`. The fix deletes one of the two words and is \
a suggestion: which one is the writer's choice.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    articles: WordSet,
    determiners: WordSet,
    after_article: WordSet,
    pronouns: WordSet,
    demonstratives: WordSet,
    plural_demonstratives: WordSet,
    quantifiers: WordSet,
    floating: WordSet,
    floating_after: WordSet,
    pronoun_before: WordSet,
    adverbial_after: WordSet,
    contractions: WordSet,
    clause_before: WordSet,
    foreign_after_a: WordSet,
}

rule_data!(Data, "doubled-determiner.toml");

/// The words this rule starts from (`word_classes::ARTICLE`).
pub(super) fn trigger_words() -> Vec<&'static str> {
    data().articles.words().collect()
}

/// Whether `word` looks like a plural noun: "suspects", "rules", not
/// "police", "press", "status" or "court's".
fn plural(word: &str) -> bool {
    plain_lowercase(word)
        && word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
}

/// Whether a verb that may have lost its object follows word `i`: "those
/// the officials named did not", "those the rules cover" (a relative clause
/// without its pronoun). A function word ("had", "who", "in"; not "said")
/// or a mark after it is read as no such verb: "those the suspects had
/// fled", "these the documents in a drawer".
fn verb_after(doc: &Document<'_>, i: usize) -> bool {
    doc.words.get(i + 1).filter(|w| w.joined).is_some_and(|w| {
        let text = doc.word(w);
        plain_lowercase(text) && (!function_words().has(doc, w) || text == "said")
    })
}

/// Whether words `i` and `i + 1` of `doc` are two determiners in a row that
/// this rule flags: one of them an article, and neither of them a pronoun,
/// a quantifier floated after what it counts, or a possessive that is a
/// contraction without its apostrophe ("said its the first time", which
/// `its-it-s` reads).
/// Whether words with folded hashes `first` and `second` may make a pair
/// `doubled_at` reads (an article and a determiner, or a demonstrative,
/// quantifier or determiner and an article), by their hashes alone: most
/// of the pairs around an article ("of the", "the talks") end here,
/// before any text is read.
#[inline]
fn may_pair(first: u64, second: u64) -> bool {
    let sets = data();
    (sets.articles.may_contain(first)
        && (sets.determiners.may_contain(second) || sets.after_article.may_contain(second)))
        || (sets.articles.may_contain(second)
            && (sets.demonstratives.may_contain(first)
                || sets.quantifiers.may_contain(first)
                || sets.determiners.may_contain(first)))
}

pub(super) fn doubled_at(doc: &Document<'_>, i: usize) -> bool {
    let sets = data();
    let words = &doc.words;
    let (Some(first), Some(second)) = (words.get(i), words.get(i + 1)) else {
        return false;
    };
    if !second.joined {
        return false;
    }
    let article_first = sets.articles.has(doc, first);
    let article_second = sets.articles.has(doc, second);
    let before = i.checked_sub(1).map(|b| &words[b]).filter(|_| first.joined);
    let after_article = words.get(i + 2).filter(|w| w.joined);
    let pair = if article_first {
        sets.determiners.has(doc, second) || sets.after_article.has(doc, second)
    } else if !article_second {
        false
    } else if sets.demonstratives.has(doc, first) {
        // "is this the end?", "call these the best", "said this the day
        // before", "those the court convicted": a pronoun.
        let pronoun = before.is_some_and(|b| sets.pronoun_before.has(doc, b))
            || after_article.is_some_and(|a| sets.adverbial_after.has(doc, a));
        let unagreed = sets.plural_demonstratives.has(doc, first)
            && !after_article.is_some_and(|a| plural(doc.word(a)) && !verb_after(doc, i + 2));
        !pronoun && !unagreed
    } else if sets.quantifiers.has(doc, first) {
        // "they were each a part", "gave them each the same", "$5 each the
        // first day", "gave the players each a medal" (a plural noun after
        // a determiner: "wants each the worker" is a verb's object).
        let floated = sets.floating.has(doc, first)
            && before.is_some_and(|b| {
                let w = doc.word(b);
                let determined = i >= 2
                    && b.joined
                    && (sets.determiners.has(doc, &words[i - 2])
                        || sets.after_article.has(doc, &words[i - 2]));
                sets.floating_after.has(doc, b)
                    || w.starts_with(|c: char| c.is_ascii_digit())
                    || (plural(w) && determined)
            });
        !floated
    } else if sets.determiners.has(doc, first) && !sets.pronouns.has(doc, first) {
        // "its the first time", "their the best": a contraction, unless the
        // article's phrase is the subject of a clause ("said its the budget
        // was cut").
        let contraction = sets.contractions.has(doc, first)
            && (first.sentence_start || before.is_some_and(|b| sets.clause_before.has(doc, b)))
            && !possessive_contraction::noun_then_verb(doc, i + 1);
        !contraction
    } else {
        false
    };
    if !pair {
        return false;
    }
    let (w1, w2) = (doc.word(first), doc.word(second));
    // A capital mid-sentence is a name or a letter ("Plan A the", "a The
    // Economist poll"); the same word twice is `repeated-word`'s.
    let letter = |word: &Word, w: &str| capitalized(w) && !word.sentence_start;
    if letter(first, w1) || letter(second, w2) || w1.eq_ignore_ascii_case(w2) {
        return false;
    }
    // "the a.m. show", "an a cappella choir", "the a priori case", "the
    // a/b prefix".
    let text = doc.text;
    let dotted = |w: &Word| text[w.range().end..].starts_with(['.', '/']);
    let foreign = after_article
        .is_some_and(|next| w2.eq_ignore_ascii_case("a") && sets.foreign_after_a.has(doc, next));
    !(dotted(first) || dotted(second) || foreign)
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
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
            if !may_pair(words[i].key, words[i + 1].key) || !doubled_at(doc, i) {
                continue;
            }
            let (first, second) = (&words[i], &words[i + 1]);
            let (w1, w2) = (doc.word(first), doc.word(second));
            let range = first.range().start..second.range().end;
            let fixes = vec![
                // "Every the voter" → "The voter": the capital moves on.
                Fix::suggestion(
                    format!("Delete “{w1}”"),
                    vec![Edit::new(
                        first.range().start..second.range().end,
                        match_case(w1, w2),
                    )],
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
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed, flagged};

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
    fn flags_a_demonstrative_or_a_quantifier_before_an_article() {
        each_flagged_once(
            "doubled-determiner",
            &[
                "The mayor said this the bridge would reopen in May.",
                "Inspectors seized these the documents in a locked drawer.",
                "Prosecutors charged those the protesters who refused to leave.",
                "The union wants each the worker to get a raise.",
                "Every the candidate must file by noon.",
                "The fund sold every a share it owned.",
                "The court heard from each a witness on Monday.",
                "This the ministry plan will cost $2 billion.",
                "Those the protesters who stayed were arrested.",
            ],
        );
        assert_eq!(
            fixed("doubled-determiner", "Every the voter counts."),
            "The voter counts."
        );
    }

    #[test]
    fn flags_an_article_before_a_possessive_pronoun() {
        each_flagged_once(
            "doubled-determiner",
            &[
                "The senator defended the her record on trade.",
                "The coach praised the his players after the match.",
                "She thanked a her colleague for the help.",
                "Voters backed the our plan in the poll.",
                "The team lost the its lead in the final minute.",
            ],
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
                "The a.m. show and the p.m. edition, and the a/b prefix.",
                "An a cappella choir made the a priori case.",
            ],
        );
    }

    #[test]
    fn quiet_on_demonstratives_and_quantifiers_used_as_pronouns() {
        all_quiet(
            "doubled-determiner",
            &[
                "Is this the end of the line? Were those the rules?",
                "Fans call this the greatest comeback in league history.",
                "The win made these the best years of his career.",
                "We must give this the attention it deserves.",
                "He said this the day before the vote.",
                "The team did that the hard way, and learned this the same way.",
                "The governor pardoned those the court had convicted.",
                "Of those the police arrested, most were released.",
                "Those the rules cover take effect next week, but those the officials named did not.",
                "All this the ministry denies.",
                "The players were each a part of the plan.",
                "He gave them each the same amount.",
                "The firm paid the workers each a bonus.",
                "Tickets cost $5 each the first day.",
                "The winners got two each a year ago.",
                "Such a plan, what a day, many a voter and quite a show.",
                "They took half the seats and all the votes.",
                "She told her the news. 한국 언론은 이 the 뉴스를 보도했다.",
                "He scored 3 each the last two seasons.",
                "Call This The End, a new film, opened.",
                "“Is this the end?” he asked. “This,” she said, “the voters decide.”",
                "They won 3 each the first year and 2 each the next.",
            ],
        );
    }

    #[test]
    fn a_possessive_that_reads_as_a_contraction_is_left_to_its_twin() {
        // "its the" after "said" is "it's the": `its-it-s` says so, alone.
        let text = "The club said its the first time the stadium was full.";
        assert!(flagged("doubled-determiner", text).is_empty());
        assert_eq!(flagged("its-it-s", text), ["its"]);
        let text = "Fans said their the best team in the league.";
        assert!(flagged("doubled-determiner", text).is_empty());
        assert_eq!(flagged("there-their", text), ["their"]);
        // The article's phrase the subject of a clause: two determiners, and
        // only this rule speaks.
        for text in [
            "The firm said its the profits fell.",
            "The ministry raised their the taxes twice.",
            "Farmers blocked their the main road.",
        ] {
            assert_eq!(flagged("doubled-determiner", text).len(), 1, "{text}");
            assert!(flagged("its-it-s", text).is_empty(), "{text}");
            assert!(flagged("there-their", text).is_empty(), "{text}");
        }
    }
}
