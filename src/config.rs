//! `copydesk.toml`: schema, discovery and loading. One schema for the CLI and
//! the server; the engine only ever sees the compiled `Settings`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::engine::calendar::Date;
use crate::engine::lexicon::{Lexicon, Source};
use crate::engine::titles::BUILTIN_TITLES;
use crate::engine::{HeadlineStyle, HouseSpelling, Level, QuoteStyle, Settings, Titles, rules};
use crate::error::{FileError, key_lines, shorten};
use crate::names::{NameIndex, Romanization};
use crate::read_file::{self, Limits};
use crate::suggest::{did_you_mean, nearest, unknown_rule};

pub const FILE_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// The tables of the file and the keys of each (`[rules]` holds rule ids).
const TABLES: [(&str, &[&str]); 7] = [
    ("rules", &[]),
    ("story", &["date"]),
    (
        "style",
        &["quotes", "romanization", "headlines", "spelling"],
    ),
    ("names", &["files", "titles"]),
    ("data", &["phrases", "accept"]),
    ("files", &["ignore"]),
    ("limits", &["story", "names", "data"]),
];
const DATE_EXPECTED: &str = "should be a date, such as 2016-10-24";
const LEVELS: [&str; 5] = ["error", "warning", "info", "hint", "off"];
const QUOTE_STYLES: [&str; 3] = ["any", "curly", "straight"];
const ROMANIZATIONS: [&str; 2] = ["ap", "yonhap"];
const HEADLINE_STYLES: [&str; 3] = ["any", "sentence", "title"];
const HOUSE_SPELLINGS: [&str; 4] = ["american", "british", "british-ize", "any"];

/// The file as written. Every table and key is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    #[serde(default)]
    pub style: RawStyle,
    #[serde(default)]
    pub story: RawStory,
    #[serde(default)]
    pub names: RawNames,
    #[serde(default)]
    pub data: RawData,
    #[serde(default)]
    pub files: RawFiles,
    #[serde(default)]
    pub limits: RawLimits,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStyle {
    pub quotes: Option<String>,
    pub romanization: Option<String>,
    /// "sentence" | "title" | "any" (not checked).
    pub headlines: Option<String>,
    /// "american" (the default) | "british" | "british-ize" | "any".
    pub spelling: Option<String>,
}

