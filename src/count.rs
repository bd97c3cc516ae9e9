//! Counts: the arithmetic behind `grammar/numbers.pest`.
//!
//! The grammar tags each number word with its value in the rule name
//! (`n_13` = "thirteen", `x_1000` = "thousand"); this module folds the
//! sequence into an integer the way English numerals compose:
//! small numbers add up, "hundred" multiplies what is pending, a larger
//! multiplier closes a group ("two hundred fifty-six thousand"), and a
//! multiplier after a closed group scales the whole ("three thousand millions").
//! Decimals ("1.5 million", "two point two million") are kept exact as a
//! fraction over a power of ten. Any overflow means "not a count", never a panic.

use pest::iterators::Pair;

use crate::grammar::{NewsParser, Rule, children, rule_name, squash};
use crate::model::{Count, Qualifier};

/// Reads a whole phrase as a count: "more than 500", "Thirteen", "a dozen".
/// `None` when the phrase is not (entirely) a count.
///
/// ```
/// use newstally::{Qualifier, parse_count};
/// let count = parse_count("more than 500").unwrap();
/// assert_eq!((count.value, count.qualifier, count.min, count.max), (Some(500), Qualifier::MoreThan, Some(501), None));
/// assert_eq!(parse_count("one hundred and fifty thousand").unwrap().value, Some(150_000));
/// assert_eq!(parse_count("several").unwrap().qualifier, Qualifier::Vague);
/// assert!(parse_count("five soldiers").is_none());
/// ```
pub fn parse_count(text: &str) -> Option<Count> {
    let trimmed = text.trim();
    let pair = NewsParser::attempt(Rule::count, trimmed)?.next()?;
    (pair.as_str().len() == trimmed.len())
        .then(|| read_count(&pair))
        .flatten()
}

/// Reads a `count` pair of the parse tree: a range, a vague amount, or an
/// amount with its hedges before ("more than") or after ("or more") it.
pub(crate) fn read_count(pair: &Pair<Rule>) -> Option<Count> {
    let text = squash(pair.as_str());
    let holder = match pair.clone().into_inner().next()?.as_rule() {
        Rule::vague => return Some(count(None, Qualifier::Vague, None, None, text)),
        Rule::range => pair.clone().into_inner().next()?,
        _ => pair.clone(),
    };
    let mut amounts = children(&holder, Rule::amount);
    let first = amount_value(&amounts.next()?)?;
    if let Some(second) = amounts.next() {
        let second = amount_value(&second)?;
        let (low, high) = (first.min(second), first.max(second));
        return Some(count(None, Qualifier::Range, Some(low), Some(high), text));
    }
    let qualifier = [Rule::qualifier, Rule::after_qualifier]
        .into_iter()
        .find_map(|rule| children(&holder, rule).next())
        .map_or(Some(Qualifier::Exact), |q| qualifier_of(&q))?;
    Some(bounded(first, qualifier, text))
}

/// The qualifier a `qualifier` or `after_qualifier` pair names: its inner
/// rule is `at_least`, `at_least_after`, …
pub(crate) fn qualifier_of(pair: &Pair<Rule>) -> Option<Qualifier> {
    let name = rule_name(pair.clone().into_inner().next()?.as_rule());
    Some(match name.strip_suffix("_after").unwrap_or(&name) {
        "more_than" => Qualifier::MoreThan,
        "at_least" => Qualifier::AtLeast,
        "at_most" => Qualifier::AtMost,
        "fewer_than" => Qualifier::FewerThan,
        "up_to" => Qualifier::UpTo,
        "about" => Qualifier::About,
        _ => return None,
    })
}

/// The bounds a qualified value implies: "more than 500" → min 501.
pub(crate) fn bounded(value: u64, qualifier: Qualifier, text: String) -> Count {
    let (min, max) = match qualifier {
        Qualifier::Exact => (Some(value), Some(value)),
        Qualifier::MoreThan => (value.checked_add(1), None),
        Qualifier::AtLeast => (Some(value), None),
        Qualifier::AtMost | Qualifier::UpTo => (None, Some(value)),
        Qualifier::FewerThan => (None, value.checked_sub(1)),
        Qualifier::About | Qualifier::Range | Qualifier::Vague => (None, None),
    };
    count(Some(value), qualifier, min, max, text)
}

