//! `textDocument/codeAction` and `codeAction/resolve`: a quick fix for every
//! fix of the findings in range (the safe one preferred), "ignore this rule
//! here" in Markdown, "add this name to the newsroom's names file", and
//! `source.fixAll.copydesk` applying every safe fix in the document.
//!
//! Fix-all checks the whole document at least twice, so it is computed
//! only when it will be used, and never on the server's thread. Asked for
//! by kind in `only` (a "fix all" command, fix on save), it comes with its
//! edit. In a request without `only` (a light bulb, a menu), a client that
//! can resolve a code action's `edit` gets the action with `data` (the
//! document, its version and revision) and no edit, and the edit comes from
//! `codeAction/resolve` (refused with `ContentModified` when the document
//! changed meanwhile); any other client is not offered it there. Edits are
//! versioned `documentChanges` where the client takes them.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    CreateFile, CreateFileOptions, Diagnostic, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};

use super::initialize::FIX_ALL;
use crate::engine::change::minimal_edit;
use crate::engine::fix::fix_all;
use crate::engine::{Finding, Format};
use crate::names::unknown::{capitalized_name_at, person_entry};
use crate::server::diagnostics::{diagnostic, text_edits};
use crate::server::document::rope_text;
use crate::server::encoding::{to_bytes, to_range};
use crate::server::session::Snapshot;

const FIX_ALL_TITLE: &str = "Fix all safe copydesk problems";

/// What an unresolved fix-all carries to `codeAction/resolve`.
#[derive(Serialize, Deserialize)]
struct FixAllData {
    uri: Uri,
    version: i32,
    /// The server's name for the text (see `TextDocument::revision`): a
    /// change that repeats the version still makes the action stale.
    revision: u64,
}

/// `kind` is asked for by name in `only` (itself or a parent kind).
fn asked(only: &[CodeActionKind], kind: &str) -> bool {
    only.iter().any(|k| {
        let k = k.as_str();
        kind == k
            || kind
                .strip_prefix(k)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// `kind` is wanted: asked for, or no `only` given.
fn wanted(only: &[CodeActionKind], kind: &str) -> bool {
    only.is_empty() || asked(only, kind)
}

/// `edits` to the snapshot's document: versioned `documentChanges` where
/// the client takes them, else `changes`.
fn document_edit(snapshot: &Snapshot, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if snapshot.caps.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: snapshot.uri.clone(),
                    version: Some(snapshot.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(snapshot.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

pub async fn code_action(snapshot: Snapshot, params: CodeActionParams) -> CodeActionResponse {
    let only = params.context.only.unwrap_or_default();
    let encoding = snapshot.caps.encoding;
    let range = to_bytes(&snapshot.rope, params.range, encoding);
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    if wanted(&only, CodeActionKind::QUICKFIX.as_str()) {
        for finding in snapshot
            .analysis
            .findings()
            .iter()
            .filter(|f| f.range.start <= range.end && range.start <= f.range.end)
        {
            let diagnostics = Some(vec![diagnostic(
                &snapshot.uri,
                &snapshot.rope,
                finding,
                encoding,
            )]);
            for fix in &finding.fixes {
                let edits = text_edits(&snapshot.rope, &fix.edits, encoding);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostics.clone(),
                    edit: Some(document_edit(&snapshot, edits)),
                    is_preferred: Some(fix.safe),
                    ..CodeAction::default()
                }));
            }
            if let Some(action) = add_to_word_list(&snapshot, finding, diagnostics.clone()).await {
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
            if snapshot.format == Format::Markdown {
                actions.push(CodeActionOrCommand::CodeAction(ignore_here(
                    &snapshot,
                    finding.rule,
                    finding.range.start,
                    diagnostics,
                )));
            }
        }
        if let Some(action) = add_to_names_file(&snapshot, range.start).await {
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    let fixable = snapshot
        .analysis
        .findings()
        .iter()
        .any(|f| f.safe_fix().is_some());
    if fixable && asked(&only, FIX_ALL) {
        // Asked for by kind (a "fix all" command, fix on save): it will be
        // applied, so compute it now, for every client.
        if let Some(edit) = fix_all_edit(Arc::new(snapshot)).await {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: FIX_ALL_TITLE.to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(edit),
                ..CodeAction::default()
            }));
        }
    } else if fixable && only.is_empty() && snapshot.caps.resolve_edit {
        // Offered in a list (a light bulb, a menu): the edit comes from
        // `codeAction/resolve` if the user picks it.
        let data = FixAllData {
            uri: snapshot.uri.clone(),
            version: snapshot.version,
            revision: snapshot.revision,
        };
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: FIX_ALL_TITLE.to_string(),
            kind: Some(CodeActionKind::new(FIX_ALL)),
            data: serde_json::to_value(data).ok(),
            ..CodeAction::default()
        }));
    }
    actions
}

