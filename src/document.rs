//! The document pass: each sentence's islands → the article's events and
//! attributions ([`DocumentPass`] → `Found` → [`Extraction`]).
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
//!
//! **Memory.** A long article yields one clause event per hundred bytes or
//! so, and the pass must see them all before it can merge repeats. So an
//! event is held as a `Draft` (about 100 bytes): indices into `Tables` of
//! the distinct kinds, counts, roles, times, places and sources, which a long
//! article repeats over and over, and a span into the text for its evidence;
//! an attribution likewise. The result, an [`Extraction`], keeps that form
//! and the text, and writes each event's JSON straight from it (the strings
//! borrowed from the tables and the text), so the JSON of a 50 MB document is
//! never held in memory whole; an [`Event`] is built only when asked for.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;
use indexmap::Equivalent;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::clause::{
    ClauseEvent, FATAL_KIND, FoundAttribution, Islands, NON_FATAL_KIND, SHOT_KIND,
};
use crate::dates::{is_past, resolve_date};
use crate::error::RecordError;
use crate::grammar::{is_squashed, squash};
use crate::model::{
    Attribution, Count, Document, Event, Mention, Place, RecordId, Source, Span, Time, Who,
};
use crate::segment::{Quote, Sentence};
use crate::sentence::SentenceInput;

/// An article's events and attributions, held compactly with the text they
/// point into. It serialises to exactly the JSON of its [`Document`]
/// ([`Extraction::to_document`]), writing one event at a time, borrowed:
/// what batch mode and the CLI write.
#[derive(Debug, Clone, Default)]
pub struct Extraction<'t> {
    /// The record id from the input (batch mode), echoed byte for byte.
    pub id: Option<RecordId>,
    /// Batch mode: why this record could not be read. `None` otherwise.
    /// Its message is the document's `"error"`.
    pub error: Option<RecordError>,
    text: Cow<'t, str>,
    found: Found,
}

impl<'t> Extraction<'t> {
    /// What the document pass found in `text`.
    pub(crate) fn from_found(text: Cow<'t, str>, found: Found) -> Self {
        Extraction {
            id: None,
            error: None,
            text,
            found,
        }
    }

    /// A record that could not be read: no events, and why.
    pub fn failed(id: Option<RecordId>, error: RecordError) -> Self {
        Extraction {
            id,
            error: Some(error),
            ..Extraction::default()
        }
    }

    /// The text the spans point into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The events, in order, each built when it is reached.
    pub fn events(&self) -> impl ExactSizeIterator<Item = Event> + '_ {
        self.event_views().map(|view| view.to_event())
    }

    /// The attributions, in order, each built when it is reached.
    pub fn attributions(&self) -> impl ExactSizeIterator<Item = Attribution> + '_ {
        self.attribution_views().map(|view| view.to_attribution())
    }

    /// Everything at once, as the library's [`Document`].
    pub fn to_document(&self) -> Document {
        Document {
            id: self.id.clone(),
            events: self.events().collect(),
            attributions: self.attributions().collect(),
            error: self.error.as_ref().map(RecordError::to_string),
        }
    }

    /// Each event borrowed from the tables and the text: what is written,
    /// without a copy of its strings.
    fn event_views(&self) -> impl ExactSizeIterator<Item = EventView<'_>> + '_ {
        let found = &self.found;
        let tables = &found.tables;
        found
            .events
            .iter()
            .zip(&found.mentions)
            .map(move |(draft, mentions)| EventView {
                kind: &tables.kinds[draft.kind],
                count: &tables.counts[draft.count],
                who: &tables.roles[draft.who],
                time: &tables.times[draft.time],
                place: &tables.places[draft.place],
                source: draft
                    .cited
                    .map(|i| &tables.sources[found.attributions[i].source]),
                quoted: draft.quoted,
                negated: draft.negated,
                part_of: draft.part_of,
                background: draft.background,
                sentence: draft.sentence,
                span: draft.span,
                evidence: &self.text[draft.span[0]..draft.span[1]],
                mentions,
            })
    }

    /// Each attribution borrowed, as [`event_views`](Self::event_views).
    fn attribution_views(&self) -> impl ExactSizeIterator<Item = AttributionView<'_>> + '_ {
        self.found.attributions.iter().map(|said| AttributionView {
            source: &self.found.tables.sources[said.source],
            quoted: said.quote.is_some(),
            quote: said.quote.map(|[start, end]| &self.text[start..end]),
            sentence: said.sentence,
            span: said.span,
        })
    }
}

