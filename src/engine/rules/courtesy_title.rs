//! AP uses no courtesy titles (Mr., Mrs., Ms., Miss) outside quotations.

use super::Rule;
use crate::engine::finding::{Edit, Fix, Level};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "courtesy-title",
    default_level: Level::Off,
    summary: "A courtesy title (Mr., Mrs., Ms.) before a name, outside quotations (off by default)",
    explanation: "AP style uses no courtesy titles on second reference: “Gallucci said”, not \
“Mr. Gallucci said”. Other houses (The New York Times) use them, so the rule is off by default; \
switch it on with `courtesy-title = \"hint\"` or higher. Quotations are left alone. The fix, which \
removes the title, is a suggestion.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    for pair in doc.words.windows(2) {
        let (title, name) = (&pair[0], &pair[1]);
        let written = doc.word(title);
        // "Miss" is left out: "the Miss America pageant" is not a title.
        let period = text[title.range().end..].starts_with('.');
        if !matches!(written, "Mr" | "Mrs" | "Ms") || !period {
            continue;
        }
        let gap = &text[title.range().end + usize::from(period)..name.range().start];
        let capitalized = doc.word(name).starts_with(|c: char| c.is_uppercase());
        if !capitalized
            || gap.is_empty()
            || !gap.chars().all(char::is_whitespace)
            || doc.in_quotation(title.range().start)
        {
            continue;
        }
        let shown = &text[title.range().start..title.range().end + usize::from(period)];
        out.emit(
            title.range().start..name.range().end,
            format!("AP style uses no courtesy title: drop “{shown}”"),
            vec![Fix::suggestion(
                format!("Remove “{shown}”"),
                vec![Edit::delete(title.range().start..name.range().start)],
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{fixed, flagged};

    #[test]
    fn flags_courtesy_titles_when_switched_on() {
        assert_eq!(
            flagged("courtesy-title", "Mr. Gallucci said"),
            ["Mr. Gallucci"]
        );
        assert_eq!(fixed("courtesy-title", "said Ms. Park."), "said Park.");
    }

    #[test]
    fn quiet_in_quotations_and_on_other_words() {
        for text in [
            "“Mr. Gallucci was right,” she said.",
            "Mr Big",
            "the Miss America pageant",
            "Mrs.",
        ] {
            assert!(flagged("courtesy-title", text).is_empty(), "{text}");
        }
    }
}
