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
//! ## The API
//!
//! - [`extract`] and [`Extractor`]: one article → a [`Document`] (the output
//!   contract, [`Event`]s and [`Attribution`]s, serialised as the README's
//!   JSON), or the same held compactly as an [`Extraction`];
//! - [`batch`]: JSON Lines in, one document per line out, in parallel
//!   ([`batch::run`], [`batch::Batch`], [`batch::read_record`]);
//! - [`output`]: JSON, JSON Lines, CSV and TSV, written as documents arrive;
//! - [`eval`]: scores the extractor against gold files;
//! - [`parse_count`], [`parse_publication_date`], [`explain`]: a number
//!   phrase, a date, one sentence's parse for grammar editors;
//! - errors that say what to do: [`DateError`], [`RecordError`] (in a batch
//!   record's `error`), [`batch::BatchError`], [`eval::EvalError`].
//!
//! The output structs and enums are `#[non_exhaustive]`: fields and
//! variants may be added (README, "Output"), so match with `..` and build
//! documents through this API rather than struct literals.
//!
//! **Features.** `cli` (on by default) builds the `newstally` command and what
//! only it uses (clap, gzip input with flate2, indicatif's progress bar).
//! A library user can turn it off: `newstally = { version = "0.1",
//! default-features = false }`.
//!
//! ## The flow
//!
//! text → `segment` (headline, sentences, quotes) → `prefilter` (skip
//! sentences with no trigger word) → `scan` (the PEG tried only where an
//! island can start; rules in `grammar/*.pest`) → clause events (`clause`,
//! numbers in `count`) → document pass (`document`: time, place, source,
//! "same source", repeats; calendar dates in `dates`) → an [`Extraction`],
//! held compactly and serialised as JSON one event at a time, or a
//! [`Document`]. `pipeline` drives the stages, in one place. These stages
//! are private modules (`src/*.rs`): their types change as the pipeline
//! does, and only what is listed above is the library's API.
//!
//! ## The parser
//!
//! The grammar is compiled by the build script, not by `#[derive(Parser)]`:
//! `src/build/codegen.rs` is pest_derive's code generator (pest_generator)
//! working from the same pest_meta optimised rules, plus three things that
//! leave every parse tree as it was and make extraction about nine times
//! faster than pest_derive's parser (README, "Speed"): a rule is called, and
//! an alternative tried, only when the next input byte can start it; a list
//! of words looks only at the words that start with the input's bytes; and
//! the grammar is also compiled to a recognizer over bytes, without pest's
//! `ParserState`, so a failed attempt (most are) costs no parser state and a
//! match is replayed into pest to build its `Pairs`. `tests/fast_path.rs`
//! checks the trees against pest_derive's parser of the same grammar.

#![warn(missing_docs)]

pub mod batch;
pub(crate) mod clause;
mod conventions;
pub(crate) mod count;
pub(crate) mod dates;
pub(crate) mod document;
pub(crate) mod error;
pub mod eval;
pub(crate) mod explain;
// The `Rule` enum is generated from grammar/*.pest, a variant's doc being
// its rule's `///` comment: glue rules have none, and editors write
// "[his] mother" to mark the words a rule matches, not a doc link. `Rule`
// is reachable only through the hidden `internals`, so neither is news.
#[allow(missing_docs, rustdoc::broken_intra_doc_links)]
pub(crate) mod grammar;
pub(crate) mod input;
pub(crate) mod model;
pub mod output;
pub(crate) mod pipeline;
pub(crate) mod prefilter;
#[cfg(feature = "cli")]
pub(crate) mod progress;
pub(crate) mod scan;
pub(crate) mod segment;
pub(crate) mod sentence;

use std::borrow::Cow;

pub use chrono::NaiveDate;
pub use count::parse_count;
pub use dates::parse_publication_date;
pub use document::Extraction;
pub use error::{DateError, RecordError, RecordFault};
pub use explain::explain;
pub use model::{
    Attribution, Count, Document, Event, Mention, Place, Qualifier, RecordId, Source, Span, Time,
    Via, Who,
};

/// What this crate's own binary and tests reach into; not the library's
/// API, and free to change in any release.
///
/// The binary and the integration tests are separate crates, so they see
/// only what is `pub`, and `#[cfg(test)]` does not reach them (it is set
/// only when the library's own unit tests are built). Rather than make the
/// pipeline's modules public, and every type in them a promise, the few
/// items they need are re-exported here, in one place, hidden from the
/// docs: the parser and the stages that `tests/fast_path.rs`,
/// `tests/properties.rs` and `tests/common/` (shared with the benchmark)
/// check against pest's own parser, and the CLI's input and progress
/// plumbing (feature `cli`).
#[doc(hidden)]
pub mod internals {
    pub use crate::grammar::{NewsParser, Rule};
    #[cfg(feature = "cli")]
    pub use crate::input::Input;
    #[cfg(feature = "cli")]
    pub use crate::progress::Progress;
    pub use crate::scan::scan;
    pub use crate::segment::segment;
    pub use crate::sentence::SentenceInput;
}

/// Extracts events from one article with default options (no publication
/// date): `Extractor::new().extract(text)`.
///
/// ```
/// let doc = newstally::extract("Police arrested more than 30 suspects on Friday, the ministry said.");
/// let event = &doc.events[0];
/// assert_eq!((event.kind.as_str(), event.count.min), ("arrested", Some(31)));
/// assert_eq!(event.count.qualifier, newstally::Qualifier::MoreThan);
/// assert_eq!(doc.attributions[0].source.cue, "said");
/// ```
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
    /// An extractor with default options: no publication date.
    ///
    /// ```
    /// let extractor = newstally::Extractor::new();
    /// assert_eq!(extractor.extract("Three people were kidnapped.").events[0].kind, "kidnapped");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The date the article was published: weekdays ("Saturday"),
    /// "yesterday" and dates without a year are resolved against it.
    ///
    /// ```
    /// use newstally::{Extractor, parse_publication_date};
    /// let published = parse_publication_date("2015-09-06").unwrap();
    /// let doc = Extractor::new().with_publication_date(published).extract("Two soldiers were wounded yesterday.");
    /// assert_eq!(doc.events[0].time.as_ref().unwrap().date.as_deref(), Some("2015-09-05"));
    /// ```
    pub fn with_publication_date(mut self, date: NaiveDate) -> Self {
        self.publication_date = Some(date);
        self
    }

    /// Extracts every event and attribution of one article.
    ///
    /// ```
    /// let doc = newstally::Extractor::new().extract("Eight policemen and nine attackers were killed.");
    /// let counts: Vec<_> = doc.events.iter().map(|e| e.count.value).collect();
    /// assert_eq!(counts, [Some(8), Some(9)]);
    /// assert_eq!(serde_json::to_value(&doc).unwrap()["events"][0]["who"]["category"], "police");
    /// ```
    pub fn extract(&self, text: &str) -> Document {
        self.extraction(text).to_document()
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
        pipeline::extract(text.into(), self.publication_date, &mut sentence::untraced)
    }
}
