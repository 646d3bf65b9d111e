//! Whole-story analysis, block by block. Each block (see `blocks.rs`) is
//! checked on its own and summarized; document-wide rules then read the
//! summaries. A block whose text is unchanged since the previous analysis
//! reuses its results, so re-checking after an edit costs one block plus
//! the document-wide pass — the same code path, and so the same findings,
//! as a check from scratch.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::blocks::{split_blocks, split_blocks_after_edit};
use super::document::Document;
use super::finding::{Finding, Severity};
use super::format::Format;
use super::lines::{is_blank, line_number};
use super::moved::Moved;
use super::pipeline::{
    BlockSummary, Earlier, RuleFindings, check_block, document_findings_after, enabled_rules,
    finish, sort_by_position,
};
use super::rules::Rule;
use super::settings::Settings;
use super::story_date::{StoryDate, story_date};
use crate::names::Mention;

/// One block's results, shared between analyses of successive versions.
#[derive(Debug)]
struct BlockResult {
    /// Findings with offsets relative to the block, sorted by position.
    findings: Vec<Finding>,
    summary: BlockSummary,
    /// The line breaks in the block (LF, CRLF, lone CR; a CR at its end
    /// counted), and its first and last bytes: what the lines blocks start
    /// are counted from (`BlockFindings::line`); 0 in a one-off analysis
    /// (`Lines::Once`).
    breaks: usize,
    first_byte: u8,
    last_byte: u8,
}

#[derive(Clone, Debug)]
struct Block {
    start: usize,
    key: u64,
    result: Arc<BlockResult>,
}

/// The findings for one version of a text, and what the next analysis of
/// the same text under the same settings may reuse.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Every finding, sorted: made on first use (see `findings`), unless
    /// inline switches left some out.
    findings: OnceLock<Vec<Finding>>,
    format: Format,
    blocks: Vec<Block>,
    /// Length of the analysed text (where the last block ends).
    text_len: usize,
    /// The document-wide findings, sorted (also in `findings`).
    document: Vec<Finding>,
    /// Whether inline switches may have left findings out of `findings`.
    switched: bool,
    /// Each document-wide rule's findings before settling, for the
    /// analysis after an edit to take over (`DocumentRule::same`).
    by_rule: RuleFindings,
    /// How many document-wide rules ran (the others' findings were taken
    /// over from the previous analysis).
    rules_run: usize,
    /// The story's date, for the next analysis to tell whether an edit
    /// changed it.
    story_date: Option<StoryDate>,
    /// How many line breaks the text has: an edit that leaves the count
    /// leaves every line number outside it as it was.
    line_breaks: usize,
}

/// A block's findings, as `Analysis::by_block` gives them.
pub struct BlockFindings<'a> {
    /// Where the block starts in the text.
    pub start: usize,
    /// The same for every analysis that took this block over unchanged
    /// (whatever its start): what a front end may cache the block's
    /// converted findings under. Holding it keeps it from being reused.
    pub key: BlockKey,
    /// The line the block starts (0-based, lines as `lines.rs` and LSP
    /// count them), or `None` when it starts in the middle of one.
    pub line: Option<usize>,
    /// Offsets relative to `start`, sorted as `findings` is.
    pub findings: &'a [Finding],
}

/// Names one checked block's results (see `BlockFindings::key`).
#[derive(Clone, Debug)]
pub struct BlockKey(Arc<BlockResult>);

impl PartialEq for BlockKey {
    fn eq(&self, other: &BlockKey) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for BlockKey {}

impl std::hash::Hash for BlockKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

impl Analysis {
    /// Every finding of the text, sorted by position. Made from the blocks'
    /// and the document-wide findings when first asked for: the editor
    /// publishes block by block (`by_block`) and need not copy every
    /// finding of a long story after each keystroke.
    pub fn findings(&self) -> &[Finding] {
        self.findings
            .get_or_init(|| all_findings(&self.blocks, &self.document))
    }

    /// `findings`, owned: the findings of blocks no other analysis holds
    /// are moved, not copied.
    pub fn into_findings(mut self) -> Vec<Finding> {
        self.take_findings()
    }

    /// `into_findings`, leaving the rest of the analysis to the caller.
    fn take_findings(&mut self) -> Vec<Finding> {
        match self.findings.take() {
            Some(findings) => findings,
            None => take_findings(&mut self.blocks, std::mem::take(&mut self.document)),
        }
    }

    /// The findings block by block (each block's relative to its start;
    /// blocks without findings left out) and the document-wide ones:
    /// together, and merged by position, the
    /// same as `findings`. `None` when inline switches left findings out,
    /// which only `findings` accounts for. For a front end that converts
    /// findings and may keep each block's conversion while the block is
    /// taken over from one analysis to the next.
    pub fn by_block(&self) -> Option<(Vec<BlockFindings<'_>>, &[Finding])> {
        if self.switched {
            return None;
        }
        let mut blocks = Vec::new();
        walk_lines(&self.blocks, |block, line| {
            if !block.result.findings.is_empty() {
                blocks.push(BlockFindings {
                    start: block.start,
                    key: BlockKey(Arc::clone(&block.result)),
                    line,
                    findings: &block.result.findings,
                });
            }
        });
        Some((blocks, &self.document))
    }

    /// How many document-wide rules this analysis ran: after an edit, the
    /// others' findings were taken over from the analysis before it.
    pub fn document_rules_run(&self) -> usize {
        self.rules_run
    }

    /// How many blocks the text was split into.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// Known names in the text, in order, with absolute byte ranges.
    pub fn mentions(&self) -> impl Iterator<Item = Mention> + '_ {
        self.blocks.iter().flat_map(|b| {
            b.result.summary.mentions.iter().map(move |m| Mention {
                range: m.range.start + b.start..m.range.end + b.start,
                spelling: m.spelling,
            })
        })
    }

