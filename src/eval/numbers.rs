//! Number phrases `{"text": "two dozen", "value": 24}`: each phrase must read
//! as a count of exactly that value. Only the count parser runs (no sentence
//! around it), so a miss points straight at `grammar/numbers.pest`.

use std::fmt::Write as _;

use serde::Deserialize;

use crate::count::parse_count;

/// What every record of a number file looks like, for messages.
pub const SHAPE: &str = "{\"text\": \"two dozen\", \"value\": 24}";

/// One gold number phrase.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// The phrase: "two dozen".
    pub text: String,
    /// The value it states: 24.
    pub value: u64,
}

/// A phrase that did not read as its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The phrase.
    pub text: String,
    /// The gold value.
    pub expected: u64,
    /// What it read as; `None`: not as a count with a value.
    pub read: Option<u64>,
}

/// Accuracy over the phrases, and every miss in file order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Phrases scored.
    pub total: usize,
    /// Phrases read as their value.
    pub correct: usize,
    /// The others, in file order.
    pub misses: Vec<Miss>,
}

impl Report {
    /// Correct phrases over all phrases (0 for an empty file).
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }

    /// Up to `errors` misses, then `53/53 correct (100.0%)`.
    pub fn render(&self, errors: usize) -> String {
        let mut out = String::new();
        for miss in self.misses.iter().take(errors) {
            let read = miss
                .read
                .map_or("no count".to_owned(), |value| value.to_string());
            let _ = writeln!(
                out,
                "miss: {} should be {}, read {read}",
                quoted(&miss.text),
                miss.expected
            );
        }
        let _ = writeln!(
            out,
            "{}/{} correct ({:.1}%)",
            self.correct,
            self.total,
            100.0 * self.accuracy()
        );
        out
    }
}

/// A phrase in JSON quotes, so leading or trailing spaces show.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| text.to_owned())
}

/// Reads every phrase with the count parser.
pub fn score(cases: &[Case]) -> Report {
    let mut report = Report::default();
    for case in cases {
        let read = parse_count(&case.text).and_then(|c| c.value);
        report.total += 1;
        if read == Some(case.value) {
            report.correct += 1;
        } else {
            report.misses.push(Miss {
                text: case.text.clone(),
                expected: case.value,
                read,
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_say_what_was_read_without_debug_text() {
        let cases = [
            Case {
                text: "two dozen".into(),
                value: 24,
            },
            Case {
                text: "two dozen".into(),
                value: 25,
            },
            Case {
                text: "a few".into(),
                value: 3,
            },
        ];
        let report = score(&cases);
        assert_eq!((report.correct, report.total), (1, 3));
        assert_eq!(
            report.render(usize::MAX),
            "miss: \"two dozen\" should be 25, read 24\nmiss: \"a few\" should be 3, read no count\n1/3 correct (33.3%)\n"
        );
        assert_eq!(report.render(0), "1/3 correct (33.3%)\n");
    }
}
