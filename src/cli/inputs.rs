//! Which stories to check: named files, folders walked honouring .gitignore
//! and `[files] ignore`, and stdin.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::config::Config;

pub const EXTENSIONS: [&str; 3] = ["txt", "md", "markdown"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Expands the command-line paths. Problems (a missing path, an unreadable
/// folder) are returned as messages; the other inputs are still checked.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            // Unsorted: the folder's stories are put in order once, below,
            // rather than each folder's entries by a comparison that takes
            // the file name apart at every step.
            let walker = WalkBuilder::new(path).require_git(false).build();
            let first = inputs.len();
            for entry in walker {
                match entry {
                    Ok(entry) => {
                        let is_story = entry.file_type().is_some_and(|t| t.is_file())
                            && entry
                                .path()
                                .extension()
                                .and_then(|e| e.to_str())
                                .is_some_and(|e| {
                                    EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e))
                                });
                        if is_story {
                            inputs.push(Input::File(entry.into_path()));
                        }
                    }
                    Err(err) => errors.push(format!("{}: {err}", path.display())),
                }
            }
            inputs[first..].sort_by_cached_key(|input| match input {
                Input::File(path) => walk_order(path),
                Input::Stdin => Vec::new(),
            });
        } else if path.exists() {
            // A file named on the command line is checked whatever its extension.
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push(format!("{}: no such file or folder", path.display()));
        }
    }
    // A file named twice (or named and also found in a folder) is checked,
    // and fixed, once: two fixes of one file at once would race. One path
    // names each file once (a walk does not follow links), so the search
    // for the same file under two names, a `canonicalize` per file, is made
    // only when there are several.
    if paths.len() < 2 {
        return (inputs, errors);
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| match input {
        Input::File(path) => {
            seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        }
        Input::Stdin => seen.insert(PathBuf::from("-")),
    });
    (inputs, errors)
}

/// The order a walk sorted by file name, folder by folder, lists paths in
/// (a folder's files and subfolders in one order, each subfolder's stories
/// where it falls): the paths' bytes with each separator made the lowest
/// byte, so that a name sorts before any longer name it begins and a path
/// compares component by component. Paths from one walk share its root.
fn walk_order(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str()
            .as_bytes()
            .iter()
            .map(|&b| if b == b'/' { 0 } else { b })
            .collect()
    }
    #[cfg(not(unix))]
    {
        let mut key = Vec::new();
        for component in path.components() {
            key.extend(component.as_os_str().as_encoded_bytes());
            key.push(0);
        }
        key
    }
}

/// `[files] ignore` of one configuration, compiled once (a set of globs:
/// matching a path does not grow with their number) and asked about every
/// file the configuration governs.
pub struct Ignore {
    matcher: Gitignore,
    /// The configuration's folder, absolute.
    base: PathBuf,
    /// The working folder, against which relative paths are resolved.
    cwd: PathBuf,
}

impl Ignore {
    /// `None` when the configuration ignores nothing.
    pub fn new(config: &Config) -> Option<Ignore> {
        if config.ignore.is_empty() {
            return None;
        }
        let mut builder = GitignoreBuilder::new(&config.base_dir);
        for glob in &config.ignore {
            let _ = builder.add_line(None, glob);
        }
        let matcher = builder.build().ok()?;
        let cwd = std::env::current_dir().unwrap_or_default();
        Some(Ignore {
            matcher,
            base: cwd.join(&config.base_dir),
            cwd,
        })
    }

    pub fn is_ignored(&self, path: &Path) -> bool {
        let absolute = self.cwd.join(path);
        match absolute.strip_prefix(&self.base) {
            Ok(relative) => self
                .matcher
                .matched_path_or_any_parents(relative, false)
                .is_ignore(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_lists_each_folder_in_file_name_order_with_its_subfolders_in_place() {
        let dir = std::env::temp_dir().join(format!("copydesk-walk-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for name in [
            "b.txt",
            "a/z.txt",
            "a.b/c.txt",
            "a-b.txt",
            "ab/x.md",
            "a/b/c.txt",
            "a/a.txt",
            "B.txt",
        ] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "Text.\n").unwrap();
        }
        let (inputs, errors) = collect(std::slice::from_ref(&dir));
        assert!(errors.is_empty(), "{errors:?}");
        let listed: Vec<String> = inputs
            .iter()
            .map(|input| match input {
                Input::File(path) => path
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                Input::Stdin => unreachable!(),
            })
            .collect();
        // Each folder's entries by name, bytewise, a subfolder's stories
        // where its name falls: as a walk sorted folder by folder lists them.
        assert_eq!(
            listed,
            [
                "B.txt",
                "a/a.txt",
                "a/b/c.txt",
                "a/z.txt",
                "a-b.txt",
                "a.b/c.txt",
                "ab/x.md",
                "b.txt"
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn one_compiled_matcher_answers_for_every_path_it_governs() {
        let cwd = std::env::current_dir().unwrap();
        let mut config = Config::defaults(Path::new("desk"));
        assert!(Ignore::new(&config).is_none());
        config.ignore = (0..200).map(|i| format!("archive{i}/**")).collect();
        config.ignore.push("*.draft.txt".into());
        let ignore = Ignore::new(&config).unwrap();
        for (path, ignored) in [
            ("desk/archive7/old.txt", true),
            ("desk/archive199/deep/old.md", true),
            ("desk/stories/today.txt", false),
            ("desk/stories/today.draft.txt", true),
            ("archive7/outside.txt", false),
        ] {
            assert_eq!(ignore.is_ignored(Path::new(path)), ignored, "{path}");
            assert_eq!(
                ignore.is_ignored(&cwd.join(path)),
                ignored,
                "{path}, absolute"
            );
        }
    }
}
