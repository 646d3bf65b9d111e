//! Two twin rules that tell a possessive from its sound-alike by the next
//! words: `its-it-s` ("its a", "it's own") and `there-their` ("their is",
//! "there own", "but there luggage was lost"). One file: they share their
//! data (`data/possessive-contraction.toml`) and the pattern "contraction,
//! a noun, a finite verb".

use serde::Deserialize;

use super::word_set::{WordSet, function_words, plain_lowercase};
use super::{Rule, doubled_determiner, word_classes};
use crate::engine::Document;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::fold::fold_hash;
use crate::engine::scan::match_case;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Emitter};

pub static ITS: Rule = Rule {
    id: "its-it-s",
    default_level: Level::On(Severity::Warning),
    summary: "“its” where “it's” is meant, or the other way round (“its a”, “it's own”)",
    explanation: "“It's” is “it is” or “it has”; “its” is the possessive. The next word tells: \
“its a deal”, “its not”, “its been” need the apostrophe; “it's own” never has it, nor does “it's \
profits fell” (the contraction, a noun, then a verb). The words are listed in \
`data/possessive-contraction.toml`; a capital after the word (“its A-list”) is left alone. \
The fixes are suggestions (“it's own goals that cost them” is right in a match report).",
    uses_lexicon: false,
    check: Some(check_its),
    document: None,
};

pub static THERE: Rule = Rule {
    id: "there-their",
    default_level: Level::On(Severity::Warning),
    summary: "“their”, “there” and “they're” confused (“their is”, “there own”, “said there luggage was lost”)",
    explanation: "“Their” is the possessive, “there” the place or the subject of “there is”, \
“they're” is “they are”. The next word tells: “their is”, “their are”, “their not” need “there” \
or “they're”; “there own” and “they're own” need “their”, as does “they're” or “there” before a \
noun and a verb (“they said there luggage was lost”). “There” is read that way only after a word \
that cannot end a phrase of place (“of”, “said”, “because”…): “out there people are” and “and \
there prices fell too” are left alone. The lists are in `data/possessive-contraction.toml`. The fixes are suggestions (“were \
there own goals?” is right in a match report).",
    uses_lexicon: false,
    check: Some(check_there),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    after_its: WordSet,
    after_their: WordSet,
    own: WordSet,
    finite_verbs: WordSet,
    before_there: WordSet,
    not_nouns: WordSet,
}

rule_data!(Data, "possessive-contraction.toml");

/// The word after word `i`, if only spaces separate them.
fn next_joined(words: &[Word], i: usize) -> Option<&Word> {
    words.get(i + 1).filter(|w| w.joined)
}

/// Whether word `i + 1` is "not" before a gerund: "their not paying",
/// "its not being ready" (a possessive before a gerund).
fn not_before_gerund(doc: &Document<'_>, i: usize) -> bool {
    let words = &doc.words;
    next_joined(words, i).is_some_and(|n| doc.word(n).eq_ignore_ascii_case("not"))
        && next_joined(words, i + 1).is_some_and(|g| doc.word(g).ends_with("ing"))
}

/// Whether words `i + 1` and `i + 2` are a plain noun and a finite verb:
/// "it's profits fell", "there luggage was".
pub(super) fn noun_then_verb(doc: &Document<'_>, i: usize) -> bool {
    let sets = data();
    let words = &doc.words;
    let (Some(noun), Some(verb)) = (next_joined(words, i), next_joined(words, i + 1)) else {
        return false;
    };
    let n = doc.word(noun);
    plain_lowercase(n)
        && !n.ends_with("ly")
        && !n.ends_with("ing")
        && !n.contains(['\'', '’'])
        && !function_words().has(doc, noun)
        && !sets.not_nouns.has(doc, noun)
        && !sets.finite_verbs.has(doc, noun)
        && sets.finite_verbs.has(doc, verb)
}

/// Whether `doubled-determiner` flags word `i` and the article after it
/// ("their the taxes", "its the profits fell"): then this rule's advice
/// ("there", "it's") would be wrong, and it leaves the pair to that rule.
fn doubled_determiner_speaks(ctx: &Context<'_>, i: usize) -> bool {
    ctx.settings.level(&doubled_determiner::RULE) != Level::Off
        && doubled_determiner::doubled_at(ctx.doc, i)
}

fn emit(out: &mut Emitter<'_>, word: &Word, written: &str, to: &[&str], safe: bool, why: &str) {
    let fixes = to
        .iter()
        .map(|r| Fix::replace(word.range(), &match_case(written, r), safe))
        .collect();
    let wanted: Vec<String> = to.iter().map(|r| format!("“{r}”")).collect();
    out.emit(
        word.range(),
        format!("{} here, not “{written}”: {why}", wanted.join(" or ")),
        fixes,
    );
}

/// The words `its-it-s` starts from (`word_classes::ITS`), and those of
/// `there-their` (`word_classes::THERE`).
const ITS_WORDS: [&str; 2] = ["its", "it's"];
const THERE_WORDS: [&str; 3] = ["their", "there", "they're"];

