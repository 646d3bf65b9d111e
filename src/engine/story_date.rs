//! The story's date: the day a story speaks from, which the date rules read
//! a "Monday" or an "Oct. 24" against. Found, in this order:
//!
//! 1. given by the user: `--date`, or the editor's `date` setting
//!    (`Settings::date`), which beats anything in the text;
//! 2. Markdown front matter: `date: 2016-10-24` (`date = …` in `+++`);
//! 3. a dateline or a "Posted"/"Updated" line near the top:
//!    "SEOUL, Oct. 24, 2016 (Yonhap) —", "Posted : 2016-10-24 16:55:42",
//!    "Posted October. 24, 2016 07:19" — a dateline first, then "Posted",
//!    then "Updated" (an update may be days later). A dateline without a
//!    year ("SEOUL, Oct. 24 (Yonhap) —") takes the year that puts it
//!    nearest the configured date, and counts only with one;
//! 4. the configuration: `[story] date` (`Settings::default_date`).
//!
//! None of them: no story date, and the rules that need one stay quiet.

use std::ops::Range;

use super::calendar::{
    Date, WrittenDate, month_of, weekday_name, written_date_around, written_date_at,
};
use super::format::Format;
use super::lines::line_ranges;
use super::settings::Settings;

/// Where the story's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--date` or the editor's setting.
    Given,
    FrontMatter,
    Dateline,
    Posted,
    Updated,
    /// `[story] date` in `copydesk.toml`.
    Config,
}

impl Source {
    /// How a person would name it: "the “Posted” line".
    pub fn describe(self) -> &'static str {
        match self {
            Source::Given => "the date given to copydesk",
            Source::FrontMatter => "the front matter’s `date`",
            Source::Dateline => "the dateline",
            Source::Posted => "the “Posted” line",
            Source::Updated => "the “Updated” line",
            Source::Config => "`[story] date` in copydesk.toml",
        }
    }

    /// A stable name for machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Given => "given",
            Source::FrontMatter => "front-matter",
            Source::Dateline => "dateline",
            Source::Posted => "posted",
            Source::Updated => "updated",
            Source::Config => "config",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryDate {
    pub date: Date,
    pub source: Source,
    /// Where the text says it (front matter, dateline or "Posted" line).
    pub range: Option<Range<usize>>,
}

/// How far into a story its date may stand: lines, and bytes.
const TOP_LINES: usize = 16;
const TOP_BYTES: usize = 4096;

/// The story's date (see the module comment).
pub fn story_date(text: &str, format: Format, settings: &Settings) -> Option<StoryDate> {
    if let Some(date) = settings.date {
        return Some(StoryDate {
            date,
            source: Source::Given,
            range: None,
        });
    }
    let (front, body_start) = if format == Format::Markdown {
        front_matter(text)
    } else {
        (None, 0)
    };
    front
        .or_else(|| from_top(text, body_start, settings.default_date))
        .or_else(|| {
            settings.default_date.map(|date| StoryDate {
                date,
                source: Source::Config,
                range: None,
            })
        })
}

/// What a hover over a written date shows — the day it names, with its
/// weekday, and the story's date with where it came from — and the
/// date's range; `None` when `at` is in no date.
pub fn date_card(
    text: &str,
    at: usize,
    format: Format,
    settings: &Settings,
) -> Option<(Range<usize>, String)> {
    let written = written_date_around(text, at)?;
    let dated = story_date(text, format, settings);
    let story = match &dated {
        Some(d) => format!(
            "The story's date: {} (from {}).",
            d.date,
            d.source.describe()
        ),
        None => "The story has no date: give one with `--date`, the editor's `date` setting, \
front matter, a dateline or “Posted” line, or `[story] date`."
            .to_string(),
    };
    let day = match written.resolve(dated.as_ref().map(|d| d.date)) {
        Some(day) => format!("**{}, {day}**", weekday_name(day.weekday())),
        None => "**A date without a year**".to_string(),
    };
    Some((written.range, format!("{day}\n\n{story}")))
}

/// The `date` of front matter, and where the body starts.
fn front_matter(text: &str) -> (Option<StoryDate>, usize) {
    let mut lines = line_ranges(text);
    let Some(first) = lines.next() else {
        return (None, 0);
    };
    let marker = &text[first.clone()];
    if !matches!(marker, "---" | "+++") {
        return (None, 0);
    }
    let separator = if marker == "---" { ':' } else { '=' };
    let mut found = None;
    for line in lines {
        let content = &text[line.clone()];
        if content == marker || (marker == "---" && content == "...") {
            return (found, line.end);
        }
        let Some((key, value)) = content.split_once(separator) else {
            continue;
        };
        if found.is_none() && key.trim() == "date" {
            let value = value.trim().trim_matches(['"', '\'']);
            let at = line.start + content.find(value).unwrap_or(0);
            found = Date::parse_iso(value).map(|date| StoryDate {
                date,
                source: Source::FrontMatter,
                range: Some(at..at + value.len().min(10)),
            });
        }
    }
    // Unclosed: not front matter.
    (None, 0)
}

