//! `newstally eval`: scores the extractor against gold JSON Lines.
//!
//! Supported gold format (see `../shared/eval/README.md`): number phrases,
//! one per line, `{"text": "two dozen", "value": 24}`: the phrase must read
//! as a count of exactly that value. The report gives the accuracy and every
//! miss, so a grammar change can be judged on data it was not written for.

use std::io::BufRead;

use serde::Deserialize;

use crate::count::parse_count;

#[derive(Deserialize)]
struct NumberCase {
    text: String,
    value: u64,
}

/// The outcome of an evaluation run.
#[derive(Debug, Default)]
pub struct Report {
    pub total: usize,
    pub correct: usize,
    /// Each miss: the text, the expected value and what was read (if anything).
    pub misses: Vec<(String, u64, Option<u64>)>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// Scores number phrases; a line that is not a `{"text", "value"}` object is
/// an error naming the line.
pub fn numbers(input: impl BufRead) -> Result<Report, String> {
    let mut report = Report::default();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: {e}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let case: NumberCase = serde_json::from_str(&line).map_err(|e| {
            format!(
                "line {}: expected {{\"text\": \"...\", \"value\": N}} ({e})",
                n + 1
            )
        })?;
        let read = parse_count(&case.text).and_then(|c| c.value);
        report.total += 1;
        if read == Some(case.value) {
            report.correct += 1;
        } else {
            report.misses.push((case.text, case.value, read));
        }
    }
    Ok(report)
}
