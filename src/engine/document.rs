//! Segmentation of one block: lines, paragraphs, the headline, words,
//! sentence starts and direct quotations, all as byte ranges into the
//! original text. The parts live in their own modules (`lines.rs`,
//! `tokenizer.rs`, `quotations.rs`); this one puts them together.

use std::ops::Range;

use super::format::Format;
use super::lines::{is_blank, paragraphs, split_lines, trim_range};
use super::mask::masked_ranges;
use super::quotations::quotations;
use super::rules::word_classes::{Classifier, WordClasses};
use super::scan::merge_ranges;
use super::tokenizer::{Word, tokenize_marking};

pub struct Document<'a> {
    pub text: &'a str,
    pub format: Format,
    /// Line contents, without their line break (LF, CRLF or CR).
    pub lines: Vec<Range<usize>>,
    /// Runs of non-blank lines.
    pub paragraphs: Vec<Range<usize>>,
    /// The first non-empty line (plain text) or the first heading (Markdown).
    pub headline: Option<Range<usize>>,
    pub words: Vec<Word>,
    /// The words of each class the word rules start from, settled as the
    /// words are taken (see `word_classes.rs`).
    classes: WordClasses,
    /// Every quotation mark and apostrophe (' " ‘ ’ “ ”), with its offset, in order.
    pub quote_marks: Vec<(usize, char)>,
    /// The offset of every `.` `,` `;` `:` `?` `!`, in order. Three rules
    /// look at these marks; finding them once is cheaper than three searches
    /// for bytes this common.
    pub punctuation: Vec<u32>,
    // Sorted and merged (see `scan::merge_ranges`): binary searches below
    // rely on it.
    masked: Vec<Range<usize>>,
    quotes: Vec<Range<usize>>,
    title_lines: Vec<Range<usize>>,
    /// `sentences()`, found the first time a rule asks (several do).
    sentences: std::sync::OnceLock<Vec<Range<usize>>>,
}

