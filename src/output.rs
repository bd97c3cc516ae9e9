//! Writing documents in the form an analyst opens: JSON, JSON Lines, or a
//! flat table (CSV or TSV) with one row per event.
//!
//! Every form is written as documents arrive ([`Sink`]), so a batch run never
//! holds more than its current chunk, and within a document as its events
//! are built ([`Extraction`] builds one at a time), so a large document's
//! output is never held whole. The table is the JSON flattened: each
//! column is named after its path (`count.value` → `count_value`) and read
//! with a JSON pointer from the event's own serialisation, so the table can
//! never disagree with the JSON, and one list ([`EVENT_COLUMNS`],
//! [`ATTRIBUTION_COLUMNS`]) defines it for the CLI and the Python package alike.
//!
//! Cells: `null` is an empty cell, `true`/`false` and numbers as JSON writes
//! them, a list (`mentions`) as its compact JSON. The `record_id` cell is a
//! string id's text, or any other id's JSON text as given (`1e3`).
//! A record without events has no row, unless it failed: an error record is
//! one row with empty event fields and its `error`, so failures stay visible.

use std::io::{self, Write};

use serde_json::Value;

use crate::document::Extraction;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// One JSON document (pretty unless compact); several as a JSON array.
    Json,
    /// One compact JSON document per line.
    Jsonl,
    /// Comma-separated, one row per event (or attribution), with a header.
    Csv,
    /// Tab-separated, as `Csv`.
    Tsv,
}

/// Which rows a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Table {
    /// One row per event ([`EVENT_COLUMNS`]).
    Events,
    /// One row per attribution ([`ATTRIBUTION_COLUMNS`]).
    Attributions,
}

/// Event columns after `record_id` and `event_index`: (name, JSON pointer
/// into the event).
pub const EVENT_COLUMNS: &[(&str, &str)] = &[
    ("kind", "/kind"),
    ("count_value", "/count/value"),
    ("count_qualifier", "/count/qualifier"),
    ("count_min", "/count/min"),
    ("count_max", "/count/max"),
    ("count_text", "/count/text"),
    ("who_text", "/who/text"),
    ("who_category", "/who/category"),
    ("time_text", "/time/text"),
    ("time_date", "/time/date"),
    ("place_text", "/place/text"),
    ("source_text", "/source/text"),
    ("source_resolved", "/source/resolved"),
    ("source_cue", "/source/cue"),
    ("source_via_text", "/source/via/text"),
    ("source_via_cue", "/source/via/cue"),
    ("quoted", "/quoted"),
    ("negated", "/negated"),
    ("part_of", "/part_of"),
    ("background", "/background"),
    ("sentence", "/sentence"),
    ("span_start", "/span/0"),
    ("span_end", "/span/1"),
    ("evidence", "/evidence"),
    ("mentions", "/mentions"),
];

/// Attribution columns after `record_id` and `attribution_index`.
pub const ATTRIBUTION_COLUMNS: &[(&str, &str)] = &[
    ("source_text", "/source/text"),
    ("source_resolved", "/source/resolved"),
    ("source_cue", "/source/cue"),
    ("source_via_text", "/source/via/text"),
    ("source_via_cue", "/source/via/cue"),
    ("quoted", "/quoted"),
    ("quote", "/quote"),
    ("sentence", "/sentence"),
    ("span_start", "/span/0"),
    ("span_end", "/span/1"),
];

/// Where documents go, one at a time.
///
/// A document's bytes come from its [`Renderer`], which needs nothing but
/// the document: batch mode renders small documents on every core, in the
/// parallel step. The sink puts them in order, with what goes between
/// documents (a JSON array's commas). A large document is written straight
/// to the output as it is serialised, one event at a time.
pub trait Sink {
    /// How this sink turns a document into bytes.
    fn renderer(&self) -> Renderer;
    /// Writes the next document, whose bytes `body` writes.
    fn write(&mut self, body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()>;
    /// Writes what closes the output (a JSON array's `]`) and flushes.
    fn finish(&mut self) -> io::Result<()>;

    /// Writes one document, serialised straight to the output.
    fn document(&mut self, document: &Extraction) -> io::Result<()> {
        let renderer = self.renderer();
        self.write(&mut |out| renderer.write_to(document, out))
    }

    /// Writes one document rendered before (by `self.renderer()`).
    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write(&mut |out| out.write_all(bytes))
    }
}

/// Turns one document into the bytes of its output form.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Renderer {
    /// JSON, indented or on one line.
    Json {
        /// Indented.
        pretty: bool,
    },
    /// A table's rows (no header: the sink writes it once).
    Table {
        /// The byte between cells: `,` or a tab.
        delimiter: u8,
        /// Which rows.
        table: Table,
    },
}

impl Renderer {
    /// The document's bytes, in memory.
    pub fn render(self, document: &Extraction) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write_to(document, &mut bytes)?;
        Ok(bytes)
    }

    /// Serialises the document into `out` as it goes. Generic, so that
    /// rendering into a `Vec` writes each piece without a dynamic call.
    pub fn write_to(self, document: &Extraction, out: impl Write) -> io::Result<()> {
        match self {
            Renderer::Json { pretty: true } => serde_json::to_writer_pretty(out, document)?,
            Renderer::Json { pretty: false } => serde_json::to_writer(out, document)?,
            Renderer::Table { delimiter, table } => {
                let mut writer = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(out);
                for row in rows(document, table) {
                    writer.write_record(&row?).map_err(io_error)?;
                }
                writer.flush()?;
            }
        }
        Ok(())
    }
}

