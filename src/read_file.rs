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
    let file = match open(path) {
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
