//! Clause events: one sentence's parse tree → its events, attributions,
//! times and places, each with byte spans into the article.
//!
//! The grammar has already found the islands; this module only reads them:
//! one event per count (so "eight policemen and nine attackers were killed"
//! gives two), subsets linked to their parent, the kind from the predicate's
//! rule name, the category from the role's rule name. Attaching a time, a
//! place and a source to an event is left to `document.rs`, which sees the
//! whole article.

use chrono::{Month, Weekday};
use pest::iterators::Pair;

use crate::count::read_count;
use crate::dates::TimeRef;

use crate::grammar::{NewsParser, Rule, category_of, children, find, kind_of, squash};
use crate::model::{Count, Qualifier, Span, Via, Who};
use crate::scan::scan;
use crate::sentence::{SentenceInput, Step, Trace};

/// Everything one sentence yields, before the document pass.
#[derive(Debug, Default)]
pub struct Islands {
    pub events: Vec<ClauseEvent>,
    pub attributions: Vec<FoundAttribution>,
    pub times: Vec<FoundTime>,
    pub places: Vec<FoundPlace>,
    /// The place a headline or dateline opens with: "Tajikistan: 13 dead ...".
    pub dateline: Option<String>,
}

/// A time as read from its clause: "on Friday", "between 1992 and 1997".
#[derive(Debug, Clone)]
pub struct FoundTime {
    pub span: Span,
    /// The words, without a leading preposition.
    pub text: String,
    /// What it says about the calendar.
    pub reference: TimeRef,
}

/// A place as read from its clause: "in Dushanbe" names Dushanbe.
#[derive(Debug, Clone)]
pub struct FoundPlace {
    pub span: Span,
    pub name: String,
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
    /// A superseded toll: "from fourteen [to 31]".
    pub background: bool,
    /// Part of a toll stated earlier in the article: "4 soldiers were among the dead".
    pub joins_earlier: bool,
    /// One named person, or "he"/"she", who died: an obituary's natural death
    /// unless the article reports violence too ("He died today" after a stabbing).
    pub lone_death: bool,
    /// "The woman was killed": may restate someone the article already counted.
    pub back_reference: bool,
    /// A death among the wounded counted before: "One of the victims later
    /// died". The document pass takes it out of those wounded.
    pub after_wounds: bool,
    /// The whole clause: shared by coordinated counts.
    pub span: Span,
}

