//! `copydesk audit`: what the rules flag across an archive, rule by rule —
//! findings, findings per 1,000 words, stories affected and a sample in
//! context — for a desk deciding which rules to turn on before CI goes red.
//! With `--config DRAFT`, each story is also checked under the draft
//! configuration and the report shows what the draft would add or remove.
//!
//! Nothing of a story is kept once it is summarized, so memory does not
//! grow with the archive, only with the number of rules and samples.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use super::check::{self, Configs};
use super::inputs::{self, Input};
use super::interrupt;
use super::output::FileReport;
use super::progress::Progress;
use super::{CheckArgs, ColorWhen, FailLevel, OutputFormat, exit};
use crate::config::Config;
use crate::engine::{Finding, rules};
use crate::parallel;
use crate::read_file::{self, Limit, MIB};

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Files and folders to audit (folders are walked as by `check`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// A draft configuration: report what it would change against the
    /// configuration in force.
    #[arg(long, value_name = "DRAFT")]
    pub config: Option<PathBuf>,
    /// Audit only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// Findings shown in context per rule.
    #[arg(long, default_value_t = 3)]
    pub samples: usize,
    /// No progress line on a long run.
    #[arg(long, short)]
    pub quiet: bool,
    /// The PATHS are JSON reports of `copydesk audit --format json` (shards
    /// of one archive, audited apart): combine them into one report.
    #[arg(long, conflicts_with_all = ["config", "rules"])]
    pub merge: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Human,
    Json,
    /// One self-contained page with a chart, for a desk editor.
    Html,
}

/// One finding shown in context.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Sample {
    pub(super) path: String,
    pub(super) line: usize,
    /// The line around the finding, with the finding in [brackets].
    pub(super) context: String,
    /// The sample's place in the stable order samples are chosen in, kept
    /// in the JSON so that merged shards choose as one run would.
    #[serde(default)]
    order: u64,
}

/// One rule's figures over the archive, under one configuration.
#[derive(Default, Serialize)]
struct RuleFigures {
    findings: usize,
    stories: usize,
    samples: Vec<Sample>,
}

/// The archive's figures so far.
#[derive(Default)]
struct Totals {
    stories: usize,
    words: usize,
    now: BTreeMap<&'static str, RuleFigures>,
    draft: BTreeMap<&'static str, RuleFigures>,
    /// "2016-10" → that month's stories (by each story's own date).
    months: BTreeMap<String, MonthReport>,
    undated: usize,
}

/// Where a story comes in a sorted walk: the index of the path it was
/// found under, and `inputs::walk_order`.
type WalkOrder = (usize, Vec<u8>);

/// What is kept of one story.
#[derive(Default)]
struct StorySummary {
    words: usize,
    /// "2016-10", from the story's date.
    month: Option<String>,
    /// rule → (findings, samples), under the configuration in force and
    /// under the draft.
    now: BTreeMap<&'static str, (usize, Vec<Sample>)>,
    draft: BTreeMap<&'static str, (usize, Vec<Sample>)>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct RuleReport {
    pub(super) rule: String,
    pub(super) findings: usize,
    pub(super) per_thousand_words: f64,
    pub(super) stories: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) draft_findings: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    draft_stories: Option<usize>,
    pub(super) samples: Vec<Sample>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) draft_samples: Vec<Sample>,
}

