//! A known name typed almost right: "Antony Blinkin", "Pyongyng".

use super::Rule;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::{Context, Emitter};

pub static RULE: Rule = Rule {
    id: "name-near-miss",
    default_level: Level::On(Severity::Warning),
    summary: "A name typed almost right (“Antony Blinkin” for “Antony Blinken”)",
    explanation: "The words are no known spelling of anyone in the names knowledge base, but \
come within a slip of one: one part of a name one letter off (two in a long word) while its other \
parts are right (“Antony Blinkin”, “Choe Son Hiu”), a one-word name of six letters or more one \
letter off (“Pyongyng”), or a known name split or joined by a stray space or hyphen (“Kae song”, \
“Kim Jongun”). The suggestion is the house spelling; it is never applied automatically, since an \
unknown name may be right. To stay quiet on the many real names the knowledge base does not know, \
a word is never taken for a slip when it is an ordinary English word, a part of another known \
name, or when it differs from the known part in its first letter (Kerry and Perry) or only by an \
ending (Korean, Kerr); a three-letter part counts only two letters swapped; and when both the \
word and the known part are romanized Korean syllables (Song and Son) they are taken for two \
names. A name that is right but unknown goes on the accept list or into a names file.",
    uses_lexicon: false,
    check: Some(check),
    document: None,
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let names = &ctx.settings.names;
    let romanization = ctx.settings.romanization;
    for miss in names.near_misses(ctx.doc, ctx.mentions) {
        let mut houses: Vec<&str> = miss
            .spellings
            .iter()
            .map(|&k| names.house_name(&names.people[names.spellings[k].person], romanization))
            .collect();
        houses.dedup();
        let written = crate::names::index::one_line(&ctx.doc.text[miss.range.clone()]);
        let meant = houses
            .iter()
            .map(|h| format!("“{h}”"))
            .collect::<Vec<_>>()
            .join(" or ");
        out.emit(
            miss.range.clone(),
            format!("“{written}” is not a known spelling: did you mean {meant}?"),
            houses
                .iter()
                .map(|h| Fix::replace(miss.range.clone(), h, false))
                .collect(),
        );
    }
}