/// A dateline, "Posted" or "Updated" line among the first lines.
fn from_top(text: &str, from: usize, anchor: Option<Date>) -> Option<StoryDate> {
    let mut best: Option<StoryDate> = None;
    let rank = |s: Source| {
        [Source::Dateline, Source::Posted, Source::Updated]
            .iter()
            .position(|&x| x == s)
    };
    for line in line_ranges(text)
        .skip_while(|l| l.start < from)
        .take_while(|l| l.start < from + TOP_BYTES)
        .filter(|l| !text[l.clone()].trim().is_empty())
        .take(TOP_LINES)
    {
        let found = posted(text, line.clone()).or_else(|| dateline(text, line, anchor));
        if let Some(found) = found {
            if best
                .as_ref()
                .is_none_or(|b| rank(found.source) < rank(b.source))
            {
                best = Some(found);
            }
        }
    }
    best
}

/// "Posted : 2016-10-24 16:55:42", "Updated October. 24, 2016 07:27",
/// "Posted on Oct. 24, 2016".
fn posted(text: &str, line: Range<usize>) -> Option<StoryDate> {
    let content = &text[line.clone()];
    let trimmed = content.trim_start();
    let lead = content.len() - trimmed.len();
    let (source, rest) = [("posted", Source::Posted), ("updated", Source::Updated)]
        .into_iter()
        .find_map(|(word, source)| {
            let head = trimmed.get(..word.len())?;
            head.eq_ignore_ascii_case(word)
                .then(|| (source, &trimmed[word.len()..]))
        })?;
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let after = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
    let after = after
        .strip_prefix("on ")
        .or_else(|| after.strip_prefix("at "))
        .unwrap_or(after)
        .trim_start();
    let at = line.start + lead + (trimmed.len() - after.len());
    if let Some(date) = Date::parse_iso(after) {
        return Some(StoryDate {
            date,
            source,
            range: Some(at..at + 10),
        });
    }
    let written = written_date_at(text, at)?;
    Some(StoryDate {
        date: written.resolve(None)?,
        source,
        range: Some(written.range),
    })
}

