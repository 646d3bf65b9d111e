//! An attribution verb written on both sides of the speaker ("said Kerry said").

use super::{Rule, word_classes};
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "doubled-attribution",
    default_level: Level::On(Severity::Warning),
    summary: "An attribution verb on both sides of the speaker (“said Kerry said”)",
    explanation: "The attribution verb appears both before and after the speaker, a leftover \
of rewriting “Kerry said” as “said Kerry”. It is flagged after a quotation or comma, or when the \
second verb closes the clause, so that reported speech (“Obama said Kerry said nothing”) is left \
alone. The fix removes the second verb; it is a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

const VERBS: [&str; 5] = ["said", "says", "told", "added", "asked"];
const MAX_SPEAKER_WORDS: usize = 4;

/// The words this rule starts from (`word_classes::ATTRIBUTION`).
pub(super) fn trigger_words() -> Vec<&'static str> {
    VERBS.to_vec()
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    let words = &doc.words;
    for i in word_classes::of(ctx).words(word_classes::ATTRIBUTION) {
        let word = &words[i];
        let verb = doc.word(word);
        if !VERBS.contains(&verb) {
            continue;
        }
        for j in i + 2..=(i + 1 + MAX_SPEAKER_WORDS).min(words.len().saturating_sub(1)) {
            if !words[i + 1..=j].iter().all(|w| w.joined) {
                break;
            }
            if doc.word(&words[j]) != verb {
                continue;
            }
            let speaker = &words[i + 1..j];
            let first = doc.word(&speaker[0]);
            let name_like = speaker
                .iter()
                .all(|w| doc.word(w).starts_with(|c: char| c.is_uppercase()));
            let role_like = matches!(first, "the" | "a" | "an" | "his" | "her" | "their");
            if !(name_like || role_like) {
                break;
            }
            let paragraph_start = doc.paragraphs[word.paragraph()].start;
            let before = text[paragraph_start..word.range().start].trim_end();
            let after_quote_or_comma = before.ends_with([',', '”', '"', '’', '\'', '?', '!']);
            let clause_closes =
                text[words[j].range().end..].starts_with(['.', ',', ';', ':', '\n']);
            if after_quote_or_comma || clause_closes {
                let range = word.range().start..words[j].range().end;
                let cut = words[j - 1].range().end..words[j].range().end;
                out.emit(
                    range,
                    format!("“{verb}” appears on both sides of the speaker"),
                    vec![Fix::suggestion(
                        format!("Remove the second “{verb}”"),
                        vec![Edit::delete(cut)],
                    )],
                );
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_doubled_attribution() {
        assert_eq!(
            flagged("doubled-attribution", "“We will go,” said Kerry said."),
            ["said Kerry said"]
        );
        assert_eq!(
            fixed("doubled-attribution", "“No,” said the spokeswoman said."),
            "“No,” said the spokeswoman."
        );
        assert_eq!(
            flagged(
                "doubled-attribution",
                "The talks failed, says Ahmed Ali says."
            ),
            ["says Ahmed Ali says"]
        );
    }

    #[test]
    fn quiet_on_reported_speech() {
        for text in [
            "Obama said Kerry said nothing about it.",
            "He said the minister said the talks failed.",
            "“Go,” said Kerry, who said little else.",
        ] {
            assert!(flagged("doubled-attribution", text).is_empty(), "{text}");
        }
    }
}
