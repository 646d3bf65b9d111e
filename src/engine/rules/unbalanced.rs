//! Quotation marks and parentheses that open without closing, or close
//! without opening, within a paragraph.

use std::ops::Range;

use super::{DocumentRule, Rule, Story};
use super::{Moved, SameMoved};
use crate::engine::finding::{Level, Severity};
use crate::engine::scan::{char_at, char_before, find_chars};
use crate::engine::{Context, Document, Emitter};

pub static QUOTES: Rule = Rule {
    id: "unbalanced-quotes",
    default_level: Level::On(Severity::Warning),
    summary: "A double quotation mark that is never closed (or never opened) in its paragraph",
    explanation: "Every opening double quotation mark is closed in the same paragraph. The one \
exception is news style for a quotation that runs on into the next paragraph: that paragraph \
ends without a closing mark and the next one opens with a quotation mark again, and copydesk \
accepts it. Single quotation marks are not checked, because they are indistinguishable from \
apostrophes. There is no automatic fix: only the writer knows where the quotation ends.",
    uses_lexicon: false,
    check: Some(check_quotes),
    document: Some(&QuotesAcrossBlocks),
};

/// A quotation left open at the end of a block may continue in the next.
struct QuotesAcrossBlocks;

impl DocumentRule for QuotesAcrossBlocks {
    type Summary = QuoteEnds;

    fn same(&self, before: &QuoteEnds, after: &QuoteEnds, moved: &Moved) -> bool {
        before.same_moved(after, moved)
    }

    fn summarize(&self, ctx: &Context<'_>) -> QuoteEnds {
        quote_ends(ctx.doc)
    }

    fn check(&self, story: &Story<'_, QuoteEnds>, out: &mut Emitter<'_>) {
        check_quotes_across_blocks(story, out);
    }
}

pub static PARENTHESES: Rule = Rule {
    id: "unbalanced-parentheses",
    default_level: Level::On(Severity::Warning),
    summary: "A parenthesis that is never closed (or never opened) in its paragraph",
    explanation: "Every opening parenthesis is closed in the same paragraph. List markers such \
as “1)” or “a)” at the start of a line and emoticons are not counted. There is no automatic fix.",
    uses_lexicon: false,
    check: Some(check_parentheses),
    document: None,
};

fn opens_quote(text: &str, i: usize) -> bool {
    char_before(text, i).is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p))
}

