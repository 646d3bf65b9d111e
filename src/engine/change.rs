//! The smallest single edit that turns one text into another: the changed
//! middle between their common prefix and suffix, on character boundaries.
//! The language server sends a fix-all as this one edit.

use super::finding::Edit;

/// One edit that turns `old` into `new`, or `None` when they are equal.
pub fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = (0..=prefix)
        .rev()
        .find(|&p| old.is_char_boundary(p) && new.is_char_boundary(p))
        .unwrap_or(0);
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = (0..=suffix)
        .rev()
        .find(|&s| old.is_char_boundary(old.len() - s) && new.is_char_boundary(new.len() - s))
        .unwrap_or(0);
    Some(Edit::new(
        prefix..old.len() - suffix,
        &new[prefix..new.len() - suffix],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_changed_middle_only() {
        let edit = minimal_edit("The the envoys met", "The envoys met").unwrap();
        assert_eq!((edit.range, edit.replacement.as_str()), (4..8, ""));
        assert!(minimal_edit("same", "same").is_none());
        // Never inside a character: é and è share their first byte.
        let edit = minimal_edit("café", "cafè").unwrap();
        assert_eq!((edit.range, edit.replacement.as_str()), (3..5, "è"));
    }

    proptest! {
        #[test]
        fn applying_the_edit_gives_the_new_text(old in "[ab😀é ]{0,12}", new in "[ab😀é ]{0,12}") {
            match minimal_edit(&old, &new) {
                None => prop_assert_eq!(&old, &new),
                Some(edit) => {
                    let mut text = old.clone();
                    text.replace_range(edit.range.clone(), &edit.replacement);
                    prop_assert_eq!(text, new);
                }
            }
        }
    }
}
