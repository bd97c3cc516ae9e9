//! The grammar checker: reads `grammar/*.pest`, finds an editor's mistakes
//! and says, at their place, what to do about them.
//!
//! Every message is `grammar/FILE.pest:LINE:COL: message`, then the line
//! quoted with a caret under the spot, so that an editor (and an editor's
//! "jump to error") lands on it. The build script (`src/build.rs`) prints
//! them through cargo and stops before any Rust is compiled, so an editor
//! never sees a Rust error caused by the grammar. Tests use this module too
//! (`tests/grammar_check.rs`, `tests/grammar_examples.rs`, through `#[path]`).
//!
//! What is checked, in order (a later step runs only when the earlier ones
//! pass, so that one mistake gives one message):
//! 1. each file parses on its own (pest's syntax);
//! 2. every rule called is defined, once; pest's own checks (left recursion,
//!    a repetition that cannot fail, ...);
//! 3. the conventions the Rust side relies on: a longer word hidden by a
//!    shorter one, a rule that calls itself, an event-kind rule not in its
//!    group rule, a role category not in `role_word`, an alternative of
//!    `event`, `lone_event` or `island` that no Rust code reads, a scanner
//!    reach constant whose grammar bound is gone, a set of characters Rust
//!    reads (`CHAR_SETS`: quote marks, word joiners, source breaks) that is
//!    not a plain set, a malformed example.
//!
//! A rule without an example is a warning. The examples themselves (see
//! [`examples`]) are run by `tests/grammar_examples.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use pest::error::{Error as PestError, InputLocation};
use pest::iterators::Pair;
use pest_meta::ast::{Expr, Rule as AstRule};
use pest_meta::parser::{self, Rule as Meta};
use pest_meta::validator;

#[path = "../conventions.rs"]
pub mod conventions;
use conventions::{EVENT_SUFFIXES, ROLE_PREFIX};

/// The rule that groups the role categories (`role_<category>`).
const ROLE_GROUP: &str = "role_word";
/// Rules whose alternatives the Rust side must read, and where that is done.
const READ_BY_RUST: [(&str, &str); 3] = [
    ("island", "read_sentence"),
    ("event", "read_event"),
    ("lone_event", "read_event"),
];
/// Where the Rust side reads the parse trees.
const READER_FILE: &str = "src/clause.rs";
/// Islands matched only so that no other island takes their words.
const STEPPED_OVER: &str = "STEPPED_OVER";
/// Rules pest treats specially: no example needed.
const PEST_SPECIAL: [&str; 2] = ["WHITESPACE", "COMMENT"];

/// A file: its path as shown to the user ("grammar/events.pest") and its text.
pub struct Source {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One message, at one place of one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    /// 1-based, in characters.
    pub line: usize,
    pub col: usize,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
    pub line_text: String,
    pub message: String,
}

impl Diagnostic {
    /// `grammar/events.pest:42:1: message`
    pub fn headline(&self) -> String {
        format!("{}:{}:{}: {}", self.path, self.line, self.col, self.message)
    }

    /// The headline, then the line quoted with a caret under the spot.
    pub fn render(&self) -> String {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        format!(
            "{}\n{pad} |\n{number} | {}\n{pad} | {}{}",
            self.headline(),
            self.line_text,
            " ".repeat(self.col - 1),
            "^".repeat(self.width.max(1))
        )
    }
}

/// A place in one of the sources: byte offset and length.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub file: usize,
    pub offset: usize,
    pub len: usize,
}

/// What the grammar says about one rule, with places for messages.
pub struct Def {
    /// The rule's name where it is defined.
    pub name_at: Place,
    /// The whole definition, `name = { ... }`.
    pub body_at: Place,
    /// Its `///` lines: where each one's text starts, and the text.
    pub docs: Vec<(Place, String)>,
    /// The rules it calls, where it calls them.
    pub calls: Vec<(String, Place)>,
}

/// The grammar read from its files: the rules (as pest_meta's AST, in file
/// order) and where each is written.
pub struct Grammar {
    pub sources: Vec<Source>,
    pub rules: Vec<AstRule>,
    pub defs: BTreeMap<String, Def>,
}

