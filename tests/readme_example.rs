//! The README's worked example ("Extending the grammar") applied as written:
//! its grammar snippets are read from README.md (each follows a
//! `<!-- readme-example: ACTION -->` line) and applied to a copy of the
//! grammar, and what the README promises is checked.
//!
//! - In `cargo test`: the build error of a forgotten group rule, from the
//!   checker on the grammar edited in memory, equals the README's text; the
//!   finished edit has no error and no warning.
//! - End to end (`cargo test --test readme_example -- --ignored`, run by
//!   `.ci/run`): a copy of the crate under `target/readme-example/` is built
//!   with cargo; the build stops with the README's message and no Rust error,
//!   then `explain` prints the README's excerpt and the events match the
//!   README's gold entries.

#[path = "../src/build/check.rs"]
#[allow(dead_code)]
mod check;
#[allow(dead_code)]
mod gold;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use check::{Diagnostic, Grammar, Source, check, read_sources, rust_sources};

const README: &str = include_str!("../README.md");
const MARKER: &str = "<!-- readme-example: ";
/// How cargo prefixes each line a build script logs with `cargo::error=`.
const CARGO_PREFIX: &str = "error: newstally@0.1.0: ";

/// The README's snippets: each marker's action and the fenced block after it.
fn snippets() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = README;
    while let Some(at) = rest.find(MARKER) {
        rest = &rest[at + MARKER.len()..];
        let (action, after) = rest.split_once(" -->").expect("a marker ends with -->");
        let fence = after.find("```").expect("a block follows its marker");
        let body_start = fence + after[fence..].find('\n').expect("a fence line") + 1;
        let body_end = body_start + after[body_start..].find("```").expect("a closing fence");
        let body: Vec<&str> = after[body_start..body_end]
            .lines()
            .map(|l| l.strip_prefix("   ").unwrap_or(l))
            .collect();
        found.push((action.to_owned(), body.join("\n").trim_end().to_owned()));
    }
    assert!(
        found.len() >= 7,
        "the README's worked example lost its markers"
    );
    found
}

fn snippet(action: &str) -> String {
    snippets()
        .into_iter()
        .find(|(a, _)| a == action)
        .unwrap_or_else(|| panic!("no README snippet {action:?}"))
        .1
}

/// Applies the README's grammar edits, in order, to `files` (path → text),
/// up to (not including) the first action for which `stop` holds.
fn apply_edits(files: &mut [(String, String)], stop: impl Fn(&str) -> bool) {
    for (action, body) in snippets() {
        if stop(&action) {
            return;
        }
        let Some(rest) = action.strip_prefix("insert into ") else {
            continue;
        };
        if let Some((file, prefix)) = rest.split_once(" after ") {
            edit_line(files, file, prefix, |line| format!("{line}\n{body}"));
        } else if let Some((file, prefix)) = rest.split_once(" before ") {
            edit_line(files, file, prefix, |line| format!("{body}\n{line}"));
        } else {
            panic!(
                "a README action is `insert into FILE after PREFIX` or `... before PREFIX`: {action:?}"
            );
        }
    }
}

/// Rewrites the one line of `file` that starts with `prefix` (after its indent).
fn edit_line(
    files: &mut [(String, String)],
    file: &str,
    prefix: &str,
    new: impl Fn(&str) -> String,
) {
    let (_, text) = files
        .iter_mut()
        .find(|(path, _)| path == file)
        .unwrap_or_else(|| panic!("no file {file}"));
    let lines: Vec<&str> = text.lines().collect();
    let hits: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with(prefix))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "one line of {file} should start with {prefix:?}"
    );
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out[hits[0]] = new(lines[hits[0]]);
    *text = out.join("\n") + "\n";
}

fn grammar_files() -> Vec<(String, String)> {
    read_sources(Path::new("grammar"), "pest")
        .into_iter()
        .map(|s| (s.path, s.text))
        .collect()
}

fn diagnostics(files: Vec<(String, String)>) -> Vec<Diagnostic> {
    let sources = files
        .into_iter()
        .map(|(path, text)| Source { path, text })
        .collect();
    match Grammar::read(sources) {
        Ok(grammar) => check(&grammar, &rust_sources(Path::new("src"))),
        Err(errors) => errors,
    }
}

/// The README's build output without cargo's own lines, as the checker renders it.
fn promised_build_error() -> String {
    snippet("output of cargo build")
        .lines()
        .filter_map(|l| l.strip_prefix(CARGO_PREFIX))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Line numbers left out (`grammar/events.pest:N:N`, the gutter `N |`): they
/// move whenever a line is added above, and the README need not follow.
fn without_line_numbers(text: &str) -> String {
    let lines = text.lines().map(|line| {
        let (prefix, line) = line
            .strip_prefix(CARGO_PREFIX)
            .map_or(("", line), |rest| (CARGO_PREFIX, rest));
        let gutter = line
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit());
        let line = match gutter
            .strip_prefix(" |")
            .or_else(|| gutter.strip_prefix('|'))
        {
            Some(rest)
                if line
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit() || c == '|') =>
            {
                format!("N |{rest}")
            }
            _ => line.to_owned(),
        };
        let mut out = String::new();
        let mut rest = line.as_str();
        while let Some(at) = rest.find(".pest:") {
            out.push_str(&rest[..at + ".pest:".len()]);
            rest = &rest[at + ".pest:".len()..];
            while rest.starts_with(|c: char| c.is_ascii_digit() || c == ':') && rest.len() > 1 {
                let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                if digits.len() == rest.len() {
                    break;
                }
                out.push('N');
                rest = digits;
                match rest.strip_prefix(':') {
                    Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => {
                        out.push(':');
                        rest = after;
                    }
                    _ => break,
                }
            }
        }
        out.push_str(rest);
        format!("{prefix}{out}")
    });
    lines.collect::<Vec<_>>().join("\n")
}

