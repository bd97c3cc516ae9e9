//! The corpus tests: every article in `tests/corpus/` through the real
//! grammar, checked two ways.
//!
//! - **Snapshots** (`snapshots/` at the top level): the full JSON of every
//!   article. Any change to what the extractor says shows up in
//!   `cargo insta review`. In CI (`CI=true`) a new or changed snapshot fails.
//! - **Gold**: each `*.gold.json` lists the events a human expects; every one
//!   must be found, matched as the file's `how_to_match` says.

use std::fs;
use std::path::Path;

use serde_json::Value;

#[allow(dead_code)]
mod common;
mod gold;
use common::corpus_paths;
use gold::unmatched;

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn corpus_snapshots() {
    snapshot_settings().bind(|| {
        insta::glob!("corpus/*.txt", |path| {
            let text = fs::read_to_string(path).expect("corpus files are UTF-8");
            insta::assert_json_snapshot!(newstally::extract(&text));
        });
    });
}

/// What the CLI writes for an article (an `Extraction`, serialised as its
/// events are built) is its document's JSON, byte for byte: on every article,
/// with a publication date, and on all of them joined twice over (repeats
/// merged into mentions, "same source" resolved across articles).
#[test]
fn written_json_is_the_documents_json() {
    let texts: Vec<String> = corpus_paths()
        .iter()
        .map(|p| fs::read_to_string(p).expect("corpus files are UTF-8"))
        .collect();
    let joined = texts.join("\n").repeat(2);
    let extractor = newstally::Extractor::new()
        .with_publication_date(newstally::NaiveDate::from_ymd_opt(2015, 9, 6).expect("a date"));
    for text in texts.iter().chain([&joined]) {
        let extraction = extractor.extraction(text.as_str());
        let document = extraction.to_document();
        assert_eq!(
            serde_json::to_string_pretty(&extraction).expect("serialises"),
            serde_json::to_string_pretty(&document).expect("serialises")
        );
    }
}

#[test]
fn corpus_gold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut gold_files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    gold_files.sort();
    assert!(
        gold_files.len() >= 16,
        "the corpus should hold the seed and at least 15 more articles"
    );
    let mut failures = Vec::new();
    for gold_path in &gold_files {
        let gold: Value =
            serde_json::from_str(&fs::read_to_string(gold_path).expect("readable gold file"))
                .expect("gold file is JSON");
        let text_path = dir.join(gold["document"].as_str().expect("gold names its document"));
        let document = newstally::extract(
            &fs::read_to_string(&text_path).expect("the gold file's document exists"),
        );
        failures.extend(
            unmatched(&gold, &document)
                .into_iter()
                .map(|f| format!("{}: {f}", text_path.display())),
        );
    }
    assert!(
        failures.is_empty(),
        "{} disagreements with the gold files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The gold check goes both ways: an event found but not listed fails,
/// unless `allowed_extra` lists it with a reason; a stale entry fails too.
#[test]
fn gold_check_goes_both_ways() {
    let document =
        newstally::extract("Three soldiers were killed on Friday. Two policemen were wounded.");
    let killed = serde_json::json!({"kind": "killed", "count": {"value": 3, "qualifier": "exact"}});
    let wounded = serde_json::json!({"kind": "wounded", "count": {"value": 2, "qualifier": "exact"}, "who": "policemen"});
    let problems = unmatched(&serde_json::json!({"events": [killed]}), &document);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("event found but not in the gold file: {"),
        "{problems:?}"
    );
    assert!(
        problems[0].contains(r#""evidence":"Two policemen were wounded""#),
        "{problems:?}"
    );

    let allowed = serde_json::json!({"reason": "a test", "kind": "wounded", "count": {"value": 2, "qualifier": "exact"}});
    let gold = serde_json::json!({"events": [killed], "allowed_extra": [allowed]});
    assert_eq!(unmatched(&gold, &document), Vec::<String>::new());

    let no_reason =
        serde_json::json!({"kind": "wounded", "count": {"value": 2, "qualifier": "exact"}});
    let problems = unmatched(
        &serde_json::json!({"events": [killed], "allowed_extra": [no_reason]}),
        &document,
    );
    assert!(
        problems.len() == 1 && problems[0].starts_with("allowed_extra entry has no \"reason\""),
        "{problems:?}"
    );

    let problems = unmatched(
        &serde_json::json!({"events": [killed, wounded], "allowed_extra": [allowed]}),
        &document,
    );
    assert!(
        problems.len() == 1
            && problems[0].starts_with("allowed_extra entry matches no event: remove it"),
        "{problems:?}"
    );
}

/// Which entry takes which event must not depend on the order of the file:
/// "men" is a substring of "women", yet each gold entry finds its own event.
#[test]
fn gold_matching_is_not_greedy() {
    let document = newstally::extract("Two women were wounded. Two men were wounded.");
    let entry = |who: &str| serde_json::json!({"kind": "wounded", "count": {"value": 2, "qualifier": "exact"}, "who": who});
    let gold = serde_json::json!({"events": [entry("men"), entry("women")]});
    assert_eq!(unmatched(&gold, &document), Vec::<String>::new());
}
