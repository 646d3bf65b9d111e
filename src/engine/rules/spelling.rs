//! Three rules over the spelling dictionary (`dictionary.rs`): `spelling`, a
//! lowercase word that is not an English word, `house-spelling`, a word
//! spelled as another house spells it ("colour" in American copy), and
//! `run-together`, two words or a word and a number typed without the space
//! between them.
//!
//! Both look only at words written in lowercase ASCII letters (with `'`
//! and `-`): a capitalized word may be a name, and a name is nobody's typo
//! to correct. Every word of the text costs one look-up in the table; the
//! context (names, hashtags, emphasis, short quotations of a term, foreign
//! sentences) is read only for the rare word that is not in it.

use std::ops::Range;
use std::rc::Rc;

use super::dictionary::{
    Entry, HOUSE_COUNTERPART, class_of, class_of_key, counterparts, entry_of, entry_of_key,
    has_common_neighbour, house_bit, in_house_entry, one_edit_away, possessive_stem,
};
use super::{Rule, lowercase_sentence, word_classes};
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::fold::bytes_hash;
use crate::engine::format::Format;
use crate::engine::lexicon::Hit;
use crate::engine::settings::HouseSpelling;
use crate::engine::tokenizer::Word;
use crate::engine::words::{
    SPELLING_CAMEL_HEADS, SPELLING_DERIVED_ENDINGS, SPELLING_FUNCTION_WORDS, SPELLING_PREFIXES,
    SPELLING_RARE_WORDS_KEPT, SPELLING_UNITS,
};
use crate::engine::{Context, Emitter};

pub static SPELLING: Rule = Rule {
    id: "spelling",
    default_level: Level::On(Severity::Warning),
    summary: "A lowercase word that is not in the dictionary (“the talks were postponned”)",
    explanation: "A word written in lowercase that is not in copydesk's English word list \
(`data/words-en-us.txt`: about 78,000 words with their inflections, from SCOWL) nor a possessive \
of one. Capitalized words are never checked, so names, places and organizations are never \
flagged; nor are words in a known name, hashtags, words with digits (see `run-together`), words in \
Markdown emphasis or code, words of three letters or fewer (as often an abbreviation as a typo), a short quoted term (“the ‘chaebol’ model”), or a sentence where many \
words are unknown (a foreign-language passage). A word that reads as a prefixed or inflected \
form of a rare word (“refussed”, “re” and “fussed”) is still a typo when a common word is one \
edit away (“refused”), and a word of SCOWL's rarest size that is a very common word with two \
letters swapped (“frist”, “sadi”) is flagged with that word as a suggestion.\n\n\
Suggestions are the dictionary words one edit away (a letter added, dropped, changed or two \
swapped), most common first, in the house spelling (`[style] spelling`; a word another house \
spells, such as “colour” in American copy, is `house-spelling`'s). The fix is safe only when \
there is exactly one, it is a common word and the typo is at least five letters long. Add \
newsroom words to `[data] accept`.",
    uses_lexicon: true,
    check: Some(check_spelling),
    document: None,
};

pub static HOUSE_SPELLING: Rule = Rule {
    id: "house-spelling",
    default_level: Level::On(Severity::Warning),
    summary: "A word spelled as another house spells it (“colour” in American copy, “color” in British)",
    explanation: "The house spelling is `[style] spelling`: \"american\" (the default, AP: \
“color”, “center”, “organize”, “traveled”), \"british\" (“colour”, “centre”, “organise”, \
“travelled”), \"british-ize\" (British with -ize, as Oxford spells it: “colour”, “centre”, \
“organize”) or \"any\" (not checked). A lowercase word that SCOWL lists for another of these \
spellings, and that has a counterpart in the house's (`data/words-en-gb.txt`), is flagged with \
that counterpart. Words every spelling shares (“program”, “license”, “practice”) and variants \
SCOWL counts as acceptable in the house's spelling (“judgment” in British copy) are left alone, \
and so is everything `spelling` leaves alone: capitalized words and names (“Pearl Harbor”, \
“Labour Party”), words in a known name, hashtags, emphasis and short quoted terms.\n\n\
The fix is safe when the word has exactly one counterpart in the house spelling and both are \
common words (SCOWL size 60 or less); otherwise it is a suggestion. Add words the newsroom \
keeps in either spelling to `[data] accept`.",
    uses_lexicon: false,
    check: Some(check_house_spelling),
    document: None,
};

pub static RUN_TOGETHER: Rule = Rule {
    id: "run-together",
    default_level: Level::On(Severity::Warning),
    summary: "Two words or a word and a number typed without a space (“thegovernment”, “in2019”)",
    explanation: "A lowercase word that is not in the dictionary but splits into two common \
words (“nuclearprogram”, “thegovernment”, “ofthe”), a word glued to a number (“in2019”, \
“2021budget”), or two words joined with the second one's capital left inside: an article, \
preposition or conjunction before a common word or a known name (“theGovernment”, “inSeoul”), \
or the two words of a name the knowledge base knows (“NorthKorea”). Real compounds are \
dictionary words and are left alone, as are brand names written in capitals (“PlayStation”, \
“iPhone”, “eBay”), hashtags, code and addresses, ordinals and units (“21st”, “1990s”, “5km”). \
The split is offered as a suggestion: a person confirms it.",
    uses_lexicon: false,
    check: Some(check_run_together),
    document: None,
};

/// The words, by position, that make up one sentence's spelling verdicts.
#[derive(Default)]
struct Sentence {
    lowercase: usize,
    unknown: Vec<Range<usize>>,
}