/// One month's stories, under the configuration in force.
#[derive(Clone, Default, Serialize, Deserialize)]
pub(super) struct MonthReport {
    /// "2016-10".
    pub(super) month: String,
    pub(super) stories: usize,
    pub(super) words: usize,
    pub(super) findings: usize,
    pub(super) per_thousand_words: f64,
    /// Findings of each rule that month.
    pub(super) rules: BTreeMap<String, usize>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct AuditReport {
    pub(super) stories: usize,
    pub(super) words: usize,
    pub(super) rules: Vec<RuleReport>,
    /// Month by month, for the stories whose date is known (from the
    /// dateline, front matter or "Posted" line), oldest first.
    #[serde(default)]
    pub(super) months: Vec<MonthReport>,
    /// Stories with no date of their own: in the totals, in no month.
    #[serde(default)]
    pub(super) undated_stories: usize,
}

impl AuditReport {
    /// "38,467 words in 64 stories".
    pub(super) fn size(&self) -> String {
        let stories = if self.stories == 1 {
            "story"
        } else {
            "stories"
        };
        format!(
            "{} words in {} {stories}",
            thousands(self.words),
            self.stories
        )
    }
}

pub fn run(args: &AuditArgs) -> i32 {
    if args.merge {
        return run_merge(args);
    }
    for id in &args.rules {
        if rules::find(id).is_none() {
            eprintln!("copydesk: {}", crate::suggest::unknown_rule(id));
            return exit::ERROR;
        }
    }
    let draft = match &args.config {
        Some(path) => match Config::load(path) {
            Ok(config) => Some(Configs::new(Some(config), None)),
            Err(err) => {
                eprintln!("copydesk: {err}");
                return exit::ERROR;
            }
        },
        None => None,
    };
    let current = Configs::new(None, None);
    let plain = check_args();
    let wanted = |f: &Finding| args.rules.is_empty() || args.rules.iter().any(|r| r == f.rule);
    // Each story is merged into the totals as soon as it is summarized, so
    // memory holds the totals and the samples, never the archive.
    let totals = Mutex::new(Totals::default());
    // One story: summarized, merged into the totals; `Some` when it could
    // not be checked.
    let audit_one = |input: &Input| -> Option<String> {
        let report = match check::check_one(input, &plain, &current) {
            Ok(Some(report)) => report,
            Ok(None) => return None,
            Err(err) => return Some(err),
        };
        let mut summary = StorySummary {
            words: count_words(&report.text.as_str()),
            month: report
                .story_date
                .as_ref()
                .map(|dated| dated.date.iso()[..7].to_string()),
            ..StorySummary::default()
        };
        summarize(&report, &wanted, args.samples, &mut summary.now);
        drop(report);
        if let Some(draft) = &draft {
            match check::check_one(input, &plain, draft) {
                Ok(Some(report)) => summarize(&report, &wanted, args.samples, &mut summary.draft),
                Ok(None) => {}
                Err(err) => return Some(err),
            }
        }
        let mut totals = totals.lock().unwrap_or_else(|e| e.into_inner());
        totals.stories += 1;
        totals.words += summary.words;
        match summary.month {
            Some(month) => {
                let figures = totals.months.entry(month.clone()).or_default();
                figures.month = month;
                figures.stories += 1;
                figures.words += summary.words;
                for (rule, (count, _)) in &summary.now {
                    figures.findings += count;
                    *figures.rules.entry(rule.to_string()).or_default() += count;
                }
            }
            None => totals.undated += 1,
        }
        merge(&mut totals.now, summary.now, args.samples);
        merge(&mut totals.draft, summary.draft, args.samples);
        None
    };
    interrupt::catch();
    // With a progress bar to draw, the stories are counted first; else
    // they are checked as the walk finds them, and neither the list of the
    // archive's files nor one result per file is ever held.
    let bar = !args.quiet && std::io::stderr().is_terminal();
    let (mut listed, mut errors) = if bar {
        inputs::collect(&args.paths)
    } else {
        (Vec::new(), Vec::new())
    };
    listed.retain(|input| matches!(input, Input::File(_)));
    let progress = Progress::new(listed.len(), args.quiet);
    // Stories that could not be checked, with where they come in the order
    // of a sorted walk (for the messages to come in that order).
    let failures: Mutex<Vec<(WalkOrder, String)>> = Mutex::new(Vec::new());
    let found = AtomicUsize::new(0);
    // Stories are handed over in batches: a thread waits on the queue (a
    // system call to sleep, another to wake it) once a batch, not once a
    // story. The queue is bounded, so the walk runs ahead of the checks by
    // at most `QUEUED` batches. The first batches are small (1, 2, 4, …),
    // so that checking starts with the first story found and a small
    // archive is still shared among the threads.
    const BATCH: usize = 32;
    const QUEUED: usize = 8;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(usize, Input)>>(QUEUED);
    let receive = Mutex::new(receive);
    std::thread::scope(|scope| {
        for _ in 0..parallel::cores() {
            scope.spawn(|| {
                loop {
                    let next = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(batch) = next else { break };
                    for (root, input) in batch {
                        if interrupt::interrupted() {
                            break;
                        }
                        if let Some(failure) = audit_one(&input) {
                            let order = (root, inputs::walk_order(&input));
                            failures
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((order, failure));
                        }
                        progress.tick();
                    }
                }
            });
        }
        let mut size = 1;
        let mut batch = Vec::with_capacity(size);
        let mut give = |root: usize, input: Input| {
            if matches!(input, Input::File(_)) && !interrupt::interrupted() {
                found.fetch_add(1, Ordering::Relaxed);
                batch.push((root, input));
                if batch.len() == size {
                    size = (size * 2).min(BATCH);
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(size));
                    let _ = send.send(full);
                }
            }
        };
        if bar {
            for (i, input) in listed.into_iter().enumerate() {
                give(i, input);
            }
        } else {
            errors = inputs::walk(&args.paths, &mut give);
        }
        if !batch.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
    });
    progress.finish();
    if interrupt::interrupted() {
        let done = totals.lock().unwrap_or_else(|e| e.into_inner()).stories;
        eprintln!(
            "copydesk: interrupted after {done} of {} stories; no report written",
            found.into_inner()
        );
        return interrupt::STATUS;
    }
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failed = errors;
    failed.extend(failures.into_iter().map(|(_, failure)| failure));
    let Totals {
        stories,
        words,
        mut now,
        draft: mut after,
        months,
        undated,
    } = totals.into_inner().unwrap_or_else(|e| e.into_inner());
    for error in &failed {
        eprintln!("copydesk: {error}");
    }
    if stories == 0 && !failed.is_empty() {
        return exit::ERROR;
    }
    let mut ids: Vec<&'static str> = now.keys().chain(after.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let rules = ids
        .into_iter()
        .map(|rule| {
            let figures = now.remove(rule).unwrap_or_default();
            let drafted = draft
                .as_ref()
                .map(|_| after.remove(rule).unwrap_or_default());
            RuleReport {
                rule: rule.to_string(),
                findings: figures.findings,
                per_thousand_words: 0.0,
                stories: figures.stories,
                draft_findings: drafted.as_ref().map(|d| d.findings),
                draft_stories: drafted.as_ref().map(|d| d.stories),
                samples: figures.samples,
                draft_samples: drafted.map(|d| d.samples).unwrap_or_default(),
            }
        })
        .collect();
    let mut report = AuditReport {
        stories,
        words,
        rules,
        months: months.into_values().collect(),
        undated_stories: undated,
    };
    report.finish();
    render(&report, args.format, failed.is_empty())
}

