//! The two kinds of story copydesk reads.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    #[default]
    Plain,
    Markdown,
}

impl Format {
    /// `.md` and `.markdown` are Markdown; everything else is plain text.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Format::Markdown
            }
            _ => Format::Plain,
        }
    }

    /// From an LSP language id; unknown ids are plain text.
    pub fn from_language_id(id: &str) -> Format {
        match id {
            "markdown" | "md" => Format::Markdown,
            _ => Format::Plain,
        }
    }
}
