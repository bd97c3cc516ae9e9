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
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;

use crate::clause::{
    ClauseEvent, FATAL_KIND, FoundAttribution, Islands, NON_FATAL_KIND, SHOT_KIND, read_sentence,
};
use crate::dates::{is_past, resolve_date};
use crate::grammar::squash;
use crate::model::{Attribution, Document, Event, Mention, Place, Source, Span, Time};
use crate::prefilter::triggers;
use crate::segment::{Quote, Sentence, segment};

/// Extracts every event and attribution of an article.
pub fn build(text: &str, publication_date: Option<NaiveDate>) -> Document {
    let segments = segment(text);
    let mut events = Vec::new();
    // Which attribution (index in `attributions`) each event cites.
    let mut cited: Vec<Option<usize>> = Vec::new();
    // What the document pass must still decide about each event.
    let mut pending: Vec<Pending> = Vec::new();
    let mut attributions = Vec::new();
    for (index, sentence) in segments.sentences.iter().enumerate() {
        let slice = &text[sentence.start..sentence.end];
        let hits = triggers(slice);
        if hits.is_empty() {
            continue; // no trigger word: nothing to find
        }
        // A dateline opens the headline or the first paragraph, nothing else.
        let islands = read_sentence(slice, sentence.start, index <= 1, &hits);
        let quotes = quotes_within(&segments.quotes, *sentence);
        let first_attribution = attributions.len();
        let speakers = link_quotes(text, quotes, &islands.attributions);
        for (found, quote) in islands.attributions.iter().zip(&speakers) {
            attributions.push(to_attribution(text, found, *quote, index));
        }
        let speaker_of: HashMap<(usize, usize), usize> = speakers
            .iter()
            .enumerate()
            .filter_map(|(i, q)| q.map(|q| ((q.start, q.end), i)))
            .rev()
            .collect();
        let context = SentenceContext {
            index,
            published: publication_date,
            islands: &islands,
            quotes,
            speaker_of,
            first_attribution,
            time_spans: islands.times.iter().map(|t| t.0).collect(),
            place_spans: islands.places.iter().map(|p| p.0).collect(),
            attribution_spans: islands.attributions.iter().map(|a| a.span).collect(),
        };
        let base = events.len();
        for clause_event in &islands.events {
            let (event, source) = context.place_event(text, clause_event, base);
            events.push(event);
            cited.push(source);
            pending.push(Pending::of(clause_event));
        }
    }
    link_to_earlier_tolls(&mut events, &pending);
    take_later_deaths_from_wounded(&mut events, &pending);
    resolve_shot(&mut events);
    let keep = kept_in_context(&events, &pending);
    let mut keep = keep.into_iter();
    let (mut events, cited) = drop_events(events, cited, |_| keep.next().unwrap_or(true));
    resolve_references(&mut attributions);
    for (event, source) in events.iter_mut().zip(cited) {
        event.source = source
            .and_then(|i| attributions.get(i))
            .map(|a| a.0.source.clone());
    }
    let sentence_texts: Vec<&str> = segments
        .sentences
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    Document {
        id: None,
        events: merge_repeats(events, &sentence_texts),
        attributions: strip_indices(attributions),
        error: None,
    }
}

/// The quotes inside `sentence` (quotes are sorted and do not nest).
fn quotes_within(quotes: &[Quote], sentence: Sentence) -> &[Quote] {
    let from = quotes.partition_point(|q| q.start < sentence.start);
    let to = quotes.partition_point(|q| q.start < sentence.end);
    let inside = quotes[from..to].partition_point(|q| q.end <= sentence.end);
    &quotes[from..from + inside]
}

/// What one sentence offers its events.
struct SentenceContext<'a> {
    index: usize,
    published: Option<NaiveDate>,
    islands: &'a Islands,
    quotes: &'a [Quote],
    /// The attribution (index in the sentence) speaking for each quote.
    speaker_of: HashMap<(usize, usize), usize>,
    /// Index of the sentence's first attribution in the document's list.
    first_attribution: usize,
    /// The spans of the sentence's times, places and attributions, built once
    /// (a sentence may hold thousands of events).
    time_spans: Vec<Span>,
    place_spans: Vec<Span>,
    attribution_spans: Vec<Span>,
}

