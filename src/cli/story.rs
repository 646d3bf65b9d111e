//! Reading a story from disk. A large story is mapped into memory instead of
//! copied: reading eight megabytes costs more in page faults on the fresh
//! buffer than checking a tenth of them.

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

/// Below this size a copy is as cheap as a mapping.
const MAP_FROM_BYTES: u64 = 1 << 20;

/// A story's text, checked to be UTF-8 when it was read.
pub enum StoryText {
    Owned(String),
    Mapped(memmap2::Mmap),
}

impl StoryText {
    /// The text. A mapped story was checked when it was read; only a file
    /// rewritten on disk while copydesk reads it could fail the check again,
    /// and then its bytes are shown with replacement characters rather than
    /// stopping the run.
    pub fn as_str(&self) -> Cow<'_, str> {
        match self {
            StoryText::Owned(text) => Cow::Borrowed(text),
            // `from_utf8` first: its ASCII path is several times faster
            // than the lossy conversion's.
            StoryText::Mapped(map) => match std::str::from_utf8(map) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(map),
            },
        }
    }

    pub fn into_string(self) -> String {
        match self {
            StoryText::Owned(text) => text,
            StoryText::Mapped(_) => self.as_str().into_owned(),
        }
    }
}

/// Why a story could not be read: the message names no file (the caller does).
pub fn read(path: &Path) -> Result<StoryText, String> {
    let cannot_read = |err: std::io::Error| format!("cannot read: {err}");
    let mut file = File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    if size >= MAP_FROM_BYTES {
        // SAFETY: the mapping is only read, never written through. It lives
        // until the run's output is rendered; another process truncating or
        // rewriting the file in that time could fault a read or change text
        // we treat as fixed (as with any tool that maps files, such as
        // ripgrep). Positions are computed defensively (see `line_index.rs`)
        // and `--fix` never works on a mapping.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return match std::str::from_utf8(&map) {
                Ok(_) => Ok(StoryText::Mapped(map)),
                Err(err) => Err(not_utf8(err.valid_up_to())),
            };
        }
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
    String::from_utf8(bytes)
        .map(StoryText::Owned)
        .map_err(|err| not_utf8(err.utf8_error().valid_up_to()))
}

pub fn not_utf8(offset: usize) -> String {
    format!("not valid UTF-8 (invalid byte at offset {offset}); skipped")
}
