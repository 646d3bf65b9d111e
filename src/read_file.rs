//! Reading the files a user names — stories, `copydesk.toml`, names, titles,
//! phrase files and accept lists — the one way: only regular files (a FIFO,
//! a device or a folder is refused by its kind before it is opened for
//! reading, so nothing blocks or streams forever), never more than a limit
//! (the read itself stops one byte past it, so a file growing underneath
//! cannot exceed it), and text only as UTF-8 (UTF-16 is named, not checked).
//!
//! Errors name no file: the caller puts the path in front.

use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::Path;

pub const MIB: u64 = 1 << 20;

/// A size limit, and what to tell the user when a file is over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// "a story", "a names file", …
    pub what: &'static str,
    /// The `[limits]` key that raises it, if any.
    pub key: Option<&'static str>,
}

/// `copydesk.toml` itself (not configurable: it would have to be read first).
pub const CONFIG: Limit = Limit {
    bytes: MIB,
    what: "a configuration file",
    key: None,
};

/// The configurable limits (`[limits]` in `copydesk.toml`, in MiB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub story: Limit,
    pub names: Limit,
    /// Phrase files, accept lists and titles files.
    pub data: Limit,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            story: Limit {
                bytes: 64 * MIB,
                what: "a story",
                key: Some("story"),
            },
            names: Limit {
                bytes: 32 * MIB,
                what: "a names file",
                key: Some("names"),
            },
            data: Limit {
                bytes: 16 * MIB,
                what: "a phrase, accept or titles file",
                key: Some("data"),
            },
        }
    }
}

impl Limit {
    pub fn with_mib(self, mib: Option<u64>) -> Limit {
        match mib {
            Some(mib) => Limit {
                bytes: mib.saturating_mul(MIB),
                ..self
            },
            None => self,
        }
    }

    fn too_large(&self) -> String {
        let size = if self.bytes % MIB == 0 {
            format!("{} MiB", self.bytes / MIB)
        } else {
            format!("{} bytes", self.bytes)
        };
        match self.key {
            Some(key) => format!(
                "larger than {size}, the limit for {} (`[limits] {key}` in copydesk.toml raises it, in MiB); skipped",
                self.what
            ),
            None => format!("larger than {size}, the limit for {}; skipped", self.what),
        }
    }
}

/// What a path is, when it is not a regular file.
fn kind(metadata: &Metadata) -> Option<&'static str> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

fn not_regular(metadata: &Metadata) -> Option<String> {
    kind(metadata).map(|kind| format!("{kind}, not a regular file; skipped"))
}

fn cannot_read(err: std::io::Error) -> String {
    format!("cannot read: {err}")
}

/// Opens `path` for reading without blocking on a FIFO swapped in after it
/// was looked at (`O_NONBLOCK` has no effect on a regular file).
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of the regular file at `path` (a symbolic link is followed),
/// at most `limit`. The file is opened first and what was opened is looked
/// at (one `fstat`, no `stat` of the path before it): what is read is what
/// was looked at, and a story costs one system call less.
pub fn read(path: &Path, limit: &Limit) -> Result<Vec<u8>, String> {
    read_opened(path, open(path), limit)
}

/// `read`, for many files in few folders (the stories of an archive): the
/// file is opened by its name in its folder, which this thread keeps open
/// from one file to the next (`in_folder`), so the kernel looks up one name
/// a file, not every folder of its path again. Where that cannot be done,
/// the file is opened by its path, as `read` does (and so fails with the
/// same message). A folder renamed during a run is read as it was opened.
pub fn read_in_folder(path: &Path, limit: &Limit) -> Result<Vec<u8>, String> {
    let opened = match in_folder::open(path) {
        Some(file) => Ok(file),
        None => open(path),
    };
    read_opened(path, opened, limit)
}

