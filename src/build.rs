//! Build script: reads the grammar in `grammar/` and does four things:
//!
//! 1. **Check it for an editor's mistakes** and stop the build, before any
//!    Rust is compiled, with messages that name the file, line and fix
//!    (`src/build/check.rs`); derive the scanner's reach constants from its
//!    repetition bounds, and the quote marks, word joiners and source breaks
//!    Rust reads from their rules (OUT_DIR/marks.rs).
//! 2. **Collect the trigger words**: every literal of the rules whose name
//!    ends in `_verb`, `_state`, `_noun` or `_cue` (and of the rules they call).
//!    `src/prefilter.rs` builds an Aho-Corasick automaton from them, so a
//!    sentence with none of these words is never parsed. The word lists live
//!    only in `grammar/`.
//! 3. **Compute where each island can start** (the FIRST set of each
//!    alternative of rule `island`: the words, characters and digits its first
//!    token can be) and which trigger word every match of it contains.
//!    `src/scan.rs` starts the parser only there, instead of at every word.
//! 4. **Generate the parser** (`src/build/codegen.rs`): pest_derive's code
//!    generator working from pest_meta's optimised rules, with FIRST-byte
//!    guards and word lists dispatched on the input's bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

use pest_meta::ast::{Expr, Rule};
use pest_meta::parser::{self, Rule as MetaRule};

#[path = "build/check.rs"]
#[allow(dead_code)] // some of it serves the tests only (tests/grammar_*.rs)
mod check;
use check::conventions::{CUE_SUFFIX, EVENT_SUFFIXES, Needs};
use check::{children, flatten_choice};

#[path = "build/codegen.rs"]
mod codegen;

const GRAMMAR_DIR: &str = "grammar";

fn main() {
    println!("cargo:rerun-if-changed={GRAMMAR_DIR}");
    // The checker reads which rules the Rust side names (`Rule::…`).
    println!("cargo:rerun-if-changed=src");
    let Some(checked) = check::run(Path::new(GRAMMAR_DIR), Path::new("src")) else {
        return; // the messages are printed; cargo stops the build
    };
    let rules = &checked.rules;
    let by_name: BTreeMap<&str, &Expr> = rules.iter().map(|r| (r.name.as_str(), &r.expr)).collect();

    let mut out = String::new();
    let event_rules = |r: &&Rule| EVENT_SUFFIXES.iter().any(|s| r.name.ends_with(s));
    let endings: Vec<String> = EVENT_SUFFIXES.iter().map(|s| format!("*{s}")).collect();
    write_literals(
        "EVENT_TRIGGERS",
        &format!("Words of event rules ({})", endings.join(", ")),
        rules.iter().filter(event_rules),
        &by_name,
        &mut out,
    );
    write_literals(
        "CUE_TRIGGERS",
        &format!("Words of attribution cues (*{CUE_SUFFIX})"),
        rules.iter().filter(|r| r.name.ends_with(CUE_SUFFIX)),
        &by_name,
        &mut out,
    );
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("triggers.rs"), out)
        .expect("cannot write triggers.rs to OUT_DIR");
    let mut islands = String::new();
    write_island_starts(&by_name, &mut islands);
    islands.push_str(&check::reaches_rust(&checked.reaches));
    fs::write(Path::new(&out_dir).join("islands.rs"), islands)
        .expect("cannot write islands.rs to OUT_DIR");
    fs::write(Path::new(&out_dir).join("marks.rs"), &checked.marks)
        .expect("cannot write marks.rs to OUT_DIR");
    write_parser(Path::new(&out_dir));
}

/// The parser itself (src/build/codegen.rs), from pest_meta's optimised rules
/// of all `.pest` files joined (the checker has found no error in them).
fn write_parser(out_dir: &Path) {
    let source: Vec<String> = check::read_sources(Path::new(GRAMMAR_DIR), "pest")
        .into_iter()
        .map(|s| s.text)
        .collect();
    let source = source.join("\n");
    let pairs = parser::parse(MetaRule::grammar_rules, &source)
        .unwrap_or_else(|e| panic!("grammar does not parse:\n{e}"));
    if let Err(errors) = pest_meta::validator::validate_pairs(pairs.clone()) {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("grammar is invalid:\n{}", list.join("\n"));
    }
    let docs = codegen::rule_docs(pairs.clone());
    let rules =
        parser::consume_rules(pairs).unwrap_or_else(|e| panic!("grammar is invalid: {e:?}"));
    let code = codegen::generate(pest_meta::optimizer::optimize(rules), &docs);
    fs::write(out_dir.join("parser.rs"), code).expect("cannot write parser.rs to OUT_DIR");
}

