//! The command line: `copydesk check`, `rules`, `explain` (and `lsp`, `serve`).

mod audit;
mod audit_html;
mod baseline;
mod check;
mod diff;
mod inputs;
mod interrupt;
mod names_import;
pub(crate) mod output;
mod progress;
pub(crate) mod story;
mod write;

use std::path::PathBuf;

/// Every front end's allocator (the binary, and the tests and benches that
/// link the library): the engine allocates per block and per story, and
/// mimalloc's thread-local free lists serve that for about 10 % fewer
/// instructions than the system allocator, and less system time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand, ValueEnum};

pub use crate::engine::LineIndex;
use crate::engine::{Severity, rules};

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "Catches what a slot editor circles: a checker for news copy"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check stories (files, folders, or `-` for stdin) and report findings.
    Check(CheckArgs),
    /// What the rules flag across an archive, rule by rule (findings, per
    /// 1,000 words, stories, samples); with `--config DRAFT`, what a draft
    /// configuration would change.
    Audit(audit::AuditArgs),
    /// List the rules with their default levels.
    Rules,
    /// Look up officials in the names knowledge base (every spelling is
    /// searched, case-insensitively); with no query, list everyone.
    /// `copydesk names import` makes a names file from Wikidata or a
    /// spreadsheet.
    Names {
        #[command(subcommand)]
        action: Option<NamesAction>,
        query: Option<String>,
        /// `text` (the cards) or `json` (every entity with its kind,
        /// spellings and positions).
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: NamesFormat,
        /// Show the positions held on this date (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE", value_parser = parse_names_date)]
        date: Option<crate::names::Date>,
        /// Use this configuration file (for the newsroom's names files)
        /// instead of discovering copydesk.toml from the current folder.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run the language server on stdin and stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Serve the copy desk's page: a browser editor with findings, fixes,
    /// name cards and completion, and its JSON API (loopback only by default).
    Serve(crate::serve::ServeArgs),
    /// Print the explanation of one rule.
    Explain {
        /// A rule id, as listed by `copydesk rules`.
        rule: String,
    },
}

#[derive(Subcommand)]
enum NamesAction {
    /// Make a names file from Wikidata entity JSON or a names spreadsheet
    /// (CSV), with the source of every field.
    Import(names_import::ImportArgs),
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders are walked honouring .gitignore;
    /// .txt, .md and .markdown files are picked). `-` reads stdin.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the chosen format to FILE and human-readable output to the terminal.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Apply safe fixes in place (atomically); report what remains.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Show what --fix would change, as a unified diff, without writing.
    #[arg(long)]
    pub diff: bool,
    /// Use this configuration file instead of discovering copydesk.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with status 1 when a finding of this severity or higher remains.
    #[arg(long, value_enum, default_value_t = FailLevel::Warning)]
    pub fail_level: FailLevel,
    /// The stories' date (YYYY-MM-DD), beating any date in their text: the
    /// date rules read weekdays and dates against it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_story_date)]
    pub date: Option<crate::engine::calendar::Date>,
    /// Treat stdin (`-`) as Markdown rather than plain text.
    #[arg(long)]
    pub stdin_markdown: bool,
    /// Colour human output: `auto` on a terminal unless NO_COLOR is set
    /// (CLICOLOR_FORCE forces it), `always`, or `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Report, and fail on, only findings not recorded in this baseline.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this run in FILE as a baseline, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
    /// No progress line on a long run.
    #[arg(long, short)]
    pub quiet: bool,
    /// Use at most N threads (default: one per core). Stories are checked
    /// in parallel, and a long story's paragraphs when cores are left over.
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether output written to stdout is coloured. `auto` follows the
    /// usual conventions: NO_COLOR, CLICOLOR_FORCE, CLICOLOR, a terminal
    /// that is not `TERM=dumb`.
    pub fn on_stdout(self) -> bool {
        let on = match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        };
        if on {
            // Older Windows consoles understand ANSI only once asked to.
            let _ = anstyle_query::windows::enable_ansi_colors();
        }
        on
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    Hint,
}

impl FailLevel {
    pub fn severity(self) -> Severity {
        match self {
            FailLevel::Error => Severity::Error,
            FailLevel::Warning => Severity::Warning,
            FailLevel::Info => Severity::Info,
            FailLevel::Hint => Severity::Hint,
        }
    }
}

