//! Records with gold totals (`wiki_massshootings.jsonl`): a port of the
//! reference scorer `score_totals.py`.
//!
//! A record's predicted total of a kind is the sum of the values of its
//! events of that kind that are not negated, not a subset (`part_of` set,
//! including 0: this script tests `is None`) and not background; a vague
//! count adds nothing but still counts as "seen" for coverage. Per kind
//! (killed, wounded): exact-match rate, coverage (gold > 0 and some event of
//! the kind predicted), false-positive rate (gold 0, predicted > 0) and mean
//! absolute error. A record whose gold lacks the kind is skipped for it.

use std::fmt::Write as _;

use serde::Deserialize;
use serde_json::Value;

use super::{by_id, id_key, id_text, prefix, ratio};
use crate::NaiveDate;
use crate::model::Document;

/// What every record of a totals file looks like, for messages.
pub const SHAPE: &str = "{\"id\": \"...\", \"text\": \"...\", \"date\": \"YYYY-MM-DD\", \"gold\": {\"killed\": 3, \"wounded\": 2}}";

/// One gold record.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// The record id, matched with a prediction's.
    pub id: Value,
    /// The article.
    pub text: String,
    /// Its publication date, when given.
    #[serde(default, deserialize_with = "super::publication_date")]
    pub date: Option<NaiveDate>,
    /// Its gold totals.
    pub gold: Totals,
}

/// The tallied totals; an absent kind is not scored for the record.
#[derive(Debug, Clone, Deserialize)]
pub struct Totals {
    /// People killed in the event the article reports.
    #[serde(default)]
    pub killed: Option<i64>,
    /// People wounded in it.
    #[serde(default)]
    pub wounded: Option<i64>,
}

/// The figures of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindScore {
    /// Records with a gold total of this kind.
    pub records: usize,
    /// Records whose predicted total equals the gold one.
    pub exact: usize,
    /// Records with gold > 0, and those of them with some event predicted.
    pub positives: usize,
    /// Records with gold > 0 and some event predicted.
    pub covered: usize,
    /// Records with gold 0, and those of them with a total > 0 predicted.
    pub negatives: usize,
    /// Records with gold 0 and a total > 0 predicted.
    pub false_positives: usize,
    /// Sum of |predicted − gold|.
    pub abs_error: u128,
}

impl KindScore {
    /// Exact totals over records (0 when there are none).
    pub fn exact_rate(&self) -> f64 {
        ratio(self.exact, self.records)
    }

    /// Over records with gold > 0 (0 when there are none).
    pub fn coverage(&self) -> f64 {
        ratio(self.covered, self.positives.max(1))
    }

    /// Over records with gold 0 (0 when there are none).
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.false_positives, self.negatives.max(1))
    }

    /// The mean of |predicted − gold| over records (0 when there are none).
    pub fn mean_abs_error(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.abs_error as f64 / self.records as f64
        }
    }
}

/// A record whose killed total is wrong, for `--errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongTotal {
    /// The record id as the script prints it.
    pub id: String,
    /// The gold total.
    pub gold: i64,
    /// The predicted total.
    pub predicted: i128,
    /// The record's text.
    pub text: String,
}

/// The scores of a totals file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The killed totals' figures.
    pub killed: KindScore,
    /// The wounded totals' figures.
    pub wounded: KindScore,
    /// Every record whose killed total is wrong, in file order.
    pub wrong_killed: Vec<WrongTotal>,
}

impl Report {
    /// The script's lines; with `errors > 0` also up to `errors` records
    /// whose killed total is wrong.
    pub fn render(&self, errors: usize) -> String {
        let mut out = String::new();
        for (kind, s) in [("killed", &self.killed), ("wounded", &self.wounded)] {
            if s.records == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "{kind:<8} records {:5}  exact {}  coverage {}  false positives {}  MAE {:.2}",
                s.records,
                percent(s.exact_rate()),
                percent(s.coverage()),
                percent(s.false_positive_rate()),
                s.mean_abs_error()
            );
        }
        for w in self.wrong_killed.iter().take(errors) {
            let _ = writeln!(
                out,
                "[{}] killed gold {} predicted {}\n    {}",
                w.id,
                w.gold,
                w.predicted,
                prefix(&w.text, 300)
            );
        }
        out
    }
}

/// Python's `{:6.1%}`.
fn percent(x: f64) -> String {
    format!("{:5.1}%", x * 100.0)
}

