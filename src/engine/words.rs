//! Word lists the engine's logic reads (phrase-context classes, abbreviations
//! that do not end a sentence, top-level domains, the months), compiled from
//! `data/words.toml` by `build.rs`.

/// A month as `date-format` knows it.
pub struct MonthSpec {
    pub full: &'static str,
    /// AP's abbreviation before a day; `None`: always spelled out.
    pub ap: Option<&'static str>,
    /// The abbreviations writers use, without their period.
    pub written: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/word_lists.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_compiled_in() {
        assert_eq!(WEEKDAYS.len(), 7);
        assert_eq!(CALENDAR[8].full, "September");
        assert_eq!(CALENDAR[8].ap, Some("Sept."));
        assert_eq!(CALENDAR[4].ap, None);
        assert!(ABBREVIATIONS.contains(&"Gen"));
        assert!(DOMAINS.contains(&"gov"));
    }
}