impl<'a> Document<'a> {
    /// A whole text as one document (its first line may be the headline).
    pub fn new(text: &'a str, format: Format) -> Document<'a> {
        Document::block(text, format, true)
    }

    /// One block of a larger text (see `blocks.rs`). Only the `first` block
    /// may hold plain text's headline or Markdown front matter; in Markdown
    /// every heading is a title line, wherever it stands.
    pub fn block(text: &'a str, format: Format, first: bool) -> Document<'a> {
        let masked = masked_ranges(text, format, first);
        let lines = split_lines(text);
        let paragraphs = paragraphs(text, &lines);
        // The quotation marks and the punctuation come with the words, from
        // the same pass over the bytes: the quotation spans below and the
        // quote and punctuation rules all read these lists.
        let mut classifier = Classifier::new(text.len());
        let (words, marks) = tokenize_marking(text, &masked, &paragraphs, |i, key, first| {
            classifier.word(i, key, first);
        });
        let classes = classifier.finish();
        let quote_marks = marks.quotes;
        let quotes = quotations(text, &paragraphs, &quote_marks);
        let punctuation = marks.punctuation;
        let mut doc = Document {
            text,
            format,
            lines,
            paragraphs,
            headline: None,
            words,
            classes,
            masked,
            quotes,
            quote_marks,
            punctuation,
            title_lines: Vec::new(),
            sentences: std::sync::OnceLock::new(),
        };
        doc.headline = if first || format == Format::Markdown {
            doc.find_headline()
        } else {
            None
        };
        doc.title_lines = doc.find_title_lines();
        doc
    }

    pub fn word(&self, word: &Word) -> &'a str {
        &self.text[word.range()]
    }

    /// The block's words by class (`word_classes.rs`).
    pub fn word_classes(&self) -> &WordClasses {
        &self.classes
    }

    /// URLs, e-mail addresses and Markdown code, sorted and merged.
    pub fn masked_ranges(&self) -> &[Range<usize>] {
        &self.masked
    }

    /// The headline and headline-like lines, sorted and merged.
    pub fn title_line_ranges(&self) -> &[Range<usize>] {
        &self.title_lines
    }

    /// Direct quotations, sorted and merged.
    pub fn quotation_ranges(&self) -> &[Range<usize>] {
        &self.quotes
    }

    /// The index of the first word, from word `from` on, that starts at or
    /// after byte `pos`: `from + words[from..].partition_point(..)`, found
    /// by galloping forward from `from`. A walk over sorted positions a few
    /// words apart (the mentions of a block, say) reads a handful of nearby
    /// words this way rather than a binary search's cache misses across the
    /// whole array.
    pub fn first_word_from(&self, from: usize, pos: usize) -> usize {
        let rest = &self.words[from.min(self.words.len())..];
        let before = |w: &Word| w.range().start < pos;
        let mut bound = 1;
        while bound <= rest.len() && before(&rest[bound - 1]) {
            bound *= 2;
        }
        // Every word before `bound / 2` starts before `pos`; the one at
        // `bound - 1`, if any, does not.
        let low = bound / 2;
        let high = bound.min(rest.len());
        from + low + rest[low..high].partition_point(before)
    }

    /// True when `range` overlaps a URL, e-mail address or Markdown code.
    pub fn is_masked(&self, range: Range<usize>) -> bool {
        overlaps_any(&self.masked, range)
    }

    /// The marks of `marks` (sorted by offset) that lie in `range`.
    pub fn marks_within<'m>(
        marks: &'m [(usize, char)],
        range: &Range<usize>,
    ) -> &'m [(usize, char)] {
        let first = marks.partition_point(|&(at, _)| at < range.start);
        let last = marks.partition_point(|&(at, _)| at < range.end);
        &marks[first..last]
    }

    /// True when `pos` lies inside a direct quotation.
    pub fn in_quotation(&self, pos: usize) -> bool {
        overlaps_any(&self.quotes, pos..pos + 1)
    }

    /// True when `pos` lies on the headline or another headline-like line
    /// (a Markdown heading, or a line standing alone without closing
    /// punctuation). Fixes there are never applied automatically.
    pub fn on_title_line(&self, pos: usize) -> bool {
        overlaps_any(&self.title_lines, pos..pos + 1)
    }

    /// The index of the line holding `pos`.
    pub fn line_index(&self, pos: usize) -> usize {
        self.lines
            .partition_point(|line| line.end < pos)
            .min(self.lines.len().saturating_sub(1))
    }

    /// Sentences as byte ranges, from each sentence's first word to the end
    /// of its last word's trailing punctuation. Found once per block,
    /// whichever rule asks first.
    pub fn sentences(&self) -> &[Range<usize>] {
        self.sentences.get_or_init(|| self.find_sentences())
    }

    /// The sentence of the words `first..=last`: from the first word's
    /// start to the end of the last word's trailing punctuation.
    pub fn sentence_of_words(&self, first: usize, last: usize) -> Range<usize> {
        let word = &self.words[last];
        let para_end = self.paragraphs[word.paragraph()].end;
        let tail = self.text[word.range().end..para_end]
            .find(|c: char| c.is_whitespace())
            .map_or(para_end, |n| word.range().end + n);
        self.words[first].range().start..tail
    }

    fn find_sentences(&self) -> Vec<Range<usize>> {
        let words = &self.words;
        // Each sentence runs up to the word before the next one's first:
        // one flag read a word.
        let mut sentences = Vec::new();
        let mut first: Option<usize> = None;
        for (i, word) in words.iter().enumerate() {
            if word.sentence_start {
                if let Some(first) = first {
                    sentences.push(self.sentence_of_words(first, i - 1));
                }
                first = Some(i);
            }
        }
        if let Some(first) = first {
            sentences.push(self.sentence_of_words(first, words.len() - 1));
        }
        sentences
    }

    fn find_headline(&self) -> Option<Range<usize>> {
        match self.format {
            Format::Plain => self
                .lines
                .iter()
                .find(|line| !is_blank(&self.text[(*line).clone()]))
                .map(|line| trim_range(self.text, line.clone())),
            Format::Markdown => self.headings().next(),
        }
    }

    /// Markdown ATX headings ("## Title"), as the range of their text.
    pub fn headings(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.lines.iter().filter_map(|line| {
            let content = &self.text[line.clone()];
            let hashes = content.len() - content.trim_start_matches('#').len();
            let heading = (1..=6).contains(&hashes)
                && content[hashes..].starts_with([' ', '\t'])
                && !self.is_masked(line.clone());
            heading.then(|| trim_range(self.text, line.start + hashes..line.end))
        })
    }

    fn find_title_lines(&self) -> Vec<Range<usize>> {
        let mut titles: Vec<Range<usize>> = self.headline.iter().cloned().collect();
        // Every Markdown heading, wherever it stands (whole lines, so that
        // spaces after the heading are on it too).
        if self.format == Format::Markdown {
            titles.extend(
                self.headings()
                    .map(|h| self.lines[self.line_index(h.start)].clone()),
            );
        }
        for paragraph in &self.paragraphs {
            let content = self.text[paragraph.clone()].trim_end();
            let single_line = memchr::memchr2(b'\n', b'\r', content.as_bytes()).is_none();
            let last = content
                .trim_end_matches(['\'', '"', '’', '”', ')'])
                .chars()
                .last();
            let unpunctuated = matches!(last, Some(c) if c.is_alphabetic());
            if single_line && unpunctuated {
                titles.push(paragraph.clone());
            }
        }
        merge_ranges(titles)
    }
}

