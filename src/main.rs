//! The `newstally` command: a thin layer over the library.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
    /// Score number phrases in JSON Lines {"text", "value"} (e.g.
    /// ../shared/eval/numerals.jsonl): accuracy and every miss.
    Eval {
        /// The gold file.
        file: PathBuf,
    },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date; write it as YYYY-MM-DD"))
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
        Command::Eval { file } => {
            let name = file.display().to_string();
            let report = newstally::eval::numbers(BufReader::new(open(Some(&file))?))
                .map_err(|e| format!("{name}: {e}"))?;
            for (text, expected, read) in &report.misses {
                println!("miss: {text:?} should be {expected}, read {read:?}");
            }
            println!(
                "{}/{} correct ({:.1}%)",
                report.correct,
                report.total,
                100.0 * report.accuracy()
            );
            Ok(())
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
