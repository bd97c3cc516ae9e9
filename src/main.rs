//! The `newstally` command: a thin layer over the library.
//!
//! It parses arguments, opens inputs (`Input`, in src/input.rs: gzip and
//! BOM handled there), picks the output form ([`newstally::output`]) and turns
//! failures into one message on standard error and exit status 1. A closed
//! pipe (`newstally … | head`) is not a failure: like ripgrep, every command
//! then stops quietly with status 0.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use newstally::batch::{Batch, BatchError, Summary};
use newstally::eval::Metric;
use newstally::internals::{Input, Progress};
use newstally::output::{Format, Table, sink};
use newstally::{Extractor, NaiveDate, RecordId};

/// Turns English news text about violence and policing into counted,
/// attributed events (JSON, JSON Lines, CSV or TSV).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from articles (one JSON document each), or from JSON
    /// Lines records with --jsonl (one result per input line, in order).
    Extract(ExtractArgs),
    /// Show which grammar rules match a sentence and what it yields.
    Explain {
        /// The sentence, in quotes.
        sentence: String,
    },
    /// Score the extractor against a gold JSON Lines file (e.g. the files in
    /// ../shared/eval/), and optionally fail below a threshold.
    ///
    /// The kind of file is told by its first record:
    ///
    /// - number phrases {"text", "value"} (numerals.jsonl): accuracy, and
    ///   every miss. Headline: accuracy.
    ///
    /// - paragraphs {"id", "text", "date"?, "events", "attributions"}
    ///   (wikinews.jsonl): each text is extracted (with its date as the
    ///   publication date) and scored as score_events.py scores it: P/R/F1 at
    ///   the levels (kind,value), +qualifier, +who, +source, and attributions.
    ///   Headline: events F1 at +who.
    ///
    /// - records with totals {"id", "text", "date"?, "gold": {"killed",
    ///   "wounded"}} (wiki_massshootings.jsonl): scored as score_totals.py
    ///   scores them: exact-match rate, coverage, false-positive rate and mean
    ///   absolute error of the killed and wounded totals. Headline: killed
    ///   exact-match rate.
    ///
    /// Thresholds are fractions in 0..1; a figure below its threshold is
    /// named on standard error, with the shortfall, and the exit status is 1.
    Eval {
        /// The gold file.
        file: PathBuf,
        /// Print up to N misses and false hits with their text (40 when N is
        /// left out). Number files print every miss unless this is given.
        #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "40")]
        errors: Option<usize>,
        /// Fail when the headline figure is below F: number accuracy, events
        /// F1 at +who, or killed exact-match rate.
        #[arg(long, value_name = "F", value_parser = parse_fraction)]
        min: Option<f64>,
        /// Events files: fail when events F1 at +source is below F.
        #[arg(long, value_name = "F", value_parser = parse_fraction)]
        min_src: Option<f64>,
        /// Events files: fail when attributions F1 is below F.
        #[arg(long, value_name = "F", value_parser = parse_fraction)]
        min_attr: Option<f64>,
        /// Totals files: fail when the wounded exact-match rate is below F.
        #[arg(long, value_name = "F", value_parser = parse_fraction)]
        min_wounded: Option<f64>,
    },
}

#[derive(Args)]
struct ExtractArgs {
    /// Articles, or JSON Lines files (with --jsonl, or named *.jsonl /
    /// *.ndjson); gzip-compressed files are read as they are. "-" or nothing
    /// reads standard input.
    files: Vec<PathBuf>,
    /// Read JSON Lines records {"id", "text", "date"?} and write one result
    /// per line, in order (implied when every file is named *.jsonl or *.ndjson).
    #[arg(long)]
    jsonl: bool,
    /// Publication date (YYYY-MM-DD, or an ISO date-time), to turn "Saturday"
    /// into a calendar date. A record's own "date" wins.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Output form: json (one document, or an array of several), jsonl (one
    /// document per line), csv or tsv (one row per event). Default: json for
    /// one article, jsonl otherwise.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// With csv or tsv: one row per attribution instead of per event.
    #[arg(long)]
    attributions: bool,
    /// Print JSON on one line instead of indented (--format json).
    #[arg(long)]
    compact: bool,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The largest record (a JSON Lines line, or an article) read, e.g.
    /// 16M, 64M, 1G or a number of bytes; a larger record becomes an error
    /// record and the run goes on.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    max_record_bytes: usize,
    /// No progress bar and no summary on standard error (errors still show).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Json,
    Jsonl,
    Csv,
    Tsv,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    newstally::parse_publication_date(text).map_err(|e| e.to_string())
}

