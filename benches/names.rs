//! The names knowledge base: matching throughput (MB/s) over a multi-MB
//! text with the built-in officials and with a synthetic 10,000-person
//! newsroom file, the same for near misses (`name-near-miss`), and the cost
//! of a hover lookup and a completion with it;
//! and the time to load a names file of N and of 10·N people, whose ratio
//! is about 10 when loading is linear (`-- --load` runs only that, N from
//! `COPYDESK_LOAD_N`, 20,000 by default).
//!
//! `cargo bench --bench names` runs it; CI only compiles it.

use std::time::{Duration, Instant};

use copydesk::engine::{Document, Format};
use copydesk::names::{NameIndex, Romanization, card::card};

#[path = "support/corpus.rs"]
mod corpus;

const SYLLABLES: &[&str] = &[
    "Chol", "Song", "Hyok", "Yong", "Myong", "Sun", "Hui", "Jin", "Ho", "Nam", "Il", "Su", "Gwang",
    "Chun", "Ok", "Hwa", "Kyong", "Un", "Jong", "Ryong", "Min", "Sok", "Tae", "Hyon", "Pil",
];
const SURNAMES: &[&str] = &[
    "Kim", "Ri", "Pak", "Choe", "Jang", "Han", "Jo", "Kang", "Yun", "Jong", "Ryu", "Hong", "Mun",
    "Sin", "O", "So",
];

/// A names file of `count` distinct people, each with a variant.
fn synthetic_people(count: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    'outer: for surname in SURNAMES {
        for a in SYLLABLES {
            for b in SYLLABLES {
                if n == count {
                    break 'outer;
                }
                out.push_str(&format!(
                    "[[person]]\nid = \"p{n}\"\nname = \"{surname} {a} {b}\"\nyonhap = \"{surname} {a}-{}\"\nvariants = [\"{surname} {a}{}\"]\ntitle = \"Official\"\nsecond_reference = \"{surname}\"\n",
                    b.to_lowercase(),
                    b.to_lowercase()
                ));
                n += 1;
            }
        }
    }
    assert_eq!(n, count, "enough syllables for {count} people");
    out
}

/// A names file of `count` (up to 250,000) distinct people.
fn numbered_people(count: usize) -> String {
    assert!(count <= SURNAMES.len() * SYLLABLES.len().pow(3));
    let mut out = String::new();
    for n in 0..count {
        let surname = SURNAMES[n % SURNAMES.len()];
        let rest = n / SURNAMES.len();
        let syllable = |k: u32| SYLLABLES[rest / SYLLABLES.len().pow(k) % SYLLABLES.len()];
        let given = format!("{}{}", syllable(1), syllable(2).to_lowercase());
        out.push_str(&format!(
            "[[person]]\nid = \"p{n}\"\nname = \"{surname} {} {given}\"\nvariants = [\"{surname} {}{given}\"]\ntitle = \"Official\"\n",
            syllable(0),
            syllable(0)
        ));
    }
    out
}

/// Loading a names file of `n` and of `10 * n` people.
fn load_scaling() {
    let n: usize = std::env::var("COPYDESK_LOAD_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let mut times = Vec::new();
    for count in [n, 10 * n] {
        let file = numbered_people(count);
        let load = time(1, || {
            NameIndex::with_files(&[("newsroom.toml".to_string(), file.clone())])
                .expect("synthetic file parses")
        });
        println!(
            "load {count:>7} people ({:.1} MB): {:>8.1} ms",
            file.len() as f64 / 1048576.0,
            load.as_secs_f64() * 1e3
        );
        times.push(load);
    }
    println!(
        "load ratio 10·N / N: {:.1} (10 is linear, 100 quadratic)",
        times[1].as_secs_f64() / times[0].as_secs_f64()
    );
}

fn corpus_text(target: usize, extra: &str) -> String {
    let stories = corpus::stories();
    let mut out = String::new();
    while out.len() < target {
        for text in &stories {
            out.push_str(text);
            out.push_str(extra);
            out.push_str("\n\n");
        }
    }
    out
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    if std::env::args().any(|a| a == "--load") {
        load_scaling();
        return;
    }
    // Officials appear in the text, so matches are found, not just ruled out.
    let text = corpus_text(
        8 << 20,
        " Vice Foreign Minister Han Song Ryol met Choi Sun-hee and Kim Chol Song. Choe Son Hiu and Kim Chol Snog spoke.",
    );
    let mb = text.len() as f64 / 1048576.0;
    let doc = Document::new(&text, Format::Plain);
    let builtin = NameIndex::builtin();
    let people = synthetic_people(10_000);
    let large = NameIndex::with_files(&[("newsroom.toml".to_string(), people)])
        .expect("synthetic file parses");
    println!("text: {mb:.1} MB, {} words", doc.words.len());
    for (label, index) in [
        ("built-in officials", &*builtin),
        ("+10,000-person file", &large),
    ] {
        let scan = time(5, || index.scan(&doc));
        let found = index.scan(&doc).len();
        println!(
            "{label:>22}: {:>6} people, {:>6} spellings  scan {:>7.1} ms = {:>7.1} MB/s  ({found} mentions)",
            index.people.len(),
            index.spellings.len(),
            scan.as_secs_f64() * 1e3,
            mb / scan.as_secs_f64()
        );
    }
    // Near misses: the index built on first use, then every capitalized
    // word outside a known name looked up in it (not every spelling).
    for (label, index) in [
        ("built-in officials", &*builtin),
        ("+10,000-person file", &large),
    ] {
        let mentions = index.scan(&doc);
        let first = time(1, || index.near_misses(&doc, &mentions));
        let near = time(5, || index.near_misses(&doc, &mentions));
        println!(
            "{label:>22}: near misses {:>7.1} ms = {:>7.1} MB/s  ({} found; first call, with the index build, {:.1} ms)",
            near.as_secs_f64() * 1e3,
            mb / near.as_secs_f64(),
            index.near_misses(&doc, &mentions).len(),
            first.as_secs_f64() * 1e3
        );
    }
    let segment = time(3, || Document::new(&text, Format::Plain));
    println!(
        "  (tokenizing the same text, which the scan reuses: {:.1} ms)",
        segment.as_secs_f64() * 1e3
    );
    let complete = time(201, || large.complete("Kim Chol S", Romanization::Ap));
    let surname = time(201, || large.complete("Kim", Romanization::Ap));
    let person = &large.people[large.complete("Kim Chol Song", Romanization::Ap)[0]];
    let hover = time(201, || card(&large, person, Romanization::Ap, None));
    println!(
        "with 10,000 people: completion “Kim Chol S” {:.1} µs, “Kim” ({} items) {:.1} µs; hover card {:.1} µs",
        complete.as_secs_f64() * 1e6,
        large.complete("Kim", Romanization::Ap).len(),
        surname.as_secs_f64() * 1e6,
        hover.as_secs_f64() * 1e6
    );
    load_scaling();
}
