//! The grammar checker (src/build/check.rs, run by the build script) on
//! broken copies of the real grammar: each mistake an editor can make gives
//! one message that names the file, the line and the fix. The grammar is
//! edited in memory, so these tests need no build of their own; the one
//! end-to-end check that cargo shows the message and no Rust error is in
//! tests/readme_example.rs.

#[path = "../src/build/check.rs"]
#[allow(dead_code)]
mod check;

use std::path::Path;

use check::conventions::{CUE_SUFFIX, EVENT_SUFFIXES, ROLE_PREFIX};
use check::{
    Diagnostic, Grammar, Severity, Source, char_sets, check, reaches, read_sources, rust_sources,
};

/// The grammar and the Rust sources as they are (tests run in the package's folder).
fn sources() -> (Vec<Source>, Vec<Source>) {
    (
        read_sources(Path::new("grammar"), "pest"),
        rust_sources(Path::new("src")),
    )
}

/// Replaces `from` (which must occur exactly once) by `to` in `file`.
fn edit(sources: &mut [Source], file: &str, from: &str, to: &str) {
    let source = sources
        .iter_mut()
        .find(|s| s.path.ends_with(file))
        .unwrap_or_else(|| panic!("no source {file}"));
    assert_eq!(
        source.text.matches(from).count(),
        1,
        "{from:?} should occur once in {file}"
    );
    source.text = source.text.replacen(from, to, 1);
}

/// Everything the checker says about the grammar after `change`.
fn diagnostics(change: impl FnOnce(&mut Vec<Source>, &mut Vec<Source>)) -> Vec<Diagnostic> {
    let (mut grammar, mut rust) = sources();
    change(&mut grammar, &mut rust);
    match Grammar::read(grammar) {
        Ok(grammar) => check(&grammar, &rust),
        Err(errors) => errors,
    }
}

/// The one error the checker finds after `change` (and no other).
fn only_error(change: impl FnOnce(&mut Vec<Source>, &mut Vec<Source>)) -> Diagnostic {
    let found = diagnostics(change);
    let errors: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "expected one error, got:\n{}",
        render_all(&found)
    );
    errors[0].clone()
}

fn render_all(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(Diagnostic::render)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line (1-based) of `file` that contains `text`.
fn line_of(file: &str, text: &str) -> usize {
    let source = std::fs::read_to_string(Path::new("grammar").join(file)).expect("grammar file");
    source
        .lines()
        .position(|l| l.contains(text))
        .expect("text in file")
        + 1
}

fn assert_at(d: &Diagnostic, file: &str, line: usize, col: usize) {
    assert_eq!(
        (d.path.as_str(), d.line, d.col),
        (format!("grammar/{file}").as_str(), line, col),
        "{}",
        d.render()
    );
}

#[test]
fn the_grammar_as_shipped_has_no_error_and_no_warning() {
    let found = diagnostics(|_, _| {});
    assert!(found.is_empty(), "{}", render_all(&found));
}

#[test]
fn a_syntax_error_names_its_file_and_how_rules_are_written() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            "^\"dead\" |\n    died |",
            "^\"dead\"\n    died |",
        )
    });
    // The `|` missing after "dead" is found at the next word.
    assert_at(
        &d,
        "events.pest",
        line_of("events.pest", "killed_state = {") + 2,
        5,
    );
    assert!(
        d.message.starts_with("the grammar does not parse here ("),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("alternatives are separated by `|`"),
        "{}",
        d.message
    );
}

#[test]
fn an_unclosed_string_is_found_in_its_own_file() {
    // Each file is parsed on its own, so the error is not pushed into the next file.
    let d = only_error(|g, _| {
        edit(
            g,
            "numbers.pest",
            r#"n_3 = { ^"three" }"#,
            r#"n_3 = { ^"three }"#,
        )
    });
    assert_at(&d, "numbers.pest", line_of("numbers.pest", "n_3 = {"), 10);
    assert!(
        d.message
            .starts_with("this string has no closing `\"` on its line: close it"),
        "{}",
        d.message
    );
}

#[test]
fn an_undefined_rule_suggests_the_closest_name() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            "casualties_verb |\n    killed_verb |",
            "casualties_verb |\n    kiled_verb |",
        )
    });
    assert_at(
        &d,
        "events.pest",
        line_of("events.pest", "event_verb = ${") + 2,
        5,
    );
    assert_eq!(
        d.message,
        "rule `kiled_verb` is not defined in any grammar/*.pest file (did you mean `killed_verb`?): fix the name, or \
         define it: `kiled_verb = { ... }`"
    );
}

