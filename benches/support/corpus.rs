#![allow(dead_code)] // each benchmark uses a part
//! The public-domain corpus in `../shared/corpus/`, read for the
//! benchmarks: each story's text, in file-name order.

use std::path::Path;

/// The stories of `../shared/corpus/state-dept/`.
pub fn stories() -> Vec<String> {
    stories_in(&["state-dept"])
}

/// The stories of every folder of the corpus (State Department and White
/// House releases, public-domain news): lengths as news comes, from a
/// brief of a few paragraphs to a long statement.
pub fn all_stories() -> Vec<String> {
    stories_in(&["state-dept", "public-domain-news"])
}

fn stories_in(folders: &[&str]) -> Vec<String> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<_> = folders
        .iter()
        .flat_map(|folder| {
            let dir = corpus.join(folder);
            std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
                .filter_map(|e| e.ok().map(|e| e.path()))
        })
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus files are UTF-8"))
        .collect()
}

/// A story's paragraphs, with runs of spaces collapsed (the corpus keeps
/// the HTML source's double spaces, which would otherwise turn a benchmark
/// into a measure of printing thousands of genuine findings).
pub fn paragraphs_of(story: &str) -> Vec<String> {
    story
        .split("\n\n")
        .map(|p| {
            p.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Every paragraph of `stories()`, in order (see `paragraphs_of`).
pub fn paragraphs() -> Vec<String> {
    stories()
        .iter()
        .flat_map(|story| paragraphs_of(story))
        .collect()
}