fn check_spelling(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    let bytes = doc.text.as_bytes();
    // `run-together`'s split of a lowercase word comes from the same
    // look-up a word (its own pass reads only words with digits then).
    let run_together = match ctx.settings.level(&RUN_TOGETHER) {
        Level::On(severity) => Some(severity),
        Level::Off => None,
    };
    // `house-spelling`'s findings come from the same look-up a word.
    let house = house_spelling(ctx);
    let bit = house_bit(house.0);
    let mut house_parts = Vec::new();
    let mut sentence = Sentence::default();
    for (i, word) in doc.words.iter().enumerate() {
        if word.sentence_start {
            // Most sentences have no unknown word: nothing to report.
            if sentence.unknown.is_empty() {
                sentence.lowercase = 0;
            } else {
                flush(ctx, &mut sentence, out);
            }
        }
        let range = word.range();
        if !word.lead.is_ascii_lowercase() {
            // Two capitalized words typed together ("NorthKorea"):
            // `run-together`'s, whose own pass reads only words with
            // digits when this one runs.
            if let Some(severity) = run_together {
                let camel = range.len() >= 6
                    && bytes[range.start + 1].is_ascii_lowercase()
                    && has_inner_capital(&bytes[range.start + 2..range.end]);
                if camel {
                    run_together_at(ctx, word, &mut out.for_rule(RUN_TOGETHER.id, severity));
                }
            }
            continue;
        }
        sentence.lowercase += 1;
        // A word of three letters or fewer is never reported (see
        // `unknown_part`): about half the words of running text, passed
        // over without a look-up.
        if range.len() < 4 {
            continue;
        }
        // A word glued to a number ("in2019"): `run-together`'s, whose own
        // pass reads only words that start with a digit when this one runs.
        if let Some(severity) = run_together {
            if bytes[range.end - 1].is_ascii_digit() {
                run_together_at(ctx, word, &mut out.for_rule(RUN_TOGETHER.id, severity));
            }
        }
        if let Some(entry) = in_house_entry(word.key, bit) {
            // A word of the rarest class is read again: it may be a
            // common word with two letters swapped ("frist").
            if entry.class() == RAREST {
                rare_word_swapped(ctx, word, out);
            }
            continue;
        }
        // The slow path: a word that is not in the house's dictionary as
        // written: one the house spells otherwise, or not a word (a
        // possessive or a hyphenated word may hold one the house spells
        // otherwise).
        if let Some(entry) = entry_of_key(word.key) {
            house_word(ctx, i, entry, house, out);
            continue;
        }
        if let Some(severity) = run_together {
            if range.len() >= 5 && !bytes[range.end - 1].is_ascii_digit() {
                let written = &doc.text[range];
                let split = split_in_two(written).or_else(|| camel_split(ctx, written));
                let mut out = out.for_rule(RUN_TOGETHER.id, severity);
                emit_run_together(ctx, word, written, split, &mut out);
            }
        }
        let run_together = run_together.is_some();
        if let Some(part) = unknown_part(ctx, i, run_together, bit, &mut house_parts) {
            sentence.unknown.push(part);
        }
        emit_house_parts(ctx, &mut house_parts, house, out);
    }
    flush(ctx, &mut sentence, out);
}

/// A word the house spells otherwise, as written: reported unless its
/// context keeps `spelling` quiet too. Rare: kept out of the loop over
/// the words.
#[cold]
#[inline(never)]
fn house_word(
    ctx: &Context<'_>,
    i: usize,
    entry: Entry,
    house: (HouseSpelling, Severity),
    out: &mut Emitter<'_>,
) {
    let word = &ctx.doc.words[i];
    let range = word.range();
    let written = &ctx.doc.text[range.clone()];
    if written.bytes().all(|b| b.is_ascii_lowercase()) && quiet_context_allows(ctx, word) {
        let mut parts = vec![(range, entry)];
        emit_house_parts(ctx, &mut parts, house, out);
    }
}

/// Reports (and empties) the parts `unknown_part` found that the house
/// spells otherwise, under `house-spelling`.
#[inline]
fn emit_house_parts(
    ctx: &Context<'_>,
    parts: &mut Vec<(Range<usize>, Entry)>,
    house: (HouseSpelling, Severity),
    out: &mut Emitter<'_>,
) {
    if !parts.is_empty() {
        emit_house_parts_now(ctx, parts, house, out);
    }
}

#[cold]
#[inline(never)]
fn emit_house_parts_now(
    ctx: &Context<'_>,
    parts: &mut Vec<(Range<usize>, Entry)>,
    (house, severity): (HouseSpelling, Severity),
    out: &mut Emitter<'_>,
) {
    let mut out = out.for_rule(HOUSE_SPELLING.id, severity);
    for (range, entry) in parts.drain(..) {
        emit_house(ctx, range, entry, house, &mut out);
    }
}

/// The house spelling `house-spelling` holds copy to, and its severity
/// (`Any` when the rule is off).
fn house_spelling(ctx: &Context<'_>) -> (HouseSpelling, Severity) {
    match ctx.settings.level(&HOUSE_SPELLING) {
        Level::On(severity) => (ctx.settings.spelling, severity),
        _ => (HouseSpelling::Any, Severity::Warning),
    }
}

/// `house-spelling` alone: its findings come from `spelling`'s pass when
/// that rule is on.
fn check_house_spelling(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if matches!(ctx.settings.level(&SPELLING), Level::On(_)) {
        return;
    }
    let house = house_spelling(ctx);
    if house.0 == HouseSpelling::Any {
        return;
    }
    let bit = house_bit(house.0);
    let mut parts = Vec::new();
    for (i, word) in ctx.doc.words.iter().enumerate() {
        let range = word.range();
        if range.len() < 4 || !word.lead.is_ascii_lowercase() {
            continue;
        }
        match entry_of_key(word.key) {
            Some(entry) if !entry.accepted_by_bit(bit) => house_word(ctx, i, entry, house, out),
            Some(_) => {}
            None => {
                unknown_part(ctx, i, false, bit, &mut parts);
                emit_house_parts(ctx, &mut parts, house, out);
            }
        }
    }
}

fn emit_house(
    ctx: &Context<'_>,
    range: Range<usize>,
    entry: Entry,
    house: HouseSpelling,
    out: &mut Emitter<'_>,
) {
    let written = &ctx.doc.text[range.clone()];
    let others: Vec<(&str, Entry)> = counterparts(written)
        .filter_map(|other| Some((other, entry_of(other).filter(|e| e.accepted_by(house))?)))
        .collect();
    let Some(&(_, first)) = others.first() else {
        return;
    };
    // One counterpart, and both words common enough that SCOWL's pairing
    // is sure ("color" and "colour"): certain enough for --fix.
    let safe = others.len() == 1 && entry.class() <= RARE && first.class() <= RARE;
    let listed = others
        .iter()
        .map(|(w, _)| format!("“{w}”"))
        .collect::<Vec<_>>()
        .join(" or ");
    let name = match house {
        HouseSpelling::American => "American",
        HouseSpelling::British => "British",
        HouseSpelling::BritishIze => "British with -ize",
        HouseSpelling::Any => return,
    };
    let message = if others.len() == 1 {
        format!("“{written}” is not the house spelling ({name}); write {listed}")
    } else {
        format!("“{written}” is not the house spelling ({name}); did you mean {listed}?")
    };
    let fixes = others
        .iter()
        .map(|(other, _)| Fix::replace(range.clone(), other, safe))
        .collect();
    out.emit(range, message, fixes);
}

