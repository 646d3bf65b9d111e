//! `copydesk names import`: sample files written for these tests in the
//! formats the importers read (`tests/names_import/`: Wikidata entity JSON
//! as `Special:EntityData` gives it, a dump of one entity per line, names
//! spreadsheets), through the binary to a names file, and from that file to
//! the hover card. The people, places and organizations in them are made up.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use copydesk::names::card::card;
use copydesk::names::person::parse;
use copydesk::names::{Date, NameIndex, Romanization};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/names_import")
        .join(name)
}

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("copydesk runs")
}

fn import(from: &str, file: &str, extra: &[&str]) -> (String, String) {
    let path = fixture(file);
    let mut args = vec!["names", "import", "--from", from, path.to_str().unwrap()];
    args.extend(extra);
    let output = copydesk(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

fn card_of(names: &str, name: &str, date: Date) -> String {
    let index = NameIndex::new(parse("imported.toml", names).expect("the import loads"));
    let at = index
        .people
        .iter()
        .position(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} imported"));
    card(&index, &index.people[at], Romanization::Ap, Some(date))
}

#[test]
fn a_wikidata_entity_becomes_a_card_with_its_hangul_positions_and_dates() {
    let (names, notes) = import("wikidata", "entity.json", &[]);
    let card = card_of(&names, "Pak Chol Su", Date::day(2016, 10, 24));
    assert_eq!(
        card,
        "### Pak Chol Su (박철수)\n\nOn 2016-10-24:\n\nMinister of Fisheries, Ministry of Fisheries (2014-04 to 2019-12-31)\n\n\
         **Later:**\n- Q900011 (since 2020)\n\n\
         - **Born:** 1961-05-02 (age 55 on 2016-10-24)\n- **Country:** Freedonia\n- **Also accepted:** Pak Chol-su, Pak Cholsu, 박 철수, 朴哲洙\n\
         - **Sources:** Wikidata Q900001, CC0 (name, native, aliases, country, born, positions)\n"
    );
    // The organization and the country are entities of the file too; the
    // position is only a label; the one not in the file is named.
    assert!(names.contains("[[organization]]\nid = \"Q900020\"\nname = \"Ministry of Fisheries\"\nnative = \"수산성\"\nkind = \"ministry\""), "{names}");
    assert!(
        names.contains("[[place]]\nid = \"Q900030\"\nname = \"Freedonia\""),
        "{names}"
    );
    assert!(!names.contains("id = \"Q900010\""), "{names}");
    assert!(
        !names.contains("Q900012"),
        "a deprecated statement is left out: {names}"
    );
    assert!(
        names.contains(
            "note = \"Title is Wikidata Q900011, whose label was not in the imported file.\""
        ),
        "{names}"
    );
    assert!(
        notes.contains("the position Q900011 is not in the input"),
        "{notes}"
    );
    assert!(names.starts_with("# Imported by `copydesk names import --from wikidata`"));
}

#[test]
fn a_dump_of_one_entity_per_line_gives_places_and_organizations() {
    let (names, notes) = import("wikidata", "dump.json", &[]);
    let index = NameIndex::new(parse("imported.toml", &names).unwrap());
    let kinds: Vec<(&str, &str, Option<&str>)> = index
        .people
        .iter()
        .map(|p| (p.entity.table(), p.name.as_str(), p.category.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("place", "Sinpo-ri", Some("village")),
            (
                "organization",
                "Freedonia Wire Service",
                Some("news agency")
            )
        ]
    );
    assert_eq!(index.people[1].abbreviation.as_deref(), Some("FWS"));
    assert_eq!(index.people[1].native.as_deref(), Some("フリードニア通信"));
    // The country is not in this file: its QID, with a note on the entry.
    assert_eq!(index.people[0].country.as_deref(), Some("Q900030"));
    assert!(index.people[0].note.as_deref().unwrap().contains("Q900030"));
    assert!(notes.contains("read for labels only: Q900060"), "{notes}");
}

#[test]
fn a_spreadsheet_becomes_entities_whose_rows_add_positions() {
    let (names, _) = import("csv", "names.csv", &[]);
    let card = card_of(&names, "Ri Song Gwon", Date::day(2017, 1, 1));
    assert!(
        card.starts_with(
            "### Ri Song Gwon (리성권)\n\nOn 2017-01-01:\n\nMinister, Ministry of Fisheries (since 2016-05)\n\n**Earlier:**\n- Vice Minister, Ministry of Fisheries (2012-03 to 2016-05)\n"
        ),
        "{card}"
    );
    assert!(
        card.contains("- **Born:** 1958 (age 58 or 59 on 2017-01-01)\n"),
        "{card}"
    );
    assert!(
        card.contains("**Not house style:** Ri Sung-kwon, Lee Song-gwon"),
        "{card}"
    );
    assert!(card.contains("names.csv, line 2"), "{card}");
    let index = NameIndex::new(parse("imported.toml", &names).unwrap());
    let org = index
        .people
        .iter()
        .find(|p| p.name == "Freedonia Fisheries, Inc.")
        .unwrap();
    assert_eq!(org.abbreviation.as_deref(), Some("FFI"));
    assert_eq!(index.people[1].entity.table(), "place");

    let (names, _) = import(
        "csv",
        "columns.csv",
        &["--columns", "name=1,title=2,native=3,start=4"],
    );
    let card = card_of(&names, "Jo Myong Hui", Date::day(2020, 1, 1));
    assert!(
        card.starts_with(
            "### Jo Myong Hui (조명희)\n\nOn 2020-01-01:\n\nDirector (since 2018-07)\n"
        ),
        "{card}"
    );
}

#[test]
fn the_output_file_loads_as_a_newsroom_names_file() {
    let dir = std::env::temp_dir().join(format!("copydesk-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("imported.toml");
    let entity = fixture("entity.json");
    import(
        "wikidata",
        "entity.json",
        &["--output", out.to_str().unwrap()],
    );
    std::fs::write(
        dir.join("copydesk.toml"),
        "[names]\nfiles = [\"imported.toml\"]\n",
    )
    .unwrap();
    let config = dir.join("copydesk.toml");
    let shown = copydesk(&[
        "names",
        "박철수",
        "--date",
        "2016-10-24",
        "--config",
        config.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.starts_with("Pak Chol Su (박철수)\n\nOn 2016-10-24:\n\nMinister of Fisheries"),
        "{text}"
    );
    // Writing again replaces the file whole.
    import(
        "wikidata",
        "entity.json",
        &["--output", out.to_str().unwrap()],
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
    // A file an import did not write (a names file typed by hand) is never
    // replaced.
    let hand = dir.join("hand.toml");
    let typed = "[[person]]\nname = \"Typed By Hand\"\n";
    std::fs::write(&hand, typed).unwrap();
    let refused = copydesk(&[
        "names",
        "import",
        "--from",
        "wikidata",
        entity.to_str().unwrap(),
        "--output",
        hand.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("was not written by `copydesk names import`; not replaced"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&hand).unwrap(), typed);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_name_the_file_the_line_or_entity_and_the_field() {
    let dir = std::env::temp_dir().join(format!("copydesk-import-err-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let error = |from: &str, path: &str, extra: &[&str]| {
        let mut args = vec!["names", "import", "--from", from, path];
        args.extend(extra);
        let output = copydesk(&args);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        String::from_utf8(output.stderr).unwrap()
    };
    let dump = write(
        "dump.json",
        "[\n{\"id\":\"Q1\",\"labels\":{\"en\":{\"value\":\"A B\"}}},\n{\"id\":\"Q2\", broken\n]\n",
    );
    assert!(
        error("wikidata", &dump, &[])
            .starts_with(&format!("copydesk: {dump}:3: not Wikidata entity JSON"))
    );
    let bad_time = write(
        "time.json",
        "{\"id\":\"Q7\",\"labels\":{\"en\":{\"value\":\"A B\"}},\"claims\":{\"P31\":[{\"mainsnak\":{\"datavalue\":{\"value\":{\"id\":\"Q5\"}}}}],\"P569\":[{\"mainsnak\":{\"datavalue\":{\"value\":{\"time\":\"1961\",\"precision\":9}}}}]}}\n",
    );
    assert_eq!(
        error("wikidata", &bad_time, &[]),
        format!(
            "copydesk: {bad_time}:1: key `claims.P569`: entity Q7: “1961” is not a Wikidata time\n"
        )
    );
    let csv = write("n.csv", "name,born\nA B,1961\nC D,May 1961\n");
    assert_eq!(
        error("csv", &csv, &[]),
        format!(
            "copydesk: {csv}:3: key `born`: row at line 3: `born` “May 1961” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"
        )
    );
    let header = write("h.csv", "name,tilte\nA B,Minister\n");
    let message = error("csv", &header, &[]);
    assert!(
        message.contains(":1: column 2 “tilte” is not a names field"),
        "{message}"
    );
    assert!(message.contains("did you mean `title`?"), "{message}");
    let message = error("csv", &header, &["--columns", "name=0"]);
    assert!(
        message.contains("--columns “name=0”: a column is a number from 1"),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `copydesk names` into a pipe closed early (`| head`) ends quietly with
/// the status of a closed pipe, like `check`, never a panic.
#[test]
fn names_into_a_closed_pipe_ends_quietly() {
    let dir = std::env::temp_dir().join(format!("copydesk-names-pipe-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let entries: String = (0..3000)
        .map(|n| {
            format!("[[person]]\nid = \"p{n}\"\nname = \"Pipe Person{n}\"\ntitle = \"Official\"\n")
        })
        .collect();
    std::fs::write(dir.join("names.toml"), entries).unwrap();
    std::fs::write(
        dir.join("copydesk.toml"),
        "[names]\nfiles = [\"names.toml\"]\n",
    )
    .unwrap();
    let config = dir.join("copydesk.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["names", "Pipe", "--config", config.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(141), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