/// A sink for `format`. `many`: several documents may come (JSON becomes an
/// array); `pretty`: indented JSON.
pub fn sink<'w>(
    format: Format,
    table: Table,
    many: bool,
    pretty: bool,
    out: impl Write + 'w,
) -> io::Result<Box<dyn Sink + 'w>> {
    Ok(match format {
        Format::Json => Box::new(JsonSink {
            out,
            pretty,
            array: many,
            written: 0,
        }),
        Format::Jsonl => Box::new(JsonSink {
            out,
            pretty: false,
            array: false,
            written: 0,
        }),
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Csv { b',' } else { b'\t' };
            let mut header = Vec::new();
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(&mut header);
            writer
                .write_record(crate::output::header(table))
                .map_err(io_error)?;
            drop(writer);
            let mut out = out;
            out.write_all(&header)?;
            Box::new(TableSink {
                out,
                delimiter,
                table,
            })
        }
    })
}

struct JsonSink<W> {
    out: W,
    pretty: bool,
    array: bool,
    written: usize,
}

impl<W: Write> Sink for JsonSink<W> {
    fn renderer(&self) -> Renderer {
        Renderer::Json {
            pretty: self.pretty,
        }
    }

    fn write(&mut self, body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        body(&mut self.out)?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

struct TableSink<W: Write> {
    out: W,
    delimiter: u8,
    table: Table,
}

impl<W: Write> Sink for TableSink<W> {
    fn renderer(&self) -> Renderer {
        Renderer::Table {
            delimiter: self.delimiter,
            table: self.table,
        }
    }

    fn write(&mut self, body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        body(&mut self.out)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The header of a table.
pub fn header(table: Table) -> Vec<&'static str> {
    let (index, columns) = match table {
        Table::Events => ("event_index", EVENT_COLUMNS),
        Table::Attributions => ("attribution_index", ATTRIBUTION_COLUMNS),
    };
    let mut names = vec!["record_id", index];
    names.extend(columns.iter().map(|(name, _)| *name));
    names.push("error");
    names
}

/// The rows of one document, as cells in header order, each built when it
/// is reached.
pub fn rows<'a>(
    document: &'a Extraction,
    table: Table,
) -> impl Iterator<Item = io::Result<Vec<String>>> + 'a {
    let id = document
        .id
        .as_ref()
        .map(|id| id.as_text())
        .unwrap_or_default();
    let (items, columns): (Box<dyn Iterator<Item = _>>, _) = match table {
        Table::Events => (
            Box::new(document.events().map(serde_json::to_value)),
            EVENT_COLUMNS,
        ),
        Table::Attributions => (
            Box::new(document.attributions().map(serde_json::to_value)),
            ATTRIBUTION_COLUMNS,
        ),
    };
    let error_row = document.error.as_ref().map(|error| {
        let mut row = vec![id.clone(), String::new()];
        row.extend(columns.iter().map(|_| String::new()));
        row.push(error.to_string());
        Ok(row)
    });
    items
        .enumerate()
        .map(move |(index, item)| {
            let item = item?;
            let mut row = vec![id.clone(), index.to_string()];
            row.extend(
                columns
                    .iter()
                    .map(|(_, pointer)| cell(item.pointer(pointer))),
            );
            row.push(String::new());
            Ok(row)
        })
        .chain(error_row)
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// A csv error as an I/O error, keeping the kind of an I/O failure (so a
/// closed pipe is still seen as one).
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{RecordError, RecordFault};

    #[test]
    fn a_table_has_one_row_per_event_with_flat_fields() {
        let mut document = crate::Extractor::new()
            .extraction("Eight policemen and nine attackers were killed, the ministry said.");
        document.id = crate::RecordId::from_json("1e3").ok();
        let rows: Vec<_> = rows(&document, Table::Events)
            .collect::<io::Result<_>>()
            .expect("rows");
        let head = header(Table::Events);
        assert_eq!(rows.len(), 2);
        let at = |name: &str| head.iter().position(|h| *h == name).expect("a column");
        assert_eq!(rows[0][at("record_id")], "1e3");
        assert_eq!(rows[1][at("event_index")], "1");
        assert_eq!(rows[0][at("count_value")], "8");
        assert_eq!(rows[0][at("who_category")], "police");
        assert_eq!(rows[0][at("source_text")], "the ministry");
        assert_eq!(rows[0][at("place_text")], "");
        assert!(rows.iter().all(|r| r.len() == head.len()));
    }

    /// Counts what is written, and the longest single write.
    #[derive(Default)]
    struct Writes {
        total: usize,
        longest: usize,
    }

    impl Write for Writes {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.total += bytes.len();
            self.longest = self.longest.max(bytes.len());
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_is_written_as_the_events_are_built_not_held_whole() {
        let text: String = (2..200)
            .map(|n| format!("{n} soldiers were killed in the north, the army said.\n"))
            .collect();
        let document = crate::Extractor::new().extraction(text);
        let longest_event = document
            .events()
            .map(|e| serde_json::to_string(&e).expect("serialises").len())
            .max()
            .expect("events");
        for pretty in [false, true] {
            let mut writes = Writes::default();
            let mut sink =
                sink(Format::Json, Table::Events, false, pretty, &mut writes).expect("a sink");
            sink.document(&document).expect("written");
            sink.finish().expect("finished");
            drop(sink);
            assert!(writes.total > 100 * longest_event);
            assert!(writes.longest <= longest_event);
        }
    }

    #[test]
    fn an_error_record_is_one_row_with_its_error() {
        let document = Extraction::failed(
            None,
            RecordError::new(3, RecordFault::NotAnObject { detail: None }),
        );
        let rows: Vec<_> = rows(&document, Table::Attributions)
            .collect::<io::Result<_>>()
            .expect("rows");
        assert_eq!(rows.len(), 1);
        let error = rows[0].last().expect("an error cell");
        assert!(error.starts_with("line 3: not a JSON object; "), "{error}");
    }
}
