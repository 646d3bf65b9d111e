//! Findings to LSP diagnostics and edits, in the negotiated encoding.
//!
//! Pushed diagnostics are written straight from the findings to the bytes
//! of the `publishDiagnostics` notification (`diagnostics_json`,
//! `publish_notification`): no `Diagnostic` values, no `serde_json::Value`
//! tree, no trip through tower-lsp-server's client. Pulled diagnostics and
//! code actions use the `ls_types` values (`diagnostic`), built from the
//! same parts; a test holds the two equal.

use ropey::Rope;
use serde::Serialize;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range,
    TextEdit, Uri,
};

use rustc_hash::FxHashMap;

use super::encoding::{Encoding, to_range};
use super::session::Snapshot;
use crate::engine::{BlockKey, Edit, Finding, Severity};

pub const SOURCE: &str = "copydesk";

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn text_edits(rope: &Rope, edits: &[Edit], encoding: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit {
            range: to_range(rope, e.range.clone(), encoding),
            new_text: e.replacement.clone(),
        })
        .collect()
}

/// A diagnostic's `data`: the rule and whether a safe fix exists. The code
/// action handler recomputes the fixes for the document's current version,
/// so they are never applied to text they were not made for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    rule: &'a str,
    fixes: usize,
    safe_fix: bool,
}

impl<'a> Data<'a> {
    fn of(finding: &'a Finding) -> Data<'a> {
        Data {
            rule: finding.rule,
            fixes: finding.fixes.len(),
            safe_fix: finding.safe_fix().is_some(),
        }
    }
}

pub fn diagnostic(uri: &Uri, rope: &Rope, finding: &Finding, encoding: Encoding) -> Diagnostic {
    Diagnostic {
        range: to_range(rope, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        data: serde_json::to_value(Data::of(finding)).ok(),
        related_information: (!finding.related.is_empty()).then(|| {
            finding
                .related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: to_range(rope, r.range.clone(), encoding),
                    },
                    message: r.message.clone(),
                })
                .collect()
        }),
        ..Diagnostic::default()
    }
}

/// The snapshot's findings as `Diagnostic`s (pulled diagnostics).
pub fn diagnostics(snapshot: &Snapshot) -> Vec<Diagnostic> {
    snapshot
        .analysis
        .findings()
        .iter()
        .map(|f| diagnostic(&snapshot.uri, &snapshot.rope, f, snapshot.caps.encoding))
        .collect()
}

/// A `Diagnostic` as JSON, borrowing from the finding.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticJson<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'a str,
    source: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<RelatedJson<'a>>,
    data: Data<'a>,
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    location: LocationJson<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct LocationJson<'a> {
    uri: &'a Uri,
    range: Range,
}

/// The snapshot's findings as the JSON array of a `publishDiagnostics`.
pub fn diagnostics_json(snapshot: &Snapshot) -> Vec<u8> {
    let findings = snapshot.analysis.findings();
    let mut out = Vec::with_capacity(64 + findings.len() * 256);
    out.push(b'[');
    for (i, finding) in findings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_diagnostic(&mut out, snapshot, finding, 0);
    }
    out.push(b']');
    out
}

/// One finding as a `Diagnostic`'s JSON, its offsets moved by `base`.
fn write_diagnostic(out: &mut Vec<u8>, snapshot: &Snapshot, finding: &Finding, base: usize) {
    let (rope, encoding, uri) = (&snapshot.rope, snapshot.caps.encoding, &snapshot.uri);
    let at = |r: &std::ops::Range<usize>| to_range(rope, r.start + base..r.end + base, encoding);
    let json = DiagnosticJson {
        range: at(&finding.range),
        severity: severity(finding.severity),
        code: finding.rule,
        source: SOURCE,
        message: &finding.message,
        related_information: finding
            .related
            .iter()
            .map(|r| RelatedJson {
                location: LocationJson {
                    uri,
                    range: at(&r.range),
                },
                message: &r.message,
            })
            .collect(),
        data: Data::of(finding),
    };
    // Writing to a Vec cannot fail, and these types always serialize.
    let _ = serde_json::to_writer(out, &json);
}

