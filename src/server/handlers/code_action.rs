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
    let job = {
        let session = Arc::clone(session);
        let uri = uri.clone();
        tokio::task::spawn_blocking(move || session.snapshot(&uri)).await
    };
    let Ok(Some((snapshot, _))) = job else {
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
            let diagnostics = Some(vec![diagnostic(&snapshot.rope, finding, snapshot.encoding)]);
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
