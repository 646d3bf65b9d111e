//! Two twin rules that tell a possessive from its sound-alike by the next
//! words: `its-it-s` ("its a", "it's own") and `there-their` ("their is",
//! "there own", "but there luggage was lost"). One file: they share their
//! data (`data/possessive-contraction.toml`) and the pattern "contraction,
//! a noun, a finite verb".

use serde::Deserialize;

use super::word_set::{WordSet, function_words, plain_lowercase};
use super::{Rule, doubled_determiner, word_classes};
use crate::engine::Document;
use crate::engine::finding::{Fix, Level, Severity};
use crate::engine::fold::fold_hash;
use crate::engine::scan::match_case;
use crate::engine::tokenizer::Word;
use crate::engine::{Context, Emitter};

pub static ITS: Rule = Rule {
    id: "its-it-s",
    default_level: Level::On(Severity::Warning),
    summary: "“its” where “it's” is meant, or the other way round (“its a”, “its likely to”, “it's own”, “it's budget”)",
    explanation: "“It's” is “it is” or “it has”; “its” is the possessive. The next words tell: \
“its a deal”, “its not”, “its been” need the apostrophe, as does “its” before an adjective that \
“it is” takes and then a clause, an infinitive or a full stop (“said its likely to rain”, “its \
possible that”, “its unclear whether”; not “its likely successor”). “It's own” never has it, nor \
does “it's profits fell” (the contraction, a noun, then a verb), “it's” before a noun a company, \
team or country has, with at most two modifiers, ending its phrase (“it's quarterly profit rose”, \
“cut it's budget for 2025”, “won it's opening game.”), or “it's” after a preposition or a verb \
that takes an object (“of it's members”, “lowered it's forecast”). Words that are participles \
after “it is” are not read as nouns (“it's forecast to rise”, “it's set to”), nor is a cleft \
sentence (“it's members who decide”), an -ing word before a plural (“it's raising prices”) or a \
past participle (“it's cost the team”). Where `doubled-determiner` flags “its the” (“said its the \
profits fell”) this rule is quiet. The words are listed in `data/possessive-contraction.toml`; a \
capital after the word (“its A-list”) is left alone. The fixes are suggestions (“it's own goals \
that cost them” is right in a match report).",
    uses_lexicon: false,
    check: Some(check_its),
    document: None,
};

pub static THERE: Rule = Rule {
    id: "there-their",
    default_level: Level::On(Severity::Warning),
    summary: "“their”, “there” and “they're” confused (“their is”, “there own”, “left there bags”, “said there worried”)",
    explanation: "“Their” is the possessive, “there” the place or the subject of “there is”, \
“they're” is “they are”. The next words tell: “their is”, “their are”, “their not” need “there” \
or “they're”; “there own” and “they're own” need “their”, as does “they're” or “there” before a \
noun and a verb (“they said there luggage was lost”), and before a noun after a verb that takes \
an object (“left there bags”, “thanked they're fans”, “did there best”; not a plural of time: \
“stayed there hours”). “There” or “their” before a word that “they are” takes, after a verb of \
saying or “because”, and then a preposition, an infinitive or a full stop, needs “they're” (“said \
there worried about”, “said their going to”; not “stood there waiting”, “their waiting room”, \
“their going to war was”). “There” is read as “their” before a noun and a verb only after a word \
that cannot end a phrase of place (“of”, “said”, “because”…): “out there people are” and “and \
there prices fell too” are left alone. Where `doubled-determiner` flags “their the” (“raised their \
the taxes”) this rule is quiet. The lists are in `data/possessive-contraction.toml`. The fixes \
are suggestions (“were there own goals?” is right in a match report).",
    uses_lexicon: false,
    check: Some(check_there),
    document: None,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    after_its: WordSet,
    it_is_adjectives: WordSet,
    after_adjective: WordSet,
    after_their: WordSet,
    possessed_nouns: WordSet,
    possessed_modifiers: WordSet,
    after_possessed: WordSet,
    owned_in_context: WordSet,
    possessive_after: WordSet,
    object_verbs: WordSet,
    time_nouns: WordSet,
    their_singulars: WordSet,
    they_are_words: WordSet,
    after_they_are: WordSet,
    saying: WordSet,
    own: WordSet,
    finite_verbs: WordSet,
    before_there: WordSet,
    not_nouns: WordSet,
    object_fronted: WordSet,
}

rule_data!(Data, "possessive-contraction.toml");

