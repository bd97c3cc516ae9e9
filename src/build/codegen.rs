//! The parser's Rust code, generated from the grammar's optimised rules.
//!
//! This is pest_derive's code generator (pest_generator 2.9, MIT/Apache-2.0,
//! `generator.rs`) cut down to the expressions pest_meta's optimiser emits,
//! with three changes that keep every parse tree identical and make failures
//! cheap (measured in the README, "Speed"):
//!
//! 1. **A rule is not called where it cannot start.** Each expression's FIRST
//!    bytes (the bytes its first character can start with) are computed from
//!    the grammar; a call to a rule, and each alternative of a choice, is
//!    guarded by a test of the next input byte. pest's own code calls the rule
//!    and lets it fail, which costs a call, a token and attempt bookkeeping.
//!    Most of the grammar's work is trying word lists ("is this word an event
//!    word, a role, a function word?") at words that are none of these.
//! 2. **A run of literals in a choice is a `match` on the input's bytes**, a
//!    trie down to the words that can still match: `^"policemen" |
//!    ^"policeman" | … | ^"guard"` tries only the words that start with the
//!    input's bytes, in grammar order, so the ordered choice matches the same
//!    word as before.
//!
//! 3. **Matching runs without pest's `ParserState`.** The same grammar is
//!    also compiled to a *recognizer*: plain functions over the input's
//!    bytes, `fn(&mut Recognizer, pos) -> Option<end>`, one per rule and per
//!    atomicity it is called in (a const parameter, where pest tracks it at
//!    run time). It follows pest's semantics step by step (ordered choice,
//!    implicit whitespace, lookaheads, which rules leave a pair) and records
//!    the pairs of a match as (rule, start, end) nodes. Most attempts fail
//!    (an island tried at a word where it does not match); they now cost no
//!    boxed state passed through closures, call tracking, attempt lists or
//!    stack snapshots. Only a match is replayed into pest's `ParserState`
//!    (one `rule()` call per recorded pair), so callers get pest's own
//!    `Pairs`, identical to what pest's run builds. pest's generated code
//!    (1–2 above) still runs when `parse` fails, for its error message.
//!
//! A test (tests/fast_path.rs) checks that `parse` (recognizer and replay)
//! and pest_derive's parser give the same tree for the grammar's `sentence`
//! rule on every sentence of the corpus and of 266 Wikinews articles; debug
//! builds also check that pest's code fails wherever the recognizer does.
//!
//! Besides `Parser::parse`, the generated `NewsParser::attempt` runs a rule
//! and returns `None` when it does not match, without building the
//! `pest::error::Error` that `parse` builds for every failed attempt (it
//! sorts the attempted rules and copies the input line).

use std::collections::{BTreeMap, HashMap};

use pest_meta::ast::RuleType;
use pest_meta::optimizer::{OptimizedExpr, OptimizedRule};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A set of bytes: which bytes the first character of a match can start with.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Bytes([u64; 4]);

impl Bytes {
    const NONE: Bytes = Bytes([0; 4]);
    const ALL: Bytes = Bytes([u64::MAX; 4]);

    fn with(mut self, byte: u8) -> Bytes {
        self.0[usize::from(byte >> 6)] |= 1 << (byte & 63);
        self
    }
    fn range(from: u8, to: u8) -> Bytes {
        (from..=to).fold(Bytes::NONE, Bytes::with)
    }
    fn union(self, other: Bytes) -> Bytes {
        Bytes(std::array::from_fn(|i| self.0[i] | other.0[i]))
    }
    fn intersection(self, other: Bytes) -> Bytes {
        Bytes(std::array::from_fn(|i| self.0[i] & other.0[i]))
    }
    /// Bytes that may start a non-ASCII character (conservative).
    fn non_ascii() -> Bytes {
        Bytes::range(0x80, 0xff)
    }
}

/// What a match of an expression can start with.
#[derive(Clone, Copy)]
struct First {
    /// When the match consumes input, its first byte is one of these.
    bytes: Bytes,
    /// The expression can succeed without consuming anything.
    empty: bool,
}

impl First {
    const ANYTHING: First = First {
        bytes: Bytes::ALL,
        empty: true,
    };
    fn consuming(bytes: Bytes) -> First {
        First {
            bytes,
            empty: false,
        }
    }
    fn empty() -> First {
        First {
            bytes: Bytes::NONE,
            empty: true,
        }
    }
    /// A guard is worth testing: the expression needs one of fewer than all bytes.
    fn guard(self) -> Option<Bytes> {
        (!self.empty && self.bytes != Bytes::ALL).then_some(self.bytes)
    }
}

/// FIRST sets of all rules, computed once.
struct Firsts<'g> {
    rules: HashMap<&'g str, &'g OptimizedRule>,
    memo: HashMap<String, First>,
}

impl<'g> Firsts<'g> {
    fn new(rules: &'g [OptimizedRule]) -> Self {
        Firsts {
            rules: rules.iter().map(|r| (r.name.as_str(), r)).collect(),
            memo: HashMap::new(),
        }
    }

    fn of_rule(&mut self, name: &str) -> First {
        if let Some(first) = self.memo.get(name) {
            return *first;
        }
        // No rule of the grammar calls itself (src/build.rs checks); this
        // placeholder only keeps a broken grammar from looping here.
        self.memo.insert(name.to_owned(), First::ANYTHING);
        let first = match self.rules.get(name) {
            Some(rule) => self.of(&rule.expr, skips_whitespace(rule.ty)),
            None => builtin_first(name),
        };
        self.memo.insert(name.to_owned(), first);
        first
    }

    /// `spaced`: implicit whitespace may come between the parts of a sequence.
    fn of(&mut self, expr: &OptimizedExpr, spaced: bool) -> First {
        use OptimizedExpr as E;
        match expr {
            E::Str(s) => literal_first(s, false),
            E::Insens(s) => literal_first(s, true),
            E::Range(from, to) => range_first(from, to),
            E::Ident(name) => self.of_rule(name),
            E::PosPred(_) | E::NegPred(_) | E::PeekSlice(..) | E::Skip(_) => First::ANYTHING,
            E::Seq(head, tail) => {
                let tail_first = self.of(tail, spaced);
                if let E::PosPred(ahead) = head.as_ref() {
                    // `&x ~ y`: y's match starts where x's does.
                    let ahead = self.of(ahead, spaced);
                    return if ahead.empty {
                        tail_first
                    } else {
                        First {
                            bytes: tail_first.bytes.intersection(ahead.bytes),
                            empty: tail_first.empty,
                        }
                    };
                }
                let head_first = self.of(head, spaced);
                if !head_first.empty {
                    return head_first;
                }
                let mut bytes = head_first.bytes.union(tail_first.bytes);
                if spaced {
                    bytes = bytes.union(self.of_rule("WHITESPACE").bytes);
                }
                First {
                    bytes,
                    empty: tail_first.empty,
                }
            }
            E::Choice(left, right) => {
                let (left, right) = (self.of(left, spaced), self.of(right, spaced));
                First {
                    bytes: left.bytes.union(right.bytes),
                    empty: left.empty || right.empty,
                }
            }
            E::Opt(inner) | E::Rep(inner) => First {
                empty: true,
                ..self.of(inner, spaced)
            },
            E::Push(inner) | E::RestoreOnErr(inner) => self.of(inner, spaced),
        }
    }
}