impl ClauseEvent {
    /// An event with nothing left for the document pass to decide.
    fn new(
        kind: impl Into<String>,
        count: Count,
        who: Option<Who>,
        negated: bool,
        part_of: Option<usize>,
        span: Span,
    ) -> Self {
        ClauseEvent {
            kind: kind.into(),
            count,
            who,
            negated,
            part_of,
            background: false,
            joins_earlier: false,
            lone_death: false,
            back_reference: false,
            after_wounds: false,
            span,
        }
    }
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

/// Reads the islands of one sentence; `trace` sees each island as found.
pub fn read_sentence(sentence: &SentenceInput, trace: Trace<'_>) -> Islands {
    let (text, offset) = (sentence.text, sentence.offset);
    let mut islands = Islands::default();
    scan(sentence, |island, at| {
        trace(Step::Island(&island));
        if STEPPED_OVER.contains(&island.as_rule()) {
            return;
        }
        // Implicit whitespace can trail a pair; spans cover the words only.
        let span = |p: &Pair<Rule>| {
            let start = offset + at + p.as_span().start();
            [start, start + p.as_str().trim_end().len()]
        };
        let name_of = |p: &Pair<Rule>| find(p, &[Rule::proper_name]).map(|n| squash(n.as_str()));
        if island.as_rule() == Rule::late_subset {
            if let Some(subset) = island.into_inner().next() {
                // After "with", the evidence is the count's own clause.
                let words = children(&subset, Rule::with_event)
                    .next()
                    .unwrap_or_else(|| subset.clone());
                read_late_subset(&subset, span(&words), &mut islands.events);
            }
            return;
        }
        for pair in std::iter::once(island.clone()).chain(island.into_inner().flatten()) {
            match pair.as_rule() {
                Rule::event | Rule::lone_event => {
                    if describes_an_object(&pair, &text[..at]) {
                        continue;
                    }
                    let first = islands.events.len();
                    read_event(&pair, span(&pair), &mut islands.events);
                    // "The four wounded victims were listed in serious
                    // condition": a count after "the" names a group already
                    // told of, as "the woman" does one person.
                    let count_first = pair
                        .clone()
                        .into_inner()
                        .next()
                        .is_some_and(|shape| shape.as_rule() == Rule::count_first);
                    if count_first && after_definite_article(&text[..at]) {
                        for event in &mut islands.events[first..] {
                            event.back_reference |= event.part_of.is_none();
                        }
                    }
                }
                Rule::attribution => islands
                    .attributions
                    .extend(read_attribution(&pair, span(&pair))),
                Rule::time => islands.times.push(FoundTime {
                    span: span(&pair),
                    text: time_text(&pair),
                    reference: read_time(&pair),
                }),
                Rule::place => islands.places.extend(name_of(&pair).map(|name| FoundPlace {
                    span: span(&pair),
                    name,
                })),
                Rule::dateline => islands.dateline = name_of(&pair),
                _ => {}
            }
        }
    });
    islands
}

/// Whether an island is one person and a bare participle after a
/// preposition (grammar rule `object_preposition`): "a vigil for a man killed
/// there" describes someone, it reports nothing.
fn describes_an_object(island: &Pair<Rule>, before: &str) -> bool {
    let Some(shape) = island.clone().into_inner().next() else {
        return false;
    };
    let bare = shape.as_rule() == Rule::single_first
        && children(&shape, Rule::strict_predicate).next().is_none()
        && children(&shape, Rule::grave_predicate).next().is_none();
    bare && before
        .split_whitespace()
        .last()
        .is_some_and(|word| is_whole(Rule::object_preposition, word))
}

/// Whether the words before an island end with "the" (grammar rule
/// `definite_article`); islands start at a count or a subject, never at "the"
/// before a count.
fn after_definite_article(before: &str) -> bool {
    before
        .split_whitespace()
        .last()
        .is_some_and(|word| is_whole(Rule::definite_article, word))
}

/// Islands matched only so that no other island takes their words: money
/// and ages (never counts), and what did not happen (`unreal`: no event).
/// The build checks that every island is read here or listed here.
const STEPPED_OVER: [Rule; 3] = [Rule::money, Rule::age, Rule::unreal];

/// A subset after its clause ("…rose to 27 on Monday, including three
/// children") is part of the sentence's last count that is not itself a part.
/// A count after "with" is an event of its own, and a part of that count
/// when it has the same kind ("Six patrons were injured, with two wounded
/// critically").
fn read_late_subset(subset: &Pair<Rule>, span: Span, events: &mut Vec<ClauseEvent>) {
    let parent = events.iter().rposition(|e| e.part_of.is_none());
    if subset.as_rule() == Rule::with_part {
        let first = events.len();
        if let Some(event) = children(subset, Rule::with_event).next() {
            read_event(&event, span, events);
        }
        let Some(parent) = parent else {
            return;
        };
        let kind = events[parent].kind.clone();
        for event in &mut events[first..] {
            if event.part_of.is_none() && event.kind == kind {
                event.part_of = Some(parent);
            }
        }
        return;
    }
    let Some(parent) = parent else {
        return;
    };
    if subset.as_rule() == Rule::fatal_subset {
        split_fatal(subset, parent, span, events);
        return;
    }
    let predicate = Predicate::of(&events[parent]);
    push_counted(subset, &predicate, span, Some(parent), events);
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

/// What a `time` pair says about the calendar.
fn read_time(pair: &Pair<Rule>) -> TimeRef {
    let mut weekday = None;
    let (mut year, mut month, mut day) = (None, None, None);
    for token in pair.clone().into_inner().flatten() {
        let text = token.as_str();
        match token.as_rule() {
            Rule::year_range => {
                let last = token
                    .clone()
                    .into_inner()
                    .filter_map(|y| y.as_str().parse().ok())
                    .max();
                return last.map_or(TimeRef::Period, |last_year| TimeRef::Years { last_year });
            }
            Rule::relative_time if !has_day_word(&token) => return TimeRef::Period,
            Rule::yesterday => return TimeRef::DaysBefore(1),
            Rule::today => return TimeRef::DaysBefore(0),
            Rule::weekday => weekday = text.parse::<Weekday>().ok(),
            Rule::iso_date => return TimeRef::from_iso(text).unwrap_or(TimeRef::Period),
            Rule::year => year = text.parse().ok(),
            Rule::month => {
                month = text
                    .get(..3)
                    .and_then(|m| m.parse::<Month>().ok())
                    .map(|m| m.number_from_month())
            }
            Rule::day_number => day = text.trim_end_matches(char::is_alphabetic).parse().ok(),
            _ => {}
        }
    }
    match (weekday, month, day, year) {
        (Some(w), _, _, _) => TimeRef::Weekday(w),
        (None, Some(month), Some(day), _) => TimeRef::Day { year, month, day },
        (None, None, _, Some(last_year)) => TimeRef::Years { last_year },
        _ => TimeRef::Period,
    }
}

fn has_day_word(pair: &Pair<Rule>) -> bool {
    pair.clone()
        .into_inner()
        .any(|p| matches!(p.as_rule(), Rule::yesterday | Rule::today))
}

/// The rules that stand for one counted group in a clause: a count with its
/// role, one person ("his wife"), a part ("one of them"), a pronoun or a name.
const ITEMS: [Rule; 11] = [
    Rule::counted,
    Rule::qualified_count,
    Rule::single,
    Rule::single_bare,
    Rule::partitive,
    Rule::object_single,
    Rule::pronoun_subject,
    Rule::name_subject,
    Rule::reflexive,
    Rule::named_object,
    // "before being killed by police": the one it happens to, unnamed.
    Rule::being_word,
];

/// The kind of the killed among the hit: "Ten people were shot, two fatally".
pub(crate) const FATAL_KIND: &str = "killed";
/// The kind a fatal part is taken out of: the wounded are those not killed.
pub(crate) const NON_FATAL_KIND: &str = "wounded";
/// Hit by gunfire, killed or not ("Ten people were shot"): resolved into
/// wounded by the document pass, which sees the article's deaths.
pub(crate) const SHOT_KIND: &str = "shot";

/// One event clause → one event per counted item, plus one per subset.
fn read_event(pair: &Pair<Rule>, span: Span, out: &mut Vec<ClauseEvent>) {
    let Some(shape) = pair.clone().into_inner().next() else {
        return;
    };
    let predicate = match shape.as_rule() {
        Rule::count_first | Rule::single_first => shape
            .clone()
            .into_inner()
            .filter(|p| {
                matches!(
                    p.as_rule(),
                    Rule::predicate
                        | Rule::event_noun
                        | Rule::strict_predicate
                        | Rule::grave_predicate
                        // a bare participle right after one person: "and a child wounded"
                        | Rule::event_verb
                )
            })
            .last()
            // "21 injured individuals": the event word inside the count.
            .or_else(|| find(&shape, &[Rule::event_adjective])),
        Rule::verb_first | Rule::among_clause | Rule::reflexive_clause | Rule::shot_dead => {
            Some(shape.clone())
        }
        Rule::toll_clause => children(&shape, Rule::toll_subject).next(),
        _ => None,
    };
    let Some(what) = predicate.as_ref().and_then(read_predicate) else {
        return;
    };
    let joins_earlier = shape.as_rule() == Rule::among_clause
        || predicate
            .as_ref()
            .is_some_and(|p| find(p, &[Rule::among_predicate]).is_some());
    let first = out.len();
    let died = predicate
        .as_ref()
        .is_some_and(|p| find(p, &[Rule::died]).is_some());
    let later = predicate.as_ref().is_some_and(says_later);
    let mut last_parent = None;
    let mut parents = Vec::new();
    // Counts told elsewhere ("…, 36 in Cotabato") add up, breaking nothing
    // down; each has its own words (and so its own place).
    let elided: Vec<_> = shape
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::counted_place)
        .map(|p| p.as_span())
        .collect();
    let origin = pair.as_span().start();
    for item in items(&shape) {
        let at = item.as_span().start();
        let own_words = elided.iter().find(|e| e.start() <= at && at < e.end());
        let item_span = own_words.map_or(span, |words| {
            let start = span[0] + words.start() - origin;
            [start, start + words.as_str().trim_end().len()]
        });
        let Some(parent) = push_item(&item, &what, item_span, out) else {
            continue;
        };
        if own_words.is_none() {
            parents.push(parent);
        }
        let lone = matches!(item.as_rule(), Rule::name_subject | Rule::pronoun_subject);
        let definite = children(&item, Rule::definite_article).next().is_some();
        out[parent].lone_death = died && (lone || definite);
        out[parent].back_reference = definite;
        out[parent].after_wounds = what.kind == FATAL_KIND
            && (later || is_part_of_wounded(&item))
            && !is_new_person(&item);
        for subset in children(&item, Rule::subset) {
            push_counted(&subset, &what, span, Some(parent), out);
        }
        for fatal in children(&item, Rule::fatal_subset) {
            split_fatal(&fatal, parent, span, out);
        }
        last_parent = Some(parent);
    }
    link_breakdown(&parents, out);
    // "six deaths were of children": the role after the predicate.
    let role_after = find(&shape, &[Rule::noun_of]).and_then(|n| children(&n, Rule::role).next());
    if let Some(role) = role_after {
        let who = read_role(&role);
        for event in &mut out[first..] {
            event.who.get_or_insert_with(|| who.clone());
        }
    }
    if let Some(parent) = last_parent {
        // A subset a few words after the clause belongs to its last count.
        for subset in children(pair, Rule::subset) {
            push_counted(&subset, &what, span, Some(parent), out);
        }
        for fatal in children(&shape, Rule::fatal_subset) {
            split_fatal(&fatal, parent, span, out);
        }
    }
    for earlier in children(&shape, Rule::earlier_toll) {
        if let Some(count) = read_count(&earlier) {
            out.push(ClauseEvent {
                background: true,
                ..ClauseEvent::new(what.kind.clone(), count, None, what.negated, None, span)
            });
        }
    }
    for event in &mut out[first..] {
        event.joins_earlier = joins_earlier && event.part_of.is_none();
    }
    // Deaths of animals are not events ("three horses died"); a clause that
    // also counts people is kept whole, so that `part_of` stays valid.
    if out[first..].iter().all(is_animal) {
        out.truncate(first);
    }
}

/// The category (grammar rule `role_animal`) whose deaths and injuries are not events.
const ANIMAL_CATEGORY: &str = "animal";

fn is_animal(event: &ClauseEvent) -> bool {
    event
        .who
        .as_ref()
        .is_some_and(|w| w.category == ANIMAL_CATEGORY)
}

/// The counted items of a clause, in order, without descending into them.
fn items<'i>(pair: &Pair<'i, Rule>) -> Vec<Pair<'i, Rule>> {
    let mut found = Vec::new();
    for child in pair.clone().into_inner() {
        if ITEMS.contains(&child.as_rule()) {
            found.push(child);
        } else if !matches!(
            child.as_rule(),
            Rule::subset | Rule::fatal_subset | Rule::earlier_toll | Rule::predicate
        ) {
            found.extend(items(&child));
        }
    }
    found
}

