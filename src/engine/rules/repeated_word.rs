//! A word or a phrase of up to four words written twice in a row.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::fold::fold_eq;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "repeated-word",
    default_level: Level::On(Severity::Warning),
    summary: "A word or phrase written twice in a row (“the the”, “Victor Cha Victor Cha”)",
    explanation: "A word or a phrase of up to four words is written twice in a row, with only \
spaces or a line break between the copies. This is the commonest slip of editing on screen: a \
name pasted twice, or a phrase left behind when a sentence was rewritten.\n\n\
Legitimate doubles (“had had”, “that that”, place names such as “Walla Walla”) and idioms that \
run into their own preposition (“searched door to door to find him”) are not flagged; a newsroom \
can add its own through `[data] accept`. The fix removes the extra copy. It is applied \
automatically only where no reading makes the double right: a word that may end one clause and \
start the next (“the house he lived in in Seoul”, “the reason it is is”), a word of emphasis \
(“a long long time”) and a repeated “word + preposition” are suggestions for a person to confirm. \
A copula after a clause that is the sentence's subject, opened by a wh-word or “all” (“What the \
storm is is a warning”, “All it is is a delay”), is right and not flagged (`data/repetition.toml`). A single \
capitalized word written twice is taken for a name (“Abdullah Abdullah”) and not flagged, unless \
it is a common word (“The The”).",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

const MAX_PHRASE: usize = 4;

/// `data/repetition.toml`, folded to lower case.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Repetition {
    allow: FxHashSet<String>,
    idioms: FxHashSet<String>,
    maybe: FxHashSet<String>,
    capitalized_slips: FxHashSet<String>,
    idiom_prepositions: FxHashSet<String>,
    copulas: FxHashSet<String>,
    clause_openers: FxHashSet<String>,
}

fn repetition() -> &'static Repetition {
    static DATA: OnceLock<Repetition> = OnceLock::new();
    DATA.get_or_init(|| {
        let lower = |set: FxHashSet<String>| set.into_iter().map(|s| s.to_lowercase()).collect();
        let raw: Repetition = toml::from_str(include_str!("../../../data/repetition.toml"))
            .expect("data/repetition.toml is valid");
        Repetition {
            allow: lower(raw.allow),
            idioms: lower(raw.idioms),
            maybe: lower(raw.maybe),
            capitalized_slips: lower(raw.capitalized_slips),
            idiom_prepositions: lower(raw.idiom_prepositions),
            copulas: lower(raw.copulas),
            clause_openers: lower(raw.clause_openers),
        }
    })
}

/// What to do with a repeat, from its words alone.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Correct copy: say nothing.
    Quiet,
    /// Probably a slip, but a reading exists in which the double is right.
    Suggest,
    /// No reading makes the double right: the fix may be applied unattended.
    Safe,
}

/// Judges a phrase written twice from its words as they appear in the first
/// and the second copy. Safe is the exception that has to be earned.
fn verdict(first: &[&str], second: &[&str]) -> Verdict {
    let data = repetition();
    let lower: Vec<String> = first.iter().map(|w| w.to_lowercase()).collect();
    let phrase = lower.join(" ");
    if data.allow.contains(&format!("{phrase} {phrase}")) {
        return Verdict::Quiet;
    }
    if first.iter().all(|w| {
        w.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    }) {
        return Verdict::Quiet;
    }
    let capitalized = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    match lower.as_slice() {
        // "door to door to find him": the idiom, then a new phrase.
        [word, preposition]
            if data
                .idioms
                .contains(&format!("{word} {preposition} {word}")) =>
        {
            Verdict::Quiet
        }
        [_, preposition] if data.idiom_prepositions.contains(preposition) => Verdict::Suggest,
        // "Abdullah Abdullah", "Mohamed Mohamed": a name may be doubled.
        [word] if first.iter().all(capitalized) && second.iter().all(capitalized) => {
            if data.capitalized_slips.contains(word) {
                Verdict::Suggest
            } else {
                Verdict::Quiet
            }
        }
        [word] if data.maybe.contains(word) => Verdict::Suggest,
        _ => Verdict::Safe,
    }
}

/// The first word from `from` on that has an equal (by key) among the
/// next `MAX_PHRASE` words, or that has fewer than `MAX_PHRASE` words
/// after it. Most words have no equal among the next four: a loop of its
/// own over the keys alone, one test a word that does not branch on each
/// of the four.
fn next_candidate(words: &[Word], from: usize) -> usize {
    words[from..]
        .windows(MAX_PHRASE + 1)
        .position(|window| {
            let window: &[Word; MAX_PHRASE + 1] = window.try_into().expect("a window's length");
            let key = window[0].key;
            window[1..]
                .iter()
                .fold(false, |any, w| any | (w.key == key))
        })
        .map_or(from.max(words.len().saturating_sub(MAX_PHRASE)), |at| {
            from + at
        })
}

