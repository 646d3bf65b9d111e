//! A space before a comma, full stop, colon, semicolon, question or
//! exclamation mark ("Partnership . The", "threats , illicit").

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::scan::{char_at, char_before};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "space-before-punctuation",
    default_level: Level::On(Severity::Warning),
    summary: "A space before a comma, full stop, colon, semicolon, question or exclamation mark",
    explanation: "English punctuation attaches to the word before it. A space before a comma, \
full stop, colon, semicolon, question or exclamation mark is a slip (often left where a word was \
deleted). Spaced ellipses (“. . .”), decimals (“.5”) and emoticons are left alone. The fix \
removes the space and is safe.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}'
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let text = ctx.doc.text;
    let bytes = text.as_bytes();
    for &at in &ctx.doc.punctuation {
        let i = at as usize;
        let b = bytes[i];
        // Cheap test first: a space, a tab or the last byte of a no-break space.
        if i == 0 || !matches!(bytes[i - 1], b' ' | b'\t' | 0xA0 | 0xAF) {
            continue;
        }
        let Some(prev) = char_before(text, i) else {
            continue;
        };
        if !is_space(prev) {
            continue;
        }
        let space_start = text[..i].trim_end_matches(is_space).len();
        let Some(word_end) = char_before(text, space_start) else {
            continue;
        };
        // At the start of a line, or after a dash or an opening bracket, the
        // mark belongs to something else (a list, a spaced ellipsis…).
        if !(word_end.is_alphanumeric() || "’'\")]”%".contains(word_end)) {
            continue;
        }
        let next = char_at(text, i + 1);
        let next_ok = match b {
            // ". . ." and ".5" and ".com"
            b'.' => {
                next.is_none_or(|c| c.is_whitespace() || "\"”’')".contains(c))
                    && !text[i + 1..].trim_start_matches(is_space).starts_with('.')
            }
            // ":)" is an emoticon
            b':' | b';' => next.is_none_or(|c| c.is_whitespace()),
            b',' => next.is_none_or(|c| !c.is_ascii_digit()),
            _ => next.is_none_or(|c| c.is_whitespace() || "\"”’')".contains(c)),
        };
        if !next_ok {
            continue;
        }
        let mark = b as char;
        out.emit(
            space_start..i + 1,
            format!("Space before “{mark}”"),
            vec![Fix::safe(
                "Remove the space",
                vec![Edit::delete(space_start..i)],
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_spaces_before_marks() {
        assert_eq!(
            flagged(
                "space-before-punctuation",
                "cyber threats , illicit activities , and more ."
            ),
            [" ,", " ,", " ."]
        );
        assert_eq!(
            fixed("space-before-punctuation", "the Partnership .  The"),
            "the Partnership.  The"
        );
        assert_eq!(
            fixed("space-before-punctuation", "Why ? Nobody knows !"),
            "Why? Nobody knows!"
        );
    }

    #[test]
    fn quiet_on_ellipses_decimals_lists_and_emoticons() {
        for text in [
            "He said . . . nothing",
            "a rise of .5 percent",
            "go to the .com site",
            "Items:\n. first",
            "happy :) today",
            "Seoul — . odd",
        ] {
            assert!(
                flagged("space-before-punctuation", text).is_empty(),
                "{text}"
            );
        }
    }
}
