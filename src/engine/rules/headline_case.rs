//! The case of the headline's words, by house style (`[style] headlines`):
//! title case ("Blinken and Park Meet at the Summit") or sentence case
//! ("Blinken and Park meet at the summit").

use std::ops::Range;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::dictionary::class_of;
use super::word_set::{WordSet, capitalized, plain_lowercase};
use super::{DocumentRule, Rule, Story};
use super::{Moved, SameMoved};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::settings::HeadlineStyle;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Document, Emitter, Format};

pub static RULE: Rule = Rule {
    id: "headline-case",
    default_level: Level::On(Severity::Warning),
    summary: "A headline word in the wrong case for the house style (`[style] headlines`)",
    explanation: "Under `[style] headlines = \"title\"`, the headline's words are capitalized \
except short articles, conjunctions and prepositions (“a”, “the”, “and”, “of”, “at”, “to”, \
“for”…), which stay lowercase unless they come first or last or after a colon or dash: \
“Blinken and Park Meet at the Summit”. Words that are either a preposition or a particle (“in”, \
“on”, “up”, “Shut Down”) and longer prepositions (“With”) may be written either way.\n\n\
Under `[style] headlines = \"sentence\"` (AP), only the first word and names are capitalized: a \
capital is flagged unless the word is in a known name, is not an English word (“Biden”, \
“Seoul”), is an abbreviation (“NATO”), is a formal title before a name or the given name after one \
(“President Joe Biden”, `data/titles.toml`) or a title that is also a common noun right before \
a known name (“Secretary Antony Blinken”), is part of a name of several words that ends in a \
name's head (“Supreme Court”, “Korean Peninsula”, “Secretary of State”, `name_heads` in \
`data/headline-case.toml`), is a given name that is also a word before a capitalized word \
(“Rose Byrne”), or the story itself capitalizes it mid-sentence (“North Korea”). With the default, `\"any\"`, headlines are not checked. The fix \
changes the case and is a suggestion.",
    uses_lexicon: false,
    check: None,
    document: Some(&HeadlineCase),
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    minor: WordSet,
    either: WordSet,
    titles_before_names: WordSet,
    lowercase_names: WordSet,
    name_heads: WordSet,
    name_starts: WordSet,
    given_names: WordSet,
}

rule_data!(Data, "headline-case.toml");

struct HeadlineCase;

/// A headline word in the wrong case, block-relative. `unless_story` is the
/// word's key when the story's own capitals may excuse it (sentence case).
pub struct Pending {
    range: Range<usize>,
    message: String,
    replacement: String,
    unless_story: Option<u64>,
}

#[derive(Default)]
pub struct Summary {
    /// Keys of words capitalized mid-sentence outside title lines.
    capitalized: Vec<u64>,
    pending: Vec<Pending>,
}

impl DocumentRule for HeadlineCase {
    type Summary = Summary;

