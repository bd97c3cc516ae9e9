//! `newstally explain`: what the grammar sees in one sentence, for editors.
//!
//! Prints the islands the scanner finds as an indented tree of rule names
//! (silent glue rules do not appear), then the events and attributions the
//! sentence yields, so an editor can see which rule to change.

use std::fmt::Write as _;

use pest::iterators::Pair;

use crate::grammar::{Rule, rule_name};
use crate::prefilter::triggers;
use crate::scan::scan;

/// The parse tree of `sentence` and its extraction as JSON, as text: what
/// `newstally explain` prints, for grammar editors. Its layout is for
/// reading, not parsing, and follows the grammar's rule names.
///
/// ```
/// let text = newstally::explain("Two soldiers were wounded.");
/// assert!(text.contains("role_military \"soldiers\""));
/// assert!(text.contains("wounded_verb \"wounded\""));
/// ```
pub fn explain(sentence: &str) -> String {
    let mut out = String::new();
    let hits = triggers(sentence);
    if hits.is_empty() {
        out.push_str(
            "note: no trigger word (a word of a *_verb, *_state, *_noun or *_cue rule), so extraction skips this sentence.\n",
        );
    }
    scan(sentence, true, &hits, |island, _| {
        write_tree(&island, 0, &mut out)
    });
    let document = crate::extract(sentence);
    out.push_str("\nevents and attributions:\n");
    out.push_str(
        &serde_json::to_string_pretty(&document)
            .unwrap_or_else(|e| format!("cannot serialise: {e}")),
    );
    out.push('\n');
    out
}

fn write_tree(pair: &Pair<Rule>, depth: usize, out: &mut String) {
    let _ = writeln!(
        out,
        "{:indent$}{} {:?}",
        "",
        rule_name(pair.as_rule()),
        pair.as_str().trim_end(),
        indent = depth * 2
    );
    // Words stepped over inside an island are noise here.
    for child in pair
        .clone()
        .into_inner()
        .filter(|c| c.as_rule() != Rule::word)
    {
        write_tree(&child, depth + 1, out);
    }
}
