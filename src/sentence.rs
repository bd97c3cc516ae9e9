//! One sentence as the stages after segmentation see it, and the trace a
//! run can report (for `explain`). Its own module, below the scanner, the
//! clause reader and the document pass (it uses only segmentation and the
//! prefilter), so that each stage depends on it and none on the driver
//! (`pipeline.rs`).

use pest::iterators::Pair;

use crate::grammar::Rule;
use crate::prefilter::{Trigger, triggers};
use crate::segment::Sentence;

/// One sentence as the stages after segmentation need it.
#[derive(Debug, Clone)]
pub struct SentenceInput<'t> {
    /// Its index among the article's sentences (the headline is 0).
    pub index: usize,
    /// Its words.
    pub text: &'t str,
    /// Where its words start in the article (the spans of events are the article's).
    pub offset: usize,
    /// It is one of the article's first two sentences (a headline and the
    /// first sentence, or the first two): where a dateline can stand.
    pub at_top: bool,
    /// Its trigger words: byte offset in `text`, and kind. Empty: nothing to find.
    pub triggers: Vec<(usize, Trigger)>,
}

impl<'t> SentenceInput<'t> {
    /// Sentence `index` of `article`, with its trigger words.
    pub fn new(article: &'t str, index: usize, sentence: Sentence) -> Self {
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
