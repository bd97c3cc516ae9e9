//! Every example in a `///` line of `grammar/*.pest` is run here, so the
//! comments an editor reads are true (the conventions are at the top of
//! `grammar/scanner.pest`):
//!
//! - a "quoted" example must be matched by its rule at some word start; with
//!   a part in [brackets], exactly that part;
//! - after `not` or `never` it is a counter-example: the rule matches it nowhere;
//! - an example of an event-kind rule (`killed_verb`) or a role category
//!   (`role_police`) is a sentence whose extraction (`newstally::extract`)
//!   gives an event of that kind, or a `who` of that category.
//!
//! The rules are run by pest's grammar interpreter (`pest_vm`) on the very
//! files the parser is generated from: it can start at any rule, silent
//! ones too, which the generated parser cannot.

#[path = "../src/build/check.rs"]
#[allow(dead_code)]
mod check;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use check::{
    Example, Grammar, Severity, called_rules, category_of_rule, examples, kind_of_rule,
    read_sources,
};
use pest_meta::ast::RuleType;
use pest_vm::Vm;

/// Each rule wrapped in a rule of this prefix, so that even a silent rule's
/// match has a span to measure.
const PROBE: &str = "example_probe__";

fn grammar() -> Grammar {
    // Tests run in the package's folder: paths read as in the build's messages.
    Grammar::read(read_sources(Path::new("grammar"), "pest")).unwrap_or_else(|errors| {
        panic!("the grammar has errors (cargo build shows them): {errors:?}")
    })
}

/// The grammar, and a probe rule around every rule, in pest's interpreter.
/// A rule used only inside atomic rules gets an atomic probe, so that it runs
/// as it does in the parser: with no implicit spaces between its parts.
fn interpreter(grammar: &Grammar) -> Vm {
    let mut text: String = grammar
        .sources
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let atomic = atomic_only(grammar);
    for rule in &grammar.rules {
        let modifier = if atomic.contains(&rule.name) { "@" } else { "" };
        text.push_str(&format!("\n{PROBE}{0} = {modifier}{{ {0} }}", rule.name));
    }
    let (_, rules) = pest_meta::parse_and_optimize(&text)
        .unwrap_or_else(|e| panic!("the grammar does not load in pest_vm: {e:?}"));
    Vm::new(rules)
}

/// The rules without a modifier of their own that are called only from
/// atomic rules (`@{}`, `${}`) or from such rules.
fn atomic_only(grammar: &Grammar) -> BTreeSet<String> {
    let atomic_type = |ty: RuleType| matches!(ty, RuleType::Atomic | RuleType::CompoundAtomic);
    let mut callers: BTreeMap<&str, Vec<(&str, RuleType)>> = BTreeMap::new();
    for rule in &grammar.rules {
        for callee in called_rules(&rule.expr) {
            if let Some(callee) = grammar.rules.iter().find(|r| r.name == callee) {
                callers
                    .entry(callee.name.as_str())
                    .or_default()
                    .push((rule.name.as_str(), rule.ty));
            }
        }
    }
    let mut atomic: BTreeSet<String> = grammar
        .rules
        .iter()
        .filter(|r| {
            matches!(r.ty, RuleType::Normal | RuleType::Silent)
                && callers.contains_key(r.name.as_str())
        })
        .map(|r| r.name.clone())
        .collect();
    loop {
        let kept: BTreeSet<String> = atomic
            .iter()
            .filter(|name| {
                callers[name.as_str()]
                    .iter()
                    .all(|(caller, ty)| atomic_type(*ty) || atomic.contains(*caller))
            })
            .cloned()
            .collect();
        if kept.len() == atomic.len() {
            return kept;
        }
        atomic = kept;
    }
}

/// Where a rule may start in an example: at each word and each mark.
fn word_starts(text: &str) -> Vec<usize> {
    let mut previous: Option<char> = None;
    let mut starts = Vec::new();
    for (i, c) in text.char_indices() {
        let inside_word = previous.is_some_and(|p| p.is_alphanumeric()) && c.is_alphanumeric();
        if !c.is_whitespace() && !inside_word {
            starts.push(i);
        }
        previous = Some(c);
    }
    starts
}

/// The end of `rule`'s match at `start` of `text`, trailing spaces left out.
fn match_end(vm: &Vm, rule: &str, text: &str, start: usize) -> Option<usize> {
    let probe = format!("{PROBE}{rule}");
    let pair = vm.parse(&probe, &text[start..]).ok()?.next()?;
    Some(start + pair.as_str().trim_end().len())
}

