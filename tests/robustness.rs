//! Bad or extreme input: never a panic, a hang or a stack overflow, and
//! nothing lost. (Speed and memory on 10 MB and on a 50 MB line are measured
//! by `cargo bench`, in release mode: see benches/throughput.rs.)

use newstally::batch::read_record;
use newstally::{Extractor, extract};

#[test]
fn empty_and_blank_input_yield_an_empty_document() {
    for text in ["", " ", "\n\n\n", "\u{feff}", "“", "\"", "(((", "13"] {
        let doc = extract(text);
        assert!(
            doc.events.is_empty() && doc.error.is_none(),
            "{text:?}: {doc:?}"
        );
    }
}

#[test]
fn deeply_nested_quotes_and_brackets_do_not_overflow_the_stack() {
    let depth = 100_000;
    for (open, close) in [("(", ")"), ("“", "”"), ("[", "]"), ("\"", "\""), ("«", "»")] {
        let text = format!(
            "{}13 people were killed{}",
            open.repeat(depth),
            close.repeat(depth)
        );
        let doc = extract(&text);
        assert_eq!(
            doc.events.len(),
            1,
            "{open}…{close}: the event inside is still found"
        );
        assert_eq!(doc.events[0].count.value, Some(13));
    }
}

#[test]
fn a_long_line_without_sentence_ends_loses_no_event() {
    let clause = "police said 13 people were killed and ";
    let repeats = 2_000;
    let text = clause.repeat(repeats);
    let doc = extract(&text);
    assert_eq!(
        doc.events.len(),
        repeats,
        "one event per clause, even in one 76 kB sentence"
    );
    assert!(
        doc.events
            .iter()
            .all(|e| e.count.value == Some(13) && e.source.is_some())
    );
}

#[test]
fn a_run_of_periods_costs_linear_time() {
    let text = format!("13 people were killed{} Police said.", ".".repeat(200_000));
    assert_eq!(extract(&text).events.len(), 1);
}

#[test]
fn a_long_word_is_stepped_over() {
    let text = format!("{} 13 people were killed.", "x".repeat(1 << 20));
    assert_eq!(extract(&text).events.len(), 1);
}

#[test]
fn unreadable_records_become_error_records_naming_the_line() {
    let extractor = Extractor::new();
    let cases: [(&[u8], &str); 4] = [
        (b"\xff\xfe{", "line 3: not valid UTF-8"),
        (b"[1, 2]", "line 3: not a JSON object"),
        (b"{\"id\": 1}", "line 3: no \"text\""),
        (b"{\"id\": 1, \"text\": 5}", "line 3: no \"text\""),
    ];
    for (bytes, message) in cases {
        let doc = read_record(3, bytes, &extractor);
        let error = doc.error.unwrap_or_default();
        assert!(error.starts_with(message), "{error}");
    }
}

/// The two inputs that were quadratic (issue 7); their cost is measured by
/// doubling in `cargo bench` (benches/throughput.rs), here only what they yield.
fn repeated_sentences(n: usize, second_ending: &str) -> String {
    let clauses = "13 people were killed and ".repeat(n);
    format!("{clauses}end.\n{clauses}{second_ending}\n")
}

fn commas_between_a_quote_and_its_sources(n: usize) -> String {
    format!(
        "“13 people were killed,” {}{}\n",
        ", ".repeat(n),
        "police said ".repeat(n)
    )
}

#[test]
fn sentences_that_almost_repeat_are_compared_once() {
    // Not a repeat ("zz..." is not how the first sentence goes on): every event stays.
    let doc = extract(&repeated_sentences(1_000, "zz..."));
    assert_eq!(doc.events.len(), 2_000);
    // A cut-short repeat ("..."): its events are mentions of the first sentence's.
    let doc = extract(&repeated_sentences(1_000, "..."));
    assert_eq!(doc.events.len(), 1_000);
    assert_eq!(
        doc.events.iter().map(|e| e.mentions.len()).sum::<usize>(),
        1_000
    );
}

#[test]
fn a_long_run_of_commas_is_not_glue_between_a_quote_and_its_source() {
    let doc = extract(&commas_between_a_quote_and_its_sources(2_000));
    assert_eq!(doc.events.len(), 1);
    assert_eq!(doc.attributions.len(), 2_000);
    assert!(doc.attributions.iter().all(|a| !a.quoted));
    // Short glue still links: “…,” police said.
    let doc = extract("“13 people were killed,” police said.");
    assert!(doc.attributions[0].quoted);
}