fn count(
    value: Option<u64>,
    qualifier: Qualifier,
    min: Option<u64>,
    max: Option<u64>,
    text: String,
) -> Count {
    Count {
        value,
        qualifier,
        min,
        max,
        text,
    }
}

/// The integer an `amount` pair denotes.
fn amount_value(pair: &Pair<Rule>) -> Option<u64> {
    let mut acc = Accumulator::default();
    for token in pair.clone().into_inner().flatten() {
        match token.as_rule() {
            Rule::digits => acc.add(digit_value(token.as_str())?)?,
            Rule::decimal => acc.add_decimal(token.as_str())?,
            Rule::point => acc.start_fraction(),
            rule => {
                let name = rule_name(rule);
                if let Some(Ok(percent)) = name.strip_prefix("fraction_").map(str::parse) {
                    acc.add_fraction(percent);
                } else if let Some(value) = name.strip_prefix("n_") {
                    acc.add(value.parse().ok()?)?;
                } else if let Some(value) = name.strip_prefix("x_") {
                    acc.multiply(value.parse().ok()?)?;
                }
            }
        }
    }
    acc.finish()
}

/// "150,000", "40 000": the digits without their group separators.
fn digit_value(text: &str) -> Option<u128> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Folds number words left to right. `Option` carries overflow as "not a count".
#[derive(Default)]
struct Accumulator {
    /// Closed groups: "two hundred fifty-six thousand" → 256000.
    total: u128,
    /// The group being built: "seven hundred twenty-one".
    current: u128,
    /// Decimals of `current`: (digits, number of digits).
    fraction: Option<(u128, u32)>,
    in_fraction: bool,
}

impl Accumulator {
    fn add(&mut self, n: u128) -> Option<()> {
        if self.in_fraction {
            let (digits, places) = self.fraction.unwrap_or((0, 0));
            let width = if n == 0 { 1 } else { n.ilog10() + 1 };
            self.fraction = Some((
                digits
                    .checked_mul(10u128.checked_pow(width)?)?
                    .checked_add(n)?,
                places + width,
            ));
        } else {
            self.current = self.current.checked_add(n)?;
        }
        Some(())
    }

    fn add_decimal(&mut self, text: &str) -> Option<()> {
        let (whole, frac) = text.split_once('.')?;
        self.add(whole.parse().ok()?)?;
        self.fraction = Some((frac.parse().ok()?, u32::try_from(frac.len()).ok()?));
        Some(())
    }

    /// "half" (50) or "a quarter" (25) of the multiplier that follows.
    fn add_fraction(&mut self, percent: u128) {
        self.fraction = Some((percent, 2));
    }

    fn start_fraction(&mut self) {
        self.in_fraction = true;
    }

    fn multiply(&mut self, by: u128) -> Option<()> {
        let group = self.take_group(by)?;
        if by == 100 {
            self.current = group;
        } else if group == 0 {
            self.total = self.total.checked_mul(by)?; // "three thousand millions"
        } else {
            self.total = self.total.checked_add(group)?;
        }
        Some(())
    }

    /// `current` (with its decimals) times `by`, rounding down.
    fn take_group(&mut self, by: u128) -> Option<u128> {
        let whole = self.current.checked_mul(by)?;
        let decimals = match self.fraction.take() {
            Some((digits, places)) => digits.checked_mul(by)? / 10u128.checked_pow(places)?,
            None => 0,
        };
        self.current = 0;
        self.in_fraction = false;
        whole.checked_add(decimals)
    }

    fn finish(self) -> Option<u64> {
        if self.fraction.is_some() {
            return None; // "2.5 people" is not a count
        }
        u64::try_from(self.total.checked_add(self.current)?).ok()
    }
}
