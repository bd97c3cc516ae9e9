//! The `newstally` command: a thin layer over the library.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newstally::eval::Metric;
use newstally::{Extractor, NaiveDate};

/// Turns English news text about violence and policing into counted,
/// attributed events (JSON).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from an article (prints one JSON document), or from
    /// JSON Lines records with --jsonl (prints one JSON line per input line).
    Extract {
        /// The article (or JSON Lines file); "-" or nothing reads standard input.
        file: Option<PathBuf>,
        /// Read JSON Lines records {"id", "text", "date"?} and write one result per line, in order.
        #[arg(long)]
        jsonl: bool,
        /// Publication date (YYYY-MM-DD), to turn "Saturday" into a calendar date.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Print the document on one line instead of indented.
        #[arg(long)]
        compact: bool,
    },
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

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date; write it as YYYY-MM-DD"))
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
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("newstally: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Extract {
            file,
            jsonl,
            date,
            compact,
        } => {
            let mut extractor = Extractor::new();
            if let Some(date) = date {
                extractor = extractor.with_publication_date(date);
            }
            let name = file
                .as_ref()
                .map_or("standard input".to_owned(), |f| f.display().to_string());
            let input = open(file.as_ref())?;
            if jsonl {
                let summary = newstally::batch::run(
                    BufReader::new(input),
                    BufWriter::new(io::stdout().lock()),
                    &extractor,
                )
                .map_err(|e| format!("while reading {name}: {e}"))?;
                if summary.errors > 0 {
                    eprintln!(
                        "newstally: {} of {} records could not be read; see their \"error\" fields",
                        summary.errors, summary.records
                    );
                }
                return Ok(());
            }
            let text = read_text(input, &name)?;
            let document = extractor.extract(&text);
            let json = if compact {
                serde_json::to_string(&document)
            } else {
                serde_json::to_string_pretty(&document)
            };
            let json = json.map_err(|e| format!("cannot write JSON: {e}"))?;
            writeln!(io::stdout().lock(), "{json}").map_err(|e| format!("cannot write output: {e}"))
        }
        Command::Explain { sentence } => {
            print!("{}", newstally::explain::explain(&sentence));
            Ok(())
        }
        Command::Eval {
            file,
            errors,
            min,
            min_src,
            min_attr,
            min_wounded,
        } => {
            let name = file.display().to_string();
            let gold = newstally::eval::read(BufReader::new(open(Some(&file))?))
                .map_err(|e| format!("{name}: {e}"))?;
            let report = gold.evaluate(&Extractor::new());
            write!(io::stdout().lock(), "{}", report.render(errors))
                .map_err(|e| format!("cannot write output: {e}"))?;
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
                .map_err(|e| format!("{name}: {e}"))
        }
    }
}

fn open(file: Option<&PathBuf>) -> Result<Box<dyn Read>, String> {
    match file {
        None => Ok(Box::new(io::stdin().lock())),
        Some(path) if path.as_os_str() == "-" => Ok(Box::new(io::stdin().lock())),
        Some(path) => File::open(path)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| format!("cannot open {}: {e}; check the path", path.display())),
    }
}

fn read_text(mut input: impl Read, name: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{name} is not valid UTF-8 (first bad byte at offset {}); convert it first, e.g. iconv -f latin1 -t utf-8", e.utf8_error().valid_up_to())
    })?;
    if text.trim().is_empty() {
        return Err(format!("{name} is empty: there is no text to extract from"));
    }
    Ok(text)
}
