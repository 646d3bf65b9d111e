//! Whether a loaded configuration still says what its files say.
//!
//! Editors that watch files for the language server tell it when
//! `copydesk.toml` or a list it names changes; many do not (Neovim on Linux
//! advertises no file watching, and `copydesk serve` has no editor at all).
//! For those, a [`Stamp`] records the size and modification time of every
//! file a configuration was read from, and where discovery would find a
//! configuration now, so that a cheap look (a few `stat` calls) tells
//! whether to load it again. [`Reloading`] keeps a configuration fresh that
//! way for a long-running process.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use crate::config::Config;
use crate::error::FileError;

/// What a file looked like: absent, or its length and modification time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
}

fn look(path: &Path) -> Option<Seen> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(Seen {
        len: metadata.len(),
        modified: metadata.modified().ok(),
    })
}

/// The files behind a configuration, as they were when it was loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The folder discovery started from, and the file it found (a
    /// configuration given by path is not looked for again).
    discovery: Option<(PathBuf, Option<PathBuf>)>,
    files: Vec<(PathBuf, Option<Seen>)>,
}

impl Stamp {
    /// The stamp of `config`, discovered from `discovered_from` (`None` when
    /// it was named by path). Taken right after loading: a file written
    /// between the load and the stamp is seen at its next change.
    pub fn of(config: &Config, discovered_from: Option<&Path>) -> Stamp {
        let files = config
            .path
            .iter()
            .chain(&config.sources)
            .map(|path| (path.clone(), look(path)))
            .collect();
        Stamp {
            discovery: discovered_from.map(|dir| (dir.to_path_buf(), Config::find_file(dir))),
            files,
        }
    }

    /// The stamp of a folder whose configuration did not load: the file
    /// discovery finds there (fixing it, or removing it, is a change). A
    /// broken list the file names is not in it: the caller tries again
    /// now and then.
    pub fn of_broken(dir: &Path) -> Stamp {
        let mut probe = Config::defaults(dir);
        probe.path = Config::find_file(dir);
        Stamp::of(&probe, Some(dir))
    }

    /// Whether a file changed, appeared or went away since, or discovery
    /// would now find another configuration file.
    pub fn is_stale(&self) -> bool {
        if let Some((dir, found)) = &self.discovery
            && Config::find_file(dir) != *found
        {
            return true;
        }
        self.files.iter().any(|(path, seen)| look(path) != *seen)
    }

    /// The same files, looked at again now.
    fn retaken(&self) -> Stamp {
        Stamp {
            discovery: self
                .discovery
                .as_ref()
                .map(|(dir, _)| (dir.clone(), Config::find_file(dir))),
            files: self
                .files
                .iter()
                .map(|(path, _)| (path.clone(), look(path)))
                .collect(),
        }
    }
}

/// Where a long-running process gets its configuration from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file named on the command line.
    File(PathBuf),
    /// The nearest `copydesk.toml` from this folder up, else the defaults.
    Discover(PathBuf),
}

impl Source {
    fn load(&self) -> Result<(Config, Stamp), FileError> {
        let config = match self {
            Source::File(path) => Config::load(path)?,
            Source::Discover(dir) => Config::discover(dir)?,
        };
        let stamp = Stamp::of(
            &config,
            match self {
                Source::File(_) => None,
                Source::Discover(dir) => Some(dir.as_path()),
            },
        );
        Ok((config, stamp))
    }
}

/// What [`Reloading::refresh`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Refresh {
    /// Nothing changed, or it was looked at too recently to look again.
    Unchanged,
    /// The files changed and the new configuration is in force.
    Reloaded,
    /// The files changed but do not load; the last good configuration stays
    /// in force. Said once per distinct error.
    Failed(String),
}

struct Check {
    stamp: Stamp,
    at: Instant,
    last_error: Option<String>,
    /// While the files do not load: when to try them again even if nothing
    /// the stamp knows changed (the broken config may name a new file).
    retry_at: Option<Instant>,
}

/// How often a configuration that does not load is tried again.
const RETRY_BROKEN: Duration = Duration::from_secs(10);

/// A configuration kept as fresh as its files, looked at no more than once
/// an interval. Readers get the configuration in force as an `Arc` and are
/// never held up by a reload.
pub struct Reloading {
    source: Source,
    current: RwLock<Arc<Config>>,
    check: Mutex<Check>,
}

