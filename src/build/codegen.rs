//! The parser's Rust code, generated from the grammar's optimised rules.
//!
//! This is pest_derive's code generator (pest_generator 2.9, MIT/Apache-2.0,
//! `generator.rs`) cut down to the expressions pest_meta's optimiser emits,
//! with two changes that keep every parse tree identical and make failures
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
//! A test (tests/fast_path.rs) checks that this parser and pest_derive's give
//! the same tree for the grammar's `sentence` rule on every sentence of the
//! corpus and of 266 Wikinews articles.
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
    };
    let functions: Vec<TokenStream> = rules.iter().map(|r| generator.rule(r)).collect();
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
                fn starts(byte: usize, set: &[u64; 4]) -> bool {
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

        impl ::pest::Parser<Rule> for NewsParser {
            fn parse<'i>(rule: Rule, input: &'i str) -> Result<::pest::iterators::Pairs<'i, Rule>, ::pest::error::Error<Rule>> {
                ::pest::state(input, |state| run(rule, state))
            }
        }

        impl NewsParser {
            /// Runs `rule` at the start of `input`: its pairs, or `None` when it
            /// does not match. Unlike `parse`, a failure builds no error value.
            pub fn attempt<'i>(rule: Rule, input: &'i str) -> Option<::pest::iterators::Pairs<'i, Rule>> {
                ::pest::state(input, |state| run(rule, state).or_else(Ok))
                    .ok()
                    .filter(|pairs| pairs.peek().is_some())
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
                let parts: Vec<_> = flatten(expr, |e| match e {
                    E::Seq(l, r) => Some((l, r)),
                    _ => None,
                })
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
        let alternatives = flatten(expr, |e| match e {
            OptimizedExpr::Choice(l, r) => Some((l, r)),
            _ => None,
        });
        let mut parts: Vec<TokenStream> = Vec::new();
        let mut run: Vec<(&str, bool)> = Vec::new();
        for alternative in alternatives {
            match literal(alternative) {
                Some(word) => run.push(word),
                None => {
                    parts.extend(self.literal_run(&mut run));
                    let code = self.expr(alternative, atomic);
                    // A rule call guards itself (see `expr`).
                    parts.push(if matches!(alternative, OptimizedExpr::Ident(_)) {
                        code
                    } else {
                        let first = self.firsts.of(alternative, !atomic);
                        self.guarded(first, code)
                    });
                }
            }
        }
        parts.extend(self.literal_run(&mut run));
        let (head, tail) = parts.split_first().expect("a choice has alternatives");
        quote! { #head #(.or_else(|state| { #tail }))* }
    }

    /// The code for consecutive literal alternatives (drained from `run`).
    fn literal_run(&mut self, run: &mut Vec<(&str, bool)>) -> Option<TokenStream> {
        let words = std::mem::take(run);
        let all: Vec<usize> = (0..words.len()).collect();
        (!words.is_empty()).then(|| dispatch(&words, &all, 0))
    }

    /// `code`, run only when the next byte can start it.
    fn guarded(&mut self, first: First, code: TokenStream) -> TokenStream {
        let Some(bytes) = first.guard() else {
            return code;
        };
        let count = self.sets.len();
        let id = *self.sets.entry(bytes).or_insert(count);
        let set = format_ident!("FIRST_{id}");
        quote! {
            if starts(next(&state), &#set) { #code } else { Err(state) }
        }
    }
}

/// Tries `words[candidates]` in grammar order, looking first at the input's
/// byte at `depth` (past the current position) to keep only the words that
/// can match: a trie over the words' bytes, down to where one word is left.
/// A word shorter than `depth + 1` cannot be sorted by that byte: it stays
/// a candidate in every arm, in its place.
fn dispatch(words: &[(&str, bool)], candidates: &[usize], depth: usize) -> TokenStream {
    let sortable = |i: &usize| words[*i].0.len() > depth;
    if candidates.len() < 3 || !candidates.iter().all(sortable) && depth > 0 {
        let code: Vec<_> = candidates.iter().map(|&i| matcher(words[i])).collect();
        let (head, tail) = code.split_first().expect("a run has a word");
        return quote! { #head #(.or_else(|state| { #tail }))* };
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
            let code: Vec<_> = fitting.iter().map(|&i| matcher(words[i])).collect();
            let (head, tail) = code.split_first().expect("an arm has a word");
            quote! { #head #(.or_else(|state| { #tail }))* }
        } else {
            dispatch(words, &fitting, depth + 1)
        };
        let bytes = bytes.iter().map(|&b| usize::from(b));
        quote! { #(#bytes)|* => { #code } }
    });
    let fallback = if others.is_empty() {
        quote! { Err(state) }
    } else {
        dispatch(words, &others, depth + 1)
    };
    quote! {
        match byte_at(&state, #depth) {
            #(#arms)*
            _ => { #fallback }
        }
    }
}

/// The code that matches one literal.
fn matcher((word, insensitive): (&str, bool)) -> TokenStream {
    if insensitive {
        quote! { state.match_insensitive(#word) }
    } else {
        quote! { state.match_string(#word) }
    }
}

/// Whether `byte` at offset `depth` fits the word there.
fn byte_fits((word, insensitive): (&str, bool), depth: usize, byte: u8) -> bool {
    let own = word.as_bytes()[depth];
    if insensitive {
        own.eq_ignore_ascii_case(&byte)
    } else {
        own == byte
    }
}

/// A literal alternative: its text and whether it is case-insensitive. The
/// empty literal matches anywhere and is never grouped.
fn literal(expr: &OptimizedExpr) -> Option<(&str, bool)> {
    match expr {
        OptimizedExpr::Str(s) if !s.is_empty() => Some((s, false)),
        OptimizedExpr::Insens(s) if !s.is_empty() => Some((s, true)),
        _ => None,
    }
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
