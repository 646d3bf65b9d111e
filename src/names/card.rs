//! The hover card for a person: Markdown, in the order a copy editor reads.

use super::index::{NameIndex, Romanization};
use super::person::Person;

pub fn card(index: &NameIndex, person: &Person, romanization: Romanization) -> String {
    let house = index.house_name(person, romanization);
    let mut out = format!("### {house}");
    if let Some(native) = &person.native {
        out.push_str(&format!(" ({native})"));
    }
    out.push('\n');
    let role = [person.title.as_deref(), person.organization.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !role.is_empty() {
        match &person.as_of {
            Some(as_of) => out.push_str(&format!("\n{role} (as of {as_of})\n")),
            None => out.push_str(&format!("\n{role}\n")),
        }
    }
    if let Some(description) = &person.description {
        out.push_str(&format!("\n{description}\n"));
    }
    let mut facts = Vec::new();
    if let Some(country) = &person.country {
        facts.push(format!("**Country:** {country}"));
    }
    let other_house = match romanization {
        Romanization::Ap => person
            .yonhap
            .as_ref()
            .map(|y| format!("**Yonhap style:** {y}")),
        Romanization::Yonhap => person
            .yonhap
            .as_ref()
            .map(|_| format!("**AP style:** {}", person.name)),
    };
    facts.extend(other_house);
    if !person.aliases.is_empty() {
        facts.push(format!("**Also accepted:** {}", person.aliases.join(", ")));
    }
    if !person.variants.is_empty() {
        facts.push(format!(
            "**Not house style:** {}",
            person.variants.join(", ")
        ));
    }
    if let Some(second) = &person.second_reference {
        facts.push(format!("**Second reference:** {second}"));
    }
    if let Some(note) = &person.note {
        facts.push(format!("**Note:** {note}"));
    }
    if !person.sources.is_empty() {
        facts.push(format!("**Sources:** {}", person.sources.join("; ")));
    }
    if !facts.is_empty() {
        out.push('\n');
        for fact in facts {
            out.push_str(&format!("- {fact}\n"));
        }
    }
    out
}

/// The card as plain text lines, for `copydesk names` at a terminal.
pub fn plain(index: &NameIndex, person: &Person, romanization: Romanization) -> String {
    card(index, person, romanization)
        .replace("### ", "")
        .replace("**", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::person::parse;

    #[test]
    fn the_card_shows_house_spelling_native_role_and_notes() {
        let people = parse(
            "t.toml",
            "[[person]]\nname = \"Han Song Ryol\"\nyonhap = \"Han Song-ryol\"\nnative = \"한성렬\"\ntitle = \"Vice foreign minister\"\norganization = \"Foreign Ministry\"\nas_of = \"2016-10\"\ncountry = \"North Korea\"\nvariants = [\"Han Seong-yeol\"]\nsecond_reference = \"Han\"\n",
        )
        .unwrap();
        let index = NameIndex::new(people);
        let shown = card(&index, &index.people[0], Romanization::Ap);
        assert_eq!(
            shown,
            "### Han Song Ryol (한성렬)\n\nVice foreign minister, Foreign Ministry (as of 2016-10)\n\n- **Country:** North Korea\n- **Yonhap style:** Han Song-ryol\n- **Not house style:** Han Seong-yeol\n- **Second reference:** Han\n"
        );
        assert!(
            card(&index, &index.people[0], Romanization::Yonhap)
                .starts_with("### Han Song-ryol (한성렬)")
        );
    }
}
