//! Paragraphs with gold events and attributions (`wikinews.jsonl`): a port of
//! the reference scorer `score_events.py`, rule for rule.
//!
//! - Scored kinds are the six the gold annotates ([`SCORED`]); other kinds
//!   are dropped on both sides.
//! - Predictions that are negated, background, or a subset (`part_of`) are
//!   dropped. Quirk kept on purpose: the script drops a subset with the test
//!   `part_of not in (None, '', False)`, and in Python `0 == False`, so a
//!   subset of the document's *first* event (`part_of: 0`) is kept and
//!   scored. Agreement with the script's figures comes first; fix it there
//!   and here together.
//! - Four levels, each its own greedy one-to-one matching per record, gold
//!   events in file order, each taking the first unused prediction that fits:
//!   `kv` (kind, value), `q` (+ qualifier), `who` (+ the gold head inside the
//!   predicted who), `src` (+ the gold source inside the predicted source or
//!   its `resolved`; a gold event without a source needs a prediction
//!   without one).
//! - A background gold event adds nothing to recall; a prediction left over
//!   that agrees with one on (kind, value) is neither right nor wrong.
//! - Attributions match when the gold source is inside the predicted source
//!   text and the cues agree after [`stem`].

use std::fmt::Write as _;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{by_id, id_key, id_text, norm, prefix, ratio};
use crate::NaiveDate;
use crate::model::Document;

/// What every record of an events file looks like, for messages.
pub const SHAPE: &str = "{\"id\": \"...\", \"text\": \"...\", \"date\": \"YYYY-MM-DD\", \"events\": [{\"kind\", \"value\", \"qualifier\", \"who\"?, \"source\"?, \"background\"?}], \"attributions\": [{\"source\", \"cue\"}]}";

/// The kinds the gold annotates (the scorer's `SCORED`); a definition of the
/// evaluation, not grammar.
pub const SCORED: [&str; 6] = [
    "killed",
    "wounded",
    "arrested",
    "kidnapped",
    "missing",
    "seized",
];

/// The scorer's `IRREG` table for [`stem`], verbatim: part of its matching
/// rule, so it lives beside the port rather than in the grammar.
const IRREGULAR: [(&str, &str); 8] = [
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("wrote", "write"),
    ("writes", "write"),
    ("written", "write"),
    ("according", "according to"),
    ("according to", "according to"),
];

/// The suffixes [`stem`] strips, the first that fits only, in this order.
const SUFFIXES: [&str; 6] = ["ment", "ing", "ed", "es", "s", "e"];

/// One gold paragraph.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// The record id, matched with a prediction's.
    pub id: Value,
    /// The paragraph.
    pub text: String,
    /// Its publication date, when given.
    #[serde(default, deserialize_with = "super::publication_date")]
    pub date: Option<NaiveDate>,
    /// The events a reader finds in it.
    pub events: Vec<GoldEvent>,
    /// Absent or null reads as none, as the script's `.get(...) or []`.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub attributions: Vec<GoldAttribution>,
}

/// A gold event; absent fields read as the script's `.get` reads them.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    /// The event kind: "killed".
    pub kind: String,
    /// The count's value; none when vague.
    #[serde(default)]
    pub value: Option<u64>,
    /// The count's qualifier: "more_than".
    #[serde(default)]
    pub qualifier: Option<String>,
    /// The head of who was counted: "policemen".
    #[serde(default)]
    pub who: Option<String>,
    /// The head of the source: "ministry".
    #[serde(default)]
    pub source: Option<String>,
    /// A toll of an earlier or other event.
    #[serde(default)]
    pub background: Option<bool>,
}

/// A gold attribution: the source's head string and the cue as written.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldAttribution {
    /// The source's head: "ministry".
    #[serde(default)]
    pub source: Option<String>,
    /// The cue as written: "said".
    #[serde(default)]
    pub cue: Option<String>,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_default())
}

/// A matching level, each stricter than the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// (kind, value)
    Kv,
    /// + qualifier
    Q,
    /// + who
    Who,
    /// + source
    Src,
}

impl Level {
    /// Every level, the loosest first.
    pub const ALL: [Level; 4] = [Level::Kv, Level::Q, Level::Who, Level::Src];

