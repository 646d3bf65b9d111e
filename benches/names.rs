//! The names knowledge base: matching throughput (MB/s) over a multi-MB
//! text with the built-in officials and with a synthetic 10,000-person
//! newsroom file, the same for near misses (`name-near-miss`), and the cost
//! of a hover lookup and a completion with it;
//! and the time to load a names file of N and of 10·N people, whose ratio
//! is about 10 when loading is linear (`-- --load` runs only that, N from
//! `COPYDESK_LOAD_N`, 20,000 by default).
//!
//! `-- --newsroom` runs only the newsroom-scale figures (issue 11, item 6):
//! a generated names file of 100,000 entities (`COPYDESK_NEWSROOM_N`) —
//! people named from a few surnames and shared given-name syllables (Kim,
//! Lee, Park…), places and organizations — and, against the budgets, the
//! start-up of `copydesk check` on a short story with it (≤ 150 ms more CPU
//! time than with the built-in set; the wall-clock time is printed too),
//! the resident memory of a process that has loaded it and built its
//! near-miss index (≤ 200 MB), `check` throughput with it as a share of the
//! throughput with the built-in set (≥ 80 %), and completion, the first
//! request included (≤ 5 ms).
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
            NameIndex::with_files(vec![("newsroom.toml".to_string(), file.clone())])
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
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child-rss") {
        child_rss(&args[at + 1]);
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--write-newsroom") {
        // For profiling `copydesk check` with the file by hand.
        std::fs::write(&args[at + 1], newsroom_file(100_000)).expect("written");
        return;
    }
    if args.iter().any(|a| a == "--load") {
        load_scaling();
        return;
    }
    if args.iter().any(|a| a == "--newsroom") {
        newsroom();
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
    let large = NameIndex::with_files(vec![("newsroom.toml".to_string(), people)])
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
    newsroom();
}

const SURNAMES_SOUTH: &[(&str, &str)] = &[
    ("Kim", "김"),
    ("Lee", "이"),
    ("Park", "박"),
    ("Choi", "최"),
    ("Jung", "정"),
    ("Kang", "강"),
    ("Cho", "조"),
    ("Yoon", "윤"),
    ("Jang", "장"),
    ("Lim", "임"),
    ("Han", "한"),
    ("Oh", "오"),
];
const GIVEN: &[(&str, &str)] = &[
    ("Min", "민"),
    ("Jun", "준"),
    ("Seo", "서"),
    ("Ji", "지"),
    ("Hyun", "현"),
    ("Woo", "우"),
    ("Young", "영"),
    ("Soo", "수"),
    ("Jae", "재"),
    ("Hoon", "훈"),
    ("Eun", "은"),
    ("Sung", "성"),
    ("Dong", "동"),
    ("Hee", "희"),
    ("Yeon", "연"),
    ("Jin", "진"),
    ("Ho", "호"),
    ("Kyung", "경"),
    ("Won", "원"),
    ("Hye", "혜"),
    ("Sang", "상"),
    ("Chul", "철"),
    ("Mi", "미"),
    ("Tae", "태"),
    ("Yong", "용"),
    ("Hwan", "환"),
    ("Bin", "빈"),
    ("Na", "나"),
    ("Gyu", "규"),
    ("Il", "일"),
];

/// A newsroom's names file of `count` entities: 96 % people (South Korean
/// names "Kim Min-jun", with native script, a variant, a dated position and
/// a birth date; every fourth a North Korean three-part name), 2.5 % places
/// and 1.5 % organizations. Spellings repeat parts heavily, as real files do.
fn newsroom_file(count: usize) -> String {
    use std::fmt::Write as _;
    let places = count / 40;
    let organizations = count * 3 / 200;
    let people = count - places - organizations;
    let mut out = String::with_capacity(count * 260);
    let g = GIVEN.len();
    for n in 0..people {
        let (surname, hangul) = SURNAMES_SOUTH[n % SURNAMES_SOUTH.len()];
        let rest = n / SURNAMES_SOUTH.len();
        let (a, ha) = GIVEN[rest % g];
        let (b, hb) = GIVEN[rest / g % g];
        let (c, _) = GIVEN[rest / g / g % g];
        let year = 1940 + (n % 60);
        // Namesakes beyond the combinations get a generation syllable.
        let tail = if rest / g / g > 0 {
            format!(" {c}")
        } else {
            String::new()
        };
        let lower = b.to_lowercase();
        if n % 4 == 3 {
            let _ = write!(
                out,
                "[[person]]\nid = \"p{n}\"\nname = \"{surname} {a} {b}{tail}\"\nyonhap = \"{surname} {a}-{lower}{tail}\"\nvariants = [\"{surname} {a}{lower}{tail}\"]\nnative = \"{hangul}{ha}{hb}\"\ncountry = \"North Korea\"\nsecond_reference = \"{surname}\"\nsources = [\"generated\"]\n\n"
            );
        } else {
            let _ = write!(
                out,
                "[[person]]\nid = \"p{n}\"\nname = \"{surname} {a}-{lower}{tail}\"\nvariants = [\"{surname} {a}{lower}{tail}\"]\nnative = \"{hangul}{ha}{hb}\"\ncountry = \"South Korea\"\nborn = \"{year}-0{}\"\nsecond_reference = \"{surname}\"\nsources = [\"generated\"]\n[[person.positions]]\ntitle = \"Lawmaker\"\norganization = \"National Assembly\"\nstart = \"{}\"\n\n",
                1 + n % 9,
                year + 40
            );
        }
    }
    for n in 0..places {
        let (a, ha) = GIVEN[n % g];
        let (b, hb) = GIVEN[n / g % g];
        let lower = b.to_lowercase();
        let _ = write!(
            out,
            "[[place]]\nid = \"l{n}\"\nname = \"{a}{lower}-ri {}\"\nnative = \"{ha}{hb}리\"\nkind = \"village\"\ncountry = \"South Korea\"\n\n",
            n / g / g + 1
        );
    }
    for n in 0..organizations {
        let (a, _) = GIVEN[n % g];
        let (b, _) = GIVEN[n / g % g];
        let _ = write!(
            out,
            "[[organization]]\nid = \"o{n}\"\nname = \"{a}{} {b} Industries {}\"\nabbreviation = \"{}{}I{}\"\nkind = \"company\"\n\n",
            b.to_lowercase(),
            n / g / g + 1,
            &a[..1],
            &b[..1],
            n
        );
    }
    out
}

