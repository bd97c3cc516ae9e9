//! Writing documents in the form an analyst opens: JSON, JSON Lines, or a
//! flat table (CSV or TSV) with one row per event.
//!
//! Every form is written as documents arrive ([`Sink`]), so a batch run never
//! holds more than its current chunk. The table is the JSON flattened: each
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

use crate::model::Document;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
pub enum Table {
    Events,
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
pub trait Sink {
    fn document(&mut self, document: &Document) -> io::Result<()>;
    /// Writes what closes the output (a JSON array's `]`) and flushes.
    fn finish(&mut self) -> io::Result<()>;
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
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(out);
            writer.write_record(header(table)).map_err(io_error)?;
            Box::new(TableSink { writer, table })
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
    fn document(&mut self, document: &Document) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        if self.pretty {
            serde_json::to_writer_pretty(&mut self.out, document)?;
        } else {
            serde_json::to_writer(&mut self.out, document)?;
        }
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
    writer: csv::Writer<W>,
    table: Table,
}

impl<W: Write> Sink for TableSink<W> {
    fn document(&mut self, document: &Document) -> io::Result<()> {
        for row in rows(document, self.table)? {
            self.writer.write_record(&row).map_err(io_error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()
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

/// The rows of one document, as cells in header order.
pub fn rows(document: &Document, table: Table) -> io::Result<Vec<Vec<String>>> {
    let id = document
        .id
        .as_ref()
        .map(|id| id.as_text())
        .unwrap_or_default();
    let (items, columns) = match table {
        Table::Events => (serde_json::to_value(&document.events)?, EVENT_COLUMNS),
        Table::Attributions => (
            serde_json::to_value(&document.attributions)?,
            ATTRIBUTION_COLUMNS,
        ),
    };
    let items = match items {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    let mut rows = Vec::with_capacity(items.len().max(1));
    for (index, item) in items.iter().enumerate() {
        let mut row = vec![id.clone(), index.to_string()];
        row.extend(
            columns
                .iter()
                .map(|(_, pointer)| cell(item.pointer(pointer))),
        );
        row.push(String::new());
        rows.push(row);
    }
    if let Some(error) = &document.error {
        let mut row = vec![id, String::new()];
        row.extend(columns.iter().map(|_| String::new()));
        row.push(error.clone());
        rows.push(row);
    }
    Ok(rows)
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

    #[test]
    fn a_table_has_one_row_per_event_with_flat_fields() {
        let mut document =
            crate::extract("Eight policemen and nine attackers were killed, the ministry said.");
        document.id = crate::RecordId::from_json("1e3").ok();
        let rows = rows(&document, Table::Events).expect("rows");
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

    #[test]
    fn an_error_record_is_one_row_with_its_error() {
        let document = Document {
            error: Some("line 3: not a JSON object".into()),
            ..Document::default()
        };
        let rows = rows(&document, Table::Attributions).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].last().map(String::as_str),
            Some("line 3: not a JSON object")
        );
    }
}