fn read_opened(
    path: &Path,
    opened: std::io::Result<File>,
    limit: &Limit,
) -> Result<Vec<u8>, String> {
    let file = match opened {
        Ok(file) => file,
        // What cannot be opened may still be named by its kind (a socket).
        Err(err) => {
            return Err(match fs::metadata(path) {
                Ok(metadata) => not_regular(&metadata).unwrap_or_else(|| cannot_read(err)),
                Err(_) => cannot_read(err),
            });
        }
    };
    let metadata = file.metadata().map_err(cannot_read)?;
    if let Some(err) = not_regular(&metadata) {
        return Err(err);
    }
    if metadata.len() > limit.bytes {
        return Err(limit.too_large());
    }
    read_from(file, metadata.len(), limit)
}

/// Opening a file by its name in its folder, the folder opened once a
/// thread (Linux: `O_PATH`, which needs no permission to list the folder,
/// then `openat`, with the flags `open` gives).
#[cfg(target_os = "linux")]
mod in_folder {
    use std::cell::{Cell, RefCell};
    use std::ffi::OsStr;
    use std::fs::File;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::{Path, PathBuf};

    thread_local! {
        /// The folder this thread opened last, and its descriptor (closed
        /// when another folder replaces it, or the thread ends).
        static FOLDER: RefCell<Option<(PathBuf, OwnedFd)>> = const { RefCell::new(None) };
        /// Whether files are still opened with `O_NOATIME`.
        static NOATIME: Cell<bool> = const { Cell::new(true) };
    }

    /// The file at `path`, opened in its folder; `None` when the folder or
    /// the file could not be opened so (the caller opens the path, and
    /// reports what went wrong as it would have).
    pub(super) fn open(path: &Path) -> Option<File> {
        // Split at the last `/` by its bytes (`Path::parent` and
        // `file_name` parse every component): the folder is what comes
        // before it ("/" for a file at the root), the name what follows.
        // A path that ends in `/`, `.` or `..` is opened by its path.
        let bytes = path.as_os_str().as_bytes();
        let slash = memchr::memrchr(b'/', bytes)?;
        let name = &bytes[slash + 1..];
        if matches!(name, b"" | b"." | b"..") {
            return None;
        }
        let folder = Path::new(OsStr::from_bytes(&bytes[..slash.max(1)]));
        // The name, NUL-terminated, on the stack (a longer one is rare:
        // opened by its path).
        let mut c_name = [0u8; 256];
        if name.len() >= c_name.len() || name.contains(&0) {
            return None;
        }
        c_name[..name.len()].copy_from_slice(name);
        FOLDER.with_borrow_mut(|held| {
            // Compared as bytes (`Path`'s equality compares components).
            if held
                .as_ref()
                .is_none_or(|(at, _)| at.as_os_str().as_bytes() != folder.as_os_str().as_bytes())
            {
                *held = None;
                let fd = std::fs::OpenOptions::new()
                    .read(true)
                    .custom_flags(libc::O_PATH | libc::O_DIRECTORY)
                    .open(folder)
                    .ok()?;
                *held = Some((folder.to_path_buf(), OwnedFd::from(fd)));
            }
            let (_, fd) = held.as_ref()?;
            let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC;
            // SAFETY: `fd` is an open descriptor this thread owns for the
            // call, and `c_name` a NUL-terminated name; `openat` neither
            // keeps nor writes through the pointer.
            let open_with =
                |flags| unsafe { libc::openat(fd.as_raw_fd(), c_name.as_ptr().cast(), flags) };
            // Checking an archive leaves its access times as they were: a
            // check is not a reading, and updating the time (the first read
            // after a write, or a day after the last) writes every story's
            // inode back to the disk. The kernel refuses it for a file that
            // is not ours (EPERM): then, for the rest of this thread's run,
            // files are opened as `open` does.
            let noatime = NOATIME.get();
            let mut opened = open_with(if noatime {
                flags | libc::O_NOATIME
            } else {
                flags
            });
            if noatime
                && opened < 0
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
            {
                NOATIME.set(false);
                opened = open_with(flags);
            }
            // SAFETY: a descriptor `openat` just returned, owned by nothing
            // else.
            (opened >= 0).then(|| unsafe { File::from_raw_fd(opened) })
        })
    }
}