/// The document an unresolved fix-all is about, if `action` is one.
pub fn resolve_uri(action: &CodeAction) -> Option<Uri> {
    let data = FixAllData::deserialize(action.data.as_ref()?).ok()?;
    Some(data.uri)
}

/// Fills in a fix-all's edit for the document's current `snapshot`, if it
/// is still the text the action was offered for; else `ContentModified`.
pub async fn resolve(snapshot: Option<Snapshot>, mut action: CodeAction) -> Result<CodeAction> {
    let Some(data) = action
        .data
        .as_ref()
        .and_then(|d| FixAllData::deserialize(d).ok())
    else {
        return Ok(action);
    };
    let snapshot = snapshot.filter(|s| s.version == data.version && s.revision == data.revision);
    let Some(snapshot) = snapshot else {
        let mut error = Error::content_modified();
        error.message = "the document changed since the action was offered".into();
        return Err(error);
    };
    action.edit = fix_all_edit(Arc::new(snapshot)).await;
    Ok(action)
}

/// Every safe fix, to a fixed point, as one edit over the changed middle;
/// computed on the blocking pool. `None` when nothing changes.
async fn fix_all_edit(snapshot: Arc<Snapshot>) -> Option<WorkspaceEdit> {
    tokio::task::spawn_blocking(move || {
        let text = rope_text(&snapshot.rope);
        let fixed = fix_all(&text, snapshot.format, &snapshot.config.settings).text;
        let change = minimal_edit(&text, &fixed)?;
        let edit = TextEdit {
            range: to_range(&snapshot.rope, change.range, snapshot.caps.encoding),
            new_text: change.replacement,
        };
        Some(document_edit(&snapshot, vec![edit]))
    })
    .await
    .ok()
    .flatten()
}