    /// The known name covering byte `at`, if any.
    pub fn mention_at(&self, at: usize) -> Option<Mention> {
        let block = self
            .blocks
            .partition_point(|b| b.start <= at)
            .checked_sub(1)?;
        let base = self.blocks[block].start;
        self.blocks[block]
            .result
            .summary
            .mentions
            .iter()
            .find(|m| m.range.start + base <= at && at < m.range.end + base)
            .map(|m| Mention {
                range: m.range.start + base..m.range.end + base,
                spelling: m.spelling,
            })
    }
}

/// Calls `each` with every block and the line it starts (`None` when it
/// starts in the middle of one), counted block by block rather than looked
/// up in the text; returns how many line breaks the text has.
fn walk_lines<'a>(blocks: &'a [Block], mut each: impl FnMut(&'a Block, Option<usize>)) -> usize {
    let mut line = 0;
    let mut last: Option<u8> = None;
    for block in blocks {
        let result = &block.result;
        if last == Some(b'\r') && result.first_byte == b'\n' {
            // A CRLF split between two blocks is one line break.
            line -= 1;
        }
        each(
            block,
            matches!(last, None | Some(b'\n' | b'\r')).then_some(line),
        );
        line += result.breaks;
        last = Some(result.last_byte);
    }
    line
}

/// A hash of a block's bytes and of whether it starts the story; blocks
/// with equal keys have equal findings (64-bit collisions aside).
fn block_key(text: &str, first: bool) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = text.as_bytes();
    let mut hash = (bytes.len() as u64).wrapping_mul(K) ^ u64::from(first);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        hash = (hash.rotate_left(23) ^ word).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        hash = (hash.rotate_left(23) ^ u64::from(b)).wrapping_mul(K);
    }
    hash
}

/// Analyzes `text`. With `previous` (an analysis of an earlier version under
/// the same settings), unchanged blocks are not checked again. The caller
/// must drop `previous` when the settings change.
pub fn analyze(
    text: &str,
    format: Format,
    settings: &Settings,
    previous: Option<&Analysis>,
) -> Analysis {
    analyze_blocks(
        text,
        format,
        settings,
        previous.map(Reuse::ByContent),
        split_blocks(text, format),
    )
}

/// Where a text differs from the one its previous analysis was made of:
/// `changed` is the byte range, in the new text, that holds every changed
/// byte; the bytes after it have moved by `shift` (new length − old length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub changed: Range<usize>,
    pub shift: isize,
}

impl TextEdit {
    /// One replacement: old bytes `start..old_end` became `new_len` bytes.
    pub fn replacement(start: usize, old_end: usize, new_len: usize) -> TextEdit {
        TextEdit {
            changed: start..start + new_len,
            shift: new_len as isize - (old_end - start) as isize,
        }
    }

    /// This edit followed by `next` (whose offsets are in the text after this
    /// one), as one edit.
    pub fn then(self, next: TextEdit) -> TextEdit {
        let map = |pos: usize| {
            if pos <= next.changed.start {
                pos
            } else {
                let old_end = (next.changed.end as isize - next.shift) as usize;
                if pos >= old_end {
                    (pos as isize + next.shift) as usize
                } else {
                    next.changed.end
                }
            }
        };
        let start = self.changed.start.min(next.changed.start);
        let end = map(self.changed.end).max(next.changed.end);
        TextEdit {
            changed: start..end,
            shift: self.shift + next.shift,
        }
    }
}

/// Like `analyze`, told where the text changed: blocks wholly before or
/// after the change are matched to the previous analysis by position,
/// without reading them again. The editor's path: an edit in a long
/// document costs the blocks it touches, not a pass over every byte.
pub fn analyze_edit(
    text: &str,
    format: Format,
    settings: &Settings,
    previous: &Analysis,
    edit: &TextEdit,
) -> Analysis {
    let ranges = if previous.format == format {
        let old_starts: Vec<usize> = previous.blocks.iter().map(|b| b.start).collect();
        split_blocks_after_edit(text, format, &old_starts, edit.changed.clone(), edit.shift)
    } else {
        split_blocks(text, format)
    };
    analyze_blocks(
        text,
        format,
        settings,
        Some(Reuse::ByPosition(previous, edit)),
        ranges,
    )
}

/// How an analysis may take blocks from its predecessor.
enum Reuse<'a> {
    /// Any block with the same bytes (found by hashing every block).
    ByContent(&'a Analysis),
    /// Blocks outside the edit, by position; the rest by content.
    ByPosition(&'a Analysis, &'a TextEdit),
}

/// A one-off check (`copydesk check`): the same analysis over larger blocks,
/// paragraphs merged up to `BATCH` bytes, since nothing will be reused and
/// each block costs a little. Blocks are independent, so the findings are
/// the same for any split (a property test holds this) and for any number
/// of `threads` checking them.
pub fn analyze_once(
    text: &str,
    format: Format,
    settings: &Settings,
    threads: usize,
) -> Vec<Finding> {
    analyze_once_dated(text, format, settings, threads).0
}

/// `analyze_once`, and the story's date (`story_date`), which the analysis
/// works out anyway: a front end that reports both need not look twice.
pub fn analyze_once_dated(
    text: &str,
    format: Format,
    settings: &Settings,
    threads: usize,
) -> (Vec<Finding>, Option<StoryDate>) {
    let batches = batches(text, format, BATCH);
    let enabled = enabled_rules(settings);
    // Nothing of a one-off analysis is reused: its blocks get no key and no
    // line count (`Once`).
    let results = crate::parallel::map(&batches, threads, |index, range| {
        fresh_block(
            &text[range.clone()],
            format,
            index == 0,
            settings,
            &enabled,
            Lines::Once,
        )
    });
    let blocks = batches
        .iter()
        .zip(results)
        .map(|(range, result)| Block {
            start: range.start,
            key: 0,
            result,
        })
        .collect();
    // A story of one batch is one thread's work to the end.
    let threads = if batches.len() > 1 { threads } else { 1 };
    let mut analysis = assemble(text, format, settings, &enabled, blocks, None, threads);
    let findings = analysis.take_findings();
    // Each block's summaries are many small allocations: freed on another
    // thread, not one allocation at a time on this one before the caller
    // can write the findings.
    drop_aside(std::mem::take(&mut analysis.blocks), threads);
    let dated = analysis.story_date.take();
    (findings, dated)
}