impl SentenceContext<'_> {
    /// The event with its time and place, and the index of the attribution it cites.
    fn place_event(&self, text: &str, event: &ClauseEvent, base: usize) -> (Event, Option<usize>) {
        let quote = self.quotes[..self.quotes.partition_point(|q| q.start <= event.span[0])]
            .last()
            .filter(|q| event.span[1] <= q.end);
        let speaker = quote.and_then(|q| self.speaker_of.get(&(q.start, q.end)).copied());
        let nearest_attribution = nearest(&self.attribution_spans, event.span, false);
        let source = speaker
            .or(nearest_attribution)
            .map(|i| self.first_attribution + i);
        // The time, and whether it lies well before the publication date.
        let time = self.time_index(event.span).map(|i| {
            let (_, text, reference) = &self.islands.times[i];
            let time = Time {
                text: text.clone(),
                date: resolve_date(*reference, self.published),
            };
            (time, is_past(*reference, self.published))
        });
        let (time, past) = time.map_or((None, false), |(time, past)| (Some(time), past));
        let event = Event {
            kind: event.kind.clone(),
            count: event.count.clone(),
            who: event.who.clone(),
            time,
            place: self.place_of(event.span),
            source: None,
            quoted: quote.is_some(),
            negated: event.negated,
            part_of: event.part_of.map(|p| base + p),
            background: event.background || past,
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
        nearest(&self.time_spans, span, true)
    }

    /// The dateline's place, else the place nearest to the event.
    fn place_of(&self, span: Span) -> Option<Place> {
        let places = &self.islands.places;
        let text = self
            .islands
            .dateline
            .clone()
            .or_else(|| nearest(&self.place_spans, span, false).map(|i| places[i].1.clone()));
        text.map(|text| Place { text })
    }
}

/// What a clause could not decide about its event, for the document pass.
#[derive(Clone, Copy)]
struct Pending {
    joins_earlier: bool,
    lone_death: bool,
    back_reference: bool,
    after_wounds: bool,
}

impl Pending {
    fn of(event: &ClauseEvent) -> Self {
        Pending {
            joins_earlier: event.joins_earlier,
            lone_death: event.lone_death,
            back_reference: event.back_reference,
            after_wounds: event.after_wounds,
        }
    }
}

/// The category of a back-reference that is a new person, not a restatement:
/// "killing four. The attacker was shot dead by police."
const NEW_PERSON_CATEGORY: &str = "perpetrator";

/// Which events stand in the context of the whole article:
/// - a lone death ("Doris Day died on Monday") only when the article
///   reports some other event (else it is an obituary);
/// - a back-reference ("the woman was killed") only when no earlier sentence
///   reported an event of its kind, unless it names the perpetrator.
fn kept_in_context(events: &[Event], pending: &[Pending]) -> Vec<bool> {
    let violent = pending.iter().any(|p| !p.lone_death);
    events
        .iter()
        .zip(pending)
        .enumerate()
        .map(|(i, (event, p))| {
            if p.lone_death && !violent {
                return false;
            }
            let new_person = event
                .who
                .as_ref()
                .is_some_and(|w| w.category == NEW_PERSON_CATEGORY);
            let restated = events[..i]
                .iter()
                .any(|e| e.kind == event.kind && e.sentence < event.sentence && !e.background);
            !(p.back_reference && restated && !new_person)
        })
        .collect()
}