impl Grammar {
    /// Parses each file on its own, then all together (one grammar), and
    /// runs pest's own checks; errors say where, in which file.
    pub fn read(sources: Vec<Source>) -> Result<Grammar, Vec<Diagnostic>> {
        let syntax: Vec<Diagnostic> = sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                parser::parse(Meta::grammar_rules, &s.text)
                    .err()
                    .map(|e| (i, e))
            })
            .map(|(file, e)| syntax_error(&sources, file, &e))
            .collect();
        if !syntax.is_empty() {
            return Err(syntax);
        }
        // One grammar: the files joined, each message mapped back to its file.
        let mut starts = Vec::new();
        let mut joined = String::new();
        for source in &sources {
            starts.push(joined.len());
            joined.push_str(&source.text);
            joined.push('\n');
        }
        let at = |offset: usize, len: usize| {
            let file = starts.iter().rposition(|&s| s <= offset).unwrap_or(0);
            Place {
                file,
                offset: offset - starts[file],
                len,
            }
        };
        let report = |errors: Vec<PestError<Meta>>, hint: &dyn Fn(&str) -> String| {
            errors
                .into_iter()
                .map(|e| {
                    let (offset, len) = span_of(&e);
                    diagnostic_at(
                        &sources,
                        at(offset, len),
                        Severity::Error,
                        hint(&message_of(&e)),
                    )
                })
                .collect::<Vec<_>>()
        };
        let pairs = parser::parse(Meta::grammar_rules, &joined)
            .map_err(|e| report(vec![e], &syntax_hint))?;
        let defs = read_defs(pairs.clone(), &at);
        validator::validate_pairs(pairs.clone())
            .map_err(|errors| report(errors, &|m| naming_hint(m, &defs, &sources)))?;
        let rules = parser::consume_rules(pairs).map_err(|errors| report(errors, &shape_hint))?;
        Ok(Grammar {
            sources,
            rules,
            defs,
        })
    }

    /// A message at `place`.
    pub fn at(&self, place: Place, severity: Severity, message: String) -> Diagnostic {
        diagnostic_at(&self.sources, place, severity, message)
    }

    /// The rules by name.
    pub fn by_name(&self) -> BTreeMap<&str, &Expr> {
        self.rules
            .iter()
            .map(|r| (r.name.as_str(), &r.expr))
            .collect()
    }

    /// Where `name` is defined, as `grammar/events.pest:58`.
    fn where_defined(&self, name: &str) -> String {
        self.defs.get(name).map_or_else(String::new, |def| {
            let d = self.at(def.name_at, Severity::Error, String::new());
            format!(" ({}:{})", d.path, d.line)
        })
    }

    /// Where the literal `word` is first written in `rule` (`^"word"` or
    /// `"word"`), else the rule's name.
    fn find_literal(&self, rule: &str, word: &str) -> Place {
        let def = &self.defs[rule];
        let body = &self.sources[def.body_at.file].text[def.body_at.offset..][..def.body_at.len];
        [format!("^\"{word}\""), format!("\"{word}\"")]
            .iter()
            .find_map(|needle| body.find(needle.as_str()).map(|i| (i, needle.len())))
            .map_or(def.name_at, |(i, len)| Place {
                offset: def.body_at.offset + i,
                len,
                ..def.body_at
            })
    }

    /// Where `rule` calls `callee`, else `rule`'s name.
    fn call_site(&self, rule: &str, callee: &str) -> Place {
        let def = &self.defs[rule];
        def.calls
            .iter()
            .find(|(name, _)| name == callee)
            .map_or(def.name_at, |(_, place)| *place)
    }
}

/// Rule definitions with their places, docs and calls, from the joined parse.
fn read_defs(
    pairs: pest::iterators::Pairs<'_, Meta>,
    at: &dyn Fn(usize, usize) -> Place,
) -> BTreeMap<String, Def> {
    let place = |pair: &Pair<Meta>| at(pair.as_span().start(), pair.as_str().len());
    let mut defs = BTreeMap::new();
    let mut docs = Vec::new();
    for rule in pairs.filter(|p| p.as_rule() == Meta::grammar_rule) {
        let Some(first) = rule.clone().into_inner().next() else {
            continue;
        };
        if first.as_rule() == Meta::line_doc {
            if let Some(text) = first.into_inner().next() {
                docs.push((place(&text), text.as_str().to_owned()));
            }
            continue;
        }
        let calls = rule
            .clone()
            .into_inner()
            .flatten()
            .skip(1)
            .filter(|p| p.as_rule() == Meta::identifier)
            .map(|p| (p.as_str().to_owned(), place(&p)))
            .collect();
        defs.entry(first.as_str().to_owned()).or_insert(Def {
            name_at: place(&first),
            body_at: place(&rule),
            docs: std::mem::take(&mut docs),
            calls,
        });
    }
    defs
}

fn message_of(e: &PestError<Meta>) -> String {
    e.clone()
        .renamed_rules(parser::rename_meta_rule)
        .variant
        .message()
        .into_owned()
}

/// Where a pest error is: byte offset and length.
fn span_of(e: &PestError<Meta>) -> (usize, usize) {
    match e.location {
        InputLocation::Pos(p) => (p, 1),
        InputLocation::Span((start, end)) => (start, end - start),
    }
}

fn diagnostic_at(
    sources: &[Source],
    place: Place,
    severity: Severity,
    message: String,
) -> Diagnostic {
    let source = &sources[place.file];
    let text = &source.text;
    let offset = place.offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line_text = &text[line_start..line_end];
    let col = text[line_start..offset].chars().count() + 1;
    let end = (offset + place.len).min(line_end);
    let width = text.get(offset..end).map_or(1, |s| s.chars().count());
    Diagnostic {
        severity,
        path: source.path.clone(),
        line: text[..line_start].matches('\n').count() + 1,
        col,
        width,
        line_text: line_text.to_owned(),
        message,
    }
}

/// pest's syntax message, and how rules are written.
fn syntax_hint(message: &str) -> String {
    format!(
        "the grammar does not parse here ({message}). A rule is written `name = {{ ... }}`; words are \
         `^\"word\"`, alternatives are separated by `|`, parts of a sequence by `~`, and every `\"`, \
         `(` and `{{` needs its closing mark"
    )
}

