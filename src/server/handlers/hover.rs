//! `textDocument/hover`: over a finding, the rule's explanation.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::engine::rules;
use crate::server::encoding::{to_byte, to_range};
use crate::server::session::Session;

pub async fn hover(session: &Arc<Session>, params: HoverParams) -> Result<Option<Hover>> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    let job = {
        let session = Arc::clone(session);
        let uri = uri.clone();
        tokio::task::spawn_blocking(move || session.snapshot(&uri)).await
    };
    let Ok(Some((snapshot, _))) = job else {
        return Ok(None);
    };
    let at = to_byte(&snapshot.rope, position.position, snapshot.encoding);
    let cards: Vec<String> = snapshot
        .analysis
        .findings
        .iter()
        .filter(|f| f.range.start <= at && at < f.range.end.max(f.range.start + 1))
        .filter_map(|f| {
            let rule = rules::find(f.rule)?;
            Some(format!(
                "**{}** · `{}`\n\n{}",
                f.message, rule.id, rule.explanation
            ))
        })
        .collect();
    let Some(first) = snapshot
        .analysis
        .findings
        .iter()
        .find(|f| f.range.start <= at && at < f.range.end.max(f.range.start + 1))
    else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: cards.join("\n\n---\n\n"),
        }),
        range: Some(to_range(
            &snapshot.rope,
            first.range.clone(),
            snapshot.encoding,
        )),
    }))
}
