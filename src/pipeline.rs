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

use std::borrow::Cow;

use chrono::NaiveDate;
use pest::iterators::Pair;

use crate::clause::read_sentence;
use crate::document::{DocumentPass, Extraction};
use crate::grammar::Rule;
use crate::prefilter::{Trigger, triggers};
use crate::segment::{Sentence, segment};

/// One sentence as the stages after segmentation need it.
#[derive(Debug, Clone)]
pub struct SentenceInput<'t> {
    /// Its index among the article's sentences (the headline is 0).
    pub index: usize,
    /// Its words.
    pub text: &'t str,
    /// Where its words start in the article (the spans of events are the article's).
    pub offset: usize,
    /// It opens the article (headline or first paragraph): a dateline can stand there.
    pub at_top: bool,
    /// Its trigger words: byte offset in `text`, and kind. Empty: nothing to find.
    pub triggers: Vec<(usize, Trigger)>,
}

impl<'t> SentenceInput<'t> {
    /// Sentence `index` of `article`, with its trigger words.
    fn new(article: &'t str, index: usize, sentence: Sentence) -> Self {
        let text = &article[sentence.start..sentence.end];
        SentenceInput {
            index,
            text,
            offset: sentence.start,
            // A dateline opens the headline or the first paragraph, nothing else.
            at_top: index <= 1,
            triggers: triggers(text),
        }
    }

    /// `text` read as one sentence that opens an article: what a test or a
    /// tool that looks at one sentence needs.
    pub fn whole(text: &'t str) -> Self {
        SentenceInput::new(
            text,
            0,
            Sentence {
                start: 0,
                end: text.len(),
            },
        )
    }
}

/// What a traced run reports, sentence by sentence, for `explain`.
pub enum Step<'a, 'i> {
    /// The sentence has no trigger word, so it is skipped.
    NoTrigger(&'a SentenceInput<'i>),
    /// An island the scanner found (relative to its sentence).
    Island(&'a Pair<'i, Rule>),
}

/// Where a run reports its steps: `explain` prints them, [`untraced`] drops them.
pub type Trace<'f> = &'f mut dyn FnMut(Step<'_, '_>);

/// A run that reports nothing.
pub fn untraced(_: Step<'_, '_>) {}

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
