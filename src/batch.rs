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
//!   cannot exhaust memory. A record within the cap is held about once: its
//!   text is decoded in the line's own buffer (an escape is never shorter
//!   than what it stands for), its events are held compactly
//!   ([`Extraction`]) and written as they are built, so a 50 MB record peaks
//!   under 3 times its size (`cargo bench` checks it).
//! - **Dates** are `YYYY-MM-DD` or ISO date-times (their date part); an
//!   impossible date is named as such ([`crate::parse_publication_date`]).

use std::borrow::Cow;
use std::io::{self, BufRead, Write};
use std::ops::Range;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::dates::parse_publication_date;
use crate::document::Extraction;
use crate::error::{RecordError, RecordFault};
use crate::input::{LineRead, read_line_bounded};
use crate::model::{Document, RecordId};
use crate::output::{Format, Renderer, Sink, Table, sink};
use crate::{Extractor, NaiveDate};

/// Records per parallel chunk, and bytes at most per chunk.
const CHUNK_LINES: usize = 512;
const CHUNK_BYTES: usize = 16 << 20;
/// Records up to this size are rendered (serialised) in the parallel step;
/// a larger one is written straight to the output, so that its JSON is
/// never held in memory whole (and no chunk is read ahead of it).
const LARGE_RECORD: usize = 1 << 20;
/// The default cap on one record (one line), in bytes.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 16 << 20;
/// How much of an over-long line is kept to look for its id.
const KEPT_HEAD_BYTES: usize = 64 << 10;

/// What a batch run saw.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Records (input lines) read.
    pub records: usize,
    /// Records that could not be read (error records).
    pub errors: usize,
    /// Events written.
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
/// (a bad record never stops a run). Exhaustive: a run does nothing else
/// that can fail.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Reading the input failed.
    #[error("cannot read the input: {0}")]
    Read(io::Error),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Write(io::Error),
}

/// Reads JSON Lines `{"id", "text", "date"?}` from `input`, writes one JSON
/// document per line to `output`, with the default options.
///
/// ```
/// let input = concat!(
///     r#"{"id": 1, "text": "Two soldiers were wounded on Saturday.", "date": "2015-09-06"}"#, "\n",
///     r#"{"id": 2}"#, "\n",
/// );
/// let mut output = Vec::new();
/// let summary = newstally::batch::run(input.as_bytes(), &mut output, &newstally::Extractor::new())?;
/// assert_eq!((summary.records, summary.errors, summary.events), (2, 1, 1));
/// let lines: Vec<serde_json::Value> = output.split(|b| *b == b'\n').filter(|l| !l.is_empty())
///     .map(|l| serde_json::from_slice(l).unwrap()).collect();
/// assert_eq!(lines[0]["events"][0]["time"]["date"], "2015-09-05");
/// assert_eq!(lines[1]["error"], r#"line 2: no "text" string in this record; add the article text as "text""#);
/// # Ok::<(), newstally::batch::BatchError>(())
/// ```
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

/// A batch run's options, and the run itself ([`Batch::run`]) into any
/// [`Sink`].
///
/// ```
/// use newstally::batch::Batch;
/// use newstally::output::{Format, Table, sink};
/// let input = "{\"id\": \"a\", \"text\": \"Police arrested 12 suspects.\"}\n{\"id\": \"b\", \"text\": \"" .to_owned()
///     + &"x".repeat(100) + "\"}\n";
/// let mut csv = Vec::new();
/// let mut out = sink(Format::Csv, Table::Events, true, false, &mut csv)?;
/// let extractor = newstally::Extractor::new();
/// let summary = Batch::new(&extractor)
///     .max_record_bytes(64)
///     .named("news.jsonl")
///     .run(input.as_bytes(), out.as_mut(), |_| {})
///     .expect("read and written");
/// out.finish()?;
/// drop(out);
/// assert_eq!((summary.records, summary.errors), (2, 1));
/// let csv = String::from_utf8(csv).unwrap();
/// assert!(csv.lines().nth(1).unwrap().starts_with("a,0,arrested,12,exact,"));
/// let error = csv.lines().nth(2).unwrap();
/// assert!(error.starts_with("b,,") && error.contains("news.jsonl line 2: the record is 124 bytes, more than the limit of 64 bytes"), "{error}");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Batch<'a> {
    extractor: &'a Extractor,
    max_record_bytes: usize,
    name: Option<String>,
}