/// The events for which `keep` holds, with `part_of` renumbered (a part
/// whose parent is dropped stands alone).
fn drop_events(
    events: Vec<Event>,
    cited: Vec<Option<usize>>,
    mut keep: impl FnMut(&Event) -> bool,
) -> (Vec<Event>, Vec<Option<usize>>) {
    let mut new_index = Vec::with_capacity(events.len());
    let mut kept = Vec::with_capacity(events.len());
    let mut kept_cited = Vec::with_capacity(events.len());
    for (mut event, source) in events.into_iter().zip(cited) {
        if !keep(&event) {
            new_index.push(None);
            continue;
        }
        event.part_of = event
            .part_of
            .and_then(|p| new_index.get(p).copied().flatten());
        new_index.push(Some(kept.len()));
        kept.push(event);
        kept_cited.push(source);
    }
    (kept, kept_cited)
}

/// "Four people were shot … One person was found dead": the lede's shot
/// become wounded, less the article's deaths — unless the article counts its
/// wounded itself, which then stand and the shot stay a kind of their own.
fn resolve_shot(events: &mut [Event]) {
    let counted = |e: &Event| e.part_of.is_none() && !e.background && !e.negated;
    if events
        .iter()
        .any(|e| e.kind == NON_FATAL_KIND && counted(e))
    {
        return;
    }
    let Some(lede) = events
        .iter()
        .find(|e| e.kind == SHOT_KIND && counted(e))
        .map(|e| e.sentence)
    else {
        return;
    };
    let mut deaths: u64 = events
        .iter()
        .filter(|e| e.kind == FATAL_KIND && counted(e))
        .filter_map(|e| e.count.value)
        .sum();
    for event in events.iter_mut() {
        if event.kind != SHOT_KIND || !counted(event) || event.sentence != lede {
            continue;
        }
        // A vague count ("several people were shot") is wounded only when
        // nobody died; a count is wounded for those left after the deaths.
        let wounded = match event.count.value {
            Some(value) => {
                let dead = deaths.min(value);
                deaths -= dead;
                let survivors = value - dead;
                if survivors > 0 {
                    event.count.value = Some(survivors);
                    event.count.min = Some(survivors);
                    event.count.max = Some(survivors);
                }
                survivors > 0
            }
            None => deaths == 0,
        };
        if wounded {
            event.kind = NON_FATAL_KIND.to_owned();
        }
    }
}

/// "Five people were wounded … One of the victims later died": a death
/// after an injury comes out of the latest wounded count before it (which
/// must hold it), so that the wounded are those still alive, as a tally
/// counts them. The shot are left to `resolve_shot`, which takes out every
/// death.
fn take_later_deaths_from_wounded(events: &mut [Event], pending: &[Pending]) {
    let counted = |e: &Event| e.part_of.is_none() && !e.background && !e.negated;
    for (i, p) in pending.iter().enumerate() {
        let (earlier, rest) = events.split_at_mut(i);
        let Some(death) = rest.first().filter(|d| p.after_wounds && counted(d)) else {
            continue;
        };
        let Some(dead) = death.count.value else {
            continue;
        };
        let wounded = earlier.iter_mut().rev().find(|e| {
            e.kind == NON_FATAL_KIND && counted(e) && e.count.value.is_some_and(|v| v >= dead)
        });
        if let Some(wounded) = wounded {
            let less = |b: Option<u64>| b.map(|b| b.saturating_sub(dead));
            wounded.count.value = less(wounded.count.value);
            wounded.count.min = less(wounded.count.min);
            wounded.count.max = less(wounded.count.max);
        }
    }
}

/// "4 soldiers were among the dead": each such event becomes part of the
/// latest earlier toll of its kind from an earlier sentence (when there is one).
fn link_to_earlier_tolls(events: &mut [Event], pending: &[Pending]) {
    for i in 0..events.len() {
        if !pending[i].joins_earlier || events[i].part_of.is_some() {
            continue;
        }
        let parent = (0..i).rev().find(|&j| {
            let (toll, part) = (&events[j], &events[i]);
            !pending[j].joins_earlier
                && toll.kind == part.kind
                && toll.part_of.is_none()
                && !toll.background
                && toll.sentence < part.sentence
        });
        events[i].part_of = parent;
    }
}

