//! Batch mode: JSON Lines in, JSON Lines out.
//!
//! Every input line yields exactly one output line, in input order: the
//! document, or a document with no events whose `error` says why the record
//! could not be read ("line N: …"). Records are read in chunks (at most 512
//! lines, and no more lines once 16 MB are read, so memory stays flat) and extracted in parallel with rayon; the chunk is
//! written back in order.

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::model::Document;
use crate::{Extractor, NaiveDate};

/// Records per parallel chunk, and bytes at most per chunk.
const CHUNK_LINES: usize = 512;
const CHUNK_BYTES: usize = 16 << 20;

/// What a batch run saw.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
    pub events: usize,
}

/// Reads JSON Lines `{"id", "text", "date"?}` from `input`, writes one JSON
/// document per line to `output`.
pub fn run(
    mut input: impl BufRead,
    mut output: impl Write,
    extractor: &Extractor,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut line_number = 0;
    loop {
        let chunk = read_chunk(&mut input, &mut line_number)?;
        if chunk.is_empty() {
            break;
        }
        let documents: Vec<Document> = chunk
            .par_iter()
            .map(|(n, bytes)| read_record(*n, bytes, extractor))
            .collect();
        for document in &documents {
            summary.records += 1;
            summary.errors += usize::from(document.error.is_some());
            summary.events += document.events.len();
            serde_json::to_writer(&mut output, document)?;
            output.write_all(b"\n")?;
        }
    }
    output.flush()?;
    Ok(summary)
}

/// The next lines (numbered from 1), up to the chunk limits.
fn read_chunk(
    input: &mut impl BufRead,
    line_number: &mut usize,
) -> io::Result<Vec<(usize, Vec<u8>)>> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        *line_number += 1;
        bytes += line.len();
        chunk.push((*line_number, line));
    }
    Ok(chunk)
}

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
                None,
                format!(
                    "not valid UTF-8 (byte {}); re-encode the input as UTF-8, e.g. with iconv",
                    e.valid_up_to()
                ),
            );
        }
    };
    if line.trim().is_empty() {
        return failed(
            None,
            "empty line; each line must be a JSON object like {\"id\": 1, \"text\": \"...\"}"
                .into(),
        );
    }
    let record: Map<String, Value> = match serde_json::from_str(line) {
        Ok(record) => record,
        Err(e) => {
            let why = format!(
                "not a JSON object ({e}); each line must look like {{\"id\": 1, \"text\": \"...\"}}"
            );
            return failed(None, why);
        }
    };
    let id = record.get("id").cloned();
    let Some(Value::String(text)) = record.get("text") else {
        return failed(
            id,
            "no \"text\" string in this record; add the article text as \"text\"".into(),
        );
    };
    let date = match record.get("date") {
        None | Some(Value::Null) => None,
        Some(value) => match value
            .as_str()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        {
            Some(Ok(date)) => Some(date),
            _ => return failed(id, "\"date\" must be a string YYYY-MM-DD".into()),
        },
    };
    let extractor = match date {
        Some(date) => extractor.clone().with_publication_date(date),
        None => extractor.clone(),
    };
    Document {
        id,
        ..extractor.extract(text)
    }
}
