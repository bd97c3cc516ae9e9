//! `newstally eval`: scores the extractor against gold JSON Lines.
//!
//! Three kinds of gold file are understood, told apart by the shape of the
//! first record (the files in `../shared/eval/` and its README):
//!
//! | records look like | module | scored as | headline figure (`--min`) |
//! |---|---|---|---|
//! | `{"text", "value"}` | [`numbers`] | the phrase must read as a count of that value | accuracy |
//! | `{"id", "text", "date"?, "events", "attributions"}` | [`events`] | events and attributions matched one to one, P/R/F1 at four levels | events F1 at the +who level |
//! | `{"id", "text", "date"?, "gold": {"killed", "wounded"}}` | [`totals`] | per-record killed and wounded totals | killed exact-match rate |
//!
//! **Why ports and not new scorers.** The events and totals scores are those
//! of the reference scorers `score_events.py` and `score_totals.py` (copied
//! into `tests/eval/`), rule for rule, quirks included: a figure printed here
//! means the same as one printed there, and `tests/eval.rs` fails when the two
//! disagree on the same predictions. So the scoring functions take gold
//! records and predicted [`Document`]s matched by id, exactly as the scripts
//! take two files.
//!
//! **Determinism.** Records are extracted in parallel (rayon), but collected
//! in input order and scored one after another, so every count, every error
//! list and its order are the same from run to run.
//!
//! ```
//! use newstally::eval::{self, Metric};
//! let line = r#"{"id": "a", "text": "Police arrested 32 suspects, the ministry said.",
//!   "events": [{"kind": "arrested", "value": 32, "qualifier": "exact", "who": "suspects", "source": "ministry"}],
//!   "attributions": [{"source": "ministry", "cue": "said"}]}"#.replace('\n', "");
//! let gold = eval::read(line.as_bytes())?;
//! let report = gold.evaluate(&newstally::Extractor::new());
//! assert_eq!(report.figure(Metric::Headline), Some((1.0, "events F1 at +who")));
//! assert!(report.check(&[(Metric::AttributionF1, 0.9, "--min-attr")]).is_ok());
//! print!("{report}"); // the table score_events.py prints
//! # Ok::<(), newstally::eval::EvalError>(())
//! ```

pub mod events;
pub mod numbers;
pub mod totals;

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::model::Document;
use crate::{Extractor, NaiveDate};

/// A gold file, read and checked, of one of the three kinds.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Gold {
    /// Number phrases and their values (`numerals.jsonl`).
    Numbers(Vec<numbers::Case>),
    /// Paragraphs with their gold events and attributions (`wikinews.jsonl`).
    Events(Vec<events::Record>),
    /// Records with their gold killed and wounded totals (`wiki_massshootings.jsonl`).
    Totals(Vec<totals::Record>),
}

/// What an evaluation found, by kind of gold file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Report {
    /// Of number phrases.
    Numbers(numbers::Report),
    /// Of paragraphs with gold events.
    Events(events::Report),
    /// Of records with gold totals.
    Totals(totals::Report),
}

/// Why a gold file cannot be scored, or a figure is below its threshold.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// Reading the file failed.
    #[error("line {line}: {error}")]
    Read {
        /// The line being read.
        line: usize,
        /// What the reader said.
        error: io::Error,
    },
    /// The file has no records.
    #[error("no records: the gold file is empty")]
    Empty,
    /// The first record is not a JSON object.
    #[error("line {line}: not a JSON object ({error}); a gold file has one JSON object a line")]
    NotJson {
        /// Its line.
        line: usize,
        /// What the JSON parser said.
        error: serde_json::Error,
    },
    /// The first record's fields fit none of the three kinds of file.
    #[error(
        "line {line}: cannot tell what kind of gold file this is; expected number phrases {}, paragraphs {}, or totals {} (see ../shared/eval/README.md)",
        numbers::SHAPE,
        events::SHAPE,
        totals::SHAPE
    )]
    UnknownKind {
        /// The first record's line.
        line: usize,
    },
    /// A record does not have the shape of the file's kind.
    #[error("line {line}: {error}; every record of this file must look like {shape}")]
    BadRecord {
        /// Its line.
        line: usize,
        /// What the JSON parser said.
        error: serde_json::Error,
        /// The shape the file's records have.
        shape: &'static str,
    },
    /// A threshold on a figure this kind of file does not have.
    #[error(
        "{option} does not apply to {file_kind}; see `newstally eval --help` for the thresholds of each kind of file"
    )]
    NotApplicable {
        /// The threshold's option name.
        option: String,
        /// What the file holds ([`Report::file_kind`]).
        file_kind: &'static str,
    },
    /// Figures below their thresholds.
    #[error("below threshold: {}", shortfall_list(.0))]
    BelowThreshold(Vec<Shortfall>),
}

/// A figure below its threshold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Shortfall {
    /// The figure's name: "events F1 at +who".
    pub name: &'static str,
    /// The figure.
    pub value: f64,
    /// The threshold's option name: "--min".
    pub option: String,
    /// The threshold.
    pub min: f64,
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:.4} is below {} {:.4} (short by {:.4})",
            self.name,
            self.value,
            self.option,
            self.min,
            self.min - self.value
        )
    }
}