/// What holds for every story under this configuration.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStory {
    /// The story's date when the text gives none ("2016-10-24").
    pub date: Option<toml::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNames {
    /// The newsroom's own people, same format as `data/officials.toml`.
    #[serde(default)]
    pub files: Vec<String>,
    /// More formal titles, same format as `data/titles.toml`.
    #[serde(default)]
    pub titles: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawData {
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub accept: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFiles {
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// Size limits of the files copydesk reads, in MiB (see `read_file.rs`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimits {
    pub story: Option<u64>,
    pub names: Option<u64>,
    /// Phrase files, accept lists and titles files.
    pub data: Option<u64>,
}

/// A loaded, validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    /// Relative paths in the file are resolved against this folder.
    pub base_dir: PathBuf,
    pub settings: Settings,
    /// The newsroom's names files (`[names] files`), resolved; the first is
    /// where "add to the newsroom's names file" writes.
    pub names_files: Vec<PathBuf>,
    /// Gitignore-style globs, relative to `base_dir`.
    pub ignore: Vec<String>,
    /// The accept lists it read (`[data] accept`), resolved: plain text, so
    /// an editor watching `*.toml` does not see them change.
    pub accept_files: Vec<PathBuf>,
    /// How large a story, names or data file may be.
    pub limits: Limits,
    /// Every file it read besides `path` (phrase lists, accept lists, names
    /// and titles files), resolved: what `freshness` watches.
    pub sources: Vec<PathBuf>,
}

impl Config {
    pub fn defaults(base_dir: &Path) -> Config {
        Config {
            path: None,
            base_dir: base_dir.to_path_buf(),
            settings: Settings::default(),
            names_files: Vec::new(),
            ignore: Vec::new(),
            accept_files: Vec::new(),
            limits: Limits::default(),
            sources: Vec::new(),
        }
    }

    /// The nearest `copydesk.toml` (else `.copydesk.toml`) from `dir` upwards.
    pub fn find_file(dir: &Path) -> Option<PathBuf> {
        // Walk up from the absolute folder: `Path::new(".").ancestors()` is
        // just ".", which would never reach a parent's copydesk.toml.
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        dir.ancestors().find_map(|d| {
            FILE_NAMES
                .iter()
                .map(|name| d.join(name))
                .find(|p| p.is_file())
        })
    }

    /// The configuration in force for documents in `dir`.
    pub fn discover(dir: &Path) -> Result<Config, FileError> {
        match Config::find_file(dir) {
            Some(path) => Config::load(&path),
            None => Ok(Config::defaults(dir)),
        }
    }

    /// The configuration for documents in `dir` as the server sees it: the
    /// discovered file (if any), overridden key by key by the client's
    /// settings (`overrides`, a JSON tree of the same schema).
    /// The client's `date` (the story's date, beating what the text says)
    /// is no key of the file: it is taken out before the rest is merged.
    pub fn resolve(dir: &Path, overrides: Option<&serde_json::Value>) -> Result<Config, FileError> {
        let mut overrides = overrides.cloned();
        let given = overrides
            .as_mut()
            .and_then(serde_json::Value::as_object_mut)
            .and_then(|settings| settings.remove("date"))
            .filter(|value| !value.is_null());
        let given = match given {
            None => None,
            Some(value) => Some(
                value
                    .as_str()
                    .and_then(|s| Date::parse_iso(s.trim()))
                    .ok_or_else(|| {
                        FileError::new("client settings (copydesk)", DATE_EXPECTED).with_key("date")
                    })?,
            ),
        };
        let mut config = Config::resolve_file(dir, overrides.as_ref())?;
        config.settings.date = given;
        Ok(config)
    }

    fn resolve_file(
        dir: &Path,
        overrides: Option<&serde_json::Value>,
    ) -> Result<Config, FileError> {
        let Some(overrides) = overrides.filter(|o| o.as_object().is_some_and(|m| !m.is_empty()))
        else {
            return Config::discover(dir);
        };
        let path = Config::find_file(dir);
        let (name, text) = match &path {
            Some(path) => {
                let name = path.display().to_string();
                let text = read_file::read_to_string(path, &read_file::CONFIG)
                    .map_err(|e| FileError::new(&name, e))?;
                (name, text)
            }
            None => (String::from("client settings (copydesk)"), String::new()),
        };
        let mut table: toml::Table =
            toml::from_str(&text).map_err(|e| FileError::from_toml(&name, &text, &e))?;
        // The file's own mistakes are named as the file's, before any merging.
        check_shape(&table, &name, &key_lines(&text))?;
        let overrides = toml::Value::try_from(without_nulls(overrides.clone()))
            .map_err(|e| FileError::new("client settings (copydesk)", e.to_string()))?;
        if let toml::Value::Table(overrides) = overrides {
            merge(&mut table, overrides);
        }
        let raw = from_table(
            table,
            &format!("{name} with client settings"),
            &HashMap::new(),
        )?;
        let base_dir = path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(dir)
            .to_path_buf();
        let mut config = Config::compile(&raw, &name, &text, &base_dir)?;
        config.path = path;
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Config, FileError> {
        let name = path.display().to_string();
        let text = read_file::read_to_string(path, &read_file::CONFIG)
            .map_err(|e| FileError::new(&name, e))?;
        let raw = parse(&name, &text)?;
        let base_dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut config = Config::compile(&raw, &name, &text, &base_dir)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Validates `raw` (read from `name`, whose text is `source`, for error
    /// lines) and loads the files it names.
    pub fn compile(
        raw: &RawConfig,
        name: &str,
        source: &str,
        base_dir: &Path,
    ) -> Result<Config, FileError> {
        let lines = key_lines(source);
        let error_at = |table: &str, key: &str, message: String| {
            key_error(name, &lines, &format!("{table}.{key}"), message)
        };
        let mut settings = Settings::default();
        for (id, level) in &raw.rules {
            if rules::find(id).is_none() {
                return Err(error_at("rules", id, unknown_rule(id)));
            }
            let level = Level::parse(level)
                .ok_or_else(|| error_at("rules", id, one_of(Some(level), &LEVELS)))?;
            settings.levels.insert(id.clone(), level);
        }
        settings.quotes = match raw.style.quotes.as_deref() {
            None | Some("any") => QuoteStyle::Any,
            Some("curly") => QuoteStyle::Curly,
            Some("straight") => QuoteStyle::Straight,
            other => return Err(error_at("style", "quotes", one_of(other, &QUOTE_STYLES))),
        };
        settings.romanization = match raw.style.romanization.as_deref() {
            None | Some("ap") => Romanization::Ap,
            Some("yonhap") => Romanization::Yonhap,
            other => {
                return Err(error_at(
                    "style",
                    "romanization",
                    one_of(other, &ROMANIZATIONS),
                ));
            }
        };
        settings.headlines = match raw.style.headlines.as_deref() {
            None | Some("any") => HeadlineStyle::Any,
            Some("sentence") => HeadlineStyle::Sentence,
            Some("title") => HeadlineStyle::Title,
            other => {
                return Err(error_at(
                    "style",
                    "headlines",
                    one_of(other, &HEADLINE_STYLES),
                ));
            }
        };
        settings.spelling = match raw.style.spelling.as_deref() {
            None | Some("american") => HouseSpelling::American,
            Some("british") => HouseSpelling::British,
            Some("british-ize") => HouseSpelling::BritishIze,
            Some("any") => HouseSpelling::Any,
            other => {
                return Err(error_at(
                    "style",
                    "spelling",
                    one_of(other, &HOUSE_SPELLINGS),
                ));
            }
        };
        if let Some(date) = &raw.story.date {
            settings.default_date = Some(
                parse_date(date)
                    .ok_or_else(|| error_at("story", "date", DATE_EXPECTED.to_string()))?,
            );
        }
        let defaults = Limits::default();
        let limits = Limits {
            story: defaults.story.with_mib(raw.limits.story),
            names: defaults.names.with_mib(raw.limits.names),
            data: defaults.data.with_mib(raw.limits.data),
        };
        // Each listed file, read relative to the config's folder: (name, text).
        let read_all = |table: &str,
                        key: &str,
                        files: &[String]|
         -> Result<Vec<(String, String)>, FileError> {
            let limit = if table == "names" && key == "files" {
                &limits.names
            } else {
                &limits.data
            };
            files
                .iter()
                .map(|relative| {
                    let path = base_dir.join(relative);
                    read_file::read_to_string(&path, limit)
                        .map(|text| (path.display().to_string(), text))
                        .map_err(|e| error_at(table, key, format!("`{}`: {e}", path.display())))
                })
                .collect()
        };
        if !raw.data.phrases.is_empty() {
            let files = read_all("data", "phrases", &raw.data.phrases)?;
            let sources: Vec<Source<'_>> = files
                .iter()
                .map(|(name, text)| Source { name, text })
                .collect();
            settings.lexicon = Arc::new(Lexicon::with_phrases(&sources)?);
        }
        // A word list that does not exist yet is an empty one: the editor's
        // "Add to the newsroom's word list" creates it with its first word.
        let accept_lists: Vec<String> = raw
            .data
            .accept
            .iter()
            .filter(|file| base_dir.join(file).symlink_metadata().is_ok())
            .cloned()
            .collect();
        settings.accept = read_all("data", "accept", &accept_lists)?
            .iter()
            .flat_map(|(_, text)| parse_accept_list(text))
            .collect();
        if !raw.names.files.is_empty() {
            settings.names = Arc::new(NameIndex::with_files(read_all(
                "names",
                "files",
                &raw.names.files,
            )?)?);
        }
        if !raw.names.titles.is_empty() {
            let files = read_all("names", "titles", &raw.names.titles)?;
            let mut all: Vec<(&str, &str)> = vec![("data/titles.toml", BUILTIN_TITLES)];
            all.extend(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
            settings.titles = Arc::new(Titles::parse(&all)?);
        }
        Ok(Config {
            path: None,
            base_dir: base_dir.to_path_buf(),
            settings,
            names_files: raw.names.files.iter().map(|f| base_dir.join(f)).collect(),
            ignore: raw.files.ignore.clone(),
            accept_files: raw.data.accept.iter().map(|f| base_dir.join(f)).collect(),
            limits,
            sources: [
                &raw.data.phrases,
                &raw.data.accept,
                &raw.names.files,
                &raw.names.titles,
            ]
            .into_iter()
            .flatten()
            .map(|f| base_dir.join(f))
            .collect(),
        })
    }
}

/// Reads the text of a configuration file: its TOML, then its shape.
fn parse(name: &str, source: &str) -> Result<RawConfig, FileError> {
    let table: toml::Table =
        toml::from_str(source).map_err(|e| FileError::from_toml(name, source, &e))?;
    from_table(table, name, &key_lines(source))
}

/// The schema read from a TOML table whose shape is checked first, so that a
/// mistake is named by its dotted key in plain words rather than by serde.
fn from_table(
    table: toml::Table,
    name: &str,
    lines: &HashMap<String, usize>,
) -> Result<RawConfig, FileError> {
    check_shape(&table, name, lines)?;
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| FileError::new(name, e.message()))
}

/// An error at the dotted `key` of file `name`, on its line if known.
fn key_error(name: &str, lines: &HashMap<String, usize>, key: &str, message: String) -> FileError {
    let err = FileError::new(name, message).with_key(key);
    match lines.get(key) {
        Some(&line) => err.at_line(line),
        None => err,
    }
}

/// `should be one of "a", "b"` for a setting with a fixed set of values; with
/// the value `given`, also what was written and the nearest choice.
fn one_of(given: Option<&str>, choices: &[&str]) -> String {
    let list: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    let mut message = format!("should be one of {}", list.join(", "));
    if let Some(given) = given {
        message.push_str(&format!(", not \"{}\"", shorten(given)));
        message.push_str(&did_you_mean(given, choices.iter().copied()));
    }
    message
}

/// Every table and key known and of the right type; rule ids and the values
/// of settings are checked by `Config::compile`.
fn check_shape(
    table: &toml::Table,
    name: &str,
    lines: &HashMap<String, usize>,
) -> Result<(), FileError> {
    let error = |key: &str, message: String| key_error(name, lines, key, message);
    for (table_name, value) in table {
        let Some((_, keys)) = TABLES.iter().find(|(t, _)| t == table_name) else {
            // A key written above its table (`quotes = …`) is suggested in it.
            let hint = match TABLES
                .iter()
                .find(|(_, keys)| keys.contains(&table_name.as_str()))
            {
                Some((t, _)) => format!("; did you mean `{t}.{table_name}`?"),
                None => did_you_mean(table_name, TABLES.iter().map(|(t, _)| *t)),
            };
            return Err(error(
                table_name,
                format!(
                    "not a copydesk setting (the tables are [rules], [style], [story], [names], [data], [files] and [limits]){hint}"
                ),
            ));
        };
        let toml::Value::Table(entries) = value else {
            return Err(error(
                table_name,
                format!("should be a table: `[{table_name}]` on a line of its own, then its keys"),
            ));
        };
        for (key, value) in entries {
            let dotted = format!("{table_name}.{key}");
            if *table_name != "rules" && !keys.contains(&key.as_str()) {
                let hint = nearest(key, keys.iter().copied()).map_or_else(String::new, |k| {
                    format!("; did you mean `{table_name}.{k}`?")
                });
                let known: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                return Err(error(
                    &dotted,
                    format!(
                        "not a setting of [{table_name}], which has {}{hint}",
                        and_list(&known)
                    ),
                ));
            }
            let (right, expected) = match (table_name.as_str(), key.as_str()) {
                ("rules", _) => (value.is_str(), one_of(None, &LEVELS)),
                ("style", "quotes") => (value.is_str(), one_of(None, &QUOTE_STYLES)),
                ("style", "romanization") => (value.is_str(), one_of(None, &ROMANIZATIONS)),
                ("style", "headlines") => (value.is_str(), one_of(None, &HEADLINE_STYLES)),
                ("style", "spelling") => (value.is_str(), one_of(None, &HOUSE_SPELLINGS)),
                ("story", "date") => (
                    value.is_str() || value.is_datetime(),
                    DATE_EXPECTED.to_string(),
                ),
                ("limits", _) => (
                    value.as_integer().is_some_and(|n| n > 0),
                    "should be a whole number of MiB, such as 64".to_string(),
                ),
                (_, key) => {
                    let list = value
                        .as_array()
                        .is_some_and(|items| items.iter().all(toml::Value::is_str));
                    let what = if key == "ignore" {
                        "should be a list of patterns, such as [\"archive/**\"]"
                    } else {
                        "should be a list of file names, such as [\"desk/names.toml\"]"
                    };
                    (list, what.to_string())
                }
            };
            if !right {
                return Err(error(&dotted, expected));
            }
        }
    }
    Ok(())
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A date written as a TOML date (`2016-10-24`) or a string ("2016-10-24").
pub fn parse_date(value: &toml::Value) -> Option<Date> {
    match value {
        toml::Value::String(s) => Date::parse_iso(s.trim()),
        toml::Value::Datetime(d) => Date::parse_iso(&d.to_string()),
        _ => None,
    }
}

/// `overrides` laid over `base`, table by table and key by key.
fn merge(base: &mut toml::Table, overrides: toml::Table) {
    for (key, value) in overrides {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(over)) => merge(inner, over),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// JSON nulls have no TOML form; a null setting means "not set".
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// One word or phrase a line; `#` starts a comment. Folded to lower case
/// with whitespace collapsed, as the engine compares them.
pub fn parse_accept_list(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Severity;

    fn compile(source: &str) -> Result<Config, FileError> {
        let raw = parse("copydesk.toml", source)?;
        Config::compile(&raw, "copydesk.toml", source, Path::new("."))
    }

    #[test]
    fn rule_levels_and_styles_are_read() {
        let config = compile("[rules]\nrepeated-word = \"error\"\ncourtesy-title = \"hint\"\n\n[style]\nquotes = \"curly\"\n").unwrap();
        assert_eq!(
            config.settings.levels["repeated-word"],
            Level::On(Severity::Error)
        );
        assert_eq!(config.settings.quotes, QuoteStyle::Curly);
    }

    #[test]
    fn an_unknown_rule_names_file_line_and_key() {
        let err = compile("[style]\nquotes = \"any\"\n\n[rules]\nrepeated-wrod = \"error\"\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "copydesk.toml:5: key `rules.repeated-wrod`: no rule `repeated-wrod`; did you mean `repeated-word`?"
        );
        let err = compile("[rules]\nzzz = \"off\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "copydesk.toml:2: key `rules.zzz`: no rule `zzz` (`copydesk rules` lists them)"
        );
    }

    #[test]
    fn mistakes_are_named_by_dotted_key_in_plain_words() {
        let cases = [
            (
                "[rules]\nrepeated-word = \"warn\"\n",
                "copydesk.toml:2: key `rules.repeated-word`: should be one of \"error\", \"warning\", \"info\", \"hint\", \"off\", not \"warn\"; did you mean `warning`?",
            ),
            (
                "[rules]\nrepeated-word = 1\n",
                "copydesk.toml:2: key `rules.repeated-word`: should be one of \"error\", \"warning\", \"info\", \"hint\", \"off\"",
            ),
            (
                "[names]\nfiles = \"desk/names.toml\"\n",
                "copydesk.toml:2: key `names.files`: should be a list of file names, such as [\"desk/names.toml\"]",
            ),
            (
                "[files]\nignore = [1]\n",
                "copydesk.toml:2: key `files.ignore`: should be a list of patterns, such as [\"archive/**\"]",
            ),
            (
                "[style]\nquotes = \"curley\"\n",
                "copydesk.toml:2: key `style.quotes`: should be one of \"any\", \"curly\", \"straight\", not \"curley\"; did you mean `curly`?",
            ),
            (
                "\n[style]\nquote = \"curly\"\n",
                "copydesk.toml:3: key `style.quote`: not a setting of [style], which has `quotes`, `romanization`, `headlines` and `spelling`; did you mean `style.quotes`?",
            ),
            (
                "[rule]\nmisspelling = \"off\"\n",
                "copydesk.toml:1: key `rule`: not a copydesk setting (the tables are [rules], [style], [story], [names], [data], [files] and [limits]); did you mean `rules`?",
            ),
            (
                "quotes = \"curly\"\n",
                "copydesk.toml:1: key `quotes`: not a copydesk setting (the tables are [rules], [style], [story], [names], [data], [files] and [limits]); did you mean `style.quotes`?",
            ),
            (
                "style = \"curly\"\n",
                "copydesk.toml:1: key `style`: should be a table: `[style]` on a line of its own, then its keys",
            ),
        ];
        for (source, message) in cases {
            assert_eq!(
                compile(source).unwrap_err().to_string(),
                message,
                "{source}"
            );
        }
    }

    #[test]
    fn the_headline_style_is_read_and_checked() {
        assert_eq!(
            compile("[style]\nheadlines = \"title\"\n")
                .unwrap()
                .settings
                .headlines,
            HeadlineStyle::Title
        );
        assert_eq!(
            compile("[style]\nheadlines = \"sentence\"\n")
                .unwrap()
                .settings
                .headlines,
            HeadlineStyle::Sentence
        );
        assert_eq!(compile("").unwrap().settings.headlines, HeadlineStyle::Any);
        assert_eq!(
            compile("[style]\nheadlines = \"titel\"\n")
                .unwrap_err()
                .to_string(),
            "copydesk.toml:2: key `style.headlines`: should be one of \"any\", \"sentence\", \"title\", not \"titel\"; did you mean `title`?"
        );
        assert_eq!(
            compile("[style]\nheadlines = true\n")
                .unwrap_err()
                .to_string(),
            "copydesk.toml:2: key `style.headlines`: should be one of \"any\", \"sentence\", \"title\""
        );
        assert!(
            compile("[style]\nheadline = \"title\"\n")
                .unwrap_err()
                .to_string()
                .contains("did you mean `style.headlines`?")
        );
        // From the editor's settings, over a file that sets none.
        let dir = std::env::temp_dir().join(format!("copydesk-headlines-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("copydesk.toml"), "[style]\nquotes = \"curly\"\n").unwrap();
        let client = serde_json::json!({ "style": { "headlines": "sentence" } });
        let config = Config::resolve(&dir, Some(&client)).unwrap();
        assert_eq!(config.settings.headlines, HeadlineStyle::Sentence);
        assert_eq!(config.settings.quotes, QuoteStyle::Curly);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_house_spelling_is_read_and_checked() {
        let spelling = |source: &str| compile(source).unwrap().settings.spelling;
        assert_eq!(spelling(""), HouseSpelling::American);
        assert_eq!(
            spelling("[style]\nspelling = \"american\"\n"),
            HouseSpelling::American
        );
        assert_eq!(
            spelling("[style]\nspelling = \"british\"\n"),
            HouseSpelling::British
        );
        assert_eq!(
            spelling("[style]\nspelling = \"british-ize\"\n"),
            HouseSpelling::BritishIze
        );
        assert_eq!(
            spelling("[style]\nspelling = \"any\"\n"),
            HouseSpelling::Any
        );
        assert_eq!(
            compile("[style]\nspelling = \"british-ise\"\n")
                .unwrap_err()
                .to_string(),
            "copydesk.toml:2: key `style.spelling`: should be one of \"american\", \"british\", \"british-ize\", \"any\", not \"british-ise\"; did you mean `british-ize`?"
        );
        assert_eq!(
            compile("[style]\nspelling = 1\n").unwrap_err().to_string(),
            "copydesk.toml:2: key `style.spelling`: should be one of \"american\", \"british\", \"british-ize\", \"any\""
        );
        assert!(
            compile("[style]\nspeling = \"british\"\n")
                .unwrap_err()
                .to_string()
                .contains("did you mean `style.spelling`?")
        );
        // From the editor's settings, over a file that sets another.
        let dir = std::env::temp_dir().join(format!("copydesk-spelling-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("copydesk.toml"),
            "[style]\nspelling = \"british\"\n",
        )
        .unwrap();
        let config = Config::resolve(&dir, None).unwrap();
        assert_eq!(config.settings.spelling, HouseSpelling::British);
        let client = serde_json::json!({ "style": { "spelling": "british-ize" } });
        let config = Config::resolve(&dir, Some(&client)).unwrap();
        assert_eq!(config.settings.spelling, HouseSpelling::BritishIze);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_level_or_style_is_an_error() {
        let err = compile("[rules]\nmisspelling = \"loud\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().contains("not \"loud\""), "{err}");
        let err = compile("[style]\nquotes = \"fancy\"\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("style.quotes"));
    }

    #[test]
    fn an_unknown_table_or_broken_toml_names_the_line() {
        let err = compile("[rules]\nmisspelling = \"off\"\n[colours]\nx = 1\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let err = compile("[rules\n").unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        let err = compile("[rules]\nmisspelling = \"off\"\nmisspelling = \"hint\"\n").unwrap_err();
        assert_eq!(
            (err.line, err.key.as_deref()),
            (Some(3), Some("rules.misspelling")),
            "{err}"
        );
    }

    #[test]
    fn client_settings_override_the_file_key_by_key() {
        let dir = std::env::temp_dir().join(format!("copydesk-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("copydesk.toml"),
            "[rules]\nrepeated-word = \"error\"\ndate-format = \"off\"\n",
        )
        .unwrap();
        let overrides = serde_json::json!({"rules": {"date-format": "hint"}, "style": {"quotes": "curly", "romanization": null}});
        let config = Config::resolve(&dir, Some(&overrides)).unwrap();
        assert_eq!(
            config.settings.levels["repeated-word"],
            Level::On(Severity::Error)
        );
        assert_eq!(
            config.settings.levels["date-format"],
            Level::On(Severity::Hint)
        );
        assert_eq!(config.settings.quotes, QuoteStyle::Curly);
        let bad = serde_json::json!({"rules": {"date-format": "loud"}});
        assert!(
            Config::resolve(&dir, Some(&bad))
                .unwrap_err()
                .to_string()
                .contains("not \"loud\"")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_and_titles_files_extend_the_knowledge_base() {
        let dir =
            std::env::temp_dir().join(format!("copydesk-names-config-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("desk")).unwrap();
        std::fs::write(
            dir.join("desk/names.toml"),
            "[[person]]\nname = \"Park Jin\"\nvariants = [\"Pak Jin\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("desk/titles.toml"),
            "titles = [\"Chief Negotiator\"]\n",
        )
        .unwrap();
        let source = "[names]\nfiles = [\"desk/names.toml\"]\ntitles = [\"desk/titles.toml\"]\n[style]\nromanization = \"yonhap\"\n";
        let raw: RawConfig = toml::from_str(source).unwrap();
        let config = Config::compile(&raw, "copydesk.toml", source, &dir).unwrap();
        assert!(
            config
                .settings
                .names
                .people
                .iter()
                .any(|p| p.name == "Park Jin")
        );
        assert!(
            config
                .settings
                .names
                .people
                .iter()
                .any(|p| p.name == "Han Song Ryol")
        );
        assert_eq!(config.settings.romanization, Romanization::Yonhap);
        let missing = "[names]\nfiles = [\"desk/nope.toml\"]\n";
        let raw: RawConfig = toml::from_str(missing).unwrap();
        let err = Config::compile(&raw, "copydesk.toml", missing, &dir).unwrap_err();
        assert_eq!(
            (err.line, err.key.as_deref()),
            (Some(2), Some("names.files"))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_storys_date_from_the_file_and_from_the_client() {
        let date = |y, m, d| Date::new(y, m, d);
        for source in [
            "[story]\ndate = 2016-10-24\n",
            "[story]\ndate = \"2016-10-24\"\n",
        ] {
            let config = compile(source).unwrap();
            assert_eq!(config.settings.default_date, date(2016, 10, 24), "{source}");
            assert_eq!(config.settings.date, None);
        }
        let err = compile("[story]\ndate = \"Oct. 24\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "copydesk.toml:2: key `story.date`: should be a date, such as 2016-10-24"
        );
        let err = compile("[story]\ndat = 1\n").unwrap_err();
        assert!(
            err.to_string().contains("did you mean `story.date`?"),
            "{err}"
        );
        // [limits] is a table of the file, of whole numbers.
        assert_eq!(
            compile("[limits]\nstory = 128\n").unwrap().limits.story,
            Limits::default().story.with_mib(Some(128))
        );
        let err = compile("[limits]\nstory = \"big\"\n").unwrap_err();
        assert!(err.to_string().contains("whole number of MiB"), "{err}");

        // The client's `date` is the given date, not a key of the file.
        let dir = std::env::temp_dir().join(format!("copydesk-date-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("copydesk.toml"), "[story]\ndate = 2016-01-01\n").unwrap();
        let given = serde_json::json!({ "date": "2016-10-24", "rules": { "date-format": "hint" } });
        let config = Config::resolve(&dir, Some(&given)).unwrap();
        assert_eq!(config.settings.date, date(2016, 10, 24));
        assert_eq!(config.settings.default_date, date(2016, 1, 1));
        assert_eq!(
            config.settings.levels["date-format"],
            Level::On(Severity::Hint)
        );
        let only_date = serde_json::json!({ "date": "2017-01-02" });
        assert_eq!(
            Config::resolve(&dir, Some(&only_date))
                .unwrap()
                .settings
                .date,
            date(2017, 1, 2)
        );
        let bad = serde_json::json!({ "date": "tomorrow" });
        assert_eq!(
            Config::resolve(&dir, Some(&bad)).unwrap_err().to_string(),
            "client settings (copydesk): key `date`: should be a date, such as 2016-10-24"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_word_list_not_yet_written_is_empty_but_other_missing_files_are_errors() {
        let config = compile("[data]\naccept = [\"no-such-list.txt\"]\n").unwrap();
        assert!(config.settings.accept.is_empty());
        assert_eq!(config.accept_files, [Path::new("./no-such-list.txt")]);
        let err = compile("[names]\nfiles = [\"no-such-names.toml\"]\n").unwrap_err();
        assert!(err.to_string().contains("no-such-names.toml"), "{err}");
    }

    #[test]
    fn accept_lists_ignore_comments_and_blank_lines() {
        let entries: Vec<String> =
            parse_accept_list("# names\nWalla  Walla\n\nDeTrani # envoy\n").collect();
        assert_eq!(entries, ["walla walla", "detrani"]);
    }
}
