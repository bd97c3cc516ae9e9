//! Batch runs over real archives, run as an analyst would run the binary:
//! ids echoed byte for byte, ids kept from lines that cannot be read, BOMs,
//! gzip, ISO dates, oversized records, exit codes, closed pipes, tables,
//! several inputs. Each test names the promise it checks.

// These tests run the `newstally` binary, which the `cli` feature builds.
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn newstally_in(args: &[&str], stdin: &[u8], dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newstally"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("the binary runs");
    let mut input = child.stdin.take().expect("piped stdin");
    let stdin = stdin.to_vec();
    // Written from a thread: the child may write output before reading all input.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("stdin writer");
    output
}

fn newstally(args: &[&str], stdin: &[u8]) -> Output {
    newstally_in(args, stdin, None)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("output is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

/// A fresh folder for one test's files.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newstally-batch-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

const KILLED: &str = "Two soldiers were killed.";

#[test]
fn ids_are_echoed_byte_for_byte() {
    let ids = [
        "1e3",
        "12345678901234567890123",
        r#"{"b":1,"a":2}"#,
        r#"{ "b" : 1 , "a" : [2.50] }"#,
        r#""caf\u00e9""#,
        "-0.0",
    ];
    let input: String = ids
        .iter()
        .map(|id| format!("{{\"id\": {id}, \"text\": \"{KILLED}\"}}\n"))
        .collect();
    let output = newstally(&["extract", "--jsonl"], input.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    for (line, id) in stdout(&output).lines().zip(ids) {
        assert!(
            line.starts_with(&format!("{{\"id\":{id},\"events\":[{{")),
            "{id} is echoed as given: {line}"
        );
    }
}

#[test]
fn the_id_survives_bad_utf8_a_bad_escape_and_a_cut_line() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": 8, \"text\": \"caf\xff\"}\n");
    input.extend_from_slice(b"{\"text\": \"caf\xff\", \"id\": \"after\"}\n");
    input.extend_from_slice(b"{\"id\": 1e3, \"text\": \"\\ud800 lone surrogate\"}\n");
    input.extend_from_slice(b"{\"text\": \"x\\ud800\", \"id\": [1]}\n");
    input.extend_from_slice(b"{\"id\": \"cut\", \"text\": \"the line ends here\n");
    input.extend_from_slice(format!("{{\"id\": 5, \"text\": \"{KILLED}\"}}\n").as_bytes());
    let output = newstally(&["extract", "--jsonl"], &input);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    let ids = ["8", "\"after\"", "1e3", "[1]", "\"cut\"", "5"];
    for (line, id) in lines.iter().zip(ids) {
        assert!(line.starts_with(&format!("{{\"id\":{id},")), "{id}: {line}");
    }
    let records = json_lines(&output);
    assert!(
        records[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("UTF-8"))
    );
    assert!(
        records[2]["error"]
            .as_str()
            .is_some_and(|e| e.contains("surrogate")),
        "{}",
        records[2]
    );
    assert!(
        records[4]["error"]
            .as_str()
            .is_some_and(|e| e.contains("line 5"))
    );
    assert_eq!(records[5]["events"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_byte_order_mark_does_not_spoil_the_first_record() {
    let input = format!("\u{feff}{{\"id\": 1, \"text\": \"{KILLED}\"}}\n");
    let output = newstally(&["extract", "--jsonl"], input.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let records = json_lines(&output);
    assert!(records[0]["error"].is_null(), "{}", records[0]);
    assert_eq!(records[0]["events"].as_array().map(Vec::len), Some(1));
}

#[test]
fn gzip_is_read_transparently_in_batch_and_plain_mode() {
    let dir = temp_dir("gzip");
    let records = format!(
        "{{\"id\": 1, \"text\": \"{KILLED}\"}}\n{{\"id\": 2, \"text\": \"Five police officers were wounded.\"}}\n"
    );
    std::fs::write(dir.join("records.jsonl.gz"), gzip(records.as_bytes())).expect("write");
    // No telling name: the magic bytes decide.
    std::fs::write(dir.join("records.data"), gzip(records.as_bytes())).expect("write");
    std::fs::write(dir.join("article"), gzip(KILLED.as_bytes())).expect("write");
    for args in [
        &["extract", "records.jsonl.gz"][..],
        &["extract", "--jsonl", "records.data"],
        &["extract", "--jsonl", "-"],
    ] {
        let stdin = gzip(records.as_bytes());
        let output = newstally_in(args, &stdin, Some(&dir));
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let lines = json_lines(&output);
        assert_eq!(lines.len(), 2, "{args:?}");
        assert!(
            lines
                .iter()
                .all(|l| l["error"].is_null()
                    && l["events"].as_array().is_some_and(|e| e.len() == 1)),
            "{args:?}"
        );
    }
    let output = newstally_in(&["extract", "--compact", "article"], b"", Some(&dir));
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(document["events"][0]["count"]["value"], 2);
}

#[test]
fn iso_datetimes_give_their_date_and_impossible_dates_are_named() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"Two soldiers were wounded on Saturday.\", \"date\": \"2015-09-06T10:00:00Z\"}\n",
        "{\"id\": 2, \"text\": \"Two soldiers were wounded.\", \"date\": \"2015-02-30\"}\n",
        "{\"id\": 3, \"text\": \"Two soldiers were wounded.\", \"date\": \"2015-9-6\"}\n",
    );
    let output = newstally(&["extract", "--jsonl"], input.as_bytes());
    let records = json_lines(&output);
    assert_eq!(records[0]["events"][0]["time"]["date"], "2015-09-05");
    let error = |i: usize| records[i]["error"].as_str().unwrap_or_default().to_owned();
    assert!(
        error(1).contains("2015-02-30 is not a calendar date"),
        "{}",
        error(1)
    );
    assert!(error(2).contains("YYYY-MM-DD"), "{}", error(2));
    for (date, message) in [
        ("2015-9-6", "YYYY-MM-DD"),
        ("2015-02-30", "2015-02-30 is not a calendar date"),
    ] {
        let output = newstally(&["extract", "--date", date, "-"], KILLED.as_bytes());
        assert!(!output.status.success(), "--date {date} is refused");
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
    let output = newstally(
        &[
            "extract",
            "--compact",
            "--date",
            "2015-09-06T23:59:59+02:00",
            "-",
        ],
        b"Two soldiers were wounded on Saturday.",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(document["events"][0]["time"]["date"], "2015-09-05");
}

#[test]
fn a_run_where_every_record_fails_or_the_input_is_binary_exits_non_zero() {
    let output = newstally(&["extract", "--jsonl"], b"not json\n{\"id\": 1}\n");
    assert!(!output.status.success(), "every record failed");
    assert_eq!(
        json_lines(&output).len(),
        2,
        "the error records are still written"
    );
    assert!(
        stderr(&output).contains("none of the 2 records"),
        "{}",
        stderr(&output)
    );
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
    for args in [&["extract", "--jsonl"][..], &["extract"]] {
        let output = newstally(args, png);
        assert!(!output.status.success(), "{args:?}: binary input");
        assert!(
            stderr(&output).contains("looks binary"),
            "{}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
    // One good record is enough for success.
    let input = format!("not json\n{{\"text\": \"{KILLED}\"}}\n");
    assert!(
        newstally(&["extract", "--jsonl"], input.as_bytes())
            .status
            .success()
    );
}

#[test]
fn a_file_named_jsonl_is_read_as_records() {
    let dir = temp_dir("named");
    let records =
        format!("{{\"id\": 1, \"text\": \"{KILLED}\"}}\n{{\"id\": 2, \"text\": \"{KILLED}\"}}\n");
    std::fs::write(dir.join("a.jsonl"), &records).expect("write");
    std::fs::write(dir.join("b.ndjson"), &records).expect("write");
    std::fs::write(dir.join("c.txt"), KILLED).expect("write");
    let output = newstally_in(&["extract", "a.jsonl", "b.ndjson"], b"", Some(&dir));
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(
        lines.len(),
        4,
        "one line per record, not one merged article"
    );
    assert_eq!(lines[3]["id"], 2);
    let output = newstally_in(&["extract", "a.jsonl", "c.txt"], b"", Some(&dir));
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--jsonl"),
        "a hint: {}",
        stderr(&output)
    );
}

#[test]
fn a_record_over_the_size_cap_is_an_error_record_and_nothing_else_is_lost() {
    let big = "x".repeat(3000);
    let input = format!(
        "{{\"id\": \"big\", \"text\": \"{big}\"}}\n{{\"id\": \"next\", \"text\": \"{KILLED}\"}}\n"
    );
    let output = newstally(
        &["extract", "--jsonl", "--max-record-bytes", "1000"],
        input.as_bytes(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let records = json_lines(&output);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "big", "the id before the cut is kept");
    let error = records[0]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("line 1") && error.contains("--max-record-bytes"),
        "{error}"
    );
    assert_eq!(records[1]["events"].as_array().map(Vec::len), Some(1));
    // An endless line with no newline at all: one error record, no unbounded read.
    let endless = vec![b'a'; 5 << 20];
    let output = newstally(
        &["extract", "--jsonl", "--max-record-bytes", "64k"],
        &endless,
    );
    let records = json_lines(&output);
    assert_eq!(records.len(), 1);
    assert!(
        records[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("5242880 bytes")),
        "{}",
        records[0]
    );
    // A plain article over the cap is refused with the way out.
    let output = newstally(
        &["extract", "--max-record-bytes", "10", "-"],
        KILLED.as_bytes(),
    );
    assert!(!output.status.success() && stderr(&output).contains("--max-record-bytes"));
}

/// Output whose reader has gone away: the write end of a pipe whose read end is closed.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_status_0() {
    let records: String = (0..2000)
        .map(|i| format!("{{\"id\": {i}, \"text\": \"{KILLED}\"}}\n"))
        .collect();
    let cases: [(&[&str], &[u8]); 5] = [
        (&["extract", "--jsonl"], records.as_bytes()),
        (
            &["extract", "--jsonl", "--format", "csv"],
            records.as_bytes(),
        ),
        (&["extract", "-"], KILLED.as_bytes()),
        (
            &["explain", "Eight policemen were killed, the ministry said."],
            b"",
        ),
        (
            &[
                "eval",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/numerals.jsonl"),
            ],
            b"",
        ),
    ];
    for (args, stdin) in cases {
        if args[0] == "eval" && !Path::new(args[1]).exists() {
            continue; // shared/ is beside the checkout in development and CI
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_newstally"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut input = child.stdin.take().expect("piped stdin");
        let _ = input.write_all(stdin);
        drop(input);
        let output = child.wait_with_output().expect("the binary finishes");
        assert!(
            output.status.success(),
            "{args:?}: {:?} {}",
            output.status,
            stderr(&output)
        );
        assert!(
            output.stderr.is_empty(),
            "{args:?} is quiet: {}",
            stderr(&output)
        );
    }
}

#[test]
fn csv_and_tsv_have_one_row_per_event_from_several_inputs() {
    let dir = temp_dir("csv");
    let a = format!(
        "{{\"id\": \"a1\", \"text\": \"Eight policemen and nine attackers were killed, the ministry said.\"}}\n{{\"id\": 1e3, \"text\": \"{KILLED}\"}}\n"
    );
    std::fs::write(dir.join("a.jsonl.gz"), gzip(a.as_bytes())).expect("write");
    std::fs::write(
        dir.join("b.jsonl"),
        "{\"id\": \"b1\", \"text\": \"No news.\"}\nnot json\n",
    )
    .expect("write");
    let stdin = format!("{{\"id\": \"s1\", \"text\": \"{KILLED}\"}}\n");
    let output = newstally_in(
        &[
            "extract",
            "--format",
            "csv",
            "a.jsonl.gz",
            "b.jsonl",
            "-",
            "-o",
            "events.csv",
            "--quiet",
        ],
        stdin.as_bytes(),
        Some(&dir),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty() && output.stderr.is_empty(),
        "-o and --quiet"
    );
    let mut reader = csv::Reader::from_path(dir.join("events.csv")).expect("a CSV file");
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    for column in [
        "record_id",
        "event_index",
        "count_value",
        "count_qualifier",
        "who_text",
        "who_category",
        "source_text",
        "source_cue",
        "background",
        "part_of",
        "error",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let at = |name: &str| header.iter().position(|h| h == name).expect("column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[at("record_id")]).collect();
    assert_eq!(
        ids,
        ["a1", "a1", "1e3", "", "s1"],
        "one row per event, one per error record"
    );
    assert_eq!(&rows[1][at("count_value")], "9");
    assert_eq!(&rows[0][at("who_category")], "police");
    assert_eq!(&rows[0][at("source_text")], "the ministry");
    assert!(
        rows[3][at("error")].starts_with("b.jsonl line 2: not a JSON object"),
        "{}",
        &rows[3][at("error")]
    );
    // TSV, and the attributions table.
    let output = newstally(
        &["extract", "--format", "tsv", "--attributions", "--jsonl"],
        a.as_bytes(),
    );
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("record_id\tattribution_index\tsource_text"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 2, "one attribution: {text}");
}

#[test]
fn several_articles_give_one_line_each_named_by_their_path() {
    let dir = temp_dir("articles");
    std::fs::write(dir.join("one.txt"), KILLED).expect("write");
    std::fs::write(dir.join("two.txt"), "Five police officers were wounded.").expect("write");
    let output = newstally_in(
        &["extract", "one.txt", "two.txt", "-"],
        b"Three people were kidnapped.",
        Some(&dir),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["one.txt", "two.txt", "standard input"]);
    // --format json: one JSON array.
    let output = newstally_in(
        &["extract", "--format", "json", "one.txt", "two.txt"],
        b"",
        Some(&dir),
    );
    let array: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(array.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_terminal_on_standard_input_gets_a_hint() {
    // `script` gives the command a terminal; Ctrl-D ends the input.
    let Ok(mut child) = Command::new("script")
        .args([
            "-qec",
            &format!("{} extract --compact", env!("CARGO_BIN_EXE_newstally")),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped: no `script` (util-linux) to give the command a terminal");
        return;
    };
    let mut input = child.stdin.take().expect("piped stdin");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = input.write_all(b"Two soldiers were killed.\n\x04");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().ok().flatten().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("newstally did not end at Ctrl-D");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(input);
    let output = child.wait_with_output().expect("script finishes");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("Ctrl-D"), "the hint: {screen}");
    assert!(
        screen.contains("\"value\":2"),
        "then the article is read: {screen}"
    );
}

#[test]
fn site_furniture_ends_an_article_only_on_a_short_line_without_a_predicate() {
    let news = "Two soldiers were killed.\nMost popular leader says 13 people were killed.\nFive police officers were wounded.";
    let furniture = "Two soldiers were killed.\nMost popular\nFive police officers were wounded.";
    for (text, events) in [(news, 3), (furniture, 1)] {
        let output = newstally(&["extract", "--compact", "-"], text.as_bytes());
        let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(
            document["events"].as_array().map(Vec::len),
            Some(events),
            "{text}"
        );
    }
}