/// Reports a sentence's unknown words, unless so many of its words are
/// unknown that it is not English (a quoted foreign phrase, a list of
/// transliterated terms).
fn flush(ctx: &Context<'_>, sentence: &mut Sentence, out: &mut Emitter<'_>) {
    let unknown = std::mem::take(&mut sentence.unknown);
    let lowercase = std::mem::take(&mut sentence.lowercase);
    if unknown.len() >= 3 && unknown.len() * 5 > lowercase {
        return;
    }
    for range in unknown {
        emit_unknown(ctx, range, out);
    }
}

fn emit_unknown(ctx: &Context<'_>, range: Range<usize>, out: &mut Emitter<'_>) {
    let written = &ctx.doc.text[range.clone()];
    let candidates = one_edit_away(written, ctx.settings.spelling);
    let shown: Vec<_> = candidates.iter().take(3).collect();
    // One correction, a common word, a typo long enough that one edit is
    // not a different word's worth of change: certain enough for --fix.
    // (Not the house's counterpart of a word one edit away: two changes.)
    let safe = candidates.len() == 1
        && candidates[0].class <= 4
        && candidates[0].edit < HOUSE_COUNTERPART
        && written.len() >= 5;
    let fixes = shown
        .iter()
        .map(|c| Fix::replace(range.clone(), &c.word, safe))
        .collect();
    let message = if shown.is_empty() {
        format!("“{written}” is not in the dictionary")
    } else {
        let listed = shown
            .iter()
            .map(|c| format!("“{}”", c.word))
            .collect::<Vec<_>>()
            .join(" or ");
        format!("“{written}” is not in the dictionary; did you mean {listed}?")
    };
    out.emit(range, message, fixes);
}

/// The part of word `i` (the whole word, or one part of a hyphenated word,
/// without a possessive ending) that `spelling` reports, or `None`.
/// On the way, the parts (the stem, or a part of a hyphenated word) that
/// are words the house spells otherwise (`bit`, `dictionary::house_bit`)
/// go to `house`, in a context where `spelling` would speak.
fn unknown_part(
    ctx: &Context<'_>,
    i: usize,
    run_together: bool,
    bit: u8,
    house: &mut Vec<(Range<usize>, Entry)>,
) -> Option<Range<usize>> {
    let doc = ctx.doc;
    let word = &doc.words[i];
    let range = word.range();
    let written = &doc.text[range.clone()];
    // Digits are `run-together`'s; capitals inside make a brand or a name
    // ("eBay", "iPhone"); other letters than ASCII make a foreign word.
    if written.contains(|c: char| !(c.is_ascii_lowercase() || c == '-' || c == '\'' || c == '’'))
    {
        return None;
    }
    let stem = possessive_stem(written).unwrap_or(written);
    if let Some(entry) = entry_of(stem) {
        if !entry.accepted_by_bit(bit) && quiet_context_allows(ctx, word) {
            house.push((range.start..range.start + stem.len(), entry));
        }
        return None;
    }
    if is_listed_misspelling(ctx, i) || !quiet_context_allows(ctx, word) {
        return None;
    }
    let mut offset = 0;
    let mut unknown = None;
    for part in stem.split('-') {
        let start = range.start + offset;
        offset += part.len() + 1;
        // Three letters or fewer: as often an abbreviation or a unit
        // ("pdf", "kpa") as a typo.
        if part.len() < 4 || SPELLING_PREFIXES.contains(&part) {
            continue;
        }
        if let Some(entry) = entry_of(part) {
            if !entry.accepted_by_bit(bit) {
                house.push((start..start + part.len(), entry));
            }
            continue;
        }
        if is_roman_numeral(part) || (is_derived_word(part) && !is_typo_of_common_word(ctx, part)) {
            continue;
        }
        if unknown.is_some() {
            // Two unknown parts: a foreign or coined compound.
            return None;
        }
        unknown = Some(start..start + part.len());
    }
    let unknown = unknown?;
    if lowercase_sentence::in_lowercase_name(doc.text, &range) {
        return None;
    }
    let part = &doc.text[unknown.clone()];
    if run_together && split_in_two(part).is_some() {
        return None;
    }
    Some(unknown)
}

/// Whether the misspelling list already flags word `i`. The hits come in
/// the order of their first words (`Lexicon::scan`): those of word `i`
/// are found by halving.
fn is_listed_misspelling(ctx: &Context<'_>, i: usize) -> bool {
    let first = |hit: &Hit| match *hit {
        Hit::Misspelling { word, .. } => word,
        Hit::Phrase { first, .. } => first,
    };
    let hits = ctx.lexicon_hits;
    hits[hits.partition_point(|hit| first(hit) < i)..]
        .iter()
        .take_while(|hit| first(hit) == i)
        .any(|hit| matches!(*hit, Hit::Misspelling { word, .. } if word == i))
}

/// The block's known names as spans sorted by their start, each with the
/// furthest end among it and those before it: whether a range lies inside
/// one is then found by halving, not by reading every name.
#[derive(Clone)]
struct NameSpans(Rc<Vec<(usize, usize)>>);

fn name_spans(ctx: &Context<'_>) -> NameSpans {
    ctx.shared(|ctx| {
        let mut spans: Vec<(usize, usize)> = ctx
            .mentions
            .iter()
            .map(|m| (m.range.start, m.range.end))
            .collect();
        spans.sort_unstable();
        let mut furthest = 0;
        for span in &mut spans {
            furthest = furthest.max(span.1);
            span.1 = furthest;
        }
        NameSpans(Rc::new(spans))
    })
}

/// Whether `range` lies inside a known name of the block.
fn in_known_name(ctx: &Context<'_>, range: &Range<usize>) -> bool {
    let spans = name_spans(ctx);
    // The names that start at or before the range; the furthest end among them.
    let before = spans.0.partition_point(|&(start, _)| start <= range.start);
    before > 0 && spans.0[before - 1].1 >= range.end
}

fn is_roman_numeral(word: &str) -> bool {
    word.bytes().all(|b| b"ivxlcdm".contains(&b))
}