#[test]
fn a_rule_defined_twice_is_named_at_the_second_definition() {
    let d = only_error(|g, _| {
        edit(
            g,
            "roles.pest",
            "of_word = ${",
            "died = { ^\"died\" }\nof_word = ${",
        )
    });
    assert_at(&d, "roles.pest", line_of("roles.pest", "of_word = ${"), 1);
    let first = line_of("events.pest", "died = {");
    assert!(
        d.message.starts_with(&format!(
            "rule `died` is defined a second time here (first at grammar/events.pest:{first})"
        )),
        "{}",
        d.message
    );
}

#[test]
fn a_kind_not_in_its_group_rule_says_where_to_list_it() {
    let d = only_error(|g, _| {
        let rule =
            "/// \"Rioters looted 40 shops\"\nlooted_verb = { ^\"looted\" | ^\"ransacked\" }\n";
        edit(
            g,
            "events.pest",
            "/// The groups the clause shapes use",
            &format!("{rule}/// The groups the clause shapes use"),
        );
    });
    let event_verb = line_of("events.pest", "event_verb = ${");
    assert_at(
        &d,
        "events.pest",
        line_of("events.pest", "/// The groups the clause shapes use") + 1,
        1,
    );
    assert!(
        d.message.starts_with(&format!(
            "rule `looted_verb` names the event kind `looted`, but `event_verb` does not list it, so the parser never \
             tries it: add it to `event_verb` (grammar/events.pest:{})",
            event_verb + 2
        )),
        "{}",
        d.message
    );
}

#[test]
fn a_role_category_not_in_role_word_says_where_to_list_it() {
    let d = only_error(|g, _| {
        edit(
            g,
            "roles.pest",
            "/// \"12 vehicles were seized\"",
            "/// \"Two medics were wounded\"\nrole_medic = { ^\"medics\" }\n/// \"12 vehicles were seized\"",
        );
    });
    assert_at(
        &d,
        "roles.pest",
        line_of("roles.pest", "/// \"12 vehicles were seized\"") + 1,
        1,
    );
    assert!(d.message.contains(
        "`role_word` does not list it, so its words are never read as a role: add it to `role_word`"
    ));
}

#[test]
fn an_island_no_rust_code_reads_is_an_error_unless_stepped_over() {
    let add_island = |g: &mut Vec<Source>| {
        edit(
            g,
            "scanner.pest",
            "unreal | event |",
            "unreal | curfew | event |",
        );
        edit(
            g,
            "scanner.pest",
            "/// The same scan written",
            "/// \"a curfew\"\ncurfew = { ^\"curfew\" }\n/// The same scan written",
        );
    };
    let d = only_error(|g, _| add_island(g));
    assert_at(
        &d,
        "scanner.pest",
        line_of("scanner.pest", "island = {"),
        42,
    );
    assert!(d.message.starts_with("`curfew` is an alternative of `island`, but no Rust code reads it (no `Rule::curfew` in src/)"));
    assert!(
        d.message
            .contains("list it in `STEPPED_OVER` in src/clause.rs")
    );
    // Named in Rust (here as stepped over), it is read: no error.
    let found = diagnostics(|g, rust| {
        add_island(g);
        edit(
            rust,
            "clause.rs",
            "[Rule::money, Rule::age, Rule::unreal]",
            "[Rule::money, Rule::age, Rule::unreal, Rule::curfew]",
        );
    });
    assert!(found.is_empty(), "{}", render_all(&found));
}

#[test]
fn an_event_shape_no_rust_code_reads_is_an_error() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            "reflexive_clause | verb_first }",
            "reflexive_clause | verb_first | looting_clause }",
        );
        edit(
            g,
            "events.pest",
            "lone_event = {",
            "/// \"shops were looted\"\nlooting_clause = { event_verb }\nlone_event = {",
        );
    });
    assert!(
        d.message.starts_with(
            "`looting_clause` is an alternative of `event`, but no Rust code reads it"
        )
    );
    assert!(
        d.message
            .contains("read it in `read_event` (src/clause.rs)")
    );
    assert!(
        !d.message.contains("STEPPED_OVER"),
        "only islands may be stepped over"
    );
}