/// A file that does not parse: at a string left open, if there is one (pest
/// would report the error lines later, where the string ends), else where
/// pest says.
fn syntax_error(sources: &[Source], file: usize, e: &PestError<Meta>) -> Diagnostic {
    let (offset, len, message) = match unclosed_string(&sources[file].text) {
        Some(at) => (
            at,
            1,
            "this string has no closing `\"` on its line: close it (a string cannot run over a line end)"
                .to_owned(),
        ),
        None => {
            let (offset, len) = span_of(e);
            (offset, len, syntax_hint(&message_of(e)))
        }
    };
    diagnostic_at(
        sources,
        Place { file, offset, len },
        Severity::Error,
        message,
    )
}

/// Where the first string that runs over the end of its line opens, if any.
fn unclosed_string(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut open = None;
        let mut chars = line.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '/' if open.is_none() && line[i..].starts_with("//") => break,
                '\\' if open.is_some() => {
                    chars.next();
                }
                '"' => open = if open.is_some() { None } else { Some(i) },
                _ => {}
            }
        }
        if let Some(i) = open {
            return Some(offset + i);
        }
        offset += line.len();
    }
    None
}

/// pest's messages about names, with what to do.
fn naming_hint(message: &str, defs: &BTreeMap<String, Def>, sources: &[Source]) -> String {
    if let Some(name) = message
        .strip_prefix("rule ")
        .and_then(|m| m.strip_suffix(" is undefined"))
    {
        let guess = closest(name, defs.keys())
            .map(|g| format!(" (did you mean `{g}`?)"))
            .unwrap_or_default();
        return format!(
            "rule `{name}` is not defined in any grammar/*.pest file{guess}: fix the name, or define it: `{name} = {{ ... }}`"
        );
    }
    if let Some(name) = message
        .strip_prefix("rule ")
        .and_then(|m| m.strip_suffix(" already defined"))
    {
        let first = defs.get(name).map_or_else(String::new, |def| {
            let at = diagnostic_at(sources, def.name_at, Severity::Error, String::new());
            format!(" (first at {}:{})", at.path, at.line)
        });
        return format!(
            "rule `{name}` is defined a second time here{first}; all files of grammar/ form one grammar: rename one \
             of the two, or merge them"
        );
    }
    format!("{message}: choose another name")
}

/// pest's messages about the shape of a rule, with what to do.
fn shape_hint(message: &str) -> String {
    if let Some((name, chain)) = message
        .strip_prefix("rule ")
        .and_then(|m| m.split_once(" is left-recursive ("))
        .and_then(|(name, rest)| Some((name, rest.split_once(')')?.0)))
    {
        return format!(
            "rule `{name}` calls itself ({}) before reading anything, so the parser would never stop: write the \
             repetition with * or {{,n}} instead",
            chain.replace(" -> ", " → ")
        );
    }
    let fix = if message.contains("repeat infinitely") {
        "what is repeated must consume at least one character: take the `?`, `*` or lookahead out of the repetition"
    } else if message.contains("cannot be reached") {
        "an alternative that always matches (optional or repeated) must come last: move it to the end of the choice"
    } else {
        "see the pest book (https://pest.rs/book) for this rule's shape"
    };
    format!("{message}; {fix}")
}

/// The defined name closest to `name`, if it is close (a typo).
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    names
        .map(|n| (edit_distance(name, n), n))
        .filter(|(d, n)| *d <= 2.max(name.len() / 5) && *d < n.len())
        .min()
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// All checks of the conventions, on a grammar that pest accepts; `rust`
/// are the Rust sources that read the parse trees (src/*.rs).
pub fn check(grammar: &Grammar, rust: &[Source]) -> Vec<Diagnostic> {
    derive(grammar, rust).1
}

/// What the build derives from the grammar for the Rust side (the reach
/// constants and the character sets), each computed once, with every
/// problem the checks find.
fn derive(grammar: &Grammar, rust: &[Source]) -> (Derived, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let rules = grammar.by_name();
    for rule in &grammar.rules {
        check_shadowing(grammar, &rule.name, &rule.expr, &rules, &mut found);
    }
    check_recursion(grammar, &rules, &mut found);
    check_kind_groups(grammar, &rules, &mut found);
    check_role_categories(grammar, &rules, &mut found);
    check_read_by_rust(grammar, &rules, rust, &mut found);
    let reaches = reaches(grammar).unwrap_or_else(|problems| {
        found.extend(problems);
        Vec::new()
    });
    let marks = char_sets(grammar).unwrap_or_else(|problems| {
        found.extend(problems);
        String::new()
    });
    if let Err(problems) = examples(grammar) {
        found.extend(problems);
    }
    check_examples_present(grammar, &mut found);
    found.sort();
    found.dedup();
    (Derived { reaches, marks }, found)
}

/// What `derive` derives.
struct Derived {
    reaches: Vec<Reach>,
    marks: String,
}