fn skips_whitespace(ty: RuleType) -> bool {
    matches!(
        ty,
        RuleType::Normal | RuleType::Silent | RuleType::NonAtomic
    )
}

fn literal_first(literal: &str, insensitive: bool) -> First {
    match literal.as_bytes().first() {
        None => First::empty(),
        Some(&b) if insensitive => First::consuming(
            Bytes::NONE
                .with(b.to_ascii_lowercase())
                .with(b.to_ascii_uppercase()),
        ),
        Some(&b) => First::consuming(Bytes::NONE.with(b)),
    }
}

fn range_first(from: &str, to: &str) -> First {
    let lead = |s: &str| s.as_bytes().first().copied().unwrap_or(0);
    First::consuming(Bytes::range(lead(from), lead(to)))
}

/// The FIRST bytes of pest's built-in rules: exact on ASCII, every
/// non-ASCII lead byte for the Unicode properties, everything when unknown.
fn builtin_first(name: &str) -> First {
    let ascii = |test: fn(&u8) -> bool| (0..0x80u8).filter(test).fold(Bytes::NONE, Bytes::with);
    let unicode = |test: fn(&u8) -> bool| First::consuming(ascii(test).union(Bytes::non_ascii()));
    match name {
        "SOI" | "EOI" => First::empty(),
        "ASCII_DIGIT" => First::consuming(Bytes::range(b'0', b'9')),
        "ASCII_NONZERO_DIGIT" => First::consuming(Bytes::range(b'1', b'9')),
        "ASCII_ALPHA_LOWER" => First::consuming(Bytes::range(b'a', b'z')),
        "ASCII_ALPHA_UPPER" => First::consuming(Bytes::range(b'A', b'Z')),
        "ASCII_ALPHA" => First::consuming(ascii(u8::is_ascii_alphabetic)),
        "ASCII_ALPHANUMERIC" => First::consuming(ascii(u8::is_ascii_alphanumeric)),
        "LETTER" | "ALPHABETIC" => unicode(u8::is_ascii_alphabetic),
        "UPPERCASE_LETTER" | "UPPERCASE" => unicode(u8::is_ascii_uppercase),
        "LOWERCASE_LETTER" | "LOWERCASE" => unicode(u8::is_ascii_lowercase),
        "NUMBER" | "DECIMAL_NUMBER" => unicode(u8::is_ascii_digit),
        "MARK" => unicode(|_| false),
        "WHITE_SPACE" => unicode(|b| b.is_ascii_whitespace() || *b == 0x0b),
        _ => First {
            bytes: Bytes::ALL,
            empty: false,
        },
    }
}

