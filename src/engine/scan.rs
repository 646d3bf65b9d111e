//! Small text helpers shared by the rules: the writer's capitalization
//! carried over to a replacement, and fast character tests.

/// `replacement` cased like `original`: ALL CAPS stays all caps (for words of
/// two letters or more), a capital first letter stays capital.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters = original.chars().filter(|c| c.is_alphabetic()).count();
    if letters > 1 && original.chars().all(|c| !c.is_lowercase()) {
        return replacement.to_uppercase();
    }
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

/// The character before byte offset `pos`, if any.
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The character at byte offset `pos`, if any.
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// `ranges` sorted, with overlapping or touching ones merged: the form
/// that `Document`'s binary searches rely on.
/// Whether the character at `pos` (a character boundary) is uppercase; an
/// ASCII byte is answered without decoding.
#[inline]
pub fn upper_at(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => char_at(text, pos).is_some_and(char::is_uppercase),
    }
}

pub fn merge_ranges(mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Whether `text` holds any of `chars` (at most three distinct first
/// bytes): one `memchr` pass, far faster than a char-by-char scan.
pub fn contains_any(text: &str, chars: &[char]) -> bool {
    find_chars(text, chars).next().is_some()
}

/// Whether `text` contains `needle`, with a searcher built once per needle
/// (blocks are small, so building one per call would dominate).
pub fn contains_str(text: &str, finder: &memchr::memmem::Finder<'static>) -> bool {
    finder.find(text.as_bytes()).is_some()
}

/// The positions of `chars` in `text`, found with `memchr` on their first
/// UTF-8 bytes (at most three distinct first bytes).
pub fn find_chars<'a>(
    text: &'a str,
    chars: &'a [char],
) -> impl Iterator<Item = (usize, char)> + 'a {
    // The distinct first bytes, without allocating (this runs per block).
    let mut leads = [0u8; 3];
    let mut count = 0;
    for c in chars {
        let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
        if !leads[..count].contains(&first) {
            assert!(
                count < 3,
                "find_chars takes at most three distinct first bytes"
            );
            leads[count] = first;
            count += 1;
        }
    }
    let lead = |k: usize| if k < count { leads[k] } else { leads[0] };
    memchr::memchr3_iter(lead(0), lead(1), lead(2), text.as_bytes()).filter_map(move |i| {
        let c = char_at(text, i)?;
        chars.contains(&c).then_some((i, c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_multibyte_characters_by_their_first_byte() {
        let found: Vec<(usize, char)> = find_chars("a “b” ’c'", &['“', '”', '\'']).collect();
        assert_eq!(found, [(2, '“'), (6, '”'), (14, '\'')]);
    }

    #[test]
    fn keeps_capitals_and_all_caps() {
        assert_eq!(match_case("Recieved", "received"), "Received");
        assert_eq!(match_case("GOVERMENT", "government"), "GOVERNMENT");
        assert_eq!(match_case("goverment", "government"), "government");
        assert_eq!(match_case("A", "an"), "An");
    }
}