/// "16M", "64MB", "1G", "500k" or a number of bytes.
fn parse_size(text: &str) -> Result<usize, String> {
    let lower = text.trim().to_ascii_lowercase();
    let digits = lower.trim_end_matches(['b', 'i']);
    let (number, unit) = match digits.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => digits.split_at(at),
        None => (digits, ""),
    };
    let shift = match unit {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        _ => {
            return Err(format!(
                "{text:?} is not a size; write e.g. 16M, 1G or 500000"
            ));
        }
    };
    number
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{text:?} is not a size; write e.g. 16M, 1G or 500000"))
}

/// How a command ends when it does not succeed.
enum Failure {
    /// One message, exit status 1.
    Message(String),
    /// The reader of our output went away: stop quietly, status 0.
    BrokenPipe,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

/// A failed write: quiet on a closed pipe, else a message naming the output.
fn write_failure(error: io::Error, output: &str) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Failure::BrokenPipe
    } else {
        Failure::Message(format!("cannot write {output}: {error}"))
    }
}

fn parse_fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        _ => Err(format!(
            "\"{text}\" is not a fraction between 0 and 1; write e.g. 0.57 for 57%"
        )),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) | Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            eprintln!("newstally: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Explain { sentence } => {
            let text = newstally::explain(&sentence);
            io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| write_failure(e, "the output"))
        }
        Command::Eval {
            file,
            errors,
            min,
            min_src,
            min_attr,
            min_wounded,
        } => {
            let input = Input::open(Some(&file))?;
            let name = input.name.clone();
            let gold = newstally::eval::read(input.reader).map_err(|e| format!("{name}: {e}"))?;
            let report = gold.evaluate(&Extractor::new());
            let mut out = io::stdout().lock();
            out.write_all(report.render(errors).as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| write_failure(e, "the output"))?;
            let thresholds: Vec<_> = [
                (Metric::Headline, min, "--min"),
                (Metric::SourceF1, min_src, "--min-src"),
                (Metric::AttributionF1, min_attr, "--min-attr"),
                (Metric::WoundedExact, min_wounded, "--min-wounded"),
            ]
            .into_iter()
            .filter_map(|(metric, min, option)| min.map(|min| (metric, min, option)))
            .collect();
            report
                .check(&thresholds)
                .map_err(|e| Failure::from(format!("{name}: {e}")))
        }
    }
}

