//! Matching an extracted document against a gold file (`tests/corpus/*.gold.json`,
//! whose `how_to_match` says how): used by tests/corpus.rs and by the
//! README's worked example (tests/readme_example.rs).

use newstally::{Attribution, Document, Event, Source};
use serde_json::Value;

/// What `document` and `gold` disagree on: expected events and
/// attributions not found, and events found that the gold neither expects
/// nor allows (`allowed_extra`, each with its reason) — the check goes both
/// ways, so a new false hit fails as surely as a miss.
pub fn unmatched(gold: &Value, document: &Document) -> Vec<String> {
    let entries: Vec<(Entry, &Value)> = [
        (Entry::Expected, &gold["events"]),
        (Entry::Allowed, &gold["allowed_extra"]),
        (Entry::NotYet, &gold["not_yet_found"]),
    ]
    .into_iter()
    .flat_map(|(kind, list)| {
        list.as_array()
            .into_iter()
            .flatten()
            .map(move |e| (kind, e))
    })
    .filter(|(kind, e)| *kind != Entry::NotYet || e["was"] == "event")
    .collect();
    let values: Vec<&Value> = entries.iter().map(|(_, e)| *e).collect();
    let (found_for, used) = match_all(&values, &document.events, event_matches);
    let mut problems = Vec::new();
    for ((kind, entry), found) in entries.iter().zip(&found_for) {
        match (kind, found) {
            (Entry::Expected, None) => problems.push(format!("expected event not found: {entry}")),
            (Entry::Allowed, None) => problems.push(format!(
                "allowed_extra entry matches no event: remove it (or move it to \"events\" if it is now expected): {entry}"
            )),
            (Entry::Allowed, Some(_)) if entry["reason"].as_str().is_none_or(|r| r.trim().is_empty()) => problems
                .push(format!("allowed_extra entry has no \"reason\": say why this event is acceptable: {entry}")),
            (Entry::NotYet, Some(_)) => problems.push(format!(
                "a not_yet_found event is found now: move it back to \"events\" (without \"why_not_yet\" and \"was\"): {entry}"
            )),
            _ => {}
        }
    }
    for (event, _) in document
        .events
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
    {
        problems.push(format!(
            "event found but not in the gold file: {}\n    add it to \"events\" if it is right, or to \"allowed_extra\" \
             with a \"reason\" if it is a known, acceptable extra; else fix the grammar",
            summary(event)
        ));
    }
    let expected: Vec<&Value> = gold["attributions_without_counts"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let (found_for, _) = match_all(&expected, &document.attributions, attribution_matches);
    for (entry, _) in expected
        .iter()
        .zip(&found_for)
        .filter(|(_, found)| found.is_none())
    {
        problems.push(format!("expected attribution not found: {entry}"));
    }
    problems
}

/// The lists of a gold file that events are matched against, in priority order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// `events`: must each be found.
    Expected,
    /// `allowed_extra`: events found that the gold does not expect, with a reason.
    Allowed,
    /// `not_yet_found` (events only): known misses; found, they belong in `events` again.
    NotYet,
}

/// An extracted event as a gold entry would write it, to paste into the file.
fn summary(event: &Event) -> Value {
    let mut entry = serde_json::json!({
        "kind": event.kind,
        "count": {"value": event.count.value, "qualifier": event.count.qualifier},
        "count_text": event.count.text,
        "evidence": event.evidence,
    });
    if let Some(who) = &event.who {
        entry["who"] = who.text.clone().into();
        entry["category"] = who.category.clone().into();
    }
    if let Some(part_of) = event.part_of {
        entry["part_of"] = part_of.into();
    }
    entry
}

/// A maximum matching of entries to found items, each used at most once
/// (so that the order of a file's entries does not decide which events are
/// left over); earlier entries keep their match when later ones are added.
/// Returns the found item of each entry, and which found items are used.
fn match_all<T>(
    entries: &[&Value],
    found: &[T],
    matches: fn(&Value, &T) -> bool,
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut owner: Vec<Option<usize>> = vec![None; found.len()];
    for entry in 0..entries.len() {
        let mut seen = vec![false; found.len()];
        augment(entry, entries, found, matches, &mut owner, &mut seen);
    }
    let mut found_for = vec![None; entries.len()];
    for (item, entry) in owner.iter().enumerate() {
        if let Some(entry) = entry {
            found_for[*entry] = Some(item);
        }
    }
    (found_for, owner.iter().map(Option::is_some).collect())
}

/// Kuhn's augmenting path: gives `entry` a found item, moving others along.
fn augment<T>(
    entry: usize,
    entries: &[&Value],
    found: &[T],
    matches: fn(&Value, &T) -> bool,
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for item in 0..found.len() {
        if seen[item] || !matches(entries[entry], &found[item]) {
            continue;
        }
        seen[item] = true;
        if owner[item].is_none_or(|other| augment(other, entries, found, matches, owner, seen)) {
            owner[item] = Some(entry);
            return true;
        }
    }
    false
}

pub fn event_matches(expected: &Value, event: &Event) -> bool {
    let count = &expected["count"];
    let qualifier = serde_json::to_value(event.count.qualifier).expect("qualifier serialises");
    let who = event.who.as_ref();
    expected["kind"] == event.kind
        && count["value"].as_u64() == event.count.value
        && count["qualifier"] == qualifier
        && contains(&expected["who"], who.map(|w| w.text.as_str()))
        && contains(&expected["category"], who.map(|w| w.category.as_str()))
        && contains(
            &expected["time"],
            event.time.as_ref().map(|t| t.text.as_str()),
        )
        && contains(
            &expected["place"],
            event.place.as_ref().map(|p| p.text.as_str()),
        )
        && contains(&expected["count_text"], Some(&event.count.text))
        && source_matches(expected, event.source.as_ref())
        && quoted_matches(expected, event.quoted)
}

fn attribution_matches(expected: &Value, attribution: &Attribution) -> bool {
    source_matches(expected, Some(&attribution.source))
        && contains(&expected["quote_starts"], attribution.quote.as_deref())
        && quoted_matches(expected, attribution.quoted)
}

/// `source` (text or resolved), `cue` and `via` of a gold item; each is
/// checked only when the gold item has it.
fn source_matches(expected: &Value, source: Option<&Source>) -> bool {
    let texts = source.map_or(Vec::new(), |s| {
        vec![s.text.clone(), s.resolved.clone().unwrap_or_default()]
    });
    let via = source
        .and_then(|s| s.via.as_ref())
        .map(|v| format!("{} {}", v.cue, v.text));
    contains_any(&expected["source"], &texts)
        && contains(&expected["cue"], source.map(|s| s.cue.as_str()))
        && contains(&expected["via"], via.as_deref())
}

fn quoted_matches(expected: &Value, quoted: bool) -> bool {
    expected["quoted"].is_null() || expected["quoted"] == quoted
}

/// A gold field (absent, a string or a list of strings) against an extracted
/// field: a case-insensitive substring of it.
fn contains(expected: &Value, actual: Option<&str>) -> bool {
    contains_any(
        expected,
        &actual.map(str::to_owned).into_iter().collect::<Vec<_>>(),
    )
}

fn contains_any(expected: &Value, actuals: &[String]) -> bool {
    let wanted: Vec<&str> = match expected {
        Value::Null => return true,
        Value::String(s) => vec![s.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    wanted.iter().any(|w| {
        actuals
            .iter()
            .any(|a| !a.is_empty() && a.to_lowercase().contains(&w.to_lowercase()))
    })
}