/// `--merge`: the JSON reports of shards of one archive, combined into the
/// report one run over the whole archive would have given.
fn run_merge(args: &AuditArgs) -> i32 {
    const REPORT_LIMIT: Limit = Limit {
        bytes: 256 * MIB,
        what: "an audit report",
        key: None,
    };
    let mut merged: Option<AuditReport> = None;
    for path in &args.paths {
        let read = read_file::read_to_string(path, &REPORT_LIMIT).and_then(|text| {
            serde_json::from_str::<AuditReport>(&text)
                .map_err(|err| format!("not a report of `copydesk audit --format json` ({err})"))
        });
        let report = match read {
            Ok(report) => report,
            Err(err) => {
                eprintln!("copydesk: {}: {err}", path.display());
                return exit::ERROR;
            }
        };
        merged = Some(match merged {
            None => report,
            Some(so_far) => so_far.combined(report, args.samples),
        });
    }
    let Some(mut report) = merged else {
        eprintln!("copydesk: --merge needs the JSON reports to combine");
        return exit::ERROR;
    };
    report.finish();
    // Samples beyond `--samples` in a shard are dropped, as a whole run
    // would have dropped them.
    for rule in &mut report.rules {
        keep_first(&mut rule.samples, args.samples);
        keep_first(&mut rule.draft_samples, args.samples);
    }
    render(&report, args.format, true)
}

