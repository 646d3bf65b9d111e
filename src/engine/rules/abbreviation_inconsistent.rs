//! One abbreviation introduced with two expansions in one story: "Korean
//! Central News Agency (KCNA)" and later "Korea Central News Agency (KCNA)".

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use super::{DocumentRule, Rule, Story};
use super::{Moved, SameMoved};
use crate::engine::finding::{Level, Related, Severity};
use crate::engine::{Context, Document, Emitter};

pub static RULE: Rule = Rule {
    id: "abbreviation-inconsistent",
    default_level: Level::On(Severity::Warning),
    summary: "One abbreviation introduced with two different expansions (“(KCNA)”)",
    explanation: "An abbreviation in parentheses after its expansion — “Korean Central News Agency \
(KCNA)” — is introduced again later in the story with other words: “Korea Central News Agency \
(KCNA)”. Only expansions whose initials spell the abbreviation count (small words such as “of” \
and “and” give no letter, `data/abbreviation-inconsistent.toml`; “U.S.” gives two), and case, \
hyphens and apostrophes are not differences. Quotations are left alone. The finding points at \
the first expansion; which one is right is for a person to check, so there is no fix.",
    uses_lexicon: false,
    check: None,
    document: Some(&AbbreviationInconsistent),
};

#[derive(Deserialize)]
struct Data {
    small_words: Vec<String>,
}

rule_data!(Data, "abbreviation-inconsistent.toml");

/// Words an expansion may hold that give no letter ("of", "and" …).
pub(super) fn small_words() -> &'static [String] {
    &data().small_words
}

/// An abbreviation and the words before it that spell it; offsets relative
/// to the block.
#[derive(Clone, Debug)]
pub struct Introduced {
    abbreviation: String,
    expansion: Range<usize>,
    /// The expansion's words, lower case, without possessives; hyphens
    /// split words.
    tokens: Vec<String>,
}

struct AbbreviationInconsistent;

impl DocumentRule for AbbreviationInconsistent {
    type Summary = Vec<Introduced>;

    fn same(&self, before: &Vec<Introduced>, after: &Vec<Introduced>, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Vec<Introduced> {
        introduced(ctx)
    }

    fn check(&self, story: &Story<'_, Vec<Introduced>>, out: &mut Emitter<'_>) {
        let mut first: BTreeMap<&str, (&[String], Range<usize>)> = BTreeMap::new();
        for block in &story.blocks {
            for intro in block.summary {
                let range = block.start + intro.expansion.start..block.start + intro.expansion.end;
                let Some((key, earlier)) = first.get(intro.abbreviation.as_str()) else {
                    first.insert(&intro.abbreviation, (&intro.tokens, range));
                    continue;
                };
                // Equal tokens first: an archive story introduces the same
                // abbreviation the same way many times.
                if *key == intro.tokens.as_slice() || same_expansion(key, &intro.tokens) {
                    continue;
                }
                let there = &story.text[earlier.clone()];
                let here = &story.text[range.clone()];
                out.emit_related(
                    range,
                    format!(
                        "{} is “{here}” here but “{there}” earlier in the story",
                        intro.abbreviation
                    ),
                    vec![],
                    vec![Related {
                        range: earlier.clone(),
                        message: format!("{} first introduced here", intro.abbreviation),
                    }],
                );
            }
        }
    }
}

/// A word without its possessive and straight or curly apostrophes.
pub(super) fn bare(word: &str) -> &str {
    let word = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word);
    word.trim_end_matches(['’', '\''])
}

/// Two expansions alike but for apostrophes, or "U.S." where the other
/// has "United States".
pub(super) fn same_expansion(a: &[String], b: &[String]) -> bool {
    let plain = |w: &str| w.replace(['’', '\''], "");
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if plain(&a[i]) == plain(&b[j]) {
            (i, j) = (i + 1, j + 1);
            continue;
        }
        // Dotted initials against as many words.
        let spelled = |dotted: &str, words: &[String]| -> Option<usize> {
            let initials: String = dotted.split('.').filter(|p| !p.is_empty()).collect();
            let n = initials.len();
            (dotted.contains('.') && n > 1 && words.len() >= n)
                .then(|| {
                    words[..n]
                        .iter()
                        .filter_map(|w| w.chars().next())
                        .collect::<String>()
                })
                .filter(|got| *got == initials)
                .map(|_| n)
        };
        if let Some(n) = spelled(&a[i], &b[j..]) {
            (i, j) = (i + 1, j + n);
        } else if let Some(n) = spelled(&b[j], &a[i..]) {
            (i, j) = (i + n, j + 1);
        } else {
            return false;
        }
    }
    i == a.len() && j == b.len()
}

/// The letters a word of an expansion gives: "U.S." two, "Korean" one, a
/// small word none; `None` for a word that cannot be part of one.
pub(super) fn letters(word: &str, small: &[String]) -> Option<String> {
    if small.iter().any(|s| s.eq_ignore_ascii_case(word)) {
        return Some(String::new());
    }
    if word.contains('.') {
        let initials: String = word
            .split('.')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.chars().next())
            .collect();
        return initials
            .chars()
            .all(|c| c.is_ascii_uppercase())
            .then_some(initials);
    }
    // "High-Altitude": one letter a part.
    word.split('-')
        .map(|part| part.chars().next().filter(char::is_ascii_uppercase))
        .collect()
}

