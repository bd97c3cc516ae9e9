//! Calendar dates for times: "Saturday" in an article published on
//! 2015-09-06 is 2015-09-05. The grammar says which words are weekdays,
//! months and relative days (the clause reader turns them into a
//! [`TimeRef`]); chrono knows the calendar.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::error::DateError;

/// What a time expression says about the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRef {
    /// A weekday: the latest such day on or before the publication date.
    Weekday(Weekday),
    /// Days before the publication date: "yesterday" is 1.
    DaysBefore(u64),
    /// A day of a month, with the year when written.
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// A year, or a period ending in `last_year`: "in 2014", "between 1992 and 1997".
    Years { last_year: i32 },
    /// A period with no year: no single date.
    Period,
}

/// How long before publication an event's time must end for its toll to be
/// background (an earlier event): a few weeks covers "last month's attack".
const BACKGROUND_DAYS: u64 = 60;

impl TimeRef {
    /// An ISO date, `2015-09-06`, as a day; `None` when it is no calendar date.
    pub fn from_iso(text: &str) -> Option<TimeRef> {
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        Some(TimeRef::Day {
            year: Some(date.year()),
            month: date.month(),
            day: date.day(),
        })
    }
}

/// The calendar date, `YYYY-MM-DD`, when the time and the publication date allow.
pub fn resolve_date(time: TimeRef, published: Option<NaiveDate>) -> Option<String> {
    let date = match time {
        TimeRef::Day {
            year: Some(year),
            month,
            day,
        } => NaiveDate::from_ymd_opt(year, month, day),
        TimeRef::Day {
            year: None,
            month,
            day,
        } => {
            // News reports the past: "March 3" in a January article is last year's.
            let published = published?;
            let this_year = NaiveDate::from_ymd_opt(published.year(), month, day)?;
            if this_year > published {
                NaiveDate::from_ymd_opt(published.year() - 1, month, day)
            } else {
                Some(this_year)
            }
        }
        TimeRef::DaysBefore(days) => published?.checked_sub_days(Days::new(days)),
        TimeRef::Weekday(weekday) => {
            let published = published?;
            let back = (published.weekday().num_days_from_monday() + 7
                - weekday.num_days_from_monday())
                % 7;
            published.checked_sub_days(Days::new(u64::from(back)))
        }
        TimeRef::Years { .. } | TimeRef::Period => None,
    }?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// Whether `time` ends well before the publication date (`BACKGROUND_DAYS`):
/// a toll of an earlier event ("In 2014, two attacks killed 64 people").
/// Unknown without a publication date.
pub fn is_past(time: TimeRef, published: Option<NaiveDate>) -> bool {
    let Some(published) = published else {
        return false;
    };
    let end = match time {
        TimeRef::Years { last_year } => NaiveDate::from_ymd_opt(last_year, 12, 31),
        TimeRef::Day { year: Some(_), .. } => resolve_date(time, Some(published))
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        _ => None,
    };
    end.and_then(|end| end.checked_add_days(Days::new(BACKGROUND_DAYS)))
        .is_some_and(|limit| limit < published)
}

/// Reads a publication date as batch records and `--date` give it:
/// `YYYY-MM-DD`, or an ISO 8601 date-time whose date part is taken
/// (`2015-09-06T10:00:00Z` → 2015-09-06, the day as the article's own clock
/// wrote it). The shape is checked strictly (`2015-9-6` is refused, so a
/// typo never shifts a date) and an impossible day is named as such.
///
/// ```
/// use newstally::{DateError, NaiveDate, parse_publication_date};
/// assert_eq!(parse_publication_date("2015-09-06T10:00:00Z"), Ok(NaiveDate::from_ymd_opt(2015, 9, 6).unwrap()));
/// assert!(matches!(parse_publication_date("2015-02-30"), Err(DateError::NoSuchDate { day: 30, .. })));
/// assert!(parse_publication_date("2015-9-6").is_err());
/// ```
pub fn parse_publication_date(text: &str) -> Result<NaiveDate, DateError> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && matches!(bytes.get(10), None | Some(b'T' | b't' | b' '));
    if !shaped {
        return Err(DateError::NotADate {
            text: text.to_owned(),
        });
    }
    // The first ten bytes are ASCII digits and dashes, so these slices are on char boundaries.
    let number = |from: usize, to: usize| text[from..to].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0, 4), number(5, 7), number(8, 10));
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| DateError::NoSuchDate {
            date: text[..10].to_owned(),
            year,
            month,
            day,
        })
}
