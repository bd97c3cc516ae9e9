//! The flow, in one place: an article's text → its [`Extraction`].
//!
//! 1. [`segment`](crate::segment): headline, sentences and quotes;
//! 2. [`prefilter`](crate::prefilter): each sentence's trigger words, and no
//!    further work for a sentence without one;
//! 3. [`scan`](crate::scan) and [`clause`](crate::clause): the islands the
//!    grammar finds in the sentence, read into clause events, attributions,
//!    times and places;
//! 4. [`document`](crate::document): each event placed in its sentence (time,
//!    place, source), then the passes that need the whole article (repeats,
//!    "same source", obituaries, later deaths).
//!
//! `explain` runs the same pass with a [`Trace`] to show what the grammar saw.
//! What each sentence carries through the stages is in [`crate::sentence`].

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::clause::read_sentence;
use crate::document::{DocumentPass, Extraction};
use crate::segment::segment;
use crate::sentence::{SentenceInput, Step, Trace};

/// Extracts every event and attribution of `text`; `published` resolves
/// weekdays and dates without a year.
pub fn extract<'t>(
    text: Cow<'t, str>,
    published: Option<NaiveDate>,
    trace: Trace<'_>,
) -> Extraction<'t> {
    let segments = segment(&text);
    let mut pass = DocumentPass::new(&text, published);
    for (index, &sentence) in segments.sentences.iter().enumerate() {
        let input = SentenceInput::new(&text, index, sentence);
        if input.triggers.is_empty() {
            trace(Step::NoTrigger(&input));
            continue;
        }
        let islands = read_sentence(&input, trace);
        pass.add_sentence(&input, &segments.quotes, &islands);
    }
    let found = pass.finish(&segments.sentences);
    Extraction::from_found(text, found)
}
