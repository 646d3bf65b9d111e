//! An organization's abbreviation introduced with another expansion than
//! the names knowledge base gives it: "the Korean Central Broadcasting
//! Agency (KCNA)" where KCNA is the Korean Central News Agency.

use super::Rule;
use super::abbreviation_inconsistent::{bare, letters, parenthesized, same_expansion, small_words};
use super::people::linked;
use crate::engine::finding::{Fix, Level, Related, Severity};
use crate::engine::{Context, Emitter};
use crate::names::{Kind, Person};

pub static RULE: Rule = Rule {
    id: "abbreviation-expansion",
    default_level: Level::On(Severity::Warning),
    summary: "An organization's abbreviation introduced with another expansion than the names knowledge base's (“(KCNA)”)",
    explanation: "An abbreviation in parentheses — “the Korean Central Broadcasting Agency \
(KCNA)” — that the names knowledge base knows as an organization's `abbreviation` \
(`[[organization]]` in `data/officials.toml` and the newsroom's `[names] files`) is checked \
against the organization's name there: “Korean Central News Agency”. The expansion is the \
capitalized words before the parenthesis that give as many letters as the abbreviation has \
capitals (small words such as “of” give none, “U.S.” two, as in `abbreviation-inconsistent`), \
and any words of the organization's name just before them. It is flagged when it is none of the \
organization's spellings (its name, Yonhap form or aliases; a listed variant is \
`name-variant`'s) but shares at least half its words with them — an attempt at the name, not a \
place or a day before a credit (“Pyongyang (KCNA)”). Case, hyphens, apostrophes and “U.S.” for \
“United States” are not differences. Quotations are left alone. The knowledge base's name is \
offered as a suggestion, never applied by `--fix`.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

/// A spelling's words as an expansion's are compared: lower case, without
/// possessives, hyphens splitting words.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| bare(w).to_lowercase())
        .collect()
}