#[test]
fn reach_constants_follow_the_grammar_bounds() {
    let value = |edit_grammar: &dyn Fn(&mut Vec<Source>), constant: &str| {
        let (mut grammar, _) = sources();
        edit_grammar(&mut grammar);
        let grammar = Grammar::read(grammar).unwrap_or_else(|e| panic!("{}", render_all(&e)));
        let reaches = reaches(&grammar).unwrap_or_else(|e| panic!("{}", render_all(&e)));
        reaches
            .iter()
            .find(|r| r.constant == constant)
            .map(|r| r.value)
    };
    assert_eq!(value(&|_| {}, "EVENT_REACH"), Some(32));
    assert_eq!(value(&|_| {}, "LONE_REACH"), Some(12));
    assert_eq!(value(&|_| {}, "CUE_REACH"), Some(12));
    let longer_gap = |g: &mut Vec<Source>| {
        edit(
            g,
            "events.pest",
            "~ (word | \",\")){, 15} }",
            "~ (word | \",\")){, 20} }",
        )
    };
    assert_eq!(value(&longer_gap, "EVENT_REACH"), Some(37));
}

#[test]
fn a_reach_whose_bound_is_gone_says_what_to_do() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            "~ (word | \",\")){, 15} }",
            "~ (word | \",\"))* }",
        )
    });
    assert_at(
        &d,
        "events.pest",
        line_of("events.pest", "clause_gap = _{"),
        1,
    );
    assert!(d.message.starts_with(
        "the scanner's EVENT_REACH (src/scan.rs: how far before its trigger word `event` may start)"
    ));
    assert!(d.message.contains(
        "but `clause_gap` has no bounded repetition now ({,n} or {m,n}): give it a bound"
    ));
}

#[test]
fn a_word_hidden_by_a_shorter_one_is_found() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            r#"{ ^"arrests" | ^"detentions" }"#,
            r#"{ ^"arrest" | ^"arrests" | ^"detentions" }"#,
        )
    });
    assert_at(
        &d,
        "events.pest",
        line_of("events.pest", "arrested_noun = {"),
        19,
    );
    assert_eq!(d.width, "^\"arrest\"".len());
    assert!(
        d.message
            .contains("\"arrest\" comes before \"arrests\" and hides it")
    );
    assert!(d.message.ends_with("put \"arrests\" first"));
}

#[test]
fn a_rule_that_calls_itself_is_refused() {
    let d = only_error(|g, _| {
        edit(
            g,
            "roles.pest",
            "role_of = { of_word ~ determiner? ~ (!number_word ~ role_term){1, 5} }",
            "role_of = { of_word ~ determiner? ~ (!number_word ~ role_term){1, 5} ~ role? }",
        )
    });
    // One message for the cycle, at the call that closes it.
    assert_at(&d, "roles.pest", line_of("roles.pest", "role_of = {"), 72);
    assert!(
        d.message
            .starts_with("rule `role` calls itself (role → role_of → role)"),
        "{}",
        d.message
    );
    assert!(
        d.message
            .ends_with("write the repetition with * or {,n} instead")
    );
}

#[test]
fn left_recursion_is_reported_with_the_same_fix() {
    let d = only_error(|g, _| {
        edit(
            g,
            "time_place.pest",
            "day_time = { day_modifier?",
            "day_time = { day_time? ~ day_modifier?",
        )
    });
    assert_eq!(d.path, "grammar/time_place.pest");
    assert!(
        d.message.starts_with(
            "rule `day_time` calls itself (day_time → day_time) before reading anything"
        ),
        "{}",
        d.message
    );
    assert!(
        d.message
            .ends_with("write the repetition with * or {,n} instead")
    );
}

#[test]
fn malformed_examples_are_errors_at_their_place() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            "/// \"Police made several arrests\"",
            "/// \"Police made several arrests",
        )
    });
    assert_at(
        &d,
        "events.pest",
        line_of("events.pest", "/// \"Police made several arrests\""),
        5,
    );
    assert!(d.message.starts_with("this example has no closing `\"`"));
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            "/// \"Police made several arrests\"",
            "/// \"Police made [several arrests\"",
        )
    });
    assert!(
        d.message
            .starts_with("this example has an unmatched `[` or `]`")
    );
}