impl AuditReport {
    /// This report and `other`'s, as one: every figure added up, the
    /// samples chosen again from both in the stable order.
    fn combined(mut self, other: AuditReport, samples: usize) -> AuditReport {
        self.stories += other.stories;
        self.words += other.words;
        self.undated_stories += other.undated_stories;
        let add = |a: Option<usize>, b: Option<usize>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        };
        for rule in other.rules {
            let Some(mine) = self.rules.iter_mut().find(|r| r.rule == rule.rule) else {
                self.rules.push(rule);
                continue;
            };
            mine.findings += rule.findings;
            mine.stories += rule.stories;
            mine.draft_findings = add(mine.draft_findings, rule.draft_findings);
            mine.draft_stories = add(mine.draft_stories, rule.draft_stories);
            mine.samples.extend(rule.samples);
            keep_first(&mut mine.samples, samples);
            mine.draft_samples.extend(rule.draft_samples);
            keep_first(&mut mine.draft_samples, samples);
        }
        for month in other.months {
            let Some(mine) = self.months.iter_mut().find(|m| m.month == month.month) else {
                self.months.push(month);
                continue;
            };
            mine.stories += month.stories;
            mine.words += month.words;
            mine.findings += month.findings;
            for (rule, count) in month.rules {
                *mine.rules.entry(rule).or_default() += count;
            }
        }
        self
    }

    /// The figures derived from the counts (findings per 1,000 words), and
    /// the order reports are shown in: rules by findings, months by date.
    fn finish(&mut self) {
        let per_thousand = |n: usize, words: usize| {
            if words == 0 {
                0.0
            } else {
                (n as f64 * 1000.0 / words as f64 * 100.0).round() / 100.0
            }
        };
        for rule in &mut self.rules {
            rule.per_thousand_words = per_thousand(rule.findings, self.words);
        }
        for month in &mut self.months {
            month.per_thousand_words = per_thousand(month.findings, month.words);
        }
        self.rules
            .sort_by(|a, b| b.findings.cmp(&a.findings).then(a.rule.cmp(&b.rule)));
        self.months.sort_by(|a, b| a.month.cmp(&b.month));
    }
}

/// Writes the report in `format` to stdout; the status says whether every
/// story could be read (`complete`).
fn render(report: &AuditReport, format: AuditFormat, complete: bool) -> i32 {
    let rendered = match format {
        AuditFormat::Json => {
            serde_json::to_string_pretty(report).expect("the report serializes") + "\n"
        }
        AuditFormat::Human => human(report),
        AuditFormat::Html => super::audit_html::render(report),
    };
    match check::to_stdout(|out| out.write_all(rendered.as_bytes())) {
        Ok(()) if complete => exit::CLEAN,
        Ok(()) => exit::ERROR,
        Err(status) => status,
    }
}

/// `check` without fixes or output: the same reading, ignoring and rules.
fn check_args() -> CheckArgs {
    CheckArgs {
        paths: Vec::new(),
        format: OutputFormat::Json,
        output: None,
        fix: false,
        diff: false,
        config: None,
        fail_level: FailLevel::Warning,
        stdin_markdown: false,
        color: ColorWhen::Never,
        baseline: None,
        write_baseline: None,
        quiet: true,
        date: None,
        jobs: None,
    }
}