/// The word after word `i`, if only spaces separate them.
fn next_joined(words: &[Word], i: usize) -> Option<&Word> {
    words.get(i + 1).filter(|w| w.joined)
}

/// Whether word `i + 1` is "not" before a gerund: "their not paying",
/// "its not being ready" (a possessive before a gerund).
fn not_before_gerund(doc: &Document<'_>, i: usize) -> bool {
    let words = &doc.words;
    next_joined(words, i).is_some_and(|n| doc.word(n).eq_ignore_ascii_case("not"))
        && next_joined(words, i + 1).is_some_and(|g| doc.word(g).ends_with("ing"))
}

/// Whether words `i + 1` and `i + 2` are a plain noun and a finite verb:
/// "it's profits fell", "there luggage was".
pub(super) fn noun_then_verb(doc: &Document<'_>, i: usize) -> bool {
    let sets = data();
    let words = &doc.words;
    let (Some(noun), Some(verb)) = (next_joined(words, i), next_joined(words, i + 1)) else {
        return false;
    };
    let n = doc.word(noun);
    plain_lowercase(n)
        && !n.ends_with("ly")
        && !n.ends_with("ing")
        && !n.contains(['\'', '’'])
        && !function_words().has(doc, noun)
        && !sets.not_nouns.has(doc, noun)
        && !sets.finite_verbs.has(doc, noun)
        && sets.finite_verbs.has(doc, verb)
}

/// Whether a mark that ends a phrase follows word `k`, or nothing does:
/// "cut it's budget.", "said their ready." A comma counts unless "not"
/// follows it ("it's players, not coaches, who").
fn mark_after(doc: &Document<'_>, k: usize) -> bool {
    let rest = &doc.text[doc.words[k].range().end..];
    let rest = rest.trim_start_matches(['”', '"', '’', '\'']);
    match rest.chars().next() {
        None => true,
        Some('.' | ';' | ':' | '!' | '?') => true,
        Some(',') => !rest[1..].trim_start().starts_with("not "),
        _ => false,
    }
}

/// Whether "who", "that" or "which" follows word `k` within six words, no
/// mark between: "it's players from the academy who win" is a cleft
/// sentence, "it is".
fn cleft_after(doc: &Document<'_>, k: usize) -> bool {
    let words = &doc.words;
    (k + 1..(k + 7).min(words.len()))
        .take_while(|&j| words[j].joined)
        .any(|j| {
            let w = doc.word(&words[j]);
            ["who", "that", "which"]
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        })
}

/// Whether `word` may be a noun: lowercase, no function word, no adverb,
/// no word that `not_nouns` lists.
fn nounish(doc: &Document<'_>, word: &Word) -> bool {
    let sets = data();
    let w = doc.word(word);
    plain_lowercase(w)
        && !w.ends_with("ly")
        && !w.contains(['\'', '’'])
        && !function_words().has(doc, word)
        && !sets.not_nouns.has(doc, word)
        && !sets.finite_verbs.has(doc, word)
}

/// A modifier between "it's" and a noun it owns: "quarterly", "opening",
/// "national", "latest", or such a noun itself ("debut season").
fn possessed_modifier(doc: &Document<'_>, word: &Word) -> bool {
    let sets = data();
    let w = doc.word(word);
    if sets.possessed_modifiers.has(doc, word) || sets.possessed_nouns.has(doc, word) {
        return true;
    }
    let suffixed = ["al", "ic", "ive", "ous", "ese", "ian", "ern", "est", "ing"]
        .iter()
        .any(|s| w.ends_with(s));
    suffixed
        && w.len() > 4
        && nounish(doc, word)
        && !sets.it_is_adjectives.has(doc, word)
        && !sets.after_its.has(doc, word)
}

/// The noun that "it's" (word `i`) is the possessive of: one of
/// `possessed_nouns`, after at most two modifiers, ending its phrase (a
/// finite verb, a preposition or a mark after it), in no cleft sentence:
/// "cut it's quarterly profit forecast" no, "it's quarterly profit rose",
/// "it's budget for 2025", "it's opening game.".
fn possessed_noun(doc: &Document<'_>, i: usize) -> Option<usize> {
    let sets = data();
    let words = &doc.words;
    let mut ing = false;
    for k in i + 1..i + 4 {
        let word = next_joined(words, k - 1)?;
        let w = doc.word(word);
        if !plain_lowercase(w) {
            return None;
        }
        // "it's raising prices" is "it is": an -ing word before a plural.
        let noun = sets.possessed_nouns.has(doc, word) && !(ing && w.ends_with('s'));
        if noun {
            let ends = match next_joined(words, k) {
                Some(next) => {
                    sets.finite_verbs.has(doc, next) || sets.after_possessed.has(doc, next)
                }
                None => mark_after(doc, k),
            };
            if ends && !cleft_after(doc, k) {
                return Some(k);
            }
        }
        if k == i + 3 || !possessed_modifier(doc, word) {
            return None;
        }
        ing |= w.ends_with("ing");
    }
    None
}