/// An [`Event`] borrowed: the same fields in the same order, so it
/// serialises to the same JSON (a test holds an [`Extraction`]'s JSON equal
/// to its [`Document`]'s).
#[derive(Serialize)]
struct EventView<'a> {
    kind: &'a str,
    count: &'a Count,
    who: &'a Option<Who>,
    time: &'a Option<Time>,
    place: &'a Option<Place>,
    source: Option<&'a Source>,
    quoted: bool,
    negated: bool,
    part_of: Option<usize>,
    background: bool,
    sentence: usize,
    span: Span,
    evidence: &'a str,
    mentions: &'a [Mention],
}

impl EventView<'_> {
    fn to_event(&self) -> Event {
        Event {
            kind: self.kind.to_owned(),
            count: self.count.clone(),
            who: self.who.clone(),
            time: self.time.clone(),
            place: self.place.clone(),
            source: self.source.cloned(),
            quoted: self.quoted,
            negated: self.negated,
            part_of: self.part_of,
            background: self.background,
            sentence: self.sentence,
            span: self.span,
            evidence: self.evidence.to_owned(),
            mentions: self.mentions.to_vec(),
        }
    }
}

/// An [`Attribution`] borrowed, as [`EventView`].
#[derive(Serialize)]
struct AttributionView<'a> {
    source: &'a Source,
    quoted: bool,
    quote: Option<&'a str>,
    sentence: usize,
    span: Span,
}

impl AttributionView<'_> {
    fn to_attribution(&self) -> Attribution {
        Attribution {
            source: self.source.clone(),
            quoted: self.quoted,
            quote: self.quote.map(str::to_owned),
            sentence: self.sentence,
            span: self.span,
        }
    }
}

/// The JSON of [`Document`], field for field (a test holds the two equal),
/// with the events and attributions written one at a time, borrowed.
impl Serialize for Extraction<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut document = serializer.serialize_struct("Document", 4)?;
        document.serialize_field("id", &self.id)?;
        document.serialize_field("events", &Each(|| self.event_views()))?;
        document.serialize_field("attributions", &Each(|| self.attribution_views()))?;
        let error = self.error.as_ref().map(RecordError::to_string);
        document.serialize_field("error", &error)?;
        document.end()
    }
}

/// A sequence serialised from the items `.0()` yields, without collecting them.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator<Item: Serialize>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// What the document pass found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    events: Vec<Draft>,
    /// The mentions of each event (repeats merged into it).
    mentions: Vec<Vec<Mention>>,
    attributions: Vec<Said>,
    tables: Tables,
}

/// A set in insertion order, hashed with FxHash: its keys are the
/// document's own values, and SipHash cost a percent of a dense run.
type IndexSet<T> = indexmap::IndexSet<T, FxBuildHasher>;

/// The distinct values that events and attributions refer to by index, each
/// held once. An absent role, time or place is a value too (`None`), so a
/// draft needs no `Option` around its index.
#[derive(Debug, Clone, Default)]
struct Tables {
    kinds: IndexSet<String>,
    counts: IndexSet<Count>,
    roles: IndexSet<Option<Who>>,
    times: IndexSet<Option<Time>>,
    places: IndexSet<Option<Place>>,
    sources: IndexSet<Source>,
}

