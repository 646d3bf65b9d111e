//! A known official's name spelled against house style.

use super::Rule;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::{Context, Emitter};
use crate::names::{Form, Romanization};

pub static RULE: Rule = Rule {
    id: "name-variant",
    default_level: Level::On(Severity::Warning),
    summary: "An official's name spelled against house style (“Choi Sun-hee” for “Choe Son Hui”)",
    explanation: "The name is a known spelling of a person in the names knowledge base, but not \
the house spelling: a misspelling seen in print, another romanization, or the other house's form \
(under AP style the Yonhap form “Kim Jong-un” is off-house, and the other way round with \
`romanization = \"yonhap\"`). The fix writes the house spelling. It is a suggestion, never applied \
automatically, because a variant can be the correct spelling of someone else. Accepted short \
forms (“Robert Gallucci” for “Robert L. Gallucci”) are never flagged. Hover over the name shows \
who it is.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let names = &ctx.settings.names;
    let romanization = ctx.settings.romanization;
    for mention in ctx.mentions {
        let spelling = &names.spellings[mention.spelling];
        if names.is_house(spelling, romanization) {
            continue;
        }
        let person = &names.people[spelling.person];
        let house = names.house_name(person, romanization);
        let written = crate::names::index::one_line(&ctx.doc.text[mention.range.clone()]);
        let why = match (spelling.form, romanization) {
            (Form::Yonhap, _) => " (Yonhap style; house style is AP)".to_string(),
            (Form::Name, Romanization::Yonhap) => " (AP style; house style is Yonhap)".to_string(),
            _ => String::new(),
        };
        out.emit(
            mention.range.clone(),
            format!("“{written}” is not the house spelling of {house}{why}"),
            vec![Fix::replace(mention.range.clone(), house, false)],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Settings;
    use crate::engine::rules::test_support::{fixed, flagged, flagged_with};
    use crate::names::Romanization;

    #[test]
    fn flags_variants_and_the_other_romanization() {
        assert_eq!(
            flagged(
                "name-variant",
                "deputy director Choi Sun-hee met Kim Jong-un."
            ),
            ["Choi Sun-hee", "Kim Jong-un"]
        );
        assert_eq!(
            fixed("name-variant", "Choi Sun-hee met him."),
            "Choe Son Hui met him."
        );
    }

    #[test]
    fn house_style_aliases_and_other_words_are_quiet() {
        for text in [
            "Vice Foreign Minister Han Song Ryol met Robert Gallucci and Robert L. Gallucci.",
            "Victor Cha and Victor D. Cha, Kim Jong Un and Jang Il Hun.",
            "Choi Soon-sil is someone else. Han and Kim met. A choir sang.",
            "최선희 met 한성렬.",
        ] {
            assert!(
                flagged("name-variant", text).is_empty(),
                "{text}: {:?}",
                flagged("name-variant", text)
            );
        }
    }

    #[test]
    fn a_person_spelled_alike_by_both_houses_is_never_their_own_variant() {
        use crate::names::NameIndex;
        use crate::names::person::parse;
        let people = parse(
            "desk.toml",
            "[[person]]\nname = \"Moon Jae-in\"\nyonhap = \"Moon Jae-in\"\n",
        )
        .unwrap();
        for romanization in [Romanization::Ap, Romanization::Yonhap] {
            let settings = Settings {
                names: std::sync::Arc::new(NameIndex::new(people.clone())),
                romanization,
                ..Settings::default()
            };
            assert!(
                flagged_with("name-variant", "Moon Jae-in spoke.", &settings).is_empty(),
                "{romanization:?}"
            );
        }
    }

    #[test]
    fn yonhap_house_style_flips_the_forms() {
        let settings = Settings {
            romanization: Romanization::Yonhap,
            ..Settings::default()
        };
        assert_eq!(
            flagged_with("name-variant", "Kim Jong-un met Han Song Ryol.", &settings),
            ["Han Song Ryol"]
        );
    }
}