/// Whether word `i` ("its") is followed by an adjective that "it is" takes
/// and then a clause or an infinitive, or a mark: "said its likely to",
/// "its possible that", "its unclear whether", "said its possible.".
fn adjective_then_clause(doc: &Document<'_>, i: usize) -> Option<usize> {
    let sets = data();
    let words = &doc.words;
    let adjective = next_joined(words, i).filter(|a| sets.it_is_adjectives.has(doc, a))?;
    let ends = match next_joined(words, i + 1) {
        Some(next) => sets.after_adjective.has(doc, next),
        None => mark_after(doc, i + 1),
    };
    (ends && plain_lowercase(doc.word(adjective))).then_some(i + 1)
}

/// Whether word `i` ("there", "their") is followed by a word that "they
/// are" takes and then a preposition, an infinitive, an object or a mark,
/// after a verb of saying or a conjunction: "said there worried about",
/// "said their going to", "said their ready.".
fn they_are_then(doc: &Document<'_>, i: usize) -> Option<usize> {
    let sets = data();
    let words = &doc.words;
    let word = &words[i];
    let after_saying = word.sentence_start
        || (i > 0
            && word.joined
            && (sets.saying.has(doc, &words[i - 1]) || sets.before_there.has(doc, &words[i - 1])));
    if !after_saying {
        return None;
    }
    let taken = next_joined(words, i).filter(|a| sets.they_are_words.has(doc, a))?;
    let ends = match next_joined(words, i + 1) {
        Some(next) => sets.after_they_are.has(doc, next),
        None => mark_after(doc, i + 1),
    };
    // "their going to war was a mistake": a gerund, the subject of a verb.
    let subject = (i + 2..(i + 7).min(words.len()))
        .take_while(|&j| words[j].joined)
        .any(|j| sets.finite_verbs.has(doc, &words[j]));
    (ends && !subject && plain_lowercase(doc.word(taken))).then_some(i + 1)
}

/// Whether `word`, after "it's" that a preposition or an object verb
/// shows to be the possessive, is what it owns or a modifier of it: "of
/// it's members", "at it's best", "lowered it's forecast", "on it's way";
/// not "most of it's fake", "whatever we do it's fine". Any plural counts
/// after a preposition ("of it's plans"), not after a verb, which may end a
/// clause ("if we lose it's curtains").
fn owned_after_possessive(doc: &Document<'_>, word: &Word, any_plural: bool) -> bool {
    let sets = data();
    let w = doc.word(word);
    let plural = w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is");
    (any_plural && plural && !sets.they_are_words.has(doc, word))
        || sets.possessed_nouns.has(doc, word)
        || sets.owned_in_context.has(doc, word)
        || possessed_modifier(doc, word)
}

/// Whether a verb that takes a noun object and no clause stands before word
/// `i`: "thanked they're fans", "cut it's forecast".
fn after_object_verb(doc: &Document<'_>, i: usize) -> bool {
    i > 0 && doc.words[i].joined && data().object_verbs.has(doc, &doc.words[i - 1])
}

/// The noun that "there" or "they're" (word `i`) is the possessive of,
/// after a verb that takes an object: "left there bags", "hold there
/// positions", "did there best", "thanked they're loyal fans". "There" is
/// the place before a plural of time ("stayed there hours").
fn object_after_verb(doc: &Document<'_>, i: usize, they_re: bool) -> Option<usize> {
    let sets = data();
    let words = &doc.words;
    if !after_object_verb(doc, i) {
        return None;
    }
    // "What they did there matters": the verb's object came first.
    let fronted = (i.saturating_sub(4)..i - 1)
        .rev()
        .take_while(|&j| words[j + 1].joined)
        .any(|j| sets.object_fronted.has(doc, &words[j]));
    if fronted {
        return None;
    }
    let next = next_joined(words, i)?;
    if !nounish(doc, next) || sets.they_are_words.has(doc, next) || cleft_after(doc, i + 1) {
        return None;
    }
    if they_re {
        return Some(i + 1);
    }
    let w = doc.word(next);
    let plural = w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is");
    let owned = (plural && !sets.time_nouns.has(doc, next))
        || sets.their_singulars.has(doc, next)
        || sets.possessed_nouns.has(doc, next);
    owned.then_some(i + 1)
}