    fn same(&self, before: &Summary, after: &Summary, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Summary {
        let style = ctx.settings.headlines;
        if style == HeadlineStyle::Any {
            return Summary::default();
        }
        let doc = ctx.doc;
        let capitalized_words = if style == HeadlineStyle::Sentence {
            doc.words
                .iter()
                .filter(|w| {
                    !w.sentence_start
                        && capitalized(doc.word(w))
                        && !doc.on_title_line(w.range().start)
                })
                .map(|w| w.key)
                .collect()
        } else {
            Vec::new()
        };
        let pending = headlines(doc)
            .iter()
            .flat_map(|headline| headline_words(ctx, headline, style))
            .collect();
        Summary {
            capitalized: capitalized_words,
            pending,
        }
    }

    fn check(&self, story: &Story<'_, Summary>, out: &mut Emitter<'_>) {
        let capitalized: FxHashSet<u64> = story
            .blocks
            .iter()
            .flat_map(|b| b.summary.capitalized.iter().copied())
            .collect();
        for block in &story.blocks {
            for p in &block.summary.pending {
                if p.unless_story.is_some_and(|key| capitalized.contains(&key)) {
                    continue;
                }
                let range = block.start + p.range.start..block.start + p.range.end;
                out.emit(
                    range.clone(),
                    p.message.clone(),
                    vec![Fix::replace(range, &p.replacement, false)],
                );
            }
        }
    }
}

/// The headlines of a block: plain text's headline (the story's first
/// line), or every Markdown heading — each one, so that the findings do not
/// depend on how the text is split into blocks.
fn headlines(doc: &Document<'_>) -> Vec<Range<usize>> {
    match doc.format {
        Format::Plain => doc.headline.iter().cloned().collect(),
        Format::Markdown => doc.headings().collect(),
    }
}

/// Whether a word of the headline starts it or one of its parts (after a
/// colon, a dash, a question or exclamation mark, or an opening quotation mark).
fn starts_part(doc: &Document<'_>, words: &[Word], k: usize) -> bool {
    if k == 0 {
        return true;
    }
    let gap = &doc.text[words[k - 1].range().end..words[k].range().start];
    gap.contains([':', '—', '–', '?', '!', '“', '"', '‘', '|']) || gap.contains(" - ")
}

/// Whether a word of the headline ends it or one of its parts.
fn ends_part(doc: &Document<'_>, words: &[Word], k: usize, end: usize) -> bool {
    let next_start = words.get(k + 1).map_or(end, |w| w.range().start.min(end));
    let gap = &doc.text[words[k].range().end..next_start];
    k + 1 == words.len() || gap.contains([':', '—', '–', '?', '!', '”', '|']) || gap.contains(" - ")
}

fn headline_words(
    ctx: &Context<'_>,
    headline: &Range<usize>,
    style: HeadlineStyle,
) -> Vec<Pending> {
    let doc = ctx.doc;
    let sets = data();
    let first = doc
        .words
        .partition_point(|w| w.range().start < headline.start);
    let last = doc
        .words
        .partition_point(|w| w.range().start < headline.end);
    let words = &doc.words[first..last];
    let in_name = |w: &Word| {
        ctx.mentions
            .iter()
            .any(|m| m.range.start <= w.range().start && w.range().end <= m.range.end)
    };
    // A headline in capitals has no case to check.
    let text = &doc.text[headline.clone()];
    if !text.chars().any(char::is_lowercase) {
        return Vec::new();
    }
    let titled = titled_names(ctx, first, last);
    let named = if style == HeadlineStyle::Sentence {
        proper_names(doc, words)
    } else {
        Vec::new()
    };
    // A title that is also a common noun ("Secretary"), right before a
    // known name: AP capitalizes it there.
    let before_name = |k: usize| {
        sets.titles_before_names.has(doc, &words[k])
            && words.get(k + 1).is_some_and(|next| {
                next.joined
                    && ctx
                        .mentions
                        .iter()
                        .any(|m| m.range.start == next.range().start)
            })
    };
    let mut pending = Vec::new();
    for (k, word) in words.iter().enumerate() {
        let written = doc.word(word);
        let mixed = written.chars().skip(1).any(char::is_uppercase);
        let digits = written.chars().any(|c| c.is_ascii_digit());
        if mixed || digits || sets.lowercase_names.has(doc, word) || in_name(word) {
            continue;
        }
        let edge = starts_part(doc, words, k);
        match style {
            HeadlineStyle::Title => {
                let last = ends_part(doc, words, k, headline.end);
                if capitalized(written) && sets.minor.has(doc, word) && !edge && !last {
                    let lower = written.to_lowercase();
                    pending.push(Pending {
                        range: word.range(),
                        message: format!("In a title-case headline, “{lower}” is lowercase"),
                        replacement: lower,
                        unless_story: None,
                    });
                } else if plain_lowercase(written)
                    && (edge || last || !(sets.minor.has(doc, word) || sets.either.has(doc, word)))
                {
                    let upper = upper_first(written);
                    pending.push(Pending {
                        range: word.range(),
                        message: format!(
                            "In a title-case headline, “{written}” is capitalized: “{upper}”"
                        ),
                        replacement: upper,
                        unless_story: None,
                    });
                }
            }
            HeadlineStyle::Sentence => {
                let capitals = written.chars().filter(|c| c.is_uppercase()).count();
                if edge
                    || titled[k]
                    || named[k]
                    || before_name(k)
                    || !capitalized(written)
                    || capitals > 1
                    || written.chars().count() == 1
                {
                    continue;
                }
                // Not an English word: a name ("Biden", "Seoul").
                let stem = super::dictionary::possessive_stem(written).unwrap_or(written);
                if !stem.split('-').all(|part| class_of(part).is_some()) {
                    continue;
                }
                let lower = written.to_lowercase();
                pending.push(Pending {
                    range: word.range(),
                    message: format!(
                        "In a sentence-case headline, “{written}” is lowercase unless it is a name"
                    ),
                    replacement: lower,
                    unless_story: Some(word.key),
                });
            }
            HeadlineStyle::Any => {}
        }
    }
    pending
}

/// Which words of `first..last` are a formal title before a name, or the
/// given names and the surname after it ("President Joe Biden": all three;
/// `data/titles.toml`): capitalized in sentence case too.
fn titled_names(ctx: &Context<'_>, first: usize, last: usize) -> Vec<bool> {
    let doc = ctx.doc;
    let words = &doc.words;
    let mut titled = vec![false; last - first];
    for k in first + 1..last {
        if !capitalized(doc.word(&words[k])) || !words[k].joined {
            continue;
        }
        let Some((start, _)) = ctx.settings.titles.ending_at(doc, k) else {
            continue;
        };
        if start < first {
            continue;
        }
        titled[start - first..k - first].fill(true);
        // The name: capitalized words up to the first that is no English word.
        for (j, word) in words.iter().enumerate().take(last).skip(k) {
            let written = doc.word(word);
            if !capitalized(written) || (j > k && !word.joined) {
                break;
            }
            titled[j - first] = true;
            let stem = super::dictionary::possessive_stem(written).unwrap_or(written);
            if class_of(stem).is_none() {
                break;
            }
        }
    }
    titled
}

/// Which words of a headline are part of a proper name of several words
/// that the dictionary cannot tell from common words: a run of capitalized
/// words ending in a name's head ("Supreme Court", "Wall Street", "Korean
/// Peninsula"), a head joined by "of" to a capitalized word ("Secretary of
/// State", "Department of Justice"), a place's first word before a word
/// that is no English word ("Camp David"), or a given name that is also a
/// word before a capitalized word ("Rose Byrne", "Bill Gates").
fn proper_names(doc: &Document<'_>, words: &[Word]) -> Vec<bool> {
    let sets = data();
    let upper = |k: usize| words.get(k).is_some_and(|w| capitalized(doc.word(w)));
    let of = |k: usize| words.get(k).is_some_and(|w| doc.word(w) == "of");
    // The capitalized words that end with word `k`, joined by spaces alone:
    // at most three, and never a short preposition or conjunction, so that a
    // headline written in title case is still checked up to the name
    // ("Biden Meets Yoon At White House": "White House" alone).
    let run_back = |named: &mut [bool], k: usize| {
        let mut j = k;
        named[j] = true;
        while j > 0 && k - j < 2 && words[j].joined && upper(j - 1) {
            let before = &words[j - 1];
            if sets.minor.has(doc, before) || sets.either.has(doc, before) {
                break;
            }
            j -= 1;
            named[j] = true;
        }
    };
    let mut named = vec![false; words.len()];
    for (k, word) in words.iter().enumerate() {
        if !upper(k) {
            continue;
        }
        if sets.name_heads.has(doc, word) {
            if k > 0 && word.joined && upper(k - 1) {
                run_back(&mut named, k);
            } else if k >= 2 && of(k - 1) && upper(k - 2) {
                named[k] = true;
                run_back(&mut named, k - 2);
            }
            if of(k + 1) && upper(k + 2) {
                named[k] = true;
                named[k + 2] = true;
            }
        } else if sets.name_starts.has(doc, word)
            && words.get(k + 1).is_some_and(|next| {
                next.joined && upper(k + 1) && class_of(doc.word(next)).is_none()
            })
        {
            named[k] = true;
        } else if sets.given_names.has(doc, word)
            && upper(k + 1)
            && words[k + 1].joined
            && !sets.minor.has(doc, &words[k + 1])
            && !sets.either.has(doc, &words[k + 1])
        {
            // "Rose Byrne", "Bill Gates": a given name that is also a word.
            named[k] = true;
            named[k + 1] = true;
        }
    }
    named
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl SameMoved for Pending {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.message == after.message
            && self.replacement == after.replacement
            && self.unless_story == after.unless_story
            && moved.range(&self.range, &after.range)
    }
}

impl SameMoved for Summary {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.capitalized == after.capitalized && self.pending.same_moved(&after.pending, moved)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Settings;
    use crate::engine::rules::test_support::flagged_with;
    use crate::engine::settings::HeadlineStyle;