/// A choice `a | b` where a word of `a` is a prefix of a word of `b` that
/// continues with a letter: PEG commits to `a`, so `b` never matches.
fn check_shadowing(
    grammar: &Grammar,
    rule: &str,
    expr: &Expr,
    rules: &BTreeMap<&str, &Expr>,
    found: &mut Vec<Diagnostic>,
) {
    let alternatives = flatten_choice(expr);
    let words: Vec<BTreeSet<String>> = alternatives
        .iter()
        .map(|a| lexicon_words(a, rules))
        .collect();
    for (i, earlier) in words.iter().enumerate() {
        for later in &words[i + 1..] {
            for short in earlier {
                for long in later.iter().filter(|l| shadows(short, l)) {
                    found.push(grammar.at(
                        grammar.find_literal(rule, short),
                        Severity::Error,
                        format!(
                            "in rule `{rule}`, \"{short}\" comes before \"{long}\" and hides it (PEG takes the first \
                             alternative that matches): put \"{long}\" first"
                        ),
                    ));
                }
            }
        }
    }
    for alternative in alternatives {
        for child in children(alternative) {
            check_shadowing(grammar, rule, child, rules, found);
        }
    }
}

fn shadows(short: &str, long: &str) -> bool {
    let (s, l) = (short.to_lowercase(), long.to_lowercase());
    l.len() > s.len()
        && l.starts_with(&s)
        && l[s.len()..].starts_with(|c: char| c.is_alphanumeric())
}

/// The words an alternative matches when it is a plain word list (a literal,
/// or a rule made only of literals); empty when it is anything more complex.
fn lexicon_words(expr: &Expr, rules: &BTreeMap<&str, &Expr>) -> BTreeSet<String> {
    match expr {
        Expr::Str(s) | Expr::Insens(s) => BTreeSet::from([s.clone()]),
        Expr::Ident(name) => match rules.get(name.as_str()) {
            Some(body) if is_word_list(body) => flatten_choice(body)
                .iter()
                .flat_map(|e| lexicon_words(e, rules))
                .collect(),
            _ => BTreeSet::new(),
        },
        _ => BTreeSet::new(),
    }
}

/// A choice of literals only: `{ ^"dead" | ^"perished" }`.
fn is_word_list(expr: &Expr) -> bool {
    flatten_choice(expr)
        .iter()
        .all(|e| matches!(e, Expr::Str(_) | Expr::Insens(_)))
}

/// A rule that reaches itself through the rules it calls: one message per
/// cycle, at the call that closes it.
fn check_recursion(grammar: &Grammar, rules: &BTreeMap<&str, &Expr>, found: &mut Vec<Diagnostic>) {
    let mut reported = BTreeSet::new();
    for rule in &grammar.rules {
        let name = rule.name.as_str();
        if reported.contains(name) {
            continue;
        }
        let Some(cycle) = cycle_through(rules, name) else {
            continue;
        };
        reported.extend(cycle.iter().cloned());
        let closing = &cycle[cycle.len() - 2];
        found.push(grammar.at(
            grammar.call_site(closing, name),
            Severity::Error,
            format!(
                "rule `{name}` calls itself ({}), so the parser's stack would grow with the input: write the \
                 repetition with * or {{,n}} instead",
                cycle.join(" → ")
            ),
        ));
    }
}

/// The shortest chain of calls from `name` back to itself, both ends included.
fn cycle_through(rules: &BTreeMap<&str, &Expr>, name: &str) -> Option<Vec<String>> {
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([name.to_owned()]);
    while let Some(current) = queue.pop_front() {
        for callee in rules
            .get(current.as_str())
            .map(|body| called_rules(body))
            .unwrap_or_default()
        {
            if callee == name {
                // current ← its caller ← ... ← name, then turned around.
                let mut chain = vec![current.clone()];
                while let Some(caller) = chain.last().and_then(|last| parent.get(last)) {
                    chain.push(caller.clone());
                }
                chain.reverse();
                chain.push(name.to_owned());
                return Some(chain);
            }
            if rules.contains_key(callee.as_str())
                && callee != name
                && !parent.contains_key(&callee)
            {
                parent.insert(callee.clone(), current.clone());
                queue.push_back(callee);
            }
        }
    }
    None
}

/// Every rule reachable from `start` (the rules themselves included).
fn reachable(rules: &BTreeMap<&str, &Expr>, start: &[String]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = start.to_vec();
    while let Some(name) = stack.pop() {
        if let Some(body) = rules.get(name.as_str())
            && seen.insert(name)
        {
            stack.extend(called_rules(body));
        }
    }
    seen
}

/// The rules an expression calls directly.
pub fn called_rules(expr: &Expr) -> Vec<String> {
    let mut names = Vec::new();
    if let Expr::Ident(name) = expr {
        names.push(name.clone());
    }
    for child in children(expr) {
        names.extend(called_rules(child));
    }
    names
}

/// The event kind a rule names (`killed_verb` → `killed`): a rule with an
/// event suffix that calls no other such rule (those are groups: `event_verb`,
/// `grave_verb`).
pub fn kind_of_rule(name: &str, rules: &BTreeMap<&str, &Expr>) -> Option<String> {
    let suffix = EVENT_SUFFIXES.iter().find(|s| name.ends_with(*s))?;
    let calls_a_word_rule = rules.get(name).is_some_and(|body| {
        called_rules(body)
            .iter()
            .any(|c| EVENT_SUFFIXES.iter().any(|s| c.ends_with(s)))
    });
    (!calls_a_word_rule).then(|| name[..name.len() - suffix.len()].to_owned())
}

