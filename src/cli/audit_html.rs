//! `copydesk audit --format html`: one self-contained page (no script, no
//! file or font from outside) for a desk editor — the archive's figures, a
//! bar chart of findings per rule (inline SVG), and the samples in context.

use std::fmt::Write;

use super::audit::AuditReport;

/// `&`, `<`, `>` and quotes made safe for HTML text and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart of `bars` (label, value), as inline SVG.
fn bar_chart(title: &str, bars: &[(&str, usize)]) -> String {
    const ROW: usize = 22;
    const LABEL: usize = 220;
    const WIDTH: usize = 420;
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() + 10;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{height}\" \
         viewBox=\"0 0 {} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        escape(title),
        LABEL + WIDTH + 80,
        LABEL + WIDTH + 80
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = i * ROW + 5;
        let width = (WIDTH * value).div_ceil(max);
        let _ = writeln!(
            svg,
            "  <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{width}\" height=\"{}\" fill=\"#1f4e79\"/>\
             <text x=\"{}\" y=\"{}\">{value}</text>",
            LABEL - 8,
            y + 15,
            escape(label),
            ROW - 6,
            LABEL + width + 6,
            y + 15
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Findings month by month (the stories' own dates): a chart of findings
/// per 1,000 words, so that busy months do not look worse for being busy,
/// and a table with the counts behind it.
fn months(report: &AuditReport) -> String {
    let mut out = String::from("<h2>Findings by month</h2>\n");
    if report.months.is_empty() {
        let _ = writeln!(
            out,
            "<p>No story has a date of its own (a dateline, front matter or \
             “Posted” line), so there is no month to show.</p>"
        );
        return out;
    }
    // Hundredths, so that the bars keep the rate's precision.
    let rates: Vec<(String, usize)> = report
        .months
        .iter()
        .map(|m| {
            (
                m.month.clone(),
                (m.per_thousand_words * 100.0).round() as usize,
            )
        })
        .collect();
    let bars: Vec<(&str, usize)> = rates.iter().map(|(m, r)| (m.as_str(), *r)).collect();
    let chart = bar_chart("Findings per 1,000 words by month, in hundredths", &bars);
    out.push_str("<p>Findings per 1,000 words (in hundredths) in each month's stories.</p>\n");
    out.push_str(&chart);
    out.push_str(
        "<table>\n<thead><tr><th scope=\"col\">month</th><th scope=\"col\">stories</th>\
         <th scope=\"col\">words</th><th scope=\"col\">findings</th>\
         <th scope=\"col\">per 1,000 words</th><th scope=\"col\">most found</th></tr></thead>\n<tbody>\n",
    );
    for month in &report.months {
        let top = month
            .rules
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(rule, n)| format!("<code>{}</code> ({n})", escape(rule)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{top}</td></tr>",
            escape(&month.month),
            month.stories,
            month.words,
            month.findings,
            month.per_thousand_words
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if report.undated_stories > 0 {
        let _ = writeln!(
            out,
            "<p>{} {} without a date of {} own {} in the totals above but in no month.</p>",
            report.undated_stories,
            if report.undated_stories == 1 {
                "story"
            } else {
                "stories"
            },
            if report.undated_stories == 1 {
                "its"
            } else {
                "their"
            },
            if report.undated_stories == 1 {
                "is"
            } else {
                "are"
            },
        );
    }
    out
}

pub fn render(report: &AuditReport) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>copydesk audit</title>\n<style>\n\
         body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; \
         max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }\n\
         table { border-collapse: collapse; margin: 1rem 0; }\n\
         th, td { padding: .25rem .75rem; border-bottom: 1px solid #ccc; text-align: right; }\n\
         th:first-child, td:first-child { text-align: left; }\n\
         svg text { font: 13px system-ui, sans-serif; fill: #1a1a1a; }\n\
         code { background: #f2f2f2; padding: 0 .2rem; overflow-wrap: anywhere; }\n\
         mark { background: #ffe08a; color: #1a1a1a; }\n\
         li { margin: .25rem 0; }\n\
         </style>\n</head>\n<body>\n<h1>copydesk audit</h1>\n",
    );
    let _ = writeln!(out, "<p>{}.</p>", report.size());
    if report.rules.is_empty() {
        out.push_str("<p>No findings.</p>\n</body>\n</html>\n");
        return out;
    }
    let drafted = report.rules.iter().any(|r| r.draft_findings.is_some());
    out.push_str("<h2>Findings per rule</h2>\n");
    let bars: Vec<(&str, usize)> = report
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r.findings))
        .collect();
    out.push_str(&bar_chart("Findings per rule", &bars));
    out.push_str(
        "<table>\n<thead><tr><th scope=\"col\">rule</th><th scope=\"col\">findings</th>\
         <th scope=\"col\">per 1,000 words</th><th scope=\"col\">stories</th>",
    );
    if drafted {
        out.push_str("<th scope=\"col\">under the draft</th><th scope=\"col\">change</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for rule in &report.rules {
        let _ = write!(
            out,
            "<tr><td><a href=\"#{id}\"><code>{id}</code></a></td><td>{}</td><td>{:.2}</td><td>{}</td>",
            rule.findings,
            rule.per_thousand_words,
            rule.stories,
            id = escape(&rule.rule)
        );
        if let Some(draft) = rule.draft_findings {
            let change = draft as i64 - rule.findings as i64;
            let _ = write!(out, "<td>{draft}</td><td>{change:+}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&months(report));
    out.push_str("<h2>Samples</h2>\n");
    for rule in &report.rules {
        let _ = writeln!(
            out,
            "<h3 id=\"{id}\"><code>{id}</code></h3>",
            id = escape(&rule.rule)
        );
        for (label, samples) in [
            ("", &rule.samples),
            ("Under the draft", &rule.draft_samples),
        ] {
            if samples.is_empty() {
                continue;
            }
            if !label.is_empty() {
                let _ = writeln!(out, "<p>{label}:</p>");
            }
            out.push_str("<ul>\n");
            for sample in samples.iter() {
                // The context marks the finding with [brackets]; shown as a
                // highlight.
                let context = escape(&sample.context)
                    .replacen('[', "<mark>", 1)
                    .replacen(']', "</mark>", 1);
                let _ = writeln!(
                    out,
                    "<li><code>{}:{}</code> {context}</li>",
                    escape(&sample.path),
                    sample.line
                );
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn bars_scale_to_the_largest() {
        let svg = bar_chart("t", &[("a", 10), ("b", 5)]);
        assert!(svg.contains("width=\"420\""));
        assert!(svg.contains("width=\"210\""));
    }
}