/// The generated code, as Rust source for `include!`.
pub fn generate(rules: Vec<OptimizedRule>, docs: &HashMap<String, String>) -> String {
    let mut generator = Generator {
        firsts: Firsts::new(&rules),
        sets: BTreeMap::new(),
        emits: HashMap::new(),
        rule_types: rules.iter().map(|r| (r.name.as_str(), r)).collect(),
    };
    let functions: Vec<TokenStream> = rules.iter().map(|r| generator.rule(r)).collect();
    let recognizers: Vec<TokenStream> = rules.iter().map(|r| generator.recognizer(r)).collect();
    let sets = generator.sets.iter().map(|(bytes, id)| {
        let name = format_ident!("FIRST_{id}");
        let words = bytes.0;
        quote! { pub static #name: [u64; 4] = [#(#words),*]; }
    });
    let variants = rules.iter().map(|rule| {
        let name = format_ident!("r#{}", rule.name);
        match docs.get(&rule.name) {
            Some(doc) => quote! { #[doc = #doc] #name },
            None => quote! { #name },
        }
    });
    let names: Vec<_> = rules
        .iter()
        .map(|r| format_ident!("r#{}", r.name))
        .collect();
    let builtins = builtin_functions();
    let builtin_recognizers = builtin_recognizers();
    let set_names: Vec<_> = generator
        .sets
        .values()
        .map(|id| format_ident!("FIRST_{id}"))
        .collect();
    quote! {
        /// The rules of `grammar/*.pest`, one variant each.
        #[allow(dead_code, non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum Rule {
            /// End of input.
            EOI,
            #(#variants),*
        }

        impl Rule {
            /// Every rule of the grammar.
            pub fn all_rules() -> &'static [Rule] {
                &[#(Rule::#names),*]
            }
        }

        #[allow(clippy::all, non_snake_case, unused_variables, dead_code, non_upper_case_globals)]
        mod rules {
            pub mod hidden {
                use super::super::Rule;
                #[inline]
                pub fn skip(state: Box<::pest::ParserState<'_, Rule>>) -> ::pest::ParseResult<Box<::pest::ParserState<'_, Rule>>> {
                    if state.atomicity() == ::pest::Atomicity::NonAtomic {
                        state.repeat(|state| super::visible::WHITESPACE(state))
                    } else {
                        Ok(state)
                    }
                }
            }
            pub mod visible {
                use super::super::Rule;
                /// The byte `offset` bytes ahead in the input (256 past its end).
                #[inline(always)]
                fn byte_at(state: &::pest::ParserState<'_, Rule>, offset: usize) -> usize {
                    let here = state.position();
                    here.span(here).get_input().as_bytes().get(here.pos() + offset).map_or(256, |&b| usize::from(b))
                }
                /// The next byte of the input (256 at its end).
                #[inline(always)]
                fn next(state: &::pest::ParserState<'_, Rule>) -> usize {
                    byte_at(state, 0)
                }
                /// Whether `byte` (from `next`) is in a FIRST set.
                #[inline(always)]
                pub fn starts(byte: usize, set: &[u64; 4]) -> bool {
                    byte < 256 && set[byte >> 6] >> (byte & 63) & 1 == 1
                }
                #(#sets)*
                #[inline]
                pub fn EOI(state: Box<::pest::ParserState<'_, Rule>>) -> ::pest::ParseResult<Box<::pest::ParserState<'_, Rule>>> {
                    state.rule(Rule::EOI, |state| state.end_of_input())
                }
                #(#builtins)*
                #(#functions)*
            }
            pub use self::visible::*;
        }

        /// The recognizer (see src/build/codegen.rs): the grammar as plain
        /// functions over bytes, recording the pairs of a match as nodes.
        #[allow(clippy::all, non_snake_case, unused_variables, unused_mut, unused_imports, dead_code, non_upper_case_globals, unreachable_patterns)]
        mod recognizer {
            use super::Rule;
            use super::rules::visible::{starts, #(#set_names),*};

            /// The atomicities pest tracks at run time (`::pest::Atomicity`).
            pub const NON_ATOMIC: u8 = 0;
            pub const COMPOUND_ATOMIC: u8 = 1;
            pub const ATOMIC: u8 = 2;

            /// A pair of the match: its rule, span, and where its subtree
            /// ends in the list (nodes are in pest's order, depth first).
            #[derive(Clone, Copy)]
            pub struct Node {
                pub rule: Rule,
                pub start: usize,
                pub end: usize,
                pub after: usize,
            }

            pub struct Recognizer<'i> {
                pub text: &'i str,
                pub nodes: &'i mut Vec<Node>,
            }

            impl Recognizer<'_> {
                #[inline(always)]
                pub fn len(&self) -> usize {
                    self.text.len()
                }
                /// The byte at `at` (256 past the end).
                #[inline(always)]
                pub fn byte(&self, at: usize) -> usize {
                    self.text.as_bytes().get(at).map_or(256, |&b| usize::from(b))
                }
                #[inline(always)]
                pub fn string(&self, pos: usize, literal: &[u8]) -> Option<usize> {
                    let end = pos + literal.len();
                    (self.text.as_bytes().get(pos..end) == Some(literal)).then_some(end)
                }
                #[inline(always)]
                pub fn insensitive(&self, pos: usize, literal: &[u8]) -> Option<usize> {
                    let end = pos + literal.len();
                    match self.text.as_bytes().get(pos..end) {
                        Some(bytes) if bytes.eq_ignore_ascii_case(literal) => Some(end),
                        _ => None,
                    }
                }
                /// The character at `pos` and its length.
                #[inline(always)]
                fn char_at(&self, pos: usize) -> Option<(char, usize)> {
                    let byte = *self.text.as_bytes().get(pos)?;
                    if byte < 0x80 {
                        Some((char::from(byte), 1))
                    } else {
                        let c = self.text[pos..].chars().next()?;
                        Some((c, c.len_utf8()))
                    }
                }
                #[inline(always)]
                pub fn range(&self, pos: usize, from: char, to: char) -> Option<usize> {
                    let (c, len) = self.char_at(pos)?;
                    (from <= c && c <= to).then_some(pos + len)
                }
                /// A character with a Unicode property: `ascii` holds the
                /// ASCII characters that have it, `test` decides the others.
                #[inline(always)]
                pub fn char_by(&self, pos: usize, ascii: u128, test: impl Fn(char) -> bool) -> Option<usize> {
                    let byte = *self.text.as_bytes().get(pos)?;
                    if byte < 0x80 {
                        return (ascii >> byte & 1 == 1).then_some(pos + 1);
                    }
                    let c = self.text[pos..].chars().next()?;
                    test(c).then_some(pos + c.len_utf8())
                }
                #[inline(always)]
                pub fn any(&self, pos: usize) -> Option<usize> {
                    self.char_at(pos).map(|(_, len)| pos + len)
                }
                /// pest's `skip_until`: to the first of `strings`, else the end.
                pub fn skip_until(&self, pos: usize, strings: &[&str]) -> usize {
                    (pos..self.text.len())
                        .filter(|&at| self.text.is_char_boundary(at))
                        .find(|&at| strings.iter().any(|s| self.text[at..].starts_with(s)))
                        .unwrap_or(self.text.len())
                }
                #[inline(always)]
                pub fn mark(&self) -> usize {
                    self.nodes.len()
                }
                #[inline(always)]
                pub fn reset(&mut self, mark: usize) {
                    self.nodes.truncate(mark);
                }
                /// Records the start of a pair; `close` completes or drops it.
                #[inline(always)]
                pub fn open(&mut self, rule: Rule, start: usize) -> usize {
                    self.nodes.push(Node { rule, start, end: start, after: 0 });
                    self.nodes.len() - 1
                }
                #[inline(always)]
                pub fn close(&mut self, node: usize, end: Option<usize>) -> Option<usize> {
                    match end {
                        Some(end) => {
                            let after = self.nodes.len();
                            let node = &mut self.nodes[node];
                            node.end = end;
                            node.after = after;
                        }
                        None => self.nodes.truncate(node),
                    }
                    end
                }
            }

            /// pest's `skip` between the parts of a non-atomic sequence.
            #[inline(always)]
            pub fn skip<const C: u8>(p: &mut Recognizer<'_>, pos: usize) -> usize {
                let mut at = pos;
                if C == NON_ATOMIC {
                    while let Some(end) = rules::r#WHITESPACE::<C>(p, at) {
                        at = end;
                    }
                }
                at
            }

            /// One function per rule (and built-in rule), apart from the
            /// helpers above: a rule may be called `skip`.
            mod rules {
                use super::*;
                #(#builtin_recognizers)*
                #(#recognizers)*
            }

            /// Runs `rule` at the start of `p`'s text, as pest's `parse` does.
            pub fn run(rule: Rule, p: &mut Recognizer<'_>) -> Option<usize> {
                match rule {
                    Rule::EOI => rules::EOI::<NON_ATOMIC>(p, 0),
                    #(Rule::#names => rules::#names::<NON_ATOMIC>(p, 0)),*
                }
            }

            /// Builds pest's pairs of `nodes[from..to]` (siblings and their
            /// subtrees): pest's own `rule()` calls at the recorded spans.
            pub fn replay<'i>(
                mut state: Box<::pest::ParserState<'i, Rule>>,
                text: &'i str,
                nodes: &[Node],
                from: usize,
                to: usize,
            ) -> ::pest::ParseResult<Box<::pest::ParserState<'i, Rule>>> {
                let mut i = from;
                while i < to {
                    let node = nodes[i];
                    state = advance(state, text, node.start)?;
                    state = state.rule(node.rule, |state| {
                        replay(state, text, nodes, i + 1, node.after)
                            .and_then(|state| advance(state, text, node.end))
                    })?;
                    i = node.after;
                }
                Ok(state)
            }

            fn advance<'i>(
                state: Box<::pest::ParserState<'i, Rule>>,
                text: &'i str,
                to: usize,
            ) -> ::pest::ParseResult<Box<::pest::ParserState<'i, Rule>>> {
                let here = state.position().pos();
                if here == to { Ok(state) } else { state.match_string(&text[here..to]) }
            }

            thread_local! {
                /// The nodes of the current match, reused from one call to the next.
                static NODES: ::std::cell::RefCell<Vec<Node>> = const { ::std::cell::RefCell::new(Vec::new()) };
            }

            /// Whether `rule` matches at the start of `input` leaving a pair.
            pub fn matches(rule: Rule, input: &str) -> bool {
                NODES.with_borrow_mut(|nodes| {
                    nodes.clear();
                    let mut p = Recognizer { text: input, nodes };
                    run(rule, &mut p).is_some() && !p.nodes.is_empty()
                })
            }

            /// `rule`'s pairs on `input` as pest builds them, or `None` when it
            /// does not match.
            pub fn pairs<'i>(rule: Rule, input: &'i str) -> Option<::pest::iterators::Pairs<'i, Rule>> {
                NODES.with_borrow_mut(|nodes| {
                    nodes.clear();
                    let mut p = Recognizer { text: input, nodes };
                    run(rule, &mut p)?;
                    let nodes: &[Node] = p.nodes;
                    let pairs = ::pest::state(input, |state| replay(state, input, nodes, 0, nodes.len()));
                    debug_assert!(pairs.is_ok(), "the recognizer's match of {rule:?} replays in pest");
                    pairs.ok()
                })
            }
        }

        impl ::pest::Parser<Rule> for NewsParser {
            fn parse<'i>(rule: Rule, input: &'i str) -> Result<::pest::iterators::Pairs<'i, Rule>, ::pest::error::Error<Rule>> {
                match recognizer::pairs(rule, input) {
                    Some(pairs) => Ok(pairs),
                    // Only pest's own run knows what it expected where.
                    None => {
                        let failure = ::pest::state(input, |state| run(rule, state));
                        debug_assert!(failure.is_err(), "the recognizer and pest agree that {rule:?} fails");
                        failure
                    }
                }
            }
        }

        impl NewsParser {
            /// Runs `rule` at the start of `input`: its pairs, or `None` when it
            /// does not match (or matches leaving no pair). Unlike `parse`, a
            /// failure builds no error value.
            pub fn attempt<'i>(rule: Rule, input: &'i str) -> Option<::pest::iterators::Pairs<'i, Rule>> {
                recognizer::pairs(rule, input).filter(|pairs| pairs.peek().is_some())
            }

            /// Whether `attempt` would give pairs, without building them.
            pub fn matches(rule: Rule, input: &str) -> bool {
                recognizer::matches(rule, input)
            }
        }

        fn run(rule: Rule, state: Box<::pest::ParserState<'_, Rule>>) -> ::pest::ParseResult<Box<::pest::ParserState<'_, Rule>>> {
            match rule {
                Rule::EOI => rules::EOI(state),
                #(Rule::#names => rules::#names(state)),*
            }
        }
    }
    .to_string()
}

