//! The errors of what the library is handed to read: a publication date, a
//! batch record.
//!
//! Each is a type a caller can match on, and its message (`Display`) names
//! the fault and what to do about it. Those messages are also output: the
//! CLI prints them, and a batch error record carries its [`RecordError`]'s
//! message in its `"error"` field, so their wording is part of the output
//! contract (tests/batch.rs, tests/cli.rs and tests/robustness.rs hold it).
//! A message includes the message of the error it wraps, so none of these
//! has a `source()`: an error reporter would print it twice.
//!
//! The errors of whole runs are beside the code that runs them:
//! [`crate::batch::BatchError`] (reading the input or writing the output
//! failed) and [`crate::eval::EvalError`] (a gold file or a threshold).

/// A publication date that cannot be read ([`crate::parse_publication_date`]).
///
/// ```
/// use newstally::{DateError, parse_publication_date};
/// assert!(matches!(parse_publication_date("2015-9-6"), Err(DateError::NotADate { .. })));
/// let error = parse_publication_date("2015-02-30").unwrap_err();
/// assert_eq!(error.to_string(), "2015-02-30 is not a calendar date (month 2 of 2015 has no day 30); check the day and the month");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not written as `YYYY-MM-DD` or an ISO 8601 date-time.
    #[error(
        "{text:?} is not a date; write it as YYYY-MM-DD (e.g. 2015-09-06) or an ISO date-time (2015-09-06T10:00:00Z)"
    )]
    NotADate {
        /// The text as given.
        text: String,
    },
    /// Written as a date, but not one on the calendar: `2015-02-30`, `2015-13-01`.
    #[error("{date} is not a calendar date ({}); check the day and the month", missing_part(*.year, *.month, *.day))]
    NoSuchDate {
        /// The date part of the text (`YYYY-MM-DD`).
        date: String,
        /// The year as written.
        year: u32,
        /// The month as written.
        month: u32,
        /// The day as written.
        day: u32,
    },
}

/// What of a date the calendar lacks: the month, or the day in that month.
fn missing_part(year: u32, month: u32, day: u32) -> String {
    if (1..=12).contains(&month) {
        format!("month {month} of {year} has no day {day}")
    } else {
        format!("there is no month {month}")
    }
}

/// A batch record (one line of JSON Lines) that cannot be read: where it is
/// and why. Its message is what the record's `"error"` field says:
/// `line 3: no "text" string in this record; add the article text as "text"`.
///
/// ```
/// use newstally::{Extractor, batch::read_line, RecordFault};
/// let document = read_line(3, br#"{"id": 7}"#.to_vec(), &Extractor::new());
/// let error = document.error.as_ref().unwrap();
/// assert_eq!((error.line, &error.fault), (3, &RecordFault::NoText));
/// assert_eq!(error.to_string(), r#"line 3: no "text" string in this record; add the article text as "text""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}line {line}: {fault}", .input.as_ref().map(|name| format!("{name} ")).unwrap_or_default())]
#[non_exhaustive]
pub struct RecordError {
    /// The input's name, when a run reads several ([`crate::batch::Batch::named`]).
    pub input: Option<String>,
    /// The line, counted from 1.
    pub line: usize,
    /// What is wrong with it.
    pub fault: RecordFault,
}

impl RecordError {
    /// The record on line `line` (of an unnamed input) has `fault`.
    pub fn new(line: usize, fault: RecordFault) -> Self {
        RecordError {
            input: None,
            line,
            fault,
        }
    }
}

/// The shape of a record, for messages.
const SHAPE: &str =
    "each line must look like {\"id\": 1, \"text\": \"...\", \"date\": \"2015-09-06\"}";

/// What to do about a bad escape in a record's text.
const BAD_ESCAPE: &str =
    "a lone surrogate escape such as \\ud800 is not a character: fix or drop it";

/// Why a batch record cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordFault {
    /// The line is not UTF-8.
    #[error("not valid UTF-8 (byte {valid_up_to}); re-encode the input as UTF-8, e.g. with iconv")]
    NotUtf8 {
        /// The offset of the first byte that is not UTF-8.
        valid_up_to: usize,
    },
    /// An empty (or blank) line.
    #[error("empty line; {SHAPE}")]
    EmptyLine,
    /// The line is not one JSON object (`detail`: the JSON parser's words,
    /// when the line starts like one).
    #[error("not a JSON object{}; {SHAPE}", .detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    NotAnObject {
        /// The JSON parser's message.
        detail: Option<String>,
    },
    /// No `"text"` string.
    #[error("no \"text\" string in this record; add the article text as \"text\"")]
    NoText,
    /// The `"text"` string holds an escape that stands for no character
    /// (`\ud800` without its pair); `detail`: the JSON parser's words.
    #[error("\"text\" cannot be decoded{}; {BAD_ESCAPE}", .detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    BadEscape {
        /// The JSON parser's message.
        detail: Option<String>,
    },
    /// The `"date"` string is not a publication date.
    #[error("\"date\": {0}")]
    Date(DateError),
    /// The `"date"` is not a string (nor `null`).
    #[error("\"date\" must be a string YYYY-MM-DD, not {json}")]
    DateNotAString {
        /// The date's JSON text.
        json: String,
    },
    /// The line is longer than the cap ([`crate::batch::Batch::max_record_bytes`]).
    #[error(
        "the record is {bytes} bytes, more than the limit of {limit} bytes; split the article, or raise the limit with --max-record-bytes"
    )]
    TooLong {
        /// The line's length.
        bytes: u64,
        /// The cap.
        limit: usize,
    },
}
