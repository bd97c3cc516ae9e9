//! The document pass: sentences → one `Document`.
//!
//! What needs more than one clause happens here:
//! - each event takes the **time** and **place** nearest to it in its sentence,
//!   and its **source**: the speaker of the quote it sits in, else the nearest
//!   attribution of its sentence;
//! - "according to same source" is **resolved** to the last named source;
//! - a **repeat** (a teaser paragraph that repeats the lede) adds no event:
//!   an event equal to an earlier one in kind, count, role and wording is
//!   merged into it as a mention;
//! - weekdays and dates become **calendar dates** when a publication date is given.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::clause::{ClauseEvent, FoundAttribution, Islands, read_sentence};
use crate::dates::{TimeRef, resolve_date};
use crate::model::{Attribution, Document, Event, Mention, Place, Source, Span, Time};
use crate::prefilter::worth_parsing;
use crate::segment::{Quote, Sentence, segment};

/// Extracts every event and attribution of an article.
pub fn build(text: &str, publication_date: Option<NaiveDate>) -> Document {
    let segments = segment(text);
    let mut events = Vec::new();
    // Which attribution (index in `attributions`) each event cites.
    let mut cited: Vec<Option<usize>> = Vec::new();
    let mut attributions = Vec::new();
    for (index, sentence) in segments.sentences.iter().enumerate() {
        let slice = &text[sentence.start..sentence.end];
        if !worth_parsing(slice) {
            continue;
        }
        let islands = read_sentence(slice, sentence.start);
        let quotes: Vec<Quote> = segments.quotes.iter().copied().filter(|q| within(*sentence, [q.start, q.end])).collect();
        let first_attribution = attributions.len();
        let speakers = link_quotes(text, &quotes, &islands.attributions);
        for (found, quote) in islands.attributions.iter().zip(&speakers) {
            attributions.push(to_attribution(text, found, *quote, index));
        }
        let context = SentenceContext { index, published: publication_date, islands: &islands, quotes: &quotes, speakers: &speakers, first_attribution };
        let base = events.len();
        for clause_event in &islands.events {
            let (event, source) = context.place_event(text, clause_event, base);
            events.push(event);
            cited.push(source);
        }
    }
    resolve_references(&mut attributions);
    for (event, source) in events.iter_mut().zip(cited) {
        event.source = source.and_then(|i| attributions.get(i)).map(|a| a.0.source.clone());
    }
    let sentence_texts: Vec<&str> = segments.sentences.iter().map(|s| &text[s.start..s.end]).collect();
    Document { id: None, events: merge_repeats(events, &sentence_texts), attributions: strip_indices(attributions), error: None }
}

/// What one sentence offers its events.
struct SentenceContext<'a> {
    index: usize,
    published: Option<NaiveDate>,
    islands: &'a Islands,
    quotes: &'a [Quote],
    /// For each attribution of the sentence, the quote it introduces or closes.
    speakers: &'a [Option<Quote>],
    /// Index of the sentence's first attribution in the document's list.
    first_attribution: usize,
}

impl SentenceContext<'_> {
    /// The event with its time and place, and the index of the attribution it cites.
    fn place_event(&self, text: &str, event: &ClauseEvent, base: usize) -> (Event, Option<usize>) {
        let quote = self.quotes.iter().find(|q| q.start <= event.span[0] && event.span[1] <= q.end);
        let speaker = quote.and_then(|q| self.speakers.iter().position(|s| *s == Some(*q)));
        let nearest_attribution = nearest(event.span, self.islands.attributions.iter().map(|a| a.span));
        let source = speaker.or(nearest_attribution).map(|i| self.first_attribution + i);
        let event = Event {
            kind: event.kind.clone(),
            count: event.count.clone(),
            who: event.who.clone(),
            time: self.time_index(event.span).map(|i| {
                let (_, text, reference) = &self.islands.times[i];
                Time { text: text.clone(), date: resolve_date(*reference, self.published) }
            }),
            place: self.place_of(event.span),
            source: None,
            quoted: quote.is_some(),
            negated: event.negated,
            part_of: event.part_of.map(|p| base + p),
            sentence: self.index,
            span: event.span,
            evidence: text[event.span[0]..event.span[1]].to_owned(),
            mentions: Vec::new(),
        };
        (event, source)
    }

    /// The time nearest to the event, preferring one outside its own words
    /// ("who had Friday launched attacks ... were killed Saturday" → Saturday).
    fn time_index(&self, span: Span) -> Option<usize> {
        let times = &self.islands.times;
        let outside = |t: &&(Span, String, TimeRef)| t.0[1] <= span[0] || t.0[0] >= span[1];
        let candidates: Vec<usize> = (0..times.len()).filter(|&i| outside(&&times[i])).collect();
        let pool = if candidates.is_empty() { (0..times.len()).collect() } else { candidates };
        nearest(span, pool.iter().map(|&i| times[i].0)).map(|k| pool[k])
    }

    /// The dateline's place, else the place nearest to the event.
    fn place_of(&self, span: Span) -> Option<Place> {
        let places = &self.islands.places;
        let text = self.islands.dateline.clone().or_else(|| nearest(span, places.iter().map(|p| p.0)).map(|i| places[i].1.clone()));
        text.map(|text| Place { text })
    }
}

