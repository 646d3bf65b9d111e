//! `copydesk check`: read the stories, check them in parallel, print or
//! write the findings, and apply safe fixes when asked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::baseline::{self, Baseline};
use super::inputs::{self, Ignore, Input};
use super::interrupt;
use super::output::{self, FileReport};
use super::progress::Progress;
use super::story::{self, StoryText};
use super::{CheckArgs, OutputFormat, diff, exit, write};
use crate::config::Config;
use crate::engine::calendar::Date;
use crate::engine::fix::fix_all;
use crate::engine::{Format, Settings, check_dated};
use crate::parallel;
use crate::read_file::{self, Limit, Limits};

/// What became of one input.
enum Outcome {
    Checked {
        report: FileReport,
        /// With `--fix`: how many fixes were written.
        fixed: usize,
        /// With `--fix` on stdin: the fixed text, for stdout.
        fixed_text: Option<String>,
        /// With `--diff`: what `--fix` would change.
        diff: String,
        /// With `--fix`: why the fixes were not written (the report is then
        /// of the story as it was read).
        not_fixed: Option<String>,
        /// With `--fix`: what the user should know about a story that was
        /// fixed (an owner that could not be kept).
        note: Option<String>,
    },
    Ignored,
    Failed(String),
    /// Not started: Ctrl-C was pressed first.
    NotStarted,
}

/// A configuration with its `[files] ignore` compiled, once for every file
/// it governs.
struct Loaded {
    config: Config,
    ignore_set: Option<Ignore>,
}

impl Loaded {
    fn new(config: Config) -> Arc<Loaded> {
        let ignore = Ignore::new(&config);
        Arc::new(Loaded {
            config,
            ignore_set: ignore,
        })
    }
}

impl std::ops::Deref for Loaded {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.config
    }
}

/// `config` with `date` (`--date`) as the story date where one is given.
fn dated(mut config: Config, date: Option<Date>) -> Config {
    if date.is_some() {
        config.settings.date = date;
    }
    config
}

/// Configurations by the folder they govern, loaded once per run.
pub(super) struct Configs {
    explicit: Option<Arc<Loaded>>,
    /// `--date`, laid over every configuration.
    date: Option<Date>,
    /// By folder; hashed with Fx (a story's folder is looked up for every
    /// story: SipHash of its path cost more than the rest of the look-up).
    by_dir: Mutex<FxHashMap<PathBuf, Result<Arc<Loaded>, String>>>,
}

impl Configs {
    /// With `explicit`, that configuration for every story; else the one
    /// discovered from each story's folder. `date` (`--date`) is laid over
    /// every configuration.
    pub(super) fn new(explicit: Option<Config>, date: Option<Date>) -> Configs {
        Configs {
            explicit: explicit.map(|config| Loaded::new(dated(config, date))),
            date,
            by_dir: Mutex::new(FxHashMap::default()),
        }
    }

