//! A double quotation mark with a word glued to its outer side: `said“We`,
//! `go,”he said`, `said"We`.

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::scan::{char_at, char_before};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "quote-glued",
    default_level: Level::On(Severity::Warning),
    summary: "A quotation mark with a word glued to its outside (“said“We”, “go,”he said”)",
    explanation: "An opening quotation mark follows a space, and a closing one is followed by a \
space or punctuation: “he said “We will go,” and left”, not “he said“We will go,”and left”. \
Curly marks say which side they open; straight marks (\") are paired in order within the \
paragraph, and a paragraph with an odd number of them (a quotation continued into the next \
paragraph, an inch mark) is left alone, as is a digit before a mark (5'10\"), web addresses, \
e-mail addresses and code, and a mark whose shape says the opposite of its place (`go“ and`: a \
space after it). Single marks are never read: they are also apostrophes. The fix \
inserts the space; it is safe with curly marks, a suggestion with straight ones.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    if !doc
        .quote_marks
        .iter()
        .any(|&(_, c)| matches!(c, '"' | '“' | '”'))
    {
        return;
    }
    // The marks of each paragraph, walked once in order with the paragraphs.
    let all = &doc.quote_marks;
    let mut m = 0;
    for paragraph in &doc.paragraphs {
        while m < all.len() && all[m].0 < paragraph.start {
            m += 1;
        }
        let begin = m;
        while m < all.len() && all[m].0 < paragraph.end {
            m += 1;
        }
        let marks = &all[begin..m];
        let straight = marks.iter().filter(|&&(_, c)| c == '"').count();
        let mut seen = 0; // straight marks before this one in the paragraph
        for &(at, mark) in marks {
            let opening = match mark {
                '“' => true,
                '”' => false,
                '"' => {
                    seen += 1;
                    if straight % 2 == 1 {
                        continue;
                    }
                    seen % 2 == 1
                }
                _ => continue,
            };
            glued(ctx, out, at, mark, opening);
        }
    }
}

fn glued(ctx: &Context<'_>, out: &mut Emitter<'_>, at: usize, mark: char, opening: bool) {
    let doc = ctx.doc;
    let text = doc.text;
    let end = at + mark.len_utf8();
    let (range, insert_at) = if opening {
        let Some(before) = char_before(text, at) else {
            return;
        };
        // A mark with a space after it closes, whatever its shape ("go“ and").
        let after = char_at(text, end);
        if !before.is_alphabetic() || after.is_none_or(char::is_whitespace) {
            return;
        }
        (at - before.len_utf8()..end, at)
    } else {
        let Some(after) = char_at(text, end) else {
            return;
        };
        // A mark with a space before it opens, whatever its shape ("said ”We").
        let before = char_before(text, at);
        if !after.is_alphanumeric() || before.is_none_or(char::is_whitespace) {
            return;
        }
        (at..end + after.len_utf8(), end)
    };
    if doc.is_masked(range.clone()) {
        return;
    }
    let edits = vec![Edit::new(insert_at..insert_at, " ")];
    let fix = if mark == '"' {
        Fix::suggestion("Insert a space", edits)
    } else {
        Fix::safe("Insert a space", edits)
    };
    let side = if opening { "before" } else { "after" };
    out.emit(
        range,
        format!("Missing space {side} the quotation mark"),
        vec![fix],
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn flags_a_word_glued_to_a_quotation_mark() {
        each_flagged_once(
            "quote-glued",
            &[
                "He said“We will go,” and left.",
                "“We will go,”he said.",
                "He said\"We will go,\" and left.",
                "\"We will go,\"he said.",
                "The minister called it a“mistake” on Monday.",
                "Critics called the plan “reckless”and costly.",
            ],
        );
        assert_eq!(fixed("quote-glued", "He said“We go.”"), "He said “We go.”");
    }

    #[test]
    fn quiet_on_spaced_marks_inches_and_continued_quotes() {
        all_quiet(
            "quote-glued",
            &[
                "He said, “We will go,” and left.",
                "“We will go,” he said. “Now.”",
                "He said, \"We will go,\" and left.",
                "The player is 6'10\" tall.",
                "A 55\" screen and a 65\" one.",
                "\"We will go,\" he said, \"and we",
                "It's the minister's “mistake”.",
                "He called it “reckless”—and costly.",
                "He said “we go“ and left.",
                "He said ”We go” and left.",
            ],
        );
    }
}