    /// The scorer's name for the level (`--level`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Kv => "kv",
            Level::Q => "q",
            Level::Who => "who",
            Level::Src => "src",
        }
    }

    /// The row label of the table.
    fn label(self) -> &'static str {
        match self {
            Level::Kv => "events (kind,value)",
            Level::Q => "+qualifier",
            Level::Who => "+who",
            Level::Src => "+source",
        }
    }
}

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// True positives: predictions that match a gold item.
    pub tp: usize,
    /// False positives: predictions that match none.
    pub fp: usize,
    /// False negatives: gold items no prediction matches.
    pub fn_: usize,
}

impl Tally {
    /// 0 when nothing was predicted, as the script.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// 0 when there is no gold, as the script.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// A miss or a false hit, with its record, for `--errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The record id as the script prints it.
    pub id: String,
    /// "FN wrong who", "FP spurious event", "attr FN", ….
    pub what: String,
    /// The gold or predicted item, described.
    pub item: String,
    /// The record's text.
    pub text: String,
}

/// The scores of an events file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Gold records scored.
    pub records: usize,
    /// Gold records no prediction had the id of.
    pub missing: usize,
    /// Events matched on (kind, value).
    pub kv: Tally,
    /// Events matched on (kind, value, qualifier).
    pub q: Tally,
    /// Events matched as `q`, and on who.
    pub who: Tally,
    /// Events matched as `who`, and on the source.
    pub src: Tally,
    /// Attributions matched on source and cue.
    pub attributions: Tally,
    /// The level the event errors below are diagnosed at.
    pub error_level: Option<Level>,
    /// How often each kind of event error occurs ("FN: wrong who"), most
    /// common first, ties in order of first occurrence.
    pub error_kinds: Vec<(String, usize)>,
    /// Every event error (at `error_level`) and attribution error, record
    /// by record, in the script's order.
    pub errors: Vec<Error>,
}

impl Report {
    /// The events tally at `level`.
    pub fn tally(&self, level: Level) -> &Tally {
        match level {
            Level::Kv => &self.kv,
            Level::Q => &self.q,
            Level::Who => &self.who,
            Level::Src => &self.src,
        }
    }

    fn tally_mut(&mut self, level: Level) -> &mut Tally {
        match level {
            Level::Kv => &mut self.kv,
            Level::Q => &mut self.q,
            Level::Who => &mut self.who,
            Level::Src => &mut self.src,
        }
    }

    /// The script's table; with `errors > 0` also its error kinds and up to
    /// `errors` examples.
    pub fn render(&self, errors: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "records {}  predictions missing for {}",
            self.records, self.missing
        );
        let _ = writeln!(
            out,
            "{:<22}{:>7}{:>7}{:>7}{:>6}{:>6}{:>6}",
            "level", "P", "R", "F1", "tp", "fp", "fn"
        );
        let rows = Level::ALL
            .iter()
            .map(|&l| (l.label(), self.tally(l)))
            .chain([("attributions", &self.attributions)]);
        for (label, t) in rows {
            let _ = writeln!(
                out,
                "{label:<22}{:7.3}{:7.3}{:7.3}{:6}{:6}{:6}",
                t.precision(),
                t.recall(),
                t.f1(),
                t.tp,
                t.fp,
                t.fn_
            );
        }
        if errors > 0 {
            let level = self.error_level.map_or("none", Level::name);
            let _ = writeln!(out, "\nerror kinds at level {level}");
            for (kind, n) in &self.error_kinds {
                let _ = writeln!(out, "  {n:4}  {kind}");
            }
            out.push('\n');
            for e in self.errors.iter().take(errors) {
                let _ = writeln!(
                    out,
                    "[{}] {}: {}\n    {}",
                    e.id,
                    e.what,
                    e.item,
                    prefix(&e.text, 300)
                );
            }
        }
        out
    }
}

