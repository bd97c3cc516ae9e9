//! The `newstally` binary, run as a user would: the main job on the bundled
//! article, batch mode's one-line-per-record contract, and clear errors for
//! bad input (never a panic).

// These tests run the `newstally` binary, which the `cli` feature builds.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/corpus/tajikistan-police-operation.txt"
);

fn newstally(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newstally"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin)
        .expect("stdin accepts the input");
    child.wait_with_output().expect("the binary finishes")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn extract_prints_the_seed_articles_events() {
    let output = newstally(&["extract", SEED], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    let events = document["events"].as_array().expect("events is a list");
    assert_eq!(
        events.len(),
        10,
        "the seed article yields its ten gold events, the teaser adds none"
    );
    assert!(
        events
            .iter()
            .all(|e| e["count"]["value"] != 1997 && e["count"]["value"] != 1992),
        "years are not counts"
    );
}

#[test]
fn extract_reads_standard_input_and_takes_a_publication_date() {
    let output = newstally(
        &["extract", "--date", "2015-09-06", "--compact", "-"],
        b"Two soldiers were wounded on Saturday.",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(document["events"][0]["time"]["date"], "2015-09-05");
    // A date without a year is never after the publication date.
    let output = newstally(
        &["extract", "--date", "2015-01-02", "-"],
        b"Two soldiers were wounded on March 3.",
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(document["events"][0]["time"]["date"], "2014-03-03");
}

#[test]
fn batch_mode_writes_one_line_per_record_in_order_and_names_bad_records() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": \"a\", \"text\": \"Police arrested 32 suspects.\"}\n");
    input.extend_from_slice(b"not json at all\n");
    input.extend_from_slice(b"{\"id\": 7, \"title\": \"no text field\"}\n");
    input.extend_from_slice(b"{\"id\": 8, \"text\": \"caf\xff\"}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(
        b"{\"id\": 9, \"text\": \"Two soldiers were wounded.\", \"date\": \"yesterday\"}\n",
    );
    input.extend_from_slice(b"{\"id\": 10, \"text\": \"\"}\n");
    input.extend_from_slice(b"{\"id\": [1, 2], \"text\": \"Three people were killed.\"}");
    let output = newstally(&["extract", "--jsonl", "-"], &input);
    assert!(
        output.status.success(),
        "bad records do not stop the run: {}",
        stderr(&output)
    );
    let lines: Vec<Value> = String::from_utf8(output.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 8, "one output line per input line");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["events"][0]["count"]["value"], 32);
    let error = |i: usize| lines[i]["error"].as_str().unwrap_or_default().to_owned();
    assert!(
        error(1).starts_with("line 2: not a JSON object"),
        "{}",
        error(1)
    );
    assert_eq!(lines[2]["id"], 7);
    assert!(
        error(2).contains("line 3") && error(2).contains("\"text\""),
        "{}",
        error(2)
    );
    assert!(
        error(3).contains("line 4") && error(3).contains("UTF-8"),
        "{}",
        error(3)
    );
    assert!(
        error(4).contains("line 5") && error(4).contains("empty"),
        "{}",
        error(4)
    );
    assert!(error(5).contains("YYYY-MM-DD"), "{}", error(5));
    assert!(
        lines[6]["error"].is_null() && lines[6]["events"].as_array().is_some_and(Vec::is_empty),
        "empty text: no events, no error"
    );
    assert_eq!(
        lines[7]["id"],
        serde_json::json!([1, 2]),
        "ids are echoed as given"
    );
    assert!(
        stderr(&output).contains("5 of 8 records"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_files_get_a_clear_message_and_a_failing_exit_code() {
    let dir = std::env::temp_dir().join(format!("newstally-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9: 13 people were killed").expect("write");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"  \n").expect("write");
    let cases = [
        (latin1.to_string_lossy().into_owned(), "not valid UTF-8"),
        (empty.to_string_lossy().into_owned(), "is empty"),
        (
            dir.join("missing.txt").to_string_lossy().into_owned(),
            "cannot open",
        ),
    ];
    for (path, message) in cases {
        let output = newstally(&["extract", &path], b"");
        assert!(!output.status.success(), "{path} should fail");
        assert!(
            stderr(&output).contains(message),
            "{path}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    }
    let output = newstally(&["extract", "--date", "Saturday", SEED], b"");
    assert!(
        !output.status.success() && stderr(&output).contains("YYYY-MM-DD"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn explain_shows_the_rules_that_matched() {
    let output = newstally(
        &[
            "explain",
            "Eight policemen and nine attackers were killed, the ministry said.",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    for rule in [
        "count_first",
        "role_police",
        "killed_verb",
        "source_says",
        "saying_cue",
    ] {
        assert!(text.contains(rule), "explain names `{rule}`:\n{text}");
    }
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["extract", "--help"],
        &["explain", "--help"],
        &["eval", "--help"],
    ] {
        let output = newstally(args, b"");
        assert!(
            output.status.success() && String::from_utf8_lossy(&output.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}
