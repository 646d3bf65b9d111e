//! Straight and curly quotation marks and apostrophes mixed in one story,
//! and accents or backticks typed where an apostrophe belongs.

use super::Rule;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::scan::{char_at, char_before, contains_any, find_chars};
use crate::engine::{Context, Emitter, QuoteStyle};

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
    check: check_style,
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
    check: check_apostrophe_character,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Straight,
    Curly,
}

/// Quotation marks and apostrophes that count towards the story's style,
/// with their byte offset.
fn marks(ctx: &Context<'_>) -> Vec<(usize, char, Kind)> {
    let text = ctx.doc.text;
    let mut found = Vec::new();
    for (i, c) in find_chars(text, &['"', '\'', '“', '”', '‘', '’']) {
        let kind = if c == '"' || c == '\'' {
            Kind::Straight
        } else {
            Kind::Curly
        };
        // 5'11" and 6" are measurements, not quotes.
        if kind == Kind::Straight && char_before(text, i).is_some_and(|p| p.is_ascii_digit()) {
            continue;
        }
        if ctx.doc.is_masked(i..i + 1) {
            continue;
        }
        found.push((i, c, kind));
    }
    found
}

/// The story's prevailing style: the configured one, else the majority
/// (curly on a tie, as typeset copy is curly).
fn prevailing(ctx: &Context<'_>, marks: &[(usize, char, Kind)]) -> Kind {
    match ctx.settings.quotes {
        QuoteStyle::Curly => Kind::Curly,
        QuoteStyle::Straight => Kind::Straight,
        QuoteStyle::Any => {
            let curly = marks.iter().filter(|m| m.2 == Kind::Curly).count();
            if curly * 2 >= marks.len() {
                Kind::Curly
            } else {
                Kind::Straight
            }
        }
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

fn check_style(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let marks = marks(ctx);
    let straight = marks.iter().filter(|m| m.2 == Kind::Straight).count();
    let curly = marks.len() - straight;
    if ctx.settings.quotes == QuoteStyle::Any && (straight == 0 || curly == 0) {
        return;
    }
    let keep = prevailing(ctx, &marks);
    let (keep_name, other_name) = match keep {
        Kind::Curly => ("curly", "straight"),
        Kind::Straight => ("straight", "curly"),
    };
    let why = match ctx.settings.quotes {
        QuoteStyle::Any => {
            format!("the story mostly uses {keep_name} ones ({straight} straight, {curly} curly)")
        }
        _ => format!("house style is {keep_name}"),
    };
    for &(i, c, kind) in &marks {
        if kind == keep {
            continue;
        }
        let replacement = convert(ctx.doc.text, i, c).to_string();
        let apostrophe = matches!(c, '\'' | '’')
            && char_before(ctx.doc.text, i).is_some_and(char::is_alphanumeric);
        let what = if apostrophe {
            "apostrophe"
        } else {
            "quotation mark"
        };
        out.emit(
            i..i + c.len_utf8(),
            format!("{other_name} {what} {c}; {why}").replacen(
                other_name,
                &capitalize(other_name),
                1,
            ),
            vec![Fix::replace(i..i + c.len_utf8(), &replacement, false)],
        );
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn check_apostrophe_character(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let text = ctx.doc.text;
    if !contains_any(text, &['´', '`', '′']) {
        return;
    }
    let apostrophe = match prevailing(ctx, &marks(ctx)) {
        Kind::Curly => "’",
        Kind::Straight => "'",
    };
    for (i, c) in find_chars(text, &['´', '`', '′']) {
        if ctx.doc.is_masked(i..i + 1) {
            continue;
        }
        let between_letters = char_before(text, i).is_some_and(char::is_alphabetic)
            && char_at(text, i + c.len_utf8()).is_some_and(char::is_alphabetic);
        if between_letters {
            out.emit(
                i..i + c.len_utf8(),
                format!("“{c}” used as an apostrophe"),
                vec![Fix::replace(i..i + c.len_utf8(), apostrophe, true)],
            );
        }
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
