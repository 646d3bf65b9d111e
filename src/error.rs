//! Errors in files a user wrote (config, names, phrase lists): they always say
//! which file, which line and which key, so the fix is one glance away.

use std::collections::HashMap;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl FileError {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> FileError {
        FileError {
            file: file.into(),
            line: None,
            key: None,
            message: message.into(),
        }
    }

    pub fn at_line(mut self, line: usize) -> FileError {
        self.line = Some(line);
        self
    }

    pub fn with_key(mut self, key: impl Into<String>) -> FileError {
        self.key = Some(key.into());
        self
    }

    /// Turns a TOML parse or schema error into one naming the line and, where
    /// the parser knows it, the key.
    pub fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> FileError {
        let mut message = err.message().to_string();
        let mut out = FileError::new(file, "");
        if let Some(span) = err.span() {
            out.line = Some(line_of(source, span.start));
            let key = source[span.clone()].trim();
            let key = key.split(['=', '\n']).next().unwrap_or("").trim();
            if !key.is_empty() && key.len() < 60 && !key.starts_with(['[', '"', '{']) {
                out.key = Some(match table_at(source, span.start) {
                    Some(table) => format!("{table}.{key}"),
                    None => key.to_string(),
                });
            }
        }
        if let Some(first) = message.lines().next() {
            message = first.to_string();
        }
        out.message = message;
        out
    }
}

/// The `[table]` whose keys are written at `offset`, for naming a key by its
/// full dotted name when the file does not parse; none at the top or inside
/// an array of tables.
fn table_at(source: &str, offset: usize) -> Option<&str> {
    let before = &source[..offset.min(source.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let header = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))?;
    let name = header.strip_prefix('[')?.split(']').next()?.trim();
    (!name.is_empty() && !name.starts_with('[')).then_some(name)
}

/// 1-based line number of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The 1-based line of every table and key of a TOML file, two levels deep,
/// by dotted key (`rules`, `rules.repeated-word`), from the parser's spans.
/// Empty when the text does not parse (the parse error says where).
pub fn key_lines(source: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let Ok(document) = toml::de::DeTable::parse(source) else {
        return lines;
    };
    for (table, value) in document.get_ref() {
        lines.insert(
            table.get_ref().to_string(),
            line_of(source, table.span().start),
        );
        if let toml::de::DeValue::Table(keys) = value.get_ref() {
            for (key, _) in keys {
                lines.insert(
                    format!("{}.{}", table.get_ref(), key.get_ref()),
                    line_of(source, key.span().start),
                );
            }
        }
    }
    lines
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for FileError {}
