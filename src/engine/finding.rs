//! What a rule reports: a byte range, a message, and the fixes that repair it.

use std::fmt;
use std::ops::Range;

/// How loudly a finding speaks. Ordered: `Hint < Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "hint" => Severity::Hint,
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's configured level: a severity, or switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        if s == "off" {
            Some(Level::Off)
        } else {
            Severity::parse(s).map(Level::On)
        }
    }
}

/// One replacement of a byte range of the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit::new(range, "")
    }
}

/// A way to repair a finding. A *safe* fix is certain and may be applied
/// without a person looking (`copydesk check --fix`, "fix all"); the others
/// are offered one at a time for a copy editor to confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            safe: true,
            edits,
        }
    }

    pub fn suggestion(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            safe: false,
            edits,
        }
    }

    /// A single replacement of `range` by `replacement`.
    pub fn replace(range: Range<usize>, replacement: &str, safe: bool) -> Fix {
        let title = if replacement.is_empty() {
            "Delete".to_string()
        } else {
            format!("Replace with “{replacement}”")
        };
        Fix {
            title,
            safe,
            edits: vec![Edit::new(range, replacement)],
        }
    }
}

/// Another place in the text that explains a finding (the other spelling
/// of a name, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// A problem found in the text, located by byte offsets (end exclusive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn safe_fix(&self) -> Option<&Fix> {
        self.fixes.iter().find(|fix| fix.safe)
    }
}