/// Whether a file's name says it holds JSON Lines (`.jsonl`, `.ndjson`, maybe `.gz`).
fn named_jsonl(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

fn extract(args: ExtractArgs) -> Result<(), Failure> {
    let inputs: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files.iter().cloned().map(Some).collect()
    };
    let is_stdin = |p: &Option<PathBuf>| p.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if inputs.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err("standard input (\"-\") can be read only once; name it once"
            .to_owned()
            .into());
    }
    // A file named *.jsonl is read as records: merging its records into one
    // article is never what was meant. Standard input goes with the files.
    let files: Vec<&PathBuf> = args.files.iter().filter(|p| p.as_os_str() != "-").collect();
    let named: Vec<&PathBuf> = files.iter().copied().filter(|p| named_jsonl(p)).collect();
    let batch = args.jsonl || (!named.is_empty() && named.len() == files.len());
    if !batch && !named.is_empty() {
        return Err(format!(
            "{} is named like JSON Lines but other inputs are not; pass --jsonl to read every input as records, or extract the articles in a separate run",
            named[0].display()
        )
        .into());
    }
    let many = batch || inputs.len() > 1;
    let format = match args.format {
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        Some(FormatArg::Tsv) => Format::Tsv,
        None if many => Format::Jsonl,
        None => Format::Json,
    };
    let table = if args.attributions {
        Table::Attributions
    } else {
        Table::Events
    };
    if args.attributions && !matches!(format, Format::Csv | Format::Tsv) {
        return Err("--attributions chooses the rows of a table: use it with --format csv or tsv (JSON output always holds the attributions)".to_owned().into());
    }
    let mut extractor = Extractor::new();
    if let Some(date) = args.date {
        extractor = extractor.with_publication_date(date);
    }
    let output_name = args
        .output
        .as_ref()
        .map_or("the output".to_owned(), |p| p.display().to_string());
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(File::create(path).map_err(|e| {
            format!(
                "cannot create {}: {e}; check the folder exists and is writable",
                path.display()
            )
        })?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let fail_write = |e: io::Error| write_failure(e, &output_name);
    let mut sink = sink(format, table, many, !args.compact, out).map_err(fail_write)?;
    let total_bytes = inputs
        .iter()
        .map(|p| match p {
            Some(path) if !is_stdin(p) => std::fs::metadata(path).ok().map(|m| m.len()),
            _ => None,
        })
        .sum::<Option<u64>>();
    // Someone typing an article does not need a progress bar.
    let typing = inputs.iter().any(is_stdin) && io::stdin().is_terminal();
    let mut progress = Progress::on_stderr(total_bytes, args.quiet || typing);
    let mut summary = Summary::default();
    let mut offset = 0;
    for path in &inputs {
        if is_stdin(path) && typing && !args.quiet {
            eprintln!(
                "newstally: reading {} from the terminal: paste it, then press Ctrl-D on a new line (or name a file: newstally extract FILE)",
                if batch {
                    "JSON Lines records"
                } else {
                    "an article"
                }
            );
        }
        let input = Input::open(path.as_deref())?;
        if let Some(message) = input.binary_message() {
            return Err(message.into());
        }
        progress.follow(input.consumed.clone(), offset);
        let name = input.name.clone();
        if batch {
            let mut runner = Batch::new(&extractor).max_record_bytes(args.max_record_bytes);
            if inputs.len() > 1 {
                runner = runner.named(name.clone());
            }
            let done = summary;
            let this = runner
                .run(input.reader, sink.as_mut(), |s| {
                    progress.update(done.records + s.records, None)
                })
                .map_err(|e| match e {
                    BatchError::Read(e) => Failure::Message(format!("while reading {name}: {e}")),
                    BatchError::Write(e) => fail_write(e),
                })?;
            summary.add(this);
        } else {
            let text = read_text(input.reader, &name, args.max_record_bytes)?;
            let mut document = extractor.extraction(text);
            if many {
                document.id = Some(RecordId::from(serde_json::Value::String(name)));
            }
            sink.document(&document).map_err(fail_write)?;
            summary.records += 1;
            progress.update(summary.records, None);
        }
        offset += input.consumed.load(std::sync::atomic::Ordering::Relaxed);
        progress.unfollow();
    }
    sink.finish().map_err(fail_write)?;
    progress.finish();
    if batch {
        if summary.records > 0 && summary.errors == summary.records {
            return Err(format!(
                "none of the {} records could be read; see their \"error\" fields (each line must be a JSON object like {{\"id\": 1, \"text\": \"...\"}})",
                summary.records
            )
            .into());
        }
        if !args.quiet {
            if summary.errors > 0 {
                eprintln!(
                    "newstally: {} of {} records could not be read; see their \"error\" fields",
                    summary.errors, summary.records
                );
            } else if summary.records == 0 {
                eprintln!("newstally: no records in the input");
            }
        }
    }
    Ok(())
}

fn read_text(input: impl Read, name: &str, max_bytes: usize) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    input
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() > max_bytes {
        return Err(format!(
            "{name} is larger than the limit of {max_bytes} bytes; raise it with --max-record-bytes (e.g. --max-record-bytes 1G)"
        )
        .into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{name} is not valid UTF-8 (first bad byte at offset {}); convert it first, e.g. iconv -f latin1 -t utf-8", e.utf8_error().valid_up_to())
    })?;
    if text.trim().is_empty() {
        return Err(format!("{name} is empty: there is no text to extract from").into());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newstally::batch::DEFAULT_MAX_RECORD_BYTES;

    #[test]
    fn sizes_read_with_units() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("64MB"), Ok(64 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("500000"), Ok(500_000));
        assert_eq!(
            parse_size(&DEFAULT_MAX_RECORD_BYTES.to_string()),
            Ok(16 << 20)
        );
        assert!(parse_size("lots").is_err() && parse_size("0").is_err());
    }

    #[test]
    fn jsonl_names_are_recognised() {
        assert!(named_jsonl(Path::new("a.jsonl")) && named_jsonl(Path::new("b.NDJSON.gz")));
        assert!(!named_jsonl(Path::new("article.txt")) && !named_jsonl(Path::new("-")));
    }
}
