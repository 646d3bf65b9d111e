//! Regions of the text that no word rule may look at: URLs, e-mail
//! addresses, and in Markdown the front matter, code, HTML and link targets.
//!
//! Non-Latin scripts are not masked here: the tokenizer drops their words
//! (see `document.rs`), while punctuation rules still see the bytes.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::format::Format;
use super::markdown;
use super::scan::{contains_any, contains_str, merge_ranges};
use super::words::DOMAINS;

fn url_or_email() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?i:https?://|ftp://|mailto:|www\.)[^\s<>\x22()\[\]{}“”]+
            | [A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+
            ",
        )
        .expect("URL pattern compiles")
    })
}

fn markdown_inline() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?xs)
              <!--[^\n\r]*?-->                 # HTML comment on one line (inline switches
                                               # live here; longer ones: markdown.rs)
            | `+[^`\n]*?`+                     # code span
            | <[A-Za-z/!][^>\n]*>              # HTML tag
            | \]\([^)\s]*(?:\s+\x22[^\x22]*\x22)?\)   # link destination
            | ^\s{0,3}\[[^\]]+\]:[^\n]*        # link reference definition
            ",
        )
        .expect("Markdown pattern compiles")
    })
}

/// The masked byte ranges of `text`, sorted and merged.
/// Front matter is only recognized when `first` (the text starts the story).
pub fn masked_ranges(text: &str, format: Format, first: bool) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    static SCHEME: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    static WWW: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let scheme = SCHEME.get_or_init(|| memchr::memmem::Finder::new("://"));
    let www = WWW.get_or_init(|| memchr::memmem::Finder::new("www."));
    if memchr::memchr(b'@', text.as_bytes()).is_some()
        || contains_str(text, scheme)
        || contains_str(text, www)
    {
        for m in url_or_email().find_iter(text) {
            let end = trim_trailing_punctuation(text, m.range());
            ranges.push(m.start()..trim_glued_sentence(text, m.start()..end));
        }
    }
    if format == Format::Markdown {
        ranges.extend(markdown::regions(text, first).into_iter().map(|r| r.range));
        if contains_any(text, &['`', '<', ']']) {
            ranges.extend(markdown_inline().find_iter(text).map(|m| m.range()));
        }
    }
    merge_ranges(ranges)
}

/// A sentence's full stop or a closing bracket after a URL is not part of it.
fn trim_trailing_punctuation(text: &str, range: Range<usize>) -> usize {
    let trimmed = text[range.clone()].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’']);
    range.start + trimmed.len()
}

/// A sentence typed onto an address without a space ("visit
/// www.example.com.The paper…", "tips@example.com.Readers…") is not part of
/// it: an address with no path whose last label is a capitalized word after
/// a lowercase one ends before that word, so the missing space is seen —
/// unless that word is itself a top-level domain ("www.example.Com"). The
/// finding this leads to is a suggestion, never a safe fix (see
/// `missing_space.rs`).
fn trim_glued_sentence(text: &str, range: Range<usize>) -> usize {
    let address = &text[range.clone()];
    let host = address.split_once("://").map_or(address, |(_, rest)| rest);
    if host.contains('/') {
        return range.end;
    }
    let mut labels = host.rsplit('.');
    let (Some(last), Some(before)) = (labels.next(), labels.next()) else {
        return range.end;
    };
    // Domains that no sentence starts with (`data/words.toml`).
    let capitalized_word = last.len() >= 2
        && last.starts_with(|c: char| c.is_ascii_uppercase())
        && last[1..].bytes().all(|b| b.is_ascii_lowercase())
        && !DOMAINS.iter().any(|d| d.eq_ignore_ascii_case(last));
    let lowercase_label = !before.is_empty() && before.bytes().all(|b| b.is_ascii_lowercase());
    if capitalized_word && lowercase_label {
        range.end - last.len() - 1
    } else {
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked_texts(text: &str, format: Format) -> Vec<&str> {
        masked_ranges(text, format, true)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn urls_and_emails_are_masked_without_trailing_punctuation() {
        let text =
            "Write to ddr@donga.com or see https://example.com/a?b=c. Also www.state.gov, too.";
        assert_eq!(
            masked_texts(text, Format::Plain),
            [
                "ddr@donga.com",
                "https://example.com/a?b=c",
                "www.state.gov"
            ]
        );
    }

    #[test]
    fn a_sentence_glued_to_an_address_is_not_part_of_it() {
        let text = "Visit www.example.com.The paper and tips@example.co.kr.Readers may write.";
        assert_eq!(
            masked_texts(text, Format::Plain),
            ["www.example.com", "tips@example.co.kr"]
        );
        // Paths, capitalized hosts and capitalized domains stay whole.
        for address in [
            "https://example.com/A.Path",
            "user@Host.Org",
            "www.State.Gov",
            "www.example.COM",
            "www.example.Com",
            "press@mofa.go.Kr",
        ] {
            assert_eq!(masked_texts(address, Format::Plain), [address]);
        }
    }

    #[test]
    fn markdown_code_front_matter_and_comments_are_masked() {
        let text = "---\ntitle: the the\n---\n# Head\n\nUse `the the` here.\n\n```\nthe the\n```\n<!-- copydesk-disable -->\n";
        let masked = masked_texts(text, Format::Markdown);
        assert_eq!(masked[0], "---\ntitle: the the\n---\n");
        assert!(masked.contains(&"`the the`"));
        // Touching ranges merge: the fence and the comment after it.
        assert_eq!(masked[2], "```\nthe the\n```\n<!-- copydesk-disable -->");
    }

    #[test]
    fn plain_text_keeps_backticks_and_indentation() {
        assert!(masked_texts("    indented `code`", Format::Plain).is_empty());
    }
}
