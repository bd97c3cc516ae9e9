//! The pest parser generated from `grammar/*.pest`, and the two naming
//! conventions that let the Rust side read meaning from rule names (so that
//! editors never need to touch Rust to add a word, a kind or a category).
//!
//! - `<kind>_verb`, `<kind>_state`, `<kind>_noun` → the event kind;
//! - `role_<category>` → the role category;
//! - `n_<value>`, `x_<value>` → a number word's value (see `count.rs`).

use pest::iterators::Pair;
use pest_derive::Parser;

/// The newstally grammar: all files of `grammar/`, compiled as one.
#[derive(Parser)]
#[grammar = "grammar/scanner.pest"]
#[grammar = "grammar/numbers.pest"]
#[grammar = "grammar/roles.pest"]
#[grammar = "grammar/events.pest"]
#[grammar = "grammar/attribution.pest"]
#[grammar = "grammar/time_place.pest"]
pub struct NewsParser;

/// The rule's name as written in the grammar: `killed_verb`.
pub fn rule_name(rule: Rule) -> String {
    format!("{rule:?}")
}

/// The event kind named by an event-word rule: `killed_verb` → `killed`.
pub fn kind_of(rule: Rule) -> Option<String> {
    let name = rule_name(rule);
    ["_verb", "_state", "_noun"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix).map(str::to_owned))
}

/// The category named by a role rule: `role_police` → `police`.
pub fn category_of(rule: Rule) -> Option<String> {
    rule_name(rule).strip_prefix("role_").map(str::to_owned)
}

/// The first descendant (or the pair itself) with one of `rules`.
pub fn find<'i>(pair: &Pair<'i, Rule>, rules: &[Rule]) -> Option<Pair<'i, Rule>> {
    std::iter::once(pair.clone())
        .chain(pair.clone().into_inner().flatten())
        .find(|p| rules.contains(&p.as_rule()))
}

/// The direct children with rule `rule`.
pub fn children<'i>(pair: &Pair<'i, Rule>, rule: Rule) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.clone()
        .into_inner()
        .filter(move |p| p.as_rule() == rule)
}

/// Collapses runs of whitespace (a phrase may span a line break).
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