    fn for_dir(&self, dir: &Path) -> Result<Arc<Loaded>, String> {
        if let Some(config) = &self.explicit {
            return Ok(config.clone());
        }
        let mut cache = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        // Asked twice for every story: a folder seen before costs no copy of
        // its path.
        if let Some(found) = cache.get(dir) {
            return found.clone();
        }
        cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                Config::discover(dir)
                    .map(|config| Loaded::new(dated(config, self.date)))
                    .map_err(|e| e.to_string())
            })
            .clone()
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let explicit = match &args.config {
        Some(path) => match Config::load(path) {
            Ok(config) => Some(config),
            Err(err) => {
                eprintln!("copydesk: {err}");
                return exit::ERROR;
            }
        },
        None => None,
    };
    // Never freed: the run ends right after, and a newsroom's names index
    // (millions of small allocations at 100,000 entities) would cost tens of
    // milliseconds to tear down one allocation at a time.
    let configs = std::mem::ManuallyDrop::new(Configs::new(explicit, args.date));
    let (inputs, mut errors) = inputs::collect(&args.paths);
    let prefetch = Prefetch::start(&inputs, args);
    // A broken configuration stops the run before anything is checked or
    // fixed, and is reported once however many folders it governs.
    let mut broken: Vec<String> = Vec::new();
    let mut previous: Option<PathBuf> = None;
    for input in &inputs {
        // A walk lists a folder's stories together: each folder asked once.
        let dir = config_dir(input);
        if previous.as_ref() == Some(&dir) {
            continue;
        }
        let found = configs.for_dir(&dir);
        previous = Some(dir);
        if let Err(err) = found {
            if !broken.contains(&err) {
                broken.push(err);
            }
        }
    }
    if !broken.is_empty() {
        for error in errors.iter().chain(&broken) {
            eprintln!("copydesk: {error}");
        }
        return exit::ERROR;
    }
    let mut baseline = match args.baseline.as_deref().map(Baseline::read) {
        Some(Ok(baseline)) => Some(baseline),
        Some(Err(err)) => {
            say(&format!("copydesk: {err}"));
            return exit::ERROR;
        }
        None => None,
    };
    let progress = Progress::new(inputs.len(), args.quiet);
    // Cores left over when there are fewer stories than cores go to the
    // blocks of each story: one long story is checked on all of them.
    let threads = args.jobs.map_or_else(parallel::cores, |n| n.get());
    let story_threads = (threads / inputs.len().max(1)).max(1);
    interrupt::catch();
    let outcomes = parallel::map(&inputs, threads, |_, input| {
        if interrupt::interrupted() {
            return Outcome::NotStarted;
        }
        let outcome = process(input, args, &configs, story_threads, prefetch.as_ref());
        progress.tick();
        outcome
    });
    progress.finish();
    let not_started = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::NotStarted))
        .count();

    // Never freed, like the configurations: the process ends after the
    // report, and freeing the stories' texts and findings would hand their
    // pages back to the system one at a time first.
    let mut reports = std::mem::ManuallyDrop::new(Vec::new());
    let mut diffs = String::new();
    let mut stdout_text = None;
    for outcome in outcomes {
        match outcome {
            Outcome::Checked {
                report,
                fixed,
                fixed_text,
                diff,
                not_fixed,
                note,
            } => {
                if fixed > 0 {
                    say(&format!(
                        "Fixed {fixed} {} in {}",
                        if fixed == 1 { "problem" } else { "problems" },
                        report.path
                    ));
                }
                if let Some(note) = note {
                    say(&format!("copydesk: {}: {note}", report.path));
                }
                if let Some(reason) = not_fixed {
                    errors.push(format!("{}: {reason}", report.path));
                }
                if fixed_text.is_some() {
                    stdout_text = fixed_text;
                }
                diffs.push_str(&diff);
                reports.push(report);
            }
            Outcome::Ignored | Outcome::NotStarted => {}
            Outcome::Failed(message) => errors.push(message),
        }
    }
    if interrupt::interrupted() {
        // What was fixed is said above; a partial report would pass for a
        // whole one, so none is written.
        say(&format!(
            "copydesk: interrupted: {} of {} stories checked, {not_started} not started; \
             no story was left half-written",
            inputs.len() - not_started,
            inputs.len()
        ));
        return interrupt::STATUS;
    }
    for error in &errors {
        say(&format!("copydesk: {error}"));
    }
    if reports.is_empty() && !errors.is_empty() {
        // Nothing could be checked: no report (not even an empty one).
        return exit::ERROR;
    }
    if let Some(path) = &args.write_baseline {
        return match baseline::write(path, &reports) {
            Ok(count) => {
                say(&format!(
                    "copydesk: recorded {count} {} in the baseline {}",
                    if count == 1 { "finding" } else { "findings" },
                    path.display()
                ));
                if errors.is_empty() {
                    exit::CLEAN
                } else {
                    exit::ERROR
                }
            }
            Err(err) => {
                say(&format!("copydesk: {err}"));
                exit::ERROR
            }
        };
    }
    if let Some(baseline) = &mut baseline {
        let absorbed = baseline.absorb(&mut reports);
        let stale = baseline.stale();
        let mut note = format!("copydesk: {absorbed} known findings left out (in the baseline)");
        if stale > 0 {
            note.push_str(&format!(
                "; {stale} baseline {} no longer found (fixed): \
                 rewrite it with --write-baseline to drop them",
                if stale == 1 {
                    "entry is"
                } else {
                    "entries are"
                }
            ));
        }
        say(&note);
    }
    if args.diff {
        if let Err(status) = to_stdout(|out| out.write_all(diffs.as_bytes())) {
            return status;
        }
        return if !errors.is_empty() {
            exit::ERROR
        } else if diffs.is_empty() {
            exit::CLEAN
        } else {
            exit::FINDINGS
        };
    }
    if let Some(path) = &args.output {
        let plain = output::Human {
            color: false,
            unchecked: errors.len(),
        };
        if let Err(err) = to_file(path, |out| output::write(args.format, &reports, plain, out)) {
            say(&format!(
                "copydesk: cannot write the report to {}: {}",
                path.display(),
                io_message(&err)
            ));
            return exit::ERROR;
        }
    }
    let human = output::Human {
        color: args.color.on_stdout(),
        unchecked: errors.len(),
    };
    // `--fix -` reserves stdout for the fixed story: when stdin could not be
    // read, nothing at all goes there.
    let stdin_fix = args.fix && inputs.contains(&Input::Stdin);
    let written = match (&stdout_text, &args.output) {
        // `--fix` on stdin: the fixed story is the output.
        (Some(text), _) => to_stdout(|out| out.write_all(text.as_bytes())),
        (None, _) if stdin_fix => Ok(()),
        (None, Some(_)) => {
            to_stdout(|out| output::write(OutputFormat::Human, &reports, human, out))
        }
        (None, None) => to_stdout(|out| output::write(args.format, &reports, human, out)),
    };
    if let Err(status) = written {
        return status;
    }
    let fail = args.fail_level.severity();
    if !errors.is_empty() {
        exit::ERROR
    } else if reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= fail)
    {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// A message on stderr; a closed or full stderr is no reason to stop.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// The exit status after stdout closed under us (`| head -1`): that of a
/// process ended by `SIGPIPE`, as `cat` or `grep` would report it.
pub const CLOSED_PIPE: i32 = 128 + 13;

/// How much of the output is gathered before each write.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Writes to stdout what `write` writes, through a buffer. A closed pipe
/// ends the run quietly; any other failure (a full disk) is an error naming
/// the output.
pub(super) fn to_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), i32> {
    let mut stdout = std::io::BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Err(CLOSED_PIPE),
        Err(err) => {
            say(&format!(
                "copydesk: cannot write the report to stdout: {}",
                io_message(&err)
            ));
            Err(exit::ERROR)
        }
    }
}

