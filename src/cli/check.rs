//! `copydesk check`: read the stories, check them in parallel, print or
//! write the findings, and apply safe fixes when asked.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::inputs::{self, Input};
use super::output::{self, FileReport};
use super::story::{self, StoryText};
use super::{CheckArgs, OutputFormat, diff, exit, write};
use crate::config::Config;
use crate::engine::fix::fix_all;
use crate::engine::{Format, check};

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
    },
    Ignored,
    Failed(String),
}

/// Configurations by the folder they govern, loaded once per run.
struct Configs {
    explicit: Option<Arc<Config>>,
    by_dir: Mutex<HashMap<PathBuf, Result<Arc<Config>, String>>>,
}

impl Configs {
    fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, String> {
        if let Some(config) = &self.explicit {
            return Ok(config.clone());
        }
        let mut cache = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                Config::discover(dir)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let explicit = match &args.config {
        Some(path) => match Config::load(path) {
            Ok(config) => Some(Arc::new(config)),
            Err(err) => {
                eprintln!("copydesk: {err}");
                return exit::ERROR;
            }
        },
        None => None,
    };
    let configs = Configs {
        explicit,
        by_dir: Mutex::new(HashMap::new()),
    };
    let (inputs, mut errors) = inputs::collect(&args.paths);
    // A broken configuration stops the run before anything is checked or
    // fixed, and is reported once however many folders it governs.
    let mut broken: Vec<String> = Vec::new();
    for input in &inputs {
        if let Err(err) = configs.for_dir(&config_dir(input)) {
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
    let outcomes = parallel_map(&inputs, |input| process(input, args, &configs));

    let mut reports = Vec::new();
    let mut diffs = String::new();
    let mut stdout_text = None;
    for outcome in outcomes {
        match outcome {
            Outcome::Checked {
                report,
                fixed,
                fixed_text,
                diff,
            } => {
                if fixed > 0 {
                    eprintln!(
                        "Fixed {fixed} {} in {}",
                        if fixed == 1 { "problem" } else { "problems" },
                        report.path
                    );
                }
                if fixed_text.is_some() {
                    stdout_text = fixed_text;
                }
                diffs.push_str(&diff);
                reports.push(report);
            }
            Outcome::Ignored => {}
            Outcome::Failed(message) => errors.push(message),
        }
    }
    for error in &errors {
        eprintln!("copydesk: {error}");
    }
    if reports.is_empty() && !errors.is_empty() {
        // Nothing could be checked: no report (not even an empty one).
        return exit::ERROR;
    }
    if args.diff {
        print!("{diffs}");
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
        if let Err(err) = std::fs::write(path, output::render(args.format, &reports, plain)) {
            eprintln!("copydesk: cannot write {}: {err}", path.display());
            return exit::ERROR;
        }
    }
    let human = output::Human {
        color: args.color.on_stdout(),
        unchecked: errors.len(),
    };
    match (&stdout_text, &args.output) {
        // `--fix` on stdin: the fixed story is the output.
        (Some(text), _) => print!("{text}"),
        (None, Some(_)) => print!("{}", output::render(OutputFormat::Human, &reports, human)),
        (None, None) => {
            let rendered = output::render(args.format, &reports, human);
            let _ = std::io::stdout().lock().write_all(rendered.as_bytes());
        }
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

fn process(input: &Input, args: &CheckArgs, configs: &Configs) -> Outcome {
    let (display, text, dir, format) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            if let Err(err) = std::io::stdin().read_to_end(&mut bytes) {
                return Outcome::Failed(format!("<stdin>: cannot read: {err}"));
            }
            let text = match String::from_utf8(bytes) {
                Ok(text) => StoryText::Owned(text),
                Err(err) => {
                    let offset = err.utf8_error().valid_up_to();
                    return Outcome::Failed(format!("<stdin>: {}", story::not_utf8(offset)));
                }
            };
            let format = if args.stdin_markdown {
                Format::Markdown
            } else {
                Format::Plain
            };
            ("<stdin>".to_string(), text, config_dir(input), format)
        }
        Input::File(path) => {
            // "./desk/a.txt" from walking "." reads (and matches in code
            // scanning) better as "desk/a.txt".
            let display = path.strip_prefix(".").unwrap_or(path).display().to_string();
            let dir = config_dir(input);
            // The configuration decides whether the file is checked at all,
            // before it is read.
            let config = match configs.for_dir(&dir) {
                Ok(config) => config,
                Err(err) => return Outcome::Failed(format!("{display}: not checked: {err}")),
            };
            if let Some(matcher) = inputs::ignore_matcher(&config) {
                if inputs::is_ignored(&matcher, &config.base_dir, path) {
                    return Outcome::Ignored;
                }
            }
            let text = match story::read(path) {
                Ok(text) => text,
                Err(err) => return Outcome::Failed(format!("{display}: {err}")),
            };
            (display, text, dir, Format::from_path(path))
        }
    };
    let config = match configs.for_dir(&dir) {
        Ok(config) => config,
        Err(err) => return Outcome::Failed(format!("{display}: not checked: {err}")),
    };
    let settings = &config.settings;
    if !(args.fix || args.diff) {
        let findings = check(&text.as_str(), format, settings);
        return Outcome::Checked {
            report: FileReport {
                path: display,
                text,
                findings,
            },
            fixed: 0,
            fixed_text: None,
            diff: String::new(),
        };
    }
    let text = text.into_string();
    let outcome = fix_all(&text, format, settings);
    let mut fixed = 0;
    let mut fixed_text = None;
    let mut diff = String::new();
    if args.diff {
        diff = diff::unified(&display, &text, &outcome.text);
    } else if outcome.text != text {
        match input {
            Input::Stdin => fixed_text = Some(outcome.text.clone()),
            Input::File(path) => {
                // Through a symbolic link, fix the story it points at.
                let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                if let Err(err) = write::atomic_write(&target, &outcome.text) {
                    return Outcome::Failed(format!("{display}: cannot write fixes: {err}"));
                }
            }
        }
        fixed = outcome.applied;
    } else if matches!(input, Input::Stdin) {
        fixed_text = Some(text.clone());
    }
    let findings = check(&outcome.text, format, settings);
    Outcome::Checked {
        report: FileReport {
            path: display,
            text: StoryText::Owned(outcome.text),
            findings,
        },
        fixed,
        fixed_text,
        diff,
    }
}

/// The folder whose configuration governs `input`.
fn config_dir(input: &Input) -> PathBuf {
    match input {
        Input::Stdin => std::env::current_dir().unwrap_or_default(),
        Input::File(path) => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    }
}

/// Runs `work` over `items` on all cores, keeping the results in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = work(item);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}