/// The spellings an organization accepts: its name, Yonhap form, aliases.
fn spellings(org: &Person) -> impl Iterator<Item = &String> {
    std::iter::once(&org.name)
        .chain(&org.yonhap)
        .chain(&org.aliases)
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let text = doc.text;
    let names = &ctx.settings.names;
    let small = small_words();
    let is_small = |w: &str| small.iter().any(|s| s.eq_ignore_ascii_case(w));
    for mention in ctx.mentions {
        // A known organization's abbreviation, alone in parentheses.
        let start = mention.range.start;
        let Some(open) = start.checked_sub(1).filter(|&o| text.as_bytes()[o] == b'(') else {
            continue;
        };
        let Some(abbreviation) = parenthesized(doc, open) else {
            continue;
        };
        let index = names.spellings[mention.spelling].person;
        let org = &names.people[index];
        if abbreviation.len() != mention.range.len()
            || org.entity != Kind::Organization
            || org.abbreviation.as_deref() != Some(abbreviation)
        {
            continue;
        }
        let end = text[..open].trim_end_matches([' ', '\u{a0}']).len();
        // A spelling of the organization itself right before: house style,
        // or a variant (`name-variant` flags those).
        if end == open
            || ctx
                .mentions
                .iter()
                .any(|m| m.range.end == end && names.spellings[m.spelling].person == index)
        {
            continue;
        }
        // The capitalized words (and small words) that run up to the
        // parenthesis, giving as many letters as the abbreviation has
        // capitals.
        let Some(last) = doc.words.iter().rposition(|w| w.range().end == end) else {
            continue;
        };
        let wanted = abbreviation
            .chars()
            .filter(char::is_ascii_uppercase)
            .count();
        let mut first = last + 1;
        let mut lettered = 0;
        while first > 0 && lettered < wanted {
            let word = doc.word(&doc.words[first - 1]);
            if first <= last && !linked(doc, first) {
                break;
            }
            if is_small(word) {
                first -= 1;
                continue;
            }
            match letters(bare(word), small) {
                Some(given) if !given.is_empty() => lettered += given.len(),
                _ => break,
            }
            first -= 1;
        }
        // Words of the name before those ("Korean" of "Korean Peninsula
        // Energy Development Organization (KEDO)").
        let known: Vec<String> = spellings(org).flat_map(|s| tokens(s)).collect();
        while first > 0
            && linked(doc, first)
            && tokens(doc.word(&doc.words[first - 1]))
                .first()
                .is_some_and(|w| known.contains(w))
        {
            first -= 1;
        }
        while first <= last && is_small(doc.word(&doc.words[first])) {
            first += 1;
        }
        if first > last {
            continue;
        }
        let range = doc.words[first].range().start..end;
        let written = tokens(&text[range.clone()]);
        if spellings(org).any(|s| same_expansion(&tokens(s), &written)) {
            continue;
        }
        // An attempt at the name: half its lettered words are the name's.
        let words: Vec<&String> = written.iter().filter(|w| !is_small(w)).collect();
        let shared = words.iter().filter(|w| known.contains(w)).count();
        if shared == 0 || shared * 2 < words.len() {
            continue;
        }
        let house = names.house_name(org, ctx.settings.romanization);
        let here = &text[range.clone()];
        out.emit_related(
            range.clone(),
            format!(
                "{abbreviation} is the “{house}” in the names knowledge base, not the “{here}”"
            ),
            vec![Fix::replace(range, house, false)],
            vec![Related {
                range: mention.range.clone(),
                message: format!("{abbreviation} in the names knowledge base: {house}"),
            }],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::knowledge::settings_with;
    use crate::engine::rules::test_support::flagged_with;
    use crate::engine::{Format, check};

    const ORGANIZATIONS: &str = r#"
[[organization]]
name = "Korean Central News Agency"
abbreviation = "KCNA"
variants = ["Korea Central News Agency"]

[[organization]]
name = "U.S. Forces Korea"
abbreviation = "USFK"

[[organization]]
name = "Korean Peninsula Energy Development Organization"
abbreviation = "KEDO"

[[organization]]
name = "Rodong Sinmun"
"#;

    fn flagged(text: &str) -> Vec<&str> {
        flagged_with(
            "abbreviation-expansion",
            text,
            &settings_with(ORGANIZATIONS),
        )
    }

    #[test]
    fn flags_another_expansion_and_suggests_the_knowledge_base_s() {
        let text = "The Korean Central Broadcasting Agency (KCNA) said so.";
        let findings: Vec<_> = check(text, Format::Plain, &settings_with(ORGANIZATIONS))
            .into_iter()
            .filter(|f| f.rule == "abbreviation-expansion")
            .collect();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!(
            &text[finding.range.clone()],
            "Korean Central Broadcasting Agency"
        );
        assert_eq!(
            finding.message,
            "KCNA is the “Korean Central News Agency” in the names knowledge base, not the “Korean Central Broadcasting Agency”"
        );
        assert!(!finding.fixes[0].safe);
        assert_eq!(
            finding.fixes[0].edits[0].replacement,
            "Korean Central News Agency"
        );
        assert_eq!(&text[finding.related[0].range.clone()], "KCNA");
    }

    #[test]
    fn flags_wrong_and_incomplete_expansions() {
        for text in [
            "North Korea's Korean Central Broadcasting Agency (KCNA) said so.",
            "The Central News Agency (KCNA) said so.",
            "The Korean Central News Service (KCNA) said so.",
            "U.S. Force Korea (USFK) said so.",
            "U.S. Armed Forces Korea (USFK) said so.",
        ] {
            assert_eq!(flagged(text).len(), 1, "{text}");
        }
        // The name's words before the lettered ones belong to the expansion.
        assert_eq!(
            flagged("The Korean Peninsula Energy Development Office (KEDO) met."),
            ["Korean Peninsula Energy Development Office"]
        );
    }

    #[test]
    fn quiet_on_a_name_longer_than_its_abbreviation() {
        for text in [
            "The Korean Peninsula Energy Development Organization (KEDO) met.",
            "Officials of the Korean Peninsula Energy Development Organization (KEDO) met.",
        ] {
            assert_eq!(flagged(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn quiet_on_the_right_expansion_variants_credits_and_quotations() {
        for text in [
            "The Korean Central News Agency (KCNA) said so.",
            "North Korea's official Korean Central News Agency (KCNA) said so.",
            "North Korea's Korean Central News Agency (KCNA) said so.",
            "The Korean Central News-Agency (KCNA) said so.",
            "United States Forces Korea (USFK) said so.",
            "U.S. Forces Korea (USFK) said so.",
            // A variant is `name-variant`'s to flag.
            "The Korea Central News Agency (KCNA) said so.",
            // Not an expansion: a credit, a lower-case description, a day.
            "PYONGYANG, Oct. 24 (KCNA) — The talks ended.",
            "Pyongyang (KCNA) said so.",
            "The state news agency (KCNA) said so.",
            "It said on Monday (KCNA) that talks ended.",
            // A quotation; an abbreviation the knowledge base does not know.
            "“The Korean Central Broadcasting Agency (KCNA) lies,” he said.",
            "The Korean Central Broadcasting Agency (KCBA) said so.",
        ] {
            assert_eq!(flagged(text), Vec::<&str>::new(), "{text}");
        }
    }
}