/// The diagnostics of each block last pushed for a document, kept while
/// the block is taken over from one analysis to the next: after a
/// keystroke only the edited block's findings and the document-wide ones
/// are converted and written again, not every finding of a long story.
#[derive(Default)]
pub struct Pushed {
    blocks: FxHashMap<BlockKey, PushedBlock>,
    /// The length of the last push: the next one's is about the same.
    bytes: usize,
}

struct PushedBlock {
    /// The line the block starts (at its beginning): its diagnostics hold
    /// absolute positions, so they stand only while it starts that line.
    line: usize,
    /// Each finding's sort key and JSON.
    diagnostics: Vec<(SortKey, Box<[u8]>)>,
}

/// A finding's place in the published order: absolute offsets, then rule.
type SortKey = (usize, usize, &'static str);

/// `diagnostics_json`, reusing the diagnostics of the blocks `pushed` has
/// for this analysis and keeping those of this one in it. The same bytes,
/// in the same order: blocks in order, each merged by position with the
/// document-wide findings, a block's first on a tie (as `finish` sorts).
pub fn diagnostics_json_reusing(snapshot: &Snapshot, pushed: &mut Pushed) -> Vec<u8> {
    let Some((blocks, document)) = snapshot.analysis.by_block() else {
        pushed.blocks.clear();
        return diagnostics_json(snapshot);
    };
    let key = |f: &Finding, base: usize| (f.range.start + base, f.range.end + base, f.rule);
    let mut kept = FxHashMap::with_capacity_and_hasher(pushed.blocks.len(), Default::default());
    let mut out = Vec::with_capacity(64 + pushed.bytes);
    out.push(b'[');
    let mut first = true;
    let mut put = |out: &mut Vec<u8>, json: &[u8]| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        out.extend_from_slice(json);
    };
    let mut document = document.iter().peekable();
    let mut scratch = Vec::new();
    for block in blocks {
        // Blocks begin lines (the analysis counts them); one that did not
        // would have columns that depend on the text before it, and is
        // written afresh every time.
        let line = block.line.unwrap_or(usize::MAX);
        let reusable = pushed
            .blocks
            .remove(&block.key)
            .filter(|b| b.line == line && line != usize::MAX);
        let entry = reusable.unwrap_or_else(|| PushedBlock {
            line,
            diagnostics: block
                .findings
                .iter()
                .map(|f| {
                    let mut json = Vec::with_capacity(256);
                    write_diagnostic(&mut json, snapshot, f, block.start);
                    (key(f, block.start), json.into_boxed_slice())
                })
                .collect(),
        });
        for (sort_key, json) in &entry.diagnostics {
            while let Some(f) = document.next_if(|f| key(f, 0) < *sort_key) {
                scratch.clear();
                write_diagnostic(&mut scratch, snapshot, f, 0);
                put(&mut out, &scratch);
            }
            put(&mut out, json);
        }
        kept.insert(block.key, entry);
    }
    for f in document {
        scratch.clear();
        write_diagnostic(&mut scratch, snapshot, f, 0);
        put(&mut out, &scratch);
    }
    out.push(b']');
    pushed.blocks = kept;
    pushed.bytes = out.len();
    out
}