/// Writes to the file at `path` (created or truncated) what `write`
/// writes, through a buffer.
fn to_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::with_capacity(OUTPUT_BUFFER, std::fs::File::create(path)?);
    write(&mut file)?;
    file.flush()
}

/// "No space left on device", without the "(os error 28)".
fn io_message(err: &std::io::Error) -> String {
    let message = err.to_string();
    match message.find(" (os error") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// One story checked as `args` say, without fixing: its report, `None` when
/// the configuration ignores it, or why it could not be checked.
pub(super) fn check_one(
    input: &Input,
    args: &CheckArgs,
    configs: &Configs,
) -> Result<Option<FileReport>, String> {
    match process(input, args, configs, 1, None) {
        Outcome::Checked { report, .. } => Ok(Some(report)),
        Outcome::Ignored | Outcome::NotStarted => Ok(None),
        Outcome::Failed(message) => Err(message),
    }
}

/// The one story of a run, read (and checked to be UTF-8) on a thread of
/// its own while the configuration loads: a long story's reading — mostly
/// the kernel giving its buffer fresh pages — and the building of the
/// built-in names index and word lists then take the two cores at once
/// (about 5 ms of 90 for a check of 8 MB). It is read under the default
/// limit; `take` gives it only to a check under that same limit, and the
/// story is read again otherwise (or never used, when ignored). Not with
/// `--fix`, which reads the story a link points at.
struct Prefetch {
    path: PathBuf,
    limit: Limit,
    reading: Mutex<Option<std::thread::JoinHandle<Result<StoryText, String>>>>,
}

impl Prefetch {
    fn start(inputs: &[Input], args: &CheckArgs) -> Option<Prefetch> {
        let [Input::File(path)] = inputs else {
            return None;
        };
        if args.fix {
            return None;
        }
        let limit = Limits::default().story;
        let reading = {
            let path = path.clone();
            std::thread::Builder::new()
                .spawn(move || story::read(&path, &limit))
                .ok()?
        };
        Some(Prefetch {
            path: path.clone(),
            limit,
            reading: Mutex::new(Some(reading)),
        })
    }

    /// The story at `path` as `story::read(path, limit)` gives it, if it
    /// was read ahead under that limit.
    fn take(&self, path: &Path, limit: &Limit) -> Option<Result<StoryText, String>> {
        if path != self.path || *limit != self.limit {
            return None;
        }
        let reading = self
            .reading
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()?;
        reading.join().ok()
    }
}

fn process(
    input: &Input,
    args: &CheckArgs,
    configs: &Configs,
    threads: usize,
    prefetch: Option<&Prefetch>,
) -> Outcome {
    // Each story's configuration is looked up once (it decides first
    // whether the story is read at all).
    let (display, text, config, format, source) = match input {
        Input::Stdin => {
            let dir = std::env::current_dir().unwrap_or_default();
            let config = match configs.for_dir(&dir) {
                Ok(config) => config,
                Err(err) => return Outcome::Failed(format!("<stdin>: not checked: {err}")),
            };
            let text = match read_file::read_from(std::io::stdin().lock(), 0, &config.limits.story)
                .and_then(read_file::decode)
            {
                Ok(text) => StoryText::Owned(text),
                Err(err) => return Outcome::Failed(format!("<stdin>: {err}")),
            };
            let format = if args.stdin_markdown {
                Format::Markdown
            } else {
                Format::Plain
            };
            ("<stdin>".to_string(), text, config, format, None)
        }
        Input::File(path) => {
            // "./desk/a.txt" from walking "." reads (and matches in code
            // scanning) better as "desk/a.txt".
            let shown = path.strip_prefix(".").unwrap_or(path);
            // A path that is UTF-8 (nearly every one) is copied as it is,
            // as `display` would write it, without its formatting.
            let display = match shown.to_str() {
                Some(shown) => shown.to_string(),
                None => shown.display().to_string(),
            };
            // The configuration decides whether the file is checked at all,
            // before it is read.
            let config = match configs.for_dir(file_dir(path)) {
                Ok(config) => config,
                Err(err) => return Outcome::Failed(format!("{display}: not checked: {err}")),
            };
            if config
                .ignore_set
                .as_ref()
                .is_some_and(|i| i.is_ignored(path))
            {
                return Outcome::Ignored;
            }
            // Through a symbolic link, `--fix` reads and fixes the story it
            // points at, resolved once.
            let source = if args.fix {
                match std::fs::canonicalize(path) {
                    Ok(target) => target,
                    Err(err) => return Outcome::Failed(format!("{display}: cannot read: {err}")),
                }
            } else {
                path.clone()
            };
            let read = match prefetch.and_then(|p| p.take(&source, &config.limits.story)) {
                Some(read) => read,
                None => story::read(&source, &config.limits.story),
            };
            let text = match read {
                Ok(text) => text,
                Err(err) => return Outcome::Failed(format!("{display}: {err}")),
            };
            (display, text, config, Format::from_path(path), Some(source))
        }
    };
    let settings = &config.settings;
    if !(args.fix || args.diff) {
        return Outcome::Checked {
            report: report(display, text, format, settings, threads),
            fixed: 0,
            fixed_text: None,
            diff: String::new(),
            not_fixed: None,
            note: None,
        };
    }
    let text = text.into_string();
    let outcome = fix_all(&text, format, settings);
    let mut fixed = 0;
    let mut fixed_text = None;
    let mut diff = String::new();
    let mut note = None;
    if args.diff {
        diff = diff::unified(&display, &text, &outcome.text);
    } else if outcome.text != text {
        match &source {
            None => fixed_text = Some(outcome.text.clone()),
            Some(target) => {
                match write::write_if_unchanged(target, text.as_bytes(), &outcome.text) {
                    Ok(owner) => note = owner,
                    Err(err) => {
                        // Reported as it was read, with the reason.
                        return Outcome::Checked {
                            report: report(
                                display,
                                StoryText::Owned(text),
                                format,
                                settings,
                                threads,
                            ),
                            fixed: 0,
                            fixed_text: None,
                            diff,
                            not_fixed: Some(err.to_string()),
                            note: None,
                        };
                    }
                }
            }
        }
        fixed = outcome.applied;
    } else if matches!(input, Input::Stdin) {
        fixed_text = Some(text.clone());
    }
    Outcome::Checked {
        report: report(
            display,
            StoryText::Owned(outcome.text),
            format,
            settings,
            threads,
        ),
        fixed,
        fixed_text,
        diff,
        not_fixed: None,
        note,
    }
}

/// The report on one story: its findings and its date.
fn report(
    path: String,
    text: StoryText,
    format: Format,
    settings: &Settings,
    threads: usize,
) -> FileReport {
    let (findings, story_date) = check_dated(&text.as_str(), format, settings, threads);
    FileReport {
        path,
        text,
        findings,
        story_date,
    }
}

/// The folder whose configuration governs `input`.
fn config_dir(input: &Input) -> PathBuf {
    match input {
        Input::Stdin => std::env::current_dir().unwrap_or_default(),
        Input::File(path) => file_dir(path).to_path_buf(),
    }
}

/// The folder whose configuration governs the story at `path`.
fn file_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}
