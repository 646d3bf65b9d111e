#![allow(dead_code)] // each benchmark uses a part
//! The public-domain corpus in `../shared/corpus/state-dept/`, read for the
//! benchmarks: each story's text, in file-name order.

pub fn stories() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/state-dept");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus files are UTF-8"))
        .collect()
}

/// Each story's paragraphs, with runs of spaces collapsed (the corpus keeps
/// the HTML source's double spaces, which would otherwise turn a benchmark
/// into a measure of printing thousands of genuine findings).
pub fn paragraphs() -> Vec<String> {
    stories()
        .iter()
        .flat_map(|story| {
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
                .collect::<Vec<_>>()
        })
        .collect()
}