/// "SEOUL, Oct. 24, 2016 (Yonhap) —", "WASHINGTON, Oct. 24 (AP) --": a
/// place in capitals, a comma, a date, before a dash. Without a year, the
/// year nearest `anchor`.
fn dateline(text: &str, line: Range<usize>, anchor: Option<Date>) -> Option<StoryDate> {
    let content = &text[line.clone()];
    let place: usize = content
        .bytes()
        .take_while(|b| b.is_ascii_uppercase() || matches!(b, b' ' | b'.' | b'-' | b'\''))
        .count();
    let letters = content[..place]
        .bytes()
        .filter(u8::is_ascii_uppercase)
        .count();
    if letters < 3 || !content[place..].starts_with(',') {
        return None;
    }
    // The date is the first month after the place, before the dash.
    let dash = ["—", "–", "--", " - "]
        .iter()
        .filter_map(|d| content.find(d))
        .min()?;
    let date = (place..dash)
        .filter(|&i| {
            content.as_bytes()[i].is_ascii_uppercase()
                && !content.as_bytes()[i - 1].is_ascii_alphanumeric()
        })
        .find_map(|i| {
            let word: String = content[i..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            month_of(&word)?;
            written_date_at(text, line.start + i)
        })
        .filter(|d: &WrittenDate| d.range.end <= line.start + dash)?;
    Some(StoryDate {
        date: date.resolve(anchor)?,
        source: Source::Dateline,
        range: Some(date.range),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn found<'a>(
        text: &'a str,
        format: Format,
        settings: &Settings,
    ) -> Option<(Date, Source, &'a str)> {
        let found = story_date(text, format, settings)?;
        let written = found.range.clone().map_or("", |r| &text[r]);
        Some((found.date, found.source, written))
    }

    fn plain(text: &str) -> Option<(Date, Source, &str)> {
        found(text, Format::Plain, &Settings::default())
    }

    #[test]
    fn posted_and_updated_lines() {
        assert_eq!(
            plain("Headline\n\nPosted : 2016-10-24 16:55:42\n\nBody."),
            Some((date(2016, 10, 24), Source::Posted, "2016-10-24"))
        );
        assert_eq!(
            plain(
                "Headline\n\nPosted October. 24, 2016 07:19,   \n\nUpdated October. 25, 2016 07:27\n"
            ),
            Some((date(2016, 10, 24), Source::Posted, "October. 24, 2016"))
        );
        // "Updated" alone counts; "Posted" beats it whichever comes first.
        assert_eq!(
            plain("Updated: Oct. 25, 2016\nPosted: Oct. 24, 2016\n").map(|f| (f.0, f.1)),
            Some((date(2016, 10, 24), Source::Posted))
        );
        assert_eq!(
            plain("Updated: Oct. 25, 2016\n").map(|f| f.1),
            Some(Source::Updated)
        );
        // A "Posted" line without a year, or a word that only starts so.
        assert_eq!(plain("Posted Oct. 24\n"), None);
        assert_eq!(plain("Postedness 2016-10-24\n"), None);
    }

    #[test]
    fn datelines_with_and_without_a_year() {
        assert_eq!(
            plain("Talks stall\n\nSEOUL, Oct. 24, 2016 (Yonhap) — North Korea said."),
            Some((date(2016, 10, 24), Source::Dateline, "Oct. 24, 2016"))
        );
        assert_eq!(
            plain("WASHINGTON, Jan. 5, 1950 (AP) -- The president said."),
            Some((date(1950, 1, 5), Source::Dateline, "Jan. 5, 1950"))
        );
        // No year: only with a configured date to take it from.
        let text = "SEOUL, Oct. 24 (Yonhap) — North Korea said.";
        assert_eq!(plain(text), None);
        let settings = Settings {
            default_date: Some(date(2017, 1, 2)),
            ..Settings::default()
        };
        assert_eq!(
            found(text, Format::Plain, &settings),
            Some((date(2016, 10, 24), Source::Dateline, "Oct. 24"))
        );
        // Not datelines: no capitals, no dash, the date after the dash.
        for text in [
            "Seoul, Oct. 24, 2016 — North Korea said.",
            "SEOUL, Oct. 24, 2016 North Korea said.",
            "SEOUL — North Korea said on Oct. 24, 2016 that",
        ] {
            assert_eq!(plain(text), None, "{text}");
        }
    }

    #[test]
    fn a_hovered_date_names_its_weekday_and_the_storys_date() {
        let text = "Posted : 2016-10-24\n\nThey met on Oct. 27 and on June 25, 1950.";
        let card = |needle: &str| {
            let at = text.find(needle).unwrap() + 1;
            date_card(text, at, Format::Plain, &Settings::default())
                .map(|(range, card)| (&text[range], card))
        };
        assert_eq!(
            card("Oct. 27"),
            Some((
                "Oct. 27",
                "**Thursday, Oct. 27, 2016**\n\nThe story's date: Oct. 24, 2016 (from the “Posted” line).".to_string()
            ))
        );
        assert!(
            card("June 25")
                .unwrap()
                .1
                .starts_with("**Sunday, June 25, 1950**")
        );
        assert_eq!(card("They"), None);
        let undated = "They met on Oct. 27.";
        let (_, shown) = date_card(undated, 13, Format::Plain, &Settings::default()).unwrap();
        assert!(
            shown.starts_with("**A date without a year**\n\nThe story has no date"),
            "{shown}"
        );
    }

    #[test]
    fn only_near_the_top() {
        let mut text = String::from("Headline\n\n");
        for i in 0..20 {
            text.push_str(&format!("Paragraph {i}.\n\n"));
        }
        text.push_str("Posted : 2016-10-24\n");
        assert_eq!(plain(&text), None);
    }

    #[test]
    fn the_order_given_front_matter_text_config() {
        let text =
            "---\ntitle: Talks\ndate: \"2016-10-23T09:00:00+09:00\"\n---\n\nPosted : 2016-10-24\n";
        let config = Settings {
            default_date: Some(date(2016, 1, 1)),
            ..Settings::default()
        };
        assert_eq!(
            found(text, Format::Markdown, &config),
            Some((date(2016, 10, 23), Source::FrontMatter, "2016-10-23"))
        );
        // Plain text has no front matter: the "Posted" line.
        assert_eq!(
            found(text, Format::Plain, &config).map(|f| f.1),
            Some(Source::Posted)
        );
        let given = Settings {
            date: Some(date(2020, 2, 2)),
            ..config.clone()
        };
        assert_eq!(
            found(text, Format::Markdown, &given),
            Some((date(2020, 2, 2), Source::Given, ""))
        );
        assert_eq!(
            found("No date here.", Format::Plain, &config),
            Some((date(2016, 1, 1), Source::Config, ""))
        );
        assert_eq!(
            found(
                "+++\ndate = 2016-10-22\n+++\nBody\n",
                Format::Markdown,
                &config
            )
            .map(|f| f.0),
            Some(date(2016, 10, 22))
        );
        assert_eq!(plain("No date here."), None);
    }
}
