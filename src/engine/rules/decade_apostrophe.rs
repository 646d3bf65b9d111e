//! Decades take no apostrophe before the s: "the 1990s", "the '80s".

use std::sync::OnceLock;

use regex::Regex;

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "decade-apostrophe",
    default_level: Level::On(Severity::Warning),
    summary: "A decade written with an apostrophe before the s (“the 1990's”)",
    explanation: "Decades are plurals, not possessives: “the 1990s”, “the early 2000s”, “the \
’80s”. The rule fires only after “the”, “early”, “mid” or “late”, so a year's possessive \
(“1990's budget”) is left alone. The fix removes the apostrophe; it is a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:the|early|mid|late)(?:[ \t\u{a0}-]+\n?|\n)[ \t\u{a0}]*(?:\d{3}0|['’]\d0)(['’])s(?-u:\b)")
            .expect("decade pattern compiles")
    })
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let text = ctx.doc.text;
    // A decade's apostrophe follows a 0: look for "0'" or "0’" cheaply.
    let zero_apostrophe = memchr::memchr_iter(b'0', text.as_bytes())
        .any(|i| text[i + 1..].starts_with('\'') || text[i + 1..].starts_with('’'));
    if !zero_apostrophe {
        return;
    }
    for caps in pattern().captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let apostrophe = caps.get(1).expect("group");
        let decade_start = text[..apostrophe.start()]
            .rfind(|c: char| c.is_whitespace() || c == '-')
            .map_or(whole.start(), |p| p + 1);
        let range = decade_start..whole.end();
        let written = &text[range.clone()];
        let mut wanted = written.to_string();
        wanted.replace_range(
            apostrophe.start() - decade_start..apostrophe.end() - decade_start,
            "",
        );
        out.emit(
            range,
            format!("Decades take no apostrophe: “{wanted}”"),
            vec![Fix::suggestion(
                format!("Write “{wanted}”"),
                vec![Edit::delete(apostrophe.range())],
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_apostrophes_in_decades() {
        assert_eq!(
            flagged("decade-apostrophe", "in the 1990's and the early 2000's"),
            ["1990's", "2000's"]
        );
        assert_eq!(
            fixed("decade-apostrophe", "since the '80's"),
            "since the '80s"
        );
    }

    #[test]
    fn quiet_on_plurals_and_year_possessives() {
        for text in [
            "in the 1990s",
            "the ’80s",
            "1990's budget was tight",
            "in 2010's election",
        ] {
            assert!(flagged("decade-apostrophe", text).is_empty(), "{text}");
        }
    }
}
