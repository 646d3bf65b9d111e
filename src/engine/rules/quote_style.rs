//! Straight and curly quotation marks and apostrophes mixed in one story,
//! and accents or backticks typed where an apostrophe belongs.

use super::{DocumentRule, Rule, Story};
use super::{Moved, SameMoved};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::scan::{char_at, char_before, find_chars};
use crate::engine::{Context, Document, Emitter, QuoteStyle};

pub static QUOTE_STYLE: Rule = Rule {
    id: "quote-style",
    default_level: Level::On(Severity::Warning),
    summary: "Straight and curly quotes or apostrophes mixed in one story",
    explanation: "A story uses one style of quotation marks and apostrophes: straight (' \") or \
curly (‘ ’ “ ”). With `[style] quotes = \"any\"` (the default) the less used style in the story is \
flagged; with \"curly\" or \"straight\" every mark of the other style is. Inch and foot marks after \
a number (5'11\") are not quotes and are left alone. The fix converts the mark; it is a \
suggestion, because the house style decides.",
    uses_lexicon: false,
    check: None,
    document: Some(&QuoteStyleRule),
};

pub static APOSTROPHE_CHARACTER: Rule = Rule {
    id: "apostrophe-character",
    default_level: Level::On(Severity::Warning),
    summary: "An accent or backtick typed as an apostrophe (“DPRK´s”)",
    explanation: "An acute accent (´), a grave accent or backtick (`) or a prime (′) between \
letters, where an apostrophe belongs. They look alike on screen but break searches and \
hyphenation, and render oddly in print. The fix replaces the mark with the story's apostrophe and \
is safe.",
    uses_lexicon: false,
    check: None,
    document: Some(&ApostropheCharacter),
};

struct QuoteStyleRule;

impl DocumentRule for QuoteStyleRule {
    type Summary = Vec<Mark>;

    fn same(&self, before: &Vec<Mark>, after: &Vec<Mark>, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Vec<Mark> {
        marks(ctx.doc)
    }

    fn check(&self, story: &Story<'_, Vec<Mark>>, out: &mut Emitter<'_>) {
        check_style(story, out);
    }
}

struct ApostropheCharacter;

/// What `apostrophe-character` keeps of a block: its odd apostrophes, and
/// how many straight and curly marks it has (the story's prevailing style
/// decides the replacement).
pub struct Apostrophes {
    straight: usize,
    curly: usize,
    odd: Vec<OddApostrophe>,
}

impl DocumentRule for ApostropheCharacter {
    type Summary = Apostrophes;