fn shortfall_list(shortfalls: &[Shortfall]) -> String {
    let items: Vec<String> = shortfalls.iter().map(Shortfall::to_string).collect();
    items.join("; ")
}

/// A figure a threshold can be put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// The file kind's headline: number accuracy, events F1 at +who, killed
    /// exact-match rate.
    Headline,
    /// Events F1 at the +source level.
    SourceF1,
    /// Attributions F1.
    AttributionF1,
    /// Wounded exact-match rate.
    WoundedExact,
}

/// Reads a gold file; its kind is told by the first record's fields. A line
/// that does not fit is an error naming the line and the expected shape.
pub fn read(input: impl BufRead) -> Result<Gold, EvalError> {
    let mut lines = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|error| EvalError::Read { line: n + 1, error })?;
        // The reference scorers skip blank lines too.
        if !line.trim().is_empty() {
            lines.push((n + 1, line));
        }
    }
    let Some((first_number, first)) = lines.first() else {
        return Err(EvalError::Empty);
    };
    let first: Value = serde_json::from_str(first).map_err(|error| EvalError::NotJson {
        line: *first_number,
        error,
    })?;
    let has = |field: &str| first.get(field).is_some();
    if has("events") {
        parse_all(&lines, events::SHAPE).map(Gold::Events)
    } else if has("gold") {
        parse_all(&lines, totals::SHAPE).map(Gold::Totals)
    } else if has("text") && has("value") {
        parse_all(&lines, numbers::SHAPE).map(Gold::Numbers)
    } else {
        Err(EvalError::UnknownKind {
            line: *first_number,
        })
    }
}

fn parse_all<T: DeserializeOwned>(
    lines: &[(usize, String)],
    shape: &'static str,
) -> Result<Vec<T>, EvalError> {
    lines
        .iter()
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|error| EvalError::BadRecord {
                line: *n,
                error,
                shape,
            })
        })
        .collect()
}

impl Gold {
    /// Runs the extractor on every record (in parallel) and scores it.
    pub fn evaluate(&self, extractor: &Extractor) -> Report {
        match self {
            Gold::Numbers(cases) => Report::Numbers(numbers::score(cases)),
            Gold::Events(records) => {
                let predictions = extract_all(records, extractor, |r| (&r.id, &r.text, r.date));
                Report::Events(events::score(records, &predictions, events::Level::Src))
            }
            Gold::Totals(records) => {
                let predictions = extract_all(records, extractor, |r| (&r.id, &r.text, r.date));
                Report::Totals(totals::score(records, &predictions))
            }
        }
    }
}

/// One document per record, in record order, each with the record's id and
/// extracted with its publication date, as batch mode does.
fn extract_all<R: Sync>(
    records: &[R],
    extractor: &Extractor,
    fields: impl Fn(&R) -> (&Value, &String, Option<NaiveDate>) + Sync,
) -> Vec<Document> {
    records
        .par_iter()
        .map(|record| {
            let (id, text, date) = fields(record);
            let extractor = match date {
                Some(date) => extractor.clone().with_publication_date(date),
                None => extractor.clone(),
            };
            Document {
                id: Some(id.clone().into()),
                ..extractor.extract(text)
            }
        })
        .collect()
}

impl Report {
    /// The report as a plain table, followed by up to `errors` misses and
    /// false hits with their text. `None` prints every miss of a number file
    /// and none of the others (like the reference scorers without `--errors`).
    pub fn render(&self, errors: Option<usize>) -> String {
        match self {
            Report::Numbers(report) => report.render(errors.unwrap_or(usize::MAX)),
            Report::Events(report) => report.render(errors.unwrap_or(0)),
            Report::Totals(report) => report.render(errors.unwrap_or(0)),
        }
    }