impl Reloading {
    pub fn new(source: Source) -> Result<Reloading, FileError> {
        let (config, stamp) = source.load()?;
        Ok(Reloading {
            source,
            current: RwLock::new(Arc::new(config)),
            check: Mutex::new(Check {
                stamp,
                at: Instant::now(),
                last_error: None,
                retry_at: None,
            }),
        })
    }

    /// The configuration in force.
    pub fn current(&self) -> Arc<Config> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Loads the configuration again if its files changed, looking at most
    /// once per `interval`. While one caller reloads, the others go on with
    /// the configuration in force.
    pub fn refresh(&self, interval: Duration) -> Refresh {
        let Ok(mut check) = self.check.try_lock() else {
            return Refresh::Unchanged;
        };
        if check.at.elapsed() < interval {
            return Refresh::Unchanged;
        }
        let now = Instant::now();
        check.at = now;
        let retry = check.retry_at.is_some_and(|at| now >= at);
        if !retry && !check.stamp.is_stale() {
            return Refresh::Unchanged;
        }
        match self.source.load() {
            Ok((config, stamp)) => {
                check.stamp = stamp;
                check.last_error = None;
                check.retry_at = None;
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(config);
                Refresh::Reloaded
            }
            Err(err) => {
                // Not loaded again until a file changes (or the retry is
                // due): a broken names file is not parsed on every look.
                check.stamp = check.stamp.retaken();
                check.retry_at = Some(now + RETRY_BROKEN);
                let message = err.to_string();
                if check.last_error.as_deref() == Some(message.as_str()) {
                    return Refresh::Unchanged;
                }
                check.last_error = Some(message.clone());
                Refresh::Failed(message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "copydesk-freshness-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_stamp_sees_the_config_and_its_lists_change() {
        let dir = scratch();
        std::fs::write(
            dir.join("copydesk.toml"),
            "[data]\naccept = [\"words.txt\"]\n",
        )
        .unwrap();
        std::fs::write(dir.join("words.txt"), "chaebol\n").unwrap();
        let config = Config::discover(&dir).unwrap();
        let stamp = Stamp::of(&config, Some(&dir));
        assert!(!stamp.is_stale());
        std::fs::write(dir.join("words.txt"), "chaebol\njuche\n").unwrap();
        assert!(stamp.is_stale(), "an accept list grew");

        let config = Config::discover(&dir).unwrap();
        let stamp = Stamp::of(&config, Some(&dir));
        std::fs::remove_file(dir.join("words.txt")).unwrap();
        assert!(stamp.is_stale(), "an accept list went away");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_stamp_sees_a_config_appear_where_there_was_none() {
        let dir = scratch();
        let config = Config::discover(&dir).unwrap();
        let stamp = Stamp::of(&config, Some(&dir));
        assert!(!stamp.is_stale());
        std::fs::write(dir.join("copydesk.toml"), "").unwrap();
        assert!(stamp.is_stale());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reloading_keeps_the_last_good_config_and_says_each_error_once() {
        let dir = scratch();
        let file = dir.join("copydesk.toml");
        std::fs::write(&file, "[rules]\nrepeated-word = \"error\"\n").unwrap();
        let reloading = Reloading::new(Source::File(file.clone())).unwrap();
        let now = Duration::ZERO;
        assert_eq!(reloading.refresh(now), Refresh::Unchanged);

        std::fs::write(&file, "[rules]\nrepeated-word = \"off\"\n").unwrap();
        assert_eq!(reloading.refresh(now), Refresh::Reloaded);
        let off = reloading.current();

        std::fs::write(&file, "[rules\n").unwrap();
        assert!(
            matches!(reloading.refresh(now), Refresh::Failed(m) if m.contains("copydesk.toml"))
        );
        assert_eq!(
            reloading.refresh(now),
            Refresh::Unchanged,
            "the same error is said once"
        );
        assert!(
            Arc::ptr_eq(&off, &reloading.current()),
            "the last good config stays"
        );

        std::fs::write(&file, "").unwrap();
        assert_eq!(reloading.refresh(now), Refresh::Reloaded);
        assert!(!Arc::ptr_eq(&off, &reloading.current()));

        std::fs::write(&file, "[rules]\n").unwrap();
        assert_eq!(
            reloading.refresh(Duration::from_secs(3600)),
            Refresh::Unchanged,
            "not looked at again within the interval"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