impl<'a> Batch<'a> {
    /// A run with `extractor`'s options, the default record cap
    /// ([`DEFAULT_MAX_RECORD_BYTES`]) and no input name.
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
    ///
    /// Both cores work: a chunk's records are extracted and rendered in
    /// parallel while this thread reads the next chunk; writing the rendered
    /// bytes in order is all that is left to do one at a time. A chunk that
    /// holds a large record is extracted before the next is read, so that a
    /// stream of large records never holds two in memory.
    pub fn run(
        &self,
        mut input: impl BufRead,
        sink: &mut dyn Sink,
        mut after_chunk: impl FnMut(&Summary),
    ) -> Result<Summary, BatchError> {
        let renderer = sink.renderer();
        let mut summary = Summary::default();
        let mut line_number = 0;
        let mut chunk = self
            .read_chunk(&mut input, &mut line_number)
            .map_err(BatchError::Read)?;
        while !chunk.is_empty() {
            let (outputs, next) = if chunk.iter().any(|(_, line)| line.is_large()) {
                let outputs = self.extract_chunk(chunk, renderer);
                (outputs, self.read_chunk(&mut input, &mut line_number))
            } else {
                std::thread::scope(|scope| {
                    let work = scope.spawn(|| self.extract_chunk(chunk, renderer));
                    let next = self.read_chunk(&mut input, &mut line_number);
                    let outputs = work
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (outputs, next)
                })
            };
            for output in outputs {
                summary.records += 1;
                summary.errors += usize::from(output.error);
                summary.events += output.events;
                match output.body {
                    Body::Rendered(bytes) => sink.rendered(&bytes),
                    Body::Whole(document) => sink.document(&document),
                }
                .map_err(BatchError::Write)?;
            }
            after_chunk(&summary);
            chunk = next.map_err(BatchError::Read)?;
        }
        Ok(summary)
    }

    /// The chunk's documents, in order, extracted on every core; those of
    /// records up to `LARGE_RECORD` bytes rendered there too.
    fn extract_chunk(&self, chunk: Vec<(usize, Line)>, renderer: Renderer) -> Vec<Output<'static>> {
        chunk
            .into_par_iter()
            .map(|(n, line)| {
                let small = !line.is_large();
                // Each line goes into its own record's document (the text is
                // decoded in the line's buffer).
                let document = self.document(n, line);
                let (events, error) = (document.events().len(), document.error.is_some());
                let body = match small.then(|| renderer.render(&document)) {
                    Some(Ok(bytes)) => Body::Rendered(bytes),
                    // A large document (or one that failed to render: the
                    // sink then says why) is serialised straight to the output.
                    _ => Body::Whole(Box::new(document)),
                };
                Output {
                    events,
                    error,
                    body,
                }
            })
            .collect()
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

    fn document(&self, line_number: usize, line: Line) -> Extraction<'static> {
        let mut document = match line {
            Line::Whole(bytes) => read_line(line_number, bytes, self.extractor),
            Line::TooLong { bytes, head } => Extraction::failed(
                recover_id(&String::from_utf8_lossy(&head)),
                RecordError::new(
                    line_number,
                    RecordFault::TooLong {
                        bytes,
                        limit: self.max_record_bytes,
                    },
                ),
            ),
        };
        if let Some(error) = &mut document.error {
            error.input.clone_from(&self.name);
        }
        document
    }
}

/// One input line as read.
/// One record's result, ready to write.
struct Output<'t> {
    events: usize,
    error: bool,
    body: Body<'t>,
}

enum Body<'t> {
    Rendered(Vec<u8>),
    Whole(Box<Extraction<'t>>),
}

impl Line {
    /// A record over `LARGE_RECORD` bytes.
    fn is_large(&self) -> bool {
        matches!(self, Line::Whole(bytes) if bytes.len() > LARGE_RECORD)
    }
}

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

