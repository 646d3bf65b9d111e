//! A fixed name written with the country where it takes the adjective, or
//! the other way round: "the Korea Peninsula" → "Korean Peninsula".

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::word_set::{WordSet, capitalized};
use super::{Rule, word_classes};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::fold::{fold_eq, fold_hash};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "demonym",
    default_level: Level::On(Severity::Warning),
    summary: "A fixed name with the country where it takes the adjective (“Korea Peninsula” → “Korean Peninsula”)",
    explanation: "Some names take the adjective of a country (“the Korean Peninsula”, “the \
Korean War”, “the Persian Gulf”, “the Indian Ocean”, “the Arab League”, “the Japanese Diet”, \
“the English Channel”, “the Korean Central News Agency”), others its name (“the Korea Strait”, \
“the Taiwan Strait”, “the Panama Canal”, “the Gaza Strip”, “the Korea Herald”, “the Korea \
Times”, “the Korea Exchange”, “the Israel Defense Forces”). The names are listed in \
`data/demonym.toml`, only those whose wrong form is never right, each with the neighbouring \
words that make the other form right (“Republic of Korea Air Force”, “South Korea war games”, \
“Korean exchange students”, “New England Channel 5”). Only capitalized words are read. The fix \
writes the name and is safe (a suggestion on a headline or in a quotation).",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    name: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    wrong: String,
    right: String,
    #[serde(default)]
    not_after: WordSet,
    #[serde(default)]
    not_before: WordSet,
}

struct Compiled {
    entry: &'static Entry,
    words: Vec<(u64, &'static str)>,
}

rule_data!(Data, "demonym.toml");

/// The entries by the folded hash of their first word.
fn index() -> &'static FxHashMap<u64, Vec<Compiled>> {
    static INDEX: std::sync::OnceLock<FxHashMap<u64, Vec<Compiled>>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: FxHashMap<u64, Vec<Compiled>> = FxHashMap::default();
        for entry in &data().name {
            let words: Vec<(u64, &str)> = entry
                .wrong
                .split_whitespace()
                .map(|w| (fold_hash(w), w))
                .collect();
            index
                .entry(words[0].0)
                .or_default()
                .push(Compiled { entry, words });
        }
        index
    })
}

/// The words this rule starts from (`word_classes::DEMONYM`): the first
/// word of each name it corrects.
pub(super) fn trigger_words() -> Vec<&'static str> {
    let mut words: Vec<&str> = data()
        .name
        .iter()
        .filter_map(|entry| entry.wrong.split_whitespace().next())
        .collect();
    // Each word once: several names share a first word ("Korea", "India").
    words.sort_unstable();
    words.dedup();
    words
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    let index = index();
    for i in word_classes::of(ctx).words(word_classes::DEMONYM) {
        let word = &words[i];
        let Some(candidates) = index.get(&word.key) else {
            continue;
        };
        for c in candidates {
            let n = c.words.len();
            let Some(written) = words.get(i..i + n) else {
                continue;
            };
            let matches = written
                .iter()
                .zip(&c.words)
                .enumerate()
                .all(|(k, (w, &(key, form)))| {
                    let text = doc.word(w);
                    w.key == key && fold_eq(text, form) && capitalized(text) && (k == 0 || w.joined)
                });
            if !matches {
                continue;
            }
            let after = i > 0 && word.joined && c.entry.not_after.has(doc, &words[i - 1]);
            let before = words
                .get(i + n)
                .is_some_and(|next| next.joined && c.entry.not_before.has(doc, next));
            if after || before {
                continue;
            }
            let range = word.range().start..written[n - 1].range().end;
            let right = &c.entry.right;
            out.emit(
                range.clone(),
                format!("The name is “{right}”"),
                vec![Fix::replace(range, right, true)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_the_wrong_form_of_a_fixed_name() {
        each_flagged_once(
            "demonym",
            &[
                "Tensions rose on the Korea Peninsula this week.",
                "The Korea War ended in an armistice in 1953.",
                "The Korea Central News Agency said so.",
                "Ships crossed the Korean Strait at dawn.",
                "Tankers left the Persia Gulf on Monday.",
                "A spokesman for the Israeli Defense Forces said so.",
            ],
        );
        assert_eq!(
            fixed("demonym", "the Korea Peninsula"),
            "the Korean Peninsula"
        );
    }

    #[test]
    fn flags_the_names_a_news_desk_meets_in_both_directions() {
        each_flagged_once(
            "demonym",
            &[
                "Foreign ministers of the Arabic League met in Cairo.",
                "A warship sailed through the Taiwanese Strait on Tuesday.",
                "The storm formed over the India Ocean.",
                "The Korean Herald ran the story first.",
                "The Korean Times ran the story later.",
                "Shares rose 2 percent on the Korean Exchange.",
                "The ship entered the Panamanian Canal at dawn.",
                "The Japan Diet passed the budget.",
                "He fought in the America Civil War.",
                "Ferries crossed the England Channel.",
                "Aid trucks entered the Gazan Strip.",
                "The Korea Broadcasting System aired the debate.",
                "Protests of the Arabic Spring spread in 2011.",
            ],
        );
        assert_eq!(
            fixed("demonym", "the Taiwanese Strait"),
            "the Taiwan Strait"
        );
        assert_eq!(
            fixed("demonym", "He lives in the United Arabic Emirates."),
            "He lives in the United Arab Emirates."
        );
    }

    #[test]
    fn quiet_on_the_right_names_and_their_look_alikes() {
        all_quiet(
            "demonym",
            &[
                "Foreign ministers of the Arab League met in Cairo.",
                "A warship sailed through the Taiwan Strait on Tuesday.",
                "The storm formed over the Indian Ocean.",
                "The Korea Herald and the Korea Times both ran the story.",
                "Shares rose 2 percent on the Korea Exchange.",
                "Korean Exchange Students Association members met.",
                "The Japanese Diet passed the budget, and the Japan Diet Pill Craze faded.",
                "In Japan Diet members voted late.",
                "Latin America Civil War veterans and New England Channel 5 reported it.",
                "Northern Ireland Sea Fisheries said so.",
                "Arabic speakers and Taiwanese voters met India and Korean officials.",
                "taiwanese strait in lowercase is not a name.",
                "The 한국 Korea Herald (코리아헤럴드) reported it.",
                "“The Korea Times,” he said, citing the Taiwan Strait and 2 Indian Ocean ports.",
            ],
        );
    }

    #[test]
    fn quiet_on_the_right_forms_and_other_names() {
        all_quiet(
            "demonym",
            &[
                "Tensions rose on the Korean Peninsula this week.",
                "The Korean War ended in an armistice in 1953.",
                "The Republic of Korea Air Force flew drills.",
                "South Korea war games began.",
                "North Korea War threats grew.",
                "Ships crossed the Korea Strait at dawn.",
                "He visited the Korea War Memorial.",
                "korea peninsula in lowercase is not a name.",
            ],
        );
    }
}