/// The abbreviation in the parentheses opened at `open` — two to ten
/// letters, at least two of them capitals, the first a capital ("KCNA",
/// "DPRK", "UNESCO", "S&P") — outside quotations.
pub(super) fn parenthesized<'a>(doc: &Document<'a>, open: usize) -> Option<&'a str> {
    let rest = &doc.text[open + 1..];
    // The text up to the closing parenthesis (or the end), looked for only
    // as far as an abbreviation runs: most parentheses hold more.
    let window = &rest.as_bytes()[..rest.len().min(11)];
    let inner = match memchr::memchr(b')', window) {
        Some(close) => &rest[..close],
        None if rest.len() <= 10 => rest,
        None => return None,
    };
    let capitals = inner.chars().filter(char::is_ascii_uppercase).count();
    ((2..=10).contains(&inner.len())
        && capitals >= 2
        && inner.chars().all(|c| c.is_ascii_alphabetic() || c == '&')
        && inner.starts_with(|c: char| c.is_ascii_uppercase())
        && !doc.in_quotation(open))
    .then_some(inner)
}

/// Every "Expansion Of Words (EOW)" in a block, outside quotations.
fn introduced(ctx: &Context<'_>) -> Vec<Introduced> {
    let doc = ctx.doc;
    let text = doc.text;
    let small = &data().small_words;
    let mut found = Vec::new();
    for open in memchr::memchr_iter(b'(', text.as_bytes()) {
        let Some(inner) = parenthesized(doc, open) else {
            continue;
        };
        let wanted: String = inner.chars().filter(char::is_ascii_uppercase).collect();
        // Walk back over the words before the parenthesis, taking letters
        // from the end of the abbreviation.
        let before = text[..open].trim_end_matches([' ', '\u{a0}']);
        if before.len() == open {
            continue;
        }
        let mut remaining = wanted.as_str();
        let mut start = before.len();
        let mut words = 0;
        while !remaining.is_empty() && words <= 12 {
            let word_start = before[..start]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let Some(given) = letters(bare(&before[word_start..start]), small) else {
                break;
            };
            let Some(rest) = remaining.strip_suffix(given.as_str()) else {
                break;
            };
            if given.is_empty() && remaining.len() == wanted.len() {
                break;
            }
            remaining = rest;
            start = word_start;
            words += 1;
            if remaining.is_empty() {
                break;
            }
            let gap = before[..start].trim_end_matches([' ', '\u{a0}', '\n']);
            if gap.len() == start || gap.is_empty() {
                break;
            }
            start = gap.len();
        }
        if !remaining.is_empty() {
            continue;
        }
        let expansion = start..before.len();
        let tokens = text[expansion.clone()]
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| bare(w).to_lowercase())
            .collect();
        found.push(Introduced {
            abbreviation: inner.to_string(),
            expansion,
            tokens,
        });
    }
    found
}

impl SameMoved for Introduced {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.abbreviation == after.abbreviation
            && self.tokens == after.tokens
            && moved.range(&self.expansion, &after.expansion)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, with_related};

    #[test]
    fn flags_a_second_expansion_and_points_at_the_first() {
        assert_eq!(
            with_related(
                "abbreviation-inconsistent",
                "The Korean Central News Agency (KCNA) said so.\n\nThe Korea Central News Agency (KCNA) said more."
            ),
            (
                "Korea Central News Agency",
                "Korean Central News Agency",
                "KCNA is “Korea Central News Agency” here but “Korean Central News Agency” earlier in the story"
                    .to_string()
            )
        );
    }

    #[test]
    fn initials_small_words_and_dotted_abbreviations() {
        each_flagged_once(
            "abbreviation-inconsistent",
            &[
                "The Democratic People's Republic of Korea (DPRK) spoke. The Democratic People's Republic for Korea (DPRK) spoke.",
                "U.S. Forces Korea (USFK) said. U.S. Force Korea (USFK) said.",
                "The United\u{a0}Nations Command (UNC) said. The United Nations Commission (UNC) said.",
                "Terminal High Altitude Area Defense (THAAD) was set. Theater High Altitude Area Defense (THAAD) was set.",
            ],
        );
    }

    #[test]
    fn quiet_on_one_expansion_written_alike_and_on_non_expansions() {
        all_quiet(
            "abbreviation-inconsistent",
            &[
                "The Korean Central News Agency (KCNA) said. North Korea's official Korean Central News Agency (KCNA) said.",
                "Terminal High-Altitude Area Defense (THAAD) was set. Terminal High Altitude Area Defense (THAAD) was set.",
                "The Democratic People’s Republic of Korea (DPRK) spoke. The Democratic People's Republic of Korea (DPRK) spoke.",
                "The agency (KCNA) said. The news service (KCNA) said.",
                "U.S. Agency for International Development (USAID) said. United States Agency for International Development (USAID) said.",
                "The Democratic People’s Republic of Korea’s (DPRK) launch. The Democratic People's Republic of Korea (DPRK) spoke.",
                "Social Science Research Council (SSRC) met. “The Social Research Council (SSRC) met,” he said.",
                "Officials met Sunday (KST). Officials met Monday (KST).",
            ],
        );
    }
}
