//! Batch mode: JSON Lines in, one document per line out.
//!
//! The promises, and how each is kept:
//! - **One output per input line, in order.** Lines are read in chunks (at
//!   most 512 lines, and no more lines once 16 MB are read, so memory stays
//!   flat however long the file), extracted in parallel with rayon, and the
//!   chunk is written back in order. A line that cannot be read becomes a
//!   document with no events whose `error` says why ("line N: …") and what
//!   to do; the run goes on.
//! - **Ids echoed byte for byte.** A record is parsed into raw JSON values
//!   ([`serde_json::value::RawValue`]): the id is never turned into a number
//!   or a map, so `1e3`, `12345678901234567890123` and `{"b":1,"a":2}` come
//!   back as written. Raw values also skip other fields without decoding
//!   them, so one bad escape elsewhere does not lose the id.
//! - **The id survives a bad line whenever it can be read**: invalid UTF-8
//!   (the line is read with the bad bytes replaced, and the id is kept when
//!   it holds none of them), a bad escape or a line cut short (the top-level
//!   keys are read one by one up to the id).
//! - **Bounded memory per record.** A line longer than
//!   [`Batch::max_record_bytes`] (16 MB unless set) is not stored: it is
//!   skipped up to its newline and becomes an error record (with its id when
//!   the id comes before the cut), so even an endless line without a newline
//!   cannot exhaust memory.
//! - **Dates** are `YYYY-MM-DD` or ISO date-times (their date part); an
//!   impossible date is named as such ([`crate::dates::parse_publication_date`]).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::Extractor;
use crate::dates::parse_publication_date;
use crate::input::{LineRead, read_line_bounded};
use crate::model::{Document, RecordId};
use crate::output::{Format, Sink, Table, sink};

/// Records per parallel chunk, and bytes at most per chunk.
const CHUNK_LINES: usize = 512;
const CHUNK_BYTES: usize = 16 << 20;
/// The default cap on one record (one line), in bytes.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 16 << 20;
/// How much of an over-long line is kept to look for its id.
const KEPT_HEAD_BYTES: usize = 64 << 10;

/// What a batch run saw.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
    pub events: usize,
}

impl Summary {
    /// Adds another run's counts (several input files in one run).
    pub fn add(&mut self, other: Summary) {
        self.records += other.records;
        self.errors += other.errors;
        self.events += other.events;
    }
}

/// Why a batch run stopped: reading the input or writing the output failed
/// (a bad record never stops a run).
#[derive(Debug)]
pub enum BatchError {
    Read(io::Error),
    Write(io::Error),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Read(e) => write!(f, "cannot read the input: {e}"),
            BatchError::Write(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl std::error::Error for BatchError {}

/// Reads JSON Lines `{"id", "text", "date"?}` from `input`, writes one JSON
/// document per line to `output`, with the default options.
pub fn run(
    input: impl BufRead,
    output: impl Write,
    extractor: &Extractor,
) -> Result<Summary, BatchError> {
    let mut sink =
        sink(Format::Jsonl, Table::Events, true, false, output).map_err(BatchError::Write)?;
    let summary = Batch::new(extractor).run(input, sink.as_mut(), |_| {})?;
    sink.finish().map_err(BatchError::Write)?;
    Ok(summary)
}

/// A batch run's options.
#[derive(Debug, Clone)]
pub struct Batch<'a> {
    extractor: &'a Extractor,
    max_record_bytes: usize,
    name: Option<String>,
}

impl<'a> Batch<'a> {
    pub fn new(extractor: &'a Extractor) -> Self {
        Batch {
            extractor,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            name: None,
        }
    }

    /// The longest record (line) read, in bytes; a longer one is an error record.
    pub fn max_record_bytes(mut self, bytes: usize) -> Self {
        self.max_record_bytes = bytes;
        self
    }

    /// The input's name, put before "line N" in error records (for runs over
    /// several files).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Reads every record of `input` and hands each document to `sink`, in
    /// order; `after_chunk` sees the running summary after each chunk is
    /// written (for a progress display). `sink.finish()` is the caller's.
    pub fn run(
        &self,
        mut input: impl BufRead,
        sink: &mut dyn Sink,
        mut after_chunk: impl FnMut(&Summary),
    ) -> Result<Summary, BatchError> {
        let mut summary = Summary::default();
        let mut line_number = 0;
        loop {
            let chunk = self
                .read_chunk(&mut input, &mut line_number)
                .map_err(BatchError::Read)?;
            if chunk.is_empty() {
                break;
            }
            let documents: Vec<Document> = chunk
                .par_iter()
                .map(|(n, line)| self.document(*n, line))
                .collect();
            drop(chunk);
            for document in &documents {
                summary.records += 1;
                summary.errors += usize::from(document.error.is_some());
                summary.events += document.events.len();
                sink.document(document).map_err(BatchError::Write)?;
            }
            after_chunk(&summary);
        }
        Ok(summary)
    }

    /// The next lines (numbered from 1), up to the chunk limits.
    fn read_chunk(
        &self,
        input: &mut impl BufRead,
        line_number: &mut usize,
    ) -> io::Result<Vec<(usize, Line)>> {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            let mut buffer = Vec::new();
            let read =
                read_line_bounded(input, &mut buffer, self.max_record_bytes, KEPT_HEAD_BYTES)?;
            let line = match read {
                LineRead::End => break,
                LineRead::Line => Line::Whole(buffer),
                LineRead::TooLong { bytes } => Line::TooLong {
                    bytes,
                    head: buffer,
                },
            };
            *line_number += 1;
            bytes += match &line {
                Line::Whole(line) => line.len(),
                Line::TooLong { head, .. } => head.len(),
            };
            chunk.push((*line_number, line));
        }
        Ok(chunk)
    }