/// The role category a rule names (`role_police` → `police`): a rule
/// `role_<category>` that calls no other `role_` rule (those are structure:
/// `role_phrase`, `role_word`).
pub fn category_of_rule(name: &str, rules: &BTreeMap<&str, &Expr>) -> Option<String> {
    let category = name.strip_prefix(ROLE_PREFIX)?;
    let calls_a_role_rule = rules.get(name).is_some_and(|body| {
        called_rules(body)
            .iter()
            .any(|c| c.starts_with(ROLE_PREFIX))
    });
    (!calls_a_role_rule).then(|| category.to_owned())
}

/// Every event-kind rule must be reachable from its group rule
/// (`event_verb` for `*_verb`), or the parser never tries it.
fn check_kind_groups(
    grammar: &Grammar,
    rules: &BTreeMap<&str, &Expr>,
    found: &mut Vec<Diagnostic>,
) {
    for suffix in EVENT_SUFFIXES {
        let group = format!("event{suffix}");
        let members = reachable(rules, std::slice::from_ref(&group));
        for rule in &grammar.rules {
            let Some(kind) = kind_of_rule(&rule.name, rules) else {
                continue;
            };
            if rule.name.ends_with(suffix) && !members.contains(&rule.name) && rule.name != group {
                found.push(grammar.at(
                    grammar.defs[&rule.name].name_at,
                    Severity::Error,
                    format!(
                        "rule `{name}` names the event kind `{kind}`, but `{group}` does not list it, so the parser \
                         never tries it: add it to `{group}`{at}, a line `{name} |` in its list. \
                         (If it is not an event word, rename it: the endings {endings} are for event kinds.)",
                        name = rule.name,
                        at = grammar.where_defined(&group),
                        endings = EVENT_SUFFIXES.join(", "),
                    ),
                ));
            }
        }
    }
}

/// Every role category rule must be reachable from `role_word`.
fn check_role_categories(
    grammar: &Grammar,
    rules: &BTreeMap<&str, &Expr>,
    found: &mut Vec<Diagnostic>,
) {
    let members = reachable(rules, &[ROLE_GROUP.to_owned()]);
    for rule in &grammar.rules {
        let Some(category) = category_of_rule(&rule.name, rules) else {
            continue;
        };
        if !members.contains(&rule.name) {
            found.push(grammar.at(
                grammar.defs[&rule.name].name_at,
                Severity::Error,
                format!(
                    "rule `{name}` names the role category `{category}`, but `{ROLE_GROUP}` does not list it, so its \
                     words are never read as a role: add it to `{ROLE_GROUP}`{at}, a line `{name} |` in its list",
                    name = rule.name,
                    at = grammar.where_defined(ROLE_GROUP),
                ),
            ));
        }
    }
}

/// Every alternative of `island`, `event` and `lone_event` must be named as
/// `Rule::<name>` in the Rust sources: else what it matches is dropped
/// without a word. An island matched only to keep its words from other
/// islands says so by being listed in `STEPPED_OVER` (src/clause.rs).
fn check_read_by_rust(
    grammar: &Grammar,
    rules: &BTreeMap<&str, &Expr>,
    rust: &[Source],
    found: &mut Vec<Diagnostic>,
) {
    let named = rule_names_in_rust(rust);
    for (group, reader) in READ_BY_RUST {
        let Some(body) = rules.get(group) else {
            continue;
        };
        for alternative in flatten_choice(body) {
            let Expr::Ident(name) = alternative else {
                found.push(grammar.at(
                    grammar.defs[group].name_at,
                    Severity::Error,
                    format!(
                        "rule `{group}` must be a plain choice of rule names (`a | b | c`), so that each alternative \
                         is read by name: move this part into a rule of its own and list that rule here"
                    ),
                ));
                continue;
            };
            if named.contains(name.as_str()) {
                continue;
            }
            let stepped = if group == "island" {
                format!(
                    ", or, if it is matched only so that other islands do not take its words, list it in \
                     `{STEPPED_OVER}` in {READER_FILE}"
                )
            } else {
                String::new()
            };
            found.push(grammar.at(
                grammar.call_site(group, name),
                Severity::Error,
                format!(
                    "`{name}` is an alternative of `{group}`, but no Rust code reads it (no `Rule::{name}` in src/), \
                     so what it matches would be dropped: read it in `{reader}` ({READER_FILE}){stepped}"
                ),
            ));
        }
    }
}

/// The rule names written as `Rule::<name>` in Rust code (comments left out).
fn rule_names_in_rust(rust: &[Source]) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    for source in rust {
        for line in source.text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("Rule::") {
                if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue; // `MetaRule::`: another grammar's rules
                }
                let rest = &code[i + "Rule::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                names.insert(&rest[..end]);
            }
        }
    }
    names
}

/// A reach constant of the scanner (src/scan.rs), derived from the grammar.
pub struct Reach {
    pub constant: &'static str,
    pub value: usize,
    /// How the value was reached, for its doc comment.
    pub derivation: String,
}

