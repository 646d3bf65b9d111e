//! Writes `builtin.rs` from `data/phrases.toml` and `data/misspellings.toml`,
//! and fails the test run when the committed file was out of date (as
//! rust-analyzer's source-generation tests do): the TOML files stay the one
//! place rule data is edited, and no run of the binary parses them.

use std::fmt::Write;

use super::Lexicon;

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", quoted.join(", "))
}

fn render(lexicon: &Lexicon) -> String {
    let mut out = String::from(
        "//! Generated from data/phrases.toml and data/misspellings.toml by\n\
         //! `cargo test` (see generate.rs). Do not edit: edit the TOML files.\n\n\
         use super::StaticPhrase;\n\n\
         pub static PHRASES: &[StaticPhrase] = &[\n",
    );
    for phrase in &lexicon.phrases {
        let spec = &phrase.spec;
        write!(
            out,
            "    StaticPhrase {{ find: {:?}, replace: {}, message: {:?}",
            spec.find,
            list(&spec.replace),
            spec.message
        )
        .expect("writing to a string");
        for (key, items) in [
            ("next", &spec.next),
            ("not_next", &spec.not_next),
            ("prev", &spec.prev),
            ("not_prev", &spec.not_prev),
        ] {
            if !items.is_empty() {
                write!(out, ", {key}: {}", list(items)).expect("writing to a string");
            }
        }
        out.push_str(", ..StaticPhrase::NO_CONTEXT },\n");
    }
    out.push_str("];\n\npub static MISSPELLINGS: &[(&str, &[&str])] = &[\n");
    for m in &lexicon.misspellings {
        writeln!(out, "    ({:?}, {}),", m.word, list(&m.corrections))
            .expect("writing to a string");
    }
    out.push_str("];\n");
    out
}

#[test]
fn builtin_rs_is_generated_from_the_current_toml_files() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/lexicon/builtin.rs");
    let wanted = render(&Lexicon::builtin_from_toml());
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != wanted {
        std::fs::write(&path, &wanted).expect("builtin.rs is writable");
        panic!(
            "{} was out of date with data/*.toml and has been regenerated; \
             run the tests again and commit it",
            path.display()
        );
    }
}

#[test]
fn the_generated_lists_match_the_toml_files() {
    let from_toml = Lexicon::builtin_from_toml();
    let builtin = Lexicon::builtin();
    assert_eq!(builtin.phrases.len(), from_toml.phrases.len());
    assert_eq!(builtin.misspellings.len(), from_toml.misspellings.len());
    for (a, b) in builtin.phrases.iter().zip(&from_toml.phrases) {
        assert_eq!(a.spec.find, b.spec.find);
        assert_eq!(a.spec.message, b.spec.message);
        assert_eq!(a.spec.replace, b.spec.replace);
    }
}