fn write_literals<'a>(
    name: &str,
    doc: &str,
    rules: impl Iterator<Item = &'a Rule>,
    by_name: &BTreeMap<&str, &Expr>,
    out: &mut String,
) {
    let mut words = BTreeSet::new();
    for rule in rules {
        collect_literals(&rule.expr, by_name, &mut BTreeSet::new(), &mut words);
    }
    writeln!(
        out,
        "/// {doc}, collected from grammar/ by src/build.rs.\npub const {name}: &[&str] = &["
    )
    .expect("String");
    for word in words
        .iter()
        .filter(|w| w.chars().any(char::is_alphanumeric))
    {
        writeln!(out, "    {word:?},").expect("String");
    }
    out.push_str("];\n");
}

fn collect_literals(
    expr: &Expr,
    rules: &BTreeMap<&str, &Expr>,
    visited: &mut BTreeSet<String>,
    out: &mut BTreeSet<String>,
) {
    match expr {
        Expr::Str(s) | Expr::Insens(s) => {
            out.insert(s.to_lowercase());
        }
        Expr::Ident(name) => {
            if visited.insert(name.clone())
                && let Some(body) = rules.get(name.as_str())
            {
                collect_literals(body, rules, visited, out);
            }
        }
        // What a lookahead mentions is context, not the trigger word itself
        // ("states" before "that" must not make "that" a trigger).
        Expr::NegPred(_) | Expr::PosPred(_) => {}
        other => {
            for child in children(other) {
                collect_literals(child, rules, visited, out);
            }
        }
    }
}

/// What the first token of a match can be.
#[derive(Default)]
struct First {
    /// Lowercased first words of literals: "more" for "more than".
    words: BTreeSet<String>,
    /// First characters of literals that start with punctuation: "$", ",".
    chars: BTreeSet<char>,
    digit: bool,
    /// A capitalised word can start a match (a name: "Zhukovskyy was arrested").
    upper: bool,
    /// Rules through which any word at all can start a match.
    any: BTreeSet<String>,
    /// The expression can match the empty string.
    nullable: bool,
}

impl First {
    fn nullable() -> Self {
        First {
            nullable: true,
            ..First::default()
        }
    }

    fn union(mut self, other: First) -> First {
        self.words.extend(other.words);
        self.chars.extend(other.chars);
        self.digit |= other.digit;
        self.upper |= other.upper;
        self.any.extend(other.any);
        self.nullable |= other.nullable;
        self
    }
}

/// For each alternative of rule `island`, in order: where it can start, and
/// which trigger it must contain. src/scan.rs tries an island at a word only
/// when the word is in its FIRST set and, if it needs a trigger, one follows
/// within reach; an island that can start with any word must need a trigger
/// (it is then tried only shortly before one).
fn write_island_starts(rules: &BTreeMap<&str, &Expr>, out: &mut String) {
    let island = rules
        .get("island")
        .expect("grammar/scanner.pest defines `island`");
    writeln!(out, "/// The alternatives of rule `island`, in order (src/build.rs).\npub const ISLANDS: &[IslandStart] = &[").expect("String");
    for alternative in flatten_choice(island) {
        let Expr::Ident(name) = alternative else {
            panic!("\n\nrule `island` must be a choice of rule names; found {alternative:?}\n\n");
        };
        let first = first_of(alternative, rules, name);
        let needs = if must_contain(alternative, rules, &EVENT_SUFFIXES) {
            Needs::EventWord
        } else if must_contain(alternative, rules, &[CUE_SUFFIX]) {
            Needs::Cue
        } else {
            Needs::Nothing
        };
        if (!first.any.is_empty() || first.upper) && needs == Needs::Nothing {
            panic!(
                "\n\nThe grammar in {GRAMMAR_DIR}/ needs a fix:\n  - island `{name}` can start with any word (through {:?}{}) \
                 but needs no trigger word; every word would have to be tried\n\n",
                first.any,
                if first.upper {
                    ", or any capitalised word"
                } else {
                    ""
                }
            );
        }
        let words: Vec<String> = first.words.iter().map(|w| format!("{w:?}")).collect();
        let chars: Vec<String> = first.chars.iter().map(|c| format!("{c:?}")).collect();
        writeln!(
            out,
            "    IslandStart {{ rule: Rule::{name}, words: &[{}], chars: &[{}], digit: {}, upper: {}, any_word: {}, needs: Needs::{needs:?} }},",
            words.join(", "),
            chars.join(", "),
            first.digit,
            first.upper,
            !first.any.is_empty()
        )
        .expect("String");
    }
    out.push_str("];\n");
}