/// Pushes the event of one counted item; returns its index.
fn push_item(
    item: &Pair<Rule>,
    predicate: &Predicate,
    span: Span,
    out: &mut Vec<ClauseEvent>,
) -> Option<usize> {
    let text = squash(item.as_str());
    let (count, who) = match item.as_rule() {
        Rule::counted | Rule::qualified_count => {
            return push_counted(item, predicate, span, None, out);
        }
        Rule::single | Rule::single_bare if has_plural_head(item) => return None,
        // "Soldiers were killed", "Police said": a role noun, not a name.
        Rule::name_subject if ends_in_role_word(item) => return None,
        Rule::single | Rule::single_bare => (one(determiner_of(item)), Some(read_role(item))),
        Rule::partitive if restates_its_toll(item, &predicate.kind) => return None,
        Rule::partitive => {
            let count = match children(item, Rule::count).next() {
                Some(count) => read_count(&count)?,
                None => one(&text),
            };
            let who = read_role(item);
            (count, Some(Who { text, ..who }))
        }
        // "killed motorcyclist Harry Dunn": the title is the role, if any.
        Rule::named_object => {
            let who = children(item, Rule::object_title).next().map(|title| Who {
                text: squash(title.as_str()),
                category: lexicon_category(&title).unwrap_or_else(|| "unknown".to_owned()),
            });
            (one(&text), who)
        }
        // The perpetrator: "killed himself".
        Rule::reflexive => (
            one(&text),
            Some(Who {
                text: text.clone(),
                category: "perpetrator".to_owned(),
            }),
        ),
        // A pronoun or a name: one person, who is not a role.
        _ => (one(&text), None),
    };
    let Predicate { kind, negated } = predicate.clone();
    out.push(ClauseEvent::new(kind, count, who, negated, None, span));
    Some(out.len() - 1)
}

