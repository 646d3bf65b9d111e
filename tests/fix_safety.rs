//! "Safe means certain": copy that is right as written, however odd it
//! looks, comes out of `--fix` byte for byte as it went in, while the slips
//! that no reading can defend are still fixed.

use std::io::Write;
use std::process::Command;

use copydesk::engine::fix::fix_all;
use copydesk::engine::{Format, Settings};

/// Legitimate doubles and idioms, one per kind of reading that makes them
/// right. None of them may be changed without a person.
const LEGITIMATE: &[&str] = &[
    // an idiom running into its own preposition
    "Police searched door to door to find him.",
    "Prices rose year by year by about 3 percent.",
    "Volunteers went house to house to register voters.",
    "The leaders met face to face to settle it.",
    "The company grew day by day by adding stores.",
    "The army advanced step by step by clearing each village.",
    "Troops moved street by street by night.",
    "Day after day after day, the rain fell.",
    "She copied it word for word for the record.",
    "They drove coast to coast to see the eclipse.",
    "Traffic was bumper to bumper to the bridge.",
    "Prisoners were lined up back to back to be counted.",
    "He spoke man to man to the coach.",
    "She reads it from time to time to her class.",
    // copulas and auxiliaries
    "What it is is a test of nerve.",
    "The thing is is that nobody knows.",
    "What it was was a failure of planning.",
    "What they do do matters to voters.",
    "What he did did not matter.",
    "What the law does does not change.",
    "Whoever can can apply by Friday.",
    "All we have have been tested.",
    // a stranded preposition, then a new phrase
    "It is the house he lived in in Seoul.",
    "It was the issue she focused on on Monday.",
    "That is the cause he stood for for decades.",
    "It was the man she spoke to to ask directions.",
    "This is the group he worked with with great success.",
    "Nobody knew what it was about about a week ago.",
    "It is the town he grew up in in the 1990s.",
    "That was the crowd he came from from the start.",
    "She took the coat off off the record.",
    // pronouns that are object and subject or possessive
    "She gave her her keys back.",
    "I told you you were wrong.",
    "They sold it it seems for a song.",
    "He asked them them all to stay.",
    // a word that ends one clause and starts the next
    "He came back back in 2010.",
    "The minister who was then then met reporters.",
    "She arrived today today's meeting was canceled.",
    "He saw her last last year.",
    "They won once once they trained.",
    "He was here here he said.",
    // emphasis
    "It was a long long time ago.",
    "It is much much larger than we thought.",
    "She was very very tired.",
    "It was far far away.",
    "Many many people came.",
    "It was really really cold.",
    "It happened way way back in the 1980s.",
    // names of one doubled word
    "He met Dr. Abdullah Abdullah on Monday.",
    "Mohamed Mohamed won the race.",
    "Boutros Boutros-Ghali spoke.",
    "Sirhan Sirhan was denied parole.",
    "They flew to Walla Walla on Friday.",
    "The ship called at Pago Pago.",
    "Duran Duran played in Bora Bora.",
    "Inmates at Sing Sing protested.",
    "The spa town of Baden Baden is quiet.",
    "He paid a visit to Wagga Wagga.",
    "Humbert Humbert is a narrator.",
    "Ban Ban is a village in Laos.",
    // words in their own right
    "He had had enough.",
    "She said that that was final.",
    "The result was so so at best.",
    "They danced the cha cha and the can can.",
    "It was a win win deal.",
    "The crowd chanted hip hip hooray.",
    "Bye bye, she said.",
    "They said no no to the plan.",
    // numbers and other scripts
    "The vote was 10 10 in committee.",
    "The score stood at 2 2 at halftime.",
    "동아일보 동아일보 reporter",
    "see https://x.org/a https://x.org/a now",
    "mail ddr@donga.com ddr@donga.com today",
];

/// Slips no reading can defend: `--fix` still repairs them.
const SLIPS: &[(&str, &str)] = &[
    ("He met the the minister.", "He met the minister."),
    (
        "She met with Victor Cha Victor Cha who holds the chair.",
        "She met with Victor Cha who holds the chair.",
    ),
    ("Talks in the\nin the capital.", "Talks in the capital."),
    ("The the talks ended.", "The talks ended."),
    ("It was a a mistake.", "It was a mistake."),
    (
        "Officials said said the talks ended.",
        "Officials said the talks ended.",
    ),
    (
        "The foreign minister minister arrived.",
        "The foreign minister arrived.",
    ),
    ("He and and she left.", "He and she left."),
];

fn fixed(text: &str) -> String {
    let story = format!("Headline\n\n{text}\n");
    let out = fix_all(&story, Format::Plain, &Settings::default()).text;
    out["Headline\n\n".len()..out.len() - 1].to_string()
}

#[test]
fn legitimate_doubles_are_left_byte_for_byte() {
    assert!(LEGITIMATE.len() >= 60);
    let changed: Vec<String> = LEGITIMATE
        .iter()
        .filter_map(|text| {
            let after = fixed(text);
            (after != *text).then(|| format!("{text:?} -> {after:?}"))
        })
        .collect();
    assert!(changed.is_empty(), "--fix changed:\n{}", changed.join("\n"));
}

#[test]
fn slips_no_reading_defends_are_still_fixed() {
    for (text, expected) in SLIPS {
        assert_eq!(fixed(text), *expected, "{text}");
    }
}

#[test]
fn the_binary_leaves_a_story_of_legitimate_doubles_untouched() {
    let dir = std::env::temp_dir().join(format!("copydesk-doubles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("story.txt");
    let story = format!("Headline\n\n{}\n", LEGITIMATE.join("\n\n"));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(story.as_bytes())
        .unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_ne!(status.status.code(), Some(2), "{status:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), story);
    std::fs::remove_dir_all(&dir).unwrap();
}