/// The index of `value` in `set`, which holds it from then on.
fn intern<T, Q>(set: &mut IndexSet<T>, value: &Q) -> usize
where
    T: Hash + Eq,
    Q: ?Sized + Hash + Equivalent<T> + ToOwned<Owned = T>,
{
    match set.get_index_of(value) {
        Some(index) => index,
        None => set.insert_full(value.to_owned()).0,
    }
}

/// An event while the document pass runs (and after, in an [`Extraction`]):
/// its values as indices into the [`Tables`], its evidence as its span.
#[derive(Debug, Clone, Copy)]
struct Draft {
    kind: usize,
    count: usize,
    who: usize,
    time: usize,
    place: usize,
    /// The attribution it cites (index in the document's attributions).
    cited: Option<usize>,
    part_of: Option<usize>,
    sentence: usize,
    span: Span,
    quoted: bool,
    negated: bool,
    background: bool,
    pending: Pending,
}

/// An attribution, compactly: its source in the [`Tables`], its quote's
/// words as a span.
#[derive(Debug, Clone, Copy)]
struct Said {
    source: usize,
    quote: Option<Span>,
    sentence: usize,
    span: Span,
    /// "same source": resolved against the last named source.
    refers_back: bool,
    /// "he", "they": a source, but not one to point back to.
    pronoun: bool,
}

/// The document pass, fed one sentence at a time by the pipeline: each
/// sentence's events are placed as they come ([`add_sentence`](Self::add_sentence)),
/// what needs the whole article happens in [`finish`](Self::finish).
pub struct DocumentPass<'t> {
    text: &'t str,
    published: Option<NaiveDate>,
    tables: Tables,
    events: Vec<Draft>,
    attributions: Vec<Said>,
}

impl<'t> DocumentPass<'t> {
    pub fn new(text: &'t str, published: Option<NaiveDate>) -> Self {
        DocumentPass {
            text,
            published,
            tables: Tables::default(),
            events: Vec::new(),
            attributions: Vec::new(),
        }
    }

    /// Takes one sentence's islands: its attributions, each linked to the
    /// quote it speaks for, and its events, each with its time, place and
    /// source. `quotes` are the article's.
    pub fn add_sentence(&mut self, sentence: &SentenceInput, quotes: &[Quote], islands: &Islands) {
        let span = Sentence {
            start: sentence.offset,
            end: sentence.offset + sentence.text.len(),
        };
        let quotes = quotes_within(quotes, span);
        let first_attribution = self.attributions.len();
        let speakers = link_quotes(self.text, quotes, &islands.attributions);
        for (found, quote) in islands.attributions.iter().zip(&speakers) {
            let said = to_said(self.text, found, *quote, sentence.index, &mut self.tables);
            self.attributions.push(said);
        }
        let speaker_of: HashMap<(usize, usize), usize> = speakers
            .iter()
            .enumerate()
            .filter_map(|(i, q)| q.map(|q| ((q.start, q.end), i)))
            .rev()
            .collect();
        let context = SentenceContext {
            index: sentence.index,
            published: self.published,
            islands,
            quotes,
            speaker_of,
            first_attribution,
            time_spans: islands.times.iter().map(|t| t.span).collect(),
            place_spans: islands.places.iter().map(|p| p.span).collect(),
            attribution_spans: islands.attributions.iter().map(|a| a.span).collect(),
        };
        let base = self.events.len();
        for clause_event in &islands.events {
            let draft = context.place_event(clause_event, base, &mut self.tables);
            self.events.push(draft);
        }
    }

