//! The pipeline: every finding's way from a rule to the caller, the same for
//! a rule that looks at one block and for one that looks at the whole story.
//!
//! 1. Block rules run on each block's `Document`; document-wide rules keep
//!    what they need of each block (`DocumentRule::Summary`) and then run
//!    over the whole story.
//! 2. Every finding, of either kind, is then *settled* against the layout
//!    of the block it starts in: dropped in a masked region (a URL, Markdown
//!    code, front matter) or when the newsroom accepts its text; its fixes
//!    made suggestions on a headline or title-like line, and where they
//!    change the wording of a direct quotation.
//! 3. Inline switches (`<!-- copydesk-disable … -->`) and sorting finish.
//!
//! A rule's author writes what is wrong and what would fix it; whether the
//! fix may be applied without a person is decided here, once.

use std::any::Any;
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::directives::Directives;
use super::document::Document;
use super::finding::{Finding, Fix, Level, Related, Severity};
use super::format::Format;
use super::lexicon::Hit;
use super::lines::split_lines;
use super::moved::Moved;
use super::rules::{self, DocumentCheck, Rule};
use super::settings::Settings;
use crate::names::Mention;

/// What a rule sees: the segmented document, the settings, and the matches
/// of the word lists (computed once for all rules that use them).
pub struct Context<'a> {
    pub doc: &'a Document<'a>,
    pub settings: &'a Settings,
    pub lexicon_hits: &'a [Hit],
    /// Known names in the block (found for every block: one lookup a word).
    pub mentions: &'a [Mention],
    /// What one rule works out about the block and another reads too (the
    /// titles and ages that both the story's consistency rules and the
    /// knowledge-base rules start from), worked out once: see `shared`.
    shared: RefCell<Vec<Box<dyn Any>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        doc: &'a Document<'a>,
        settings: &'a Settings,
        lexicon_hits: &'a [Hit],
        mentions: &'a [Mention],
    ) -> Context<'a> {
        Context {
            doc,
            settings,
            lexicon_hits,
            mentions,
            shared: RefCell::new(Vec::new()),
        }
    }

    /// `make(self)`, made once per block and shared by every rule that asks
    /// for a value of the type `T` (one value per type: give a finding of
    /// its own a type of its own).
    pub fn shared<T: Any + Clone>(&self, make: impl FnOnce(&Self) -> T) -> T {
        let found = self
            .shared
            .borrow()
            .iter()
            .find_map(|value| value.downcast_ref::<T>().cloned());
        if let Some(value) = found {
            return value;
        }
        // Not borrowed while making: `make` may ask for other shared values.
        let value = make(self);
        self.shared.borrow_mut().push(Box::new(value.clone()));
        value
    }
}

/// Collects one rule's findings, stamped with its id and configured severity.
pub struct Emitter<'a> {
    rule: &'static str,
    severity: Severity,
    out: &'a mut Vec<Finding>,
}

impl<'a> Emitter<'a> {
    pub fn new(rule: &'static str, severity: Severity, out: &'a mut Vec<Finding>) -> Emitter<'a> {
        Emitter {
            rule,
            severity,
            out,
        }
    }

    /// An emitter for another rule's findings into the same list, for a
    /// rule whose pass finds them too (`spelling` finds `house-spelling`'s
    /// in its one look-up a word).
    pub fn for_rule(&mut self, rule: &'static str, severity: Severity) -> Emitter<'_> {
        Emitter::new(rule, severity, self.out)
    }

    pub fn emit(&mut self, range: Range<usize>, message: impl Into<String>, fixes: Vec<Fix>) {
        self.emit_related(range, message, fixes, Vec::new());
    }

    pub fn emit_related(
        &mut self,
        range: Range<usize>,
        message: impl Into<String>,
        fixes: Vec<Fix>,
        related: Vec<Related>,
    ) {
        self.out.push(Finding {
            rule: self.rule,
            severity: self.severity,
            range,
            message: message.into(),
            fixes,
            related,
        });
    }
}

/// The rules switched on by `settings`, with their severities. Settings
/// that override no rule's level (the usual case) switch on the rules on
/// by default, listed once a process rather than once a story.
pub(crate) fn enabled_rules(settings: &Settings) -> Cow<'static, [(&'static Rule, Severity)]> {
    static DEFAULTS: LazyLock<Vec<(&'static Rule, Severity)>> =
        LazyLock::new(|| enabled_by(|rule| rule.default_level));
    if settings.levels.is_empty() {
        return Cow::Borrowed(DEFAULTS.as_slice());
    }
    Cow::Owned(enabled_by(|rule| settings.level(rule)))
}

fn enabled_by(level: impl Fn(&Rule) -> Level) -> Vec<(&'static Rule, Severity)> {
    rules::ALL
        .iter()
        .filter_map(|rule| match level(rule) {
            Level::On(severity) => Some((*rule, severity)),
            Level::Off => None,
        })
        .collect()
}

/// Where in a block a finding may not be, or may not be fixed unattended.
/// Ranges are relative to the block, sorted and merged.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    masked: Vec<Range<usize>>,
    title_lines: Vec<Range<usize>>,
    quotations: Vec<Range<usize>>,
}