/// Whether a predicate tells a death that came after an injury: "later
/// died", "died two days later", "succumbed to her wounds" (not "was later
/// killed by police", a killing of its own). Its adverbs and its word of
/// dying are read again with the grammar's `later_word` and `succumbed`,
/// once per event: as rules of their own inside `adverb` and `killed_state`
/// they would be tried at nearly every word.
fn says_later(predicate: &Pair<Rule>) -> bool {
    let mut words = predicate.clone().into_inner().flatten();
    find(predicate, &[Rule::killed_state]).is_some()
        && words.any(|p| match p.as_rule() {
            Rule::later_after => true,
            Rule::adverb => is_whole(Rule::later_word, p.as_str()),
            Rule::killed_state => is_whole(Rule::succumbed, p.as_str()),
            _ => false,
        })
}

/// Whether `rule` matches all of `word` (trailing spaces aside).
fn is_whole(rule: Rule, word: &str) -> bool {
    let word = word.trim_end();
    NewsParser::attempt(rule, word)
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_str().len() == word.len())
}

/// Whether the head of one person's noun phrase is plural ("the militants"):
/// the grammar rule `plural_word` decides, on the phrase's last word.
fn has_plural_head(item: &Pair<Rule>) -> bool {
    let Some(head) = find(item, &[Rule::single_phrase]).and_then(|p| p.into_inner().last()) else {
        return false;
    };
    is_whole(Rule::plural_word, head.as_str())
}