    /// What the file holds, for messages: "number phrases", ….
    pub fn file_kind(&self) -> &'static str {
        match self {
            Report::Numbers(_) => "number phrases",
            Report::Events(_) => "paragraphs with gold events",
            Report::Totals(_) => "records with gold totals",
        }
    }

    /// A figure (a fraction in 0..1) and its name, or `None` when this kind of
    /// file has no such figure.
    pub fn figure(&self, metric: Metric) -> Option<(f64, &'static str)> {
        match (self, metric) {
            (Report::Numbers(r), Metric::Headline) => Some((r.accuracy(), "accuracy")),
            (Report::Events(r), Metric::Headline) => Some((r.who.f1(), "events F1 at +who")),
            (Report::Events(r), Metric::SourceF1) => Some((r.src.f1(), "events F1 at +source")),
            (Report::Events(r), Metric::AttributionF1) => {
                Some((r.attributions.f1(), "attributions F1"))
            }
            (Report::Totals(r), Metric::Headline) => {
                Some((r.killed.exact_rate(), "killed exact-match rate"))
            }
            (Report::Totals(r), Metric::WoundedExact) => {
                Some((r.wounded.exact_rate(), "wounded exact-match rate"))
            }
            _ => None,
        }
    }

    /// Checks each `(metric, minimum, option name)`; the error lists every
    /// figure below its minimum and by how much, or names an option that does
    /// not apply to this kind of file.
    pub fn check(&self, thresholds: &[(Metric, f64, &str)]) -> Result<(), EvalError> {
        let mut failed = Vec::new();
        for &(metric, min, option) in thresholds {
            let Some((value, name)) = self.figure(metric) else {
                return Err(EvalError::NotApplicable {
                    option: option.to_owned(),
                    file_kind: self.file_kind(),
                });
            };
            if value < min {
                failed.push(Shortfall {
                    name,
                    value,
                    option: option.to_owned(),
                    min,
                });
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(EvalError::BelowThreshold(failed))
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

/// Predictions by record id, as the reference scorers hold them (a dict keyed
/// by id: of two predictions with the same id the later one wins).
fn by_id(predictions: &[Document]) -> HashMap<String, &Document> {
    predictions
        .iter()
        .map(|d| {
            let key =
                d.id.as_ref()
                    .map_or_else(|| id_key(&Value::Null), |id| id.json().to_owned());
            (key, d)
        })
        .collect()
}

/// An id as a map key: its JSON text, so "7" and 7 stay apart as in Python.
fn id_key(id: &Value) -> String {
    id.to_string()
}

/// An id as the reference scorers print it: a string bare, anything else as JSON.
fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The first `n` characters of a text, as Python's `text[:n]` (code points).
fn prefix(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// Whitespace as Python's `str.isspace` and regex `\s` see it: Unicode
/// White_Space plus the four information separators U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The reference scorers' `norm`: trimmed, lower-cased, whitespace runs as
/// one space.
pub fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_py_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.to_lowercase()
}

/// `"date": "YYYY-MM-DD"` (or absent or null), as batch mode reads it.
fn publication_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
            serde::de::Error::custom(format!(
                "\"date\" \"{t}\" is not a date; write it as YYYY-MM-DD"
            ))
        })
    })
    .transpose()
}

/// `a / b`, and 0 when `b` is 0 (the scripts' convention for an empty denominator).
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_trims_lowers_and_squeezes_whitespace_as_python_does() {
        assert_eq!(norm("  The  Health\tMinistry\n"), "the health ministry");
        assert_eq!(norm("\u{a0}Police\u{1f}Chief\u{2003}"), "police chief");
        assert_eq!(norm(""), "");
        assert_eq!(norm(" \t "), "");
        assert_eq!(norm("ΣΟΦΟΣ"), "σοφος", "final sigma as str.lower()");
    }

    #[test]
    fn prefix_counts_characters_not_bytes() {
        assert_eq!(prefix("héllo", 2), "hé");
        assert_eq!(prefix("hi", 300), "hi");
    }

    #[test]
    fn the_kind_of_file_is_told_by_its_first_record() {
        let read_str = |s: &str| read(s.as_bytes());
        assert!(matches!(
            read_str("{\"text\": \"two dozen\", \"value\": 24}\n"),
            Ok(Gold::Numbers(c)) if c.len() == 1
        ));
        assert!(matches!(
            read_str("\n{\"id\": \"a\", \"text\": \"t\", \"events\": [], \"attributions\": []}\n\n"),
            Ok(Gold::Events(r)) if r.len() == 1
        ));
        assert!(matches!(
            read_str("{\"id\": 1, \"text\": \"t\", \"date\": \"2020-01-02\", \"gold\": {\"killed\": 1, \"wounded\": 0}}"),
            Ok(Gold::Totals(r)) if r.len() == 1
        ));
        let err = |s: &str| read_str(s).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("").contains("empty"));
        assert!(err("{\"title\": \"x\"}").contains("cannot tell"));
        assert!(err("[1, 2]").contains("cannot tell"));
        assert!(err("nonsense").contains("line 1: not a JSON object"));
        let mixed = err("{\"text\": \"two\", \"value\": 2}\n{\"text\": \"three\"}");
        assert!(
            mixed.starts_with("line 2:") && mixed.contains("\"value\""),
            "{mixed}"
        );
        let date =
            err("{\"id\": 1, \"text\": \"t\", \"date\": \"May 3\", \"gold\": {\"killed\": 1}}");
        assert!(date.contains("YYYY-MM-DD"), "{date}");
    }

    #[test]
    fn thresholds_name_the_figure_and_the_shortfall() {
        let report = Report::Numbers(numbers::Report {
            total: 4,
            correct: 3,
            misses: Vec::new(),
        });
        assert!(report.check(&[(Metric::Headline, 0.75, "--min")]).is_ok());
        let err = report
            .check(&[(Metric::Headline, 0.8, "--min")])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            err,
            "below threshold: accuracy 0.7500 is below --min 0.8000 (short by 0.0500)"
        );
        let err = report
            .check(&[(Metric::WoundedExact, 0.5, "--min-wounded")])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("--min-wounded does not apply to number phrases"),
            "{err}"
        );
    }
}