/// The index of the span (of `spans`, sorted by start) nearest to `target`:
/// one overlapping it is at distance 0 unless `prefer_outside` and there is
/// one outside; ties go to the earlier span. Only the spans next to the
/// target are looked at, so a long sentence stays linear.
fn nearest(spans: &[Span], target: Span, prefer_outside: bool) -> Option<usize> {
    let after = spans.partition_point(|s| s[0] < target[1]);
    let mut before = None;
    let mut inside = None;
    for i in (0..after).rev() {
        if spans[i][1] <= target[0] {
            before = Some(i);
            break;
        }
        inside = Some(i);
    }
    let after = (after < spans.len()).then_some(after);
    let distance = |i: usize| {
        spans[i][0]
            .saturating_sub(target[1])
            .max(target[0].saturating_sub(spans[i][1]))
    };
    let mut candidates: Vec<usize> = [before, inside, after].into_iter().flatten().collect();
    if prefer_outside && (before.is_some() || after.is_some()) {
        candidates.retain(|&i| Some(i) != inside);
    }
    candidates.into_iter().min_by_key(|&i| (distance(i), i))
}

/// The quote each attribution speaks for: one that closes just before it
/// (“…,” the ministry said) or opens just after it (the ministry said: “…”).
fn link_quotes(
    text: &str,
    quotes: &[Quote],
    attributions: &[FoundAttribution],
) -> Vec<Option<Quote>> {
    // Glue is a comma or colon and a space or two: a long run is not glue,
    // and bounding it keeps many attributions after one quote linear.
    let glue = |from: usize, to: usize| {
        from <= to
            && to - from <= MAX_GLUE_BYTES
            && text[from..to]
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, ',' | ':'))
    };
    // Quotes are sorted and do not nest: only an attribution's neighbours qualify.
    let quote_at = |i: Option<usize>| i.and_then(|i| quotes.get(i)).copied();
    attributions
        .iter()
        .map(|a| {
            let [start, end] = a.span;
            let before = quote_at(quotes.partition_point(|q| q.end <= start).checked_sub(1))
                .filter(|q| glue(q.end, start));
            // An inverted attribution starts at the closing mark: “…,” said Ali.
            let around = quote_at(quotes.partition_point(|q| q.start < start).checked_sub(1))
                .filter(|q| start < q.end && q.end <= end);
            let after = quote_at(Some(quotes.partition_point(|q| q.start < end)))
                .filter(|q| glue(end, q.start));
            before.or(around).or(after)
        })
        .collect()
}

/// The most bytes between a quote and its attribution ("”, the ministry said").
const MAX_GLUE_BYTES: usize = 16;