/// The script's `stem` for attribution cues: "said", "says", "saying" → "say";
/// "told" → "tell"; "According to" → "according to"; else the first word
/// with one suffix (-ment, -ing, -ed, -es, -s, -e) cut when at least three
/// characters stay.
pub fn stem(cue: &str) -> String {
    let irregular = |c: &str| IRREGULAR.iter().find(|(w, _)| *w == c).map(|(_, s)| *s);
    let c = norm(cue);
    if let Some(s) = irregular(&c) {
        return s.to_owned();
    }
    let mut c = c.split(' ').next().unwrap_or_default();
    if let Some(s) = irregular(c) {
        return s.to_owned();
    }
    for suffix in SUFFIXES {
        if c.chars().count() > suffix.len() + 2
            && let Some(stem) = c.strip_suffix(suffix)
        {
            c = stem;
            break;
        }
    }
    c.to_owned()
}

/// A prediction as the script sees it: the strings normalised.
#[derive(Debug, Clone)]
struct Pred<'a> {
    kind: &'a str,
    value: Option<u64>,
    qualifier: &'static str,
    who: String,
    source: String,
    resolved: String,
    evidence: &'a str,
}

impl Pred<'_> {
    fn describe(&self) -> String {
        let mut out = format!(
            "{} {} {}, who \"{}\", source \"{}\"",
            self.kind,
            value_text(self.value),
            self.qualifier,
            self.who,
            self.source
        );
        if !self.resolved.is_empty() {
            let _ = write!(out, " (resolved \"{}\")", self.resolved);
        }
        let _ = write!(out, ", evidence \"{}\"", self.evidence);
        out
    }
}

fn value_text(value: Option<u64>) -> String {
    value.map_or("null".to_owned(), |v| v.to_string())
}

impl GoldEvent {
    fn is_background(&self) -> bool {
        self.background.unwrap_or(false)
    }

    fn describe(&self) -> String {
        let mut out = format!(
            "{} {} {}",
            self.kind,
            value_text(self.value),
            self.qualifier.as_deref().unwrap_or("null")
        );
        for (field, text) in [("who", &self.who), ("source", &self.source)] {
            if let Some(text) = text {
                let _ = write!(out, ", {field} \"{text}\"");
            }
        }
        if self.is_background() {
            out.push_str(", background");
        }
        out
    }
}

/// The scored predictions of a document (the script's `pred_events`).
fn pred_events(doc: &Document) -> Vec<Pred<'_>> {
    doc.events
        .iter()
        // `part_of: 0` is kept: see the module doc.
        .filter(|e| SCORED.contains(&e.kind.as_str()))
        .filter(|e| !e.negated && !e.background && e.part_of.unwrap_or(0) == 0)
        .map(|e| {
            let source = e.source.as_ref();
            Pred {
                kind: &e.kind,
                value: e.count.value,
                qualifier: e.count.qualifier.as_str(),
                who: norm(e.who.as_ref().map_or("", |w| &w.text)),
                source: norm(source.map_or("", |s| &s.text)),
                resolved: norm(source.and_then(|s| s.resolved.as_deref()).unwrap_or("")),
                evidence: if e.evidence.is_empty() {
                    &e.count.text
                } else {
                    &e.evidence
                },
            }
        })
        .collect()
}

/// Does prediction `p` fit gold event `g` at `level` (the script's `ok`)?
fn fits(g: &GoldEvent, p: &Pred, level: Level) -> bool {
    if g.kind != p.kind || g.value != p.value {
        return false;
    }
    if level == Level::Kv {
        return true;
    }
    if g.qualifier.as_deref() != Some(p.qualifier) {
        return false;
    }
    if level == Level::Q {
        return true;
    }
    if let Some(who) = g.who.as_deref().filter(|w| !w.is_empty())
        && !p.who.contains(&norm(who))
    {
        return false;
    }
    if level == Level::Who {
        return true;
    }
    let gs = norm(g.source.as_deref().unwrap_or(""));
    if gs.is_empty() {
        p.source.is_empty()
    } else {
        p.source.contains(&gs) || (!p.resolved.is_empty() && p.resolved.contains(&gs))
    }
}