    /// The passes over the whole article: tolls told again, later deaths,
    /// "shot", obituaries and back-references, "same source", repeats.
    pub fn finish(self, sentences: &[Sentence]) -> Found {
        let DocumentPass {
            text,
            mut tables,
            mut events,
            mut attributions,
            ..
        } = self;
        link_to_earlier_tolls(&mut events);
        take_later_deaths_from_wounded(&mut events, &mut tables);
        resolve_shot(&mut events, &mut tables);
        let keep = kept_in_context(&events, &tables);
        drop_events(&mut events, &keep);
        resolve_references(&mut attributions, &mut tables);
        let mentions = merge_repeats(&mut events, &tables, text, sentences);
        Found {
            events,
            mentions,
            attributions,
            tables,
        }
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
    /// The event with its time, place and the attribution it cites.
    fn place_event(&self, event: &ClauseEvent, base: usize, tables: &mut Tables) -> Draft {
        let quote = self.quotes[..self.quotes.partition_point(|q| q.start <= event.span[0])]
            .last()
            .filter(|q| event.span[1] <= q.end);
        let speaker = quote.and_then(|q| self.speaker_of.get(&(q.start, q.end)).copied());
        let nearest_attribution = nearest(&self.attribution_spans, event.span, false);
        let cited = speaker
            .or(nearest_attribution)
            .map(|i| self.first_attribution + i);
        let found_time = self.time_index(event.span).map(|i| &self.islands.times[i]);
        let time = found_time.map(|found| Time {
            text: found.text.clone(),
            date: resolve_date(found.reference, self.published),
        });
        // A time well before the publication date makes the toll background.
        let past = found_time.is_some_and(|found| is_past(found.reference, self.published));
        Draft {
            kind: intern(&mut tables.kinds, event.kind.as_str()),
            count: intern(&mut tables.counts, &event.count),
            who: intern(&mut tables.roles, &event.who),
            time: intern(&mut tables.times, &time),
            place: intern(&mut tables.places, &self.place_of(event.span)),
            cited,
            quoted: quote.is_some(),
            negated: event.negated,
            part_of: event.part_of.map(|p| base + p),
            background: event.background || past,
            sentence: self.index,
            span: event.span,
            pending: Pending::of(event),
        }
    }

    /// The time nearest to the event, preferring one outside its own words
    /// ("who had Friday launched attacks ... were killed Saturday" → Saturday).
    fn time_index(&self, span: Span) -> Option<usize> {
        nearest(&self.time_spans, span, true)
    }

    /// The dateline's place, else the place nearest to the event.
    fn place_of(&self, span: Span) -> Option<Place> {
        let places = &self.islands.places;
        let text =
            self.islands.dateline.clone().or_else(|| {
                nearest(&self.place_spans, span, false).map(|i| places[i].name.clone())
            });
        text.map(|text| Place { text })
    }
}

/// What a clause could not decide about its event, for the document pass.
#[derive(Debug, Clone, Copy)]
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
fn kept_in_context(events: &[Draft], tables: &Tables) -> Vec<bool> {
    let violent = events.iter().any(|e| !e.pending.lone_death);
    events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            if event.pending.lone_death && !violent {
                return false;
            }
            let new_person = tables.roles[event.who]
                .as_ref()
                .is_some_and(|w| w.category == NEW_PERSON_CATEGORY);
            let restated = events[..i]
                .iter()
                .any(|e| e.kind == event.kind && e.sentence < event.sentence && !e.background);
            !(event.pending.back_reference && restated && !new_person)
        })
        .collect()
}

/// Keeps the events for which `keep` holds, in place, with `part_of`
/// renumbered (a part whose parent is dropped stands alone).
fn drop_events(events: &mut Vec<Draft>, keep: &[bool]) {
    let mut new_index = Vec::with_capacity(events.len());
    let mut keep = keep.iter().copied();
    let mut kept = 0;
    events.retain_mut(|event| {
        if !keep.next().unwrap_or(true) {
            new_index.push(None);
            return false;
        }
        event.part_of = event
            .part_of
            .and_then(|p| new_index.get(p).copied().flatten());
        new_index.push(Some(kept));
        kept += 1;
        true
    });
}

