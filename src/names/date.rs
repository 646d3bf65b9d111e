//! Dates in the names knowledge base: a year, a month or a day
//! ("2016", "2016-06", "2016-06-29"), ordered, and today's date.

use std::fmt;

/// A calendar date known to a year, a month or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    /// 1–12, or 0 when only the year is known.
    pub month: u8,
    /// 1–31, or 0 when only the month (or year) is known.
    pub day: u8,
}

/// A story's date (always a whole date) as the knowledge base dates
/// positions.
impl From<crate::engine::calendar::Date> for Date {
    fn from(date: crate::engine::calendar::Date) -> Date {
        Date {
            year: date.year,
            month: date.month,
            day: date.day,
        }
    }
}

impl Date {
    pub fn day(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    pub fn parse(text: &str) -> Option<Date> {
        // Nearly every date is written so in digits: read without
        // splitting; anything else the long way.
        Date::parse_digits(text).unwrap_or_else(|| Date::parse_general(text))
    }

    /// `Some(Date::parse(text))` when `text` is four digits, and two more
    /// and two more after hyphens if any; `None` otherwise.
    fn parse_digits(text: &str) -> Option<Option<Date>> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            b[range].iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })
        };
        let plain = matches!(b.len(), 4 | 7 | 10)
            && (b.len() < 7 || b[4] == b'-')
            && (b.len() < 10 || b[7] == b'-');
        if !plain {
            return None;
        }
        let year = digits(0..4)?;
        let month = if b.len() >= 7 { digits(5..7)? } else { 0 };
        let day = if b.len() == 10 { digits(8..10)? } else { 0 };
        let month_ok = b.len() < 7 || (1..=12).contains(&month);
        let day_ok = b.len() < 10 || (1..=31).contains(&day);
        Some((month_ok && day_ok).then_some(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }))
    }

    fn parse_general(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month: u8 = match parts.next() {
            Some(m) if m.len() == 2 => m.parse().ok().filter(|m| (1..=12).contains(m))?,
            Some(_) => return None,
            None => 0,
        };
        let day: u8 = match parts.next() {
            Some(d) if d.len() == 2 => d.parse().ok().filter(|d| (1..=31).contains(d))?,
            Some(_) => return None,
            None => 0,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The first day of the period the date names.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }

    /// The last day of the period the date names (31 stands for any month's end).
    pub fn last_day(self) -> Date {
        Date {
            year: self.year,
            month: if self.month == 0 { 12 } else { self.month },
            day: if self.day == 0 { 31 } else { self.day },
        }
    }

    /// The ages of a person born on `self` (a year, a month or a day) on
    /// the day `on`: one, or two when the birth date is too coarse to tell
    /// (a year; a month, on a day of that month). `None` before the birth.
    pub fn ages_on(self, on: Date) -> Option<(u32, u32)> {
        let years = u32::try_from(on.year - self.year).ok()?;
        let (month, day) = (on.month, on.day);
        let (low, high) = if self.month == 0 || (self.day == 0 && month == self.month) {
            (years.checked_sub(1), years)
        } else if (month, day) >= (self.month, self.day.max(1)) {
            (Some(years), years)
        } else {
            (years.checked_sub(1), years.checked_sub(1)?)
        };
        Some((low.unwrap_or(high), high))
    }

    /// Today, by the system clock (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (the calendar's, whole).
    pub fn from_days(days: i64) -> Date {
        crate::engine::calendar::Date::from_days(days).into()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_read_as_the_general_way_reads_them() {
        for text in [
            "2016",
            "0000",
            "9999",
            "2016-00",
            "2016-01",
            "2016-12",
            "2016-13",
            "2016-99",
            "2016-06-00",
            "2016-06-01",
            "2016-06-31",
            "2016-06-32",
            "+016",
            "-016",
            "201a",
            "2016-+1",
            "2016-1a",
            "2016-06-+1",
            "2016/06",
            "2016-06/01",
            " 2016",
            "2016 ",
            "2016-06-29 ",
            "20160629",
            "2016-6-29",
            "",
            "2016-",
            "2016--1",
        ] {
            if let Some(fast) = Date::parse_digits(text) {
                assert_eq!(fast, Date::parse_general(text), "{text:?}");
            }
            assert_eq!(Date::parse(text), Date::parse_general(text), "{text:?}");
        }
    }

    #[test]
    fn parses_years_months_and_days() {
        assert_eq!(Date::parse("2016"), Some(Date::day(2016, 0, 0)));
        assert_eq!(Date::parse("2016-06"), Some(Date::day(2016, 6, 0)));
        assert_eq!(Date::parse("2016-06-29"), Some(Date::day(2016, 6, 29)));
        for bad in [
            "16",
            "2016-6",
            "2016-13",
            "2016-06-32",
            "June 2016",
            "2016-06-29-1",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::parse("2016-06").unwrap().to_string(), "2016-06");
    }

    #[test]
    fn ages_on_a_date_from_a_day_a_month_or_a_year() {
        let on = Date::day(2016, 10, 24);
        let age = |born: &str| Date::parse(born).unwrap().ages_on(on);
        assert_eq!(age("1970-03-15"), Some((46, 46)));
        assert_eq!(age("1970-10-24"), Some((46, 46)));
        assert_eq!(age("1970-10-25"), Some((45, 45)));
        assert_eq!(age("1970-11"), Some((45, 45)));
        assert_eq!(age("1970-10"), Some((45, 46)));
        assert_eq!(age("1970-09"), Some((46, 46)));
        assert_eq!(age("1960"), Some((55, 56)));
        assert_eq!(age("2016"), Some((0, 0)));
        assert_eq!(age("2016-11"), None);
        assert_eq!(age("2017"), None);
    }

    #[test]
    fn days_since_the_epoch() {
        assert_eq!(Date::from_days(0), Date::day(1970, 1, 1));
        assert_eq!(Date::from_days(17_098), Date::day(2016, 10, 24));
        assert_eq!(Date::from_days(19_000), Date::day(2022, 1, 8));
    }
}
