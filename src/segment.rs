//! Segmentation: an article's text → headline, paragraphs, sentences, quotes.
//!
//! News prose, not generic prose:
//! - every line is a paragraph; the first line is the **headline** when more
//!   lines follow and it does not end like a sentence;
//! - **site furniture** ("You may also like", "Read more: …") is recognised by
//!   the grammar rule `furniture`: after an end-marker nothing is news. An
//!   end-marker counts only on a short line with no event word or verb of
//!   saying, so "Most popular leader says …" stays news;
//! - a period after an **abbreviation** (grammar rule `abbreviation`: "Mr.",
//!   "U.S.") or an initial does not end a sentence, nor does one inside a
//!   number ("1.5");
//! - a **direct quote** is kept whole, even when it holds several sentences:
//!   `The authorities “have proposed ... refused. The operation is continuing,” the ministry said.`
//!
//! One left-to-right scan that remembers the open quote: linear time, no recursion, so
//! long lines and deeply nested quotes cost nothing special.

use crate::grammar::{
    NewsParser, Rule, is_close_quote, is_close_quote_lead, is_open_quote, is_open_quote_lead,
};
use crate::model::Span;

/// A sentence: byte offsets into the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// A direct quote: offsets of the opening mark and just past the closing mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
}

impl Quote {
    /// Where the quoted words are: without the marks and the spaces inside them.
    pub fn inner_span(&self, text: &str) -> Span {
        let open_len = text[self.start..].chars().next().map_or(0, char::len_utf8);
        let close_len = text[..self.end]
            .chars()
            .next_back()
            .filter(|c| is_close_quote(*c))
            .map_or(0, char::len_utf8);
        let from = self.start + open_len;
        let Some(words) = text.get(from..self.end - close_len) else {
            return [self.start, self.start];
        };
        let lead = words.len() - words.trim_start().len();
        [from + lead, from + lead + words.trim().len()]
    }
}

#[derive(Debug, Default)]
pub struct Segments {
    pub sentences: Vec<Sentence>,
    pub quotes: Vec<Quote>,
}

/// Splits an article into sentences and quotes.
pub fn segment(text: &str) -> Segments {
    let mut segments = Segments::default();
    let lines = lines_with_offsets(text);
    for (n, &(start, line)) in lines.iter().enumerate() {
        match furniture(line) {
            Some(Rule::furniture_end) => break,
            Some(_) => continue,
            None => {}
        }
        if n == 0 && lines.len() > 1 && !ends_like_sentence(line) {
            segments
                .sentences
                .push(trimmed(text, start, start + line.len()));
            continue;
        }
        split_paragraph(text, start, start + line.len(), &mut segments);
    }
    segments.sentences.retain(|s| s.end > s.start);
    segments
}

/// Non-blank lines and their byte offsets.
fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            out.push((offset, content));
        }
        offset += line.len();
    }
    out
}

fn furniture(line: &str) -> Option<Rule> {
    let pairs = NewsParser::attempt(Rule::furniture, line.trim_start())?;
    let inner = pairs.into_iter().next()?.into_inner().next()?;
    Some(inner.as_rule())
}

fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line
        .trim_end()
        .trim_end_matches(is_close_quote)
        .trim_end_matches([')', ']']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

/// Splits one paragraph `text[from..to]` into sentences, recording quotes.
fn split_paragraph(text: &str, from: usize, to: usize, segments: &mut Segments) {
    let para = &text[from..to];
    let mut sentence_start = from;
    let mut open_quote: Option<usize> = None;
    let mut chars = marks(para).peekable();
    while let Some((i, c)) = chars.next() {
        let at = from + i;
        if is_quote_mark(c) {
            match open_quote {
                Some(start) if closes(c, para, i) => {
                    segments.quotes.push(Quote {
                        start,
                        end: at + c.len_utf8(),
                    });
                    open_quote = None;
                }
                None if opens(c, para, i) => open_quote = Some(at),
                _ => {}
            }
            continue;
        }
        if open_quote.is_none() && matches!(c, '.' | '!' | '?') && sentence_ends(para, i) {
            let mut end = at + 1;
            // The marks that close the sentence with it: `.”`, `?)`, `...`.
            for next in para[i + 1..].chars() {
                if !(is_close_quote(next) || matches!(next, ')' | ']' | '.' | '!' | '?')) {
                    break;
                }
                end += next.len_utf8();
            }
            while chars.next_if(|&(j, _)| from + j < end).is_some() {}
            segments.sentences.push(trimmed(text, sentence_start, end));
            sentence_start = end;
        }
    }
    if let Some(start) = open_quote {
        // A quote left open runs to the end of its paragraph (wire style for
        // quotes that go on in the next paragraph).
        segments.quotes.push(Quote { start, end: to });
    }
    segments.sentences.push(trimmed(text, sentence_start, to));
}

/// The characters of `para` that `split_paragraph` acts on (quote marks and
/// `.` `!` `?`) with their byte offsets, in order. Looked for bytewise: every
/// other byte is stepped over without decoding its character.
fn marks(para: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    // The lead bytes of those characters (derived from the grammar's quote
    // rules). A lead byte is never inside another character.
    let leads = |&b: &u8| {
        matches!(b, b'.' | b'!' | b'?') || is_open_quote_lead(b) || is_close_quote_lead(b)
    };
    para.bytes()
        .enumerate()
        .filter(move |(_, b)| leads(b))
        .filter_map(|(i, _)| {
            let c = para[i..].chars().next()?;
            (is_quote_mark(c) || matches!(c, '.' | '!' | '?')).then_some((i, c))
        })
}

/// Whether the `.`/`!`/`?` at byte `i` of `para` ends a sentence: space and a
/// capital, digit or quote follow, and it is not an abbreviation's period.
fn sentence_ends(para: &str, i: usize) -> bool {
    if para[i + 1..].starts_with(['.', '!', '?']) {
        return false; // the last mark of a run decides: "...", "?!" (and a run costs linear time)
    }
    let rest = para[i + 1..]
        .trim_start_matches(|c: char| is_close_quote(c) || matches!(c, ')' | ']' | '.'));
    let after_space = rest.trim_start();
    if after_space.len() == rest.len() && !rest.is_empty() {
        return false; // "1.5", "U.S"
    }
    let starts_new = after_space
        .chars()
        .next()
        .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || is_quote_mark(c) || c == '(');
    if !starts_new {
        return false;
    }
    if para.as_bytes()[i] != b'.' {
        return true;
    }
    let word = para[..i]
        .rsplit(|c: char| c.is_whitespace() || c == '(' || is_quote_mark(c))
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !initial && !NewsParser::matches(Rule::abbreviation, word)
}

/// A quote mark: grammar rules `open_quote` and `close_quote`.
fn is_quote_mark(c: char) -> bool {
    is_open_quote(c) || is_close_quote(c)
}

/// A mark of both lists (the straight `"`) opens a quote at the start of a
/// word, else it closes one.
fn opens(c: char, para: &str, i: usize) -> bool {
    if !is_close_quote(c) {
        return is_open_quote(c);
    }
    is_open_quote(c)
        && para[..i]
            .chars()
            .next_back()
            .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | ':'))
}

fn closes(c: char, para: &str, i: usize) -> bool {
    if !is_open_quote(c) {
        return is_close_quote(c);
    }
    is_close_quote(c)
        && (!opens(c, para, i)
            || para[i + 1..].starts_with(|n: char| n.is_whitespace() || n.is_ascii_punctuation()))
}

fn trimmed(text: &str, start: usize, end: usize) -> Sentence {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return Sentence { start, end: start };
    }
    Sentence {
        start: start + lead,
        end: end - trail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every quote mark of the grammar's rules is seen by the bytewise scan,
    /// whatever its first byte: a mark an editor adds is a mark here too.
    #[test]
    fn the_scan_sees_every_quote_mark_of_the_grammar() {
        let all_marks = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_quote_mark(c));
        for mark in all_marks {
            let para = format!("He said {mark}no{mark}.");
            let seen: Vec<char> = marks(&para).map(|(_, c)| c).collect();
            assert_eq!(seen, [mark, mark, '.'], "{para:?}");
        }
    }

    /// A title's period ends no sentence, and the title stays with the name
    /// it belongs to: both read the one list, grammar rule `title_word`.
    #[test]
    fn titles_end_no_sentence_and_stay_with_their_source() {
        let text = "Brig. Gen. Ali Khan said 13 militants were killed. Cmdr. Lee told reporters two sailors were wounded.";
        assert_eq!(segment(text).sentences.len(), 2);
        let sources: Vec<String> = crate::extract(text)
            .events
            .iter()
            .filter_map(|e| e.source.as_ref().map(|s| s.text.clone()))
            .collect();
        assert_eq!(sources, ["Brig. Gen. Ali Khan", "Cmdr. Lee"]);
    }
}