/// Whether a capitalised subject ends in a role noun of the lexicon:
/// "Soldiers", "Police", "Security Forces" are groups, not a person's name.
fn ends_in_role_word(name: &Pair<Rule>) -> bool {
    name.as_str()
        .split_whitespace()
        .last()
        .is_some_and(|word| is_whole(Rule::role_word, word))
}

/// "Two of the wounded were hospitalized": a part of a toll of the same kind
/// says nothing new ("One of the wounded later died" does: another kind).
/// A part of "the victims" (those hit: grammar rule `victims_word`) with a
/// predicate of the wounded restates them too: "Two of the victims were
/// injured by flying glass".
fn restates_its_toll(partitive: &Pair<Rule>, kind: &str) -> bool {
    let of_victims = children(partitive, Rule::event_group)
        .next()
        .and_then(|group| group.into_inner().next())
        .is_some_and(|word| word.as_rule() == Rule::victims_word);
    group_kind(partitive).is_some_and(|group_kind| group_kind == kind)
        || (of_victims && kind == NON_FATAL_KIND)
}

/// The kind of the toll a part is taken from: "two of the [wounded]".
fn group_kind(partitive: &Pair<Rule>) -> Option<String> {
    let group = children(partitive, Rule::event_group).next()?;
    find(
        &group,
        &[Rule::event_verb, Rule::event_state, Rule::event_noun],
    )
    .and_then(|word| word.into_inner().next())
    .and_then(|word| kind_of(word.as_rule()))
}

/// "one of the injured", "one of whom": a part of the wounded (or of a group
/// counted just before, which in a death's clause are its wounded).
fn is_part_of_wounded(item: &Pair<Rule>) -> bool {
    item.as_rule() == Rule::partitive
        && (children(item, Rule::relative_pronoun).next().is_some()
            || group_kind(item).is_some_and(|kind| kind == NON_FATAL_KIND))
}

/// "another", "a fourth": someone not among those counted before (the
/// grammar's `new_person` decides).
fn is_new_person(item: &Pair<Rule>) -> bool {
    NewsParser::matches(Rule::new_person, item.as_str())
}

/// "four others, two men and two women, were injured": when the later counts
/// of a list add up to the first, they break it down and are parts of it.
fn link_breakdown(parents: &[usize], out: &mut [ClauseEvent]) {
    let [first, rest @ ..] = parents else {
        return;
    };
    let exact = |i: &usize| {
        (out[*i].count.qualifier == Qualifier::Exact && out[*i].kind == out[*first].kind)
            .then_some(out[*i].count.value)
            .flatten()
    };
    let parts: Option<Vec<u64>> = rest.iter().map(exact).collect();
    if rest.len() >= 2 && exact(first).is_some() && parts.map(|p| p.iter().sum()) == exact(first) {
        for &i in rest {
            out[i].part_of = Some(*first);
        }
    }
}