/// One bit for each byte of `block` that is ASCII whitespace as
/// `char::is_whitespace` has it: the space, and tab to carriage return.
/// Sixteen bytes at a time with SSE2 (every x86-64 has it): a compare for
/// the space, a subtraction and an unsigned minimum for the range from the
/// tab, and one `movemask` — a quarter of the instructions of the portable
/// loop below.
#[cfg(target_arch = "x86_64")]
fn spaces(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_sub_epi8,
    };
    let mut bits = 0u64;
    for (k, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these intrinsics
        // are available on every target this compiles for; the load reads
        // the 16 bytes of `sixteen`, a 16-byte slice (unaligned loads are
        // allowed).
        let mask = unsafe {
            let v = _mm_loadu_si128(sixteen.as_ptr().cast());
            let space = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
            let from_tab = _mm_sub_epi8(v, _mm_set1_epi8(b'\t' as i8));
            let control = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, _mm_set1_epi8(4)), from_tab);
            _mm_movemask_epi8(_mm_or_si128(space, control))
        };
        bits |= u64::from(mask as u16) << (16 * k);
    }
    bits
}

/// `spaces` elsewhere: a loop of byte compares the compiler vectorizes,
/// each lane's top bit gathered into the mask by a multiplication.
#[cfg(not(target_arch = "x86_64"))]
fn spaces(block: &[u8; 64]) -> u64 {
    spaces_portable(block)
}

/// `spaces` without SIMD intrinsics: compiled everywhere so that its test
/// holds it to the SSE2 path on the machines CI runs on.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn spaces_portable(block: &[u8; 64]) -> u64 {
    // Gathers the top bit of each byte lane into the top byte, in lane
    // order (the products of distinct lanes never overlap: nothing carries).
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let gather = |lanes: u64| ((lanes >> 7) & 0x0101_0101_0101_0101).wrapping_mul(GATHER) >> 56;
    let mut lanes = [0u8; 64];
    for (lane, &b) in lanes.iter_mut().zip(block) {
        *lane = u8::from((b == b' ') | (b.wrapping_sub(b'\t') < 5)) << 7;
    }
    let mut bits = 0u64;
    for (k, eight) in lanes.chunks_exact(8).enumerate() {
        bits |= gather(u64::from_le_bytes(eight.try_into().expect("eight bytes"))) << (8 * k);
    }
    bits
}

/// The words of a story, as `split_whitespace` counts them, 64 bytes at a
/// time without decoding: a word starts at a byte that is not whitespace
/// after one that is (or the start). Each block's whitespace is one bit a
/// byte (`spaces`); the few whitespace characters beyond ASCII are found
/// first by their lead bytes, and their bytes counted as whitespace.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    // U+0085 and U+00A0 start with 0xC2, U+1680 with 0xE1, U+2000 to
    // U+205F with 0xE2, U+3000 with 0xE3: every `char::is_whitespace`
    // beyond ASCII.
    let mut wide: Vec<usize> = Vec::new();
    if !bytes.is_ascii() {
        let leads =
            memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).chain(memchr::memchr_iter(0xE3, bytes));
        for at in leads {
            if let Some(c) = text[at..].chars().next().filter(|c| c.is_whitespace()) {
                wide.extend(at..at + c.len_utf8());
            }
        }
        wide.sort_unstable();
    }
    let mut wide = wide.into_iter().peekable();
    let mut count = 0;
    // 1 when the byte before the block is whitespace (the start counts as
    // whitespace).
    let mut before = 1u64;
    let mut step = |block: &[u8; 64], base: usize| {
        let mut space = spaces(block);
        while let Some(at) = wide.next_if(|&at| at < base + 64) {
            space |= 1 << (at - base);
        }
        count += (!space & ((space << 1) | before)).count_ones() as usize;
        before = space >> 63;
    };
    let mut blocks = bytes.chunks_exact(64);
    for (k, block) in (&mut blocks).enumerate() {
        step(block.try_into().expect("64 bytes"), k * 64);
    }
    // Padded with spaces to a whole block.
    let rest = blocks.remainder();
    let mut padded = [b' '; 64];
    padded[..rest.len()].copy_from_slice(rest);
    step(&padded, bytes.len() - rest.len());
    count
}

