//! The hover card for a person: Markdown, in the order a copy editor reads.

use super::date::Date;
use super::index::{NameIndex, Romanization};
use super::person::{Person, Position};

/// The roles held on `date` (today when `None`), and undated ones, joined:
/// a completion item's detail.
pub fn current_roles(person: &Person, date: Option<Date>) -> String {
    let on = date.unwrap_or_else(Date::today);
    person
        .all_positions()
        .iter()
        .filter(|p| p.held_on(on) || !p.is_dated())
        .map(Position::role)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The positions held on `date` (today when `None`), each on a line, and
/// the others as a history: earlier ones, and later ones when the date is
/// in the past. An undated position (the older single `title`) is shown as
/// it was, with its "as of".
fn positions(person: &Person, date: Option<Date>) -> String {
    let all = person.all_positions();
    if all.is_empty() {
        return String::new();
    }
    let on = date.unwrap_or_else(Date::today);
    let line = |p: &Position| {
        let span = p.span();
        if span.is_empty() {
            p.role()
        } else {
            format!("{} {span}", p.role())
        }
    };
    let (held, other): (Vec<&Position>, Vec<&Position>) =
        all.iter().partition(|p| p.held_on(on) || !p.is_dated());
    let mut out = String::new();
    if !held.is_empty() {
        out.push('\n');
        if date.is_some() {
            out.push_str(&format!("On {on}:\n\n"));
        }
        for p in &held {
            out.push_str(&format!("{}\n", line(p)));
        }
    }
    let (later, earlier): (Vec<&Position>, Vec<&Position>) = other
        .into_iter()
        .partition(|p| p.start_date().is_some_and(|s| s.first_day() > on));
    for (label, list) in [("Earlier", earlier), ("Later", later)] {
        if !list.is_empty() {
            out.push_str(&format!("\n**{label}:**\n"));
            for p in list {
                out.push_str(&format!("- {}\n", line(p)));
            }
        }
    }
    out
}

/// The card of `person` as of `date` (today when `None`): the positions
/// held then, then the history.
pub fn card(
    index: &NameIndex,
    person: &Person,
    romanization: Romanization,
    date: Option<Date>,
) -> String {
    let house = index.house_name(person, romanization);
    let mut out = format!("### {house}");
    if let Some(native) = &person.native {
        out.push_str(&format!(" ({native})"));
    }
    out.push('\n');
    if let Some(category) = &person.category {
        out.push_str(&format!("\n*{category}*\n"));
    }
    out.push_str(&positions(person, date));
    if let Some(description) = &person.description {
        out.push_str(&format!("\n{description}\n"));
    }
    let mut facts = Vec::new();
    if let Some(born) = &person.born {
        // On the story's date, the age the birth date gives then (what
        // `age-birth-date` checks stated ages against).
        let age = date
            .zip(Date::parse(born))
            .and_then(|(on, b)| Some((on, b.ages_on(on)?)));
        match age {
            Some((on, (low, high))) if low == high => {
                facts.push(format!("**Born:** {born} (age {low} on {on})"));
            }
            Some((on, (low, high))) => {
                facts.push(format!("**Born:** {born} (age {low} or {high} on {on})"));
            }
            None => facts.push(format!("**Born:** {born}")),
        }
    }
    if let Some(abbreviation) = &person.abbreviation {
        facts.push(format!("**Abbreviation:** {abbreviation}"));
    }
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
pub fn plain(
    index: &NameIndex,
    person: &Person,
    romanization: Romanization,
    date: Option<Date>,
) -> String {
    card(index, person, romanization, date)
        .replace("### ", "")
        .replace("**", "")
}

/// The entity as JSON for `copydesk names --format json`: kind, every
/// spelling, and positions (each with whether it is held on `date`, today
/// when `None`).
pub fn json(
    index: &NameIndex,
    person: &Person,
    romanization: Romanization,
    date: Option<Date>,
) -> serde_json::Value {
    let on = date.unwrap_or_else(Date::today);
    let positions: Vec<serde_json::Value> = person
        .all_positions()
        .iter()
        .map(|p| {
            serde_json::json!({
                "title": p.title,
                "organization": p.organization,
                "start": p.start,
                "end": p.end,
                "as_of": p.as_of,
                "held": p.held_on(on),
                "note": p.note,
            })
        })
        .collect();
    serde_json::json!({
        "id": person.id,
        "kind": person.entity.table(),
        "house": index.house_name(person, romanization),
        "name": person.name,
        "yonhap": person.yonhap,
        "aliases": person.aliases,
        "variants": person.variants,
        "abbreviation": person.abbreviation,
        "second_reference": person.second_reference,
        "native": person.native,
        "category": person.category,
        "country": person.country,
        "born": person.born,
        "date": on.to_string(),
        "positions": positions,
        "description": person.description,
        "note": person.note,
        "sources": person.sources,
    })
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
        let shown = card(&index, &index.people[0], Romanization::Ap, None);
        assert_eq!(
            shown,
            "### Han Song Ryol (한성렬)\n\nVice foreign minister, Foreign Ministry (as of 2016-10)\n\n- **Country:** North Korea\n- **Yonhap style:** Han Song-ryol\n- **Not house style:** Han Seong-yeol\n- **Second reference:** Han\n"
        );
        assert!(
            card(&index, &index.people[0], Romanization::Yonhap, None)
                .starts_with("### Han Song-ryol (한성렬)")
        );
    }
}

#[cfg(test)]
mod position_tests {
    use super::*;
    use crate::names::person::parse;

    const KIM: &str = r#"
[[person]]
name = "Kim Jong Un"
born = "1984-01-08"
[[person.positions]]
title = "Chairman of the Workers' Party of Korea"
organization = "Workers' Party of Korea"
start = "2016-05"
end = "2021-01"
[[person.positions]]
title = "General Secretary"
organization = "Workers' Party of Korea"
start = "2021-01"
[[person.positions]]
title = "First Secretary"
organization = "Workers' Party of Korea"
start = "2012-04"
end = "2016-05"
"#;

    #[test]
    fn the_card_shows_the_position_held_on_a_date_and_the_history() {
        let index = NameIndex::new(parse("t.toml", KIM).unwrap());
        let person = &index.people[0];
        let in_2016 = card(
            &index,
            person,
            Romanization::Ap,
            Some(Date::day(2016, 10, 24)),
        );
        assert_eq!(
            in_2016,
            "### Kim Jong Un\n\nOn 2016-10-24:\n\nChairman of the Workers' Party of Korea (2016-05 to 2021-01)\n\n**Earlier:**\n- First Secretary, Workers' Party of Korea (2012-04 to 2016-05)\n\n**Later:**\n- General Secretary, Workers' Party of Korea (since 2021-01)\n\n- **Born:** 1984-01-08 (age 32 on 2016-10-24)\n"
        );
        let today = card(&index, person, Romanization::Ap, None);
        assert!(
            today.starts_with("### Kim Jong Un\n\nGeneral Secretary, Workers' Party of Korea (since 2021-01)\n\n**Earlier:**\n- First Secretary"),
            "{today}"
        );
        assert!(!today.contains("Later"), "{today}");
    }

    #[test]
    fn a_title_naming_its_organization_is_not_followed_by_it() {
        let index = NameIndex::new(parse("t.toml", "[[person]]\nname = \"A B\"\ntitle = \"Chairman, Workers' Party of Korea\"\norganization = \"Workers' Party of Korea\"\n").unwrap());
        assert_eq!(
            card(&index, &index.people[0], Romanization::Ap, None),
            "### A B\n\nChairman, Workers' Party of Korea\n"
        );
    }

    #[test]
    fn a_title_naming_its_organization_by_initials_or_in_other_words_is_not_followed_by_it() {
        for (title, org) in [
            (
                "Vice Department Director, WPK Central Committee",
                "Workers' Party of Korea",
            ),
            (
                "Chairman of the Workers’ Party of Korea",
                "Workers' Party of Korea",
            ),
            (
                "General Secretary of the Workers' Party of Korea",
                "the Workers' Party of Korea",
            ),
            ("KCNA correspondent", "Korean Central News Agency"),
        ] {
            let position = Position {
                title: title.into(),
                organization: Some(org.into()),
                ..Position::default()
            };
            assert_eq!(position.role(), title);
        }
        // Initials inside a longer word, or a different organization, are
        // no reason to leave it out.
        for (title, org) in [
            ("Chairman", "Workers' Party of Korea"),
            ("WPKX liaison", "Workers' Party of Korea"),
            ("Vice Foreign Minister", "Ministry of Foreign Affairs"),
        ] {
            let position = Position {
                title: title.into(),
                organization: Some(org.into()),
                ..Position::default()
            };
            assert_eq!(position.role(), format!("{title}, {org}"));
        }
    }

    #[test]
    fn bad_dates_and_misplaced_fields_are_named() {
        let err = parse("n.toml", "[[person]]\nname = \"A B\"\n[[person.positions]]\ntitle = \"X\"\nstart = \"June 2016\"\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("`start` “June 2016” is not a date"),
            "{err}"
        );
        let err = parse("n.toml", "[[place]]\nname = \"Kaesong\"\ntitle = \"X\"\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("[[place]] #1 (“Kaesong”): a place has no `title`"),
            "{err}"
        );
    }
}
