//! `newstally explain`: what the grammar sees in one sentence, for editors.
//!
//! Prints the islands the scanner found as an indented tree of rule names
//! (silent glue rules do not appear), then the events and attributions the
//! sentence yields, so an editor can see which rule to change.

use std::fmt::Write as _;

use pest::Parser;
use pest::iterators::Pair;

use crate::grammar::{NewsParser, Rule, rule_name};
use crate::prefilter::worth_parsing;

/// The parse tree of `sentence` and its extraction as JSON, as text.
pub fn explain(sentence: &str) -> String {
    let mut out = String::new();
    if !worth_parsing(sentence) {
        out.push_str(
            "note: no trigger word (a word of a *_verb, *_state, *_noun or *_cue rule), so extraction skips this sentence.\n",
        );
    }
    match NewsParser::parse(Rule::sentence, sentence) {
        Ok(pairs) => {
            // Skipped words are noise here; show the islands only.
            for pair in pairs.flat_map(|p| p.into_inner()).filter(|p| !matches!(p.as_rule(), Rule::word | Rule::EOI)) {
                write_tree(&pair, 0, &mut out);
            }
        }
        Err(e) => {
            let _ = writeln!(out, "the grammar rejected the sentence:\n{e}");
        }
    }
    let document = crate::extract(sentence);
    out.push_str("\nevents and attributions:\n");
    out.push_str(&serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("cannot serialise: {e}")));
    out.push('\n');
    out
}

fn write_tree(pair: &Pair<Rule>, depth: usize, out: &mut String) {
    let _ = writeln!(out, "{:indent$}{} {:?}", "", rule_name(pair.as_rule()), pair.as_str(), indent = depth * 2);
    for child in pair.clone().into_inner() {
        write_tree(&child, depth + 1, out);
    }
}