/// How each reach is derived: the sum of the largest repetition bound
/// (`{,n}` or `{m,n}`) in each named rule, plus an allowance for the few
/// words the bounds leave out. Changing a bound in the grammar changes the
/// reach with it, so the scanner and the grammar cannot disagree.
struct Recipe {
    constant: &'static str,
    /// The island the reach is for (messages are placed at its call in `island`).
    island: &'static str,
    bounds: &'static [&'static str],
    allowance: usize,
    allowance_for: &'static str,
}

const RECIPES: [Recipe; 3] = [
    Recipe {
        constant: "EVENT_REACH",
        island: "event",
        bounds: &["clause_gap", "role_phrase", "role_of"],
        allowance: 7,
        allowance_for: "a count of up to three words, \"of\" and a determiner, and two auxiliaries",
    },
    Recipe {
        constant: "LONE_REACH",
        island: "lone_event",
        bounds: &["single_gap"],
        allowance: 4,
        allowance_for: "a subject of up to three words and an auxiliary (longer subjects are rare, and trying \
                        every \"the\" of a sentence would cost)",
    },
    Recipe {
        constant: "CUE_REACH",
        island: "attribution",
        bounds: &["named_source"],
        allowance: 4,
        allowance_for: "a determiner, a title, an auxiliary and the verb of saying",
    },
];