/// Where an unknown word is none of copydesk's business: in a known name,
/// a hashtag or handle, a path or identifier, Markdown emphasis (a foreign
/// term in italics), alone in parentheses, or a quoted term of a few words.
fn quiet_context_allows(ctx: &Context<'_>, word: &Word) -> bool {
    let doc = ctx.doc;
    let range = word.range();
    let text = doc.text;
    if !ctx.mentions.is_empty() && in_known_name(ctx, &range) {
        return false;
    }
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let glued = |c: Option<char>| {
        matches!(
            c,
            Some(
                '#' | '@'
                    | '/'
                    | '\\'
                    | '_'
                    | '='
                    | '<'
                    | '>'
                    | '{'
                    | '}'
                    | '~'
                    | '|'
                    | '*'
                    | '+'
                    | '&'
                    | '$'
                    | '%'
            )
        )
    };
    if glued(before) || glued(after) {
        return false;
    }
    // "e.g", "file.txt", "www.example": a dot glued to letters.
    let dot_letter = text[range.end..].starts_with('.')
        && text[range.end + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    let letter_dot = before == Some('.')
        && text[..range.start - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    if dot_letter || letter_dot {
        return false;
    }
    if before == Some('(') && after == Some(')') {
        return false;
    }
    if doc.format == Format::Markdown && in_emphasis(text, &range) {
        return false;
    }
    !in_short_quotation(ctx, word)
}

/// Whether `range` is inside `*…*` or `_…_` on its line.
fn in_emphasis(text: &str, range: &Range<usize>) -> bool {
    let line_start = text[..range.start].rfind(['\n', '\r']).map_or(0, |n| n + 1);
    let before = &text[line_start..range.start];
    before.matches('*').count() % 2 == 1 || before.matches('_').count() % 2 == 1
}

/// Whether `word` lies in a quotation of at most four words in its
/// paragraph, the way a term is quoted ("the so-called ‘juche’ ideology").
fn in_short_quotation(ctx: &Context<'_>, word: &Word) -> bool {
    let doc = ctx.doc;
    let range = word.range();
    let paragraph = &doc.paragraphs[word.paragraph()];
    let marks = &doc.quote_marks;
    let after = marks.partition_point(|&(at, _)| at < range.end);
    let (Some(&(open, _)), Some(&(close, _))) = (
        after.checked_sub(1).and_then(|b| marks.get(b)),
        marks.get(after),
    ) else {
        return false;
    };
    if open >= range.start || open < paragraph.start || close >= paragraph.end {
        return false;
    }
    let quoted = &doc.text[open..close];
    quoted.split_whitespace().nth(4).is_none() && !quoted.contains(['.', '!', '?'])
}

/// A class at most this (SCOWL size 50) makes a word common enough to be
/// half of a run-together pair.
const COMMON: u8 = 5;

fn is_function_word(part: &str) -> bool {
    SPELLING_FUNCTION_WORDS.contains(&part)
}

/// A part of a run-together word: a common word, of two letters only if a
/// function word ("of", "to").
fn common_part(part: &str) -> Option<u8> {
    if part.len() < 3 && !is_function_word(part) {
        return None;
    }
    class_of_key(bytes_hash(part.as_bytes())).filter(|&c| c <= COMMON)
}

/// The split of a lowercase ASCII non-word into two common words that
/// marks a missing space rather than a new compound: one half is a
/// function word ("thegovernment", "normsthat"), or the first half ends as
/// adjectives and nouns do, which compounds rarely start with
/// ("nuclearprogram", "nationalsecurity"; not "wildland", "roundtable").
/// The one whose rarer half is most common, if there are several.
fn split_in_two(word: &str) -> Option<(&str, &str)> {
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    (1..word.len())
        .filter_map(|at| {
            let (left, right) = word.split_at(at);
            let rarer = common_part(left)?.max(common_part(right)?);
            // "a" glued to a long word ("ascholarship", "duringa").
            if (left == "a" && right.len() < 5) || (right == "a" && left.len() < 5) {
                return None;
            }
            let derived = left.len() >= 5
                && right.len() >= 4
                && SPELLING_DERIVED_ENDINGS.iter().any(|e| left.ends_with(e));
            (is_function_word(left) || is_function_word(right) || derived)
                .then_some((rarer, left, right))
        })
        .min_by_key(|&(rarer, left, _)| (rarer, std::cmp::Reverse(left.len())))
        .map(|(_, left, right)| (left, right))
}

/// Whether a word missing from the list is a regular form of a word in
/// it: an inflection of a rare word (SCOWL lists the inflections of
/// common words itself, so "woked" stays a typo but "proliferators" is a
/// word), an adverb or noun made by a suffix ("baselessly"), a prefixed
/// word ("cybersecurity"), or a closed compound of two words of four
/// letters or more ("firefighting"), which English coins faster than any
/// list. Never a word with a letter tripled ("offfice").
fn is_derived_word(word: &str) -> bool {
    if word
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2])
    {
        return false;
    }
    let class = |stem: &str| (stem.len() >= 4).then(|| class_of(stem)).flatten();
    let inflected = [
        ("s", "", RARE),
        ("es", "", RARE),
        ("ies", "y", RARE),
        ("ed", "", RARE),
        ("ed", "e", RARE),
        ("ied", "y", RARE),
        ("ing", "", RARE),
        ("ing", "e", RARE),
        ("ly", "", 1),
        ("ily", "y", 1),
        ("ity", "e", 1),
    ]
    .iter()
    .any(|&(ending, restore, rarest)| {
        word.strip_suffix(ending)
            .and_then(|stem| class(&format!("{stem}{restore}")))
            .is_some_and(|c| c >= rarest)
    });
    let prefixed = SPELLING_PREFIXES.iter().any(|prefix| {
        word.strip_prefix(prefix)
            .is_some_and(|rest| class(rest).is_some())
    });
    inflected
        || prefixed
        || (4..word.len().saturating_sub(3)).any(|at| {
            if !word.is_char_boundary(at) {
                return false;
            }
            let (left, right) = word.split_at(at);
            class(left).is_some_and(|c| c <= RARE) && class(right).is_some_and(|c| c <= RARE)
        })
}

/// Whether a word that reads as derived ("re" + "fussed", "de" +
/// "librated", "clos" + "d") is one edit from a common word ("refused",
/// "deliberated", "closed"): a typo of that word is far likelier than a
/// coinage from a rare one.
fn is_typo_of_common_word(ctx: &Context<'_>, word: &str) -> bool {
    // Common words are short: a long derived word ("counternarcotics") is
    // not tried, which also spares the 26 look-ups a letter.
    word.len() <= LONGEST_TYPO_CHECKED && has_common_neighbour(word, COMMON, ctx.settings.spelling)
}

