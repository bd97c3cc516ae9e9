//! The output contract: the structs every caller, the CLI and every test see.
//!
//! These are serialised with serde to the JSON described in the README. Field
//! names and meanings are stable; fields may be added. Every optional field is
//! written as `null` rather than left out, so consumers see one fixed shape.
//!
//! Each struct and enum is `#[non_exhaustive]`, so that adding a field or a
//! variant is not a breaking change: outside this crate they are read (and
//! deserialised), not built with struct literals. The one document a caller
//! may need to build, an error document, is `Document::default()` with its
//! `error` set.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Byte offsets `[start, end)` into the input text.
pub type Span = [usize; 2];

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The record id from the input (batch mode), echoed byte for byte.
    pub id: Option<RecordId>,
    /// Counted events, in the order their first mention appears.
    pub events: Vec<Event>,
    /// Every attribution found, with or without a count.
    pub attributions: Vec<Attribution>,
    /// Batch mode: why this record could not be read. `null` otherwise.
    pub error: Option<String>,
}

/// A record id exactly as the input wrote it: its JSON text, byte for byte
/// (`1e3` stays `1e3`, `12345678901234567890123` is not rounded to a float,
/// `{"b":1,"a":2}` keeps its key order and spacing).
///
/// ```
/// let id = newstally::RecordId::from_json("1e3").unwrap();
/// assert_eq!(serde_json::to_string(&id).unwrap(), "1e3");
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(Box<RawValue>);

impl RecordId {
    /// An id from its JSON text; an error when the text is not one JSON value.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json.to_owned()).map(RecordId)
    }

    /// The id's JSON text, as given.
    pub fn json(&self) -> &str {
        self.0.get()
    }

    /// The id as a plain string: a JSON string's contents, else its JSON text
    /// (what a table shows).
    pub fn as_text(&self) -> String {
        serde_json::from_str::<String>(self.json()).unwrap_or_else(|_| self.json().to_owned())
    }
}

impl From<Box<RawValue>> for RecordId {
    fn from(raw: Box<RawValue>) -> Self {
        RecordId(raw)
    }
}

impl From<serde_json::Value> for RecordId {
    fn from(value: serde_json::Value) -> Self {
        // A Value's own JSON text is always one valid JSON value.
        RecordId::from_json(&value.to_string()).expect("a serde_json::Value prints valid JSON")
    }
}

/// Two ids are equal when their JSON text is.
impl PartialEq for RecordId {
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

/// One counted event: "eight policemen were killed".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Event {
    /// What happened: killed, wounded, arrested, kidnapped, missing, seized,
    /// attack, or a kind an editor added to the grammar.
    pub kind: String,
    /// How many.
    pub count: Count,
    /// Who or what was counted; `null` when the sentence does not say ("13 dead").
    pub who: Option<Who>,
    /// When, as the sentence says it.
    pub time: Option<Time>,
    /// Where, as the sentence says it.
    pub place: Option<Place>,
    /// Who says so: the speaker of the quote the count sits in, else the
    /// nearest attribution of its sentence.
    pub source: Option<Source>,
    /// The count sits inside a direct quote.
    pub quoted: bool,
    /// The predicate is negated: "were not killed". ("No one was killed" is a
    /// count of 0, not a negation.)
    pub negated: bool,
    /// Index (in `events`) of the larger count this one is part of:
    /// "32 members ..., of which 13 have been eliminated".
    pub part_of: Option<usize>,
    /// A toll of an earlier or other event (a past war, last year's attack,
    /// a superseded toll): reported, but totals skip it.
    pub background: bool,
    /// Index of the sentence, counting the headline as sentence 0.
    pub sentence: usize,
    /// Byte offsets of `evidence` in the input.
    pub span: Span,
    /// The clause the event was read from.
    pub evidence: String,
    /// Other places the same event is reported (a teaser repeating the lede).
    pub mentions: Vec<Mention>,
}

/// How many, as stated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Count {
    /// The number as stated; `null` when vague ("several") or a range.
    pub value: Option<u64>,
    /// How the number is hedged: "more than" 500.
    pub qualifier: Qualifier,
    /// Lowest number the text allows (`null`: unknown or unbounded).
    pub min: Option<u64>,
    /// Highest number the text allows (`null`: unknown or unbounded).
    pub max: Option<u64>,
    /// The surface text: "more than 500".
    pub text: String,
}

/// How the count is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Qualifier {
    /// As stated: "eight".
    Exact,
    /// "more than 500", "over 20", "40-plus".
    MoreThan,
    /// "at least 12", "50 or more".
    AtLeast,
    /// "about 40", "some 40", "30-odd".
    About,
    /// "nearly 200", "no more than 10", "10 or fewer".
    AtMost,
    /// "fewer than 10", "less than a dozen".
    FewerThan,
    /// "up to 300", "as many as 40".
    UpTo,
    /// "between 30 and 40", "30 to 40".
    Range,
    /// No number: "several", "dozens".
    Vague,
}

impl Qualifier {
    /// The name the JSON uses: "more_than".
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::About => "about",
            Qualifier::AtMost => "at_most",
            Qualifier::FewerThan => "fewer_than",
            Qualifier::UpTo => "up_to",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }
}

/// Who or what was counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Who {
    /// The noun phrase as written: "members of armed groups".
    pub text: String,
    /// police, military, militant, perpetrator, civilian, child, journalist,
    /// official, weapons, … or "unknown".
    pub category: String,
}

/// When.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Time {
    /// As written: "Saturday", "between 1992 and 1997".
    pub text: String,
    /// `YYYY-MM-DD` when the text and the publication date allow it.
    pub date: Option<String>,
}

/// Where.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Place {
    /// As written: "Dushanbe".
    pub text: String,
}

/// Who says so.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Source {
    /// As written: "the Ministry of Interior of Tajikistan", "same source".
    pub text: String,
    /// For a reference ("same source"): the named source it points back to.
    pub resolved: Option<String>,
    /// The word that marks the attribution: "said", "announced", "according to".
    pub cue: String,
    /// A relay between the source and the reader: "quoted by Pervy Kanal".
    pub via: Option<Via>,
}

/// A relay between a source and the reader: "quoted by Pervy Kanal".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Via {
    /// As written: "the public channel Pervy Kanal".
    pub text: String,
    /// The words that mark the relay: "quoted by", "citing".
    pub cue: String,
}

/// An attribution found in the text, with or without a count near it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attribution {
    /// Who says so.
    pub source: Source,
    /// The attribution introduces or closes a direct quote.
    pub quoted: bool,
    /// The quoted words, without the quote marks.
    pub quote: Option<String>,
    /// Index of the sentence, counting the headline as sentence 0.
    pub sentence: usize,
    /// Byte offsets of the attribution in the input.
    pub span: Span,
}

/// Another place where the same event is reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mention {
    /// Index of the sentence.
    pub sentence: usize,
    /// Byte offsets of the repeated evidence in the input.
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifier_names_are_the_json_names() {
        use Qualifier::*;
        for q in [
            Exact, MoreThan, AtLeast, About, AtMost, FewerThan, UpTo, Range, Vague,
        ] {
            assert_eq!(
                serde_json::to_value(q).ok(),
                Some(serde_json::Value::from(q.as_str()))
            );
        }
    }
}