/// Resident memory of this process, in KiB: now and at its peak (Linux).
fn rss() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// In a fresh process: read the names file at `path`, load it over the
/// built-in set, build its near-miss index, check a story; print the
/// resident memory.
fn child_rss(path: &str) {
    let text = std::fs::read_to_string(path).expect("names file");
    let index = NameIndex::with_files(vec![(path.to_string(), text)]).expect("names file loads");
    std::hint::black_box(&index);
    let (_, loaded_peak) = rss().unwrap_or_default();
    let story = "Kim Min-jun met Lee Seo-yeon and Kim Mn-jun in Minjun-ri.";
    let doc = Document::new(story, Format::Plain);
    let mentions = index.scan(&doc);
    std::hint::black_box(index.near_misses(&doc, &mentions));
    let (now, peak) = rss().unwrap_or_default();
    println!("{now} {peak} {loaded_peak}");
}

/// The figures of issue 11, item 6, for a generated newsroom file.
fn newsroom() {
    use copydesk::engine::{Settings, check};
    let count: usize = std::env::var("COPYDESK_NEWSROOM_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let file = newsroom_file(count);
    let dir = std::env::temp_dir().join(format!("copydesk-names-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let names = dir.join("names.toml");
    std::fs::write(&names, &file).expect("names file written");
    std::fs::write(
        dir.join("copydesk.toml"),
        "[names]\nfiles = [\"names.toml\"]\n",
    )
    .expect("config written");
    std::fs::write(dir.join("empty.toml"), "").expect("config written");
    let story = dir.join("story.txt");
    std::fs::write(
        &story,
        "SEOUL (AP) — Kim Min-jun met Lee Seo-yeon in Minjun-ri on Monday, officials said.\n",
    )
    .expect("story written");
    println!(
        "newsroom file: {count} entities, {:.1} MB",
        file.len() as f64 / 1048576.0
    );

    // Phases, in this process (each result dropped outside the timing):
    // loading (the file checked whole and scanned, laid over the built-in
    // set, the index built) and the near-miss index a first check builds.
    let mut load = Duration::MAX;
    let mut near = Duration::MAX;
    for _ in 0..3 {
        let text = file.clone();
        let start = cpu_time(false);
        let index = NameIndex::with_files(vec![("names.toml".to_string(), text)]).expect("loads");
        load = load.min(cpu_time(false) - start);
        let doc = Document::new("Kim Mn-jun said.", Format::Plain);
        let start = cpu_time(false);
        std::hint::black_box(index.near_misses(&doc, &[]));
        near = near.min(cpu_time(false) - start);
    }
    println!(
        "  phases (CPU time): load {:.1} ms, near-miss index (first check) {:.1} ms",
        load.as_secs_f64() * 1e3,
        near.as_secs_f64() * 1e3
    );
    let index =
        NameIndex::with_files(vec![("names.toml".to_string(), file.clone())]).expect("loads");

    // Start-up: `copydesk check` of a one-line story, with the file and without.
    let binary = env!("CARGO_BIN_EXE_copydesk");
    let run = |config: &str| {
        let command = || {
            std::process::Command::new(binary)
                .args(["check", "--quiet", "--config"])
                .arg(dir.join(config))
                .arg(&story)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("copydesk runs")
        };
        (time(5, command), cpu(5, true, command))
    };
    let (builtin_run, newsroom_run) = (run("empty.toml"), run("copydesk.toml"));
    let startup = newsroom_run.1.saturating_sub(builtin_run.1);
    println!(
        "  start-up: copydesk check with the file {:.1} ms CPU ({:.1} ms wall), without {:.1} ms CPU ({:.1} ms wall): +{:.1} ms CPU (budget 150 ms) {}",
        newsroom_run.1.as_secs_f64() * 1e3,
        newsroom_run.0.as_secs_f64() * 1e3,
        builtin_run.1.as_secs_f64() * 1e3,
        builtin_run.0.as_secs_f64() * 1e3,
        startup.as_secs_f64() * 1e3,
        verdict(startup.as_secs_f64() <= 0.150)
    );

    // Memory: a fresh process that loads the file.
    let child = std::process::Command::new(std::env::current_exe().expect("bench path"))
        .arg("--child-rss")
        .arg(&names)
        .output()
        .expect("child runs");
    let figures = String::from_utf8_lossy(&child.stdout);
    let kib: Vec<u64> = figures
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    if let [now, peak, loaded_peak] = kib[..] {
        println!(
            "  memory: {:.0} MB resident after loading and a first check, {:.0} MB at the peak ({:.0} MB before the near-miss index) (budget 200 MB) {}",
            now as f64 / 1024.0,
            peak as f64 / 1024.0,
            loaded_peak as f64 / 1024.0,
            verdict(peak <= 200 * 1024)
        );
    } else {
        println!("  memory: not measured here ({figures})");
    }

    // `check` throughput, the built-in set against the newsroom file.
    let text = corpus_text(
        2 << 20,
        " Kim Min-jun met Lee Seo-yeon and Park Ji-hoon. Kim Mn-jun and Choe Son Hiu spoke.",
    );
    let mb = text.len() as f64 / 1048576.0;
    let builtin = Settings::default();
    let large = Settings {
        names: std::sync::Arc::new(index),
        ..Settings::default()
    };
    let throughput = |settings: &Settings| {
        check(&text, Format::Plain, settings);
        mb / cpu(3, false, || check(&text, Format::Plain, settings)).as_secs_f64()
    };
    // Where the difference goes: the names scan and the near-miss pass.
    let doc = Document::new(&text, Format::Plain);
    for (label, names) in [("built-in", &builtin.names), ("file", &large.names)] {
        let mentions = names.scan(&doc);
        let scan = cpu(3, false, || names.scan(&doc));
        let near = cpu(3, false, || names.near_misses(&doc, &mentions));
        println!(
            "  {label:>8}: scan {:.1} ms ({} mentions), near misses {:.1} ms ({} found)",
            scan.as_secs_f64() * 1e3,
            mentions.len(),
            near.as_secs_f64() * 1e3,
            names.near_misses(&doc, &mentions).len()
        );
    }
    let (slow, fast) = (throughput(&large), throughput(&builtin));
    println!(
        "  check (CPU time): {fast:.1} MB/s with the built-in set, {slow:.1} MB/s with the file: {:.0} % (budget ≥ 80 %) {}",
        100.0 * slow / fast,
        verdict(slow >= 0.8 * fast)
    );

    // Completion, the worst case a surname shared by a twelfth of the file.
    let names = &large.names;
    let first = time(1, || names.complete("Kim", Romanization::Ap));
    println!(
        "  completion: the first {:.3} ms",
        first.as_secs_f64() * 1e3
    );
    let mut worst = first;
    for typed in ["Kim", "Kim Min", "Kim Min-j", "Lee Seo-yeon", "Minjun", "K"] {
        let took = time(21, || names.complete(typed, Romanization::Ap));
        println!(
            "  completion “{typed}”: {:>5} items in {:.3} ms",
            names.complete(typed, Romanization::Ap).len(),
            took.as_secs_f64() * 1e3
        );
        worst = worst.max(took);
    }
    println!(
        "  completion: slowest {:.3} ms (budget 5 ms) {}",
        worst.as_secs_f64() * 1e3,
        verdict(worst.as_secs_f64() <= 0.005)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// CPU time (user and system) used so far by this process (`children`:
/// false) or by its children waited for (true). The machine a benchmark
/// runs on may be shared: CPU time is what the work costs, whatever else
/// runs meanwhile.
#[cfg(unix)]
fn cpu_time(children: bool) -> Duration {
    // SAFETY: an all-zero `rusage` is a valid value for getrusage to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let who = if children {
        libc::RUSAGE_CHILDREN
    } else {
        libc::RUSAGE_SELF
    };
    // SAFETY: `usage` is a live local.
    unsafe { libc::getrusage(who, &mut usage) };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_time(_children: bool) -> Duration {
    Duration::ZERO
}

/// The least CPU time `work` takes in `runs` runs.
fn cpu<T>(runs: usize, children: bool, mut work: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = cpu_time(children);
            std::hint::black_box(work());
            cpu_time(children) - start
        })
        .min()
        .unwrap_or_default()
}

fn verdict(within: bool) -> &'static str {
    if within { "ok" } else { "OVER BUDGET" }
}
