//! A modal verb followed by a noun where the verb belongs: "could loose",
//! "will effect 3 million workers".

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::word_set::{WordSet, function_words, plain_lowercase};
use super::{Rule, word_classes};
use crate::engine::Document;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::fold::{fold_eq, fold_hash};
use crate::engine::lexicon::Hit;
use crate::engine::scan::match_case;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "modal-noun",
    default_level: Level::On(Severity::Warning),
    summary: "A noun after a modal verb where the verb belongs (“could loose”, “will advice”)",
    explanation: "After “will”, “could”, “must”, “didn't” and the other modals (with at most one \
adverb between: “could easily”, “will not”) comes a verb: “could lose”, “will advise”, “must \
devise”, “cannot breathe”. The pairs of noun and verb are listed in `data/modal-noun.toml`. \
“Effect” is a verb too (“will effect change”: bring it about), so it is read as a slip only \
when no noun of change follows it, over at most two determiners or adjectives (“will effect \
sweeping changes”, “could effect real reform”, “may effect a lasting peace” are right; “will \
effect the outcome”, “would effect 3 million workers” are slips). A capitalized “May” \
mid-sentence is the month and is left alone, as is a question (“when will success come?”, \
where the noun is the subject), and pairs the phrase list already flags \
(`confusable`). The fix is a suggestion.",
    uses_lexicon: true,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    modals: WordSet,
    between: WordSet,
    noun_before: WordSet,
    object_determiners: WordSet,
    object_stops: WordSet,
    word: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    written: String,
    verb: String,
    unless_object: WordSet,
}

rule_data!(Data, "modal-noun.toml");

/// The entries by the folded hash of the written word.
fn entries() -> &'static FxHashMap<u64, &'static Entry> {
    static ENTRIES: std::sync::OnceLock<FxHashMap<u64, &'static Entry>> =
        std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        data()
            .word
            .iter()
            .map(|e| (fold_hash(&e.written), e))
            .collect()
    })
}

/// The words this rule starts from (`word_classes::MODAL_NOUN`).
pub(super) fn trigger_words() -> Vec<&'static str> {
    data().word.iter().map(|e| e.written.as_str()).collect()
}