/// Whether every match of `expr` contains a word of a rule ending in one of `suffixes`.
fn must_contain(expr: &Expr, rules: &BTreeMap<&str, &Expr>, suffixes: &[&str]) -> bool {
    match expr {
        Expr::Ident(name) if suffixes.iter().any(|s| name.ends_with(s)) => true,
        Expr::Ident(name) => rules
            .get(name.as_str())
            .is_some_and(|body| must_contain(body, rules, suffixes)),
        Expr::Seq(a, b) => must_contain(a, rules, suffixes) || must_contain(b, rules, suffixes),
        Expr::Choice(a, b) => must_contain(a, rules, suffixes) && must_contain(b, rules, suffixes),
        Expr::RepOnce(e) | Expr::Push(e) => must_contain(e, rules, suffixes),
        Expr::RepExact(e, n) | Expr::RepMin(e, n) | Expr::RepMinMax(e, n, _) => {
            *n > 0 && must_contain(e, rules, suffixes)
        }
        _ => false,
    }
}

fn first_of(expr: &Expr, rules: &BTreeMap<&str, &Expr>, rule: &str) -> First {
    match expr {
        Expr::Str(s) | Expr::Insens(s) => first_of_literal(s),
        Expr::Ident(name) => match name.as_str() {
            "SOI" | "EOI" => First::nullable(),
            "ASCII_DIGIT" | "ASCII_NONZERO_DIGIT" => First {
                digit: true,
                ..First::default()
            },
            "UPPERCASE_LETTER" | "ASCII_ALPHA_UPPER" => First {
                upper: true,
                ..First::default()
            },
            "ANY" | "LETTER" | "LOWERCASE_LETTER" | "MARK" | "NUMBER" | "ALPHABETIC"
            | "ASCII_ALPHA" | "ASCII_ALPHANUMERIC" | "ASCII_ALPHA_LOWER" => First {
                any: BTreeSet::from([rule.to_owned()]),
                ..First::default()
            },
            other => match rules.get(other) {
                Some(body) => first_of(body, rules, other),
                None => First {
                    any: BTreeSet::from([other.to_owned()]),
                    ..First::default()
                },
            },
        },
        Expr::Seq(a, b) => {
            let head = first_of(a, rules, rule);
            if head.nullable {
                let tail = first_of(b, rules, rule);
                let nullable = tail.nullable;
                First {
                    nullable,
                    ..head.union(tail)
                }
            } else {
                head
            }
        }
        Expr::Choice(a, b) => first_of(a, rules, rule).union(first_of(b, rules, rule)),
        // A lookahead consumes nothing: the expression after it decides. (Its
        // literals may be word prefixes, `&^"t"`, so they cannot stand in.)
        Expr::PosPred(_) | Expr::NegPred(_) => First::nullable(),
        Expr::Opt(e) | Expr::Rep(e) | Expr::RepMax(e, _) => First {
            nullable: true,
            ..first_of(e, rules, rule)
        },
        Expr::RepExact(e, n) | Expr::RepMin(e, n) | Expr::RepMinMax(e, n, _) => {
            let inner = first_of(e, rules, rule);
            First {
                nullable: inner.nullable || *n == 0,
                ..inner
            }
        }
        Expr::RepOnce(e) | Expr::Push(e) => first_of(e, rules, rule),
        _ => First::nullable(),
    }
}

fn first_of_literal(literal: &str) -> First {
    // The scanner looks a word up by its leading letters ("usd" in "USD15").
    let letters: String = literal
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    match literal.chars().next() {
        None => First::nullable(),
        Some(c) if c.is_numeric() => First {
            digit: true,
            ..First::default()
        },
        Some(_) if !letters.is_empty() => First {
            words: BTreeSet::from([letters]),
            ..First::default()
        },
        Some(c) => First {
            chars: BTreeSet::from([c]),
            ..First::default()
        },
    }
}