/// Greedy one-to-one matching: each gold item in order takes the first
/// unused prediction that fits. Returns (gold index, prediction index) pairs.
fn greedy<G, P>(golds: &[G], preds: &[P], fit: impl Fn(&G, &P) -> bool) -> Vec<(usize, usize)> {
    let mut used = vec![false; preds.len()];
    let mut pairs = Vec::new();
    for (gi, g) in golds.iter().enumerate() {
        if let Some(pi) = (0..preds.len()).find(|&pi| !used[pi] && fit(g, &preds[pi])) {
            used[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs
}

/// Why a gold event was missed (the script's `diagnose`).
fn diagnose(g: &GoldEvent, preds: &[Pred]) -> &'static str {
    let same: Vec<&Pred> = preds.iter().filter(|p| p.kind == g.kind).collect();
    if same.is_empty() {
        return if preds.is_empty() {
            "missed kind"
        } else {
            "missed (other kinds predicted)"
        };
    }
    if !same.iter().any(|p| p.value == g.value) {
        return "wrong value";
    }
    for (level, name) in [
        (Level::Q, "wrong qualifier"),
        (Level::Who, "wrong who"),
        (Level::Src, "wrong source"),
    ] {
        if !same.iter().any(|p| fits(g, p, level)) {
            return name;
        }
    }
    "matched elsewhere"
}

/// Counts kinds of error in order of first occurrence.
#[derive(Default)]
struct Counter(Vec<(String, usize)>);

impl Counter {
    fn add(&mut self, kind: String) {
        match self.0.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.0.push((kind, 1)),
        }
    }

    /// Python's `Counter.most_common()`: by count, ties in insertion order.
    fn most_common(mut self) -> Vec<(String, usize)> {
        // A stable sort keeps ties in insertion order.
        self.0.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        self.0
    }
}

/// Scores `predictions` (matched to the gold records by id, as the script
/// does) and diagnoses the event errors at `error_level`.
pub fn score(gold: &[Record], predictions: &[Document], error_level: Level) -> Report {
    let predictions = by_id(predictions);
    let empty = Document::default();
    let mut report = Report {
        records: gold.len(),
        error_level: Some(error_level),
        ..Report::default()
    };
    let mut kinds = Counter::default();
    for rec in gold {
        let doc = match predictions.get(&id_key(&rec.id)) {
            Some(doc) => *doc,
            None => {
                report.missing += 1;
                &empty
            }
        };
        let id = id_text(&rec.id);
        let pe = pred_events(doc);
        let ge: Vec<&GoldEvent> = rec
            .events
            .iter()
            .filter(|e| SCORED.contains(&e.kind.as_str()))
            .collect();
        let (bgs, fg): (Vec<&GoldEvent>, Vec<&GoldEvent>) =
            ge.iter().copied().partition(|g| g.is_background());
        for level in Level::ALL {
            let pairs = greedy(&fg, &pe, |g, p| fits(g, p, level));
            let mut used = vec![false; pe.len()];
            let mut found = vec![false; fg.len()];
            for &(gi, pi) in &pairs {
                used[pi] = true;
                found[gi] = true;
            }
            // A leftover prediction that agrees with a background gold
            // event on (kind, value) is neutral.
            let rest: Vec<usize> = (0..pe.len()).filter(|&i| !used[i]).collect();
            let rest_preds: Vec<&Pred> = rest.iter().map(|&i| &pe[i]).collect();
            for (_, j) in greedy(&bgs, &rest_preds, |g, p| fits(g, p, Level::Kv)) {
                used[rest[j]] = true;
            }
            let tally = report.tally_mut(level);
            tally.tp += pairs.len();
            tally.fn_ += fg.len() - pairs.len();
            tally.fp += used.iter().filter(|u| !**u).count();
            if level == error_level {
                for (g, _) in fg.iter().zip(&found).filter(|(_, f)| !**f) {
                    let why = diagnose(g, &pe);
                    kinds.add(format!("FN: {why}"));
                    report.errors.push(Error {
                        id: id.clone(),
                        what: format!("FN {why}"),
                        item: g.describe(),
                        text: rec.text.clone(),
                    });
                }
                for (p, _) in pe.iter().zip(&used).filter(|(_, u)| !**u) {
                    let why = if ge.iter().any(|g| g.kind == p.kind) {
                        format!("mismatched {}", p.kind)
                    } else {
                        "spurious event".to_owned()
                    };
                    kinds.add(format!("FP: {why}"));
                    report.errors.push(Error {
                        id: id.clone(),
                        what: format!("FP {why}"),
                        item: p.describe(),
                        text: rec.text.clone(),
                    });
                }
            }
        }
        score_attributions(rec, doc, &id, &mut report);
    }
    report.error_kinds = kinds.most_common();
    report
}

/// A predicted attribution as the script sees it.
struct PredAttribution<'a> {
    source: String,
    cue: &'a str,
}