struct Generator<'g> {
    firsts: Firsts<'g>,
    /// Each distinct guard set and the number of its static.
    sets: BTreeMap<Bytes, usize>,
    /// Whether a rule's match can leave a pair in the tree (memo of `emits`).
    emits: HashMap<String, bool>,
    rule_types: HashMap<&'g str, &'g OptimizedRule>,
}

impl Generator<'_> {
    fn rule(&mut self, rule: &OptimizedRule) -> TokenStream {
        let name = format_ident!("r#{}", rule.name);
        let atomic = matches!(rule.ty, RuleType::Atomic | RuleType::CompoundAtomic)
            || rule.name == "WHITESPACE";
        let expr = self.expr(&rule.expr, atomic);
        let body = match rule.ty {
            RuleType::Silent if rule.name == "WHITESPACE" => {
                quote! { state.atomic(::pest::Atomicity::Atomic, |state| { #expr }) }
            }
            RuleType::Silent => quote! { #expr },
            RuleType::Normal => quote! { state.rule(Rule::#name, |state| { #expr }) },
            RuleType::Atomic => quote! {
                state.rule(Rule::#name, |state| state.atomic(::pest::Atomicity::Atomic, |state| { #expr }))
            },
            RuleType::CompoundAtomic => quote! {
                state.atomic(::pest::Atomicity::CompoundAtomic, |state| state.rule(Rule::#name, |state| { #expr }))
            },
            RuleType::NonAtomic => quote! {
                state.atomic(::pest::Atomicity::NonAtomic, |state| state.rule(Rule::#name, |state| { #expr }))
            },
        };
        quote! {
            #[inline]
            pub fn #name(state: Box<::pest::ParserState<'_, Rule>>) -> ::pest::ParseResult<Box<::pest::ParserState<'_, Rule>>> {
                #body
            }
        }
    }

    /// The code of one expression; `atomic`: no implicit whitespace.
    fn expr(&mut self, expr: &OptimizedExpr, atomic: bool) -> TokenStream {
        use OptimizedExpr as E;
        match expr {
            E::Str(s) => quote! { state.match_string(#s) },
            E::Insens(s) => quote! { state.match_insensitive(#s) },
            E::Range(from, to) => {
                let (from, to) = (first_char(from), first_char(to));
                quote! { state.match_range(#from..#to) }
            }
            E::Ident(name) => {
                let call = {
                    let ident = format_ident!("r#{name}");
                    quote! { self::#ident(state) }
                };
                let first = self.firsts.of_rule(name);
                self.guarded(first, call)
            }
            E::PeekSlice(start, end) => {
                let end = match end {
                    Some(end) => quote! { Some(#end) },
                    None => quote! { None },
                };
                quote! { state.stack_match_peek_slice(#start, #end, ::pest::MatchDir::BottomToTop) }
            }
            E::PosPred(inner) => {
                let inner = self.expr(inner, atomic);
                quote! { state.lookahead(true, |state| { #inner }) }
            }
            E::NegPred(inner) => {
                let inner = self.expr(inner, atomic);
                quote! { state.lookahead(false, |state| { #inner }) }
            }
            E::Seq(..) => {
                let parts: Vec<_> = sequence_of(expr)
                    .into_iter()
                    .map(|part| self.expr(part, atomic))
                    .collect();
                let (head, tail) = parts.split_first().expect("a sequence has parts");
                let tail = tail.iter().map(|part| {
                    if atomic {
                        quote! { .and_then(|state| { #part }) }
                    } else {
                        quote! { .and_then(|state| super::hidden::skip(state)).and_then(|state| { #part }) }
                    }
                });
                quote! { state.sequence(|state| { #head #(#tail)* }) }
            }
            E::Choice(..) => self.choice(expr, atomic),
            E::Opt(inner) => {
                let inner = self.expr(inner, atomic);
                quote! { state.optional(|state| { #inner }) }
            }
            E::Rep(inner) => {
                let inner = self.expr(inner, atomic);
                if atomic {
                    quote! { state.repeat(|state| { #inner }) }
                } else {
                    quote! {
                        state.sequence(|state| state.optional(|state| { #inner }.and_then(|state| {
                            state.repeat(|state| state.sequence(|state| {
                                super::hidden::skip(state).and_then(|state| { #inner })
                            }))
                        })))
                    }
                }
            }
            E::Skip(strings) => quote! { state.skip_until(&[#(#strings),*]) },
            E::Push(inner) => {
                let inner = self.expr(inner, atomic);
                quote! { state.stack_push(|state| #inner) }
            }
            E::RestoreOnErr(inner) => {
                let inner = self.expr(inner, atomic);
                quote! { state.restore_on_err(|state| #inner) }
            }
        }
    }

    /// An ordered choice: runs of literals become one `match` on the next
    /// byte; every other alternative is skipped when the byte cannot start it.
    fn choice(&mut self, expr: &OptimizedExpr, atomic: bool) -> TokenStream {
        let alternatives = alternatives_of(expr);
        let parts = choice_parts(Flavor::Pest, &alternatives, |alternative| {
            let code = self.expr(alternative, atomic);
            // A rule call guards itself (see `expr`).
            if matches!(alternative, OptimizedExpr::Ident(_)) {
                code
            } else {
                let first = self.firsts.of(alternative, !atomic);
                self.guarded(first, code)
            }
        });
        Flavor::Pest.ordered(&parts)
    }

    /// `code`, run only when the next byte can start it.
    fn guarded(&mut self, first: First, code: TokenStream) -> TokenStream {
        self.guarded_as(Flavor::Pest, first, code)
    }

    fn guarded_as(&mut self, flavor: Flavor, first: First, code: TokenStream) -> TokenStream {
        let Some(bytes) = first.guard() else {
            return code;
        };
        let count = self.sets.len();
        let id = *self.sets.entry(bytes).or_insert(count);
        let set = format_ident!("FIRST_{id}");
        let (next, fail) = (flavor.byte_at(0), flavor.fail());
        quote! {
            if starts(#next, &#set) { #code } else { #fail }
        }
    }
}

/// Which code `dispatch` writes: pest's (a `ParserState` threaded through
/// closures) or the recognizer's (`p`, `pos`, `Option<usize>`).
#[derive(Clone, Copy)]
enum Flavor {
    Pest,
    Recognizer,
}

impl Flavor {
    /// The input's byte `depth` bytes ahead (256 past its end).
    fn byte_at(self, depth: usize) -> TokenStream {
        match self {
            Flavor::Pest => quote! { byte_at(&state, #depth) },
            Flavor::Recognizer => quote! { p.byte(pos + #depth) },
        }
    }
    fn fail(self) -> TokenStream {
        match self {
            Flavor::Pest => quote! { Err(state) },
            Flavor::Recognizer => quote! { None },
        }
    }
    /// The first of `parts` that matches, in order.
    fn ordered(self, parts: &[TokenStream]) -> TokenStream {
        let (head, tail) = parts.split_first().expect("a choice has alternatives");
        match self {
            Flavor::Pest => quote! { #head #(.or_else(|state| { #tail }))* },
            Flavor::Recognizer if tail.is_empty() => head.clone(),
            Flavor::Recognizer => {
                let rest = self.ordered(tail);
                quote! { match #head { Some(end) => Some(end), None => { #rest } } }
            }
        }
    }
    /// The code that matches one literal.
    fn matcher(self, Literal { word, insensitive }: Literal) -> TokenStream {
        let bytes = proc_macro2::Literal::byte_string(word.as_bytes());
        match (self, insensitive) {
            (Flavor::Pest, true) => quote! { state.match_insensitive(#word) },
            (Flavor::Pest, false) => quote! { state.match_string(#word) },
            (Flavor::Recognizer, true) => quote! { p.insensitive(pos, #bytes) },
            (Flavor::Recognizer, false) => quote! { p.string(pos, #bytes) },
        }
    }
}

/// Tries `words[candidates]` in grammar order, looking first at the input's
/// byte at `depth` (past the current position) to keep only the words that
/// can match: a trie over the words' bytes, down to where one word is left.
/// A word shorter than `depth + 1` cannot be sorted by that byte: it stays
/// a candidate in every arm, in its place.
fn dispatch(flavor: Flavor, words: &[Literal], candidates: &[usize], depth: usize) -> TokenStream {
    let sortable = |i: &usize| words[*i].word.len() > depth;
    let in_order = |fitting: &[usize]| {
        let code: Vec<_> = fitting.iter().map(|&i| flavor.matcher(words[i])).collect();
        flavor.ordered(&code)
    };
    if candidates.len() < 3 || !candidates.iter().all(sortable) && depth > 0 {
        return in_order(candidates);
    }
    // For each byte, the words that fit it; bytes with the same words share an arm.
    let mut arms: BTreeMap<Vec<usize>, Vec<u8>> = BTreeMap::new();
    for byte in 0..=255u8 {
        let fitting: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| !sortable(&i) || byte_fits(words[i], depth, byte))
            .collect();
        if !fitting.is_empty() {
            arms.entry(fitting).or_default().push(byte);
        }
    }
    let others: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|i| !sortable(i))
        .collect();
    let arms = arms.into_iter().map(|(fitting, bytes)| {
        let code = if fitting.len() == candidates.len() {
            // The byte sorts nothing out: look no further.
            in_order(&fitting)
        } else {
            dispatch(flavor, words, &fitting, depth + 1)
        };
        let bytes = bytes.iter().map(|&b| usize::from(b));
        quote! { #(#bytes)|* => { #code } }
    });
    let fallback = if others.is_empty() {
        flavor.fail()
    } else {
        dispatch(flavor, words, &others, depth + 1)
    };
    let byte = flavor.byte_at(depth);
    quote! {
        match #byte {
            #(#arms)*
            _ => { #fallback }
        }
    }
}

/// Whether `byte` at offset `depth` fits the word there.
fn byte_fits(Literal { word, insensitive }: Literal, depth: usize, byte: u8) -> bool {
    let own = word.as_bytes()[depth];
    if insensitive {
        own.eq_ignore_ascii_case(&byte)
    } else {
        own == byte
    }
}

/// A literal alternative of a choice: `"word"`, or `^"word"` (case-insensitive).
#[derive(Clone, Copy)]
struct Literal<'e> {
    word: &'e str,
    insensitive: bool,
}

/// The literal `expr` is; not the empty literal, which matches anywhere
/// and is never grouped.
fn literal(expr: &OptimizedExpr) -> Option<Literal<'_>> {
    let (word, insensitive) = match expr {
        OptimizedExpr::Str(s) => (s, false),
        OptimizedExpr::Insens(s) => (s, true),
        _ => return None,
    };
    (!word.is_empty()).then_some(Literal { word, insensitive })
}

/// The parts of a choice, in grammar order: each run of literal
/// alternatives as one `dispatch` over their bytes, each other alternative
/// as `other` writes it.
fn choice_parts<'e>(
    flavor: Flavor,
    alternatives: &[&'e OptimizedExpr],
    mut other: impl FnMut(&'e OptimizedExpr) -> TokenStream,
) -> Vec<TokenStream> {
    let mut parts = Vec::new();
    let mut run: Vec<Literal> = Vec::new();
    let flush = |run: &mut Vec<Literal>, parts: &mut Vec<TokenStream>| {
        let all: Vec<usize> = (0..run.len()).collect();
        if !run.is_empty() {
            parts.push(dispatch(flavor, run, &all, 0));
        }
        run.clear();
    };
    for &alternative in alternatives {
        match literal(alternative) {
            Some(word) => run.push(word),
            None => {
                flush(&mut run, &mut parts);
                parts.push(other(alternative));
            }
        }
    }
    flush(&mut run, &mut parts);
    parts
}

/// The alternatives of a choice `a | b | …` (one for any other expression).
fn alternatives_of(expr: &OptimizedExpr) -> Vec<&OptimizedExpr> {
    flatten(expr, |e| match e {
        OptimizedExpr::Choice(l, r) => Some((l, r)),
        _ => None,
    })
}

/// The parts of a sequence `a ~ b ~ …` (one for any other expression).
fn sequence_of(expr: &OptimizedExpr) -> Vec<&OptimizedExpr> {
    flatten(expr, |e| match e {
        OptimizedExpr::Seq(l, r) => Some((l, r)),
        _ => None,
    })
}

/// The parts of a right-nested binary expression (a sequence or a choice).
fn flatten<'e>(
    expr: &'e OptimizedExpr,
    split: impl Fn(&'e OptimizedExpr) -> Option<(&'e OptimizedExpr, &'e OptimizedExpr)>,
) -> Vec<&'e OptimizedExpr> {
    let mut parts = Vec::new();
    let mut current = expr;
    while let Some((left, right)) = split(current) {
        parts.push(left);
        current = right;
    }
    parts.push(current);
    parts
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or('\0')
}

/// pest's built-in rules, as pest_generator writes them.
fn builtin_functions() -> Vec<TokenStream> {
    let simple = [
        ("ANY", quote! { state.skip(1) }),
        ("SOI", quote! { state.start_of_input() }),
        ("ASCII_DIGIT", quote! { state.match_range('0'..'9') }),
        (
            "ASCII_NONZERO_DIGIT",
            quote! { state.match_range('1'..'9') },
        ),
        ("ASCII_ALPHA_LOWER", quote! { state.match_range('a'..'z') }),
        ("ASCII_ALPHA_UPPER", quote! { state.match_range('A'..'Z') }),
        (
            "ASCII_ALPHA",
            quote! { state.match_range('a'..'z').or_else(|state| state.match_range('A'..'Z')) },
        ),
        (
            "ASCII_ALPHANUMERIC",
            quote! { state.match_range('a'..'z').or_else(|state| state.match_range('A'..'Z')).or_else(|state| state.match_range('0'..'9')) },
        ),
    ];
    let simple = simple.into_iter().map(|(name, body)| {
        let name = format_ident!("{name}");
        quote! {
            #[inline]
            pub fn #name(state: Box<::pest::ParserState<'_, Rule>>) -> ::pest::ParseResult<Box<::pest::ParserState<'_, Rule>>> {
                #body
            }
        }
    });
    let unicode = pest::unicode::unicode_property_names().map(|property| {
        let name = format_ident!("{property}");
        quote! {
            #[inline]
            pub fn #name(state: Box<::pest::ParserState<'_, Rule>>) -> ::pest::ParseResult<Box<::pest::ParserState<'_, Rule>>> {
                state.match_char_by(::pest::unicode::#name)
            }
        }
    });
    simple.chain(unicode).collect()
}

/// The `///` comments of each rule, for the docs of `Rule`'s variants.
pub fn rule_docs(
    pairs: pest::iterators::Pairs<'_, pest_meta::parser::Rule>,
) -> HashMap<String, String> {
    use pest_meta::parser::Rule as Meta;
    let mut docs = HashMap::new();
    let mut lines = String::new();
    for pair in pairs.filter(|p| p.as_rule() == Meta::grammar_rule) {
        let Some(inner) = pair.into_inner().next() else {
            continue;
        };
        match inner.as_rule() {
            Meta::line_doc => {
                if let Some(text) = inner.into_inner().next() {
                    lines.push_str(text.as_str());
                    lines.push('\n');
                }
            }
            Meta::identifier if !lines.is_empty() => {
                lines.pop();
                docs.insert(inner.as_str().to_owned(), std::mem::take(&mut lines));
            }
            _ => {}
        }
    }
    docs
}

/// The atomicity a recognizer's expression runs in: the caller's (the
/// function's `const C`), or one its rule sets. pest keeps it at run time
/// in the `ParserState`; here each rule is compiled once per atomicity it is
/// called in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Caller,
    NonAtomic,
    CompoundAtomic,
    Atomic,
}

impl Context {
    fn tokens(self) -> TokenStream {
        match self {
            Context::Caller => quote! { C },
            Context::NonAtomic => quote! { NON_ATOMIC },
            Context::CompoundAtomic => quote! { COMPOUND_ATOMIC },
            Context::Atomic => quote! { ATOMIC },
        }
    }
    /// Implicit whitespace after `pos`, as pest's `skip` (nothing when atomic).
    fn skip(self) -> Option<TokenStream> {
        let context = self.tokens();
        matches!(self, Context::Caller | Context::NonAtomic)
            .then(|| quote! { let pos = super::skip::<#context>(p, pos); })
    }
}

/// The recognizer: the same grammar compiled to plain functions over the
/// input's bytes (`fn(&mut Recognizer, pos) -> Option<end>`). It follows
/// pest's semantics step by step (ordered choice, implicit whitespace by
/// atomicity, lookaheads, which rules leave a pair) but keeps no
/// `ParserState`: no boxed state threaded through closures, no call
/// tracker, no attempt lists, no stack snapshots. It records the pairs of a
/// match as (rule, start, end) nodes; only a match is then replayed into
/// pest's `ParserState` to build the same `Pairs` pest would.
impl Generator<'_> {
    fn recognizer(&mut self, rule: &OptimizedRule) -> TokenStream {
        let name = format_ident!("r#{}", rule.name);
        let atomic = matches!(rule.ty, RuleType::Atomic | RuleType::CompoundAtomic)
            || rule.name == "WHITESPACE";
        // How pest's generated rule sets atomicity, and whether it pushes a
        // pair: `rule()` pushes one unless the atomicity at its call is
        // `Atomic` (a compound-atomic or non-atomic rule sets its own first).
        let (context, pair) = match rule.ty {
            RuleType::Silent if rule.name == "WHITESPACE" => (Context::Atomic, None),
            RuleType::Silent => (Context::Caller, None),
            RuleType::Normal => (Context::Caller, Some(quote! { C != ATOMIC })),
            RuleType::Atomic => (Context::Atomic, Some(quote! { C != ATOMIC })),
            RuleType::CompoundAtomic => (Context::CompoundAtomic, Some(quote! { true })),
            RuleType::NonAtomic => (Context::NonAtomic, Some(quote! { true })),
        };
        let body = self.recognize(&rule.expr, context, atomic);
        let body = match pair {
            None => body,
            Some(pushes) => quote! {
                let node = if #pushes { p.open(Rule::#name, pos) } else { usize::MAX };
                let end = { #body };
                if #pushes { p.close(node, end) } else { end }
            },
        };
        quote! {
            #[inline]
            pub fn #name<const C: u8>(p: &mut Recognizer<'_>, pos: usize) -> Option<usize> {
                #body
            }
        }
    }

    /// Whether a match of `expr` can leave a pair (so a failure after it
    /// must drop the nodes it recorded).
    fn emits(&mut self, expr: &OptimizedExpr) -> bool {
        use OptimizedExpr as E;
        match expr {
            E::Ident(name) => {
                if let Some(&known) = self.emits.get(name) {
                    return known;
                }
                self.emits.insert(name.clone(), true); // no rule calls itself
                let emits = match self.rule_types.get(name.as_str()) {
                    Some(rule) if rule.ty == RuleType::Silent => {
                        let rule = *rule;
                        self.emits(&rule.expr)
                    }
                    Some(_) => true,
                    None => name == "EOI",
                };
                self.emits.insert(name.clone(), emits);
                emits
            }
            E::Seq(a, b) | E::Choice(a, b) => self.emits(a) || self.emits(b),
            E::Opt(e) | E::Rep(e) | E::Push(e) | E::RestoreOnErr(e) => self.emits(e),
            // A lookahead's pairs are dropped.
            _ => false,
        }
    }

    /// The recognizer's code of one expression: an `Option<usize>` (the end
    /// of the match) from `pos`, leaving the recorded nodes as they were
    /// when it fails. `atomic`: the rule is atomic as written (its FIRST
    /// sets were computed without implicit whitespace).
    fn recognize(&mut self, expr: &OptimizedExpr, context: Context, atomic: bool) -> TokenStream {
        use OptimizedExpr as E;
        let pass = context.tokens();
        if matches!(expr, E::Choice(..) | E::Ident(_))
            && let Some(class) = self.char_class(expr)
        {
            return class.code();
        }
        match expr {
            E::Str(word) => Flavor::Recognizer.matcher(Literal {
                word,
                insensitive: false,
            }),
            E::Insens(word) => Flavor::Recognizer.matcher(Literal {
                word,
                insensitive: true,
            }),
            E::Range(from, to) => {
                let (from, to) = (first_char(from), first_char(to));
                quote! { p.range(pos, #from, #to) }
            }
            E::Ident(name) => {
                let ident = format_ident!("r#{name}");
                let first = self.firsts.of_rule(name);
                self.guarded_as(
                    Flavor::Recognizer,
                    first,
                    quote! { #ident::<#pass>(p, pos) },
                )
            }
            E::PosPred(inner) => {
                let inner = self.recognize(inner, context, atomic);
                quote! {{
                    let mark = p.mark();
                    let matched = { #inner }.is_some();
                    p.reset(mark);
                    matched.then_some(pos)
                }}
            }
            E::NegPred(inner) => {
                let inner = self.recognize(inner, context, atomic);
                quote! {{
                    let mark = p.mark();
                    match { #inner } {
                        Some(_) => { p.reset(mark); None }
                        None => Some(pos),
                    }
                }}
            }
            E::Seq(..) => self.recognize_sequence(expr, context, atomic),
            E::Choice(..) => self.recognize_choice(expr, context, atomic),
            E::Opt(inner) => {
                let inner = self.recognize(inner, context, atomic);
                quote! { Some({ #inner }.unwrap_or(pos)) }
            }
            E::Rep(inner) => {
                let inner = self.recognize(inner, context, atomic);
                match context.skip() {
                    None => quote! {{
                        let mut at = pos;
                        while let Some(end) = { let pos = at; #inner } {
                            at = end;
                        }
                        Some(at)
                    }},
                    // pest: `optional(e ~ repeat(skip ~ e))`; whitespace
                    // before a failed repetition is not consumed.
                    Some(skip) => quote! {{
                        let mut at = pos;
                        if let Some(end) = { #inner } {
                            at = end;
                            while let Some(end) = { let pos = at; #skip #inner } {
                                at = end;
                            }
                        }
                        Some(at)
                    }},
                }
            }
            E::Skip(strings) => quote! { Some(p.skip_until(pos, &[#(#strings),*])) },
            E::PeekSlice(..) | E::Push(_) | E::RestoreOnErr(_) => panic!(
                "\n\nThe grammar uses PUSH/PEEK/POP, which src/build/codegen.rs's recognizer does not support\n\n"
            ),
        }
    }

    /// When every match of `expr` is one character of a set (`LETTER | MARK |
    /// NUMBER`, `" " | WHITE_SPACE`, silent rules made of these), that set:
    /// whichever alternative matches, it consumes that one character, so the
    /// choice is one test. Rules that leave a pair are not looked into.
    fn char_class(&self, expr: &OptimizedExpr) -> Option<CharClass> {
        use OptimizedExpr as E;
        let one_char = |s: &str| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.as_str().is_empty())
        };
        match expr {
            E::Str(s) => one_char(s).map(CharClass::of_char),
            E::Insens(s) => one_char(s).map(|c| {
                CharClass::of_char(c.to_ascii_lowercase())
                    .union(CharClass::of_char(c.to_ascii_uppercase()))
            }),
            E::Range(from, to) => Some(CharClass::range(first_char(from), first_char(to))),
            E::Choice(a, b) => Some(self.char_class(a)?.union(self.char_class(b)?)),
            E::Ident(name) => match self.rule_types.get(name.as_str()) {
                Some(rule) if rule.ty == RuleType::Silent => self.char_class(&rule.expr),
                Some(_) => None,
                None => CharClass::builtin(name),
            },
            _ => None,
        }
    }

    /// `a ~ b ~ …`: each part from where the one before ended (after
    /// implicit whitespace); a failure drops what the earlier parts recorded.
    fn recognize_sequence(
        &mut self,
        expr: &OptimizedExpr,
        context: Context,
        atomic: bool,
    ) -> TokenStream {
        let parts = sequence_of(expr);
        let mut recorded_before = Vec::with_capacity(parts.len());
        let mut recorded = false;
        let mut code = Vec::with_capacity(parts.len());
        for part in &parts {
            recorded_before.push(recorded);
            recorded |= self.emits(part);
            code.push(self.recognize(part, context, atomic));
        }
        let skip = context.skip();
        let mut rest: Option<TokenStream> = None;
        for (part, dirty) in code.iter().zip(&recorded_before).rev() {
            let failed = if *dirty {
                quote! { { p.reset(mark); None } }
            } else {
                quote! { None }
            };
            rest = Some(match rest {
                None if *dirty => {
                    quote! { match { #part } { Some(end) => Some(end), None => #failed } }
                }
                None => part.clone(),
                Some(rest) => quote! {
                    match { #part } {
                        Some(pos) => { #skip #rest }
                        None => #failed,
                    }
                },
            });
        }
        let rest = rest.expect("a sequence has parts");
        if recorded_before.iter().any(|&d| d) {
            quote! {{ let mark = p.mark(); #rest }}
        } else {
            rest
        }
    }

    fn recognize_choice(
        &mut self,
        expr: &OptimizedExpr,
        context: Context,
        atomic: bool,
    ) -> TokenStream {
        let alternatives = alternatives_of(expr);
        let parts = choice_parts(Flavor::Recognizer, &alternatives, |alternative| {
            let code = self.recognize(alternative, context, atomic);
            if matches!(alternative, OptimizedExpr::Ident(_)) {
                code
            } else {
                let first = self.firsts.of(alternative, !atomic);
                self.guarded_as(Flavor::Recognizer, first, code)
            }
        });
        Flavor::Recognizer.ordered(&parts)
    }
}

/// A set of characters (see `Generator::char_class`).
struct CharClass {
    /// The ASCII characters in it.
    ascii: u128,
    /// Tests of the other characters, any of which admits one.
    others: Vec<TokenStream>,
}

impl CharClass {
    fn of_char(c: char) -> CharClass {
        CharClass::range(c, c)
    }
    fn range(from: char, to: char) -> CharClass {
        let ascii = (0..128u8)
            .filter(|&b| (from..=to).contains(&char::from(b)))
            .fold(0u128, |mask, b| mask | 1 << b);
        let others = if to >= '\u{80}' {
            vec![quote! { (#from..=#to).contains(&c) }]
        } else {
            Vec::new()
        };
        CharClass { ascii, others }
    }
    /// pest's built-in character classes.
    fn builtin(name: &str) -> Option<CharClass> {
        let test = pest::unicode::by_name(name)?;
        let ascii = (0..128u8)
            .filter(|&b| test(char::from(b)))
            .fold(0u128, |mask, b| mask | 1 << b);
        let name = format_ident!("{name}");
        Some(CharClass {
            ascii,
            others: vec![quote! { ::pest::unicode::#name(c) }],
        })
    }
    fn union(mut self, other: CharClass) -> CharClass {
        self.ascii |= other.ascii;
        self.others.extend(other.others);
        self
    }
    fn code(&self) -> TokenStream {
        let (ascii, others) = (self.ascii, &self.others);
        if others.is_empty() {
            quote! { p.char_by(pos, #ascii, |c: char| false) }
        } else {
            quote! { p.char_by(pos, #ascii, |c: char| #(#others)||*) }
        }
    }
}

/// pest's built-in rules for the recognizer.
fn builtin_recognizers() -> Vec<TokenStream> {
    let simple = [
        ("ANY", quote! { p.any(pos) }),
        ("SOI", quote! { (pos == 0).then_some(pos) }),
        (
            "EOI",
            quote! {
                if pos != p.len() {
                    return None;
                }
                let node = if C != ATOMIC { p.open(Rule::EOI, pos) } else { usize::MAX };
                if C != ATOMIC { p.close(node, Some(pos)) } else { Some(pos) }
            },
        ),
        ("ASCII_DIGIT", quote! { p.range(pos, '0', '9') }),
        ("ASCII_NONZERO_DIGIT", quote! { p.range(pos, '1', '9') }),
        ("ASCII_ALPHA_LOWER", quote! { p.range(pos, 'a', 'z') }),
        ("ASCII_ALPHA_UPPER", quote! { p.range(pos, 'A', 'Z') }),
        (
            "ASCII_ALPHA",
            quote! { p.range(pos, 'a', 'z').or_else(|| p.range(pos, 'A', 'Z')) },
        ),
        (
            "ASCII_ALPHANUMERIC",
            quote! { p.range(pos, 'a', 'z').or_else(|| p.range(pos, 'A', 'Z')).or_else(|| p.range(pos, '0', '9')) },
        ),
    ];
    let simple = simple.into_iter().map(|(name, body)| {
        let name = format_ident!("{name}");
        quote! {
            #[inline]
            pub fn #name<const C: u8>(p: &mut Recognizer<'_>, pos: usize) -> Option<usize> {
                #body
            }
        }
    });
    let unicode = pest::unicode::unicode_property_names().map(|property| {
        let name = format_ident!("{property}");
        let test = pest::unicode::by_name(property).expect("pest names its own properties");
        // Which ASCII characters have the property, looked up in a
        // mask rather than pest's Unicode tables (most text is ASCII).
        let ascii = (0..128u8)
            .filter(|&b| test(char::from(b)))
            .fold(0u128, |mask, b| mask | 1 << b);
        quote! {
            #[inline]
            pub fn #name<const C: u8>(p: &mut Recognizer<'_>, pos: usize) -> Option<usize> {
                p.char_by(pos, #ascii, ::pest::unicode::#name)
            }
        }
    });
    simple.chain(unicode).collect()
}