/// A stable number for a finding's place, so that the sample is spread over
/// the archive and the same on every run (FNV-1a of path and offset).
fn order(path: &str, offset: usize) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes().chain(offset.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn summarize(
    report: &FileReport,
    wanted: &dyn Fn(&Finding) -> bool,
    samples: usize,
    into: &mut BTreeMap<&'static str, (usize, Vec<Sample>)>,
) {
    let text = report.text.as_str();
    // Made for the first finding kept as a sample: most stories have none.
    let mut index: Option<crate::engine::LineIndex> = None;
    for finding in report.findings.iter().filter(|f| wanted(f)) {
        let (count, kept) = into.entry(finding.rule).or_default();
        *count += 1;
        let order = order(&report.path, finding.range.start);
        if kept.len() >= samples && kept.iter().all(|s| s.order < order) {
            continue;
        }
        let index = index.get_or_insert_with(|| crate::engine::LineIndex::new(&text));
        let line = index.line(finding.range.start);
        let start = index.line_start(line);
        let line_text = index.line_text(line);
        let end = (finding.range.end - start).min(line_text.len());
        let at = finding.range.start - start;
        let context = format!(
            "{}[{}]{}",
            tail(&line_text[..at], 40),
            &line_text[at..end.max(at)],
            head(&line_text[end.max(at)..], 40)
        );
        kept.push(Sample {
            path: report.path.clone(),
            line: line + 1,
            context,
            order,
        });
        keep_first(kept, samples);
    }
}

fn merge(
    totals: &mut BTreeMap<&'static str, RuleFigures>,
    story: BTreeMap<&'static str, (usize, Vec<Sample>)>,
    samples: usize,
) {
    for (rule, (count, kept)) in story {
        let figures = totals.entry(rule).or_default();
        figures.findings += count;
        figures.stories += 1;
        figures.samples.extend(kept);
        keep_first(&mut figures.samples, samples);
    }
}

/// The `n` samples first in their stable order.
fn keep_first(samples: &mut Vec<Sample>, n: usize) {
    samples.sort_by(|a, b| (a.order, &a.path, a.line).cmp(&(b.order, &b.path, b.line)));
    samples.truncate(n);
}

/// The last `chars` characters of `s`, after "…" if there were more: found
/// from the end, as a line of copy is often a whole paragraph.
fn tail(s: &str, chars: usize) -> String {
    match s.char_indices().rev().nth(chars) {
        Some((at, c)) => format!("…{}", &s[at + c.len_utf8()..]),
        None => s.to_string(),
    }
}

/// The first `chars` characters of `s`, before "…" if there were more.
fn head(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

fn human(report: &AuditReport) -> String {
    use std::fmt::Write;
    let drafted = report.rules.iter().any(|r| r.draft_findings.is_some());
    let mut out = String::new();
    let _ = writeln!(out, "{}.\n", report.size());
    if report.rules.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    let _ = write!(
        out,
        "{:<28} {:>9} {:>13} {:>8}",
        "rule", "findings", "per 1k words", "stories"
    );
    if drafted {
        let _ = write!(out, " {:>9} {:>8}", "draft", "change");
    }
    out.push('\n');
    for rule in &report.rules {
        let _ = write!(
            out,
            "{:<28} {:>9} {:>13.2} {:>8}",
            rule.rule, rule.findings, rule.per_thousand_words, rule.stories
        );
        if let Some(draft) = rule.draft_findings {
            let change = draft as i64 - rule.findings as i64;
            let _ = write!(out, " {draft:>9} {change:>+8}");
        }
        out.push('\n');
    }
    if !report.months.is_empty() {
        let _ = writeln!(
            out,
            "\n{:<10} {:>8} {:>9} {:>13}",
            "month", "stories", "findings", "per 1k words"
        );
        for month in &report.months {
            let _ = writeln!(
                out,
                "{:<10} {:>8} {:>9} {:>13.2}",
                month.month, month.stories, month.findings, month.per_thousand_words
            );
        }
        if report.undated_stories > 0 {
            let _ = writeln!(out, "(and {} undated)", report.undated_stories);
        }
    }
    for rule in &report.rules {
        for (label, samples) in [
            ("", &rule.samples),
            (" under the draft", &rule.draft_samples),
        ] {
            if samples.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}{label}:", rule.rule);
            for sample in samples.iter() {
                let _ = writeln!(out, "  {}:{}: {}", sample.path, sample.line, sample.context);
            }
        }
    }
    out
}

/// 37000 → "37,000".
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portable_whitespace_bits_agree_with_the_vector_ones() {
        crate::engine::tokenizer::each_byte_in_each_lane(|block, b, lane| {
            assert_eq!(spaces(block), spaces_portable(block), "{b:#x} at {lane}");
        });
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "one",
            "  two words  ",
            "tab\there\nline\r\nand\x0bvertical\x0cfeed",
            "Korea’s 한국 word\u{a0}after a no-break space\u{2003}em",
            "\x1fnot\x1cspace",
            "word ".repeat(40).as_str(),
            "ab\n".repeat(100).as_str(),
            format!("{} tail", "x".repeat(63)).as_str(),
            format!("{} tail", "x".repeat(64)).as_str(),
            format!("{}  tail ", " ".repeat(127)).as_str(),
            format!("{}\u{3000}wide\u{2028}{}’s", "x".repeat(62), "y".repeat(60)).as_str(),
            format!("{}\u{a0}\u{85}\u{1680}\u{205f}\u{200a}—“a”", "é".repeat(31)).as_str(),
            "\u{2009}\u{202f}\u{2029}".repeat(30).as_str(),
            (0u8..128).map(char::from).collect::<String>().as_str(),
            "a ".repeat(300).as_str(),
            "ab".repeat(300).as_str(),
            (0u8..128)
                .map(|b| format!("{}a{}", char::from(b), char::from(127 - b)))
                .collect::<String>()
                .as_str(),
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_byte_is_whitespace_as_char_is_whitespace_has_it_for_ascii() {
        for first in (0..=255u8).step_by(64) {
            let block: [u8; 64] = std::array::from_fn(|i| first + i as u8);
            let bits = spaces(&block);
            for (i, &b) in block.iter().enumerate() {
                let ascii_space = b.is_ascii() && char::from(b).is_whitespace();
                assert_eq!(bits >> i & 1 == 1, ascii_space, "byte {b:#x}");
            }
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them_in_any_mix() {
        let pieces = [
            "a", " ", "\t", "\r\n", "\u{a0}", "é", "’", "\u{3000}", "x", "\u{2028}", "—", "\u{85}",
        ];
        let mut seed: u64 = 7;
        for _ in 0..500 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 57) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(37000), "37,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn context_is_cut_at_forty_characters_a_side() {
        assert_eq!(tail("short", 40), "short");
        assert_eq!(tail(&"x".repeat(50), 40), format!("…{}", "x".repeat(40)));
        assert_eq!(head("한국어 text", 3), "한국어…");
        // Exactly the limit: nothing cut; characters, not bytes, counted.
        assert_eq!(tail(&"x".repeat(40), 40), "x".repeat(40));
        assert_eq!(head(&"x".repeat(40), 40), "x".repeat(40));
        assert_eq!(tail("text 한국어", 3), "…한국어");
        assert_eq!(tail("한국어", 3), "한국어");
        assert_eq!(head("한국어", 3), "한국어");
        assert_eq!((tail("ab", 0), head("ab", 0)), ("…".into(), "…".into()));
        assert_eq!((tail("", 40), head("", 40)), (String::new(), String::new()));
    }
}