    fn same(&self, before: &Apostrophes, after: &Apostrophes, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> Apostrophes {
        let (straight, curly) = count(marks(ctx.doc).into_iter());
        Apostrophes {
            straight,
            curly,
            odd: odd_apostrophes(ctx.doc),
        }
    }

    fn check(&self, story: &Story<'_, Apostrophes>, out: &mut Emitter<'_>) {
        check_apostrophe_character(story, out);
    }
}

/// A quotation mark or apostrophe that counts towards the story's style.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    pub offset: usize,
    pub ch: char,
    pub straight: bool,
}

/// An accent or backtick typed where an apostrophe belongs.
#[derive(Clone, Copy, Debug)]
pub struct OddApostrophe {
    pub offset: usize,
    pub ch: char,
}

/// The block's quotation marks and apostrophes (block-relative offsets).
pub fn marks(doc: &Document<'_>) -> Vec<Mark> {
    let text = doc.text;
    doc.quote_marks
        .iter()
        .filter_map(|&(offset, ch)| {
            let straight = ch == '"' || ch == '\'';
            // 5'11" and 6" are measurements, not quotes.
            let measurement =
                straight && char_before(text, offset).is_some_and(|p| p.is_ascii_digit());
            (!measurement && !doc.is_masked(offset..offset + 1)).then_some(Mark {
                offset,
                ch,
                straight,
            })
        })
        .collect()
}

pub fn odd_apostrophes(doc: &Document<'_>) -> Vec<OddApostrophe> {
    let text = doc.text;
    find_chars(text, &['´', '`', '′'])
        .filter(|&(i, c)| {
            !doc.is_masked(i..i + 1)
                && char_before(text, i).is_some_and(char::is_alphabetic)
                && char_at(text, i + c.len_utf8()).is_some_and(char::is_alphabetic)
        })
        .map(|(offset, ch)| OddApostrophe { offset, ch })
        .collect()
}

/// Every mark of the story, with absolute offsets.
fn story_marks<'a>(ctx: &'a Story<'_, Vec<Mark>>) -> impl Iterator<Item = Mark> + 'a {
    ctx.blocks.iter().flat_map(|block| {
        block.summary.iter().map(move |m| Mark {
            offset: block.start + m.offset,
            ..*m
        })
    })
}

/// How many of `marks` are straight, and how many curly.
fn count(marks: impl Iterator<Item = Mark>) -> (usize, usize) {
    marks.fold(
        (0, 0),
        |(s, c), m| {
            if m.straight { (s + 1, c) } else { (s, c + 1) }
        },
    )
}

/// Whether the story's prevailing style is straight: the configured one,
/// else the majority (curly on a tie, as typeset copy is curly).
fn prevailing_straight(quotes: QuoteStyle, straight: usize, curly: usize) -> bool {
    match quotes {
        QuoteStyle::Curly => false,
        QuoteStyle::Straight => true,
        QuoteStyle::Any => straight > curly,
    }
}

/// The mark of the other style at `i`, chosen from its context.
fn convert(text: &str, i: usize, c: char) -> char {
    let before = char_before(text, i);
    let after = char_at(text, i + c.len_utf8());
    let opening = before.is_none_or(|p| p.is_whitespace() || "([{—–-".contains(p))
        && after.is_some_and(|n| !n.is_whitespace());
    match c {
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '"' if opening => '“',
        '"' => '”',
        '\'' if opening && !after.is_some_and(|n| n.is_ascii_digit()) => '‘',
        _ => '’',
    }
}

fn check_style(ctx: &Story<'_, Vec<Mark>>, out: &mut Emitter<'_>) {
    let quotes = ctx.settings.quotes;
    let (straight, curly) = count(story_marks(ctx));
    if quotes == QuoteStyle::Any && (straight == 0 || curly == 0) {
        return;
    }
    let keep_straight = prevailing_straight(quotes, straight, curly);
    let (keep_name, other_name) = if keep_straight {
        ("straight", "Curly")
    } else {
        ("curly", "Straight")
    };
    let why = match quotes {
        QuoteStyle::Any if straight == curly => {
            format!(
                "the story uses both equally ({straight} straight, {curly} curly); typeset copy is curly"
            )
        }
        QuoteStyle::Any => {
            format!("the story mostly uses {keep_name} ones ({straight} straight, {curly} curly)")
        }
        _ => format!("house style is {keep_name}"),
    };
    for mark in story_marks(ctx).filter(|m| m.straight != keep_straight) {
        let (i, c) = (mark.offset, mark.ch);
        let replacement = convert(ctx.text, i, c).to_string();
        let apostrophe =
            matches!(c, '\'' | '’') && char_before(ctx.text, i).is_some_and(char::is_alphanumeric);
        let what = if apostrophe {
            "apostrophe"
        } else {
            "quotation mark"
        };
        out.emit(
            i..i + c.len_utf8(),
            format!("{other_name} {what} {c}; {why}"),
            vec![Fix::replace(i..i + c.len_utf8(), &replacement, false)],
        );
    }
}

fn check_apostrophe_character(ctx: &Story<'_, Apostrophes>, out: &mut Emitter<'_>) {
    if ctx.blocks.iter().all(|block| block.summary.odd.is_empty()) {
        return;
    }
    let (straight, curly) = ctx.blocks.iter().fold((0, 0), |(s, c), block| {
        (s + block.summary.straight, c + block.summary.curly)
    });
    let apostrophe = if prevailing_straight(ctx.settings.quotes, straight, curly) {
        "'"
    } else {
        "’"
    };
    for block in &ctx.blocks {
        for odd in &block.summary.odd {
            let i = block.start + odd.offset;
            let range = i..i + odd.ch.len_utf8();
            out.emit(
                range.clone(),
                format!("“{}” used as an apostrophe", odd.ch),
                vec![Fix::replace(range, apostrophe, true)],
            );
        }
    }
}

impl SameMoved for Mark {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.ch == after.ch
            && self.straight == after.straight
            && moved.at(self.offset, after.offset, self.ch.len_utf8())
    }
}

impl SameMoved for OddApostrophe {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.ch == after.ch && moved.at(self.offset, after.offset, self.ch.len_utf8())
    }
}

impl SameMoved for Apostrophes {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.straight == after.straight
            && self.curly == after.curly
            && self.odd.same_moved(&after.odd, moved)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged, flagged_with};
    use crate::engine::{QuoteStyle, Settings};

    #[test]
    fn flags_the_minority_style() {
        let text =
            "'There was progress,' officials said. North Korea’s envoy and the Ministry's aide.";
        assert_eq!(flagged("quote-style", text), ["’"]);
        let text = "“We agree,” he said. \"So do we,\" she said. “Good,” they said.";
        assert_eq!(flagged("quote-style", text), ["\"", "\""]);
    }

    #[test]
    fn configured_style_flags_every_other_mark() {
        let settings = Settings {
            quotes: QuoteStyle::Curly,
            ..Settings::default()
        };
        assert_eq!(
            flagged_with("quote-style", "Seoul's \"plan\"", &settings),
            ["'", "\"", "\""]
        );
        assert_eq!(
            fixed("quote-style", "“Yes,” he said. It's \"done\" and “over.”"),
            "“Yes,” he said. It’s “done” and “over.”"
        );
    }

    #[test]
    fn quiet_on_consistent_copy_and_measurements() {
        for text in [
            "“Yes,” he said. It’s done.",
            "\"Yes,\" he said. It's done.",
            "He is 5'11\" tall and said “fine.”",
            "See `it's` in code?",
        ] {
            assert!(flagged("quote-style", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn accents_typed_as_apostrophes() {
        assert_eq!(
            flagged("apostrophe-character", "the DPRK´s behavior"),
            ["´"]
        );
        assert_eq!(
            fixed("apostrophe-character", "the DPRK´s behavior"),
            "the DPRK’s behavior"
        );
        assert!(flagged("apostrophe-character", "café ´ alone and José").is_empty());
    }
}