/// The index of the span nearest to `target` (0 when they overlap; the
/// earlier one on ties).
fn nearest(target: Span, spans: impl Iterator<Item = Span>) -> Option<usize> {
    spans
        .enumerate()
        .min_by_key(|(_, s)| {
            if s[1] <= target[0] {
                target[0] - s[1]
            } else if s[0] >= target[1] {
                s[0] - target[1]
            } else {
                0
            }
        })
        .map(|(i, _)| i)
}

fn within(sentence: Sentence, span: Span) -> bool {
    sentence.start <= span[0] && span[1] <= sentence.end
}

/// The quote each attribution speaks for: one that closes just before it
/// (“…,” the ministry said) or opens just after it (the ministry said: “…”).
fn link_quotes(text: &str, quotes: &[Quote], attributions: &[FoundAttribution]) -> Vec<Option<Quote>> {
    let only_glue = |from: usize, to: usize| from <= to && text[from..to].chars().all(|c| c.is_whitespace() || matches!(c, ',' | ':'));
    attributions
        .iter()
        .map(|a| {
            quotes
                .iter()
                .find(|q| {
                    only_glue(q.end, a.span[0]) || (a.span[0] < q.end && q.end <= a.span[1] && q.start < a.span[0]) || only_glue(a.span[1], q.start)
                })
                .copied()
        })
        .collect()
}

fn to_attribution(text: &str, found: &FoundAttribution, quote: Option<Quote>, sentence: usize) -> (Attribution, bool, bool) {
    let source = Source { text: found.text.clone(), resolved: None, cue: found.cue.clone(), via: found.via.clone() };
    let attribution = Attribution { source, quoted: quote.is_some(), quote: quote.map(|q| q.inner(text).to_owned()), sentence, span: found.span };
    (attribution, found.refers_back, found.pronoun)
}

/// "same source" → the last source named before it.
fn resolve_references(attributions: &mut [(Attribution, bool, bool)]) {
    let mut last_named: Option<String> = None;
    for (attribution, refers_back, pronoun) in attributions.iter_mut() {
        if *refers_back {
            attribution.source.resolved = last_named.clone();
        } else if !*pronoun {
            last_named = Some(attribution.source.text.clone());
        }
    }
}

fn strip_indices(attributions: Vec<(Attribution, bool, bool)>) -> Vec<Attribution> {
    attributions.into_iter().map(|(a, _, _)| a).collect()
}

/// Merges an event that repeats an earlier one into it, as a mention: same
/// kind, count, role and clause wording, in a sentence that repeats the
/// earlier one (equal, or cut short like a teaser's "…, the […]"). The kept
/// event takes any time, place or source only the repeat has; `part_of` is
/// renumbered.
fn merge_repeats(events: Vec<Event>, sentences: &[&str]) -> Vec<Event> {
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    let mut candidates: HashMap<String, Vec<usize>> = HashMap::new();
    let mut new_index = Vec::with_capacity(events.len());
    for mut event in events {
        let key = repeat_key(&event);
        let same = candidates.entry(key).or_default();
        let repeat_of = same.iter().copied().find(|&i| sentences_repeat(sentences[kept[i].sentence], sentences[event.sentence]));
        if let Some(i) = repeat_of {
            let first = &mut kept[i];
            first.mentions.push(Mention { sentence: event.sentence, span: event.span });
            first.time = first.time.take().or(event.time);
            first.place = first.place.take().or(event.place);
            first.source = first.source.take().or(event.source);
            new_index.push(i);
            continue;
        }
        event.part_of = event.part_of.and_then(|p| new_index.get(p).copied());
        same.push(kept.len());
        new_index.push(kept.len());
        kept.push(event);
    }
    kept
}

fn repeat_key(event: &Event) -> String {
    let who = event.who.as_ref().map_or("", |w| w.text.as_str());
    format!(
        "{}|{:?}|{:?}|{}|{}|{}|{}",
        event.kind,
        event.count.value,
        event.count.qualifier,
        event.count.text.to_lowercase(),
        who.to_lowercase(),
        event.part_of.is_some(),
        normalise(&event.evidence)
    )
}

/// Two sentences say the same when their words are equal, or when one is the
/// other cut short (a teaser ending in "[…]" or "...").
fn sentences_repeat(a: &str, b: &str) -> bool {
    let cut = |s: &str| normalise(s.trim_end().trim_end_matches(['[', ']', '…', '.', ' ']).trim_end_matches("[..."));
    let (a, b) = (cut(a), cut(b));
    a == b || (!a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a)))
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
