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
    /// the parser knows it, the key. Of a file that is not TOML at all only
    /// a key's name is shown, never a value (it may be a secret: a `.env`
    /// given as a names file), and no value longer than [`SHOWN_CHARS`] is
    /// shown whole.
    pub fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> FileError {
        let mut out = FileError::new(file, "");
        let is_toml = toml::from_str::<toml::Table>(source).is_ok();
        if let Some(span) = err.span() {
            out.line = Some(line_of(source, span.start));
            // The key's name only, never its value: a file that is not TOML
            // at all (a `.env` named as a names file) may hold secrets.
            if let Some(key) = key_at(source, span.clone()) {
                out.key = Some(match table_at(source, span.start) {
                    Some(table) => format!("{table}.{key}"),
                    None => key,
                });
            }
        }
        let first = err.message().lines().next().unwrap_or("");
        out.message = if is_toml {
            shorten_quoted(first)
        } else {
            format!("not valid TOML ({})", shorten_quoted(first))
        };
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

/// The longest value an error message shows whole.
pub const SHOWN_CHARS: usize = 20;

/// `value`, or its first characters and an ellipsis when it is long.
pub fn shorten(value: &str) -> std::borrow::Cow<'_, str> {
    if value.chars().count() <= SHOWN_CHARS {
        return value.into();
    }
    let head: String = value.chars().take(SHOWN_CHARS - 4).collect();
    format!("{head}… ({} characters)", value.chars().count()).into()
}

/// `message` with every quoted part (`…`, "…", “…”) longer than
/// [`SHOWN_CHARS`] shortened.
pub fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(256));
    let mut rest = message;
    while let Some((at, open)) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '`' | '"' | '“'))
    {
        let close = if open == '“' { '”' } else { open };
        let inner = &rest[at + open.len_utf8()..];
        let Some(len) = inner.find(close) else { break };
        out.push_str(&rest[..at]);
        out.push(open);
        out.push_str(&shorten(&inner[..len]));
        out.push(close);
        rest = &inner[len + close.len_utf8()..];
    }
    out.push_str(&shorten_tail(rest));
    out
}

/// An unquoted remainder is the parser's own words, but an unclosed quote
/// may run into a value.
fn shorten_tail(rest: &str) -> std::borrow::Cow<'_, str> {
    match rest.find(['`', '"', '“']) {
        Some(at) if rest.len() - at > SHOWN_CHARS => {
            let (head, quoted) = rest.split_at(at);
            format!("{head}{}", shorten(quoted)).into()
        }
        _ => rest.into(),
    }
}

/// The key an error at `span` is about: the span itself when it is a key,
/// else the key before `=` on its line.
fn key_at(source: &str, span: std::ops::Range<usize>) -> Option<String> {
    let is_key = |key: &str| {
        !key.is_empty()
            && key.len() <= 2 * SHOWN_CHARS
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '"' | ' '))
    };
    let start = span.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |at| at + 1);
    let before = &source[line_start..start];
    if let Some((key, _)) = before.split_once('=') {
        let key = key.trim().trim_matches('"');
        return is_key(key).then(|| key.to_string());
    }
    // The span itself, only where it is followed by `=` on its line: a bare
    // word on a line of its own may be a token.
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |at| start + at);
    let spanned = source.get(span.clone()).unwrap_or("");
    let assigned = spanned.contains('=')
        || source
            .get(span.end.min(line_end)..line_end)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
    let key = spanned.split(['=', '\n']).next().unwrap_or("").trim();
    (assigned && is_key(key) && !key.starts_with(['"', '['])).then(|| key.to_string())
}

/// The 1-based line of byte `offset` (lines as everywhere in copydesk).
pub fn line_of(source: &str, offset: usize) -> usize {
    crate::engine::lines::line_number(source, offset)
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

#[cfg(test)]
mod tests {
    use crate::names::person::parse;

    #[test]
    fn a_file_that_is_not_toml_has_nothing_of_it_echoed() {
        let token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        for text in [
            format!("GITHUB_TOKEN={token}\n"),
            format!("export GITHUB_TOKEN={token}\n"),
            format!("{token}\n"),
            format!("# deploy\nGITHUB_TOKEN=\"{token}\nX=1\n"),
        ] {
            let err = parse("desk/.env", &text).unwrap_err();
            let shown = err.to_string();
            assert!(!shown.contains("ghp_"), "{shown}");
            assert!(!shown.contains("0123456789"), "{shown}");
            assert!(shown.starts_with("desk/.env:"), "{shown}");
        }
    }

    #[test]
    fn long_values_are_shortened_but_file_line_and_key_are_named() {
        let huge = "x".repeat(50_000);
        let err = parse(
            "names.toml",
            &format!("[[person]]\nname = \"A B\"\nvariants = \"{huge}\"\n"),
        )
        .unwrap_err();
        let shown = err.to_string();
        assert!(shown.len() < 200, "{shown}");
        assert_eq!(
            (err.line, err.key.as_deref()),
            (Some(3), Some("variants")),
            "{shown}"
        );
        let digits = "1".repeat(50_000);
        let err = parse(
            "names.toml",
            &format!("[[person]]\nname = \"{huge}\"\nvariants = [\"{digits}\"]\n"),
        )
        .unwrap_err();
        assert!(err.to_string().len() < 200, "{err}");
        let err = parse(
            "names.toml",
            &format!("[[person]]\nname = \"A B\"\n[[person]]\nname = \"C D\"\nid = \"{huge}\"\n[[person]]\nname = \"E F\"\nid = \"{huge}\"\n"),
        )
        .unwrap_err();
        assert!(err.to_string().len() < 200, "{err}");
        let err = parse(
            "names.toml",
            "[[person]]\nname = \"A B\"\nGITHUB_TOKEN = \"ghp_0123456789abcdefghij\"\n",
        )
        .unwrap_err();
        assert!(!err.to_string().contains("ghp_0123456789"), "{err}");
        assert_eq!(err.key.as_deref(), Some("GITHUB_TOKEN"), "{err}");
    }

    #[test]
    fn config_values_in_messages_are_shortened() {
        let huge = "loud".repeat(10_000);
        let source = format!("[rules]\nmisspelling = \"{huge}\"\n[style]\nquotes = \"any\"\n");
        let raw: crate::config::RawConfig = toml::from_str(&source).unwrap();
        let err = crate::config::Config::compile(&raw, "copydesk.toml", &source, ".".as_ref())
            .unwrap_err();
        assert!(err.to_string().len() < 200, "{err}");
        assert_eq!(err.line, Some(2));
    }
}
