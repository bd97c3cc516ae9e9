//! What several test files and the benchmark read: the corpus, the Wikinews
//! articles of `benches/`, and the islands the scanner finds. Each test file
//! is a crate of its own and uses part of this, hence `dead_code` allowed
//! where it is included.

use std::fs;
use std::path::{Path, PathBuf};

use newstally::internals::{Rule, SentenceInput, scan};

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus articles (`tests/corpus/*.txt`), sorted by name.
pub fn corpus_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join("tests/corpus"))
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

/// Each corpus article as (its path, its text).
pub fn corpus_texts() -> Vec<(String, String)> {
    corpus_paths()
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).expect("corpus files are UTF-8");
            (p.display().to_string(), text)
        })
        .collect()
}

/// A Wikinews article of `benches/wikinews-articles.jsonl`.
pub struct Article {
    pub id: String,
    pub text: String,
    /// Its publication date, as the record gives it.
    pub date: String,
}

/// The 266 Wikinews articles of `benches/wikinews-articles.jsonl`.
pub fn wikinews_articles() -> Vec<Article> {
    let articles = fs::read_to_string(root().join("benches/wikinews-articles.jsonl"))
        .expect("benches/wikinews-articles.jsonl exists");
    articles
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            let field = |name: &str| record[name].as_str().unwrap_or_default().to_owned();
            Article {
                id: field("id"),
                text: field("text"),
                date: field("date"),
            }
        })
        .collect()
}

/// The islands `src/scan.rs` finds in `sentence`, read as one sentence that
/// opens an article: (rule, start, end).
pub fn scanned_islands(sentence: &str) -> Vec<(Rule, usize, usize)> {
    let mut found = Vec::new();
    scan(&SentenceInput::whole(sentence), |p, at| {
        found.push((
            p.as_rule(),
            at + p.as_span().start(),
            at + p.as_span().end(),
        ))
    });
    found
}
