//! `newstally explain`: what the grammar sees in a sentence (or a few), for
//! editors.
//!
//! Prints the islands the scanner finds, sentence by sentence, as indented
//! trees of rule names (silent glue rules do not appear), then the events and
//! attributions the text yields, so an editor can see which rule to change.

use std::borrow::Cow;
use std::fmt::Write as _;

use pest::iterators::Pair;

use crate::grammar::{Rule, rule_name};
use crate::pipeline::extract;
use crate::sentence::Step;

/// The parse tree of each sentence of `text` and the extraction as JSON, as
/// text: what `newstally explain` prints, for grammar editors. It is one
/// traced run of the extraction, so what is shown is what ran. Its layout
/// is for reading, not parsing, and follows the grammar's rule names.
///
/// ```
/// let text = newstally::explain("Two soldiers were wounded.");
/// assert!(text.contains("role_military \"soldiers\""));
/// assert!(text.contains("wounded_verb \"wounded\""));
/// ```
pub fn explain(text: &str) -> String {
    let mut out = String::new();
    let extraction = extract(Cow::Borrowed(text), None, &mut |step: Step| match step {
        Step::NoTrigger(sentence) => {
            let _ = writeln!(
                out,
                "note: no trigger word (a word of a *_verb, *_state, *_noun or *_cue rule) in {:?}, so extraction skips this sentence.",
                sentence.text
            );
        }
        Step::Island(island) => write_tree(island, 0, &mut out),
    });
    out.push_str("\nevents and attributions:\n");
    out.push_str(
        &serde_json::to_string_pretty(&extraction)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `explain` shows the run as it happens, sentence by sentence: the
    /// sentence without a trigger word is noted as skipped, as extraction
    /// skips it, and the tree shown is the one the events came from.
    #[test]
    fn explains_each_sentence_as_extraction_reads_it() {
        let shown = explain("Two soldiers were killed on Friday. The weather was fine.");
        let (trees, json) = shown
            .split_once("\nevents and attributions:\n")
            .expect("explain prints trees, then the extraction");
        assert_eq!(trees.matches("note: no trigger word").count(), 1, "{trees}");
        assert!(
            trees.contains("in \"The weather was fine.\", so"),
            "{trees}"
        );
        assert!(
            trees.contains("event \"Two soldiers were killed\""),
            "{trees}"
        );
        assert!(trees.contains("time \"on Friday\""), "{trees}");
        assert!(json.contains("\"kind\": \"killed\""), "{json}");
    }
}