    fn flagged(style: HeadlineStyle, text: &str) -> Vec<String> {
        let settings = Settings {
            headlines: style,
            ..Settings::default()
        };
        flagged_with("headline-case", text, &settings)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn title_case_flags_capitalized_minor_words_and_lowercase_content_words() {
        let title = HeadlineStyle::Title;
        assert_eq!(
            flagged(title, "Blinken And Park Meet At the Summit\n\nBody."),
            ["And", "At"]
        );
        for (text, span) in [
            ("Seoul And Tokyo Agree\n\nBody.", "And"),
            ("Talks Resume in Geneva after A Pause\n\nBody.", "A"),
            ("Leaders meet in Seoul\n\nBody.", "meet"),
            ("Parliament Passes the Budget Of 2024\n\nBody.", "Of"),
            ("Kim Warns Of Tests: The Region Waits\n\nBody.", "Of"),
            ("What Voters Are Waiting for\n\nBody.", "for"),
        ] {
            assert_eq!(flagged(title, text), [span], "{text}");
        }
    }

    #[test]
    fn title_case_is_quiet_on_correct_headlines() {
        for text in [
            "Blinken and Park Meet at the Summit\n\nBody.",
            "The Talks Resume: A New Round Begins\n\nBody.",
            "Talks With Seoul Resume After a Pause\n\nBody.",
            "Factories Shut Down as Prices Rise\n\nBody.",
            "What Voters Are Waiting For\n\nBody.",
            "iPhone Sales Rise 5 km From the Plant\n\nBody.",
            "SEOUL AND TOKYO AGREE\n\nBody.",
            "Kim Meets de Klerk in Pretoria\n\nBody.",
        ] {
            assert_eq!(
                flagged(HeadlineStyle::Title, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn sentence_case_flags_stray_capitals_but_not_names() {
        let sentence = HeadlineStyle::Sentence;
        for (text, span) in [
            ("Biden and Yoon Meet at the summit\n\nThey met.", "Meet"),
            ("Seoul raises Interest rates\n\nThe bank acted.", "Interest"),
            ("Parliament passes the Budget\n\nLawmakers voted.", "Budget"),
            (
                "Floods hit Seoul, Thousands flee\n\nRain fell.",
                "Thousands",
            ),
            ("Talks resume after a Long pause\n\nThey met.", "Long"),
            // A minor word before a name is no title.
            ("Biden holds talks With Moon Jae-in\n\nThey met.", "With"),
            (
                "Remarks by Secretary Antony Blinken at a Press availability\n\nHe spoke.",
                "Press",
            ),
            // A name's head excuses the name, not the words before it.
            ("Biden meets Yoon At White House\n\nThey met.", "At"),
            ("Fire closes a Main street\n\nIt burned.", "Main"),
            ("Supreme Court Rules on asylum\n\nJudges ruled.", "Rules"),
            ("Fans hope Will wins the vote\n\nThey voted.", "Will"),
        ] {
            assert_eq!(flagged(sentence, text), [span], "{text}");
        }
    }

    #[test]
    fn sentence_case_is_quiet_on_names_abbreviations_and_the_storys_capitals() {
        for text in [
            "Biden and Yoon meet in Seoul\n\nThey met.",
            "NATO leaders meet: Allies agree\n\nThey met.",
            "President Biden visits North Korea border\n\nPresident Biden went to the North Korea border.",
            "Senate passes the budget\n\nThe Senate voted.",
            "Kim says ‘Never again’\n\nHe spoke.",
            "Apple unveils new iPhone\n\nApple spoke.",
            "Statement by President Joe Biden on the crisis\n\nWe are concerned.",
            // A title that is also a common noun, before a known name.
            "Remarks by Secretary Antony Blinken at a press availability\n\nHe spoke.",
            // Names of several words the story has not yet written.
            "Supreme Court blocks new rule on asylum\n\nJudges ruled.",
            "Tensions rise on the Korean Peninsula\n\nThey met.",
            "North Korea fires missile into the East Sea\n\nIt flew.",
            "Wall Street falls as Federal Reserve holds rates\n\nStocks fell.",
            "Secretary of State visits Middle East\n\nShe flew.",
            "Department of Justice sues over merger\n\nIt sued.",
            "Biden and Yoon meet at Camp David\n\nThey met.",
            "New York Times reporter wins award\n\nShe won.",
            "Interview with Rose Byrne and Bill Gates\n\nThey spoke.",
        ] {
            assert_eq!(
                flagged(HeadlineStyle::Sentence, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn every_markdown_heading_is_a_headline_however_the_text_is_split() {
        use crate::engine::{Format, check};
        let settings = Settings {
            headlines: HeadlineStyle::Title,
            ..Settings::default()
        };
        let text = "# Leaders Meet At the Summit\n## Talks on trade\n\nBody text.\n";
        let found: Vec<&str> = check(text, Format::Markdown, &settings)
            .into_iter()
            .filter(|f| f.rule == "headline-case")
            .map(|f| &text[f.range])
            .collect();
        assert_eq!(found, ["At", "trade"]);
        // The editor's analysis, block by block, finds the same, in either style.
        let text = "# Leaders Meet At the Summit\n## Talks on Trade\n\nBody text.\n\n## Kim Meets Envoys\n\nThe Envoys met Kim.\n";
        for style in [HeadlineStyle::Title, HeadlineStyle::Sentence] {
            let settings = Settings {
                headlines: style,
                ..Settings::default()
            };
            let by_blocks =
                crate::engine::analyze(text, Format::Markdown, &settings, None).into_findings();
            assert_eq!(
                by_blocks,
                check(text, Format::Markdown, &settings),
                "{style:?}"
            );
        }
    }

    #[test]
    fn any_checks_nothing() {
        assert_eq!(
            flagged(
                HeadlineStyle::Any,
                "Blinken And Park Meet At the Summit\n\nBody."
            ),
            Vec::<String>::new()
        );
    }
}
