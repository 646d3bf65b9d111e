//! A sentence that starts in lowercase after a full stop: "The talks ended.
//! the delegates left."

use serde::Deserialize;

use super::Rule;
use super::dictionary::class_of;
use super::word_set::{WordSet, plain_lowercase};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::words::ABBREVIATIONS;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "lowercase-sentence",
    default_level: Level::On(Severity::Warning),
    summary: "A sentence that starts in lowercase after a full stop (“ended. the delegates”)",
    explanation: "After a full stop and a space, a new sentence starts with a capital. The full \
stop of an abbreviation does not end a sentence (“3 p.m. on Monday”, “Kim et al. said”, “the \
U.S. military”, “etc. and”: `data/words.toml` and `data/lowercase-sentence.toml`), nor does an \
ellipsis, a mark inside a quotation (““We go.” he said” is a comma's slip, not this one), a \
number in a numbered list (“1. the first”), or a full stop after a closing bracket. Words \
written lowercase on purpose (“iPhone”, “de Klerk”, “al-Assad”), the names of people who write \
them in lowercase (“bell hooks”, “danah boyd”, “k.d. lang”: `lowercase_names`) and words that \
are not common English words (a name written in lowercase, or a typo for `spelling`) are left \
alone. The fix \
capitalizes the word and is a suggestion: an abbreviation the lists lack may be the reason.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    abbreviations: Vec<String>,
    lowercase_starts: WordSet,
    lowercase_names: Vec<String>,
}

rule_data!(Data, "lowercase-sentence.toml");

/// The abbreviations of the rule's data and those of `data/words.toml`.
fn abbreviations() -> &'static WordSet {
    static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        WordSet::new(
            data()
                .abbreviations
                .iter()
                .map(String::as_str)
                .chain(ABBREVIATIONS.iter().copied()),
        )
    })
}

/// The rarest class (SCOWL size 50) of a word read as a slip here.
const COMMON: u8 = 5;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    let bytes = text.as_bytes();
    let words = &doc.words;
    // From each full stop (listed once by `Document`) to the word after it:
    // the text is read at the marks only, not at every word.
    let mut w = 0;
    for &at in &doc.punctuation {
        let at = at as usize;
        if bytes[at] != b'.' {
            continue;
        }
        while w < words.len() && words[w].range().start <= at {
            w += 1;
        }
        let (Some(prev), Some(word)) = (w.checked_sub(1).map(|p| &words[p]), words.get(w)) else {
            continue;
        };
        let start = word.range().start;
        // A lowercase letter, after ". " ending the previous word in the paragraph.
        if prev.range().end != at
            || !bytes[start].is_ascii_lowercase()
            || prev.paragraph != word.paragraph
        {
            continue;
        }
        let gap = &text[prev.range().end + 1..start];
        if gap.is_empty() || !gap.bytes().all(|b| b == b' ' || b == b'\n' || b == b'\r') {
            continue;
        }
        let written = doc.word(word);
        let before = doc.word(prev);
        // An abbreviation or an initial ("p.m.", "U.S.", "etc."), a number in
        // a numbered list, a word glued to a dot before it ("e.g", "www.x").
        let glued_dot = prev.range().start > 0 && bytes[prev.range().start - 1] == b'.';
        // A path or an identifier ("idle_test/README", "config.toml").
        let after = &text[word.range().end..];
        let code = after.starts_with(['_', '/', '\\', '@', '=', '<', '{', '|', '*', '+', '$', '#'])
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_alphanumeric()));
        let abbreviation = code
            || before.contains('.')
            || before.chars().count() == 1
            || glued_dot
            || abbreviations().has(doc, prev)
            || (before.bytes().all(|b| b.is_ascii_digit())
                && starts_line(text, prev.range().start));
        // A common English word: a rare or unknown one may be a name written
        // in lowercase on purpose ("alex", "ropey 1.6") or a typo, which is
        // `spelling`'s.
        let stem = written.split(['\'', '’']).next().unwrap_or(written);
        let common = stem
            .split('-')
            .all(|part| class_of(part).is_some_and(|c| c <= COMMON));
        if abbreviation
            || !common
            || !plain_lowercase(written)
            || data().lowercase_starts.has(doc, word)
            || written.contains('-')
                && data()
                    .lowercase_starts
                    .contains(written.split('-').next().unwrap_or(""))
            || doc.in_quotation(prev.range().end)
            || lowercase_name_at(text, start)
        {
            continue;
        }
        let mut capital = written.to_string();
        capital[..1].make_ascii_uppercase();
        out.emit(
            word.range(),
            format!("A sentence starts with a capital: “{capital}”"),
            vec![Fix::replace(word.range(), &capital, false)],
        );
    }
}