/// What is wrong with one example, if anything.
fn problem(vm: &Vm, grammar: &Grammar, example: &Example) -> Option<String> {
    let rule = example.rule.as_str();
    let text = example.text.as_str();
    let starts = word_starts(text);
    let matched_at = starts
        .iter()
        .find(|&&i| match_end(vm, rule, text, i).is_some());
    if example.counter {
        return matched_at.map(|&i| {
            format!(
                "counter-example, but `{rule}` matches it at \"{}\"",
                &text[i..]
            )
        });
    }
    if let Some((start, end)) = example.exact {
        let end_found = match_end(vm, rule, text, start);
        return (end_found != Some(end)).then(|| match end_found {
            Some(other) => format!(
                "`{rule}` matches \"{}\", not the bracketed \"{}\"",
                &text[start..other],
                &text[start..end]
            ),
            None => format!(
                "`{rule}` does not match at the bracketed \"{}\"",
                &text[start..end]
            ),
        });
    }
    if matched_at.is_none() {
        return Some(format!("`{rule}` matches it nowhere (at no word start)"));
    }
    meaning_problem(grammar, example)
}

/// An example of a kind or category rule must be extracted as one.
fn meaning_problem(grammar: &Grammar, example: &Example) -> Option<String> {
    let rules = grammar.by_name();
    let document = newstally::extract(&example.text);
    let kinds: Vec<&str> = document.events.iter().map(|e| e.kind.as_str()).collect();
    let categories: Vec<&str> = document
        .events
        .iter()
        .filter_map(|e| e.who.as_ref())
        .map(|w| w.category.as_str())
        .collect();
    if let Some(kind) = kind_of_rule(&example.rule, &rules)
        && !kinds.contains(&kind.as_str())
    {
        return Some(format!(
            "an example of an event-kind rule must be a sentence that yields kind `{kind}`; extract gives kinds {kinds:?}"
        ));
    }
    if let Some(category) = category_of_rule(&example.rule, &rules)
        && !categories.contains(&category.as_str())
    {
        return Some(format!(
            "an example of a role category must be a sentence with a `who` of category `{category}`; extract gives {categories:?}"
        ));
    }
    None
}

#[test]
fn every_example_holds() {
    let grammar = grammar();
    let vm = interpreter(&grammar);
    let examples =
        examples(&grammar).unwrap_or_else(|errors| panic!("malformed examples: {errors:?}"));
    assert!(
        examples.len() > 300,
        "the grammar's examples were not found ({})",
        examples.len()
    );
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            let why = problem(&vm, &grammar, example)?;
            let at = grammar.at(example.place, Severity::Error, String::new());
            Some(format!(
                "{}:{}:{}: \"{}\": {why}",
                at.path, at.line, at.col, example.text
            ))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} examples do not hold:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The conventions' own cases, on the real grammar.
#[test]
fn brackets_and_counter_examples_are_read() {
    let grammar = grammar();
    let vm = interpreter(&grammar);
    let example = |text: &str, rule: &str| {
        let place = check::Place {
            file: 0,
            offset: 0,
            len: 0,
        };
        check::Example {
            rule: rule.to_owned(),
            text: text.to_owned(),
            exact: None,
            counter: false,
            place,
        }
    };
    // A matching example passes; a counter-example that matches fails.
    assert_eq!(
        problem(&vm, &grammar, &example("the blast killed 12", "event_verb")),
        None
    );
    let counter = check::Example {
        counter: true,
        ..example("the blast killed 12", "event_verb")
    };
    assert!(problem(&vm, &grammar, &counter).is_some());
    // Brackets: exactly that part.
    let exact = check::Example {
        text: "a man and woman".into(),
        exact: Some((10, 15)),
        ..example("", "single_bare")
    };
    assert_eq!(problem(&vm, &grammar, &exact), None);
    let too_short = check::Example {
        exact: Some((10, 13)),
        ..exact
    };
    assert!(problem(&vm, &grammar, &too_short).is_some_and(|p| p.contains("not the bracketed")));
    // A kind rule's example must be extracted as that kind.
    assert!(
        problem(&vm, &grammar, &example("killed", "killed_verb"))
            .is_some_and(|p| p.contains("yields kind `killed`"))
    );
    assert_eq!(
        problem(
            &vm,
            &grammar,
            &example("Three soldiers were killed.", "killed_verb")
        ),
        None
    );
}
