//! No space after a sentence's full stop ("ended.The") or after a comma,
//! semicolon or colon between words ("Seoul,Tokyo", "Seoul;Tokyo", "FACT
//! SHEET:Biden").

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::scan::{char_at, char_before};
use crate::engine::tokenizer::is_latin_letter;
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "missing-space",
    default_level: Level::On(Severity::Warning),
    summary: "No space after a full stop, comma, semicolon or colon (“ended.The”, “Seoul;Tokyo”, “FACT SHEET:Biden”)",
    explanation: "A sentence's full stop, question or exclamation mark, or a comma, semicolon or \
colon between two words, is followed by a space. Abbreviations (“U.S.-led”, “3 p.m.”), numbers \
(“1,000”, “5.5”, “10:30”, a ratio “3:1”, a verse “John 3:16”), web addresses, e-mail addresses, \
Markdown code, HTML entities (“&amp;”) and colons in a run of code-like pairs (“a:b:c”, “std::”) \
are left alone. The fix inserts the space and is safe.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let text = ctx.doc.text;
    let bytes = text.as_bytes();
    for &at in &ctx.doc.punctuation {
        let i = at as usize;
        let b = bytes[i];

        // Cheap test first: a letter must follow (non-ASCII letters start with a byte >= 0xC3).
        if !bytes
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n >= 0xC3)
        {
            continue;
        }
        let (Some(before), Some(after)) = (char_before(text, i), char_at(text, i + 1)) else {
            continue;
        };
        let flagged = if b == b',' {
            is_latin_letter(before) && is_latin_letter(after) && !ctx.doc.is_masked(i..i + 1)
        } else if matches!(b, b';' | b':') {
            is_latin_letter(before)
                && is_latin_letter(after)
                && !ctx.doc.is_masked(i..i + 1)
                && between_words(text, i)
        } else {
            // "ended.The", "in 2010.She": a lowercase word of two letters or
            // more, or a number, then a capitalized word. Initials ("J.R.")
            // and "p.m." never match.
            let word_start = text[..i]
                .trim_end_matches(|c: char| c.is_alphabetic())
                .len();
            let word = &text[word_start..i];
            let next_two: Vec<char> = text[i + 1..].chars().take(2).collect();
            (word.chars().count() >= 2 && before.is_lowercase() || before.is_ascii_digit())
                && next_two.len() == 2
                && next_two[0].is_uppercase()
                && next_two[1].is_lowercase()
                && !ctx.doc.is_masked(i..i + 1)
        };
        if flagged {
            let mark = b as char;
            let end = i + 1 + after.len_utf8();
            // After a web or e-mail address the span starts at the mark (a
            // finding that starts inside an address is dropped), and the
            // fix waits for a person: where an address ends is a guess.
            let before_start = i - before.len_utf8();
            let after_address = ctx.doc.is_masked(before_start..i);
            let start = if after_address { i } else { before_start };
            let insert = vec![Edit::new(i + 1..i + 1, " ")];
            let fix = if after_address {
                Fix::suggestion("Insert a space", insert)
            } else {
                Fix::safe("Insert a space", insert)
            };
            out.emit(
                start..end,
                format!("Missing space after “{mark}”"),
                vec![fix],
            );
        }
    }
}

/// Whether the semicolon or colon at `i`, between two letters, stands
/// between two words of prose: a word of two letters or more follows, and
/// neither side is code-like (`&amp;x`, `a:b:c`, `xmlns:xsi`).
fn between_words(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let start = text[..i]
        .trim_end_matches(|c: char| c.is_alphanumeric())
        .len();
    let end = i
        + 1
        + text[i + 1..]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(text.len() - i - 1);
    let before = bytes[..start].last().copied();
    let after = bytes.get(end).copied();
    let code_like = |b: Option<u8>| {
        matches!(
            b,
            Some(b'&' | b'#' | b':' | b';' | b'_' | b'/' | b'\\' | b'=' | b'.' | b'<')
        )
    };
    // Prose on both sides: a capital after the mark ("SHEET:Biden"), or two
    // English words ("Note:the"), not identifiers ("xmlns:xsi").
    let (left, right) = (&text[start..i], &text[i + 1..end]);
    let prose = right.starts_with(char::is_uppercase)
        || (super::is_dictionary_word(right)
            && (left.starts_with(char::is_uppercase) || super::is_dictionary_word(left)));
    // "TL;DR", "Q&A:FAQ": abbreviations on both sides.
    let capitals = |s: &str| !s.chars().any(char::is_lowercase);
    end - (i + 1) >= 2
        && i - start >= 2
        && !(capitals(left) && capitals(right))
        && prose
        && !code_like(before)
        && !code_like(after)
        && !bytes[start..i].iter().any(|&b| b.is_ascii_digit())
        && !bytes[i + 1..end].iter().any(|&b| b.is_ascii_digit())
        && bytes[start..end]
            .iter()
            .all(|&b| is_word_byte(b) || b == bytes[i])
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_run_together_sentences_and_lists() {
        assert_eq!(
            flagged("missing-space", "The talks ended.The delegates left."),
            ["d.T"]
        );
        assert_eq!(
            fixed("missing-space", "Seoul,Tokyo and Beijing"),
            "Seoul, Tokyo and Beijing"
        );
        assert_eq!(fixed("missing-space", "Really?Yes."), "Really? Yes.");
        for (text, span) in [
            ("FACT SHEET:Biden Announces Aid", "T:B"),
            ("They met in Seoul;Tokyo came later.", "l;T"),
            ("The talks failed;the delegates left.", "d;t"),
            ("Note:the vote is Monday.", "e:t"),
            ("Agenda:trade and security", "a:t"),
            ("It landed in Jeju;passengers left.", "u;p"),
        ] {
            assert_eq!(flagged("missing-space", text), [span], "{text}");
        }
        assert_eq!(
            flagged("missing-space", "Visit www.example.com.The paper"),
            [".T"]
        );
        assert_eq!(
            fixed("missing-space", "in 2010.She left after the 7-2.The vote"),
            "in 2010. She left after the 7-2. The vote"
        );
    }

    #[test]
    fn after_an_address_the_space_is_a_suggestion_not_a_safe_fix() {
        use crate::engine::{Format, Settings, fix::fix_all};
        let text = "Title\n\nVisit www.example.com.The paper is free.\n";
        assert_eq!(
            fix_all(text, Format::Plain, &Settings::default()).text,
            text
        );
    }

    #[test]
    fn quiet_on_abbreviations_numbers_and_addresses() {
        for text in [
            "the U.S.-led coalition",
            "at 3 p.m. Monday",
            "1,000 troops and 5.5 percent",
            "www.example.com and ddr@donga.com",
            "See https://example.com/A.Path,Other",
            "Joseph R. DeTrani and J.R.R. Tolkien",
            "a Ph.D. student",
            "서울,도쿄",
            "the .NET framework",
            "visit www.example.Com for details",
            "at 10:30 a.m. and a 3:1 ratio, John 3:16",
            "the &amp;copy entity and &lt;b&gt;",
            "xmlns:xsi and std::vec and a:b:c",
            "mailto:ddr@donga.com",
            "the C:drive",
            "Q: What happened? A: Talks failed.",
            "Seoul; Tokyo: Beijing",
            "## TL;DR and AM:PM",
        ] {
            assert!(flagged("missing-space", text).is_empty(), "{text}");
        }
    }
}
