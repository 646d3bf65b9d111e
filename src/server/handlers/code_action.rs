//! `textDocument/codeAction`: a quick fix for every fix of the findings in
//! range (the safe one preferred), "ignore this rule here" in Markdown, and
//! `source.fixAll.copydesk` applying every safe fix in the document.

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Position, TextEdit, Uri, WorkspaceEdit,
};
use tower_lsp_server::ls_types::{
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit,
};

use super::initialize::FIX_ALL;
use crate::engine::fix::fix_all;
use crate::engine::{Edit, Format};
use crate::server::diagnostics::{diagnostic, text_edits};
use crate::server::encoding::{to_bytes, to_range};
use crate::server::session::{Session, Snapshot};

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

pub async fn code_action(
    session: &Arc<Session>,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(snapshot) = session.current(&uri).await else {
        return Ok(None);
    };
    let only = params.context.only.unwrap_or_default();
    let wants = |kind: &str| only.is_empty() || only.iter().any(|k| kind.starts_with(k.as_str()));
    let range = to_bytes(&snapshot.rope, params.range, snapshot.encoding);
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        for finding in snapshot
            .analysis
            .findings
            .iter()
            .filter(|f| f.range.start <= range.end && range.start <= f.range.end)
        {
            let diagnostics = Some(vec![diagnostic(
                &uri,
                &snapshot.rope,
                finding,
                snapshot.encoding,
            )]);
            for fix in &finding.fixes {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostics.clone(),
                    edit: Some(edit(
                        &uri,
                        text_edits(&snapshot.rope, &fix.edits, snapshot.encoding),
                    )),
                    is_preferred: Some(fix.safe),
                    ..CodeAction::default()
                }));
            }
            if snapshot.format == Format::Markdown {
                actions.push(CodeActionOrCommand::CodeAction(ignore_here(
                    &uri,
                    &snapshot,
                    finding.rule,
                    finding.range.start,
                    diagnostics,
                )));
            }
        }
    }
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        if let Some(action) = add_to_names_file(session, &snapshot, range.start) {
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    if wants(FIX_ALL) {
        if let Some(action) = fix_all_action(session, &uri, &snapshot) {
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    Ok(Some(actions))
}

/// Inserts `<!-- copydesk-disable-next-line RULE -->` above the line.
fn ignore_here(
    uri: &Uri,
    snapshot: &Snapshot,
    rule: &str,
    at: usize,
    diagnostics: Option<Vec<tower_lsp_server::ls_types::Diagnostic>>,
) -> CodeAction {
    let line = snapshot
        .rope
        .byte_to_line(at.min(snapshot.rope.len_bytes()));
    let start = Position::new(line as u32, 0);
    let comment = format!("<!-- copydesk-disable-next-line {rule} -->\n");
    CodeAction {
        title: format!("Ignore {rule} on this line"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics,
        edit: Some(edit(
            uri,
            vec![TextEdit {
                range: tower_lsp_server::ls_types::Range::new(start, start),
                new_text: comment,
            }],
        )),
        ..CodeAction::default()
    }
}

/// Every safe fix, to a fixed point, as one edit over the changed middle.
fn fix_all_action(session: &Session, uri: &Uri, snapshot: &Snapshot) -> Option<CodeAction> {
    if snapshot
        .analysis
        .findings
        .iter()
        .all(|f| f.safe_fix().is_none())
    {
        return None;
    }
    let (config, _) = session.config_for(snapshot.path.as_deref());
    let text = crate::server::document::rope_text(&snapshot.rope);
    let fixed = fix_all(&text, snapshot.format, &config.settings).text;
    if fixed == text {
        return None;
    }
    let prefix = text
        .bytes()
        .zip(fixed.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = (0..=prefix)
        .rev()
        .find(|&p| text.is_char_boundary(p) && fixed.is_char_boundary(p))
        .unwrap_or(0);
    let max_suffix = (text.len() - prefix).min(fixed.len() - prefix);
    let suffix = text
        .bytes()
        .rev()
        .zip(fixed.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = (0..=suffix)
        .rev()
        .find(|&s| text.is_char_boundary(text.len() - s) && fixed.is_char_boundary(fixed.len() - s))
        .unwrap_or(0);
    let change = Edit::new(
        prefix..text.len() - suffix,
        &fixed[prefix..fixed.len() - suffix],
    );
    Some(CodeAction {
        title: "Fix all safe copydesk problems".to_string(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(edit(
            uri,
            vec![TextEdit {
                range: to_range(&snapshot.rope, change.range.clone(), snapshot.encoding),
                new_text: change.replacement,
            }],
        )),
        ..CodeAction::default()
    })
}

/// The unknown capitalized name (two to four words) around `at`, with its
/// byte range: "Kim Chol Min" in "Vice Foreign Minister Kim Chol Min said".
fn unknown_name_at(
    snapshot: &Snapshot,
    titles: &crate::engine::Titles,
    at: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    if snapshot.analysis.mention_at(at).is_some() {
        return None;
    }
    let line = snapshot
        .rope
        .byte_to_line(at.min(snapshot.rope.len_bytes()));
    let line_start = snapshot.rope.line_to_byte(line);
    let text: String = snapshot.rope.line(line).chunks().collect();
    let doc = crate::engine::Document::new(&text, Format::Plain);
    let local = at - line_start;
    let here = doc
        .words
        .iter()
        .position(|w| w.range().start <= local && local <= w.range().end)?;
    let capitalized = |i: usize| {
        doc.word(&doc.words[i])
            .starts_with(|c: char| c.is_uppercase())
    };
    let linked = |i: usize| {
        let gap = &text[doc.words[i - 1].range().end..doc.words[i].range().start];
        gap == " " || (gap == ". " && doc.words[i - 1].range().len() == 1)
    };
    if !capitalized(here) {
        return None;
    }
    let mut first = here;
    while first > 0 && capitalized(first - 1) && linked(first) {
        first -= 1;
    }
    let mut last = here;
    while last + 1 < doc.words.len() && capitalized(last + 1) && linked(last + 1) {
        last += 1;
    }
    // Leave out a formal title before the name.
    for k in (first + 1..=here).rev() {
        if titles
            .ending_at(&doc, k)
            .is_some_and(|(start, _)| start >= first)
        {
            first = k;
            break;
        }
    }
    let count = last + 1 - first;
    if !(2..=4).contains(&count) {
        return None;
    }
    let range = doc.words[first].range().start..doc.words[last].range().end;
    Some((
        text[range.clone()].to_string(),
        line_start + range.start..line_start + range.end,
    ))
}

/// "Add “X Y” to desk/names.toml": appends an entry to the first file of
/// `[names] files`, creating it if needed.
fn add_to_names_file(session: &Session, snapshot: &Snapshot, at: usize) -> Option<CodeAction> {
    let (config, _) = session.config_for(snapshot.path.as_deref());
    let file = config.names_files.first()?;
    let (name, _) = unknown_name_at(snapshot, &config.settings.titles, at)?;
    let file_uri = Uri::from_file_path(file)?;
    // A names file that cannot be read as one (a FIFO, too large) gets no
    // entry rather than a new file over it.
    let existing = match file.exists() {
        true => Some(crate::read_file::read_to_string(file, &config.limits.names).ok()?),
        false => None,
    };
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    let mut entry = format!("[[person]]\nname = \"{escaped}\"\n");
    let mut operations = Vec::new();
    let end = match &existing {
        Some(content) => {
            if !content.is_empty() {
                entry.insert(0, '\n');
                if !content.ends_with('\n') {
                    entry.insert(0, '\n');
                }
            }
            let rope = ropey::Rope::from_str(content);
            to_range(&rope, rope.len_bytes()..rope.len_bytes(), snapshot.encoding).end
        }
        None => {
            operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: file_uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
            Position::new(0, 0)
        }
    };
    operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: file_uri,
            version: None,
        },
        edits: vec![OneOf::Left(TextEdit {
            range: tower_lsp_server::ls_types::Range::new(end, end),
            new_text: entry,
        })],
    }));
    let shown = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(CodeAction {
        title: format!("Add “{name}” to the newsroom's names file ({shown})"),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(operations)),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    })
}