/// The predicted total of `kind`; `None` when no event of it counts
/// (`Some(0)`: only vague counts, "several wounded").
fn total(doc: &Document, kind: &str) -> Option<i128> {
    doc.events
        .iter()
        .filter(|e| e.kind == kind && !e.negated && e.part_of.is_none() && !e.background)
        .map(|e| i128::from(e.count.value.unwrap_or(0)))
        .reduce(i128::saturating_add)
}

/// Scores `predictions`, matched to the gold records by id as the script does.
pub fn score(gold: &[Record], predictions: &[Document]) -> Report {
    let predictions = by_id(predictions);
    let empty = Document::default();
    let mut report = Report::default();
    for rec in gold {
        let doc = predictions.get(&id_key(&rec.id)).copied().unwrap_or(&empty);
        for (kind, want, score) in [
            ("killed", rec.gold.killed, &mut report.killed),
            ("wounded", rec.gold.wounded, &mut report.wounded),
        ] {
            let Some(want) = want else { continue };
            let predicted = total(doc, kind);
            let (got, seen) = (predicted.unwrap_or(0), predicted.is_some());
            let want_wide = i128::from(want);
            score.records += 1;
            score.exact += usize::from(got == want_wide);
            score.abs_error = score.abs_error.saturating_add(got.abs_diff(want_wide));
            if want > 0 {
                score.positives += 1;
                score.covered += usize::from(seen);
            } else {
                score.negatives += 1;
                score.false_positives += usize::from(got > 0);
            }
            if got != want_wide && kind == "killed" {
                report.wrong_killed.push(WrongTotal {
                    id: id_text(&rec.id),
                    gold: want,
                    predicted: got,
                    text: rec.text.clone(),
                });
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Count, Event, Qualifier};

    fn event(kind: &str, value: Option<u64>) -> Event {
        Event {
            kind: kind.into(),
            count: Count {
                value,
                qualifier: Qualifier::Exact,
                min: value,
                max: value,
                text: String::new(),
            },
            who: None,
            time: None,
            place: None,
            source: None,
            quoted: false,
            negated: false,
            part_of: None,
            background: false,
            sentence: 0,
            span: [0, 0],
            evidence: String::new(),
            mentions: Vec::new(),
        }
    }

    #[test]
    fn totals_skip_subsets_negations_and_background_and_vague_counts_add_nothing() {
        let mut subset = event("killed", Some(2));
        subset.part_of = Some(0);
        let mut negated = event("killed", Some(5));
        negated.negated = true;
        let mut background = event("killed", Some(9));
        background.background = true;
        let doc = Document {
            events: vec![
                event("killed", Some(4)),
                subset,
                negated,
                background,
                event("killed", None),
                event("wounded", Some(1)),
            ],
            ..Document::default()
        };
        assert_eq!(total(&doc, "killed"), Some(4));
        assert_eq!(total(&doc, "wounded"), Some(1));
        assert_eq!(total(&doc, "arrested"), None);
        let vague_only = Document {
            events: vec![event("wounded", None)],
            ..Document::default()
        };
        assert_eq!(total(&vague_only, "wounded"), Some(0));
    }

    #[test]
    fn rates_and_lines_are_the_scripts() {
        let record = |id: &str, killed, wounded| Record {
            id: Value::from(id),
            text: format!("record {id}"),
            date: None,
            gold: Totals { killed, wounded },
        };
        let gold = [
            record("a", Some(2), Some(0)),
            record("b", Some(0), Some(3)),
            record("c", Some(1), None),
        ];
        let doc = |id: &str, events| Document {
            id: Some(Value::from(id).into()),
            events,
            ..Document::default()
        };
        let predictions = [
            doc("a", vec![event("killed", Some(2))]),
            doc(
                "b",
                vec![event("killed", Some(1)), event("wounded", Some(3))],
            ),
        ];
        let report = score(&gold, &predictions);
        assert_eq!(
            report.killed,
            KindScore {
                records: 3,
                exact: 1,
                positives: 2,
                covered: 1,
                negatives: 1,
                false_positives: 1,
                abs_error: 2,
            }
        );
        assert_eq!(report.wounded.records, 2);
        assert_eq!(
            report.render(1),
            "killed   records     3  exact  33.3%  coverage  50.0%  false positives 100.0%  MAE 0.67\n\
             wounded  records     2  exact 100.0%  coverage 100.0%  false positives   0.0%  MAE 0.00\n\
             [b] killed gold 0 predicted 1\n    record b\n"
        );
    }
}