/// Whether `doubled-determiner` flags word `i` and the article after it
/// ("their the taxes", "its the profits fell"): then this rule's advice
/// ("there", "it's") would be wrong, and it leaves the pair to that rule.
fn doubled_determiner_speaks(ctx: &Context<'_>, i: usize) -> bool {
    ctx.settings.level(&doubled_determiner::RULE) != Level::Off
        && doubled_determiner::doubled_at(ctx.doc, i)
}

/// What a rule says of one word: the forms meant, whether the fix is
/// certain, and why.
type Verdict = (&'static [&'static str], bool, String);

fn emit(out: &mut Emitter<'_>, word: &Word, written: &str, (to, safe, why): Verdict) {
    let fixes = to
        .iter()
        .map(|r| Fix::replace(word.range(), &match_case(written, r), safe))
        .collect();
    let wanted: Vec<String> = to.iter().map(|r| format!("“{r}”")).collect();
    out.emit(
        word.range(),
        format!("{} here, not “{written}”: {why}", wanted.join(" or ")),
        fixes,
    );
}

/// The words of `class` each rule reads, with the word after each: not a
/// word in capitals ("ITS", an abbreviation), nor one before a capital
/// (a name) or a gap.
fn candidates<'a>(
    ctx: &'a Context<'a>,
    class: word_classes::Class,
) -> impl Iterator<Item = (usize, &'a str, &'a Word)> + 'a {
    let doc = ctx.doc;
    word_classes::of(ctx).words(class).filter_map(move |i| {
        let written = doc.word(&doc.words[i]);
        if written.len() > 1 && !written[1..].chars().all(|c| !c.is_uppercase()) {
            return None;
        }
        let next = next_joined(&doc.words, i)?;
        (!doc.word(next).starts_with(char::is_uppercase)).then_some((i, written, next))
    })
}

/// The words `its-it-s` starts from (`word_classes::ITS`), and those of
/// `there-their` (`word_classes::THERE`).
const ITS_WORDS: [&str; 2] = ["its", "it's"];
const THERE_WORDS: [&str; 3] = ["their", "there", "they're"];

pub(super) fn its_trigger_words() -> Vec<&'static str> {
    ITS_WORDS.to_vec()
}

pub(super) fn there_trigger_words() -> Vec<&'static str> {
    THERE_WORDS.to_vec()
}

fn check_its(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (i, written, next) in candidates(ctx, word_classes::ITS) {
        if let Some(verdict) = its_verdict(ctx, i, next) {
            emit(out, &ctx.doc.words[i], written, verdict);
        }
    }
}

fn its_verdict(ctx: &Context<'_>, i: usize, next: &Word) -> Option<Verdict> {
    let doc = ctx.doc;
    let words = &doc.words;
    let sets = data();
    let word = &words[i];
    let following = doc.word(next);
    let owns = |what: &str| Some((&["its"][..], false, format!("“{what}” is what it owns")));
    if word.key == fold_hash(ITS_WORDS[0]) {
        if sets.after_its.has(doc, next)
            && !not_before_gerund(doc, i)
            && !doubled_determiner_speaks(ctx, i)
        {
            Some((
                &["it's"],
                false,
                format!("“{following}” follows “it is” or “it has”"),
            ))
        } else {
            adjective_then_clause(doc, i).map(|_| {
                (
                    &["it's"][..],
                    false,
                    format!("“{following}” follows “it is” here"),
                )
            })
        }
    } else if sets.own.has(doc, next) {
        Some((
            &["its"],
            true,
            "only the possessive takes “own”".to_string(),
        ))
    } else if noun_then_verb(doc, i) {
        owns(following)
    } else if let Some(noun) = possessed_noun(doc, i) {
        owns(doc.word(&words[noun]))
    } else if i > 0
        && word.joined
        && nounish(doc, next)
        && (owned_after_possessive(doc, next, false) && after_object_verb(doc, i)
            || owned_after_possessive(doc, next, true)
                && sets.possessive_after.has(doc, &words[i - 1]))
        && !cleft_after(doc, i + 1)
    {
        let before = doc.word(&words[i - 1]);
        Some((
            &["its"],
            false,
            format!("after “{before}” comes the possessive, not “it is”"),
        ))
    } else {
        None
    }
}