    fn document(&self, line_number: usize, line: &Line) -> Document {
        let place = match &self.name {
            Some(name) => format!("{name} line {line_number}"),
            None => format!("line {line_number}"),
        };
        let mut document = match line {
            Line::Whole(bytes) => read_record(line_number, bytes, self.extractor),
            Line::TooLong { bytes, head } => Document {
                id: recover_id(&String::from_utf8_lossy(head)),
                error: Some(format!(
                    "line {line_number}: the record is {bytes} bytes, more than the limit of {} bytes; \
                     split the article, or raise the limit with --max-record-bytes",
                    self.max_record_bytes
                )),
                ..Document::default()
            },
        };
        if self.name.is_some()
            && let Some(error) = &mut document.error
            && let Some(rest) = error.strip_prefix(&format!("line {line_number}"))
        {
            *error = format!("{place}{rest}");
        }
        document
    }
}

/// One input line as read.
enum Line {
    Whole(Vec<u8>),
    /// Over the size cap: only its first bytes are kept.
    TooLong {
        bytes: u64,
        head: Vec<u8>,
    },
}

/// The fields of a record, as raw JSON (not decoded yet).
#[derive(Deserialize)]
struct RawRecord<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    date: Option<&'a RawValue>,
}

/// A JSON string borrowed from the line when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

const SHAPE: &str =
    "each line must look like {\"id\": 1, \"text\": \"...\", \"date\": \"2015-09-06\"}";

/// One input line → one document (maybe an error record).
pub fn read_record(line_number: usize, bytes: &[u8], extractor: &Extractor) -> Document {
    let failed = |id, why: String| Document {
        id,
        error: Some(format!("line {line_number}: {why}")),
        ..Document::default()
    };
    let line = match std::str::from_utf8(bytes) {
        Ok(line) => line,
        Err(e) => {
            return failed(
                recover_id(&String::from_utf8_lossy(bytes)),
                format!(
                    "not valid UTF-8 (byte {}); re-encode the input as UTF-8, e.g. with iconv",
                    e.valid_up_to()
                ),
            );
        }
    };
    if line.trim().is_empty() {
        return failed(None, format!("empty line; {SHAPE}"));
    }
    if !line.trim_start().starts_with('{') {
        return failed(None, format!("not a JSON object; {SHAPE}"));
    }
    let record: RawRecord = match serde_json::from_str(line) {
        Ok(record) => record,
        Err(e) => {
            return failed(
                recover_id(line),
                format!("not a JSON object ({e}); {SHAPE}"),
            );
        }
    };
    let id = record.id.map(|id| RecordId::from(id.to_owned()));
    let text = match record.text {
        Some(raw) if raw.get().starts_with('"') => match serde_json::from_str::<Text>(raw.get()) {
            Ok(Text(text)) => text,
            Err(e) => {
                return failed(
                    id,
                    format!(
                        "\"text\" cannot be decoded ({e}); a lone surrogate escape such as \\ud800 is not a character: fix or drop it"
                    ),
                );
            }
        },
        _ => {
            return failed(
                id,
                "no \"text\" string in this record; add the article text as \"text\"".into(),
            );
        }
    };
    let date = match record.date.map(RawValue::get) {
        None | Some("null") => None,
        Some(raw) => match serde_json::from_str::<Text>(raw) {
            Ok(Text(date)) => match parse_publication_date(&date) {
                Ok(date) => Some(date),
                Err(why) => return failed(id, format!("\"date\": {why}")),
            },
            Err(_) => {
                return failed(
                    id,
                    format!("\"date\" must be a string YYYY-MM-DD, not {raw}"),
                );
            }
        },
    };
    let extractor = match date {
        Some(date) => extractor.clone().with_publication_date(date),
        None => extractor.clone(),
    };
    Document {
        id,
        ..extractor.extract(&text)
    }
}

/// The id of a record that cannot be read whole: its top-level keys are read
/// one by one, each value skipped as raw JSON, until `"id"`; reading stops at
/// the first thing that does not parse. An id holding U+FFFD (where bad bytes
/// were replaced) is not trusted, as it may not be the id as given.
fn recover_id(line: &str) -> Option<RecordId> {
    let mut rest = line.trim_start().strip_prefix('{')?;
    loop {
        rest = rest.trim_start();
        let mut keys = serde_json::Deserializer::from_str(rest).into_iter::<String>();
        let key = keys.next()?.ok()?;
        rest = rest[keys.byte_offset()..].trim_start().strip_prefix(':')?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<&RawValue>();
        let value = values.next()?.ok()?;
        if key == "id" {
            return (!value.get().contains('\u{FFFD}')).then(|| RecordId::from(value.to_owned()));
        }
        rest = rest[values.byte_offset()..]
            .trim_start()
            .strip_prefix(',')?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_recovered_from_lines_that_do_not_parse_whole() {
        let id = |line: &str| recover_id(line).map(|id| id.json().to_owned());
        assert_eq!(
            id(r#"{"text": "a\ud800", "id": 1e3}"#).as_deref(),
            Some("1e3")
        );
        assert_eq!(
            id(r#"{"id": {"b":1,"a":2}, "text": "cut sh"#).as_deref(),
            Some(r#"{"b":1,"a":2}"#)
        );
        assert_eq!(id(r#"{"text": "cut sh"#), None);
        assert_eq!(id("{\"id\": \"\u{FFFD}\"}"), None);
    }
}