#[test]
fn forgetting_the_group_rule_gives_the_readme_message() {
    let mut files = grammar_files();
    apply_edits(&mut files, |action| {
        action.starts_with("insert into grammar/events.pest after event_verb")
    });
    let found = diagnostics(files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        without_line_numbers(&found[0].render()),
        without_line_numbers(&promised_build_error()),
        "update the README's step 2: the message is now\n{}",
        found[0].render()
    );
}

#[test]
fn line_numbers_are_left_out_of_comparisons() {
    let message = "grammar/events.pest:52:1: add it to `event_verb` (grammar/events.pest:64), e.g.\n   |\n52 | looted\n   | ^^^";
    let other = "grammar/events.pest:151:1: add it to `event_verb` (grammar/events.pest:9), e.g.\n    |\n151 | looted\n    | ^^^";
    assert_eq!(without_line_numbers(message), without_line_numbers(other));
    assert_eq!(
        without_line_numbers(message),
        "grammar/events.pest:N:N: add it to `event_verb` (grammar/events.pest:N), e.g.\nN |\nN | looted\nN | ^^^"
    );
}

#[test]
fn the_finished_edit_has_no_error_and_no_warning() {
    let mut files = grammar_files();
    apply_edits(&mut files, |_| false);
    let found = diagnostics(files);
    assert!(found.is_empty(), "{found:#?}");
}

/// The target folder of this build (the test runs from `target/debug/deps`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    exe.ancestors()
        .nth(3)
        .expect("target/debug/deps/test")
        .to_path_buf()
}

/// Writes a copy of the crate to `dir` with the README's edits up to `stop`;
/// files are rewritten only when they change, so that a second run builds
/// nothing new.
fn copy_crate(dir: &Path, stop: impl Fn(&str) -> bool) {
    let mut files = grammar_files();
    apply_edits(&mut files, stop);
    for (path, text) in &files {
        write_if_changed(&dir.join(path), text.as_bytes());
    }
    for file in ["Cargo.toml", "Cargo.lock"] {
        write_if_changed(&dir.join(file), &fs::read(file).expect("crate file"));
    }
    for folder in ["src", "benches"] {
        copy_folder(Path::new(folder), &dir.join(folder));
    }
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("crate folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_folder(&path, &to.join(entry.file_name()));
        } else {
            write_if_changed(
                &to.join(entry.file_name()),
                &fs::read(&path).expect("crate file"),
            );
        }
    }
}

fn write_if_changed(path: &Path, content: &[u8]) {
    if fs::read(path).ok().as_deref() != Some(content) {
        fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
        fs::write(path, content).expect("write copy");
    }
}

/// Runs cargo in the copy at `dir`, with a target folder of its own: two
/// copies of one package in one target folder would share fingerprints
/// (cargo leaves a package's path out of them), and one's state would stand
/// for the other's.
fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .expect("run cargo")
}

/// Each line of `excerpt` (but "…", which skips lines) is a line of
/// `output`, in this order.
fn assert_excerpt(output: &str, excerpt: &str) {
    let output = without_line_numbers(output);
    let excerpt = without_line_numbers(excerpt);
    let mut lines = output.lines().map(str::trim_end);
    for wanted in excerpt.lines().map(str::trim_end).filter(|l| *l != "…") {
        assert!(
            lines.any(|l| l == wanted),
            "README line {wanted:?} is not in the output (in order):\n{output}"
        );
    }
}

#[test]
#[ignore = "builds a copy of the crate (minutes the first time); run by .ci/run"]
fn the_readme_example_works_end_to_end() {
    let root = target_dir().join("readme-example");
    let forgot = root.join("forgot-group-rule");
    copy_crate(&forgot, |action| {
        action.starts_with("insert into grammar/events.pest after event_verb")
    });
    let build = cargo(&forgot, &["build", "--quiet"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(!build.status.success(), "the build should stop:\n{stderr}");
    assert_excerpt(&stderr, &snippet("output of cargo build"));
    assert!(
        !stderr.contains("error[E") && !stderr.contains("could not compile"),
        "a Rust error followed:\n{stderr}"
    );

    let edited = root.join("edited");
    copy_crate(&edited, |_| false);
    let command = README
        .lines()
        .find(|l| l.contains("cargo run -q -- explain \""))
        .expect("the README's explain command");
    let sentence = command.split('"').nth(1).expect("a quoted sentence");
    let run = cargo(&edited, &["run", "-q", "--", "explain", sentence]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_excerpt(&stdout, &snippet("output of explain"));

    let json = &stdout[stdout.find("\n{").expect("the JSON document")..];
    let document: newstally::Document =
        serde_json::from_str(json).expect("explain prints a document");
    let entries = format!(
        "[{}]",
        snippet("gold entries").trim_end().trim_end_matches(',')
    );
    let events: serde_json::Value =
        serde_json::from_str(&entries).expect("the README's gold entries are JSON");
    let gold = serde_json::json!({ "events": events });
    assert_eq!(gold::unmatched(&gold, &document), Vec::<String>::new());
}