/// Whether a name its bearer writes in lowercase starts at `at`: "bell
/// hooks", "danah boyd", "k.d. lang", followed by no further letter.
fn lowercase_name_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    data().lowercase_names.iter().any(|name| {
        rest.starts_with(name.as_str())
            && !rest[name.len()..].starts_with(|c: char| c.is_alphanumeric())
    })
}

/// Whether `range` of `text` is a word of a name its bearer writes in
/// lowercase ("boyd" in "danah boyd"): `spelling` leaves it alone.
pub fn in_lowercase_name(text: &str, range: &std::ops::Range<usize>) -> bool {
    let word = &text[range.clone()];
    data().lowercase_names.iter().any(|name| {
        name.match_indices(word).any(|(offset, _)| {
            range
                .start
                .checked_sub(offset)
                .filter(|&start| text.is_char_boundary(start))
                .is_some_and(|start| {
                    (start == 0 || !text[..start].ends_with(char::is_alphanumeric))
                        && lowercase_name_at(text, start)
                })
        })
    })
}

/// Whether only spaces stand between the start of its line and `at`.
fn starts_line(text: &str, at: usize) -> bool {
    text[..at]
        .bytes()
        .rev()
        .take_while(|&b| b != b'\n' && b != b'\r')
        .all(|b| b == b' ' || b == b'\t')
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_a_lowercase_sentence_start() {
        each_flagged_once(
            "lowercase-sentence",
            &[
                "The talks ended. the delegates left.",
                "Prices rose in 2021. they fell a year later.",
                "He resigned on Monday. his deputy took over.",
                "The vote was close.  critics called it unfair.",
                "It rained.\nthe match went on.",
                "Seoul agreed. officials in Tokyo did not.",
            ],
        );
        assert_eq!(
            fixed("lowercase-sentence", "It ended. the end."),
            "It ended. The end."
        );
    }

    #[test]
    fn quiet_after_abbreviations_ellipses_quotes_and_lists() {
        all_quiet(
            "lowercase-sentence",
            &[
                "The meeting starts at 3 p.m. on Monday.",
                "Kim et al. said the data were sound.",
                "Apples, pears, etc. are on sale.",
                "The U.S. military said so.",
                "He paused... and then went on.",
                "He paused. . . and then went on.",
                "“We will go.” he said.",
                "1. the first item",
                "The company sells the iPhone. iPhone sales rose.",
                "He met F. de Klerk. de Klerk agreed.",
                "Visit www.example.com. the site is free.",
                "The No. 2 official met Gen. van Dyk.",
                "Smith Corp. shares rose.",
                "The tool is new. alex covers only inclusive language.",
                "Tests pass.  idle_test/README.txt explains them.",
                "It changed after 3.6.3. and later versions.",
            ],
        );
    }

    #[test]
    fn quiet_on_a_name_written_in_lowercase() {
        all_quiet(
            "lowercase-sentence",
            &[
                "The book was reissued. bell hooks wrote it in 1981.",
                "The panel met. danah boyd spoke first.",
                "The album sold well. k.d. lang toured in May.",
                "He read a poem. e.e. cummings wrote it.",
                "The show opened. will.i.am hosted it.",
                "The essay was cited. bell hooks's readers and bell hooks' critics agreed.",
            ],
        );
        // Only the name: the same words in other copy are a sentence start.
        each_flagged_once(
            "lowercase-sentence",
            &[
                "The school rang. bell ringers came.",
                "It was late. bell time came and went.",
                "It rained. hooks and ladders were used.",
                "The choir sang. bells rang out.",
                "It ended. bell hooksy fans left.",
            ],
        );
    }
}