/// The longest derived word `is_typo_of_common_word` reads.
const LONGEST_TYPO_CHECKED: usize = 12;

/// SCOWL size 80: words so rare that most spell checkers leave them out.
const RAREST: u8 = 9;

/// A word of the rarest class that is a very common word (SCOWL size 20 or
/// less) with two neighbouring letters swapped ("frist", "sadi",
/// "ceratin", "precent"): far likelier a slip than the rare word. A
/// suggestion, never a safe fix; the rare words news copy does use in
/// lowercase are listed (`rare_words_kept` in `data/words.toml`).
fn rare_word_swapped(ctx: &Context<'_>, word: &Word, out: &mut Emitter<'_>) {
    let range = word.range();
    // The most common words are short ("denuclearization" is passed over).
    if !(4..=LONGEST_TYPO_CHECKED).contains(&range.len()) {
        return;
    }
    let written = &ctx.doc.text[range.clone()];
    if !written.bytes().all(|b| b.is_ascii_lowercase())
        || SPELLING_RARE_WORDS_KEPT.contains(&written)
    {
        return;
    }
    let mut buffer = [0u8; LONGEST_TYPO_CHECKED];
    let swapped = &mut buffer[..written.len()];
    swapped.copy_from_slice(written.as_bytes());
    let common = (0..swapped.len() - 1).find_map(|i| {
        if swapped[i] == swapped[i + 1] {
            return None;
        }
        swapped.swap(i, i + 1);
        let hit = class_of_key(bytes_hash(swapped)).is_some_and(|c| c <= VERY_COMMON);
        let candidate = hit.then(|| String::from_utf8_lossy(swapped).into_owned());
        swapped.swap(i, i + 1);
        candidate
    });
    let Some(common) = common else {
        return;
    };
    if !quiet_context_allows(ctx, word) {
        return;
    }
    out.emit(
        range.clone(),
        format!("“{written}” is a rare word; did you mean “{common}”?"),
        vec![Fix::replace(range, &common, false)],
    );
}

/// SCOWL size 20: the most common words.
const VERY_COMMON: u8 = 2;

/// SCOWL size 60, the size spell checkers use: rarer words (sizes 70 and
/// 80) are words, but no stem for an inflection SCOWL would list, nor half
/// of a compound.
const RARE: u8 = 7;

fn check_run_together(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let doc = ctx.doc;
    if matches!(ctx.settings.level(&SPELLING), Level::On(_)) {
        // `spelling`'s pass, which reads every lowercase word, splits those
        // that are no word and those that end with a number: only words
        // that start with a number are left.
        for i in word_classes::of(ctx).words(word_classes::DIGIT_START) {
            run_together_at(ctx, &doc.words[i], out);
        }
        return;
    }
    for word in &doc.words {
        run_together_at(ctx, word, out);
    }
}

#[inline]
fn run_together_at(ctx: &Context<'_>, word: &Word, out: &mut Emitter<'_>) {
    let bytes = ctx.doc.text.as_bytes();
    let range = word.range();
    let (first, last) = (bytes[range.start], bytes[range.end - 1]);
    if range.len() < 4 {
        return;
    }
    let written = &ctx.doc.text[range.clone()];
    // A number glued to a word has its digits at one end; only a word
    // of five letters or more splits in two, and the dictionary is read
    // for those alone. Most words are passed over by their first and
    // last bytes.
    let split = if first.is_ascii_digit() || last.is_ascii_digit() {
        glued_number(written)
    } else if first.is_ascii_lowercase() && range.len() >= 5 {
        if class_of_key(word.key).is_some() {
            return;
        }
        split_in_two(written).or_else(|| camel_split(ctx, written))
    } else if first.is_ascii_uppercase() && range.len() >= 6 {
        camel_split(ctx, written)
    } else {
        return;
    };
    emit_run_together(ctx, word, written, split, out);
}

/// `run-together`'s finding on `word`, split in two as `split` says, where
/// its context does not keep it quiet.
fn emit_run_together(
    ctx: &Context<'_>,
    word: &Word,
    written: &str,
    split: Option<(&str, &str)>,
    out: &mut Emitter<'_>,
) {
    let Some((left, right)) = split else {
        return;
    };
    if !quiet_context_allows(ctx, word) {
        return;
    }
    let range = word.range();
    let mut fixes = vec![Fix::replace(
        range.clone(),
        &format!("{left} {right}"),
        false,
    )];
    let mut message =
        format!("“{written}” looks like “{left}” and “{right}” without the space between them");
    // A letter typed for another or one too many reads the same way
    // ("befire": "be fire" or "before"; "suspecta": "suspect a" or
    // "suspects"): common words one edit away are offered too.
    let typos: Vec<String> = if written.bytes().all(|b| b.is_ascii_lowercase()) {
        one_edit_away(written, ctx.settings.spelling)
            .into_iter()
            .filter(|c| c.class <= COMMON && c.edit < HOUSE_COUNTERPART)
            .take(2)
            .map(|c| c.word)
            .collect()
    } else {
        Vec::new()
    };
    if !typos.is_empty() {
        let listed: Vec<String> = typos.iter().map(|t| format!("“{t}”")).collect();
        message.push_str(&format!(", or a typo of {}", listed.join(" or ")));
        fixes.extend(typos.iter().map(|t| Fix::replace(range.clone(), t, false)));
    }
    out.emit(range, message, fixes);
}

/// Whether `letters` (a word but its first letter) hold an ASCII capital:
/// a plain test a byte, as most capitalized words have none.
fn has_inner_capital(letters: &[u8]) -> bool {
    letters
        .iter()
        .fold(false, |any, b| any | b.is_ascii_uppercase())
}

