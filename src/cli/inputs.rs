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
/// Each folder's stories are listed as a walk sorted by file name lists
/// them.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs: Vec<(usize, Input)> = Vec::new();
    let errors = walk(paths, &mut |root, input| inputs.push((root, input)));
    // Sorted once, by the path named and then the walk's order within it:
    // not each folder's entries by a comparison that takes the file name
    // apart at every step.
    inputs.sort_by_cached_key(|(root, input)| (*root, walk_order(input)));
    (inputs.into_iter().map(|(_, input)| input).collect(), errors)
}

/// Calls `found` with each input the paths name (and the index of the path
/// it was found under) as the walk comes to it, in no particular order
/// within a folder: for a run whose result does not depend on the order,
/// which can start on the first story before the last is found, and need
/// not hold the list. Returns the problems, as `collect` does.
pub fn walk(paths: &[PathBuf], found: &mut dyn FnMut(usize, Input)) -> Vec<String> {
    let mut errors = Vec::new();
    // A file named twice (or named and also found in a folder) is checked,
    // and fixed, once: two fixes of one file at once would race. A walk
    // does not follow links, so a story found under a path is that path
    // resolved once (`canonicalize`) and joined with the rest of the
    // story's path: no story's path is resolved component by component.
    // Paths of which none is inside another (nor the same) name each file
    // once, and then no set of the files is held either.
    let resolved: Vec<Option<PathBuf>> = if paths.len() > 1 {
        paths
            .iter()
            .map(|path| match path.as_os_str() == "-" {
                true => None,
                false => std::fs::canonicalize(path).ok(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let overlap = resolved.iter().enumerate().any(|(i, a)| {
        resolved
            .iter()
            .enumerate()
            .any(|(j, b)| i != j && matches!((a, b), (Some(a), Some(b)) if a.starts_with(b)))
    });
    let mut seen = overlap.then(std::collections::HashSet::new);
    let mut stdin_given = false;
    let mut give = |root: usize, input: Input| {
        let new = match (&mut seen, &input) {
            (_, Input::Stdin) => !std::mem::replace(&mut stdin_given, true),
            (None, _) => true,
            (Some(seen), Input::File(path)) => {
                let named = &paths[root];
                let key = match (&resolved[root], path.strip_prefix(named)) {
                    (Some(base), Ok(rest)) if rest.as_os_str().is_empty() => base.clone(),
                    (Some(base), Ok(rest)) => base.join(rest),
                    _ => path.clone(),
                };
                seen.insert(key)
            }
        };
        if new {
            found(root, input);
        }
    };
    for (root, path) in paths.iter().enumerate() {
        if path.as_os_str() == "-" {
            give(root, Input::Stdin);
        } else if path.is_dir() {
            for entry in WalkBuilder::new(path).require_git(false).build() {
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
                            give(root, Input::File(entry.into_path()));
                        }
                    }
                    Err(err) => errors.push(format!("{}: {err}", path.display())),
                }
            }
        } else if path.exists() {
            // A file named on the command line is checked whatever its extension.
            give(root, Input::File(path.clone()));
        } else {
            errors.push(format!("{}: no such file or folder", path.display()));
        }
    }
    errors
}

/// Where `input` comes in its path's walk sorted by file name (`walk_key`).
pub fn walk_order(input: &Input) -> Vec<u8> {
    match input {
        Input::File(path) => walk_key(path),
        Input::Stdin => Vec::new(),
    }
}

/// The order a walk sorted by file name, folder by folder, lists paths in
/// (a folder's files and subfolders in one order, each subfolder's stories
/// where it falls): the paths' bytes with each separator made the lowest
/// byte, so that a name sorts before any longer name it begins and a path
/// compares component by component. Paths from one walk share its root.
fn walk_key(path: &Path) -> Vec<u8> {
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
    fn a_story_named_under_two_paths_is_given_once() {
        let dir = std::env::temp_dir().join(format!("copydesk-walk-twice-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for name in ["a/x.txt", "a/b/y.txt", "c/z.txt"] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "Text.\n").unwrap();
        }
        let count = |paths: &[PathBuf]| {
            let (inputs, errors) = collect(paths);
            assert!(errors.is_empty(), "{errors:?}");
            inputs.len()
        };
        // Disjoint folders: every story, none resolved.
        assert_eq!(count(&[dir.join("a"), dir.join("c")]), 3);
        // A folder, a folder inside it, a story inside both, the same
        // folder by another spelling: each story once.
        let paths = [
            dir.join("a/b"),
            dir.join("a"),
            dir.join("a/b/y.txt"),
            dir.join("c/../a/./b"),
            dir.join("c"),
        ];
        assert_eq!(count(&paths), 3);
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
