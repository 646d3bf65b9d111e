//! `copydesk audit`: what the rules flag across an archive, rule by rule —
//! findings, findings per 1,000 words, stories affected and a sample in
//! context — for a desk deciding which rules to turn on before CI goes red.
//! With `--config DRAFT`, each story is also checked under the draft
//! configuration and the report shows what the draft would add or remove.
//!
//! Nothing of a story is kept once it is summarized, so memory does not
//! grow with the archive, only with the number of rules and samples.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use clap::ValueEnum;
use serde::Serialize;

use super::check::{self, Configs};
use super::inputs::{self, Input};
use super::output::FileReport;
use super::progress::Progress;
use super::{CheckArgs, ColorWhen, FailLevel, OutputFormat, exit};
use crate::config::Config;
use crate::engine::{Finding, rules};

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Human,
    Json,
    /// One self-contained page with a chart, for a desk editor.
    Html,
}

/// One finding shown in context.
#[derive(Clone, Serialize)]
pub(super) struct Sample {
    pub(super) path: String,
    pub(super) line: usize,
    /// The line around the finding, with the finding in [brackets].
    pub(super) context: String,
    #[serde(skip)]
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
}

/// What is kept of one story.
#[derive(Default)]
struct StorySummary {
    words: usize,
    /// rule → (findings, samples), under the configuration in force and
    /// under the draft.
    now: BTreeMap<&'static str, (usize, Vec<Sample>)>,
    draft: BTreeMap<&'static str, (usize, Vec<Sample>)>,
}

#[derive(Serialize)]
pub(super) struct RuleReport {
    pub(super) rule: &'static str,
    pub(super) findings: usize,
    pub(super) per_thousand_words: f64,
    pub(super) stories: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) draft_findings: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft_stories: Option<usize>,
    pub(super) samples: Vec<Sample>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) draft_samples: Vec<Sample>,
}

#[derive(Serialize)]
pub(super) struct AuditReport {
    pub(super) stories: usize,
    pub(super) words: usize,
    pub(super) rules: Vec<RuleReport>,
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
    let (inputs, errors) = inputs::collect(&args.paths);
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|i| matches!(i, Input::File(_)))
        .collect();
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
            words: report.text.as_str().split_whitespace().count(),
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
        merge(&mut totals.now, summary.now, args.samples);
        merge(&mut totals.draft, summary.draft, args.samples);
        None
    };
    let progress = Progress::new(inputs.len(), args.quiet);
    let failures = check::parallel_map(&inputs, |input| {
        let failure = audit_one(input);
        progress.tick();
        failure
    });
    progress.finish();
    let mut failed = errors;
    failed.extend(failures.into_iter().flatten());
    let Totals {
        stories,
        words,
        mut now,
        draft: mut after,
    } = totals.into_inner().unwrap_or_else(|e| e.into_inner());
    for error in &failed {
        eprintln!("copydesk: {error}");
    }
    if stories == 0 && !failed.is_empty() {
        return exit::ERROR;
    }
    let per_thousand = |n: usize| {
        if words == 0 {
            0.0
        } else {
            (n as f64 * 1000.0 / words as f64 * 100.0).round() / 100.0
        }
    };
    let mut ids: Vec<&'static str> = now.keys().chain(after.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut reports: Vec<RuleReport> = ids
        .into_iter()
        .map(|rule| {
            let figures = now.remove(rule).unwrap_or_default();
            let drafted = draft
                .as_ref()
                .map(|_| after.remove(rule).unwrap_or_default());
            RuleReport {
                rule,
                findings: figures.findings,
                per_thousand_words: per_thousand(figures.findings),
                stories: figures.stories,
                draft_findings: drafted.as_ref().map(|d| d.findings),
                draft_stories: drafted.as_ref().map(|d| d.stories),
                samples: figures.samples,
                draft_samples: drafted.map(|d| d.samples).unwrap_or_default(),
            }
        })
        .collect();
    reports.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.rule.cmp(b.rule)));
    let report = AuditReport {
        stories,
        words,
        rules: reports,
    };
    let rendered = match args.format {
        AuditFormat::Json => {
            serde_json::to_string_pretty(&report).expect("the report serializes") + "\n"
        }
        AuditFormat::Human => human(&report),
        AuditFormat::Html => super::audit_html::render(&report),
    };
    match check::to_stdout(|out| out.write_all(rendered.as_bytes())) {
        Ok(()) if failed.is_empty() => exit::CLEAN,
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
    let index = crate::engine::LineIndex::new(&text);
    for finding in report.findings.iter().filter(|f| wanted(f)) {
        let (count, kept) = into.entry(finding.rule).or_default();
        *count += 1;
        let order = order(&report.path, finding.range.start);
        if kept.len() >= samples && kept.iter().all(|s| s.order < order) {
            continue;
        }
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

fn tail(s: &str, chars: usize) -> String {
    let count = s.chars().count();
    let kept: String = s.chars().skip(count.saturating_sub(chars)).collect();
    if count > chars {
        format!("…{kept}")
    } else {
        kept
    }
}

fn head(s: &str, chars: usize) -> String {
    let kept: String = s.chars().take(chars).collect();
    if s.chars().count() > chars {
        format!("{kept}…")
    } else {
        kept
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
    }
}