/// How many bytes of blocks `analyze_once` merges into one batch.
const BATCH: usize = 32 * 1024;

/// The batches of a one-off analysis: blocks (`split_blocks`) merged in
/// order until a batch holds at least `batch` bytes. A story no longer than
/// a batch is one batch, however it splits (nearly every story of an
/// archive: it is not split at all). A long plain text is not split whole
/// either: each batch ends at the first block that starts `batch` bytes or
/// more after its start, found by splitting a window around that point
/// (`first_block_from`); the batches are the same (a property test holds
/// this). Markdown is split whole: a fence anywhere before changes where
/// blocks start.
fn batches(text: &str, format: Format, batch: usize) -> Vec<Range<usize>> {
    if text.len() <= batch {
        return std::iter::once(0..text.len()).collect();
    }
    if format == Format::Markdown {
        return merged_blocks(text, format, batch);
    }
    let mut batches: Vec<Range<usize>> = Vec::with_capacity(text.len() / batch + 1);
    let mut start = 0;
    while let Some(next) = first_block_from(text, start, start + batch, batch) {
        batches.push(start..next);
        start = next;
    }
    batches.push(start..text.len());
    batches
}

/// The blocks of `text` (`split_blocks`) merged in order until each batch
/// holds at least `batch` bytes: what `batches` gives, found the plain way.
fn merged_blocks(text: &str, format: Format, batch: usize) -> Vec<Range<usize>> {
    let mut batches: Vec<Range<usize>> = Vec::new();
    for block in split_blocks(text, format) {
        match batches.last_mut() {
            Some(last) if last.len() < batch => last.end = block.end,
            _ => batches.push(block),
        }
    }
    batches
}

/// The first block of plain `text` that starts at or after `mark`, when
/// `start` (before `mark`) starts a block or the text. `split_blocks` starts
/// a block at a line with text after a blank line, once a line with text
/// came before it; so it is run on a window that begins at a line start
/// before `mark` with text between it and `mark` (from there on, every
/// line at or after `mark` is judged as in the whole text) and ends after
/// a line break, widened until a block starts in it or it reaches the end
/// (from a thirty-second of a `batch` before `mark` to an eighth after it:
/// a few paragraphs).
fn first_block_from(text: &str, start: usize, mark: usize, batch: usize) -> Option<usize> {
    if mark >= text.len() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut below = mark;
    while !text.is_char_boundary(below) {
        below -= 1;
    }
    let mut margin = (batch / 32).max(1);
    let from = loop {
        let at = below.saturating_sub(margin).max(start);
        if at == start {
            // The text's start, or a block's: a line with text.
            break start;
        }
        let line = memchr::memchr(b'\n', &bytes[at..below]).map(|i| at + i + 1);
        if let Some(line) = line.filter(|&line| !is_blank(&text[line..below])) {
            break line;
        }
        margin *= 2;
    };
    let mut reach = (batch / 8).max(1);
    loop {
        let target = mark + reach;
        let end = match bytes
            .get(target..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        {
            Some(i) => target + i + 1,
            None => text.len(),
        };
        let found = split_blocks(&text[from..end], Format::Plain)
            .into_iter()
            .map(|block| from + block.start)
            .find(|&at| at >= mark);
        if found.is_some() || end == text.len() {
            return found;
        }
        reach *= 2;
    }
}

/// Whether a block's line breaks are counted: for the lines `by_block`
/// gives and for the next analysis to compare (`Kept`), not in a one-off
/// analysis (`Once`), which nothing asks for lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    Kept,
    Once,
}

/// Drops `items` on a thread of its own, which is not waited for, when
/// `threads` allow another: the caller goes on to write the findings
/// meanwhile (`copydesk check` of 8 MB: 5.7 M instructions and two thread
/// starts off the way to its report; the process may end before the
/// thread does). With one thread, here.
fn drop_aside<T: Send + 'static>(items: Vec<T>, threads: usize) {
    if threads <= 1 || items.len() <= 1 {
        return;
    }
    // Should no thread start, the closure, and `items` with it, is
    // dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(items));
}