/// The scanner's reach constants, from the repetition bounds of the grammar.
pub fn reaches(grammar: &Grammar) -> Result<Vec<Reach>, Vec<Diagnostic>> {
    let rules = grammar.by_name();
    let mut problems = Vec::new();
    let mut found = Vec::new();
    for recipe in &RECIPES {
        let mut value = recipe.allowance;
        let mut parts = Vec::new();
        for &rule in recipe.bounds {
            match rules.get(rule).and_then(|body| largest_bound(body)) {
                Some(bound) => {
                    value += bound;
                    parts.push(format!("`{rule}` ({bound})"));
                }
                None => problems.push(grammar.at(
                    grammar.defs.get(rule).map_or_else(
                        || grammar.call_site("island", recipe.island),
                        |def| def.name_at,
                    ),
                    Severity::Error,
                    format!(
                        "the scanner's {constant} (src/scan.rs: how far before its trigger word `{island}` may \
                         start) is the sum of the repetition bounds of {list}, but `{rule}` {why}: give it a bound \
                         such as `{{,15}}` (the longest match it should allow), or change the recipe in \
                         src/build/check.rs (RECIPES)",
                        constant = recipe.constant,
                        island = recipe.island,
                        list = recipe.bounds.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", "),
                        why = if rules.contains_key(rule) {
                            "has no bounded repetition now ({,n} or {m,n})"
                        } else {
                            "is not defined any more"
                        },
                    ),
                )),
            }
        }
        found.push(Reach {
            constant: recipe.constant,
            value,
            derivation: format!(
                "{} + {} for {}",
                parts.join(" + "),
                recipe.allowance,
                recipe.allowance_for
            ),
        });
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// The largest `{,n}` / `{m,n}` / `{n}` bound written in a rule's own body.
fn largest_bound(expr: &Expr) -> Option<usize> {
    let own = match expr {
        Expr::RepMax(_, n) | Expr::RepMinMax(_, _, n) | Expr::RepExact(_, n) => Some(*n as usize),
        _ => None,
    };
    children(expr)
        .into_iter()
        .filter_map(largest_bound)
        .chain(own)
        .max()
}

/// The reach constants as Rust, for OUT_DIR/islands.rs.
pub fn reaches_rust(reaches: &[Reach]) -> String {
    let mut out = String::new();
    for reach in reaches {
        let _ = writeln!(
            out,
            "/// Derived by src/build.rs from the grammar: {}.\npub const {}: usize = {};",
            reach.derivation, reach.constant, reach.value
        );
    }
    out
}

/// A set of characters the Rust side reads from the grammar, so that it is
/// written once: src/build.rs writes it as a function `fn(char) -> bool` to
/// OUT_DIR/marks.rs (included by src/grammar.rs).
struct CharSet {
    rule: &'static str,
    function: &'static str,
    /// Who reads it and what for, for the doc comment and messages.
    reader: &'static str,
}

const CHAR_SETS: [CharSet; 4] = [
    CharSet {
        rule: "word_joiner",
        function: "is_word_joiner",
        reader: "src/scan.rs splits words with it",
    },
    CharSet {
        rule: "open_quote",
        function: "is_open_quote",
        reader: "src/segment.rs pairs quotes with it",
    },
    CharSet {
        rule: "close_quote",
        function: "is_close_quote",
        reader: "src/segment.rs pairs quotes with it",
    },
    CharSet {
        rule: "source_break",
        function: "is_source_break",
        reader: "src/scan.rs ends a source at it",
    },
];

/// The character sets as Rust functions, for OUT_DIR/marks.rs; each rule
/// must be a choice of one-character strings or of rules that are.
pub fn char_sets(grammar: &Grammar) -> Result<String, Vec<Diagnostic>> {
    let rules = grammar.by_name();
    let mut out = String::new();
    let mut problems = Vec::new();
    for set in &CHAR_SETS {
        let Some(def) = grammar.defs.get(set.rule) else {
            problems.push(grammar.at(
                Place { file: 0, offset: 0, len: 1 },
                Severity::Error,
                format!(
                    "rule `{}` is not defined, but {}: define it, a choice of single characters such as \
                     `{} = _{{ \"'\" | \"-\" }}`",
                    set.rule, set.reader, set.rule
                ),
            ));
            continue;
        };
        let mut chars = Vec::new();
        if let Err(part) = chars_of(set.rule, &rules, &mut chars) {
            problems.push(grammar.at(
                def.name_at,
                Severity::Error,
                format!(
                    "rule `{}` is read as a set of characters ({}), so each alternative must be one character in \
                     double quotes (\"-\") or a rule that is such a set; `{part}` is not: move it out of this rule",
                    set.rule, set.reader
                ),
            ));
            continue;
        }
        let at = grammar.at(def.name_at, Severity::Error, String::new());
        let pattern: Vec<String> = chars.iter().map(|c| format!("{c:?}")).collect();
        // The first byte of each character's UTF-8, for scans that look at
        // bytes without decoding (a lead byte is never inside another character).
        let mut leads: Vec<u8> = chars
            .iter()
            .map(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0])
            .collect();
        leads.sort_unstable();
        leads.dedup();
        let leads: Vec<String> = leads.iter().map(|b| format!("{b:#04X}")).collect();
        let _ = writeln!(
            out,
            "/// Whether `c` is in grammar rule `{rule}` ({path}:{line}): {reader}. Derived by src/build.rs.\n\
             #[inline]\npub const fn {function}(c: char) -> bool {{\n    matches!(c, {pattern})\n}}\n\
             /// Whether byte `b` can begin a character of grammar rule `{rule}`. Derived by src/build.rs.\n\
             #[inline]\n#[allow(dead_code)] // for the scans that step over bytes\n\
             pub const fn {function}_lead(b: u8) -> bool {{\n    matches!(b, {leads})\n}}",
            rule = set.rule,
            path = at.path,
            line = at.line,
            reader = set.reader,
            function = set.function,
            pattern = pattern.join(" | "),
            leads = leads.join(" | "),
        );
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Adds the characters of rule `name` to `chars` (each once, in order), or
/// returns the first part that is not a character or a rule of characters.
fn chars_of(
    name: &str,
    rules: &BTreeMap<&str, &Expr>,
    chars: &mut Vec<char>,
) -> Result<(), String> {
    let body = rules.get(name).ok_or_else(|| name.to_owned())?;
    for alternative in flatten_choice(body) {
        match alternative {
            Expr::Str(s) if s.chars().count() == 1 => {
                let c = s.chars().next().unwrap_or_default();
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
            Expr::Ident(callee) if rules.contains_key(callee.as_str()) => {
                chars_of(callee, rules, chars)?
            }
            other => return Err(describe(other)),
        }
    }
    Ok(())
}

/// A part of a rule as an editor wrote it, near enough for a message.
fn describe(expr: &Expr) -> String {
    match expr {
        Expr::Str(s) => format!("{s:?}"),
        Expr::Insens(s) => format!("^{s:?}"),
        Expr::Ident(name) => name.clone(),
        other => format!("{other:?}"),
    }
}

/// One example from a rule's `///` lines: a double-quoted text the rule must
/// match at some word start ("killed", "shot dead"); with a part in
/// [brackets], exactly that part. After `not` or `never` it is a
/// counter-example: the rule must match it nowhere.
#[derive(Debug, Clone)]
pub struct Example {
    pub rule: String,
    /// The text, brackets removed.
    pub text: String,
    /// The bracketed part, as byte offsets into `text`.
    pub exact: Option<(usize, usize)>,
    pub counter: bool,
    /// Where it is written.
    pub place: Place,
}

/// Every example of every rule, in file order; errors for malformed ones
/// (a quote not closed, a bracket not closed). An example may run on over
/// the next `///` line.
pub fn examples(grammar: &Grammar) -> Result<Vec<Example>, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for rule in &grammar.rules {
        let docs = &grammar.defs[&rule.name].docs;
        // The block as one text; each line's start in it, for places.
        let mut block = String::new();
        let mut starts = Vec::new();
        for (_, line) in docs {
            starts.push(block.len());
            block.push_str(line);
            block.push(' ');
        }
        let place_of = |at: usize, len: usize| {
            let line = starts.iter().rposition(|&s| s <= at).unwrap_or(0);
            let doc = docs[line].0;
            Place {
                offset: doc.offset + at - starts[line],
                len,
                ..doc
            }
        };
        let quotes: Vec<usize> = block.match_indices('"').map(|(i, _)| i).collect();
        if quotes.len() % 2 == 1 {
            problems.push(grammar.at(
                place_of(quotes[quotes.len() - 1], 1),
                Severity::Error,
                "this example has no closing `\"`: close it (write quote marks inside an example as “ ” or « », \
                 and words that are no example in single quotes)"
                    .to_owned(),
            ));
            continue;
        }
        for pair in quotes.chunks(2) {
            let (open, close) = (pair[0], pair[1]);
            let at = place_of(open, close + 1 - open);
            match read_example(&rule.name, &block[open + 1..close], at) {
                Some(example) => found.push(Example { counter: is_counter(&block[..open]), ..example }),
                None => problems.push(grammar.at(
                    at,
                    Severity::Error,
                    "this example has an unmatched `[` or `]`: brackets mark, once, the exact part the rule \
                     must match, as in \"a man and [woman]\""
                        .to_owned(),
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

fn read_example(rule: &str, quoted: &str, place: Place) -> Option<Example> {
    let (text, exact) = match (quoted.find('['), quoted.find(']')) {
        (None, None) => (quoted.to_owned(), None),
        (Some(open), Some(close)) if open < close && quoted.matches(['[', ']']).count() == 2 => {
            let text = format!(
                "{}{}{}",
                &quoted[..open],
                &quoted[open + 1..close],
                &quoted[close + 1..]
            );
            (text, Some((open, close - 1)))
        }
        _ => return None,
    };
    Some(Example {
        rule: rule.to_owned(),
        text,
        exact,
        counter: false,
        place,
    })
}

/// Whether the words before an example make it a counter-example: it comes
/// right after `not` or `never` (`not "killing"`, `Not: "..."`).
fn is_counter(before: &str) -> bool {
    let last_word = before
        .trim_end()
        .trim_end_matches(':')
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    last_word == "not" || last_word == "never"
}

/// A rule with no example is a warning, except a plain word list (its words
/// are its examples) that names no event kind or role category.
fn check_examples_present(grammar: &Grammar, found: &mut Vec<Diagnostic>) {
    let rules = grammar.by_name();
    for rule in &grammar.rules {
        let def = &grammar.defs[&rule.name];
        let has_example = def.docs.iter().any(|(_, line)| line.contains('"'));
        let meaningful = kind_of_rule(&rule.name, &rules).is_some()
            || category_of_rule(&rule.name, &rules).is_some();
        let plain = is_word_list(&rule.expr) || is_word_then_end(&rule.expr);
        if has_example || PEST_SPECIAL.contains(&rule.name.as_str()) || (plain && !meaningful) {
            continue;
        }
        found.push(grammar.at(
            def.name_at,
            Severity::Warning,
            format!(
                "rule `{}` has no example: add one above it, e.g. `/// \"three soldiers were wounded\"` (the \
                 conventions are at the top of grammar/scanner.pest)",
                rule.name
            ),
        ));
    }
}

/// `${ (^"among the" | ...) ~ word_end }`: a word list closed by `word_end`.
fn is_word_then_end(expr: &Expr) -> bool {
    matches!(expr, Expr::Seq(list, end) if is_word_list(list) && matches!(&**end, Expr::Ident(n) if n == "word_end"))
}

pub fn flatten_choice(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Choice(a, b) => {
            let mut v = flatten_choice(a);
            v.extend(flatten_choice(b));
            v
        }
        other => vec![other],
    }
}

pub fn children(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::Seq(a, b) | Expr::Choice(a, b) => vec![a, b],
        Expr::PosPred(e)
        | Expr::NegPred(e)
        | Expr::Opt(e)
        | Expr::Rep(e)
        | Expr::RepOnce(e)
        | Expr::RepExact(e, _)
        | Expr::RepMin(e, _)
        | Expr::RepMax(e, _)
        | Expr::RepMinMax(e, _, _)
        | Expr::Push(e) => vec![e],
        _ => vec![],
    }
}

/// Reads the `.pest` files of `dir`, sorted by name, as `dir/NAME.pest`.
pub fn read_sources(dir: &std::path::Path, extension: &str) -> Vec<Source> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Source {
            text: std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
            path: p.display().to_string(),
        })
        .collect()
}

/// The Rust files under `dir` that may read parse trees: all but the build
/// script's own (`build.rs`, `build/`).
pub fn rust_sources(dir: &std::path::Path) -> Vec<Source> {
    let mut found = read_sources(dir, "rs");
    found.retain(|s| !s.path.ends_with("build.rs"));
    let mut subdirs: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.ends_with("build"))
        .collect();
    subdirs.sort();
    for subdir in subdirs {
        found.extend(rust_sources(&subdir));
    }
    found
}

/// What the build script needs from a grammar without errors.
pub struct Checked {
    pub rules: Vec<AstRule>,
    pub reaches: Vec<Reach>,
    /// The character sets as Rust (`char_sets`).
    pub marks: String,
}

/// For the build script: checks `grammar_dir` (with the Rust under
/// `src_dir`), prints every warning and error through cargo — an error as
/// `cargo::error=` lines, which stop the build before any Rust is compiled —
/// and returns the grammar when it has no error.
pub fn run(grammar_dir: &std::path::Path, src_dir: &std::path::Path) -> Option<Checked> {
    let (checked, diagnostics) = match Grammar::read(read_sources(grammar_dir, "pest")) {
        Ok(grammar) => {
            let (Derived { reaches, marks }, found) = derive(&grammar, &rust_sources(src_dir));
            (
                Some(Checked {
                    rules: grammar.rules,
                    reaches,
                    marks,
                }),
                found,
            )
        }
        Err(found) => (None, found),
    };
    for diagnostic in &diagnostics {
        match diagnostic.severity {
            Severity::Warning => println!("cargo::warning={}", diagnostic.headline()),
            Severity::Error => {
                for line in diagnostic.render().lines() {
                    println!("cargo::error={line}");
                }
            }
        }
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    if failed { None } else { checked }
}