/// Whether a noun of `entry.unless_object` follows word `i`, over at most
/// two determiners or adjectives (lowercase words that are no function
/// words nor `object_stops`): "effect change", "effect sweeping changes",
/// "effect a lasting peace"; not "effect the outcome", "effect how the
/// change is seen", "effect the way the change happens".
fn object_of(doc: &Document<'_>, i: usize, entry: &Entry) -> bool {
    let c = data();
    let words = &doc.words;
    for k in i + 1..i + 4 {
        let Some(word) = words.get(k).filter(|w| w.joined) else {
            return false;
        };
        if entry.unless_object.has(doc, word) {
            return true;
        }
        let modifier = c.object_determiners.has(doc, word)
            || (plain_lowercase(doc.word(word))
                && !function_words().has(doc, word)
                && !c.object_stops.has(doc, word));
        if !modifier {
            return false;
        }
    }
    false
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    let (c, entries) = (data(), entries());
    // Only the listed nouns are visited (found by their hashes once for
    // every rule: `word_classes`).
    let classes = word_classes::of(ctx);
    for i in classes.words(word_classes::MODAL_NOUN) {
        let word = &words[i];
        let Some(entry) = entries.get(&word.key) else {
            continue;
        };
        let written = doc.word(word);
        if !fold_eq(written, &entry.written) || !word.joined || i == 0 {
            continue;
        }
        // The modal, directly before or with one adverb between.
        let mut m = i - 1;
        if !c.modals.has(doc, &words[m]) {
            let adverb = doc.word(&words[m]);
            let is_adverb = adverb.ends_with("ly") || c.between.has(doc, &words[m]);
            if !is_adverb || m == 0 || !words[m].joined {
                continue;
            }
            m -= 1;
            if !c.modals.has(doc, &words[m]) {
                continue;
            }
        }
        let modal = doc.word(&words[m]);
        // "May" mid-sentence is the month; "the will", "political will" a noun.
        let noun = m > 0 && words[m].joined && c.noun_before.has(doc, &words[m - 1]);
        if noun || (modal.starts_with(char::is_uppercase) && !words[m].sentence_start) {
            continue;
        }
        if !entry.unless_object.is_empty() {
            match words.get(i + 1) {
                Some(next) if next.joined && next.paragraph == word.paragraph => {
                    if object_of(doc, i, entry) {
                        continue;
                    }
                }
                _ => continue,
            }
        }
        // "When will success come?": in a question the noun may be the
        // subject after the modal.
        let rest = &doc.text[word.range().end..];
        if rest
            .find(['.', '?', '!'])
            .is_some_and(|at| rest[at..].starts_with('?'))
        {
            continue;
        }
        let flagged_already = ctx.lexicon_hits.iter().any(|hit| match *hit {
            Hit::Phrase { first, last, .. } => first <= i && i <= last,
            Hit::Misspelling { word, .. } => word == i,
        });
        if flagged_already {
            continue;
        }
        let verb = match_case(written, &entry.verb);
        out.emit(
            word.range(),
            format!("After “{modal}” comes a verb: “{verb}”, not “{written}”"),
            vec![Fix::replace(word.range(), &verb, false)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_a_noun_after_a_modal() {
        each_flagged_once(
            "modal-noun",
            &[
                "The rules will effect about 3 million workers.",
                "Doctors said he could not breath without help.",
                "The ministry will advice travelers to stay home.",
                "Engineers must device a new plan.",
                "Voters didn't chose the incumbent.",
                "The party may lost its majority.",
                "The team could easily loose the final.",
                "The party may loss its majority in May.",
                "The ministry will response to the report on Monday.",
                "The court could denial the appeal.",
                "Few patients would survival the trip.",
                "Lawmakers must approval the budget by June.",
            ],
        );
        assert_eq!(
            fixed("modal-noun", "We will advice them."),
            "We will advise them."
        );
    }

    #[test]
    fn effect_before_a_noun_of_change_is_the_verb_to_bring_about() {
        all_quiet(
            "modal-noun",
            &[
                "The reforms will effect sweeping changes in the tax code.",
                "Only voters could effect real reform, she said.",
                "The talks may effect a lasting peace.",
                "Police could not effect an arrest at the scene.",
                "The new board should effect such a change quickly.",
                "The treaty would effect the transfer of the islands.",
                "Engineers will effect repairs overnight.",
                "The deal will effect 한국 reforms.",
                "“We will effect change,” she said, “and 2 reforms.”",
            ],
        );
        each_flagged_once(
            "modal-noun",
            &[
                "The ruling will effect the outcome of the race.",
                "Higher rates would effect the housing market.",
                "The storm could effect millions of people.",
                "The strike will effect how the change is seen.",
                "The cuts will effect the way the change happens.",
                "Tariffs may effect prices and the changes that follow.",
                "The ban will effect 2 million drivers.",
                "The closure would effect local businesses.",
            ],
        );
    }

    #[test]
    fn quiet_on_verbs_nouns_and_effecting_change() {
        all_quiet(
            "modal-noun",
            &[
                "The new leader will effect change in the party.",
                "They hope to effect a transfer of power.",
                "It is unclear what the law will effect.",
                "Their advice will help.",
                "Take a deep breath and wait.",
                "In May success came.",
                "The free will decision was made.",
                "The key to success is patience.",
                "The barrier could work loose in high winds.",
                "When will success come? Can relief arrive in time?",
                "When will response times improve? Can assistance reach them?",
                "Could failure be an option, and would approval follow?",
                "The loss will hurt; the response may take weeks.",
                "Editors must proof the pages before they print.",
            ],
        );
    }
}