/// Two words typed together with the second's capital left inside, split
/// before it: an article, preposition or conjunction and a common word or
/// a known name ("theGovernment", "inSeoul"), or two words of a name the knowledge base
/// knows ("NorthKorea", "WhiteHouse"). Never a brand: one made of two
/// capitalized words ("PlayStation", "YouTube") is no known name, and
/// none starts with a lowercase article or preposition ("iPhone", "eBay",
/// nor code's "myFunction").
fn camel_split<'w>(ctx: &Context<'_>, word: &'w str) -> Option<(&'w str, &'w str)> {
    let bytes = word.as_bytes();
    let at = (1..bytes.len()).find(|&i| bytes[i].is_ascii_uppercase())?;
    if !bytes[at - 1].is_ascii_lowercase()
        || !bytes[at + 1..].iter().all(u8::is_ascii_lowercase)
        || !bytes[..at].iter().all(u8::is_ascii_alphabetic)
    {
        return None;
    }
    let (left, right) = word.split_at(at);
    if right.len() < 3 {
        return None;
    }
    if bytes[0].is_ascii_lowercase() {
        let right_known =
            common_part(&right.to_ascii_lowercase()).is_some() || is_known_name(ctx, right);
        (SPELLING_CAMEL_HEADS.contains(&left) && right_known).then_some((left, right))
    } else {
        // `at` is the first capital after the first letter: `left` is one
        // capitalized word.
        let left_common = common_part(&left.to_ascii_lowercase()).is_some();
        (left_common && is_known_name(ctx, &format!("{left} {right}"))).then_some((left, right))
    }
}

/// Whether `text` is, whole, a name the knowledge base knows.
fn is_known_name(ctx: &Context<'_>, text: &str) -> bool {
    let doc = crate::engine::Document::block(text, crate::engine::Format::Plain, false);
    ctx.settings
        .names
        .scan(&doc)
        .iter()
        .any(|m| m.range == (0..text.len()))
}

