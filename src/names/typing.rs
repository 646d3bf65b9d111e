//! What a writer is typing when completion is asked for: the last few words
//! before the cursor that could begin an official's name.

/// Longest typed prefix to consider, in words.
const MAX_WORDS: usize = 4;

/// Where each of the last few words before the cursor starts (byte offsets
/// into `line`, the line up to the cursor), nearest last. Words are
/// letters, digits, hyphens, apostrophes and initials' periods, separated
/// by single spaces.
fn word_starts(line: &str) -> Vec<usize> {
    let is_name_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.');
    let mut starts = Vec::new();
    let mut end = line.len();
    while starts.len() < MAX_WORDS {
        let word_start = line[..end].trim_end_matches(is_name_char).len();
        if word_start == end {
            break;
        }
        starts.push(word_start);
        match line[..word_start].strip_suffix(' ') {
            Some(before) if before.ends_with(is_name_char) => end = before.len(),
            _ => break,
        }
    }
    starts
}

/// The starts (byte offsets into `line`, the line up to the cursor) of the
/// typed text that may be the beginning of a name, longest first: "Han So"
/// before "So". A lone word in lower case is an ordinary word being typed,
/// not a name, and is left out; several words are taken in any case.
pub fn name_prefixes(line: &str) -> Vec<usize> {
    let mut starts = word_starts(line);
    starts.reverse();
    starts.retain(|&start| {
        let typed = &line[start..];
        typed.contains(' ') || typed.starts_with(char::is_uppercase)
    });
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(line: &str) -> Vec<&str> {
        name_prefixes(line)
            .into_iter()
            .map(|s| &line[s..])
            .collect()
    }

    #[test]
    fn typed_words_are_found_backwards_from_the_cursor() {
        let line = "said Vice Foreign Minister Han So";
        let starts: Vec<&str> = word_starts(line).into_iter().map(|s| &line[s..]).collect();
        assert_eq!(
            starts,
            ["So", "Han So", "Minister Han So", "Foreign Minister Han So"]
        );
        assert_eq!(word_starts("met Joseph R. DeT").len(), 4);
        assert!(word_starts("ends with space ").is_empty());
        assert_eq!(word_starts("(Kim"), [1]);
        let line = "said:“Han So";
        let starts: Vec<&str> = word_starts(line).into_iter().map(|s| &line[s..]).collect();
        assert_eq!(starts, ["So", "Han So"]);
    }

    #[test]
    fn longest_first_and_a_lone_lowercase_word_is_not_a_name() {
        assert_eq!(
            typed("said Vice Foreign Minister Han So"),
            ["Foreign Minister Han So", "Minister Han So", "Han So", "So"]
        );
        assert_eq!(
            typed("he met han so"),
            ["he met han so", "met han so", "han so"]
        );
        assert_eq!(typed("the talks went"), ["the talks went", "talks went"]);
        assert!(typed("went").is_empty());
        assert_eq!(typed("Gallu"), ["Gallu"]);
        assert!(typed("").is_empty());
    }
}
