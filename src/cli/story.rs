//! Reading a story from disk, into memory: a story is never mapped, so a
//! file truncated or rewritten while it is checked cannot fault the process;
//! at worst that story's text is the one read.

use std::borrow::Cow;
use std::path::Path;

use crate::read_file::{self, Limit};

/// A story's text, checked to be UTF-8 when it was read.
pub enum StoryText {
    Owned(String),
}

impl StoryText {
    pub fn as_str(&self) -> Cow<'_, str> {
        match self {
            StoryText::Owned(text) => Cow::Borrowed(text),
        }
    }

    pub fn into_string(self) -> String {
        match self {
            StoryText::Owned(text) => text,
        }
    }
}

/// Why a story could not be read: the message names no file (the caller does).
pub fn read(path: &Path, limit: &Limit) -> Result<StoryText, String> {
    read_file::read_in_folder(path, limit)
        .and_then(read_file::decode)
        .map(StoryText::Owned)
}
