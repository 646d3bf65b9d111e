//! A word or phrase written twice with a comma or semicolon between: "in
//! fact, In fact", "the, the" — what is left when a sentence's opening is
//! rewritten and the old one is not deleted.

use serde::Deserialize;

use super::Rule;
use super::dictionary::class_of;
use super::word_set::{WordSet, function_words};
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::fold::fold_eq;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "repeated-word-punctuated",
    default_level: Level::On(Severity::Warning),
    summary: "A word or phrase repeated across a comma (“in fact, In fact”, “the, the”)",
    explanation: "A word or a phrase of up to four words, written twice with only a comma or a \
semicolon between the copies: the trace of a rewritten opening (“In fact, in fact, the talks \
failed”, “On Monday, on Monday the court ruled”, “the talks, in fact, In fact failed”). Only a \
repeated sentence opening, a copy followed by its own comma, a restart with a capital, or a \
repeated function word (“said that, that the”) is read as a slip: a phrase repeated \
mid-sentence may head the next item of a list (“LGBTQ+ communities, communities of color”, \
“before an official's name, an official's name spelled…”). Words repeated for emphasis or in \
speech (“very, very”, “no, no”, “go, go, go”: `data/repeated-word-punctuated.toml`), numbers, \
single letters, a name written twice in capitals (“New York, New York”; an opening of English \
words is no name: “Meanwhile, Meanwhile,”) and a speaker's repeat \
in a direct quotation are left alone; \
copies with only spaces between are `repeated-word`'s. The fix deletes the second copy and is \
a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    allow: WordSet,
    doubled: WordSet,
}

rule_data!(Data, "repeated-word-punctuated.toml");

const MAX_PHRASE: usize = 4;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    let text = doc.text;
    let bytes = text.as_bytes();
    // From each comma or semicolon (listed once by `Document`): the second
    // copy starts at the word after it, the first ends at the word before.
    let mut w = 0;
    let mut done = 0; // words before this one are in a reported repeat
    for &at in &doc.punctuation {
        let at = at as usize;
        if !matches!(bytes[at], b',' | b';') {
            continue;
        }
        while w < words.len() && words[w].range().start <= at {
            w += 1;
        }
        let j = w;
        // The two copies start with the same word: most marks have no
        // equal of the word after them among the four before them.
        let Some(second) = words.get(j) else {
            continue;
        };
        if !words[j.saturating_sub(MAX_PHRASE)..j]
            .iter()
            .any(|w| w.key == second.key)
        {
            continue;
        }
        for n in 1..=MAX_PHRASE {
            let Some(i) = j.checked_sub(n) else {
                break;
            };
            if i < done || j + n > words.len() {
                break;
            }
            // Hashes first: the two copies must agree word by word.
            if !(0..n).all(|k| words[i + k].key == words[j + k].key) {
                continue;
            }
            // Each copy runs on spaces; between them a comma or semicolon.
            let inside = |from: usize| (from + 1..from + n).all(|k| words[k].joined);
            if !inside(i) || !inside(j) || words[j].paragraph != words[i].paragraph {
                continue;
            }
            let gap = &text[words[j - 1].range().end..words[j].range().start];
            let gap = gap.trim();
            if !matches!(gap, "," | ";") {
                continue;
            }
            let first: Vec<&str> = (i..j).map(|k| doc.word(&words[k])).collect();
            let second: Vec<&str> = (j..j + n).map(|k| doc.word(&words[k])).collect();
            if !first.iter().zip(&second).all(|(a, b)| fold_eq(a, b)) {
                continue;
            }
            let capitalized = |w: &&str| w.starts_with(char::is_uppercase);
            // "Meanwhile, meanwhile, the …": an opening word twice, each copy
            // followed by its comma.
            let after_second = text[words[j].range().end..].trim_start();
            let opening = words[i].sentence_start && after_second.starts_with([',', ';']);
            // "New York, New York" is a place; "In fact, In fact" is not a
            // name, nor is an opening of English words ("Meanwhile,
            // Meanwhile, prices rose").
            let english = first.iter().all(|w| class_of(&w.to_lowercase()).is_some());
            let name = first.iter().all(capitalized)
                && second.iter().all(capitalized)
                && !(i..j).any(|k| function_words().has(doc, &words[k]))
                && !(opening && english);
            // One word: a function word ("the, the"), or a restart with a
            // capital ("fact, Fact"). A content word may head the next item of
            // a list ("communities, communities of color").
            let restart = !capitalized(&first[0]) && capitalized(&second[0]);
            // A phrase repeated mid-sentence may head the next item of a
            // list ("before an official's name, an official's name spelled
            // …"): only a repeated opening or a restart is read as a slip.
            let after_comma = text[words[j + n - 1].range().end..]
                .trim_start()
                .starts_with([',', ';']);
            let slip = restart || words[i].sentence_start || after_comma;
            if n > 1 && !slip {
                continue;
            }
            let single = n == 1
                && (first[0].chars().count() == 1
                    || data().allow.has(doc, &words[i])
                    || first[0].starts_with(|c: char| c.is_ascii_digit())
                    || !(restart || opening || data().doubled.has(doc, &words[i])));
            if name || single {
                continue;
            }
            // A speaker's repeat in a direct quotation is the speaker's
            // ("“The, the president said no,” she recalled").
            if doc.in_quotation(words[i].range().start) {
                continue;
            }
            let phrase = second.join(" ");
            let range = words[i].range().start..words[j + n - 1].range().end;
            out.emit(
                range,
                format!("“{phrase}” written twice"),
                vec![Fix::suggestion(
                    format!("Delete the second “{phrase}”"),
                    vec![Edit::delete(
                        words[j - 1].range().end..words[j + n - 1].range().end,
                    )],
                )],
            );
            done = j + n;
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_a_phrase_repeated_across_a_comma() {
        each_flagged_once(
            "repeated-word-punctuated",
            &[
                "In fact, In fact, the talks failed.",
                "The talks, in fact, In fact failed.",
                "The, the delegates left early.",
                "Officials said that, that the vote was fair.",
                "On Monday, on Monday the court ruled.",
                "Meanwhile, meanwhile, the court ruled.",
                "At the same time, at the same time, prices rose.",
                "Meanwhile, Meanwhile, prices kept rising.",
                "However, However, the talks went on.",
                "Still, Still, the vote passed.",
            ],
        );
        assert_eq!(
            fixed(
                "repeated-word-punctuated",
                "In fact, in fact, the talks failed."
            ),
            "In fact, the talks failed."
        );
    }

    #[test]
    fn quiet_on_emphasis_names_numbers_and_lists() {
        all_quiet(
            "repeated-word-punctuated",
            &[
                "It was a very, very close vote.",
                "“No, no, no,” she said.",
                "He moved to New York, New York, in 2010.",
                "The vote was 5, 5 and 3.",
                "Plan A, A and B.",
                "They came from Seoul, Tokyo and Beijing.",
                "“Go, go, go!” the crowd shouted.",
                "In fact, the talks failed. In fact they never began.",
                "It hurt poor communities, communities of color and farmers.",
                "Communities, communities of color and farmers were hurt.",
                "Look at you, you already know the answer.",
                "All there is, is hope.",
                "“The, the president said no,” she recalled.",
                "It names an official's name, an official's name spelled wrong.",
                "Sydney, Sydney, is where she grew up.",
                "Walla Walla, Walla Walla, is her town.",
                "He lives in New York, New York, and works there.",
            ],
        );
    }
}
