//! A currency named twice: "$3 billion dollars".

use std::sync::OnceLock;

use regex::Regex;

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "redundant-currency",
    default_level: Level::On(Severity::Warning),
    summary: "A currency named twice (“$3 billion dollars”)",
    explanation: "The currency symbol already says dollars (or euros, pounds, yen): “$3 billion \
dollars” reads “three billion dollars dollars”. The fix removes the word and is safe.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^([$€£¥])[ \u{a0}]?\d[\d,.]*(?:(?:[ \t\u{a0}]+\n?|\n)[ \t\u{a0}]*(?:thousand|million|billion|trillion))?((?:[ \t\u{a0}]+\n?|\n)[ \t\u{a0}]*(dollars?|euros?|pounds?|yen)(?-u:\b))",
        )
        .expect("currency pattern compiles")
    })
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let text = ctx.doc.text;
    // Try the pattern at each currency symbol, on a window long enough for
    // "$1,234.5 billion dollars", rather than over the whole text.
    for start in symbols(text) {
        let mut end = (start + 48).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let Some(caps) = pattern().captures(&text[start..end]) else {
            continue;
        };
        let at = |m: regex::Match<'_>| start + m.start()..start + m.end();
        let (symbol, word) = (&caps[1], caps[3].to_lowercase());
        let pairs = matches!(
            (symbol, word.trim_end_matches('s')),
            ("$", "dollar") | ("€", "euro") | ("£", "pound") | ("¥", "yen")
        );
        if !pairs {
            continue;
        }
        let whole = at(caps.get(0).expect("match"));
        let cut = at(caps.get(2).expect("group"));
        out.emit(
            whole,
            format!("“{symbol}” already says {word}"),
            vec![Fix::safe(
                format!("Remove “{}”", &caps[3]),
                vec![Edit::delete(cut)],
            )],
        );
    }
}

/// The offsets of the currency symbols `$`, `€`, `£` and `¥` in `text`, in
/// order: one `memchr3` pass over bytes that news copy rarely writes — `$`,
/// the lead byte of `£` and `¥` (0xC2), the last byte of `€` (0xAC) —
/// rather than a search that stops at every curly quote and dash (which
/// share `€`'s lead byte, 0xE2).
fn symbols(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'$', 0xC2, 0xAC, bytes).filter_map(move |at| match bytes[at] {
        b'$' => Some(at),
        0xC2 => matches!(bytes.get(at + 1), Some(0xA3 | 0xA5)).then_some(at),
        // 0xAC ends "€" (E2 82 AC) and a few other characters.
        _ => (at >= 2 && bytes[at - 2..at] == [0xE2, 0x82]).then(|| at - 2),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn symbols_are_found_where_find_chars_finds_them() {
        use crate::engine::scan::find_chars;
        let text = "“$3” – €4 £5 ¥6 © ¬ \u{212c} nbsp\u{a0}€ $$ ¥£€";
        let found: Vec<usize> = super::symbols(text).collect();
        let expected: Vec<usize> = find_chars(text, &['$', '€', '£', '¥'])
            .map(|(at, _)| at)
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found.len(), 10);
    }

    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_symbol_and_word_together() {
        assert_eq!(
            flagged("redundant-currency", "a $3 billion dollars deal"),
            ["$3 billion dollars"]
        );
        assert_eq!(
            fixed(
                "redundant-currency",
                "cost €2 million euros and £40 pounds."
            ),
            "cost €2 million and £40."
        );
    }

    #[test]
    fn quiet_on_single_naming() {
        for text in [
            "a $3 billion deal",
            "3 billion dollars",
            "$5 Canadian dollars",
            "$5 pounds of rice",
        ] {
            assert!(flagged("redundant-currency", text).is_empty(), "{text}");
        }
    }
}
