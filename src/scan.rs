//! The scanner: finds the islands of one sentence, fast.
//!
//! The grammar's rule `sentence` states the scan: at each word try an
//! `island`, else skip the word. Run literally, pest tries every island at
//! every word, and most words start none. Here the same scan only starts the
//! parser at the words where an island can begin: the FIRST set of `island`,
//! computed from the grammar by `src/build.rs` (so no word list lives in
//! Rust), plus the words shortly before a verb of saying, where `source_says`
//! ("the ministry said") begins. Matches never overlap: after an island the
//! scan goes on from its end, exactly as the rule does. A property test
//! checks that this scan and the `sentence` rule find the same islands.

use std::collections::HashSet;
use std::sync::LazyLock;

use pest::Parser;
use pest::iterators::Pair;

use crate::grammar::{NewsParser, Rule};
use crate::prefilter::{ISLAND_FIRST_CHARS, ISLAND_FIRST_DIGIT, ISLAND_FIRST_WORDS, SAYING_CUES, event_words};

/// How many tokens before a verb of saying its source may start.
const SOURCE_WINDOW: usize = 16;
/// How many tokens before its event word an event clause may start: a count,
/// its role (up to 5 + "of" + 5 words), a gap of up to 15, auxiliaries.
const EVENT_REACH: usize = 40;

static FIRST_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| ISLAND_FIRST_WORDS.iter().copied().collect());
static CUES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| SAYING_CUES.iter().copied().collect());

/// A token: a word as the grammar's `word` rule sees it ("Friday’s",
/// "large-scale"), or one other non-space character.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    /// A word, not a punctuation mark.
    word: bool,
}

/// Calls `found` with every island of `sentence` (the dateline first, if
/// any) and the byte offset within `sentence` its pair's spans are relative to.
pub fn scan(sentence: &str, mut found: impl FnMut(Pair<'_, Rule>, usize)) {
    let mut resume = 0;
    if let Some(pair) = NewsParser::parse(Rule::dateline, sentence).ok().and_then(|mut p| p.next()) {
        resume = pair.as_span().end();
        found(pair, 0);
    }
    let tokens = tokenize(sentence);
    let starts = island_starts(sentence, &tokens);
    let event_near = event_words_near(sentence, &tokens);
    for (i, (token, start)) in tokens.iter().zip(starts).enumerate() {
        // Where only a source can start, only an attribution can match.
        let rule = match start {
            Start::No => continue,
            _ if token.start < resume => continue,
            Start::Island if event_near[i] => Rule::island,
            Start::Island => Rule::island_without_event,
            Start::Source => Rule::attribution,
        };
        if let Some(island) = NewsParser::parse(rule, &sentence[token.start..]).ok().and_then(|mut p| p.next()) {
            resume = token.start + island.as_span().end();
            if rule != Rule::attribution {
                island.into_inner().for_each(|inner| found(inner, token.start));
            } else {
                found(island, token.start);
            }
        }
    }
}

/// Whether an event word starts within `EVENT_REACH` tokens after each token.
fn event_words_near(sentence: &str, tokens: &[Token]) -> Vec<bool> {
    let hits = event_words(sentence);
    let mut next_hit = hits.iter().peekable();
    let mut near = vec![false; tokens.len()];
    // Walk backwards: remember the token index of the nearest event word ahead.
    let mut hit_tokens = Vec::with_capacity(hits.len());
    for (i, token) in tokens.iter().enumerate() {
        let end = tokens.get(i + 1).map_or(sentence.len(), |t| t.start);
        while next_hit.next_if(|&&h| h < end).is_some() {
            if hit_tokens.last() != Some(&i) && token.start <= end {
                hit_tokens.push(i);
            }
        }
    }
    let mut ahead = hit_tokens.iter().rev().peekable();
    let mut nearest: Option<usize> = None;
    for i in (0..tokens.len()).rev() {
        while let Some(&&h) = ahead.peek() {
            if h < i {
                break;
            }
            nearest = Some(h);
            ahead.next();
        }
        near[i] = nearest.is_some_and(|h| h - i <= EVENT_REACH);
    }
    near
}

/// What may start at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    No,
    /// Any island (the token is in the FIRST set of `island`).
    Island,
    /// Only the source of a verb of saying a few words on.
    Source,
}

/// What may start at each token.
fn island_starts(sentence: &str, tokens: &[Token]) -> Vec<Start> {
    let mut starts: Vec<Start> = tokens.iter().map(|t| if may_start(sentence, *t) { Start::Island } else { Start::No }).collect();
    for (i, token) in tokens.iter().enumerate() {
        if token.word && CUES.contains(leading_word(&sentence[token.start..]).as_str()) {
            // The source before a verb of saying: back to a hard break.
            let from = (0..i)
                .rev()
                .take(SOURCE_WINDOW)
                .take_while(|&j| tokens[j].word || !is_hard_break(&sentence[tokens[j].start..]))
                .last()
                .unwrap_or(i);
            for start in starts[from..i].iter_mut().filter(|s| **s == Start::No) {
                *start = Start::Source;
            }
        }
    }
    starts
}

fn may_start(sentence: &str, token: Token) -> bool {
    let text = &sentence[token.start..];
    if !token.word {
        return text.chars().next().is_some_and(|c| ISLAND_FIRST_CHARS.contains(&c));
    }
    if ISLAND_FIRST_DIGIT && text.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    FIRST_WORDS.contains(leading_word(text).as_str())
}

/// Punctuation that no source reaches across: "." ";" ":" brackets, quotes.
fn is_hard_break(text: &str) -> bool {
    text.starts_with(['.', ';', ':', '(', ')', '[', ']', '“', '”', '"', '«', '»', '!', '?'])
}

/// The lowercased run of letters and digits at the start of `text`.
fn leading_word(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Splits a sentence the way the grammar's `word` rule does: letters and
/// digits joined by ' ’ or -, and every other non-space character alone.
fn tokenize(sentence: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = sentence.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            tokens.push(Token { start: i, word: false });
            continue;
        }
        tokens.push(Token { start: i, word: true });
        let mut prev_joiner = false;
        while let Some(&(_, next)) = chars.peek() {
            let joiner = matches!(next, '\'' | '’' | '-');
            if next.is_alphanumeric() || (joiner && !prev_joiner) {
                prev_joiner = joiner;
                chars.next();
            } else {
                break;
            }
        }
    }
    tokens
}