pub(super) fn its_trigger_words() -> Vec<&'static str> {
    ITS_WORDS.to_vec()
}

pub(super) fn there_trigger_words() -> Vec<&'static str> {
    THERE_WORDS.to_vec()
}

fn check_its(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    let sets = data();
    let its = fold_hash(ITS_WORDS[0]);
    for i in word_classes::of(ctx).words(word_classes::ITS) {
        let word = &words[i];
        let written = doc.word(word);
        if written.len() > 1 && !written[1..].chars().all(|c| !c.is_uppercase()) {
            continue; // "ITS", an abbreviation
        }
        let Some(next) = next_joined(words, i) else {
            continue;
        };
        let following = doc.word(next);
        if following.starts_with(char::is_uppercase) {
            continue;
        }
        if word.key == its {
            if sets.after_its.has(doc, next)
                && !not_before_gerund(doc, i)
                && !doubled_determiner_speaks(ctx, i)
            {
                emit(
                    out,
                    word,
                    written,
                    &["it's"],
                    false,
                    &format!("“{following}” follows “it is” or “it has”"),
                );
            }
        } else if sets.own.has(doc, next) {
            emit(
                out,
                word,
                written,
                &["its"],
                true,
                "only the possessive takes “own”",
            );
        } else if noun_then_verb(doc, i) {
            emit(
                out,
                word,
                written,
                &["its"],
                false,
                &format!("“{following}” is what it owns"),
            );
        }
    }
}

fn check_there(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    let sets = data();
    let [their, _, they_re] = THERE_WORDS.map(fold_hash);
    for i in word_classes::of(ctx).words(word_classes::THERE) {
        let word = &words[i];
        let written = doc.word(word);
        if written.len() > 1 && !written[1..].chars().all(|c| !c.is_uppercase()) {
            continue;
        }
        let Some(next) = next_joined(words, i) else {
            continue;
        };
        let following = doc.word(next);
        if following.starts_with(char::is_uppercase) {
            continue;
        }
        if word.key == their {
            if sets.after_their.has(doc, next)
                && !not_before_gerund(doc, i)
                && !doubled_determiner_speaks(ctx, i)
            {
                emit(
                    out,
                    word,
                    written,
                    &["there", "they're"],
                    false,
                    &format!("“{following}” does not follow a possessive"),
                );
            }
        } else if sets.own.has(doc, next) {
            emit(
                out,
                word,
                written,
                &["their"],
                true,
                "only the possessive takes “own”",
            );
        } else if noun_then_verb(doc, i) {
            let after_link = word.key == they_re
                || word.sentence_start
                || (i > 0 && word.joined && sets.before_there.has(doc, &words[i - 1]));
            if after_link {
                emit(
                    out,
                    word,
                    written,
                    &["their"],
                    false,
                    &format!("“{following}” is what they own"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn its_flags_the_wrong_form() {
        each_flagged_once(
            "its-it-s",
            &[
                "Officials said its a difficult decision.",
                "The ministry said its not clear who fired.",
                "Its been a long year for the team.",
                "The company said it's profits fell sharply.",
                "The army will defend it's own territory.",
                "Analysts said its too early to tell.",
            ],
        );
        assert_eq!(
            fixed("its-it-s", "It's own staff left."),
            "Its own staff left."
        );
    }

    #[test]
    fn its_is_quiet_on_correct_copy() {
        all_quiet(
            "its-it-s",
            &[
                "The company said its profits fell sharply.",
                "It's a difficult decision, and it's not over.",
                "The army defended its own territory.",
                "It's time will tell, critics said.",
                "Its A-list guests arrived.",
                "It's members who decide, not leaders.",
                "The firm was fined for its not filing reports.",
                "The ITS program is new.",
                "The ministry said its very survival was at stake.",
            ],
        );
    }

    #[test]
    fn there_flags_the_wrong_form() {
        each_flagged_once(
            "there-their",
            &[
                "Officials said their is no evidence of fraud.",
                "Their are many reasons for the delay.",
                "The players said there own coach was to blame.",
                "Rescuers said there luggage was lost.",
                "Fans say they're team will win the title.",
                "Lawmakers said their not ready to vote.",
            ],
        );
        assert_eq!(
            fixed("there-their", "They went there own way."),
            "They went their own way."
        );
    }

    #[test]
    fn there_is_quiet_on_correct_copy() {
        all_quiet(
            "there-their",
            &[
                "Officials said there is no evidence of fraud.",
                "Out there people are waiting for news.",
                "They said their will to fight was strong.",
                "The players said their own coach was to blame.",
                "They're going to vote, and they're ready.",
                "There were many reasons for the delay.",
                "From there troops moved north.",
                "Prices rose in Seoul, and there prices fell too.",
                "Their Excellencies arrived.",
                "Critics cited their not paying taxes.",
            ],
        );
    }
}