impl Layout {
    fn of(doc: &Document<'_>) -> Layout {
        Layout {
            masked: doc.masked_ranges().to_vec(),
            title_lines: doc.title_line_ranges().to_vec(),
            quotations: doc.quotation_ranges().to_vec(),
        }
    }
}

fn holds(sorted: &[Range<usize>], at: usize) -> bool {
    let i = sorted.partition_point(|r| r.end <= at);
    sorted.get(i).is_some_and(|r| r.start <= at)
}

/// What the pipeline keeps of one block: its layout, the known names in it
/// (for `name-inconsistent`, hover cards and completion) and what each
/// enabled document-wide rule kept of it. Offsets are relative to the block.
#[derive(Default)]
pub struct BlockSummary {
    pub layout: Layout,
    pub mentions: Vec<Mention>,
    kept: Vec<(&'static str, Box<Kept>)>,
}

/// What a document-wide rule keeps of a block, its type erased.
pub type Kept = dyn Any + Send + Sync;

impl BlockSummary {
    /// What the rule `id` kept of this block.
    pub fn kept(&self, id: &str) -> Option<&Kept> {
        self.kept.iter().find(|(k, _)| *k == id).map(|(_, v)| &**v)
    }

    /// What the rule of `key` kept of this block. Asked for every block by
    /// every document-wide rule after each edit, so it goes straight to the
    /// rule's place (its rank among the enabled document-wide rules, the
    /// order in which `check_block` keeps them) and checks the id there by
    /// its address.
    pub fn kept_by(&self, key: KeptKey) -> Option<&Kept> {
        match self.kept.get(key.index) {
            Some((id, kept)) if std::ptr::eq(*id, key.id) => Some(&**kept),
            _ => self.kept(key.id),
        }
    }
}

/// Where a document-wide rule's summary is in each block's `BlockSummary`.
#[derive(Clone, Copy, Debug)]
pub struct KeptKey {
    pub index: usize,
    pub id: &'static str,
}

impl std::fmt::Debug for BlockSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockSummary")
            .field("layout", &self.layout)
            .field("mentions", &self.mentions)
            .field(
                "kept",
                &self.kept.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Runs the block part of every enabled rule on one block, settles its
/// findings, and keeps what the document-wide parts need. Offsets are
/// relative to the block.
pub(crate) fn check_block(
    doc: &Document<'_>,
    settings: &Settings,
    enabled: &[(&'static Rule, Severity)],
) -> (Vec<Finding>, BlockSummary) {
    let needs_lexicon = enabled.iter().any(|(rule, _)| rule.uses_lexicon);
    let hits = if needs_lexicon {
        settings.lexicon.scan(doc)
    } else {
        Vec::new()
    };
    let mentions = settings.names.scan(doc);
    let ctx = Context::new(doc, settings, &hits, &mentions);
    let mut findings = Vec::new();
    let mut kept = Vec::with_capacity(enabled.iter().filter(|(r, _)| r.document.is_some()).count());
    for &(rule, severity) in enabled {
        if let Some(check) = rule.check {
            check(&ctx, &mut Emitter::new(rule.id, severity, &mut findings));
        }
        if let Some(document) = rule.document {
            kept.push((rule.id, document.summarize_any(&ctx)));
        }
    }
    let layout = Layout::of(doc);
    findings.retain_mut(|finding| settle(finding, doc.text, &layout, 0, &settings.accept));
    let summary = BlockSummary {
        layout,
        mentions,
        kept,
    };
    (findings, summary)
}

/// Runs the document-wide part of every enabled rule over the blocks'
/// summaries (each with its start in `text`), and settles each finding
/// against the block it starts in.
#[cfg(test)]
pub(crate) fn document_findings(
    text: &str,
    format: Format,
    blocks: &[(usize, &BlockSummary)],
    settings: &Settings,
    enabled: &[(&'static Rule, Severity)],
) -> Vec<Finding> {
    document_findings_after(text, format, blocks, settings, enabled, None, 1).0
}

/// Each document-wide rule's findings as its check gave them (absolute
/// offsets, not yet settled): what the analysis after an edit may take over.
pub(crate) type RuleFindings = Vec<(&'static str, Vec<Finding>)>;

/// A block's summary and where the block starts.
pub(crate) type Placed<'a> = (usize, &'a BlockSummary);

/// What the analysis after an edit may take over from the one before it:
/// its rules' findings, and the blocks the edit changed, in pairs (before,
/// after, each with its start) — every other block is the same, moved by
/// the edit when after it.
pub(crate) struct Earlier<'a> {
    pub rules: &'a RuleFindings,
    pub changed: Vec<(Placed<'a>, Placed<'a>)>,
    /// Where the changed bytes are in the old text, and how far the bytes
    /// after them moved.
    pub changed_start: usize,
    pub old_changed_end: usize,
    pub shift: isize,
    /// Whether the story's date is the same, moved (`Moved::same_story_date`).
    pub story_date: bool,
    /// Whether the text has as many line breaks (`Moved::same_lines`).
    pub lines: bool,
}

impl Earlier<'_> {
    fn moved(&self, before_base: usize, after_base: usize) -> Moved {
        Moved {
            before_base,
            after_base,
            changed_start: self.changed_start,
            old_changed_end: self.old_changed_end,
            shift: self.shift,
            story_date: self.story_date,
            lines: self.lines,
        }
    }

    /// Whether every changed block has the same known names, moved.
    fn same_mentions(&self) -> bool {
        self.changed.iter().all(|((b0, before), (b1, after))| {
            let moved = self.moved(*b0, *b1);
            before.mentions.len() == after.mentions.len()
                && before
                    .mentions
                    .iter()
                    .zip(&after.mentions)
                    .all(|(x, y)| x.spelling == y.spelling && moved.range(&x.range, &y.range))
        })
    }

    /// The rule's earlier findings moved with the text, when the rule says
    /// every changed block is the same for it and none of its findings
    /// touches the changed bytes.
    fn take(
        &self,
        rule: &Rule,
        key: KeptKey,
        document: &dyn DocumentCheck,
    ) -> Option<Vec<Finding>> {
        let (_, findings) = self.rules.iter().find(|(id, _)| *id == rule.id)?;
        let same = self.changed.iter().all(|((b0, before), (b1, after))| {
            match (before.kept_by(key), after.kept_by(key)) {
                (Some(x), Some(y)) => document.same_any(x, y, &self.moved(*b0, *b1)),
                _ => false,
            }
        });
        if !same {
            return None;
        }
        // Offsets are absolute here: the bases do not matter.
        let moved = self.moved(0, 0);
        findings
            .iter()
            .map(|finding| {
                let mut out = finding.clone();
                out.range = moved.map(&finding.range)?;
                for related in &mut out.related {
                    related.range = moved.map(&related.range)?;
                }
                for fix in &mut out.fixes {
                    for edit in &mut fix.edits {
                        edit.range = moved.map(&edit.range)?;
                    }
                }
                Some(out)
            })
            .collect()
    }
}

/// Runs the document-wide part of every enabled rule over the blocks'
/// summaries (each with its start in `text`), and settles each finding
/// against the block it starts in. After an edit (`earlier`), a rule whose
/// summaries of the changed blocks are the same but for the move
/// (`DocumentRule::same`) is not run: its earlier findings are moved.
/// Returns the settled findings, each rule's findings before settling, and
/// how many rules ran. The rules that run are shared among up to `threads`
/// threads, each rule whole on one: the findings are the same.
pub(crate) fn document_findings_after(
    text: &str,
    format: Format,
    blocks: &[(usize, &BlockSummary)],
    settings: &Settings,
    enabled: &[(&'static Rule, Severity)],
    earlier: Option<&Earlier<'_>>,
    threads: usize,
) -> (Vec<Finding>, RuleFindings, usize) {
    let earlier = earlier.filter(|e| e.same_mentions());
    // The document-wide rules in their order (a rule's rank among them is
    // the place of its summary in each block's kept list: `KeptKey`), each
    // with its earlier findings when they are taken over — one pass over
    // the enabled rules, one list.
    let mut rules: Vec<DocumentPart> = Vec::with_capacity(DOCUMENT_RULES);
    for &(rule, severity) in enabled {
        if let Some(document) = rule.document {
            let key = KeptKey {
                index: rules.len(),
                id: rule.id,
            };
            let found = earlier.and_then(|e| e.take(rule, key, document));
            rules.push(DocumentPart {
                rule,
                severity,
                document,
                found,
            });
        }
    }
    let rules_run = rules.iter().filter(|part| part.found.is_none()).count();
    if rules_run > 0 {
        let starts: Vec<(usize, &[Mention])> = blocks
            .iter()
            .map(|(start, block)| (*start, block.mentions.as_slice()))
            .collect();
        let run = |part: &DocumentPart, column: &[Option<&Kept>]| {
            let mut found = Vec::new();
            let mut out = Emitter::new(part.rule.id, part.severity, &mut found);
            part.document
                .check_any(text, format, &starts, column, settings, &mut out);
            found
        };
        let kept_of = |index: usize, id: &'static str| {
            blocks
                .iter()
                .map(move |(_, b)| b.kept_by(KeptKey { index, id }))
        };
        if threads <= 1 {
            // On one thread, one list serves every rule in turn.
            let mut column: Vec<Option<&Kept>> = Vec::with_capacity(blocks.len());
            for (index, part) in rules.iter_mut().enumerate() {
                if part.found.is_none() {
                    column.clear();
                    column.extend(kept_of(index, part.rule.id));
                    part.found = Some(run(part, &column));
                }
            }
        } else {
            // Every block's summaries read in one pass and laid out rule by
            // rule, in one list: each rule then walks a contiguous column,
            // not every block's own allocations again.
            let to_run: Vec<usize> = (0..rules.len())
                .filter(|&i| rules[i].found.is_none())
                .collect();
            let mut kept: Vec<Option<&Kept>> = Vec::with_capacity(to_run.len() * blocks.len());
            for &index in &to_run {
                kept.extend(kept_of(index, rules[index].rule.id));
            }
            let n = blocks.len();
            let columns: Vec<&[Option<&Kept>]> = (0..to_run.len())
                .map(|k| &kept[k * n..(k + 1) * n])
                .collect();
            let found = crate::parallel::map(&columns, threads, |k, column| {
                run(&rules[to_run[k]], column)
            });
            for (&index, found) in to_run.iter().zip(found) {
                rules[index].found = Some(found);
            }
        }
    }
    let by_rule: RuleFindings = rules
        .into_iter()
        .map(|part| (part.rule.id, part.found.unwrap_or_default()))
        .collect();
    let mut findings: Vec<Finding> = Vec::with_capacity(by_rule.iter().map(|(_, f)| f.len()).sum());
    findings.extend(by_rule.iter().flat_map(|(_, f)| f.iter().cloned()));
    findings.retain_mut(|finding| {
        let at = finding.range.start;
        let block = blocks
            .partition_point(|(start, _)| *start <= at)
            .saturating_sub(1);
        match blocks.get(block) {
            Some((start, summary)) => {
                settle(finding, text, &summary.layout, *start, &settings.accept)
            }
            None => true,
        }
    });
    (findings, by_rule, rules_run)
}

/// A document-wide rule as `document_findings_after` runs it.
struct DocumentPart {
    rule: &'static Rule,
    severity: Severity,
    document: &'static dyn DocumentCheck,
    /// Taken over from the analysis before an edit, or once it has run.
    found: Option<Vec<Finding>>,
}

/// Room for the document-wide rules, made once a story: more than there
/// are (13 now), so that the list is never grown.
const DOCUMENT_RULES: usize = 16;

/// The stages every finding passes: false when it is dropped. `text` holds
/// the finding's offsets; `layout` is that of the block starting at `base`.
fn settle(
    finding: &mut Finding,
    text: &str,
    layout: &Layout,
    base: usize,
    accept: &FxHashSet<String>,
) -> bool {
    let at = finding.range.start - base;
    if holds(&layout.masked, at) || is_accepted(accept, &text[finding.range.clone()]) {
        return false;
    }
    // Headlines are written to fit; a person confirms every change there.
    // In a direct quotation a person confirms every change of wording
    // (spacing and punctuation fixes stay safe): a quote is the speaker's.
    let title = holds(&layout.title_lines, at);
    let quoted = holds(&layout.quotations, at);
    for fix in &mut finding.fixes {
        if title || (quoted && changes_wording(text, fix)) {
            fix.safe = false;
        }
    }
    true
}

/// The last stages, over the whole story's findings: inline switches, then
/// sorting by position.
/// True when inline switches were read (and may have left findings out).
pub(crate) fn finish(findings: &mut Vec<Finding>, text: &str, format: Format) -> bool {
    let switched = format == Format::Markdown && text.contains("copydesk-");
    if switched {
        let directives = Directives::parse(text, &split_lines(text));
        findings.retain(|f| !directives.is_disabled(f.rule, f.range.start));
    }
    sort_by_position(findings);
    switched
}

/// Sorts findings by position, then rule; stable, so that findings of one
/// rule at one place keep the order their rule gave them.
pub(crate) fn sort_by_position(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
}

/// Whether `fix` changes words (letters or digits), not just spacing or
/// punctuation.
fn changes_wording(text: &str, fix: &Fix) -> bool {
    let visible = |s: &str| s.chars().any(char::is_alphanumeric);
    fix.edits
        .iter()
        .any(|e| visible(&e.replacement) || visible(&text[e.range.clone()]))
}

fn is_accepted(accept: &FxHashSet<String>, span: &str) -> bool {
    if accept.is_empty() {
        return false;
    }
    let normalized: String = span
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    accept.contains(&normalized)
}