/// "Four people were shot … One person was found dead": the lede's shot
/// become wounded, less the article's deaths — unless the article counts its
/// wounded itself, which then stand and the shot stay a kind of their own.
fn resolve_shot(events: &mut [Draft], tables: &mut Tables) {
    let kind = |name: &str| tables.kinds.get_index_of(name);
    let (fatal, non_fatal, shot) = (kind(FATAL_KIND), kind(NON_FATAL_KIND), kind(SHOT_KIND));
    let counted = |e: &Draft| e.part_of.is_none() && !e.background && !e.negated;
    if events
        .iter()
        .any(|e| Some(e.kind) == non_fatal && counted(e))
    {
        return;
    }
    let Some(lede) = events
        .iter()
        .find(|e| Some(e.kind) == shot && counted(e))
        .map(|e| e.sentence)
    else {
        return;
    };
    let mut deaths: u64 = events
        .iter()
        .filter(|e| Some(e.kind) == fatal && counted(e))
        .filter_map(|e| tables.counts[e.count].value)
        .sum();
    for event in events.iter_mut() {
        if Some(event.kind) != shot || !counted(event) || event.sentence != lede {
            continue;
        }
        // A vague count ("several people were shot") is wounded only when
        // nobody died; a count is wounded for those left after the deaths.
        let count = &tables.counts[event.count];
        let wounded = match count.value {
            Some(value) => {
                let dead = deaths.min(value);
                deaths -= dead;
                let survivors = value - dead;
                if survivors > 0 {
                    let survivors = Some(survivors);
                    let count = Count {
                        value: survivors,
                        min: survivors,
                        max: survivors,
                        ..count.clone()
                    };
                    event.count = intern(&mut tables.counts, &count);
                }
                survivors > 0
            }
            None => deaths == 0,
        };
        if wounded {
            event.kind = intern(&mut tables.kinds, NON_FATAL_KIND);
        }
    }
}

/// "Five people were wounded … One of the victims later died": a death
/// after an injury comes out of the latest wounded count before it (which
/// must hold it), so that the wounded are those still alive, as a tally
/// counts them. The shot are left to `resolve_shot`, which takes out every
/// death.
fn take_later_deaths_from_wounded(events: &mut [Draft], tables: &mut Tables) {
    let Some(non_fatal) = tables.kinds.get_index_of(NON_FATAL_KIND) else {
        return;
    };
    let counted = |e: &Draft| e.part_of.is_none() && !e.background && !e.negated;
    for i in 1..events.len() {
        let (earlier, rest) = events.split_at_mut(i);
        let death = rest[0];
        let dead = tables.counts[death.count].value;
        let Some(dead) = dead.filter(|_| death.pending.after_wounds && counted(&death)) else {
            continue;
        };
        let wounded = earlier.iter_mut().rev().find(|e| {
            e.kind == non_fatal
                && counted(e)
                && tables.counts[e.count].value.is_some_and(|v| v >= dead)
        });
        if let Some(wounded) = wounded {
            let count = &tables.counts[wounded.count];
            let less = |b: Option<u64>| b.map(|b| b.saturating_sub(dead));
            let survivors = Count {
                value: less(count.value),
                min: less(count.min),
                max: less(count.max),
                ..count.clone()
            };
            wounded.count = intern(&mut tables.counts, &survivors);
        }
    }
}