/// A count with the hedge written after its role: "Sixty-six people or more".
fn hedged(count: Count, counted: &Pair<Rule>) -> Count {
    let Some(hedge) = children(counted, Rule::after_qualifier).next() else {
        return count;
    };
    match (
        count.value,
        count.qualifier,
        crate::count::qualifier_of(&hedge),
    ) {
        (Some(value), Qualifier::Exact, Some(qualifier)) => {
            let text = squash(&format!("{} {}", count.text, hedge.as_str()));
            crate::count::bounded(value, qualifier, text)
        }
        _ => count,
    }
}

/// The words that make one person a count: its determiner ("a", "his"), or
/// the whole phrase when it has none ("woman" in "a man and woman").
fn determiner_of<'i>(single: &Pair<'i, Rule>) -> &'i str {
    let determiner = [Rule::definite_article, Rule::one_determiner];
    single
        .clone()
        .into_inner()
        .find(|p| determiner.contains(&p.as_rule()))
        .map_or(single.as_str().trim_end(), |p| p.as_str())
}

/// A count of one person, as written ("an", "his", "Zhukovskyy").
fn one(text: &str) -> Count {
    Count {
        value: Some(1),
        qualifier: Qualifier::Exact,
        min: Some(1),
        max: Some(1),
        text: text.to_owned(),
    }
}

/// "shot five classmates, two fatally": the two are killed, and no longer
/// among the wounded of their parent count.
fn split_fatal(fatal: &Pair<Rule>, parent: usize, span: Span, out: &mut Vec<ClauseEvent>) {
    let count = match children(fatal, Rule::count).next() {
        Some(count) => read_count(&count),
        None => Some(one(&squash(fatal.as_str()))),
    };
    let Some(count) = count else {
        return;
    };
    let fatal_value = count.value.unwrap_or(0);
    let parent_event = &mut out[parent];
    // The fatal part says who among the shot died: the rest are wounded.
    if parent_event.kind == SHOT_KIND {
        parent_event.kind = NON_FATAL_KIND.to_owned();
    }
    if parent_event.kind == NON_FATAL_KIND
        && let Some(value) = parent_event.count.value
    {
        let rest = value.saturating_sub(fatal_value);
        let bounds = |b: Option<u64>| b.map(|b| b.saturating_sub(fatal_value));
        parent_event.count.value = Some(rest);
        parent_event.count.min = bounds(parent_event.count.min);
        parent_event.count.max = bounds(parent_event.count.max);
    }
    let (who, negated) = (parent_event.who.clone(), parent_event.negated);
    out.push(ClauseEvent::new(
        FATAL_KIND, count, who, negated, None, span,
    ));
}

/// Pushes the event of a `counted` or `subset` pair; returns its index. A
/// subset has its own predicate ("of which 13 have been eliminated") or takes
/// its parent's kind, and takes its parent's role when it names none.
fn push_counted(
    pair: &Pair<Rule>,
    predicate: &Predicate,
    span: Span,
    part_of: Option<usize>,
    out: &mut Vec<ClauseEvent>,
) -> Option<usize> {
    let own = children(pair, Rule::predicate)
        .next()
        .as_ref()
        .and_then(read_predicate);
    let Predicate { kind, negated } = own.unwrap_or_else(|| predicate.clone());
    let (count, own_who) = match children(pair, Rule::count).next() {
        Some(count) => (
            hedged(read_count(&count)?, pair),
            children(pair, Rule::role)
                .next()
                .map(|role| read_role(&role)),
        ),
        None => {
            let single = children(pair, Rule::single).next()?;
            (one(determiner_of(&single)), Some(read_role(&single)))
        }
    };
    let who = own_who.or_else(|| part_of.and_then(|p| out[p].who.clone()));
    out.push(ClauseEvent::new(kind, count, who, negated, part_of, span));
    Some(out.len() - 1)
}

/// What a predicate says happened: the kind its event word names, and
/// whether it is negated ("were not killed").
#[derive(Debug, Clone)]
struct Predicate {
    kind: String,
    negated: bool,
}