/// One input line → one document (maybe an error record).
///
/// ```
/// use newstally::{Extractor, batch::read_record};
/// let extractor = Extractor::new();
/// let document = read_record(1, br#"{"id": 1e3, "text": "Two soldiers were wounded."}"#, &extractor);
/// assert_eq!(document.id.unwrap().json(), "1e3");
/// assert_eq!(document.events[0].kind, "wounded");
/// let document = read_record(2, b"Two soldiers were wounded.", &extractor);
/// assert!(document.error.unwrap().starts_with("line 2: not a JSON object;"));
/// ```
pub fn read_record(line_number: usize, bytes: &[u8], extractor: &Extractor) -> Document {
    read_line(line_number, bytes.to_vec(), extractor).to_document()
}

/// One input line, owned → its document, ready to write (maybe an error
/// record). The text is decoded in the line's own buffer, which the document
/// then keeps: a record's text is held once, however large.
pub fn read_line(line_number: usize, line: Vec<u8>, extractor: &Extractor) -> Extraction<'static> {
    let failed = |id, fault| Extraction::failed(id, RecordError::new(line_number, fault));
    let line = match String::from_utf8(line) {
        Ok(line) => line,
        Err(e) => {
            return failed(
                recover_id(&String::from_utf8_lossy(e.as_bytes())),
                RecordFault::NotUtf8 {
                    valid_up_to: e.utf8_error().valid_up_to(),
                },
            );
        }
    };
    let Fields { id, text, date } = match read_fields(&line) {
        Ok(fields) => fields,
        Err((id, why)) => return failed(id, why),
    };
    let Some(text) = decode_in_place(line, text) else {
        return failed(id, RecordFault::BadEscape { detail: None });
    };
    let extractor = match date {
        Some(date) => extractor.clone().with_publication_date(date),
        None => extractor.clone(),
    };
    let mut document = extractor.extraction(text);
    document.id = id;
    document
}

/// A record's fields as read from its line: the id as given, where the
/// text's contents lie in the line (escapes not decoded yet), the date.
struct Fields {
    id: Option<RecordId>,
    text: Range<usize>,
    date: Option<NaiveDate>,
}

/// The fields of a record, or the id (when it can be read) and why not.
fn read_fields(line: &str) -> Result<Fields, (Option<RecordId>, RecordFault)> {
    if line.trim().is_empty() {
        return Err((None, RecordFault::EmptyLine));
    }
    if !line.trim_start().starts_with('{') {
        return Err((None, RecordFault::NotAnObject { detail: None }));
    }
    let record: RawRecord = serde_json::from_str(line).map_err(|e| {
        (
            recover_id(line),
            RecordFault::NotAnObject {
                detail: Some(e.to_string()),
            },
        )
    })?;
    let id = record.id.map(|id| RecordId::from(id.to_owned()));
    let text = match record.text.map(RawValue::get) {
        Some(raw) if raw.starts_with('"') => raw,
        _ => {
            return Err((id, RecordFault::NoText));
        }
    };
    let contents = &text[1..text.len() - 1];
    if !escapes_decode(contents.as_bytes()) {
        // serde_json's own words for the fault (the line is still as given).
        let why = serde_json::from_str::<Text>(text)
            .err()
            .map_or_else(|| "a bad escape".to_owned(), |e| e.to_string());
        return Err((id, RecordFault::BadEscape { detail: Some(why) }));
    }
    let date = match record.date.map(RawValue::get) {
        None | Some("null") => None,
        Some(raw) => match serde_json::from_str::<Text>(raw) {
            Ok(Text(date)) => match parse_publication_date(&date) {
                Ok(date) => Some(date),
                Err(why) => return Err((id, RecordFault::Date(why))),
            },
            Err(_) => {
                return Err((
                    id,
                    RecordFault::DateNotAString {
                        json: raw.to_owned(),
                    },
                ));
            }
        },
    };
    // `contents` is a slice of `line`: its offset is the distance between them.
    let start = contents.as_ptr() as usize - line.as_ptr() as usize;
    Ok(Fields {
        id,
        text: start..start + contents.len(),
        date,
    })
}

/// Whether every escape of a JSON string's contents stands for a character.
/// The JSON parser has checked their form already; what it leaves is a
/// surrogate escape without its pair (`\ud800`).
fn escapes_decode(contents: &[u8]) -> bool {
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'\\', &contents[at..]) {
        match escape(&contents[at + found..]) {
            Some((_, length)) => at += found + length,
            None => return false,
        }
    }
    true
}