#[test]
fn a_rule_without_an_example_is_a_warning() {
    let found = diagnostics(|g, _| {
        edit(
            g,
            "events.pest",
            "/// \"Police made several arrests\"\n",
            "",
        )
    });
    assert_eq!(found.len(), 1, "{}", render_all(&found));
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].headline().starts_with("grammar/events.pest:"));
    assert!(
        found[0]
            .message
            .starts_with("rule `arrested_noun` has no example: add one above it")
    );
    // A plain word list that names no kind or category needs none: its words are its examples.
    let found = diagnostics(|g, _| {
        edit(
            g,
            "time_place.pest",
            "/// The day before the publication date.\n",
            "",
        )
    });
    assert!(found.is_empty(), "{}", render_all(&found));
}

#[test]
fn a_message_quotes_its_line_with_a_caret() {
    let d = only_error(|g, _| {
        edit(
            g,
            "events.pest",
            r#"{ ^"arrests" | ^"detentions" }"#,
            r#"{ ^"arrest" | ^"arrests" | ^"detentions" }"#,
        )
    });
    let line = line_of("events.pest", "arrested_noun = {");
    let pad = " ".repeat(line.to_string().len());
    assert_eq!(
        d.render(),
        format!(
            "grammar/events.pest:{line}:19: {}\n{pad} |\n{line} | arrested_noun = {{ ^\"arrest\" | ^\"arrests\" | ^\"detentions\" }}\n{pad} | {}^^^^^^^^",
            d.message,
            " ".repeat(18)
        ) + "^"
    );
}

/// The conventions at the top of grammar/scanner.pest, where an editor reads
/// them, name every ending and prefix the Rust side gives a meaning to
/// (src/conventions.rs, the one place Rust keeps them).
#[test]
fn the_editors_conventions_name_every_ending_rust_reads() {
    let text = std::fs::read_to_string("grammar/scanner.pest").expect("grammar file");
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with("//")).collect();
    let header = header.join("\n");
    for suffix in EVENT_SUFFIXES.iter().chain([&CUE_SUFFIX]) {
        assert!(
            header.contains(&format!("`{suffix}`")),
            "grammar/scanner.pest's conventions should name the trigger ending `{suffix}`"
        );
    }
    assert!(
        header.contains(&format!("{ROLE_PREFIX}<category>")),
        "grammar/scanner.pest's conventions should name `{ROLE_PREFIX}<category>`"
    );
}

/// The quote marks, word joiners and source breaks Rust reads are the
/// grammar's rules, written as Rust by the build (OUT_DIR/marks.rs): a mark
/// added to a rule is a mark in Rust, also through a rule it calls
/// (`source_break` calls `open_quote`).
#[test]
fn character_sets_follow_the_grammar() {
    let (mut grammar, _) = sources();
    edit(
        &mut grammar,
        "scanner.pest",
        r#"open_quote = _{ "“" | "\"" | "«" }"#,
        r#"open_quote = _{ "“" | "\"" | "«" | "„" }"#,
    );
    let grammar = Grammar::read(grammar).unwrap_or_else(|e| panic!("{}", render_all(&e)));
    let rust = char_sets(&grammar).unwrap_or_else(|e| panic!("{}", render_all(&e)));
    assert!(
        rust.contains("pub const fn is_open_quote(c: char) -> bool {\n    matches!(c, '“' | '\"' | '«' | '„')\n}"),
        "{rust}"
    );
    let source_break = rust
        .lines()
        .skip_while(|l| !l.contains("fn is_source_break"))
        .nth(1)
        .unwrap_or_default();
    assert!(source_break.contains("'„'"), "{rust}");
    assert!(
        !source_break.contains("'('"),
        "a source reaches across round brackets: {rust}"
    );
}

#[test]
fn a_character_set_holds_single_characters_only() {
    let d = only_error(|g, _| {
        edit(
            g,
            "scanner.pest",
            r#"word_joiner = _{ "'" | "’" | "-" }"#,
            r#"word_joiner = _{ "'" | "’" | "-" | "--" }"#,
        )
    });
    assert_at(
        &d,
        "scanner.pest",
        line_of("scanner.pest", "word_joiner = _{"),
        1,
    );
    assert!(
        d.message.starts_with(
            "rule `word_joiner` is read as a set of characters (src/scan.rs splits words with it), so each \
             alternative must be one character"
        ),
        "{}",
        d.message
    );
    assert!(d.message.contains("`\"--\"` is not"), "{}", d.message);
}