/// Whether the copula at word `i`, written twice, follows a clause that is
/// its sentence's subject: a wh-word or "all", at least one word, then the
/// pair, within eight words and with no mark between ("What the storm is
/// is a warning", "All it is is a delay"; not "What is is the problem?").
fn after_a_clause_subject(doc: &crate::engine::Document<'_>, i: usize) -> bool {
    let data = repetition();
    let words = &doc.words;
    if !data.copulas.contains(&doc.word(&words[i]).to_lowercase()) {
        return false;
    }
    let mut j = i;
    while j > 0 && i - j < 8 && words[j].joined && !words[j].sentence_start {
        j -= 1;
        if data
            .clause_openers
            .contains(&doc.word(&words[j]).to_lowercase())
        {
            return j + 1 < i;
        }
    }
    false
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let words = &doc.words;
    // Copies `n` words apart: hashes first, for every word, and the text only
    // when all of them agree.
    let copies_at = |i: usize, n: usize, copy: usize| -> bool {
        (0..n).all(|k| words[i + k].key == words[i + copy * n + k].key)
            && (0..n).all(|k| fold_eq(doc.word(&words[i + k]), doc.word(&words[i + copy * n + k])))
    };
    let mut i = 0;
    while i < words.len() {
        i = next_candidate(words, i);
        if i >= words.len() {
            break;
        }
        let mut found = None;
        for n in 1..=MAX_PHRASE {
            let end = i + 2 * n;
            if end > words.len() {
                break;
            }
            if words[i].key != words[i + n].key {
                continue;
            }
            // Every word after the first is separated from its neighbour by
            // whitespace alone: punctuation means a new clause.
            if !words[i + 1..end].iter().all(|w| w.joined) {
                continue;
            }
            if copies_at(i, n, 1) {
                found = Some(n);
                break;
            }
        }
        let Some(n) = found else {
            i += 1;
            continue;
        };
        // Count further copies: "the the the" is one finding.
        let mut copies = 2;
        while i + (copies + 1) * n <= words.len()
            && words[i + copies * n..i + (copies + 1) * n]
                .iter()
                .all(|w| w.joined)
            && copies_at(i, n, copies)
        {
            copies += 1;
        }
        let first_end = words[i + n - 1].range().end;
        let last_end = words[i + copies * n - 1].range().end;
        let span = words[i].range().start..last_end;
        let first: Vec<&str> = words[i..i + n].iter().map(|w| doc.word(w)).collect();
        let second: Vec<&str> = words[i + n..i + 2 * n]
            .iter()
            .map(|w| doc.word(w))
            .collect();
        // A known name that repeats its own words is that name.
        let inside_a_name = ctx
            .mentions
            .iter()
            .any(|m| m.range.start <= span.start && span.end <= m.range.end);
        let verdict = if inside_a_name || (n == 1 && after_a_clause_subject(doc, i)) {
            Verdict::Quiet
        } else {
            verdict(&first, &second)
        };
        if verdict != Verdict::Quiet {
            let phrase = &doc.text[span.start..first_end];
            let shown = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            let title = format!("Remove the repeated “{shown}”");
            let edits = vec![Edit::delete(first_end..last_end)];
            let fix = if verdict == Verdict::Safe {
                Fix::safe(title, edits)
            } else {
                Fix::suggestion(title, edits)
            };
            out.emit(span, format!("“{shown}” is repeated"), vec![fix]);
        }
        i += copies * n;
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_words_and_phrases_written_twice() {
        assert_eq!(
            flagged("repeated-word", "He met the the minister."),
            ["the the"]
        );
        assert_eq!(
            flagged(
                "repeated-word",
                "She met with Victor Cha Victor Cha who holds the chair."
            ),
            ["Victor Cha Victor Cha"]
        );
        assert_eq!(
            flagged("repeated-word", "talks in the\nin the capital"),
            ["in the\nin the"]
        );
        assert_eq!(flagged("repeated-word", "The the talks"), ["The the"]);
        assert_eq!(
            flagged("repeated-word", "a b c d a b c d"),
            ["a b c d a b c d"]
        );
    }

    #[test]
    fn quiet_on_legitimate_doubles_and_punctuated_repeats() {
        for text in [
            "He had had enough.",
            "She said that that was final.",
            "They flew to Walla Walla on Friday.",
            "It was very, very cold.",
            "No, no, he said.",
            "The vote was 10 10 in committee.",
            "He ended. He began again.",
            "Victor Cha, Victor Cha's colleague",
            "Boutros Boutros-Ghali spoke.",
            "동아일보 동아일보 reporter",
            "see https://x.org/a https://x.org/a now",
        ] {
            assert!(flagged("repeated-word", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn inside_a_quotation_the_fix_is_only_a_suggestion() {
        use crate::engine::{Format, Settings, check};
        let text = "Talks\n\n“We will go to the the market,” he said. Then the the rest.";
        let findings = check(text, Format::Plain, &Settings::default());
        let safe: Vec<bool> = findings
            .iter()
            .filter(|f| f.rule == "repeated-word")
            .map(|f| f.safe_fix().is_some())
            .collect();
        assert_eq!(safe, [false, true]);
    }

    fn safety(text: &str, settings: &crate::engine::Settings) -> Vec<(String, bool)> {
        use crate::engine::{Format, check};
        let mut settings = settings.clone();
        settings.levels.clear();
        check(text, Format::Plain, &settings)
            .into_iter()
            .filter(|f| f.rule == "repeated-word")
            .map(|f| (text[f.range.clone()].to_string(), f.safe_fix().is_some()))
            .collect()
    }

    #[test]
    fn a_copula_after_a_clause_subject_is_not_flagged() {
        for text in [
            "What the storm is is a warning.",
            "All it is is a delay, officials said.",
            "Where it went is is unclear.",
            "How big the deficit is is still unknown.",
            "He said what they were were mistakes.",
            "The question of what it is is settled.",
            "Whatever the cause was was never found.",
            "“What it is is a test,” he said, and what 2 of them were were errors.",
        ] {
            assert_eq!(
                flagged("repeated-word", text)
                    .into_iter()
                    .filter(|f| f.contains("is is") || f.contains("were were"))
                    .count(),
                0,
                "{text}"
            );
        }
        // No clause before the pair, or no word in it: a slip.
        for text in [
            "The storm is is a warning.",
            "What is is the problem?",
            "It is is a delay.",
            "All is is well.",
            "The reason, what it is, is is unclear.",
            "The plans were were changed.",
        ] {
            assert_eq!(flagged("repeated-word", text).len(), 1, "{text}");
        }
    }

    #[test]
    fn a_double_that_some_reading_makes_right_is_only_a_suggestion() {
        let settings = crate::engine::Settings::default();
        for (text, span, safe) in [
            ("Head\n\nThe reason it is is a test.", "is is", false),
            ("Head\n\nThe house he lived in in Seoul.", "in in", false),
            ("Head\n\nI told you you were wrong.", "you you", false),
            ("Head\n\nA long long time ago.", "long long", false),
            ("Head\n\nThe The talks ended.", "The The", false),
            (
                "Head\n\nHe went to went to the market.",
                "went to went to",
                false,
            ),
            (
                "Head\n\nThey went to the to the market.",
                "to the to the",
                true,
            ),
        ] {
            assert_eq!(
                safety(text, &settings),
                [(span.to_string(), safe)],
                "{text}"
            );
        }
    }

    #[test]
    fn an_idiom_running_into_its_preposition_or_a_doubled_name_is_not_flagged() {
        for text in [
            "He met Dr. Abdullah Abdullah on Monday.",
            "Mohamed Mohamed won. Ban Ban is a village.",
            "Police searched door to door to find him.",
            "Prices rose year by year by 3 percent.",
            "Day after day after day it rained.",
        ] {
            assert!(flagged("repeated-word", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_known_name_made_of_a_doubled_word_is_not_flagged() {
        use crate::names::NameIndex;
        use crate::names::person::parse;
        let people = parse(
            "desk.toml",
            "[[person]]\nname = \"Abdullah Abdullah\"\ntitle = \"Chief Executive\"\n",
        )
        .unwrap();
        let settings = crate::engine::Settings {
            names: std::sync::Arc::new(NameIndex::new(people)),
            ..crate::engine::Settings::default()
        };
        assert!(safety("Head\n\nHe met Abdullah Abdullah today.", &settings).is_empty());
        assert_eq!(
            safety("Head\n\nHe met Victor Cha Victor Cha today.", &settings),
            [("Victor Cha Victor Cha".to_string(), true)]
        );
    }

    #[test]
    fn fix_removes_every_extra_copy() {
        assert_eq!(fixed("repeated-word", "the the the talks"), "the talks");
        assert_eq!(
            fixed("repeated-word", "met Victor Cha\nVictor Cha today"),
            "met Victor Cha today"
        );
    }
}
