//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request.

use std::io::{self, Write};

use super::FileReport;
use crate::cli::LineIndex;
use crate::engine::Severity;

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        let text = report.text.as_str();
        let index = LineIndex::new(&text);
        for finding in &report.findings {
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let (line, col) = index.position(finding.range.start);
            let (end_line, end_col) = index.position(finding.range.end);
            writeln!(
                out,
                "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                escape_property(&report.path),
                escape_property(&format!("copydesk {}", finding.rule)),
                escape_data(&finding.message),
            )?;
        }
    }
    Ok(())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_data_are_escaped() {
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
    }
}
