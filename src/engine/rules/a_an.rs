//! "a" before a vowel sound and "an" before a consonant sound.

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Rule, word_classes};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::fold::fold;
use crate::engine::scan::match_case;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "a-an",
    default_level: Level::On(Severity::Warning),
    summary: "“a” before a vowel sound or “an” before a consonant sound (“a officer”, “an university”)",
    explanation: "The article follows the sound of the next word, not its letter: “an officer”, \
“an hour”, “an 8-year-old”, but “a university”, “a one-time”, “a European”. Abbreviations in \
capitals follow the name of their first letter when they are read letter by letter (“an FBI \
agent”, “a U.S. official”); those read as a word (“a NATO summit”) are left alone, as the \
spelling cannot tell. The fix is a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sounds {
    either_prefixes: Prefixes,
    vowel_sound_consonant_prefixes: Prefixes,
    vowel_sound_prefixes: Prefixes,
    consonant_sound_prefixes: Prefixes,
    initialisms: Vec<String>,
}

/// A list of prefixes with the set of their first bytes: a word is
/// compared only with a list that has a prefix beginning as it does.
struct Prefixes {
    list: Vec<String>,
    /// The ASCII first bytes; a prefix that begins otherwise sets them all.
    initials: u128,
}

impl<'de> Deserialize<'de> for Prefixes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Prefixes, D::Error> {
        let list = Vec::<String>::deserialize(deserializer)?;
        let initials = list.iter().fold(0u128, |set, p| match p.bytes().next() {
            Some(b) if b < 128 => set | 1 << b,
            Some(_) => u128::MAX,
            None => set,
        });
        Ok(Prefixes { list, initials })
    }
}

impl Prefixes {
    /// Whether a word whose folded first byte is `initial` may begin with one.
    fn may_begin(&self, initial: u8) -> bool {
        initial >= 128 || self.initials & 1 << initial != 0
    }
}

fn sounds() -> &'static Sounds {
    static SOUNDS: OnceLock<Sounds> = OnceLock::new();
    SOUNDS.get_or_init(|| {
        toml::from_str(include_str!("../../../data/articles.toml"))
            .expect("data/articles.toml is valid")
    })
}

/// Letters whose names start with a vowel sound: "an F", "an M", "an X".
fn letter_name_takes_an(letter: char) -> bool {
    "AEFHILMNORSXaefhilmnorsx".contains(letter)
}

/// Whether `word` takes "an"; `None` when the spelling cannot tell.
/// `dotted` is set when the word is a single letter followed by a period
/// ("U.S.", "F.B.I."), which is read by its letter name.
fn takes_an(word: &str, dotted: bool) -> Option<bool> {
    let sounds = sounds();
    let first = word.chars().next()?;
    if first.is_ascii_digit() {
        let digits: String = word
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        let eleven_or_eighteen = digits.starts_with("11") || digits.starts_with("18");
        // "1856" is read "eighteen fifty-six" as a year and "one thousand
        // eight hundred fifty-six" as a count: only a comma ("1,856") tells.
        if eleven_or_eighteen && digits.len() == 4 && !word.contains(',') {
            return None;
        }
        return Some(
            digits.starts_with('8') || (eleven_or_eighteen && matches!(digits.len(), 2 | 5 | 8)),
        );
    }
    // Byte by byte for ASCII words (nearly all), which counts the same.
    let (letters, capitals) = if word.is_ascii() {
        let bytes = word.as_bytes();
        (
            bytes.iter().filter(|b| b.is_ascii_alphabetic()).count(),
            bytes.iter().filter(|b| b.is_ascii_uppercase()).count(),
        )
    } else {
        (
            word.chars().filter(|c| c.is_alphabetic()).count(),
            word.chars().filter(|c| c.is_uppercase()).count(),
        )
    };
    if letters == 1 {
        return dotted.then(|| letter_name_takes_an(first));
    }
    if capitals >= 2 {
        // Read letter by letter only when we know it is; else stay quiet.
        let stem = word
            .split(['-', '\'', '’'])
            .next()
            .unwrap_or(word)
            .trim_end_matches('s');
        return sounds
            .initialisms
            .iter()
            .any(|i| i == stem)
            .then(|| letter_name_takes_an(first));
    }
    if word.chars().nth(1) == Some('-') {
        return None;
    }
    // The word folded; an ASCII word is folded as it is read, not copied.
    let folded = if word.is_ascii() {
        None
    } else {
        Some(fold(word))
    };
    let lower = folded.as_deref().unwrap_or(word);
    let begins = |p: &str| match folded {
        Some(_) => lower.starts_with(p),
        None => {
            lower.len() >= p.len()
                && lower
                    .bytes()
                    .zip(p.bytes())
                    .all(|(a, b)| a.to_ascii_lowercase() == b)
        }
    };
    let initial = lower.as_bytes()[0].to_ascii_lowercase();
    let starts = |prefixes: &Prefixes| {
        prefixes.may_begin(initial) && prefixes.list.iter().any(|p| begins(p))
    };
    if starts(&sounds.either_prefixes) {
        return None;
    }
    if starts(&sounds.vowel_sound_consonant_prefixes) {
        return Some(true);
    }
    if !matches!(initial, b'a' | b'e' | b'i' | b'o' | b'u') {
        return Some(false);
    }
    Some(starts(&sounds.vowel_sound_prefixes) || !starts(&sounds.consonant_sound_prefixes))
}

