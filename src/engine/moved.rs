//! How an edit moved the offsets of a block that it changed: what lets a
//! document-wide rule's findings be taken over from one analysis to the
//! next (see `DocumentRule::same`). A rule may keep its findings across an
//! edit when what it kept of each changed block is the same before and
//! after, but for offsets the edit moved: each span wholly before the
//! changed bytes (at the same place) or wholly after them (moved by the
//! edit), with a character of unchanged text on either side.

use std::ops::Range;

/// One changed block, before and after an edit, and the edit: offsets in
/// the old text below `changed_start` stay, those at or after
/// `old_changed_end` move by `shift`; the bytes between changed.
#[derive(Clone, Copy, Debug)]
pub struct Moved {
    pub(crate) before_base: usize,
    pub(crate) after_base: usize,
    pub(crate) changed_start: usize,
    pub(crate) old_changed_end: usize,
    pub(crate) shift: isize,
    /// The story's date (`story_date`) is the same before and after the
    /// edit, and written in the same place, moved.
    pub(crate) story_date: bool,
    /// The text has as many line breaks after the edit as before: every
    /// offset outside the changed bytes is on the line it was on, moved.
    pub(crate) lines: bool,
}

impl Moved {
    /// Whether the story's date is the same before and after the edit: a
    /// rule that reads it may take its findings over only then.
    pub fn same_story_date(&self) -> bool {
        self.story_date
    }

    /// Whether every offset outside the changed bytes is on the same line
    /// number as before: a rule whose messages give line numbers may take
    /// its findings over only then.
    pub fn same_lines(&self) -> bool {
        self.lines
    }

    /// Where absolute old range `range` is in the new text, when it is
    /// wholly outside the changed bytes with an unchanged byte on the side
    /// facing them (so that the characters either side of it are
    /// unchanged too); `None` otherwise.
    pub(crate) fn map(&self, range: &Range<usize>) -> Option<Range<usize>> {
        if range.end < self.changed_start {
            Some(range.clone())
        } else if range.start > self.old_changed_end {
            let move_by = |at: usize| (at as isize + self.shift) as usize;
            Some(move_by(range.start)..move_by(range.end))
        } else {
            None
        }
    }

    /// Whether block-relative `before` (in the block before the edit) and
    /// `after` (in the block after it) are one span of unchanged text.
    pub fn range(&self, before: &Range<usize>, after: &Range<usize>) -> bool {
        let old = self.before_base + before.start..self.before_base + before.end;
        let new = self.after_base + after.start..self.after_base + after.end;
        self.map(&old) == Some(new)
    }

    /// `range` for the spans of `len` bytes at block-relative `before`
    /// and `after`.
    pub fn at(&self, before: usize, after: usize, len: usize) -> bool {
        self.range(&(before..before + len), &(after..after + len))
    }
}

/// Equality across an edit: offsets compared through `Moved`, everything
/// else as it is. What a summary implements to let its rule's findings be
/// taken over.
pub trait SameMoved {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool;
}

impl SameMoved for Range<usize> {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        moved.range(self, after)
    }
}

impl<T: SameMoved> SameMoved for [T] {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.len() == after.len()
            && self
                .iter()
                .zip(after)
                .all(|(before, after)| before.same_moved(after, moved))
    }
}

impl<T: SameMoved> SameMoved for Vec<T> {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.as_slice().same_moved(after.as_slice(), moved)
    }
}

impl<T: SameMoved> SameMoved for Option<T> {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        match (self, after) {
            (Some(before), Some(after)) => before.same_moved(after, moved),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<A: SameMoved, B: SameMoved> SameMoved for (A, B) {
    fn same_moved(&self, after: &Self, moved: &Moved) -> bool {
        self.0.same_moved(&after.0, moved) && self.1.same_moved(&after.1, moved)
    }
}

/// Values that hold no offset: the same when equal. (`usize` is left out
/// on purpose: it may be an offset; a summary says which of its numbers
/// are, through `Moved::at`.)
macro_rules! same_when_equal {
    ($($ty:ty),*) => {$(
        impl SameMoved for $ty {
            fn same_moved(&self, after: &Self, _: &Moved) -> bool {
                self == after
            }
        }
    )*};
}

same_when_equal!((), bool, char, u8, u32, u64, i32, i64, String);

#[cfg(test)]
mod tests {
    use super::*;

    /// An edit at 100..103 of the old text that became 5 bytes (shift 2),
    /// in a block that started at 90 and still does.
    const MOVED: Moved = Moved {
        before_base: 90,
        after_base: 90,
        changed_start: 100,
        old_changed_end: 103,
        shift: 2,
        story_date: true,
        lines: true,
    };

    #[test]
    fn spans_clear_of_the_edit_move_with_it() {
        // Before: the same place.
        assert!(MOVED.range(&(0..5), &(0..5)));
        assert!(!MOVED.range(&(0..5), &(1..6)));
        // After: moved by the shift.
        assert!(MOVED.range(&(20..25), &(22..27)));
        assert!(!MOVED.range(&(20..25), &(20..25)));
        assert!(MOVED.at(20, 22, 3));
    }

    #[test]
    fn spans_touching_the_edit_are_never_the_same() {
        // Ending right at the changed bytes: the character after it changed.
        assert!(!MOVED.range(&(5..10), &(5..10)));
        // Holding them, or starting right after them.
        assert!(!MOVED.range(&(8..15), &(8..17)));
        assert!(!MOVED.range(&(13..15), &(15..17)));
    }

    #[test]
    fn containers_compare_element_by_element() {
        let before = vec![(String::from("a"), 0..5), (String::from("b"), 20..25)];
        let after = vec![(String::from("a"), 0..5), (String::from("b"), 22..27)];
        assert!(before.same_moved(&after, &MOVED));
        assert!(!before.same_moved(&after[..1].to_vec(), &MOVED));
        let renamed = vec![(String::from("a"), 0..5), (String::from("c"), 22..27)];
        assert!(!before.same_moved(&renamed, &MOVED));
        assert!(Some(0..5).same_moved(&Some(0..5), &MOVED));
        assert!(!Some(0..5).same_moved(&None, &MOVED));
    }
}
