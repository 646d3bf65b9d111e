//! Names the knowledge base does not know yet: finding the capitalized name
//! under the cursor, and the `[[person]]` entry that adds it to a newsroom's
//! names file.

use std::ops::Range;

use crate::engine::{Document, Format, Titles};

/// The capitalized name of two to four words around byte `at` of `line`
/// (one line of text), without a formal title before it: "Kim Chol Min" in
/// "Vice Foreign Minister Kim Chol Min said". Whether the name is already
/// known is the caller's question (the analysis's mentions answer it).
pub fn capitalized_name_at(line: &str, at: usize, titles: &Titles) -> Option<Range<usize>> {
    let doc = Document::new(line, Format::Plain);
    let here = doc
        .words
        .iter()
        .position(|w| w.range().start <= at && at <= w.range().end)?;
    let capitalized = |i: usize| {
        doc.word(&doc.words[i])
            .starts_with(|c: char| c.is_uppercase())
    };
    let linked = |i: usize| {
        let gap = &line[doc.words[i - 1].range().end..doc.words[i].range().start];
        gap == " " || (gap == ". " && doc.words[i - 1].range().len() == 1)
    };
    if !capitalized(here) {
        return None;
    }
    let mut first = here;
    while first > 0 && capitalized(first - 1) && linked(first) {
        first -= 1;
    }
    let mut last = here;
    while last + 1 < doc.words.len() && capitalized(last + 1) && linked(last + 1) {
        last += 1;
    }
    // Leave out a formal title before the name.
    for k in (first + 1..=here).rev() {
        if titles
            .ending_at(&doc, k)
            .is_some_and(|(start, _)| start >= first)
        {
            first = k;
            break;
        }
    }
    let count = last + 1 - first;
    if !(2..=4).contains(&count) {
        return None;
    }
    Some(doc.words[first].range().start..doc.words[last].range().end)
}

/// The text to append to a names file to add `name`: a `[[person]]` entry,
/// set off from what the file (`existing`, `None` when there is none yet)
/// already holds by a blank line.
pub fn person_entry(name: &str, existing: Option<&str>) -> String {
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    let entry = format!("[[person]]\nname = \"{escaped}\"\n");
    match existing {
        None | Some("") => entry,
        Some(content) if content.ends_with('\n') => format!("\n{entry}"),
        Some(_) => format!("\n\n{entry}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at<'a>(line: &'a str, word: &str) -> Option<&'a str> {
        let at = line.find(word).unwrap();
        capitalized_name_at(line, at, &Titles::builtin()).map(|r| &line[r])
    }

    #[test]
    fn the_name_around_the_cursor_without_its_title() {
        let line = "Vice Foreign Minister Kim Chol Min said on Monday.";
        assert_eq!(name_at(line, "Chol"), Some("Kim Chol Min"));
        assert_eq!(name_at(line, "Kim"), Some("Kim Chol Min"));
        assert_eq!(
            name_at("He met John F. Smith today.", "Smith"),
            Some("John F. Smith")
        );
    }

    #[test]
    fn one_word_five_words_and_lower_case_are_not_names() {
        assert_eq!(name_at("He met Smith today.", "Smith"), None);
        assert_eq!(name_at("He met the envoy.", "envoy"), None);
        assert_eq!(
            name_at("Alpha Beta Gamma Delta Epsilon met.", "Gamma"),
            None
        );
        // A comma breaks the run.
        assert_eq!(name_at("Seoul, Kim said.", "Seoul"), None);
    }

    #[test]
    fn entries_are_escaped_and_set_off_by_a_blank_line() {
        assert_eq!(
            person_entry("Kim Chol Min", None),
            "[[person]]\nname = \"Kim Chol Min\"\n"
        );
        assert_eq!(
            person_entry("A \"B\"", Some("")),
            "[[person]]\nname = \"A \\\"B\\\"\"\n"
        );
        assert_eq!(
            person_entry("X Y", Some("a = 1\n")),
            "\n[[person]]\nname = \"X Y\"\n"
        );
        assert_eq!(
            person_entry("X Y", Some("a = 1")),
            "\n\n[[person]]\nname = \"X Y\"\n"
        );
    }
}