fn glued_before_a_word(text: &str, i: usize) -> bool {
    text[i + 1..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
}

/// How a block's quotations end, for the rule's document-wide part.
#[derive(Clone, Debug, Default)]
pub struct QuoteEnds {
    /// An opening mark still open at the end of the block's last paragraph.
    pub unclosed_at_end: Option<usize>,
    /// The block's first paragraph opens with a quotation mark (so a
    /// quotation left open just before it continues here).
    pub opens_with_quote: bool,
}

/// Walks the double quotation marks of one paragraph: calls `report` for
/// each mark out of place, and returns the opening mark left open.
fn walk_paragraph(
    doc: &Document<'_>,
    paragraph: &Range<usize>,
    mut report: impl FnMut(Range<usize>, &'static str),
) -> Option<usize> {
    let text = doc.text;
    let mut open: Option<usize> = None;
    let doubles = Document::marks_within(&doc.quote_marks, paragraph)
        .iter()
        .filter(|(_, c)| matches!(c, '"' | '“' | '”'));
    for &(i, c) in doubles {
        if doc.is_masked(i..i + 1)
            || (c == '"' && char_before(text, i).is_some_and(|p| p.is_ascii_digit()))
        {
            continue; // code, or 6" (six inches)
        }
        let opening = match c {
            '“' => true,
            '”' => false,
            // A straight mark glued to the word before but followed by one
            // opens a quotation (`said"We`); `quote-glued` asks for the space.
            _ => open.is_none() && (opens_quote(text, i) || glued_before_a_word(text, i)),
        };
        match (opening, open) {
            (true, Some(previous)) => {
                report(
                    mark_range(text, previous),
                    "This quotation mark is never closed",
                );
                open = Some(i);
            }
            (true, None) => open = Some(i),
            (false, Some(_)) => open = None,
            (false, None) => report(
                i..i + c.len_utf8(),
                "This closing quotation mark has no opening one",
            ),
        }
    }
    open
}

fn opens_with_quote(text: &str, paragraph: &Range<usize>) -> bool {
    text[paragraph.clone()].trim_start().starts_with(['“', '"'])
}

pub fn quote_ends(doc: &Document<'_>) -> QuoteEnds {
    QuoteEnds {
        unclosed_at_end: doc
            .paragraphs
            .last()
            .and_then(|last| walk_paragraph(doc, last, |_, _| {})),
        opens_with_quote: doc
            .paragraphs
            .first()
            .is_some_and(|first| opens_with_quote(doc.text, first)),
    }
}

fn check_quotes(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    for (index, paragraph) in doc.paragraphs.iter().enumerate() {
        let open = walk_paragraph(doc, paragraph, |range, message| {
            out.emit(range, message, vec![])
        });
        // A quotation open at the end of the block's last paragraph is the
        // document-wide part's to judge: it may continue in the next block.
        if let (Some(start), Some(next)) = (open, doc.paragraphs.get(index + 1)) {
            if !opens_with_quote(doc.text, next) {
                out.emit(
                    mark_range(doc.text, start),
                    "This quotation mark is never closed",
                    vec![],
                );
            }
        }
    }
}

fn check_quotes_across_blocks(ctx: &Story<'_, QuoteEnds>, out: &mut Emitter<'_>) {
    for (index, block) in ctx.blocks.iter().enumerate() {
        let (offset, summary) = (block.start, block.summary);
        let Some(start) = summary.unclosed_at_end else {
            continue;
        };
        let continues = ctx
            .blocks
            .get(index + 1)
            .is_some_and(|next| next.summary.opens_with_quote);
        if !continues {
            out.emit(
                mark_range(ctx.text, offset + start),
                "This quotation mark is never closed",
                vec![],
            );
        }
    }
}

fn mark_range(text: &str, i: usize) -> Range<usize> {
    i..i + char_at(text, i).map_or(1, char::len_utf8)
}

fn check_parentheses(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    let paragraphs = &doc.paragraphs;
    // One search of the whole text; each mark is taken in its paragraph
    // (those of a paragraph are closed off when the next one's come).
    let mut open: Vec<usize> = Vec::new();
    let mut p = 0;
    for (i, c) in find_chars(text, &['(', ')']) {
        while p < paragraphs.len() && paragraphs[p].end <= i {
            unclosed(&mut open, out);
            p += 1;
        }
        if p == paragraphs.len() {
            break;
        }
        if i < paragraphs[p].start || doc.is_masked(i..i + 1) {
            continue;
        }
        let before = char_before(text, i);
        let after = char_at(text, i + 1);
        let emoticon = before.is_some_and(|p| matches!(p, ':' | ';' | '='))
            || (c == '(' && after == Some(':'));
        if emoticon {
            continue;
        }
        if c == '(' {
            open.push(i);
        } else if open.pop().is_none() && !is_list_marker(text, i) {
            out.emit(
                i..i + 1,
                "This closing parenthesis has no opening one",
                vec![],
            );
        }
    }
    unclosed(&mut open, out);
}

/// Reports (and forgets) the parentheses a paragraph left open.
fn unclosed(open: &mut Vec<usize>, out: &mut Emitter<'_>) {
    for start in open.drain(..) {
        out.emit(start..start + 1, "This parenthesis is never closed", vec![]);
    }
}

/// "1)" or "a)" at the start of a line or after a space.
fn is_list_marker(text: &str, close: usize) -> bool {
    let before = &text[..close];
    let token_start = before.trim_end_matches(|c: char| c.is_alphanumeric()).len();
    let token = &before[token_start..];
    let lead = char_before(text, token_start);
    (1..=3).contains(&token.len()) && lead.is_none_or(char::is_whitespace)
}

impl SameMoved for QuoteEnds {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.opens_with_quote == after.opens_with_quote
            && match (self.unclosed_at_end, after.unclosed_at_end) {
                (Some(before), Some(after)) => moved.at(before, after, 1),
                (None, None) => true,
                _ => false,
            }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::flagged;

    #[test]
    fn flags_unclosed_and_unopened_quotes() {
        assert_eq!(
            flagged("unbalanced-quotes", "He said “we will go and left."),
            ["“"]
        );
        assert_eq!(
            flagged("unbalanced-quotes", "He said we will go” and left."),
            ["”"]
        );
        assert_eq!(
            flagged(
                "unbalanced-quotes",
                "He said \"we will go and left.\n\nNext paragraph."
            ),
            ["\""]
        );
    }

    #[test]
    fn a_quote_continued_into_the_next_paragraph_is_fine() {
        let text = "“We will go on,” she said. “We will not stop.\n\n“We will win.”";
        assert!(flagged("unbalanced-quotes", text).is_empty());
    }

    #[test]
    fn quiet_on_balanced_quotes_and_inches() {
        for text in [
            "He said “yes” and \"no\" today.",
            "A 6\" pipe",
            "'Single quotes,' said he.",
            // Glued marks are `quote-glued`'s; the pair is still a pair.
            "The spokesman said\"We will respond.\"",
            "The firm was\"deeply saddened\" by the news.",
        ] {
            assert!(flagged("unbalanced-quotes", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn flags_unbalanced_parentheses() {
        assert_eq!(
            flagged("unbalanced-parentheses", "The council (SSRC held talks."),
            ["("]
        );
        assert_eq!(
            flagged("unbalanced-parentheses", "The council SSRC) held talks."),
            [")"]
        );
    }

    #[test]
    fn quiet_on_balanced_parentheses_lists_and_emoticons() {
        for text in [
            "The council (SSRC) held talks (on Friday).",
            "1) First point\n2) Second point",
            "We did it :)",
            "Options are a) go or b) stay",
        ] {
            assert!(flagged("unbalanced-parentheses", text).is_empty(), "{text}");
        }
    }
}
