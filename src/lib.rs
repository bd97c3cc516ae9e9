//! # newstally
//!
//! Reads English news text and turns its sentences about violence and
//! policing into structured events: what happened, how many, to whom, when,
//! where, and who says so.
//!
//! ```
//! let doc = newstally::extract("Friday, eight policemen and nine attackers were killed in two attacks, the ministry said.");
//! let killed: Vec<_> = doc.events.iter().filter(|e| e.kind == "killed").collect();
//! assert_eq!(killed[0].count.value, Some(8));
//! assert_eq!(killed[0].who.as_ref().unwrap().category, "police");
//! assert_eq!(killed[1].count.value, Some(9));
//! assert_eq!(killed[0].time.as_ref().unwrap().text, "Friday");
//! assert_eq!(killed[0].source.as_ref().unwrap().text, "the ministry");
//! ```
//!
//! ## The flow
//!
//! text → [`segment`] (headline, sentences, quotes) → [`prefilter`] (skip
//! sentences with no trigger word) → [`scan`] (the PEG tried only where an
//! island can start; rules in `grammar/*.pest`, see [`grammar`]) → clause events ([`clause`], numbers in
//! [`count`]) → document pass ([`document`]: time, place, source, "same
//! source", repeats, dates) → an [`Extraction`], held compactly and
//! serialised as JSON one event at a time, or a [`model::Document`].
//! Batch mode over JSON Lines is in [`batch`]; reading plain or gzip input in
//! [`input`]; JSON, JSON Lines, CSV and TSV output in [`output`]; the
//! progress bar of long runs in [`progress`].
//!
//! ## The parser
//!
//! The grammar is compiled by the build script, not by `#[derive(Parser)]`:
//! `src/build/codegen.rs` is pest_derive's code generator (pest_generator)
//! working from the same pest_meta optimised rules, plus two things that
//! leave every parse tree as it was and make the parser about three times
//! faster (README, "Speed"): a rule is called, and an alternative tried,
//! only when the next input byte can start it; and a list of words looks
//! only at the words that start with the input's bytes. `tests/fast_path.rs`
//! checks the trees against pest_derive's parser of the same grammar.

pub mod batch;
pub mod clause;
#[allow(dead_code)] // CUE_SUFFIX serves the build script only
mod conventions;
pub mod count;
pub mod dates;
pub mod document;
pub mod eval;
pub mod explain;
pub mod grammar;
pub mod input;
pub mod model;
pub mod output;
pub mod prefilter;
pub mod progress;
pub mod scan;
pub mod segment;

use std::borrow::Cow;

pub use chrono::NaiveDate;
pub use count::parse_count;
pub use document::Extraction;
pub use model::{
    Attribution, Count, Document, Event, Mention, Place, Qualifier, RecordId, Source, Time, Via,
    Who,
};

/// Extracts events with default options (no publication date).
pub fn extract(text: &str) -> Document {
    Extractor::new().extract(text)
}

/// An extractor with options.
///
/// ```
/// use newstally::{Extractor, NaiveDate};
/// let extractor = Extractor::new().with_publication_date(NaiveDate::from_ymd_opt(2015, 9, 6).unwrap());
/// let doc = extractor.extract("Two soldiers were wounded on Saturday.");
/// assert_eq!(doc.events[0].time.as_ref().unwrap().date.as_deref(), Some("2015-09-05"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Extractor {
    publication_date: Option<NaiveDate>,
}

impl Extractor {
    pub fn new() -> Self {
        Self::default()
    }

    /// The date the article was published: weekdays ("Saturday"),
    /// "yesterday" and dates without a year are resolved against it.
    pub fn with_publication_date(mut self, date: NaiveDate) -> Self {
        self.publication_date = Some(date);
        self
    }

    pub fn extract(&self, text: &str) -> Document {
        document::build(text, self.publication_date)
    }

    /// The same result held compactly, with the text (borrowed or owned),
    /// for writing: it serialises to the same JSON as [`extract`](Self::extract)'s
    /// document but builds each event only as it is written, so a large
    /// text costs a fraction of a [`Document`]'s memory.
    ///
    /// ```
    /// let extraction = newstally::Extractor::new().extraction("Two soldiers were wounded.");
    /// assert_eq!(serde_json::to_value(&extraction).unwrap(), serde_json::to_value(extraction.to_document()).unwrap());
    /// assert_eq!(extraction.events().next().unwrap().kind, "wounded");
    /// ```
    pub fn extraction<'t>(&self, text: impl Into<Cow<'t, str>>) -> Extraction<'t> {
        Extraction::new(text, self.publication_date)
    }
}