/// Elsewhere, every file is opened by its path.
#[cfg(not(target_os = "linux"))]
mod in_folder {
    pub(super) fn open(_: &std::path::Path) -> Option<std::fs::File> {
        None
    }
}

/// At most `limit` bytes from `reader` (`expected` sizes the buffer).
pub fn read_from(mut reader: impl Read, expected: u64, limit: &Limit) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    // A small file (a story of an archive) that gives its stated size at
    // once, with room left for more, has been read whole: one call, not a
    // second one to find its end. (Zeroing the buffer costs nothing at this
    // size; a large file is read into spare capacity.)
    if expected > 0 && expected <= SMALL && expected <= limit.bytes {
        bytes.resize(expected as usize + 1, 0);
        let first = loop {
            match reader.read(&mut bytes) {
                Ok(n) => break n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(cannot_read(err)),
            }
        };
        bytes.truncate(first);
        if first as u64 == expected {
            return Ok(bytes);
        }
    } else {
        bytes.reserve_exact(expected.min(limit.bytes) as usize);
    }
    let so_far = bytes.len() as u64;
    reader
        .take(limit.bytes.saturating_add(1).saturating_sub(so_far))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(limit.too_large());
    }
    Ok(bytes)
}

/// What `read_from` reads in one call when the size is known.
const SMALL: u64 = 64 * 1024;

/// The text of the regular file at `path`, which must be UTF-8.
pub fn read_to_string(path: &Path, limit: &Limit) -> Result<String, String> {
    decode(read(path, limit)?)
}

/// `bytes` as UTF-8 text; UTF-16 (with or without a byte-order mark) is
/// named rather than taken for text with NULs in it.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if looks_utf16(&bytes) {
        return Err(String::from("UTF-16, not UTF-8; convert it; skipped"));
    }
    String::from_utf8(bytes).map_err(|err| not_utf8(err.utf8_error().valid_up_to()))
}

pub fn not_utf8(offset: usize) -> String {
    format!("not valid UTF-8 (invalid byte at offset {offset}); skipped")
}