/// Exit statuses, as documented in the README.
pub mod exit {
    pub const CLEAN: i32 = 0;
    pub const FINDINGS: i32 = 1;
    pub const ERROR: i32 = 2;
}

fn parse_story_date(text: &str) -> Result<crate::engine::calendar::Date, String> {
    crate::engine::calendar::Date::parse_iso(text)
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("not a date: `{text}` (write it as 2016-10-24)"))
}

/// Ends the process with `code` once stdout and stderr are flushed, as
/// `std::process::exit` would, but without the C library's exit handlers:
/// the allocator's hands every page the run used back to the system, one
/// `madvise` at a time (about 4 ms after a check of 8 MB, a twentieth of
/// the run), which the kernel does anyway when the process ends.
pub fn end_process(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` only ends the process. What `std::process::exit`
    // does before it — flushing stdout, the one stream the standard library
    // buffers — is done above, and every file the program writes is
    // flushed and closed (or renamed into place) before `main` returns;
    // no exit handler of ours is registered. `tests/cli.rs`
    // (`a_long_report_reaches_the_pipe_whole`) holds output of several
    // buffers' worth, on stdout and in `--output`, to arrive whole.
    #[cfg(unix)]
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                exit::ERROR
            } else {
                exit::CLEAN
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Lsp { stdio: _ } => crate::server::run_stdio(),
        Command::Serve(args) => crate::serve::run(&args),
        Command::Names {
            action: Some(NamesAction::Import(args)),
            ..
        } => names_import::run(&args),
        Command::Names {
            action: None,
            query,
            format,
            date,
            config,
        } => names(query.as_deref(), format, date, config.as_deref()),
        Command::Rules => {
            print!("{}", rules_table());
            exit::CLEAN
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(rule) => {
                println!(
                    "{} ({})\n\n{}\n\n{}",
                    rule.id,
                    level_name(rule.default_level),
                    rule.summary,
                    rule.explanation
                );
                exit::CLEAN
            }
            None => {
                eprintln!("copydesk: {}", crate::suggest::unknown_rule(&rule));
                exit::ERROR
            }
        },
    }
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NamesFormat {
    Text,
    Json,
}

fn parse_names_date(text: &str) -> Result<crate::names::Date, String> {
    crate::names::Date::parse(text)
        .ok_or_else(|| format!("“{text}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
}

fn names(
    query: Option<&str>,
    format: NamesFormat,
    date: Option<crate::names::Date>,
    config: Option<&std::path::Path>,
) -> i32 {
    let loaded = match config {
        Some(path) => crate::config::Config::load(path),
        None => crate::config::Config::discover(&std::env::current_dir().unwrap_or_default()),
    };
    let config = match loaded {
        Ok(config) => config,
        Err(err) => {
            eprintln!("copydesk: {err}");
            return exit::ERROR;
        }
    };
    let index = &config.settings.names;
    let found: Vec<usize> = match query {
        Some(query) => index.search(query),
        None => (0..index.people.len()).collect(),
    };
    if found.is_empty() {
        eprintln!(
            "copydesk: no one in the names knowledge base matches “{}”",
            query.unwrap_or("")
        );
        return exit::FINDINGS;
    }
    let romanization = config.settings.romanization;
    let text = match format {
        NamesFormat::Text => {
            let cards: Vec<String> = found
                .iter()
                .map(|&k| crate::names::card::plain(index, &index.people[k], romanization, date))
                .collect();
            cards.join("\n")
        }
        NamesFormat::Json => {
            let entities: Vec<serde_json::Value> = found
                .iter()
                .map(|&k| crate::names::card::json(index, &index.people[k], romanization, date))
                .collect();
            serde_json::to_string_pretty(&entities).expect("JSON values serialize") + "\n"
        }
    };
    // A closed pipe (`| head`) ends the run quietly, as for `check`.
    match check::to_stdout(|out| out.write_all(text.as_bytes())) {
        Ok(()) => exit::CLEAN,
        Err(code) => code,
    }
}

fn level_name(level: crate::engine::Level) -> &'static str {
    match level {
        crate::engine::Level::Off => "off",
        crate::engine::Level::On(severity) => severity.as_str(),
    }
}

fn rules_table() -> String {
    let width = rules::ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    rules::ALL
        .iter()
        .map(|rule| {
            format!(
                "{:width$}  {:7}  {}\n",
                rule.id,
                level_name(rule.default_level),
                rule.summary
            )
        })
        .collect()
}
