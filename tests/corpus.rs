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

use newstally::{Attribution, Document, Event, Source};
use serde_json::Value;

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

fn corpus_paths() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
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
        "{} expected events not found:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Expected events (and attributions) of `gold` not found in `document`.
fn unmatched(gold: &Value, document: &Document) -> Vec<String> {
    let events = unmatched_in(&gold["events"], &document.events, event_matches);
    let attributions = unmatched_in(
        &gold["attributions_without_counts"],
        &document.attributions,
        attribution_matches,
    );
    let events = events.into_iter().map(|e| format!("event {e}"));
    events
        .chain(attributions.into_iter().map(|a| format!("attribution {a}")))
        .collect()
}

/// The expected items with no match in `found`; each found item matches at most once.
fn unmatched_in<'g, T>(
    expected: &'g Value,
    found: &[T],
    matches: fn(&Value, &T) -> bool,
) -> Vec<&'g Value> {
    let mut used = vec![false; found.len()];
    let mut missing = Vec::new();
    for wanted in expected.as_array().into_iter().flatten() {
        match (0..found.len()).find(|&i| !used[i] && matches(wanted, &found[i])) {
            Some(i) => used[i] = true,
            None => missing.push(wanted),
        }
    }
    missing
}

fn event_matches(expected: &Value, event: &Event) -> bool {
    let count = &expected["count"];
    let qualifier = serde_json::to_value(event.count.qualifier).expect("qualifier serialises");
    let who = event.who.as_ref();
    expected["kind"] == event.kind
        && count["value"].as_u64() == event.count.value
        && count["qualifier"] == qualifier
        && contains(&expected["who"], who.map(|w| w.text.as_str()))
        && contains(&expected["category"], who.map(|w| w.category.as_str()))
        && contains(
            &expected["time"],
            event.time.as_ref().map(|t| t.text.as_str()),
        )
        && contains(
            &expected["place"],
            event.place.as_ref().map(|p| p.text.as_str()),
        )
        && contains(&expected["count_text"], Some(&event.count.text))
        && source_matches(expected, event.source.as_ref())
        && quoted_matches(expected, event.quoted)
}

fn attribution_matches(expected: &Value, attribution: &Attribution) -> bool {
    source_matches(expected, Some(&attribution.source))
        && contains(&expected["quote_starts"], attribution.quote.as_deref())
        && quoted_matches(expected, attribution.quoted)
}

/// `source` (text or resolved), `cue` and `via` of a gold item; each is
/// checked only when the gold item has it.
fn source_matches(expected: &Value, source: Option<&Source>) -> bool {
    let texts = source.map_or(Vec::new(), |s| {
        vec![s.text.clone(), s.resolved.clone().unwrap_or_default()]
    });
    let via = source
        .and_then(|s| s.via.as_ref())
        .map(|v| format!("{} {}", v.cue, v.text));
    contains_any(&expected["source"], &texts)
        && contains(&expected["cue"], source.map(|s| s.cue.as_str()))
        && contains(&expected["via"], via.as_deref())
}

fn quoted_matches(expected: &Value, quoted: bool) -> bool {
    expected["quoted"].is_null() || expected["quoted"] == quoted
}

/// A gold field (absent, a string or a list of strings) against an extracted
/// field: a case-insensitive substring of it.
fn contains(expected: &Value, actual: Option<&str>) -> bool {
    contains_any(
        expected,
        &actual.map(str::to_owned).into_iter().collect::<Vec<_>>(),
    )
}

fn contains_any(expected: &Value, actuals: &[String]) -> bool {
    let wanted: Vec<&str> = match expected {
        Value::Null => return true,
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    wanted.iter().any(|w| {
        actuals
            .iter()
            .any(|a| !a.is_empty() && a.to_lowercase().contains(&w.to_lowercase()))
    })
}
