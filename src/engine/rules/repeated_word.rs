//! A word or a phrase of up to four words written twice in a row.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::fold::fold_eq;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "repeated-word",
    default_level: Level::On(Severity::Warning),
    summary: "A word or phrase written twice in a row (“the the”, “Victor Cha Victor Cha”)",
    explanation: "A word or a phrase of up to four words is written twice in a row, with only \
spaces or a line break between the copies. This is the commonest slip of editing on screen: a \
name pasted twice, or a phrase left behind when a sentence was rewritten.\n\n\
Legitimate doubles (“had had”, “that that”, place names such as “Walla Walla”) are allowed; a \
newsroom can add its own through `[data] accept`. The fix removes the second copy and is safe.",
    uses_lexicon: false,
    check: Some(check),
    check_document: None,
};

const MAX_PHRASE: usize = 4;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    allow: Vec<String>,
}

fn allowed() -> &'static FxHashSet<String> {
    static ALLOWED: OnceLock<FxHashSet<String>> = OnceLock::new();
    ALLOWED.get_or_init(|| {
        let file: AllowFile = toml::from_str(include_str!("../../../data/repetition.toml"))
            .expect("data/repetition.toml is valid");
        file.allow.into_iter().map(|s| s.to_lowercase()).collect()
    })
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
        // Most words have no equal among the next four: settle that with
        // one test that does not branch on each of them.
        if let Some(next) = words.get(i + 1..i + 1 + MAX_PHRASE) {
            let key = words[i].key;
            let any = next.iter().fold(false, |any, w| any | (w.key == key));
            if !any {
                i += 1;
                continue;
            }
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
        let phrase = &doc.text[words[i].range().start..first_end];
        let normalized = phrase
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let is_number = phrase
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
        if !allowed().contains(&format!("{normalized} {normalized}")) && !is_number {
            let shown = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            out.emit(
                words[i].range().start..last_end,
                format!("“{shown}” is repeated"),
                vec![Fix::safe(
                    format!("Remove the repeated “{shown}”"),
                    vec![Edit::delete(first_end..last_end)],
                )],
            );
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

    #[test]
    fn fix_removes_every_extra_copy() {
        assert_eq!(fixed("repeated-word", "the the the talks"), "the talks");
        assert_eq!(
            fixed("repeated-word", "met Victor Cha\nVictor Cha today"),
            "met Victor Cha today"
        );
    }
}