/// A word and a number typed together ("in2019", "2021budget"), split where
/// letters meet digits; never an ordinal, a decade, a unit or a code
/// ("21st", "1990s", "5km", "mp3").
fn glued_number(word: &str) -> Option<(&str, &str)> {
    let bytes = word.as_bytes();
    if !bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return None;
    }
    let at = bytes
        .windows(2)
        .position(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())?
        + 1;
    let (left, right) = word.split_at(at);
    let (letters, digits) = if bytes[0].is_ascii_digit() {
        (right, left)
    } else {
        (left, right)
    };
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || !letters.bytes().all(|b| b.is_ascii_lowercase())
    {
        return None;
    }
    let words_first = bytes[0].is_ascii_lowercase();
    let long_enough = if words_first {
        digits.len() >= 2
    } else {
        letters.len() >= 3
    };
    (long_enough && !SPELLING_UNITS.contains(&letters) && common_part(letters).is_some())
        .then_some((left, right))
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, fixed, flagged, flagged_with, offered};
    use crate::engine::{Format, HouseSpelling, Settings, check};

    fn house(spelling: HouseSpelling) -> Settings {
        Settings {
            spelling,
            ..Settings::default()
        }
    }

    /// Each `house-spelling` finding of `text` under `spelling`: its span,
    /// its replacements and whether they are safe.
    fn house_fixes(spelling: HouseSpelling, text: &str) -> Vec<(String, Vec<String>, bool)> {
        check(text, Format::Plain, &house(spelling))
            .into_iter()
            .filter(|f| f.rule == "house-spelling")
            .map(|f| {
                let replacements = f
                    .fixes
                    .iter()
                    .map(|x| x.edits[0].replacement.clone())
                    .collect();
                let safe = f.fixes.iter().all(|x| x.safe);
                (text[f.range].to_string(), replacements, safe)
            })
            .collect()
    }

    const BRITISH: &str = "Talks\n\nOfficials said the colour of the centre was grey, that the team \
travelled to organise it and that the programme's labour costs fell.";
    const AMERICAN: &str = "Talks\n\nOfficials said the color of the center was gray, that the team \
traveled to organize it and that the program's labor costs fell.";

    #[test]
    fn american_copy_is_told_the_american_spelling_by_default() {
        assert_eq!(
            flagged("house-spelling", BRITISH),
            [
                "colour",
                "centre",
                "grey",
                "travelled",
                "organise",
                "programme",
                "labour"
            ]
        );
        assert!(flagged("house-spelling", AMERICAN).is_empty());
        assert!(flagged("spelling", BRITISH).is_empty());
        let fixes = house_fixes(HouseSpelling::American, BRITISH);
        assert_eq!(fixes[0], ("colour".into(), vec!["color".into()], true));
        assert_eq!(fixes[5], ("programme".into(), vec!["program".into()], true));
    }

    #[test]
    fn british_copy_is_told_the_british_spelling() {
        let british = house(HouseSpelling::British);
        assert_eq!(
            flagged_with("house-spelling", AMERICAN, &british),
            ["color", "center", "gray", "traveled", "organize", "labor"]
        );
        assert!(flagged_with("house-spelling", BRITISH, &british).is_empty());
        let fixes = house_fixes(HouseSpelling::British, AMERICAN);
        assert_eq!(fixes[0], ("color".into(), vec!["colour".into()], true));
        assert_eq!(fixes[4], ("organize".into(), vec!["organise".into()], true));
        assert!(flagged_with("spelling", AMERICAN, &british).is_empty());
    }

    #[test]
    fn british_with_ize_takes_organize_and_colour() {
        let oxford = house(HouseSpelling::BritishIze);
        assert_eq!(
            flagged_with("house-spelling", AMERICAN, &oxford),
            ["color", "center", "gray", "traveled", "labor"]
        );
        assert_eq!(
            flagged_with("house-spelling", BRITISH, &oxford),
            ["organise"]
        );
        assert_eq!(
            house_fixes(HouseSpelling::BritishIze, BRITISH),
            [("organise".into(), vec!["organize".into()], true)]
        );
    }

    #[test]
    fn any_spelling_and_the_rule_switched_off_take_both() {
        let any = house(HouseSpelling::Any);
        for text in [BRITISH, AMERICAN] {
            assert!(flagged_with("house-spelling", text, &any).is_empty());
            assert!(flagged_with("spelling", text, &any).is_empty());
        }
        let mut off = Settings::default();
        off.levels
            .insert("house-spelling".into(), crate::engine::Level::Off);
        assert!(
            check(BRITISH, Format::Plain, &off)
                .iter()
                .all(|f| f.rule != "house-spelling" && f.rule != "spelling")
        );
    }

    #[test]
    fn the_rule_alone_finds_what_it_finds_beside_spelling() {
        let mut alone = Settings::default();
        alone
            .levels
            .insert("spelling".into(), crate::engine::Level::Off);
        let found: Vec<_> = check(BRITISH, Format::Plain, &alone)
            .into_iter()
            .filter(|f| f.rule == "house-spelling")
            .map(|f| &BRITISH[f.range])
            .collect();
        assert_eq!(found, flagged("house-spelling", BRITISH));
    }

    #[test]
    fn several_counterparts_or_a_rare_word_are_suggestions() {
        let fixes = house_fixes(
            HouseSpelling::American,
            "The orchestra will concertise the piece, officials said.",
        );
        assert_eq!(
            fixes,
            [(
                "concertise".into(),
                vec!["concertize".into(), "concretize".into()],
                false
            )]
        );
        let fixes = house_fixes(
            HouseSpelling::American,
            "The busheller in the shop sewed the coat, officials said.",
        );
        assert_eq!(
            fixes,
            [("busheller".into(), vec!["busheler".into()], false)]
        );
    }

    #[test]
    fn parts_of_hyphenated_words_and_possessives_are_checked() {
        assert_eq!(
            flagged(
                "house-spelling",
                "The colour-coded map and the theatre's lobby were shown."
            ),
            ["colour", "theatre"]
        );
    }

    #[test]
    fn names_quotes_and_words_of_every_spelling_stay_quiet_in_both_houses() {
        for spelling in [
            HouseSpelling::American,
            HouseSpelling::British,
            HouseSpelling::BritishIze,
        ] {
            let settings = house(spelling);
            for text in [
                "Pearl Harbor and the World Health Organization were named.",
                "The Labour Party met the Center for Strategic and International Studies.",
                "Colour and Color both open this sentence.",
                "The hashtag #colour and @centre trended with #color and @center.",
                "See https://example.com/colour/centre and https://example.org/color/center today.",
                "Write to colour@example.com or center@example.org for details.",
                "The so-called “colour revolution” and the “color line” were discussed.",
                "서울의 colour와 color를 두고 논쟁이 이어졌다고 2024-05-01에 밝혔다.",
                "The program, the license, the practice and the check were checked toward noon.",
                "The judge said the tire and the tires were fine, and the storage was near.",
                "The 2021 colour2 data and centre3 codes were cited.",
            ] {
                assert!(
                    flagged_with("house-spelling", text, &settings).is_empty(),
                    "{spelling:?}: {text}: {:?}",
                    flagged_with("house-spelling", text, &settings)
                );
            }
        }
    }

    #[test]
    fn in_a_quotation_or_a_headline_the_house_spelling_is_only_suggested() {
        let text = "Talks\n\n“We will not let the colour of a flag divide this country,” \
the minister told reporters on Tuesday.\n";
        assert_eq!(
            house_fixes(HouseSpelling::American, text),
            [("colour".into(), vec!["color".into()], false)]
        );
        let headline = "Colour revolution fears grow in the centre\n\nThe talks went on.\n";
        assert_eq!(
            house_fixes(HouseSpelling::American, headline),
            [("centre".into(), vec!["center".into()], false)]
        );
    }

    #[test]
    fn a_listed_misspelling_is_corrected_into_the_house_spelling() {
        let corrections = |spelling, text: &str| -> Vec<(Vec<String>, bool)> {
            check(text, Format::Plain, &house(spelling))
                .into_iter()
                .filter(|f| f.rule == "misspelling")
                .map(|f| {
                    let safe = f.fixes.iter().all(|x| x.safe);
                    let words = f.fixes.into_iter().map(|x| x.edits[0].replacement.clone());
                    (words.collect(), safe)
                })
                .collect()
        };
        let text = "Talks\n\nOfficials said the behavoir of the team was fine.\n";
        assert_eq!(
            corrections(HouseSpelling::American, text),
            [(vec!["behavior".to_string()], true)]
        );
        assert_eq!(
            corrections(HouseSpelling::British, text),
            [(vec!["behaviour".to_string()], true)]
        );
        assert_eq!(
            corrections(HouseSpelling::Any, text),
            [(vec!["behavior".to_string(), "behaviour".to_string()], false)]
        );
        // Both are British words (the noun and the verb): both offered.
        let text = "Talks\n\nOfficials said the liscense was revoked.\n";
        assert_eq!(
            corrections(HouseSpelling::British, text),
            [(vec!["license".to_string(), "licence".to_string()], false)]
        );
        assert_eq!(
            corrections(HouseSpelling::American, text),
            [(vec!["license".to_string()], true)]
        );
    }

    #[test]
    fn the_accept_list_keeps_a_house_spelling_word() {
        let mut settings = Settings::default();
        settings.accept.insert("colour".into());
        assert!(
            flagged_with(
                "house-spelling",
                "Officials said the colour was chosen.",
                &settings
            )
            .is_empty()
        );
    }

    #[test]
    fn suggestions_for_a_typo_are_in_the_house_spelling() {
        let fixes = |spelling| -> Vec<String> {
            check(
                "Officials said the behaviourr of the team was fine.",
                Format::Plain,
                &house(spelling),
            )
            .into_iter()
            .filter(|f| f.rule == "spelling")
            .flat_map(|f| f.fixes.into_iter().map(|x| x.edits[0].replacement.clone()))
            .collect()
        };
        assert_eq!(fixes(HouseSpelling::British)[0], "behaviour");
        // One edit from a British word: its American counterpart, offered
        // (two changes from what was typed, so not a safe fix).
        assert_eq!(fixes(HouseSpelling::American)[0], "behavior");
        let suggested_only = check(
            "Officials said the behaviourr of the team was fine.",
            Format::Plain,
            &house(HouseSpelling::American),
        )
        .into_iter()
        .filter(|f| f.rule == "spelling")
        .all(|f| f.fixes.iter().all(|x| !x.safe));
        assert!(suggested_only);
    }

    #[test]
    fn a_lowercase_typo_is_flagged_with_its_correction() {
        assert_eq!(
            flagged(
                "spelling",
                "The ministry said the talks were postponned again."
            ),
            ["postponned"]
        );
        assert_eq!(
            fixed(
                "spelling",
                "The ministry said the talks were postponned again."
            ),
            "The ministry said the talks were postponed again."
        );
        assert_eq!(
            flagged("spelling", "Officials said the talks were productve."),
            ["productve"]
        );
    }

    #[test]
    fn a_typo_that_reads_as_a_prefixed_or_inflected_rare_word_is_still_a_typo() {
        // "re" + "fussed", "de" + "librated", "clos" + "d", "mi" +
        // "sions", "de" + "fated": each one edit from a common word.
        for (text, typo, fix) in [
            ("The minister refussed to comment.", "refussed", "refused"),
            (
                "The jury delibrated for hours.",
                "delibrated",
                "deliberated",
            ),
            ("Schools will remain closd on Friday.", "closd", "closed"),
            ("Two rescue misions were sent.", "misions", "missions"),
            ("The rebels were defated in May.", "defated", "defeated"),
        ] {
            assert_eq!(flagged("spelling", text), [typo], "{text}");
            let offered = offered("spelling", text);
            assert!(offered.iter().any(|o| o == fix), "{text}: {offered:?}");
        }
        // Real derivations of rare words and prefixed words stay words.
        all_quiet(
            "spelling",
            &[
                "The proliferators and the counterproliferation office met.",
                "The deplatformed accounts were reinstated after the rebrand.",
                "Cybersecurity firms said the malware was baselessly blamed.",
                "The firefighting crews and the peacebuilders were unvaccinated.",
            ],
        );
    }

    #[test]
    fn a_rare_word_that_is_a_common_one_with_two_letters_swapped_is_a_suggestion() {
        for (text, typo, fix) in [
            ("Water reached the frist floor.", "frist", "first"),
            ("The ministry sadi it would reply.", "sadi", "said"),
            ("Turnout rose 5 precent.", "precent", "percent"),
            ("It is ceratin the vote will pass.", "ceratin", "certain"),
            ("The ruling praty lost its majority.", "praty", "party"),
        ] {
            assert_eq!(flagged("spelling", text), [typo], "{text}");
            assert_eq!(offered("spelling", text), [fix], "{text}");
        }
        let found = check("The frist one.", Format::Plain, &Settings::default());
        assert!(found.iter().all(|f| f.fixes.iter().all(|x| !x.safe)));
        all_quiet(
            "spelling",
            &[
                "The loess plateau and a carved stele drew visitors.",
                "The meta joke fell flat, as did the padi harvest.",
                "The first floor, the party and the percent are common words.",
                "Sadi Carnot and Frist spoke; “frist” was the word in question.",
            ],
        );
    }

    #[test]
    fn a_name_its_bearer_writes_in_lowercase_is_no_typo() {
        all_quiet(
            "spelling",
            &[
                "The scholar danah boyd and the poet e.e. cummings were cited.",
                "As bell hooks wrote, it matters.",
            ],
        );
        assert_eq!(
            flagged("spelling", "The boyd family spoke."),
            ["boyd"],
            "not a listed name as written"
        );
    }

    #[test]
    fn words_news_copy_borrows_from_other_languages_are_words() {
        all_quiet(
            "spelling",
            &[
                "Fans in hanbok drank soju and makgeolli after the taekwondo final.",
                "Old hutongs, guanxi and the hukou system shape Beijing life.",
                "The iftar ended, and the shawarma stalls reopened for suhoor.",
                "Sicarios and huachicoleros were named in the colectivos' report.",
                "The karoshi case and the shinkansen delay led the news.",
            ],
        );
    }

    #[test]
    fn names_capitals_hashtags_and_foreign_passages_stay_quiet() {
        for text in [
            "Choe Son Hui met Han Song Ryol in Pyongyang.",
            "The hashtag #stopthewar trended in Seoul.",
            "He sold it on eBay, officials said.",
            "The so-called “juche” ideology guides the state.",
            "The chant “la lucha sigue, el pueblo unido” rang out.",
            "The government’s plan and the ministers’ reply arrived.",
            "The non-proliferation treaty was re-signed.",
            "The e.g. form is not checked, nor file.txt paths.",
        ] {
            assert!(
                flagged("spelling", text).is_empty(),
                "{text}: {:?}",
                flagged("spelling", text)
            );
        }
    }

    #[test]
    fn the_misspelling_list_keeps_its_words() {
        assert!(flagged("spelling", "The goverment said it recieved the note.").is_empty());
    }

    #[test]
    fn run_together_words_are_split() {
        assert_eq!(
            flagged(
                "run-together",
                "The nuclearprogram was halted by thegovernment in2019."
            ),
            ["nuclearprogram", "thegovernment", "in2019"]
        );
        assert_eq!(
            fixed("run-together", "The 2021budget was cut."),
            "The 2021 budget was cut."
        );
        assert!(flagged("spelling", "The nuclearprogram was halted.").is_empty());
    }

    #[test]
    fn short_joins_of_function_words_are_split() {
        assert_eq!(
            flagged(
                "run-together",
                "The terms ofthe deal, agreed inthe capital, go tothe vote."
            ),
            ["ofthe", "inthe", "tothe"]
        );
        assert_eq!(
            flagged(
                "run-together",
                "It passed withoutdebate, duringtalks betweenrivals."
            ),
            ["withoutdebate", "duringtalks", "betweenrivals"]
        );
        assert_eq!(
            fixed("run-together", "It is onthe table."),
            "It is on the table."
        );
        assert!(flagged("spelling", "The terms ofthe deal.").is_empty());
    }

    #[test]
    fn a_join_that_is_also_one_letter_from_a_common_word_offers_both() {
        let text = "He left befire noon.";
        assert_eq!(offered("run-together", text), ["be fire", "before"]);
        let found = check(text, Format::Plain, &Settings::default());
        assert!(found.iter().all(|f| f.fixes.iter().all(|x| !x.safe)));
        // A plain join offers the split alone.
        assert_eq!(offered("run-together", "The terms ofthe deal."), ["of the"]);
    }

    #[test]
    fn camel_case_joins_of_known_words_are_split() {
        assert_eq!(
            flagged(
                "run-together",
                "Officials said theGovernment would reply, and talks inSeoul with NorthKorea and the WhiteHouse go on."
            ),
            ["theGovernment", "inSeoul", "NorthKorea", "WhiteHouse"]
        );
        assert_eq!(
            fixed("run-together", "Envoys from NorthKorea met."),
            "Envoys from North Korea met."
        );
    }

    #[test]
    fn compounds_ordinals_and_units_stay_quiet() {
        for text in [
            "The 21st century began in the 1990s, a 5km race away.",
            "The notebook and the headquarters are nearby.",
            "Their mp3 files and the covid19 data were seized; see #nuclearprogram.",
            "The iPhone and the PlayStation sold well.",
            "Watch it on YouTube or eBay, or read theSkimm and TheStreet.",
            "The McDonald family met LeBron James and DeSantis at JavaScript camp.",
            "Use getElementById or parseInt; see myFunction.",
            "The inset, the onset and the intro were cut.",
        ] {
            assert!(
                flagged("run-together", text).is_empty(),
                "{text}: {:?}",
                flagged("run-together", text)
            );
        }
    }
}