/// "4 soldiers were among the dead": each such event becomes part of the
/// latest earlier toll of its kind from an earlier sentence (when there is one).
fn link_to_earlier_tolls(events: &mut [Draft]) {
    for i in 0..events.len() {
        if !events[i].pending.joins_earlier || events[i].part_of.is_some() {
            continue;
        }
        let parent = (0..i).rev().find(|&j| {
            let (toll, part) = (&events[j], &events[i]);
            !toll.pending.joins_earlier
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

fn to_said(
    text: &str,
    found: &FoundAttribution,
    quote: Option<Quote>,
    sentence: usize,
    tables: &mut Tables,
) -> Said {
    let source = Source {
        text: found.text.clone(),
        resolved: None,
        cue: found.cue.clone(),
        via: found.via.clone(),
    };
    Said {
        source: intern(&mut tables.sources, &source),
        quote: quote.map(|q| q.inner_span(text)),
        sentence,
        span: found.span,
        refers_back: found.refers_back,
        pronoun: found.pronoun,
    }
}

/// "same source" → the last source named before it.
fn resolve_references(attributions: &mut [Said], tables: &mut Tables) {
    let mut last_named: Option<usize> = None;
    for said in attributions.iter_mut() {
        if said.refers_back {
            let source = Source {
                resolved: last_named.map(|named| tables.sources[named].text.clone()),
                ..tables.sources[said.source].clone()
            };
            said.source = intern(&mut tables.sources, &source);
        } else if !said.pronoun {
            last_named = Some(said.source);
        }
    }
}

/// Merges an event that repeats an earlier one into it, as a mention: same
/// kind, count, role and clause wording, in another sentence that repeats
/// the earlier one (equal, or cut short like a teaser's "…, the […]"). The
/// kept event takes any time, place or source only the repeat has;
/// `part_of` is renumbered. Linear: exact repeats are found by hash; a
/// cut-short sentence is compared by prefix, once per pair of sentences
/// (not per event) and with a few sentences at most, and each sentence is
/// normalised at most once. The kept events stay in `events` (moved to its
/// front); what is returned is each one's mentions.
fn merge_repeats(
    events: &mut Vec<Draft>,
    tables: &Tables,
    text: &str,
    sentences: &[Sentence],
) -> Vec<Vec<Mention>> {
    let mut forms: HashMap<usize, SentenceForm> = HashMap::default();
    let mut normalised: HashMap<usize, String> = HashMap::default();
    // The sentence at hand's verdicts, by the other sentence, and how many
    // sentences it was compared with.
    let mut verdicts: HashMap<usize, bool> = HashMap::default();
    let mut compared = 0;
    // Kept events by the hash of their key (and of their sentence): a long
    // article's keys are not held, and a candidate's key is compared whole
    // before it counts, so a collision could miss a merge but never make one.
    let mut exact: HashMap<(u64, u64), usize> = HashMap::default();
    let mut by_key: HashMap<u64, Vec<usize>> = HashMap::default();
    let mut mentions: Vec<Vec<Mention>> = Vec::new();
    let mut new_index = Vec::with_capacity(events.len());
    // The kept events are `events[..kept]`.
    let mut kept = 0;
    // The sentence of the events at hand (they come in sentence order).
    let mut sentence: Option<SentenceAtHand> = None;
    for next in 0..events.len() {
        let mut event = events[next];
        if sentence.is_none_or(|at| at.index != event.sentence) {
            // A sentence is looked at again only through an event it keeps,
            // and the comparisons are the sentence's own: the caches of a long
            // article stay as small as its distinct events.
            if let Some(previous) = sentence.filter(|s| !s.kept_any) {
                forms.remove(&previous.index);
                normalised.remove(&previous.index);
            }
            verdicts.clear();
            compared = 0;
            sentence = Some(SentenceAtHand {
                index: event.sentence,
                kept_any: false,
            });
        }
        let key = repeat_key(&event, tables, text);
        let key_hash = hash_of(&key);
        let same_key = |i: usize| repeat_key(&events[i], tables, text) == key;
        forms
            .entry(event.sentence)
            .or_insert_with(|| SentenceForm::of(sentence_text(text, sentences, event.sentence)));
        let exact_key = (key_hash, forms[&event.sentence].hash);
        let earlier = by_key.get(&key_hash).into_iter().flatten().copied();
        let repeat_of = exact
            .get(&exact_key)
            .copied()
            .filter(|&i| events[i].sentence != event.sentence && same_key(i))
            .or_else(|| {
                earlier
                    .filter(|&i| events[i].sentence != event.sentence)
                    .find(|&i| {
                        let pair = (event.sentence, events[i].sentence);
                        let cut = |s: usize| forms[&s].cut_short.is_some();
                        if !cut(pair.0) && !cut(pair.1) {
                            return false; // neither is cut short: not a prefix repeat
                        }
                        if !same_key(i) {
                            return false;
                        }
                        if let Some(&verdict) = verdicts.get(&pair.1) {
                            return verdict;
                        }
                        if compared >= MAX_PREFIX_CANDIDATES {
                            return false;
                        }
                        compared += 1;
                        let verdict = repeats(pair, &forms, text, sentences, &mut normalised);
                        verdicts.insert(pair.1, verdict);
                        verdict
                    })
            });
        if let Some(i) = repeat_of {
            mentions[i].push(Mention {
                sentence: event.sentence,
                span: event.span,
            });
            let first = &mut events[i];
            if tables.times[first.time].is_none() {
                first.time = event.time;
            }
            if tables.places[first.place].is_none() {
                first.place = event.place;
            }
            first.cited = first.cited.or(event.cited);
            new_index.push(i);
            continue;
        }
        event.part_of = event.part_of.and_then(|p| new_index.get(p).copied());
        exact.entry(exact_key).or_insert(kept);
        let same_key = by_key.entry(key_hash).or_default();
        if same_key.len() < MAX_PREFIX_CANDIDATES {
            same_key.push(kept);
        }
        new_index.push(kept);
        events[kept] = event;
        mentions.push(Vec::new());
        kept += 1;
        sentence = Some(SentenceAtHand {
            index: event.sentence,
            kept_any: true,
        });
    }
    events.truncate(kept);
    events.shrink_to_fit();
    mentions
}

/// The sentence whose events `merge_repeats` is at, and whether it kept one.
#[derive(Debug, Clone, Copy)]
struct SentenceAtHand {
    index: usize,
    kept_any: bool,
}

fn sentence_text<'t>(text: &'t str, sentences: &[Sentence], index: usize) -> &'t str {
    let sentence = sentences[index];
    &text[sentence.start..sentence.end]
}

/// How many earlier events with the same key a cut-short sentence is
/// compared with, and how many other sentences one sentence is compared
/// with (a teaser repeats the top of its article).
const MAX_PREFIX_CANDIDATES: usize = 32;

fn repeat_key(event: &Draft, tables: &Tables, text: &str) -> String {
    use std::fmt::Write;
    let count = &tables.counts[event.count];
    let who = tables.roles[event.who]
        .as_ref()
        .map_or("", |w| w.text.as_str());
    let evidence = &text[event.span[0]..event.span[1]];
    // kind|value|qualifier|count text|who|part of|evidence, lowercased and
    // squashed, written into one string (an event's key is built at least once).
    let mut key = String::with_capacity(evidence.len() + count.text.len() + who.len() + 48);
    let _ = write!(
        key,
        "{}|{:?}|{:?}|",
        tables.kinds[event.kind], count.value, count.qualifier
    );
    push_lowercase(&mut key, &count.text);
    key.push('|');
    push_lowercase(&mut key, who);
    let _ = write!(key, "|{}|", event.part_of.is_some());
    if is_squashed(evidence.as_bytes()) {
        push_lowercase(&mut key, evidence);
    } else {
        key.push_str(&normalise(evidence));
    }
    key
}

/// Appends `text` lowercased, as `to_lowercase` does; ASCII in place.
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let from = out.len();
        out.push_str(text);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

fn hash_of(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
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
        SentenceForm {
            hash: hash_of(&words),
            cut_short: is_cut.then_some(words),
        }
    }
}

/// One of the two sentences is the other cut short. A full sentence is
/// normalised once, when first compared, and kept in `normalised`.
fn repeats(
    (a, b): (usize, usize),
    forms: &HashMap<usize, SentenceForm>,
    text: &str,
    sentences: &[Sentence],
    normalised: &mut HashMap<usize, String>,
) -> bool {
    let mut is_prefix = |cut: usize, full: usize| {
        forms[&cut].cut_short.as_ref().is_some_and(|cut| {
            normalised
                .entry(full)
                .or_insert_with(|| normalise(sentence_text(text, sentences, full)))
                .starts_with(cut.as_str())
        })
    };
    is_prefix(a, b) || is_prefix(b, a)
}

fn normalise(text: &str) -> String {
    squash(text).to_lowercase()
}
