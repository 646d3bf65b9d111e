//! Issue 12's rules, shared by `tests/eval.rs` (recall per family) and
//! `tests/grammar_rules.rs` (listed, switched off one by one).

/// The grammar patterns.
pub const GRAMMAR: [&str; 9] = [
    "doubled-determiner",
    "the-possessive",
    "modal-noun",
    "its-it-s",
    "there-their",
    "lowercase-sentence",
    "quote-glued",
    "repeated-word-punctuated",
    "demonym",
];

/// Headlines and spacing.
pub const HEADLINES_AND_SPACING: [&str; 2] = ["headline-case", "missing-space"];