/// Checks one block from scratch.
fn fresh_block(
    body: &str,
    format: Format,
    first: bool,
    settings: &Settings,
    enabled: &[(&'static Rule, Severity)],
    lines: Lines,
) -> Arc<BlockResult> {
    let doc = Document::block(body, format, first);
    let (mut findings, summary) = check_block(&doc, settings, enabled);
    // In the order `finish` leaves them (a stable sort by the same key).
    sort_by_position(&mut findings);
    let bytes = body.as_bytes();
    Arc::new(BlockResult {
        findings,
        summary,
        breaks: match lines {
            Lines::Kept => line_number(body, body.len()) - 1,
            Lines::Once => 0,
        },
        first_byte: bytes.first().copied().unwrap_or(0),
        last_byte: bytes.last().copied().unwrap_or(0),
    })
}

fn analyze_blocks(
    text: &str,
    format: Format,
    settings: &Settings,
    reuse: Option<Reuse<'_>>,
    ranges: Vec<Range<usize>>,
) -> Analysis {
    let (previous, edit) = match reuse {
        Some(Reuse::ByContent(p)) => (Some(p), None),
        Some(Reuse::ByPosition(p, e)) => (Some(p), Some(e)),
        None => (None, None),
    };
    let previous = previous.filter(|p| p.format == format);
    // The content index is built only if some block needs it.
    let mut by_content: Option<FxHashMap<u64, &Arc<BlockResult>>> = None;
    let enabled = enabled_rules(settings);
    // Old starts only grow from one block to the next, so the previous
    // blocks are walked with a cursor, not searched afresh for each block.
    let mut cursor = 0;
    let blocks: Vec<Block> = ranges
        .into_iter()
        .enumerate()
        .map(|(index, range)| {
            let first = index == 0;
            // A block wholly outside the edit has the bytes it had: find the
            // previous block with the same (old) start and length.
            if let (Some(previous), Some(edit)) = (previous, edit) {
                let old_start = if range.end <= edit.changed.start {
                    Some(range.start)
                } else if range.start >= edit.changed.end {
                    Some((range.start as isize - edit.shift) as usize)
                } else {
                    None
                };
                if let Some(old_start) = old_start {
                    while previous
                        .blocks
                        .get(cursor)
                        .is_some_and(|b| b.start < old_start)
                    {
                        cursor += 1;
                    }
                    let at = cursor;
                    let old_end = previous
                        .blocks
                        .get(at + 1)
                        .map_or(previous.text_len, |b| b.start);
                    // Same start, same length, and both first in their text
                    // or neither (the headline may only be in the first).
                    let same = |b: &&Block| {
                        b.start == old_start
                            && old_end - old_start == range.len()
                            && (old_start == 0) == first
                    };
                    if let Some(old) = previous.blocks.get(at).filter(same) {
                        return Block {
                            start: range.start,
                            key: old.key,
                            result: Arc::clone(&old.result),
                        };
                    }
                }
            }
            let body = &text[range.clone()];
            let key = block_key(body, first);
            let reusable = previous.and_then(|p| {
                by_content
                    .get_or_insert_with(|| p.blocks.iter().map(|b| (b.key, &b.result)).collect())
                    .get(&key)
                    .copied()
            });
            let result = match reusable {
                Some(result) => Arc::clone(result),
                None => fresh_block(body, format, first, settings, &enabled, Lines::Kept),
            };
            Block {
                start: range.start,
                key,
                result,
            }
        })
        .collect();
    let earlier = previous.zip(edit);
    assemble(text, format, settings, &enabled, blocks, earlier, 1)
}

/// The blocks an edit changed, in pairs (before, after), when the blocks
/// before them are the previous analysis's at the same starts and those
/// after them are its last ones moved by the edit; `None` when the edit
/// changed how many blocks there are.
fn changed_blocks<'a>(
    previous: &'a Analysis,
    blocks: &'a [Block],
    edit: &TextEdit,
    text_len: usize,
) -> Option<Vec<(&'a Block, &'a Block)>> {
    if previous.text_len as isize + edit.shift != text_len as isize
        || previous.blocks.len() != blocks.len()
    {
        return None;
    }
    let same = |old: &Block, new: &Block, shift: isize| {
        Arc::ptr_eq(&old.result, &new.result) && old.start as isize + shift == new.start as isize
    };
    let pairs = previous.blocks.iter().zip(blocks);
    let before = pairs.clone().take_while(|(o, n)| same(o, n, 0)).count();
    let after = pairs
        .clone()
        .rev()
        .take(blocks.len() - before)
        .take_while(|(o, n)| same(o, n, edit.shift))
        .count();
    Some(
        pairs
            .skip(before)
            .take(blocks.len() - before - after)
            .collect(),
    )
}

/// The analysis made of checked blocks: their findings, moved to the
/// text's offsets, and the document-wide findings, through the pipeline's
/// last stages. After an edit (`earlier`: the previous analysis and the
/// edit), document-wide rules that the edit leaves as they were are not
/// run again. The document-wide rules are shared among up to `threads`
/// threads (each rule runs whole on one of them: the same findings).
fn assemble(
    text: &str,
    format: Format,
    settings: &Settings,
    enabled: &[(&'static Rule, Severity)],
    blocks: Vec<Block>,
    earlier: Option<(&Analysis, &TextEdit)>,
    threads: usize,
) -> Analysis {
    let summaries: Vec<(usize, &BlockSummary)> = blocks
        .iter()
        .map(|b| (b.start, &b.result.summary))
        .collect();
    let dated = story_date(text, format, settings);
    let line_breaks = walk_lines(&blocks, |_, _| {});
    let earlier = earlier.and_then(|(previous, edit)| {
        let changed = changed_blocks(previous, &blocks, edit, text.len())?;
        let old_changed_end = (edit.changed.end as isize - edit.shift) as usize;
        Some(Earlier {
            rules: &previous.by_rule,
            changed: changed
                .into_iter()
                .map(|(old, new)| {
                    (
                        (old.start, &old.result.summary),
                        (new.start, &new.result.summary),
                    )
                })
                .collect(),
            changed_start: edit.changed.start,
            old_changed_end,
            shift: edit.shift,
            lines: previous.line_breaks == line_breaks,
            story_date: same_date(previous.story_date.as_ref(), dated.as_ref(), |range| {
                Moved {
                    before_base: 0,
                    after_base: 0,
                    changed_start: edit.changed.start,
                    old_changed_end,
                    shift: edit.shift,
                    story_date: true,
                    lines: true,
                }
                .map(range)
            }),
        })
    });
    let (mut document, by_rule, rules_run) = document_findings_after(
        text,
        format,
        &summaries,
        settings,
        enabled,
        earlier.as_ref(),
        threads,
    );
    let switched = finish(&mut document, text, format);
    let findings = OnceLock::new();
    if switched {
        // Inline switches leave out block findings too: every finding is
        // read against them now, while the text is at hand.
        let mut all = all_findings(&blocks, &document);
        finish(&mut all, text, format);
        let _ = findings.set(all);
    }
    Analysis {
        findings,
        format,
        blocks,
        text_len: text.len(),
        document,
        switched,
        by_rule,
        rules_run,
        story_date: dated,
        line_breaks,
    }
}

/// Whether a story's date before an edit and after it are the same, and
/// written in the same place (`map`: where an old range is after the edit,
/// if clear of it).
fn same_date(
    before: Option<&StoryDate>,
    after: Option<&StoryDate>,
    map: impl Fn(&Range<usize>) -> Option<Range<usize>>,
) -> bool {
    match (before, after) {
        (None, None) => true,
        (Some(b), Some(a)) => {
            b.date == a.date
                && b.source == a.source
                && match (&b.range, &a.range) {
                    (None, None) => true,
                    (Some(rb), Some(ra)) => map(rb).as_ref() == Some(ra),
                    _ => false,
                }
        }
        _ => false,
    }
}

/// The blocks' findings, moved to the text's offsets, and the document-wide
/// ones (finished), sorted as `finish` sorts: one allocation for the whole
/// story's findings, not one per doubling.
fn all_findings(blocks: &[Block], document: &[Finding]) -> Vec<Finding> {
    let from_blocks: usize = blocks.iter().map(|b| b.result.findings.len()).sum();
    let mut findings: Vec<Finding> = Vec::with_capacity(from_blocks + document.len());
    for block in blocks {
        findings.extend(
            block
                .result
                .findings
                .iter()
                .map(|f| shifted(f, block.start)),
        );
    }
    findings.extend(document.iter().cloned());
    sort_by_position(&mut findings);
    findings
}

/// `all_findings`, the findings of the blocks held by nothing else (a
/// story checked once) taken out of them rather than copied.
fn take_findings(blocks: &mut [Block], document: Vec<Finding>) -> Vec<Finding> {
    let from_blocks: usize = blocks.iter().map(|b| b.result.findings.len()).sum();
    let mut findings: Vec<Finding> = Vec::with_capacity(from_blocks + document.len());
    for block in blocks {
        let by = block.start;
        match Arc::get_mut(&mut block.result) {
            Some(result) => findings.extend(result.findings.drain(..).map(|mut f| {
                shift(&mut f, by);
                f
            })),
            None => findings.extend(block.result.findings.iter().map(|f| shifted(f, by))),
        }
    }
    findings.extend(document);
    sort_by_position(&mut findings);
    findings
}

fn shifted(finding: &Finding, by: usize) -> Finding {
    let mut out = finding.clone();
    shift(&mut out, by);
    out
}

/// Moves a finding `by` bytes on: its range, related ranges and fixes.
fn shift(finding: &mut Finding, by: usize) {
    let shift = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
    shift(&mut finding.range);
    for related in &mut finding.related {
        shift(&mut related.range);
    }
    for fix in &mut finding.fixes {
        for edit in &mut fix.edits {
            shift(&mut edit.range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::LineIndex;
    use crate::engine::pipeline::document_findings;

    /// How many of `after`'s blocks were taken over from `before`.
    fn shared_blocks(before: &Analysis, after: &Analysis) -> usize {
        after
            .blocks
            .iter()
            .filter(|b| {
                before
                    .blocks
                    .iter()
                    .any(|p| Arc::ptr_eq(&p.result, &b.result))
            })
            .count()
    }

    const STORY: &str = "Talks resume\n\nThe the envoys met on October 24.\n\n“We will go on,” she said. “We will not stop.\n\n“We will win.”\n\nThe the envoys met on October 24.\n";

    #[test]
    fn reusing_blocks_gives_the_findings_of_a_fresh_analysis() {
        let settings = Settings::default();
        let before = analyze(STORY, Format::Plain, &settings, None);
        let edited = STORY
            .replace("She said", "she said")
            .replace("will win", "shall win");
        let incremental = analyze(&edited, Format::Plain, &settings, Some(&before));
        let fresh = analyze(&edited, Format::Plain, &settings, None);
        assert_eq!(incremental.findings(), fresh.findings());
        assert!(!fresh.findings().is_empty());
    }

    /// `by_block`, its blocks' findings moved to their starts and merged
    /// with the document-wide ones by position, block findings first on a
    /// tie: what `findings` holds.
    fn merged(analysis: &Analysis) -> Option<Vec<Finding>> {
        let (blocks, document) = analysis.by_block()?;
        let mut all: Vec<Finding> = blocks
            .iter()
            .flat_map(|b| b.findings.iter().map(|f| shifted(f, b.start)))
            .collect();
        all.extend(document.iter().cloned());
        all.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        Some(all)
    }

    #[test]
    fn findings_by_block_are_the_findings() {
        let settings = Settings::default();
        let story = format!("{STORY}\nKim Jong Un met Kim Jong-un.\n");
        for format in [Format::Plain, Format::Markdown] {
            let analysis = analyze(&story, format, &settings, None);
            assert!(analysis.findings().len() > 3);
            assert_eq!(merged(&analysis).unwrap(), analysis.findings());
            let (blocks, _) = analysis.by_block().unwrap();
            let edited = story.replacen("The the envoys", "The the envoy", 1);
            let again = analyze(&edited, format, &settings, Some(&analysis));
            let (after, _) = again.by_block().unwrap();
            // A block taken over keeps its key; the edited one has a new one.
            assert!(after.iter().any(|b| blocks.iter().any(|a| a.key == b.key)));
            assert!(after.iter().any(|b| blocks.iter().all(|a| a.key != b.key)));
        }
        let switched = "The the end.\n\n<!-- copydesk-disable repeated-word -->\n\nThe the end.\n";
        assert!(
            analyze(switched, Format::Markdown, &settings, None)
                .by_block()
                .is_none()
        );
    }

    #[test]
    fn blocks_know_the_lines_they_start() {
        let texts = [
            "The the end.\n\nThe the end.\r\n\r\nA\rthe the\r\rB the the\n",
            "One the the\r\n\r\n\r\nTwo the the\r\rThree the the",
            "\n\n\nThe the.\n\n  \n\nthe the\n",
        ];
        for text in texts {
            let index = LineIndex::new(text);
            let analysis = analyze(text, Format::Plain, &Settings::default(), None);
            let (blocks, _) = analysis.by_block().unwrap();
            assert!(blocks.len() >= 2, "{text:?}");
            for block in blocks {
                assert_eq!(block.line, Some(index.line(block.start)), "{text:?}");
            }
        }
    }

    #[test]
    fn unchanged_blocks_are_shared_not_rechecked() {
        let settings = Settings::default();
        let before = analyze(STORY, Format::Plain, &settings, None);
        let edited = STORY.replace("will win", "shall win");
        let after = analyze(&edited, Format::Plain, &settings, Some(&before));
        assert_eq!(shared_blocks(&before, &after), after.block_count() - 1);
    }

    /// The whole text as one block: what a check would give if blocks did
    /// not exist.
    fn as_one_block(text: &str, format: Format) -> Vec<Finding> {
        let settings = Settings::default();
        let doc = Document::block(text, format, true);
        let (mut findings, summary) = check_block(&doc, &settings, &enabled_rules(&settings));
        findings.extend(document_findings(
            text,
            format,
            &[(0, &summary)],
            &settings,
            &enabled_rules(&settings),
        ));
        // Without inline switches: the property test below has none.
        finish(&mut findings, text, Format::Plain);
        findings
    }

    const PIECES: &[&str] = &[
        "the the",
        "Victor Cha",
        "October",
        "24",
        "“We go,",
        "she said.",
        "\"",
        "(",
        ")",
        "said",
        "Kerry",
        "the",
        "1990's",
        "$3",
        "billion",
        "dollars",
        "U.S",
        "Han Song Ryol",
        "vice foreign minister",
        "a",
        "officer",
        "Sept",
        ".",
        ",",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\n\n",
        "# Head",
        "  ",
        "3pm",
        "Same line repeated here today",
        // Markdown structure: front matter of both kinds, fences and
        // comments that hold blank lines, indented code, CRLF.
        "---\n",
        "+++\n",
        "title = the the\n",
        "```\n",
        "~~~\n",
        "<!-- note ",
        " -->",
        "    the the\n",
        "\r\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Blocks are independent: splitting changes no finding.
        #[test]
        fn findings_do_not_depend_on_the_split_into_blocks(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..40),
            markdown in proptest::prelude::any::<bool>(),
        ) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let format = if markdown { Format::Markdown } else { Format::Plain };
            let by_blocks = analyze(&text, format, &Settings::default(), None).into_findings();
            proptest::prop_assert_eq!(&by_blocks, &as_one_block(&text, format), "text: {:?}", text);
            proptest::prop_assert_eq!(&by_blocks, &analyze_once(&text, format, &Settings::default(), 1), "text: {:?}", text);
        }
    }

    const LINES: &[&str] = &[
        "Para one.",
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\r",
        " \t\n",
        "\u{2028}",
        "\u{a0}\n",
        "Seoul said “yes”.",
        "x",
        "한국어 문장.",
        "    indented\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]
        #[test]
        fn batches_found_by_windows_are_the_merged_blocks(
            pieces in proptest::collection::vec(0..LINES.len(), 0..200),
            batch in 1usize..200,
            markdown in proptest::prelude::any::<bool>(),
        ) {
            let text: String = pieces.iter().map(|&i| LINES[i]).collect();
            let format = if markdown { Format::Markdown } else { Format::Plain };
            let expected: Vec<Range<usize>> = if text.len() <= batch {
                std::iter::once(0..text.len()).collect()
            } else {
                merged_blocks(&text, format, batch)
            };
            proptest::prop_assert_eq!(batches(&text, format, batch), expected, "text: {:?}", text);
        }
    }

    #[test]
    fn a_long_story_gets_the_same_findings_on_any_number_of_threads() {
        // Several 32 KB batches, with slips of block and document-wide rules
        // (a name spelled two ways, a repeated paragraph) far apart.
        let mut text = String::from("Talks resume\n\n");
        let mut n = 0;
        while text.len() < 200 * 1024 {
            n += 1;
            let slip = match n % 97 {
                0 => "The the envoys met Kim Jong-un on October 24. ",
                50 => "Kim Jong Un spoke on Monday, Oct. 25, 2016 , in Pyongyang. ",
                _ => "",
            };
            text.push_str(&format!("Paragraph {n}: {slip}The talks went on.\n\n"));
        }
        text.push_str("The talks went on.\n\nThe talks went on.\n");
        for format in [Format::Plain, Format::Markdown] {
            let one = analyze_once(&text, format, &Settings::default(), 1);
            assert!(one.len() > 10, "{} findings", one.len());
            for threads in [2, 3, 8] {
                assert_eq!(
                    analyze_once(&text, format, &Settings::default(), threads),
                    one,
                    "{threads} threads"
                );
                // The story's date comes with the findings, as `story_date`
                // finds it.
                let (_, dated) = analyze_once_dated(&text, format, &Settings::default(), threads);
                assert_eq!(
                    dated.map(|d| d.date),
                    story_date(&text, format, &Settings::default()).map(|d| d.date)
                );
            }
        }
    }

    #[test]
    fn a_comment_across_the_batch_boundary_is_masked_whole() {
        let mut text = String::new();
        while text.len() < 32 * 1024 - 40 {
            text.push_str(&format!("Paragraph {} of the story.\n\n", text.len()));
        }
        text.push_str("Note <!-- the the  \n\n  the the -->\n\nEnd.\n");
        let findings = analyze_once(&text, Format::Markdown, &Settings::default(), 1);
        assert!(findings.is_empty(), "{findings:?}");
        assert!(
            analyze(&text, Format::Markdown, &Settings::default(), None)
                .findings()
                .is_empty()
        );
    }

    #[test]
    fn told_where_the_edit_is_unchanged_blocks_are_taken_by_position() {
        let settings = Settings::default();
        let before = analyze(STORY, Format::Plain, &settings, None);
        let at = STORY.find("will win").unwrap();
        let edited = STORY.replacen("will win", "shall win", 1);
        let edit = TextEdit::replacement(at, at + "will".len(), "shall".len());
        let after = analyze_edit(&edited, Format::Plain, &settings, &before, &edit);
        assert_eq!(shared_blocks(&before, &after), after.block_count() - 1);
        assert_eq!(
            after.findings(),
            analyze(&edited, Format::Plain, &settings, None).findings()
        );
    }

    /// `story` analysed, then `from` replaced by `to` (once) and analysed
    /// again after the edit: the second analysis, checked against a fresh
    /// one.
    fn edited(story: &str, from: &str, to: &str) -> (Analysis, Analysis) {
        let settings = Settings::default();
        let before = analyze(story, Format::Plain, &settings, None);
        let at = story.find(from).expect("the text to replace");
        let text = story.replacen(from, to, 1);
        let edit = TextEdit::replacement(at, at + from.len(), to.len());
        let after = analyze_edit(&text, Format::Plain, &settings, &before, &edit);
        assert_eq!(
            after.findings(),
            analyze(&text, Format::Plain, &settings, None).findings()
        );
        (before, after)
    }

    /// The spans of `rule`'s findings in `text`.
    fn spans<'a>(analysis: &Analysis, text: &'a str, rule: &str) -> Vec<&'a str> {
        analysis
            .findings()
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| &text[f.range.clone()])
            .collect()
    }

    const CONSISTENT: &str = "Talks resume\n\nVice Foreign Minister Han Song Ryol attended.\n\nFormer Ambassador Victor Cha, 55, said the talks would go on.\n\nThe Korean Central News Agency (KCNA) reported the meeting.\n\nThe envoys met for three hours in the capital today.\n\nVictor Cha spoke again.\n\nLater, Ambassador Cha, 55, spoke to KCNA on the matter of the talks.\n\nVice Foreign Minister Han said nothing.\n";

    #[test]
    fn an_edit_elsewhere_that_makes_a_document_finding_runs_the_rule_again() {
        // Typing in a paragraph with nothing a document-wide rule keeps:
        // every rule but those that always run is taken over.
        let (before, after) = edited(CONSISTENT, "three hours", "four hours");
        assert!(
            after.document_rules_run() < before.document_rules_run(),
            "{} of {}",
            after.document_rules_run(),
            before.document_rules_run()
        );
        // Each edit below changes a finding in another paragraph than the
        // one edited: the rule that makes it runs again.
        let cases = [
            // An age inconsistent with the one given first.
            ("Cha, 55, spoke", "Cha, 57, spoke", "age-inconsistent", "57"),
            // A title inconsistent with the one given first.
            (
                "Vice Foreign Minister Han said",
                "Deputy Foreign Minister Han said",
                "title-inconsistent",
                "Deputy Foreign Minister",
            ),
            // An abbreviation introduced a second way.
            (
                "to KCNA on",
                "to the Korea Central News Agency (KCNA) on",
                "abbreviation-inconsistent",
                "Korea Central News Agency",
            ),
            // A paragraph repeated.
            (
                "Victor Cha spoke again.",
                "The envoys met for three hours in the capital today.",
                "repeated-paragraph",
                "The envoys met for three hours in the capital today.",
            ),
        ];
        for (from, to, rule, span) in cases {
            let (before, after) = edited(CONSISTENT, from, to);
            let text = CONSISTENT.replacen(from, to, 1);
            assert_eq!(
                spans(&before, CONSISTENT, rule),
                Vec::<&str>::new(),
                "{rule}"
            );
            assert_eq!(spans(&after, &text, rule), [span], "{rule}");
            // And the edit back takes the finding away again.
            let (_, back) = edited(&text, to, from);
            assert_eq!(spans(&back, CONSISTENT, rule), Vec::<&str>::new(), "{rule}");
        }
    }

    #[test]
    fn a_line_break_before_a_repeated_paragraph_renumbers_its_message() {
        let story = "Talks resume\n\nThe envoys met for three hours in the capital today.\n\nThey left.\n\nThe envoys met for three hours in the capital today.\n";
        let message = |analysis: &Analysis| {
            let found: Vec<String> = analysis
                .findings()
                .iter()
                .filter(|f| f.rule == "repeated-paragraph")
                .map(|f| f.message.clone())
                .collect();
            found
        };
        // A line break added inside the headline's block, before the
        // first copy: the repeat's message names the next line.
        let (before, after) = edited(story, "Talks resume", "Talks\nresume");
        assert_eq!(message(&before), ["This repeats line 3"]);
        assert_eq!(message(&after), ["This repeats line 4"]);
        // A word typed without a line break: the finding is taken over.
        let (before, after) = edited(story, "They left.", "They then left.");
        assert!(after.document_rules_run() < before.document_rules_run());
        assert_eq!(message(&after), ["This repeats line 3"]);
    }

    #[test]
    fn a_name_spelled_a_second_way_elsewhere_is_found_and_moved_findings_follow_the_text() {
        let story = "Talks resume\n\nKim Jong Un met the envoys.\n\nThe talks went on for hours.\n\nKim Jong Un left.\n";
        let (_, after) = edited(story, "Kim Jong Un left", "Kim Jong-un left");
        let text = story.replacen("Kim Jong Un left", "Kim Jong-un left", 1);
        let flagged: Vec<&str> = after
            .findings()
            .iter()
            .filter(|f| f.rule == "name-variant" || f.rule == "name-inconsistent")
            .map(|f| &text[f.range.clone()])
            .collect();
        assert_eq!(flagged, ["Kim Jong-un"]);
        // With `name-variant` off, the second spelling is the document-wide
        // rule's; an edit before it moves the taken-over finding along.
        let mut settings = Settings::default();
        settings
            .levels
            .insert("name-variant".to_string(), crate::engine::Level::Off);
        let before = analyze(&text, Format::Plain, &settings, None);
        let at = text.find("for hours").unwrap();
        let moved_text = text.replacen("for hours", "for many hours", 1);
        let edit = TextEdit::replacement(at, at + 3, "for many".len());
        let after = analyze_edit(&moved_text, Format::Plain, &settings, &before, &edit);
        assert!(after.document_rules_run() < before.document_rules_run());
        assert_eq!(spans(&before, &text, "name-inconsistent"), ["Kim Jong-un"]);
        assert_eq!(
            spans(&after, &moved_text, "name-inconsistent"),
            ["Kim Jong-un"]
        );
        assert_eq!(
            after.findings(),
            analyze(&moved_text, Format::Plain, &settings, None).findings()
        );
    }

    /// Settings with every rule on and headlines in sentence case, so that
    /// each document-wide rule has its say.
    fn everything_on() -> Settings {
        let mut settings = Settings {
            headlines: crate::engine::HeadlineStyle::Sentence,
            ..Settings::default()
        };
        for rule in crate::engine::rules::ALL {
            settings.levels.insert(
                rule.id.to_string(),
                crate::engine::Level::On(Severity::Warning),
            );
        }
        settings
    }

    /// Pieces that document-wide rules speak of: names spelled two ways,
    /// titles, ages, abbreviations, quotation marks and apostrophes of both
    /// styles, "the" before a name's possessive, repeated paragraphs, the
    /// story's date and weekdays.
    const STORY_PIECES: &[&str] = &[
        "Kim Jong Un ",
        "Kim Jong-un ",
        "Victor Cha ",
        "Cha ",
        "Foreign Minister Yun Byung-se ",
        "Vice Minister Yun Byung-se ",
        "Yun ",
        ", 62, ",
        ", 63, ",
        "birthday ",
        "the Korean Central News Agency (KCNA) ",
        "the Korea Central News Agency (KCNA) ",
        "KCNA ",
        "“",
        "”",
        "\"",
        "'",
        "’",
        "`",
        "the Pyongyang's ",
        "in Pyongyang ",
        "the ",
        "said. ",
        "The talks went on.",
        "Posted : 2016-10-24 16:55:42",
        "on Tuesday, Oct. 25, ",
        "yesterday ",
        "In 2012, ",
        "SEOUL, Oct. 24 (Yonhap) -- ",
        "Kim Jong Un, 32, ",
        "Secretary of State John Kerry ",
        "Talks Resume In Seoul",
        "x",
        " ",
        ".",
        "\n",
        "\n\n",
        "\n\n",
    ];

    /// One random edit: `pieces` (indices) inserted at `at` (a fraction of
    /// the text, to a character boundary) after deleting `delete` characters.
    fn random_edit(text: &str, at: f64, delete: usize, pieces: &[usize]) -> (String, TextEdit) {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let start_index = ((boundaries.len() - 1) as f64 * at) as usize;
        let start = boundaries[start_index];
        let end = boundaries[(start_index + delete).min(boundaries.len() - 1)];
        let inserted: String = pieces.iter().map(|&i| STORY_PIECES[i]).collect();
        let mut edited = String::with_capacity(text.len() + inserted.len());
        edited.push_str(&text[..start]);
        edited.push_str(&inserted);
        edited.push_str(&text[end..]);
        (edited, TextEdit::replacement(start, end, inserted.len()))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        /// After any edits, an analysis that took the document-wide rules'
        /// findings over where the edit left them as they were
        /// (`DocumentRule::same`) equals a fresh one; edits are analysed
        /// one by one or two at a time (composed, as the server does when
        /// a keystroke arrives during an analysis).
        #[test]
        fn taking_document_findings_over_after_edits_gives_a_fresh_analysis(
            story in proptest::collection::vec(0..STORY_PIECES.len(), 0..60),
            edits in proptest::collection::vec(
                (0.0..1.0f64, 0..4usize, proptest::collection::vec(0..STORY_PIECES.len(), 0..3), proptest::prelude::any::<bool>()),
                1..12,
            ),
            markdown in proptest::prelude::any::<bool>(),
            all_on in proptest::prelude::any::<bool>(),
        ) {
            let format = if markdown { Format::Markdown } else { Format::Plain };
            let settings = if all_on { everything_on() } else { Settings::default() };
            // Paragraphs of pieces, so that there are blocks to take over.
            let mut text: String = story
                .chunks(4)
                .map(|chunk| chunk.iter().map(|&i| STORY_PIECES[i]).collect::<String>())
                .collect::<Vec<_>>()
                .join("\n\n");
            let mut analysis = analyze(&text, format, &settings, None);
            let mut pending: Option<TextEdit> = None;
            for (at, delete, pieces, wait) in edits {
                let (edited, edit) = random_edit(&text, at, delete, &pieces);
                text = edited;
                let edit = match pending.take() {
                    Some(earlier) => earlier.then(edit),
                    None => edit,
                };
                if wait {
                    pending = Some(edit);
                    continue;
                }
                analysis = analyze_edit(&text, format, &settings, &analysis, &edit);
                let fresh = analyze(&text, format, &settings, None);
                proptest::prop_assert_eq!(&analysis.findings(), &fresh.findings(), "text: {:?}", text);
            }
        }
    }

    #[test]
    fn edits_compose() {
        // "abcdef": replace "bc" by "X" (→ "aXdef"), then "de" by "YYY" (→ "aXYYYf").
        let first = TextEdit::replacement(1, 3, 1);
        let second = TextEdit::replacement(2, 4, 3);
        assert_eq!(
            first.then(second),
            TextEdit {
                changed: 1..5,
                shift: 0
            }
        );
    }

    #[test]
    fn document_wide_rules_see_across_blocks() {
        let findings = analyze(STORY, Format::Plain, &Settings::default(), None).into_findings();
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert!(rules.contains(&"repeated-paragraph"), "{rules:?}");
        // The quotation continued into the next paragraph is not flagged.
        assert!(!rules.contains(&"unbalanced-quotes"), "{rules:?}");
    }
}
