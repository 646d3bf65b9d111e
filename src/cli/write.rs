//! Writing a fixed story back so that it can never be turned against its
//! user, lose an edit made meanwhile, or be left half written:
//!
//! * the temporary file gets a random name and is created exclusively
//!   (`O_CREAT | O_EXCL`: an existing file or symbolic link by that name is
//!   never opened, let alone followed), in the story's own folder, with the
//!   story's permissions from the start — never wider — and its owner where
//!   the process may set it;
//! * it is written and flushed to disk, then the story is read again and
//!   must still be byte for byte what was checked, and a regular file, before
//!   the temporary file is renamed over it (atomic on one file system);
//! * a story that is not a regular file, is read-only for its owner, or has
//!   other hard links is refused (a rename would break the links).
//!
//! The caller resolves a symbolic link to the story first and passes the
//! resolved path.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::read_file::{self, Limit};

/// Why a story was not fixed. `Display` names no file: the caller does.
#[derive(Debug)]
pub enum WriteError {
    /// The story on disk is no longer what was checked.
    Changed,
    /// The story is of a kind `--fix` leaves alone.
    Refused(String),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(f, "changed on disk while it was checked; not fixed"),
            WriteError::Refused(why) => write!(f, "{why}; not fixed"),
            WriteError::Io(err) => write!(f, "cannot write fixes: {err}; not fixed"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(err: std::io::Error) -> WriteError {
        WriteError::Io(err)
    }
}

/// Replaces the story at `path` (a resolved path, no symbolic link) by
/// `contents`, provided it still holds exactly `original`. `Ok` carries a
/// note for the user when the owner could not be kept.
pub fn write_if_unchanged(
    path: &Path,
    original: &[u8],
    contents: &str,
) -> Result<Option<String>, WriteError> {
    let metadata = fs::symlink_metadata(path)?;
    refuse(&metadata)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut file, temp) = create_temp(dir, &name, &metadata)?;
    let result = (|| {
        let note = keep_owner(&file, &metadata);
        set_mode(&file, &metadata)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        drop(file);
        // The story must still be the regular file, with the bytes, that
        // was checked. (A write between this and the rename is not seen;
        // the window is a few system calls, not the whole check.)
        let now = fs::symlink_metadata(path)?;
        refuse(&now)?;
        let limit = Limit {
            bytes: original.len() as u64,
            ..read_file::CONFIG
        };
        match read_file::read(path, &limit) {
            Ok(bytes) if bytes == original => {}
            _ => return Err(WriteError::Changed),
        }
        fs::rename(&temp, path)?;
        // Make the rename itself durable (best effort: not every system
        // can sync a folder).
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(note)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes `contents` to `path`: a new file is created exclusively (an
/// existing file or symbolic link by that name is never opened), and an
/// existing one is replaced as `write_if_unchanged` replaces a story (so a
/// symbolic link, a read-only file or one with other hard links is refused).
pub fn write_new_or_replace(path: &Path, contents: &str) -> Result<Option<String>, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(_) => {
            let limit = Limit {
                bytes: u64::MAX,
                ..read_file::CONFIG
            };
            let before = read_file::read(path, &limit).map_err(WriteError::Refused)?;
            write_if_unchanged(path, &before, contents)
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            let written = file
                .write_all(contents.as_bytes())
                .and_then(|()| file.sync_all());
            if let Err(err) = written {
                drop(file);
                let _ = fs::remove_file(path);
                return Err(err.into());
            }
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

fn refuse(metadata: &fs::Metadata) -> Result<(), WriteError> {
    if !metadata.file_type().is_file() {
        return Err(WriteError::Refused("not a regular file".into()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.mode() & 0o200 == 0 {
            return Err(WriteError::Refused(
                "read-only (its owner has no write permission)".into(),
            ));
        }
        if metadata.nlink() > 1 {
            return Err(WriteError::Refused(format!(
                "has {} hard links, which replacing it would break",
                metadata.nlink()
            )));
        }
    }
    #[cfg(not(unix))]
    if metadata.permissions().readonly() {
        return Err(WriteError::Refused("read-only".into()));
    }
    Ok(())
}

/// A new file `.<name>.<random>.tmp` in `dir`, created exclusively with at
/// most the story's permissions.
fn create_temp(dir: &Path, name: &str, story: &fs::Metadata) -> std::io::Result<(File, PathBuf)> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
        // Only the owner can read it until its mode is set (the umask can
        // only narrow this).
        options.mode(story.mode() & 0o600);
    }
    #[cfg(not(unix))]
    let _ = story;
    let mut last = None;
    for _ in 0..16 {
        let temp = dir.join(format!(".{name}.{:016x}.tmp", random()));
        match options.open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => last = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// 64 unpredictable bits: std's hasher keys are drawn from the system's
/// random source, and differ per `RandomState`.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// Gives the temporary file the story's owner and group. Only root may give
/// a file away: otherwise, if they differ, the note says so.
fn keep_owner(file: &File, story: &fs::Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ours = file.metadata().ok()?;
        if (ours.uid(), ours.gid()) == (story.uid(), story.gid()) {
            return None;
        }
        if let Err(err) = std::os::unix::fs::fchown(file, Some(story.uid()), Some(story.gid())) {
            return Some(format!(
                "fixed, but its owner could not be kept (uid {} gid {} now uid {} gid {}): {err}",
                story.uid(),
                story.gid(),
                ours.uid(),
                ours.gid()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, story);
    None
}

/// The story's permission bits (without set-id bits: never wider).
fn set_mode(file: &File, story: &fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        file.set_permissions(fs::Permissions::from_mode(story.mode() & 0o777))?;
    }
    #[cfg(not(unix))]
    let _ = (file, story);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("copydesk-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A scratch folder holding `story.txt` with `contents`: (folder, story).
    fn story(name: &str, contents: &str) -> (PathBuf, PathBuf) {
        let dir = scratch(name);
        let path = dir.join("story.txt");
        fs::write(&path, contents).unwrap();
        (dir, path)
    }

    #[test]
    fn replaces_contents_and_leaves_no_temp_file() {
        let (dir, path) = story("plain", "old old text");
        write_if_unchanged(&path, b"old old text", "new text").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn planted_files_and_symlinks_are_never_followed_or_touched() {
        let dir = scratch("planted");
        let victim = dir.join("root-only.txt");
        fs::write(&victim, "secret").unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o600)).unwrap();
        let path = dir.join("story.txt");
        fs::write(&path, "a,, b").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        // The old predictable name, and a spread of `.story.txt.*.tmp` names.
        let mut planted = vec![dir.join(format!(".story.txt.copydesk-{}.tmp", std::process::id()))];
        planted.extend((0..64).map(|n| dir.join(format!(".story.txt.{n:016x}.tmp"))));
        for link in &planted {
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
        let decoy = dir.join(".story.txt.decoy.tmp");
        fs::write(&decoy, "decoy").unwrap();
        for _ in 0..8 {
            let before = fs::read(&path).unwrap();
            write_if_unchanged(&path, &before, "a, b").unwrap();
        }
        assert_eq!(fs::read_to_string(&victim).unwrap(), "secret");
        assert_eq!(victim.metadata().unwrap().mode() & 0o777, 0o600);
        for link in &planted {
            assert_eq!(fs::read_link(link).unwrap(), victim);
        }
        assert_eq!(fs::read_to_string(&decoy).unwrap(), "decoy");
        let story = fs::symlink_metadata(&path).unwrap();
        assert!(story.file_type().is_file());
        assert_eq!(story.mode() & 0o777, 0o640);
        assert_eq!(fs::read_to_string(&path).unwrap(), "a, b");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2 + planted.len() + 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_story_changed_since_it_was_read_is_left_alone() {
        let (dir, path) = story("changed", "a,, b");
        let read = fs::read(&path).unwrap();
        fs::write(&path, "a,, b\n\nA paragraph added meanwhile.\n").unwrap();
        let err = write_if_unchanged(&path, &read, "a, b").unwrap_err();
        assert_eq!(
            err.to_string(),
            "changed on disk while it was checked; not fixed"
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "a,, b\n\nA paragraph added meanwhile.\n"
        );
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn read_only_stories_and_hard_links_are_refused() {
        let (dir, path) = story("refused", "a,, b");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_if_unchanged(&path, b"a,, b", "a, b").unwrap_err();
        assert_eq!(
            err.to_string(),
            "read-only (its owner has no write permission); not fixed"
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        fs::hard_link(&path, dir.join("other.txt")).unwrap();
        let err = write_if_unchanged(&path, b"a,, b", "a, b").unwrap_err();
        assert!(err.to_string().starts_with("has 2 hard links"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "a,, b");
        fs::remove_dir_all(&dir).unwrap();
    }
}