fn score_attributions(rec: &Record, doc: &Document, id: &str, report: &mut Report) {
    let ga = &rec.attributions;
    let pa: Vec<PredAttribution> = doc
        .attributions
        .iter()
        .map(|a| PredAttribution {
            source: norm(&a.source.text),
            cue: &a.source.cue,
        })
        .collect();
    let pairs = greedy(ga, &pa, |g, p| {
        p.source.contains(&norm(g.source.as_deref().unwrap_or("")))
            && stem(g.cue.as_deref().unwrap_or("")) == stem(p.cue)
    });
    let tally = &mut report.attributions;
    tally.tp += pairs.len();
    tally.fn_ += ga.len() - pairs.len();
    tally.fp += pa.len() - pairs.len();
    let mut matched_gold = vec![false; ga.len()];
    let mut matched_pred = vec![false; pa.len()];
    for &(gi, pi) in &pairs {
        matched_gold[gi] = true;
        matched_pred[pi] = true;
    }
    let describe = |source: &str, cue: &str| format!("source \"{source}\", cue \"{cue}\"");
    for (g, _) in ga.iter().zip(&matched_gold).filter(|(_, m)| !**m) {
        report.errors.push(Error {
            id: id.to_owned(),
            what: "attr FN".into(),
            item: describe(
                g.source.as_deref().unwrap_or(""),
                g.cue.as_deref().unwrap_or(""),
            ),
            text: rec.text.clone(),
        });
    }
    for (p, _) in pa.iter().zip(&matched_pred).filter(|(_, m)| !**m) {
        report.errors.push(Error {
            id: id.to_owned(),
            what: "attr FP".into(),
            item: describe(&p.source, p.cue),
            text: rec.text.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Count, Event, Qualifier, Source, Who};

    #[test]
    fn stem_agrees_with_the_reference_scorer() {
        // Expected values printed by score_events.py's own `stem`.
        let cases = [
            ("said", "say"),
            ("Says", "say"),
            ("saying", "say"),
            ("told", "tell"),
            ("telling", "tell"),
            ("According to", "according to"),
            ("according", "according to"),
            ("  According   To ", "according to"),
            ("stated", "stat"),
            ("states", "stat"),
            ("announced", "announc"),
            ("announcement", "announce"),
            ("reports", "report"),
            ("reporting", "report"),
            ("wrote", "write"),
            ("adding", "add"),
            ("noted", "not"),
            ("read", "read"),
            ("us", "us"),
            ("ses", "ses"),
            ("said that", "say"),
            ("told reporters", "tell"),
            ("", ""),
            ("sings", "sing"),
            ("ÉTATS", "état"),
        ];
        for (cue, want) in cases {
            assert_eq!(stem(cue), want, "stem({cue:?})");
        }
    }

    fn gold(kind: &str, value: Option<u64>, who: Option<&str>, source: Option<&str>) -> GoldEvent {
        GoldEvent {
            kind: kind.into(),
            value,
            qualifier: Some("exact".into()),
            who: who.map(Into::into),
            source: source.map(Into::into),
            background: None,
        }
    }

    fn event(
        kind: &str,
        value: Option<u64>,
        who: &str,
        source: Option<(&str, Option<&str>)>,
    ) -> Event {
        Event {
            kind: kind.into(),
            count: Count {
                value,
                qualifier: Qualifier::Exact,
                min: value,
                max: value,
                text: value_text(value),
            },
            who: (!who.is_empty()).then(|| Who {
                text: who.into(),
                category: "unknown".into(),
            }),
            time: None,
            place: None,
            source: source.map(|(text, resolved)| Source {
                text: text.into(),
                resolved: resolved.map(Into::into),
                cue: "said".into(),
                via: None,
            }),
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

    fn record(events: Vec<GoldEvent>) -> Record {
        Record {
            id: Value::from("r"),
            text: "text".into(),
            date: None,
            events,
            attributions: Vec::new(),
        }
    }

    fn doc(events: Vec<Event>) -> Document {
        Document {
            id: Some(Value::from("r").into()),
            events,
            ..Document::default()
        }
    }

    #[test]
    fn levels_add_qualifier_who_and_source() {
        let g = gold("killed", Some(3), Some("Soldiers"), Some("the Army"));
        let preds = [event(
            "killed",
            Some(3),
            "three  soldiers",
            Some(("The army", None)),
        )];
        let d = doc(preds.to_vec());
        let pe = pred_events(&d);
        assert!(Level::ALL.iter().all(|&l| fits(&g, &pe[0], l)));
        let other_source = doc(vec![event(
            "killed",
            Some(3),
            "soldiers",
            Some(("police", Some("the army said"))),
        )]);
        let pe = pred_events(&other_source);
        assert!(fits(&g, &pe[0], Level::Src), "the resolved source counts");
        let no_source = gold("killed", Some(3), None, None);
        assert!(
            fits(&no_source, &pe[0], Level::Who),
            "gold without who fits any who"
        );
        assert!(
            !fits(&no_source, &pe[0], Level::Src),
            "gold without source needs none"
        );
        let vague = doc(vec![event("killed", None, "", None)]);
        let pe = pred_events(&vague);
        assert!(!fits(&no_source, &pe[0], Level::Kv));
        assert!(fits(&gold("killed", None, None, None), &pe[0], Level::Src));
    }

    #[test]
    fn dropped_predictions_follow_the_script_including_part_of_zero() {
        let mut negated = event("killed", Some(1), "", None);
        negated.negated = true;
        let mut background = event("killed", Some(2), "", None);
        background.background = true;
        let mut first_subset = event("killed", Some(3), "", None);
        first_subset.part_of = Some(0);
        let mut later_subset = event("killed", Some(4), "", None);
        later_subset.part_of = Some(1);
        let attack = event("attack", Some(5), "", None);
        let d = doc(vec![
            negated,
            background,
            first_subset,
            later_subset,
            attack,
        ]);
        let values: Vec<_> = pred_events(&d).iter().map(|p| p.value).collect();
        assert_eq!(values, [Some(3)], "only part_of 0 survives, as in Python");
    }

    #[test]
    fn greedy_matching_takes_the_first_fit_in_gold_order() {
        // The first gold takes the first prediction even though the second
        // gold could only have used that one.
        let golds = [
            gold("killed", Some(2), None, None),
            gold("killed", Some(2), Some("police"), None),
        ];
        let d = doc(vec![
            event("killed", Some(2), "police", None),
            event("killed", Some(2), "soldiers", None),
        ]);
        let pe = pred_events(&d);
        let pairs = greedy(&golds, &pe, |g, p| fits(g, p, Level::Who));
        assert_eq!(pairs, [(0, 0)]);
    }

    #[test]
    fn a_prediction_agreeing_with_background_gold_is_neutral() {
        let mut bg = gold("killed", Some(40), Some("people"), None);
        bg.background = Some(true);
        let rec = record(vec![gold("killed", Some(3), None, None), bg]);
        let d = doc(vec![
            event("killed", Some(3), "", None),
            event("killed", Some(40), "", Some(("police", None))),
            event("wounded", Some(7), "", None),
        ]);
        let report = score(&[rec], &[d], Level::Src);
        for level in Level::ALL {
            assert_eq!(
                *report.tally(level),
                Tally {
                    tp: 1,
                    fp: 1,
                    fn_: 0
                },
                "{level:?}: 40 is neutral, 7 wounded is the false hit"
            );
        }
        assert_eq!(report.error_kinds, [("FP: spurious event".to_owned(), 1)]);
    }

    #[test]
    fn missing_predictions_count_as_empty() {
        let rec = record(vec![gold("killed", Some(3), None, None)]);
        let report = score(&[rec], &[], Level::Src);
        assert_eq!(report.missing, 1);
        assert_eq!(
            report.kv,
            Tally {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(report.errors[0].what, "FN missed kind");
        assert_eq!(report.kv.f1(), 0.0);
    }
}
