//! `copydesk.toml`: schema, discovery and loading. One schema for the CLI and
//! the server; the engine only ever sees the compiled `Settings`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::engine::lexicon::{Lexicon, Source};
use crate::engine::titles::BUILTIN_TITLES;
use crate::engine::{Level, QuoteStyle, Settings, Titles, rules};
use crate::error::{FileError, find_key_line, shorten};
use crate::names::{NameIndex, Romanization};
use crate::read_file::{self, Limits};

pub const FILE_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// The file as written. Every table and key is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    #[serde(default)]
    pub style: RawStyle,
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
    pub fn resolve(dir: &Path, overrides: Option<&serde_json::Value>) -> Result<Config, FileError> {
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
        let overrides = toml::Value::try_from(without_nulls(overrides.clone()))
            .map_err(|e| FileError::new("client settings (copydesk)", e.to_string()))?;
        if let toml::Value::Table(overrides) = overrides {
            merge(&mut table, overrides);
        }
        let raw: RawConfig =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    FileError::new(format!("{name} with client settings"), e.message())
                })?;
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
        let raw: RawConfig =
            toml::from_str(&text).map_err(|e| FileError::from_toml(&name, &text, &e))?;
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
        let error_at = |table: &str, key: &str, message: String| {
            let err = FileError::new(name, message).with_key(format!("{table}.{key}"));
            match find_key_line(source, table, key) {
                Some(line) => err.at_line(line),
                None => err,
            }
        };
        let mut settings = Settings::default();
        for (id, level) in &raw.rules {
            if rules::find(id).is_none() {
                return Err(error_at(
                    "rules",
                    id,
                    format!("unknown rule `{}` (see `copydesk rules`)", shorten(id)),
                ));
            }
            let level = Level::parse(level).ok_or_else(|| {
                error_at(
                    "rules",
                    id,
                    format!(
                        "`{}` is not a level: use error, warning, info, hint or off",
                        shorten(level)
                    ),
                )
            })?;
            settings.levels.insert(id.clone(), level);
        }
        settings.quotes = match raw.style.quotes.as_deref() {
            None | Some("any") => QuoteStyle::Any,
            Some("curly") => QuoteStyle::Curly,
            Some("straight") => QuoteStyle::Straight,
            Some(other) => {
                return Err(error_at(
                    "style",
                    "quotes",
                    format!(
                        "`{}` is not a quote style: use any, curly or straight",
                        shorten(other)
                    ),
                ));
            }
        };
        settings.romanization = match raw.style.romanization.as_deref() {
            None | Some("ap") => Romanization::Ap,
            Some("yonhap") => Romanization::Yonhap,
            Some(other) => {
                return Err(error_at(
                    "style",
                    "romanization",
                    format!(
                        "`{}` is not a romanization: use ap or yonhap",
                        shorten(other)
                    ),
                ));
            }
        };
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
        settings.accept = read_all("data", "accept", &raw.data.accept)?
            .iter()
            .flat_map(|(_, text)| parse_accept_list(text))
            .collect();
        if !raw.names.files.is_empty() {
            settings.names = Arc::new(NameIndex::with_files(&read_all(
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
        })
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
        let raw: RawConfig = toml::from_str(source)
            .map_err(|e| FileError::from_toml("copydesk.toml", source, &e))?;
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
            "copydesk.toml:5: key `rules.repeated-wrod`: unknown rule `repeated-wrod` (see `copydesk rules`)"
        );
    }

    #[test]
    fn a_bad_level_or_style_is_an_error() {
        let err = compile("[rules]\nmisspelling = \"loud\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().contains("`loud` is not a level"));
        let err = compile("[style]\nquotes = \"fancy\"\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("style.quotes"));
    }

    #[test]
    fn an_unknown_table_or_broken_toml_names_the_line() {
        let err = compile("[rules]\nmisspelling = \"off\"\n[colours]\nx = 1\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let err = compile("[rules\n").unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
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
                .contains("`loud` is not a level")
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
    fn accept_lists_ignore_comments_and_blank_lines() {
        let entries: Vec<String> =
            parse_accept_list("# names\nWalla  Walla\n\nDeTrani # envoy\n").collect();
        assert_eq!(entries, ["walla walla", "detrani"]);
    }
}
