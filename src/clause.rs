//! Clause events: one sentence's parse tree → its events, attributions,
//! times and places, each with byte spans into the article.
//!
//! The grammar has already found the islands; this module only reads them:
//! one event per count (so "eight policemen and nine attackers were killed"
//! gives two), subsets linked to their parent, the kind from the predicate's
//! rule name, the category from the role's rule name. Attaching a time, a
//! place and a source to an event is left to `document.rs`, which sees the
//! whole article.

use pest::iterators::Pair;

use crate::count::read_count;
use crate::dates::{TimeRef, read_time};
use crate::grammar::{Rule, category_of, children, find, kind_of, squash};
use crate::model::{Count, Span, Via, Who};
use crate::prefilter::Trigger;
use crate::scan::scan;

/// Everything one sentence yields, before the document pass.
#[derive(Debug, Default)]
pub struct Islands {
    pub events: Vec<ClauseEvent>,
    pub attributions: Vec<FoundAttribution>,
    pub times: Vec<(Span, String, TimeRef)>,
    pub places: Vec<(Span, String)>,
    /// The place a headline or dateline opens with: "Tajikistan: 13 dead ...".
    pub dateline: Option<String>,
}

/// An event as read from its clause.
#[derive(Debug, Clone)]
pub struct ClauseEvent {
    pub kind: String,
    pub count: Count,
    pub who: Option<Who>,
    pub negated: bool,
    /// Index (within this sentence's events) of the parent count.
    pub part_of: Option<usize>,
    /// The whole clause: shared by coordinated counts.
    pub span: Span,
}

/// An attribution as read from its clause.
#[derive(Debug, Clone)]
pub struct FoundAttribution {
    pub text: String,
    pub cue: String,
    pub via: Option<Via>,
    /// "same source": to be resolved against the previous named source.
    pub refers_back: bool,
    /// "he", "they": a source, but not one to point back to.
    pub pronoun: bool,
    pub span: Span,
}

/// Reads the islands of one sentence (`text`, at byte `offset` of the
/// article); `at_top`: it opens the article, where a dateline can stand;
/// `hits`: its trigger words.
pub fn read_sentence(
    text: &str,
    offset: usize,
    at_top: bool,
    hits: &[(usize, Trigger)],
) -> Islands {
    let mut islands = Islands::default();
    scan(text, at_top, hits, |island, at| {
        // Implicit whitespace can trail a pair; spans cover the words only.
        let span = |p: &Pair<Rule>| {
            let start = offset + at + p.as_span().start();
            [start, start + p.as_str().trim_end().len()]
        };
        let name_of = |p: &Pair<Rule>| find(p, &[Rule::proper_name]).map(|n| squash(n.as_str()));
        if island.as_rule() == Rule::late_subset {
            if let Some(subset) = island.into_inner().next() {
                read_late_subset(&subset, span(&subset), &mut islands.events);
            }
            return;
        }
        for pair in std::iter::once(island.clone()).chain(island.into_inner().flatten()) {
            match pair.as_rule() {
                Rule::event => read_event(&pair, span(&pair), &mut islands.events),
                Rule::attribution => islands
                    .attributions
                    .extend(read_attribution(&pair, span(&pair))),
                Rule::time => islands
                    .times
                    .push((span(&pair), time_text(&pair), read_time(&pair))),
                Rule::place => islands
                    .places
                    .extend(name_of(&pair).map(|name| (span(&pair), name))),
                Rule::dateline => islands.dateline = name_of(&pair),
                _ => {}
            }
        }
    });
    islands
}

/// A subset after its clause ("…rose to 27 on Monday, including three
/// children") is part of the sentence's last count that is not itself a part.
fn read_late_subset(subset: &Pair<Rule>, span: Span, events: &mut Vec<ClauseEvent>) {
    let Some(parent) = events.iter().rposition(|e| e.part_of.is_none()) else {
        return;
    };
    let (kind, negated) = (events[parent].kind.clone(), events[parent].negated);
    push_counted(subset, &kind, negated, span, Some(parent), events);
}

/// The time as written, without its preposition ("on Saturday" → "Saturday").
fn time_text(pair: &Pair<Rule>) -> String {
    let whole = [
        Rule::year_range,
        Rule::date,
        Rule::day_time,
        Rule::relative_time,
        Rule::year,
    ];
    let inner = pair
        .clone()
        .into_inner()
        .find(|p| whole.contains(&p.as_rule()));
    squash(inner.as_ref().unwrap_or(pair).as_str())
}