/// A byte-order mark, or (without one) NUL in at least a quarter of the even
/// or of the odd positions of the first 4 KB: the high bytes of Latin text
/// in UTF-16. Text in UTF-8 has no NULs.
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Text without a NUL, nearly every story, is settled by one search.
    if sample.is_empty() || memchr::memchr(0, sample).is_none() {
        return false;
    }
    let pairs = sample.len() / 2;
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    even.max(odd) * 4 >= pairs && even.min(odd) * 4 < pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("copydesk-read-file-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn timed<T>(work: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = work();
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        out
    }

    #[test]
    fn devices_fifos_and_folders_are_refused_by_kind_at_once() {
        let limit = Limits::default().story;
        let err = timed(|| read(Path::new("/dev/zero"), &limit)).unwrap_err();
        assert_eq!(err, "a device, not a regular file; skipped");
        let dir = scratch("kinds");
        let err = read(&dir, &limit).unwrap_err();
        assert!(err.starts_with("a folder, not a regular file"), "{err}");
        let fifo = dir.join("pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = timed(|| read(&fifo, &limit)).unwrap_err();
            assert!(
                err.starts_with("a FIFO (named pipe), not a regular file"),
                "{err}"
            );
        } else {
            eprintln!("note: no mkfifo here; the FIFO case is not tested");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reading_in_a_folder_gives_what_reading_the_path_gives() {
        let limit = Limits::default().story;
        let dir = scratch("in-folder");
        for folder in ["a", "b"] {
            fs::create_dir_all(dir.join(folder).join("sub")).unwrap();
            fs::write(dir.join(folder).join("s.txt"), format!("story in {folder}")).unwrap();
        }
        let fifo = dir.join("a").join("pipe.txt");
        let _ = std::process::Command::new("mkfifo").arg(&fifo).status();
        let long = format!("{}.txt", "n".repeat(250));
        fs::write(dir.join("a").join(&long), "long name").unwrap();
        // Folders in turn and back, a missing file, a folder, a FIFO, a
        // name longer than the stack buffer, and a path with no folder.
        let paths = [
            dir.join("a/s.txt"),
            dir.join("b/s.txt"),
            dir.join("a/s.txt"),
            dir.join("a/missing.txt"),
            dir.join("a/sub"),
            fifo,
            dir.join("a").join(&long),
            dir.join("gone/s.txt"),
            dir.join("a//s.txt"),
            dir.join("a/./s.txt"),
            dir.join("a/sub/../s.txt"),
            dir.join("a/sub/"),
            dir.join("a/sub/."),
            dir.join("a/sub/.."),
            PathBuf::from("/etc/hostname"),
            PathBuf::from("src/../Cargo.toml"),
            PathBuf::from("Cargo.toml"),
        ];
        for path in &paths {
            let by_path = timed(|| read(path, &limit));
            assert_eq!(read_in_folder(path, &limit), by_path, "{}", path.display());
        }
        assert_eq!(
            read_in_folder(&dir.join("b/s.txt"), &limit).unwrap(),
            b"story in b"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn reading_in_a_folder_leaves_the_access_time_as_it_was() {
        let dir = scratch("atime");
        let path = dir.join("s.txt");
        fs::write(&path, "story").unwrap();
        // Read a day before the last write: a read now would set the access
        // time (the default `relatime` mount updates one older than the
        // modification time).
        let written = fs::metadata(&path).unwrap().modified().unwrap();
        let read_before = written - std::time::Duration::from_secs(86_400);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(
                fs::FileTimes::new()
                    .set_accessed(read_before)
                    .set_modified(written),
            )
            .unwrap();
        let limit = Limits::default().story;
        assert_eq!(read_in_folder(&path, &limit).unwrap(), b"story");
        assert_eq!(
            fs::metadata(&path).unwrap().accessed().unwrap(),
            read_before
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_over_the_limit_are_refused_with_the_limit_and_how_to_raise_it() {
        let dir = scratch("limit");
        let path = dir.join("big.toml");
        fs::write(&path, vec![b'a'; 2 * MIB as usize + 1]).unwrap();
        let limit = Limits::default().names.with_mib(Some(2));
        assert_eq!(
            read(&path, &limit).unwrap_err(),
            "larger than 2 MiB, the limit for a names file (`[limits] names` in copydesk.toml raises it, in MiB); skipped"
        );
        assert!(read(&path, &limit.with_mib(Some(3))).is_ok());
        // A stream longer than its stated size stops one byte past the limit.
        let limit = Limit {
            bytes: 10,
            ..CONFIG
        };
        assert!(read_from(std::io::repeat(b'x'), 0, &limit).is_err());
        assert_eq!(read_from(&b"0123456789"[..], 0, &limit).unwrap().len(), 10);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn utf16_is_named_with_or_without_a_byte_order_mark() {
        let utf16 = |bom: bool| {
            let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
            for unit in "The the talks, in Seoul.\n".encode_utf16() {
                bytes.extend(unit.to_le_bytes());
            }
            bytes
        };
        for bom in [true, false] {
            assert_eq!(
                decode(utf16(bom)).unwrap_err(),
                "UTF-16, not UTF-8; convert it; skipped"
            );
        }
        assert_eq!(decode("한국어 talks".into()).unwrap(), "한국어 talks");
        assert!(decode(vec![b'a', 0xFF]).unwrap_err().contains("offset 1"));
    }
}