/// Inserts `<!-- copydesk-disable-next-line RULE -->` above the line.
fn ignore_here(
    snapshot: &Snapshot,
    rule: &str,
    at: usize,
    diagnostics: Option<Vec<Diagnostic>>,
) -> CodeAction {
    let line = snapshot
        .rope
        .byte_to_line(at.min(snapshot.rope.len_bytes()));
    let start = Position::new(line as u32, 0);
    let comment = format!("<!-- copydesk-disable-next-line {rule} -->\n");
    let edit = TextEdit {
        range: Range::new(start, start),
        new_text: comment,
    };
    CodeAction {
        title: format!("Ignore {rule} on this line"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics,
        edit: Some(document_edit(snapshot, vec![edit])),
        ..CodeAction::default()
    }
}

/// "Add “X Y” to desk/names.toml" for an unknown name at `at`: appends an
/// entry to the first file of `[names] files`, creating it if needed.
async fn add_to_names_file(snapshot: &Snapshot, at: usize) -> Option<CodeAction> {
    let file = snapshot.config.names_files.first()?.clone();
    if snapshot.analysis.mention_at(at).is_some() {
        return None;
    }
    let rope = &snapshot.rope;
    let line = rope.byte_to_line(at.min(rope.len_bytes()));
    let line_start = rope.line_to_byte(line);
    let text: String = rope.line(line).chunks().collect();
    let name = capitalized_name_at(&text, at - line_start, &snapshot.config.settings.titles)
        .map(|range| text[range].to_string())?;
    let limit = snapshot.config.limits.names;
    let (edit, shown) = append_to(snapshot, file, limit, |existing| {
        person_entry(&name, existing)
    })
    .await?;
    Some(CodeAction {
        title: format!("Add “{name}” to the newsroom's names file ({shown})"),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(edit),
        ..CodeAction::default()
    })
}

/// "Add “word” to the newsroom's word list (accept.txt)" for a word the
/// spelling rules do not know: appends it, on a line of its own, to the
/// first file of `[data] accept`, creating it if needed. A word on the
/// list is never flagged again, in the editor or in CI.
async fn add_to_word_list(
    snapshot: &Snapshot,
    finding: &Finding,
    diagnostics: Option<Vec<Diagnostic>>,
) -> Option<CodeAction> {
    if !matches!(finding.rule, "spelling" | "house-spelling" | "run-together") {
        return None;
    }
    let file = snapshot.config.accept_files.first()?.clone();
    let word = snapshot
        .rope
        .get_byte_slice(finding.range.clone())?
        .to_string();
    let limit = snapshot.config.limits.data;
    let (edit, shown) = append_to(snapshot, file, limit, |existing| {
        let newline = existing.is_some_and(|text| !text.is_empty() && !text.ends_with('\n'));
        format!("{}{word}\n", if newline { "\n" } else { "" })
    })
    .await?;
    Some(CodeAction {
        title: format!("Add “{word}” to the newsroom's word list ({shown})"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics,
        edit: Some(edit),
        ..CodeAction::default()
    })
}

/// An edit appending `text(existing content)` to `file`, creating the file
/// if needed, and the file's name to show. The file is read on the
/// blocking pool; one that cannot be read as text (a FIFO, too large) gets
/// no edit rather than a new file over it.
async fn append_to(
    snapshot: &Snapshot,
    file: std::path::PathBuf,
    limit: crate::read_file::Limit,
    text: impl FnOnce(Option<&str>) -> String,
) -> Option<(WorkspaceEdit, String)> {
    let file_uri = Uri::from_file_path(&file)?;
    let existing = {
        let file = file.clone();
        tokio::task::spawn_blocking(move || match file.exists() {
            true => crate::read_file::read_to_string(&file, &limit)
                .ok()
                .map(Some),
            false => Some(None),
        })
        .await
        .ok()
        .flatten()?
    };
    let mut operations = Vec::new();
    let end = match &existing {
        Some(content) => {
            let rope = ropey::Rope::from_str(content);
            to_range(
                &rope,
                rope.len_bytes()..rope.len_bytes(),
                snapshot.caps.encoding,
            )
            .end
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
            range: Range::new(end, end),
            new_text: text(existing.as_deref()),
        })],
    }));
    let shown = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let edit = WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(operations)),
        ..WorkspaceEdit::default()
    };
    Some((edit, shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_by_hierarchy() {
        let only = |kinds: &[&str]| -> Vec<CodeActionKind> {
            kinds
                .iter()
                .map(|k| CodeActionKind::from(k.to_string()))
                .collect()
        };
        assert!(asked(&only(&["source"]), FIX_ALL));
        assert!(asked(&only(&["source.fixAll"]), FIX_ALL));
        assert!(asked(&only(&[FIX_ALL]), FIX_ALL));
        assert!(!asked(&only(&["source.fix"]), FIX_ALL));
        assert!(!asked(&only(&["quickfix"]), FIX_ALL));
        assert!(!asked(&[], FIX_ALL));
        assert!(wanted(&[], FIX_ALL));
    }
}
