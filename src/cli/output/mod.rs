//! Output formats for `copydesk check`. Each takes the checked files and
//! writes its text to the output finding by finding, in time linear in the
//! stories and their findings (however long their lines).

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::OutputFormat;
use super::story::StoryText;
use crate::cli::LineIndex;
use crate::engine::{Finding, StoryDate};

/// One checked story: its display path, its text (for positions and
/// excerpts) and its findings.
pub struct FileReport {
    pub path: String,
    pub text: StoryText,
    pub findings: Vec<Finding>,
    /// The story's date, if it has one (`engine::story_date`).
    pub story_date: Option<StoryDate>,
}

/// A story's date and where it came from, as JSON and SARIF show it.
#[derive(Clone, Serialize)]
pub struct DatedJson {
    pub date: String,
    pub source: &'static str,
}

impl DatedJson {
    pub fn of(report: &FileReport) -> Option<DatedJson> {
        let dated = report.story_date.as_ref()?;
        Some(DatedJson {
            date: dated.date.iso(),
            source: dated.source.as_str(),
        })
    }
}

/// What only human output shows: ANSI colour, and how many of the inputs
/// could not be checked (its summary line says so).
#[derive(Clone, Copy, Debug, Default)]
pub struct Human {
    pub color: bool,
    pub unchecked: usize,
}

/// Writes the report in `format` to `out` (unbuffered: the caller buffers).
pub fn write(
    format: OutputFormat,
    reports: &[FileReport],
    human: Human,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(reports, human, out),
        OutputFormat::Json => json::write(reports, out),
        OutputFormat::Sarif => sarif::write(reports, out),
        OutputFormat::Github => github::write(reports, out),
    }
}

/// `write` through a buffer of its own: `out` is a trait object, so a
/// serializer writing to it straight would make a call through its vtable
/// for every token; through this buffer, whose type it knows, each write
/// is a copy (JSON of 2,300 findings: 11 M -> 4 M instructions).
fn buffered(
    out: &mut dyn Write,
    write: impl FnOnce(&mut io::BufWriter<&mut dyn Write>) -> io::Result<()>,
) -> io::Result<()> {
    let mut buffer = io::BufWriter::with_capacity(64 * 1024, out);
    write(&mut buffer)?;
    buffer.flush()
}

/// Every finding of every report as one JSON array, each finding turned
/// into its item by `item` (given its report and the line index) and
/// serialized as the array is written: no tree of the whole report is
/// ever built.
struct PerFinding<'a, F> {
    reports: &'a [FileReport],
    item: F,
}

impl<'a, F, T> Serialize for PerFinding<'a, F>
where
    F: Fn(&'a FileReport, &LineIndex<'_>, &'a Finding) -> T,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let count = self.reports.iter().map(|r| r.findings.len()).sum();
        let mut seq = serializer.serialize_seq(Some(count))?;
        for report in self.reports {
            let text = report.text.as_str();
            let index = LineIndex::new(&text);
            for finding in &report.findings {
                seq.serialize_element(&(self.item)(report, &index, finding))?;
            }
        }
        seq.end()
    }
}

#[cfg(test)]
pub(super) mod test_support {
    use super::*;

    /// Stories with findings of every kind the outputs show: fixes with
    /// several edits, related places, wide and multi-byte characters, CRLF
    /// and lone CR line ends, a long line, and a story with no finding.
    pub fn reports() -> Vec<FileReport> {
        let long = "Talks  went on. 한국 😀 the the ".repeat(200);
        let stories = [
            (
                "a.txt",
                "Talks  resume\r\n\r\nThe the envoys met Choe Son Hui.  Later Choi Sun-hee said ,, yes.\r\n\r\n기자 met Victor Cha Victor Cha today on October 24th , 2016.\rHe said \"hello.\n",
            ),
            ("b.txt", long.as_str()),
            ("clean.txt", "Clean story here.\n"),
        ];
        let mut reports: Vec<FileReport> = stories
            .iter()
            .map(|(path, text)| FileReport {
                path: path.to_string(),
                text: StoryText::Owned(text.to_string()),
                findings: crate::engine::check(
                    text,
                    crate::engine::Format::Plain,
                    &crate::engine::Settings::default(),
                ),
                story_date: None,
            })
            .collect();
        // A finding with a related place and a fix of two edits, over a
        // line break.
        let text = reports[0].text.as_str().into_owned();
        let (choe, later) = (text.find("Choe").unwrap(), text.find("기자").unwrap());
        reports[0].findings.push(Finding {
            rule: "name-inconsistent",
            severity: crate::engine::Severity::Info,
            range: later..later + "기자 met".len(),
            message: "spelled “Choe Son Hui” above".into(),
            fixes: vec![crate::engine::Fix::suggestion(
                "Two edits",
                vec![
                    crate::engine::Edit::new(choe..choe + 4, "Choi"),
                    crate::engine::Edit::new(later..later + 3, "“기”"),
                ],
            )],
            related: vec![crate::engine::Related {
                range: choe..choe + "Choe Son Hui.  Later".len(),
                message: "the first spelling".into(),
            }],
        });
        reports
    }

    pub fn written(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}