impl Predicate {
    /// The predicate an event was read from: what its subsets inherit.
    fn of(event: &ClauseEvent) -> Self {
        Predicate {
            kind: event.kind.clone(),
            negated: event.negated,
        }
    }
}

/// The predicate of a `predicate` pair (or a clause holding one).
fn read_predicate(pair: &Pair<Rule>) -> Option<Predicate> {
    let word = find(
        pair,
        &[
            Rule::event_verb,
            Rule::event_state,
            Rule::event_noun,
            Rule::grave_verb,
            Rule::grave_state,
        ],
    )?;
    let kind = kind_of(word.into_inner().next()?.as_rule())?;
    let negated = find(pair, &[Rule::negation]).is_some();
    Some(Predicate { kind, negated })
}

/// The role as written (a `role`, `single` or `partitive` pair), and its
/// category: the last known noun before "of", else the last known noun after it.
fn read_role(role: &Pair<Rule>) -> Who {
    let categories = |pairs: Vec<Pair<Rule>>| {
        pairs
            .into_iter()
            .flat_map(|p| std::iter::once(p.clone()).chain(p.into_inner().flatten()))
            .filter(|p| p.as_rule() == Rule::role_word)
            .filter_map(|p| p.into_inner().next().and_then(|w| category_of(w.as_rule())))
            .last()
    };
    let parts = |rules: &[Rule]| {
        role.clone()
            .into_inner()
            .filter(|p| rules.contains(&p.as_rule()))
            .collect::<Vec<_>>()
    };
    let head = match children(role, Rule::single_phrase).next() {
        Some(phrase) => lexicon_category(&phrase),
        None => categories(parts(&[Rule::role_phrase])),
    };
    let category = head
        .or_else(|| categories(parts(&[Rule::role_of])))
        .or_else(|| categories(vec![role.clone()]));
    // One person's role leaves out its determiner: "his girlfriend" → "girlfriend".
    let start = children(role, Rule::single_phrase)
        .next()
        .map_or(0, |p| p.as_span().start() - role.as_span().start());
    Who {
        text: squash(&role.as_str()[start..]),
        category: category.unwrap_or_else(|| "unknown".to_owned()),
    }
}

/// The category of the last lexicon noun among the words (inner pairs) of a
/// phrase. The phrase is parsed as plain words (cheaper, and it is tried at
/// every "the"); its words are looked up in the grammar's `role_word` only
/// once it has matched.
fn lexicon_category(phrase: &Pair<Rule>) -> Option<String> {
    let text = phrase.as_str();
    let start = phrase.as_span().start();
    phrase
        .clone()
        .into_inner()
        .filter_map(|word| {
            let rest = &text[word.as_span().start() - start..];
            let pair = NewsParser::attempt(Rule::role_word, rest)?.next()?;
            category_of(pair.into_inner().next()?.as_rule())
        })
        .last()
}

fn read_attribution(pair: &Pair<Rule>, span: Span) -> Option<FoundAttribution> {
    let shape = pair.clone().into_inner().next()?;
    let cue = find(&shape, &[Rule::according_cue, Rule::saying_cue])?;
    // "according to a statement released by her family": the whole phrase
    // is the source as written; its first source says what kind it is.
    let (source, text) = match children(&shape, Rule::according_source).next() {
        Some(issued) => (children(&issued, Rule::source).next(), issued.as_str()),
        None => {
            let source = children(&shape, Rule::source).next()?;
            let text = source.as_str();
            (Some(source), text)
        }
    };
    let kind = source
        .as_ref()
        .and_then(|s| s.clone().into_inner().next())
        .map(|p| p.as_rule());
    let via = children(&shape, Rule::relay)
        .next()
        .or_else(|| source.as_ref().and_then(|s| find(s, &[Rule::relay])))
        .and_then(|relay| {
            Some(Via {
                text: squash(children(&relay, Rule::source).next()?.as_str()),
                cue: squash(&find(&relay, &[Rule::relay_cue])?.as_str().to_lowercase()),
            })
        });
    Some(FoundAttribution {
        text: squash(text).trim_end_matches(',').to_owned(),
        cue: squash(&cue.as_str().to_lowercase()),
        via,
        refers_back: kind == Some(Rule::same_source),
        pronoun: kind == Some(Rule::pronoun_source),
        span,
    })
}