/// The JSON string contents at `contents` of `line`, decoded in place: the
/// decoded text is never longer than its escapes, so it is written over them
/// as they are read, and the line's buffer becomes the text. `None` when an
/// escape does not decode ([`escapes_decode`] tells beforehand).
fn decode_in_place(line: String, contents: Range<usize>) -> Option<String> {
    let mut bytes = line.into_bytes();
    let (mut read, mut write) = (contents.start, contents.start);
    while let Some(found) = memchr::memchr(b'\\', &bytes[read..contents.end]) {
        let at = read + found;
        bytes.copy_within(read..at, write);
        write += at - read;
        let (decoded, length) = escape(&bytes[at..contents.end])?;
        write += decoded.encode_utf8(&mut bytes[write..]).len();
        read = at + length;
    }
    bytes.copy_within(read..contents.end, write);
    bytes.truncate(write + contents.end - read);
    bytes.drain(..contents.start);
    String::from_utf8(bytes).ok()
}

/// The character the escape at the start of `bytes` stands for (`\n`,
/// `\u00e9`, a surrogate pair `\ud83d\ude00`), and the escape's length;
/// `None` when it stands for none.
fn escape(bytes: &[u8]) -> Option<(char, usize)> {
    let decoded = match bytes.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape(bytes),
        _ => return None,
    };
    Some((decoded, 2))
}

/// `\uXXXX`, or two of them for a character beyond the BMP (UTF-16
/// surrogates: a high one, then a low one).
fn unicode_escape(bytes: &[u8]) -> Option<(char, usize)> {
    let unit = |at: usize| {
        let escape = bytes.get(at..at + 6)?.strip_prefix(b"\\u")?;
        let digits = std::str::from_utf8(escape).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    };
    let high = unit(0)?;
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).map(|c| (c, 6)); // a lone low surrogate is no char
    }
    let low = unit(6).filter(|low| (0xDC00..0xE000).contains(low))?;
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 12))
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

    /// The text of `line`, decoded in place.
    fn decoded(line: &str) -> Option<String> {
        let fields = read_fields(line).ok()?;
        decode_in_place(line.to_owned(), fields.text)
    }

    #[test]
    fn texts_decode_in_place_as_serde_json_decodes_them() {
        for contents in [
            "",
            "no escapes at all",
            r#"a quote \" a backslash \\ a slash \/ and \b\f\n\r\t"#,
            r"\u00e9t\u00C9 \u4e2d\u6587 \ud83d\ude00 \uD834\uDD1E \u0000",
            r"\\u00e9 is not an escape, \\\n is a backslash and a newline",
            "raw UTF-8 é 😀 beside \\u00e9",
        ] {
            let json = format!(r#""{contents}""#);
            let expected: String = serde_json::from_str(&json).expect("valid JSON");
            let line = format!(r#"{{"id": 1, "text": {json}, "date": null}}"#);
            assert_eq!(decoded(&line), Some(expected), "{contents}");
        }
    }

    #[test]
    fn a_surrogate_without_its_pair_is_refused_as_serde_json_refuses_it() {
        for contents in [
            r"\ud800",
            r"\udc00",
            r"a \ud800 b",
            r"\ud800\u0041",
            r"\ud800\n",
            r"\ud800\ud800",
            r"\ud83d\ude00 \udfff",
            r"\ud83d\ude00",
        ] {
            let accepted = serde_json::from_str::<String>(&format!(r#""{contents}""#)).is_ok();
            assert_eq!(escapes_decode(contents.as_bytes()), accepted, "{contents}");
        }
        let document = read_line(
            4,
            br#"{"id": 2, "text": "\udc00"}"#.to_vec(),
            &Extractor::new(),
        );
        let error = document.error.expect("an error record").to_string();
        assert!(
            error.starts_with("line 4: \"text\" cannot be decoded (lone leading surrogate"),
            "{error}"
        );
        assert_eq!(
            document.id.map(|id| id.json().to_owned()).as_deref(),
            Some("2")
        );
    }
}