fn to_attribution(
    text: &str,
    found: &FoundAttribution,
    quote: Option<Quote>,
    sentence: usize,
) -> (Attribution, bool, bool) {
    let source = Source {
        text: found.text.clone(),
        resolved: None,
        cue: found.cue.clone(),
        via: found.via.clone(),
    };
    let attribution = Attribution {
        source,
        quoted: quote.is_some(),
        quote: quote.map(|q| q.inner(text).to_owned()),
        sentence,
        span: found.span,
    };
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
/// kind, count, role and clause wording, in another sentence that repeats
/// the earlier one (equal, or cut short like a teaser's "…, the […]"). The
/// kept event takes any time, place or source only the repeat has;
/// `part_of` is renumbered. Linear: exact repeats are found by hash; a
/// cut-short sentence is compared by prefix, once per pair of sentences
/// (not per event) and with a few sentences at most, and each sentence is
/// normalised at most once.
fn merge_repeats(events: Vec<Event>, sentences: &[&str]) -> Vec<Event> {
    let mut forms: HashMap<usize, SentenceForm> = HashMap::new();
    let mut normalised: HashMap<usize, String> = HashMap::new();
    let mut verdicts: HashMap<(usize, usize), bool> = HashMap::new();
    let mut compared: HashMap<usize, usize> = HashMap::new();
    let mut exact: HashMap<(String, u64), usize> = HashMap::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    let mut new_index = Vec::with_capacity(events.len());
    for mut event in events {
        let key = repeat_key(&event);
        forms
            .entry(event.sentence)
            .or_insert_with(|| SentenceForm::of(sentences[event.sentence]));
        let form = &forms[&event.sentence];
        let exact_key = (key.clone(), form.hash);
        let earlier = by_key.get(&key).into_iter().flatten().copied();
        let repeat_of = exact
            .get(&exact_key)
            .copied()
            .filter(|&i| kept[i].sentence != event.sentence)
            .or_else(|| {
                earlier
                    .filter(|&i| kept[i].sentence != event.sentence)
                    .find(|&i| {
                        let pair = (event.sentence, kept[i].sentence);
                        let cut = |s: usize| forms[&s].cut_short.is_some();
                        if !cut(pair.0) && !cut(pair.1) {
                            return false; // neither is cut short: not a prefix repeat
                        }
                        if let Some(&verdict) = verdicts.get(&pair) {
                            return verdict;
                        }
                        let count = compared.entry(event.sentence).or_default();
                        if *count >= MAX_PREFIX_CANDIDATES {
                            return false;
                        }
                        *count += 1;
                        let verdict = repeats(pair, &forms, sentences, &mut normalised);
                        verdicts.insert(pair, verdict);
                        verdict
                    })
            });
        if let Some(i) = repeat_of {
            let first = &mut kept[i];
            first.mentions.push(Mention {
                sentence: event.sentence,
                span: event.span,
            });
            first.time = first.time.take().or(event.time);
            first.place = first.place.take().or(event.place);
            first.source = first.source.take().or(event.source);
            new_index.push(i);
            continue;
        }
        event.part_of = event.part_of.and_then(|p| new_index.get(p).copied());
        exact.entry(exact_key).or_insert(kept.len());
        let same_key = by_key.entry(key).or_default();
        if same_key.len() < MAX_PREFIX_CANDIDATES {
            same_key.push(kept.len());
        }
        new_index.push(kept.len());
        kept.push(event);
    }
    kept
}

/// How many earlier events with the same key a cut-short sentence is
/// compared with, and how many other sentences one sentence is compared
/// with (a teaser repeats the top of its article).
const MAX_PREFIX_CANDIDATES: usize = 32;

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

/// A sentence as compared for repeats: the hash of its words (lowercased,
/// without a trailing "[…]" or "..."), and those words when it was cut short
/// like a teaser — the only case compared word by word.
struct SentenceForm {
    hash: u64,
    cut_short: Option<String>,
}

impl SentenceForm {
    fn of(sentence: &str) -> Self {
        let trimmed = sentence.trim_end();
        let is_cut = ["[…]", "[...]", "…", "..."]
            .iter()
            .any(|end| trimmed.ends_with(end));
        let words = normalise(if is_cut {
            trimmed.trim_end_matches(['[', ']', '…', '.', ' '])
        } else {
            trimmed
        });
        let mut hasher = DefaultHasher::new();
        words.hash(&mut hasher);
        SentenceForm {
            hash: hasher.finish(),
            cut_short: is_cut.then_some(words),
        }
    }
}

/// One of the two sentences is the other cut short. A full sentence is
/// normalised once, when first compared, and kept in `normalised`.
fn repeats(
    (a, b): (usize, usize),
    forms: &HashMap<usize, SentenceForm>,
    sentences: &[&str],
    normalised: &mut HashMap<usize, String>,
) -> bool {
    let mut is_prefix = |cut: usize, full: usize| {
        forms[&cut].cut_short.as_ref().is_some_and(|cut| {
            normalised
                .entry(full)
                .or_insert_with(|| normalise(sentences[full]))
                .starts_with(cut.as_str())
        })
    };
    is_prefix(a, b) || is_prefix(b, a)
}

fn normalise(text: &str) -> String {
    squash(text).to_lowercase()
}