/// The body of a `textDocument/publishDiagnostics` notification carrying
/// `diagnostics` (a JSON array, from `diagnostics_json`).
pub fn publish_notification(uri: &Uri, version: Option<i32>, diagnostics: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(diagnostics.len() + 160);
    out.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    let _ = serde_json::to_writer(&mut out, uri);
    out.extend_from_slice(br#","diagnostics":"#);
    out.extend_from_slice(diagnostics);
    if let Some(version) = version {
        out.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
    }
    out.extend_from_slice(b"}}");
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::engine::{Analysis, Format, analyze};
    use crate::server::capabilities::Negotiated;
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    fn snapshot_of(text: &str, format: Format, previous: Option<&Analysis>) -> Snapshot {
        let config = Config::defaults(std::path::Path::new("/"));
        Snapshot {
            uri: "file:///tmp/story.md".parse().unwrap(),
            revision: 1,
            rope: Rope::from_str(text),
            format,
            version: 1,
            generation: 0,
            analysis: Arc::new(analyze(text, format, &config.settings, previous)),
            config: Arc::new(config),
            caps: Arc::new(Negotiated {
                encoding: Encoding::Utf16,
                ..Negotiated::default()
            }),
        }
    }

    /// Pushing with the blocks of the last push reused writes the bytes a
    /// push from scratch writes: after typing in one paragraph (the others
    /// reused), after a new line (everything after it moves down), with a
    /// finding of a document-wide rule between block findings, and with
    /// inline switches (which only the whole list accounts for).
    #[test]
    fn a_push_reusing_the_last_ones_blocks_writes_the_same_bytes() {
        let story = "Talks resume\n\nThe the envoys met Kim Jong Un on October 24.\n\n\
                     😀 한국 officials said  the U.S would reply.\n\n\
                     Kim Jong-un left. The the end.\n\nThe the envoys met Kim Jong Un on October 24.\n";
        let edits = [
            story.to_string(),
            story.replace("officials said", "officials xsaid"),
            story.replace("officials said", "officials\nsaid"),
            story.replace("Talks resume", "Talks resume!"),
            format!("{story}\n<!-- copydesk-disable repeated-word -->\n\nThe the.\n"),
            story.to_string(),
        ];
        let mut pushed = Pushed::default();
        let mut previous: Option<Arc<Analysis>> = None;
        for (n, text) in edits.iter().enumerate() {
            let snapshot = snapshot_of(text, Format::Markdown, previous.as_deref());
            let reused = diagnostics_json_reusing(&snapshot, &mut pushed);
            assert_eq!(
                String::from_utf8(reused).unwrap(),
                String::from_utf8(diagnostics_json(&snapshot)).unwrap(),
                "edit {n}"
            );
            previous = Some(Arc::clone(&snapshot.analysis));
        }
        assert!(!pushed.blocks.is_empty());
    }

    #[test]
    fn pushed_json_equals_the_typed_diagnostics() {
        let text = "Talks\n\n😀 한국 met Victor Cha Victor Cha on October 24.\r\n\n\
                    Kim Jong Un spoke.\n\nKim Jong-un left. The the end.\n";
        let config = Config::defaults(std::path::Path::new("/"));
        let mut settings = config.settings.clone();
        settings
            .levels
            .insert("name-variant".to_string(), crate::engine::Level::Off);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let snapshot = Snapshot {
                uri: "file:///tmp/story.txt".parse().unwrap(),
                revision: 1,
                rope: Rope::from_str(text),
                format: Format::Plain,
                version: 7,
                generation: 0,
                analysis: Arc::new(analyze(text, Format::Plain, &settings, None)),
                config: Arc::new(Config::defaults(std::path::Path::new("/"))),
                caps: Arc::new(Negotiated {
                    encoding,
                    ..Negotiated::default()
                }),
            };
            assert!(
                snapshot
                    .analysis
                    .findings()
                    .iter()
                    .any(|f| !f.related.is_empty()),
                "the text has a finding with related information"
            );
            let body = publish_notification(
                &snapshot.uri,
                Some(snapshot.version),
                &diagnostics_json(&snapshot),
            );
            let pushed: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(pushed["method"], "textDocument/publishDiagnostics");
            let typed = PublishDiagnosticsParams {
                uri: snapshot.uri.clone(),
                diagnostics: diagnostics(&snapshot),
                version: Some(7),
            };
            assert_eq!(pushed["params"], serde_json::to_value(typed).unwrap());
        }
    }
}