fn overlaps_any(sorted: &[Range<usize>], range: Range<usize>) -> bool {
    let i = sorted.partition_point(|r| r.end <= range.start);
    sorted.get(i).is_some_and(|r| r.start < range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn galloping_finds_what_a_binary_search_finds() {
        let text = "One two, three. Four five six seven eight nine ten eleven twelve.";
        let doc = Document::new(text, Format::Plain);
        for from in 0..=doc.words.len() {
            for pos in 0..=text.len() + 1 {
                let expected = from + doc.words[from..].partition_point(|w| w.range().start < pos);
                assert_eq!(doc.first_word_from(from, pos), expected, "{from} {pos}");
            }
        }
    }

    #[test]
    fn punctuation_and_quotation_marks_are_listed_in_order() {
        let text = "Why? “Seoul,” Tokyo: ‘yes’; no! It's \"done\"… Done.";
        let doc = Document::new(text, Format::Plain);
        let marks: Vec<char> = doc
            .punctuation
            .iter()
            .map(|&at| text.as_bytes()[at as usize] as char)
            .collect();
        assert_eq!(marks, ['?', ',', ':', ';', '!', '.']);
        let quotes: Vec<char> = doc.quote_marks.iter().map(|&(_, c)| c).collect();
        assert_eq!(quotes, ['“', '”', '‘', '’', '\'', '"', '"']);
        for &(at, c) in &doc.quote_marks {
            assert!(text[at..].starts_with(c));
        }
    }

    #[test]
    fn lines_break_on_lf_crlf_and_cr_only() {
        let doc = Document::new("a\r\nb\rc\nd\u{2028}e", Format::Plain);
        let lines: Vec<&str> = doc.lines.iter().map(|l| &doc.text[l.clone()]).collect();
        assert_eq!(lines, ["a", "b", "c", "d\u{2028}e"]);
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let doc = Document::new("Head line\n\nOne two.\nThree.\n \nFour.", Format::Plain);
        let paras: Vec<&str> = doc
            .paragraphs
            .iter()
            .map(|p| &doc.text[p.clone()])
            .collect();
        assert_eq!(paras, ["Head line", "One two.\nThree.", "Four."]);
        assert_eq!(&doc.text[doc.headline.clone().unwrap()], "Head line");
    }

    #[test]
    fn markdown_headline_is_the_first_heading() {
        let doc = Document::new("Intro text\n\n## The Real Headline\n", Format::Markdown);
        assert_eq!(
            &doc.text[doc.headline.clone().unwrap()],
            "The Real Headline"
        );
    }

    #[test]
    fn words_joined_only_by_whitespace() {
        let doc = Document::new("Cha\nCha, said", Format::Plain);
        let joined: Vec<bool> = doc.words.iter().map(|w| w.joined).collect();
        assert_eq!(joined, [false, true, false]);
    }

    #[test]
    fn sentences_do_not_break_after_titles_or_initials() {
        let doc = Document::new(
            "Dr. Leon Sigal met Joseph R. DeTrani. Talks ended. They left.",
            Format::Plain,
        );
        let sentences: Vec<&str> = doc
            .sentences()
            .iter()
            .map(|s| &doc.text[s.clone()])
            .collect();
        assert_eq!(
            sentences,
            [
                "Dr. Leon Sigal met Joseph R. DeTrani.",
                "Talks ended.",
                "They left."
            ]
        );
    }

    #[test]
    fn quotations_include_straight_curly_and_continued_quotes() {
        let text = "He said “we will go” and \"they agreed.\" 'There was progress,' say officials.\n\n“It continues";
        let doc = Document::new(text, Format::Plain);
        assert!(doc.in_quotation(text.find("we will").unwrap()));
        assert!(doc.in_quotation(text.find("they agreed").unwrap()));
        assert!(doc.in_quotation(text.find("There was").unwrap()));
        assert!(!doc.in_quotation(text.find("say officials").unwrap()));
        assert!(doc.in_quotation(text.find("continues").unwrap()));
        assert!(!doc.in_quotation(text.find("He said").unwrap()));
    }
}