/// The words this rule starts from (`word_classes::A_AN`).
pub(super) fn trigger_words() -> Vec<&'static str> {
    vec!["a", "an"]
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    // The block's "a" and "an", found by their hashes with the other
    // rules' words: no other word is visited.
    let classes = word_classes::of(ctx);
    for i in classes.words(word_classes::A_AN) {
        let (Some(article), Some(next)) = (doc.words.get(i), doc.words.get(i + 1)) else {
            continue;
        };
        let written = doc.word(article);
        let is_an = match written {
            "a" | "A" => false,
            "an" | "An" | "AN" => true,
            _ => continue,
        };
        // "Plan A officials": a capital A that does not start a sentence is a letter.
        if written == "A" && !article.sentence_start {
            continue;
        }
        if !next.joined {
            continue;
        }
        let following = doc.word(next);
        let dotted = doc.text[next.range().end..].starts_with('.');
        let Some(wants_an) = takes_an(following, dotted) else {
            continue;
        };
        if wants_an == is_an {
            continue;
        }
        let replacement = match_case(written, if wants_an { "an" } else { "a" });
        out.emit(
            article.range().start..next.range().end,
            format!("Use “{replacement}” before “{following}”"),
            vec![Fix::replace(article.range(), &replacement, false)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_the_wrong_article() {
        assert_eq!(
            flagged("a-an", "a officer and an university"),
            ["a officer", "an university"]
        );
        assert_eq!(
            fixed("a-an", "A officer waited a hour for an one-time payment"),
            "An officer waited an hour for a one-time payment"
        );
        assert_eq!(
            fixed(
                "a-an",
                "a 8-year-old and a 11-member panel and an 5-year plan"
            ),
            "an 8-year-old and an 11-member panel and a 5-year plan"
        );
        assert_eq!(
            fixed("a-an", "an European and a honest man"),
            "a European and an honest man"
        );
        assert_eq!(
            fixed("a-an", "A FBI agent met an U.S. official and a MP"),
            "An FBI agent met a U.S. official and an MP"
        );
    }

    #[test]
    fn quiet_on_correct_articles_and_abbreviations() {
        for text in [
            "a university and an hour and a one-time deal",
            "an 8-year-old, an 18-year-old, a 1,000-man unit, an 80-year-old",
            "an FBI agent and a NATO summit and a U.S. official and an NGO and a CIA officer",
            "an F.B.I. agent and a UN envoy and an MP's aide",
            "an honor, a hotel, an uninformed voter, a unanimous vote, an utter failure",
            "a European, an Iraqi, a Ukrainian, a useful, an unusual",
            "Plan A officials",
            "a B grade",
            "a.m. on Monday",
            "an X-ray",
            "a usage, a user, a eulogy, a one-time fee, an honor, an heir, an MBA, a UFO",
            "a ROK officer and an ROK officer, a SAT score and an SAT score",
            "an herb garden and a herb garden, an homage and a homage",
            "a historic day and an historic day, a hotel and an hotel",
            "an 1856 law and a 1,856-mile trip and a 1,100-page report and an 1100 deadline",
            "a Uighur, a Ukrainian, a U-turn, a U.N. envoy, an Uber driver",
            "an hourly wage, an honorary degree, a honeymoon, a Honduran",
            "a euro, a Eurasian, a ewe, an only child, a once-great city",
        ] {
            assert!(
                flagged("a-an", text).is_empty(),
                "{text}: {:?}",
                flagged("a-an", text)
            );
        }
    }
}