/// One event clause → one event per count, plus one per subset.
fn read_event(pair: &Pair<Rule>, span: Span, out: &mut Vec<ClauseEvent>) {
    let Some(shape) = pair.clone().into_inner().next() else {
        return;
    };
    let predicate = match shape.as_rule() {
        Rule::count_first => shape.clone().into_inner().last(),
        Rule::verb_first | Rule::among_clause => Some(shape.clone()),
        Rule::toll_clause => children(&shape, Rule::toll_subject).next(),
        _ => None,
    };
    let Some((kind, negated)) = predicate.as_ref().and_then(read_predicate) else {
        return;
    };
    let mut last_parent = None;
    for counted in shape
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::counted)
    {
        let Some(parent) = push_counted(&counted, &kind, negated, span, None, out) else {
            continue;
        };
        for subset in children(&counted, Rule::subset) {
            push_counted(&subset, &kind, negated, span, Some(parent), out);
        }
        last_parent = Some(parent);
    }
    // A subset a few words after the clause belongs to its last count.
    if let Some(parent) = last_parent {
        for subset in children(pair, Rule::subset) {
            push_counted(&subset, &kind, negated, span, Some(parent), out);
        }
    }
}

/// Pushes the event of a `counted` or `subset` pair; returns its index. A
/// subset has its own predicate ("of which 13 have been eliminated") or takes
/// its parent's kind, and takes its parent's role when it names none.
fn push_counted(
    pair: &Pair<Rule>,
    kind: &str,
    negated: bool,
    span: Span,
    part_of: Option<usize>,
    out: &mut Vec<ClauseEvent>,
) -> Option<usize> {
    let (kind, negated) = children(pair, Rule::predicate)
        .next()
        .as_ref()
        .and_then(read_predicate)
        .unwrap_or((kind.to_owned(), negated));
    let count = read_count(&children(pair, Rule::count).next()?)?;
    let who = children(pair, Rule::role)
        .next()
        .map(|role| read_role(&role))
        .or_else(|| part_of.and_then(|p| out[p].who.clone()));
    out.push(ClauseEvent {
        kind,
        count,
        who,
        negated,
        part_of,
        span,
    });
    Some(out.len() - 1)
}

/// The kind named by the predicate's event word, and whether it is negated.
fn read_predicate(pair: &Pair<Rule>) -> Option<(String, bool)> {
    let word = find(
        pair,
        &[Rule::event_verb, Rule::event_state, Rule::event_noun],
    )?;
    let kind = kind_of(word.into_inner().next()?.as_rule())?;
    let negated = find(pair, &[Rule::negation]).is_some();
    Some((kind, negated))
}

/// The role as written, and its category: the last known noun before "of",
/// else the last known noun after it.
fn read_role(role: &Pair<Rule>) -> Who {
    let last_category = |pairs: Vec<Pair<Rule>>| {
        pairs
            .iter()
            .flat_map(|p| p.clone().into_inner().flatten())
            .filter(|p| p.as_rule() == Rule::role_word)
            .filter_map(|p| p.into_inner().next().and_then(|w| category_of(w.as_rule())))
            .last()
    };
    let head = last_category(children(role, Rule::role_phrase).collect());
    let category = head.or_else(|| last_category(children(role, Rule::role_of).collect()));
    Who {
        text: squash(role.as_str()),
        category: category.unwrap_or_else(|| "unknown".to_owned()),
    }
}

fn read_attribution(pair: &Pair<Rule>, span: Span) -> Option<FoundAttribution> {
    let shape = pair.clone().into_inner().next()?;
    let cue = find(&shape, &[Rule::according_cue, Rule::saying_cue])?;
    let source = children(&shape, Rule::source).next()?;
    let kind = source.clone().into_inner().next()?.as_rule();
    let via = children(&shape, Rule::relay)
        .next()
        .or_else(|| find(&source, &[Rule::relay]))
        .and_then(|relay| {
            Some(Via {
                text: squash(children(&relay, Rule::source).next()?.as_str()),
                cue: squash(&find(&relay, &[Rule::relay_cue])?.as_str().to_lowercase()),
            })
        });
    Some(FoundAttribution {
        text: squash(source.as_str()).trim_end_matches(',').to_owned(),
        cue: squash(&cue.as_str().to_lowercase()),
        via,
        refers_back: kind == Rule::same_source,
        pronoun: kind == Rule::pronoun_source,
        span,
    })
}