fn check_there(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (i, written, next) in candidates(ctx, word_classes::THERE) {
        if let Some(verdict) = there_verdict(ctx, i, next) {
            emit(out, &ctx.doc.words[i], written, verdict);
        }
    }
}

fn there_verdict(ctx: &Context<'_>, i: usize, next: &Word) -> Option<Verdict> {
    let doc = ctx.doc;
    let words = &doc.words;
    let sets = data();
    let [their, _, they_re] = THERE_WORDS.map(fold_hash);
    let word = &words[i];
    let following = doc.word(next);
    let owned = || {
        Some((
            &["their"][..],
            false,
            format!("“{following}” is what they own"),
        ))
    };
    let they_are = || {
        they_are_then(doc, i).map(|_| {
            (
                &["they're"][..],
                false,
                format!("“{following}” follows “they are” here"),
            )
        })
    };
    if word.key == their {
        if sets.after_their.has(doc, next)
            && !not_before_gerund(doc, i)
            && !doubled_determiner_speaks(ctx, i)
        {
            Some((
                &["there", "they're"],
                false,
                format!("“{following}” does not follow a possessive"),
            ))
        } else {
            they_are()
        }
    } else if sets.own.has(doc, next) {
        Some((
            &["their"],
            true,
            "only the possessive takes “own”".to_string(),
        ))
    } else if noun_then_verb(doc, i) {
        let after_link = word.key == they_re
            || word.sentence_start
            || (i > 0 && word.joined && sets.before_there.has(doc, &words[i - 1]));
        if after_link { owned() } else { None }
    } else if object_after_verb(doc, i, word.key == they_re).is_some() {
        owned()
    } else if word.key != they_re {
        they_are()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::rules::test_support::{all_quiet, each_flagged_once, fixed};

    #[test]
    fn its_flags_the_wrong_form() {
        each_flagged_once(
            "its-it-s",
            &[
                "Officials said its a difficult decision.",
                "The ministry said its not clear who fired.",
                "Its been a long year for the team.",
                "The company said it's profits fell sharply.",
                "The army will defend it's own territory.",
                "Analysts said its too early to tell.",
            ],
        );
        assert_eq!(
            fixed("its-it-s", "It's own staff left."),
            "Its own staff left."
        );
    }

    #[test]
    fn its_is_quiet_on_correct_copy() {
        all_quiet(
            "its-it-s",
            &[
                "The company said its profits fell sharply.",
                "It's a difficult decision, and it's not over.",
                "The army defended its own territory.",
                "It's time will tell, critics said.",
                "Its A-list guests arrived.",
                "It's members who decide, not leaders.",
                "The firm was fined for its not filing reports.",
                "The ITS program is new.",
                "The ministry said its very survival was at stake.",
            ],
        );
    }

    #[test]
    fn its_flags_it_s_before_a_noun_it_owns() {
        each_flagged_once(
            "its-it-s",
            &[
                "The bank said it's quarterly profit rose 8 percent.",
                "Parliament cut it's budget for the coming year.",
                "The club won it's opening game.",
                "The league delayed it's debut season by a year.",
                "The party expelled three of it's members on Friday.",
                "The firm lowered it's forecast for growth.",
                "The country protects it's citizens abroad, the minister said.",
                "The team was at it's best in the second half.",
                "The company said it's shares would list in May.",
                "Seoul recalled it's ambassador.",
                "The parcel is on it's way.",
                "To it's credit, the board listened.",
            ],
        );
    }

    #[test]
    fn its_flags_its_before_an_adjective_that_it_is_takes() {
        each_flagged_once(
            "its-it-s",
            &[
                "Officials said its likely to rain on Sunday.",
                "Its possible that the vote will be delayed.",
                "The ministry said its unclear whether the talks will resume.",
                "Analysts said its hard to see a quick recovery.",
                "Doctors said its important for patients to rest.",
                "The coach said its possible.",
                "Police said its expected to take weeks.",
            ],
        );
        assert_eq!(
            fixed("its-it-s", "He said its likely to pass."),
            "He said it's likely to pass."
        );
    }

    #[test]
    fn its_is_quiet_on_possessives_and_contractions_that_are_right() {
        all_quiet(
            "its-it-s",
            &[
                "It's forecast to rise next year, and it's set to pass.",
                "The bank cut its forecast to 2 percent.",
                "The firm named its likely successor and its possible sale.",
                "The party lost its important role.",
                "The league said it's expected profit that matters.",
                "It's members who decide, and it's players from the academy who win.",
                "It's budget season again.",
                "The company said it's raising prices.",
                "It's cost the team dearly, and it's hit profits too.",
                "It's game on, and it's game over.",
                "It's quarterly profit, not revenue, that counts.",
                "Since the team left it's been quiet.",
                "The state and its citizens, its budget and its unclear future.",
                "The Korea Herald said 그것은 it's 예산 in Korean.",
                "It's 3 percent, and it's 2025.",
                "Gave the league its due.",
                "Most of it's fake, and part of it's gone.",
                "Whatever we do it's fine, and if we lose it's curtains.",
                "All of it's true, and the worst of it's over.",
                "“It's members who decide,” she said, “and it's 2025 now.”",
                "“It's likely,” he said. “Its 3 percent rise is likely to last.”",
                "The union got its right to strike back.",
            ],
        );
    }

    #[test]
    fn there_flags_the_wrong_form() {
        each_flagged_once(
            "there-their",
            &[
                "Officials said their is no evidence of fraud.",
                "Their are many reasons for the delay.",
                "The players said there own coach was to blame.",
                "Rescuers said there luggage was lost.",
                "Fans say they're team will win the title.",
                "Lawmakers said their not ready to vote.",
            ],
        );
        assert_eq!(
            fixed("there-their", "They went there own way."),
            "They went their own way."
        );
    }

    #[test]
    fn there_flags_a_possessive_after_a_verb_that_takes_an_object() {
        each_flagged_once(
            "there-their",
            &[
                "Passengers left there bags on the platform.",
                "The players thanked they're fans after the game.",
                "Troops were ordered to hold there positions.",
                "The volunteers said they had done there best.",
                "Residents lost there homes in the flood.",
                "The workers made there way home.",
                "The coaches praised they're young players.",
            ],
        );
        assert_eq!(
            fixed("there-their", "Fans raised there flags."),
            "Fans raised their flags."
        );
    }

    #[test]
    fn there_flags_there_or_their_before_what_they_are_takes() {
        each_flagged_once(
            "there-their",
            &[
                "Officials said there worried about the storm.",
                "The nurses said their waiting for a response.",
                "Fans say their going to protest on Friday.",
                "The teachers said there ready to strike.",
                "Farmers fear their unable to plant in time.",
                "Because their determined to win, the players trained daily.",
            ],
        );
        assert_eq!(
            fixed("there-their", "They said there ready."),
            "They said they're ready."
        );
    }

    #[test]
    fn there_is_quiet_on_places_and_possessives_that_are_right() {
        all_quiet(
            "there-their",
            &[
                "They stayed there hours and lived there years.",
                "The family left there empty-handed.",
                "Voters said there are many reasons, and there were few.",
                "They stood there worried about the storm, and sat there waiting for news.",
                "They said their waiting room was full, and their working conditions poor.",
                "The union said their going to war was a mistake.",
                "There being no quorum, the vote was delayed.",
                "Fans said they're fans of the coach.",
                "He was told they're going to win.",
                "Out there, over there and up there, people waited.",
                "They said their worried parents had called.",
                "서울 시민들은 there 있었다 and left there 2 hours later.",
                "The army left there in 2019.",
                "What they did there matters, and all they left there works.",
                "“There, waiting for us, were the fans,” he said. “They're ready.”",
                "They left there 3 bags and thanked “there fans” in a banner.",
                "Everything the troops held there belongs to the state.",
            ],
        );
    }

    #[test]
    fn there_is_quiet_on_correct_copy() {
        all_quiet(
            "there-their",
            &[
                "Officials said there is no evidence of fraud.",
                "Out there people are waiting for news.",
                "They said their will to fight was strong.",
                "The players said their own coach was to blame.",
                "They're going to vote, and they're ready.",
                "There were many reasons for the delay.",
                "From there troops moved north.",
                "Prices rose in Seoul, and there prices fell too.",
                "Their Excellencies arrived.",
                "There however are some cases left.",
                "Critics cited their not paying taxes.",
            ],
        );
    }
}
