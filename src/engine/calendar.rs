//! Dates on the (proleptic) Gregorian calendar, and dates as news copy
//! writes them ("Oct. 24", "October 24, 2016", "2016-10-24"). No time
//! zones and no times: a story's date is a day.

use std::fmt;
use std::ops::Range;

use super::words::{CALENDAR, WEEKDAYS};

/// A valid calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The day, if it exists ("Feb. 29, 2017" does not).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since Thursday, Jan. 1, 1970 (negative before it): Howard
    /// Hinnant's `days_from_civil`, over 400-year eras of 146,097 days.
    pub fn days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day `days` after Jan. 1, 1970: the inverse of `days`
    /// (Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The day `n` days later (earlier when `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The day of the week: 0 for Monday … 6 for Sunday.
    pub fn weekday(self) -> usize {
        // Jan. 1, 1970 was a Thursday (3).
        (self.days() + 3).rem_euclid(7) as usize
    }

    /// "2016-10-24".
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// "2016-10-24", alone or before a time ("2016-10-24T16:55:42+09:00",
    /// "2016-10-24 16:55:42"); "2016.10.24" and "2016/10/24" too.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let digits = |range: Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())?
        };
        let separator = *bytes.get(4)?;
        if !matches!(separator, b'-' | b'.' | b'/') || bytes.get(7) != Some(&separator) {
            return None;
        }
        if bytes.get(10).is_some_and(u8::is_ascii_alphanumeric) && bytes[10] != b'T' {
            return None;
        }
        let year = digits(0..4)?;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        Date::new(year as i32, month as u8, day as u8)
    }

    /// `month`/`day` in the year that puts it nearest `anchor`: a date more
    /// than half a year after the anchor is taken to belong to the
    /// previous year, one more than six months before it to the next year.
    /// A story dated Jan. 3, 2017 that speaks of "Friday, Dec. 30" means
    /// 2016; one dated Dec. 30, 2016 that speaks of "Monday, Jan. 2" means
    /// 2017.
    pub fn nearest(month: u8, day: u8, anchor: Date) -> Option<Date> {
        // Within half a year of the anchor there is exactly one such day;
        // Feb. 29 takes the nearest leap year among the neighbours.
        (anchor.year - 1..=anchor.year + 1)
            .filter_map(|year| Date::new(year, month, day))
            .min_by_key(|d| (d.days() - anchor.days()).abs())
    }
}

/// AP style: "Oct. 24, 2016", "March 8, 2017".
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = &CALENDAR[usize::from(self.month) - 1];
        let name = month.ap.unwrap_or(month.full);
        write!(f, "{name} {}, {}", self.day, self.year)
    }
}

/// "Monday" for 0 … "Sunday" for 6.
pub fn weekday_name(weekday: usize) -> String {
    let lower = WEEKDAYS[weekday];
    let mut name = lower[..1].to_ascii_uppercase();
    name.push_str(&lower[1..]);
    name
}

/// The weekday a capitalized word names ("Monday", "MONDAY"), 0 for Monday.
pub fn weekday_of(word: &str) -> Option<usize> {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(word))
}

/// Every month's name and the abbreviations writers use ("Oct", "Sept"):
/// the words whose hashes `word_classes::MONTH` holds, the cheap test
/// before `month_of` reads any text.
pub fn month_words() -> Vec<&'static str> {
    CALENDAR
        .iter()
        .flat_map(|m| std::iter::once(m.full).chain(m.written.iter().copied()))
        .collect()
}

/// The month (1–12) a capitalized word names: the full name or an
/// abbreviation writers use ("Oct", "Sept"), in any case after its capital.
pub fn month_of(word: &str) -> Option<u8> {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let index = CALENDAR.iter().position(|month| {
        month.full.eq_ignore_ascii_case(word)
            || month.written.iter().any(|w| w.eq_ignore_ascii_case(word))
    })?;
    Some(index as u8 + 1)
}

/// A date as written: month and day, and the year when one follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenDate {
    /// From the month's first letter to the day's last digit, or to the
    /// year's when there is one.
    pub range: Range<usize>,
    pub month: u8,
    pub day: u8,
    pub year: Option<i32>,
}

impl WrittenDate {
    /// The day, with the year written or else the one nearest `anchor`.
    pub fn resolve(&self, anchor: Option<Date>) -> Option<Date> {
        match self.year {
            Some(year) => Date::new(year, self.month, self.day),
            None => Date::nearest(self.month, self.day, anchor?),
        }
    }
}

/// The length of an ordinal suffix ("th" in "24th") at the start of `after`.
pub fn ordinal_suffix(after: &str) -> usize {
    let ordinal = |two: &str| {
        ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| two.eq_ignore_ascii_case(s))
    };
    if after.get(..2).is_some_and(ordinal) {
        2
    } else {
        0
    }
}

/// Spaces between the parts of a date: one or two, no line break.
fn skip_spaces(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    let gap = rest.len() - trimmed.len();
    (1..=3).contains(&gap).then_some(at + gap)
}

/// The date whose month starts at byte `at` of `text`: "Oct. 24",
/// "October 24", "October. 24" (a stray period), "Oct. 24th",
/// "Oct. 24, 2016", "Oct. 24 2016". A day must exist in some year.
pub fn written_date_at(text: &str, at: usize) -> Option<WrittenDate> {
    let rest = text.get(at..)?;
    let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let month = month_of(&rest[..letters])?;
    let mut pos = at + letters;
    if text[pos..].starts_with('.') {
        pos += 1;
    }
    pos = skip_spaces(text, pos)?;
    let digits = text[pos..].bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let day: u8 = text[pos..pos + digits].parse().ok()?;
    if day == 0 || day > days_in_month(2000, month) {
        return None;
    }
    pos += digits;
    let after = &text[pos..];
    pos += ordinal_suffix(after);
    if text[pos..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let end = pos;
    // A year: ", 2016" or " 2016", four digits standing alone.
    let year = {
        let from = if text[pos..].starts_with(',') {
            pos + 1
        } else {
            pos
        };
        skip_spaces(text, from).and_then(|y| {
            let digits = text[y..].bytes().take_while(u8::is_ascii_digit).count();
            let next = &text[y + digits..];
            // Not "1,000": a comma after the digits must not lead to more.
            let more = next.starts_with(|c: char| c.is_alphanumeric())
                || (next.starts_with(',') && next[1..].starts_with(|c: char| c.is_ascii_digit()));
            let alone = !more;
            let year: i32 = text.get(y..y + 4)?.parse().ok()?;
            (digits == 4 && alone && (1000..=2199).contains(&year)).then_some((year, y + 4))
        })
    };
    Some(WrittenDate {
        range: at..year.map_or(end, |(_, e)| e),
        month,
        day,
        year: year.map(|(y, _)| y),
    })
}

/// The written date that holds byte `at`, looking back at most a few words
/// for its month.
pub fn written_date_around(text: &str, at: usize) -> Option<WrittenDate> {
    let at = at.min(text.len());
    let from = text[..at]
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(i, _)| i);
    let mut start = from;
    while start <= at {
        let word_start = start == 0 || !text.as_bytes()[start - 1].is_ascii_alphanumeric();
        if word_start
            && text
                .as_bytes()
                .get(start)
                .is_some_and(u8::is_ascii_uppercase)
        {
            if let Some(date) = written_date_at(text, start) {
                if date.range.contains(&at) {
                    return Some(date);
                }
            }
        }
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn weekdays_of_known_days() {
        let known = [
            (date(1970, 1, 1), "Thursday"),
            (date(2016, 10, 24), "Monday"),
            (date(2000, 2, 29), "Tuesday"),
            (date(1900, 3, 1), "Thursday"),
            (date(1950, 6, 25), "Sunday"),
            (date(2024, 12, 31), "Tuesday"),
            (date(1600, 1, 1), "Saturday"),
            (date(2100, 3, 1), "Monday"),
        ];
        for (day, name) in known {
            assert_eq!(weekday_name(day.weekday()), name, "{day}");
        }
    }

    #[test]
    fn consecutive_days_are_consecutive_weekdays() {
        let mut previous = date(1899, 12, 31);
        for year in 1900..2101 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let today = date(year, month, day);
                    assert_eq!(today.days(), previous.days() + 1, "{today}");
                    assert_eq!(today.weekday(), (previous.weekday() + 1) % 7);
                    assert_eq!(Date::from_days(today.days()), today);
                    assert_eq!(previous.add_days(1), today);
                    previous = today;
                }
            }
        }
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        assert!(Date::new(2017, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2016, 9, 31).is_none());
        assert!(Date::new(2016, 13, 1).is_none());
    }

    #[test]
    fn iso_dates_alone_or_before_a_time() {
        for text in [
            "2016-10-24",
            "2016-10-24 16:55:42",
            "2016-10-24T16:55:42+09:00",
            "2016.10.24",
            "2016/10/24",
        ] {
            assert_eq!(Date::parse_iso(text), Some(date(2016, 10, 24)), "{text}");
        }
        for text in [
            "2016-10-2",
            "2016-13-01",
            "20161024",
            "2016-10-245",
            "2016-10/24",
        ] {
            assert_eq!(Date::parse_iso(text), None, "{text}");
        }
    }

    #[test]
    fn the_year_rolls_over_six_months_either_side() {
        let anchor = date(2017, 1, 3);
        assert_eq!(Date::nearest(12, 30, anchor), Some(date(2016, 12, 30)));
        assert_eq!(Date::nearest(1, 10, anchor), Some(date(2017, 1, 10)));
        assert_eq!(Date::nearest(6, 30, anchor), Some(date(2017, 6, 30)));
        assert_eq!(Date::nearest(7, 10, anchor), Some(date(2016, 7, 10)));
        let anchor = date(2016, 12, 30);
        assert_eq!(Date::nearest(1, 2, anchor), Some(date(2017, 1, 2)));
        assert_eq!(Date::nearest(6, 1, anchor), Some(date(2017, 6, 1)));
        assert_eq!(Date::nearest(7, 10, anchor), Some(date(2016, 7, 10)));
        // Feb. 29 belongs to the nearest leap year.
        assert_eq!(
            Date::nearest(2, 29, date(2016, 10, 24)),
            Some(date(2016, 2, 29))
        );
        assert_eq!(
            Date::nearest(2, 29, date(2017, 1, 10)),
            Some(date(2016, 2, 29))
        );
    }

    #[test]
    fn dates_as_copy_writes_them() {
        let cases = [
            ("Oct. 24", Some((10, 24, None, "Oct. 24"))),
            (
                "October 24, 2016, was",
                Some((10, 24, Some(2016), "October 24, 2016")),
            ),
            (
                "October. 24, 2016 07:19",
                Some((10, 24, Some(2016), "October. 24, 2016")),
            ),
            ("Sept. 9th in", Some((9, 9, None, "Sept. 9th"))),
            ("Oct. 24 2016", Some((10, 24, Some(2016), "Oct. 24 2016"))),
            ("Oct. 24, 1,000 people", Some((10, 24, None, "Oct. 24"))),
            ("Oct. 24, 20166", Some((10, 24, None, "Oct. 24"))),
            ("May 2016", None),
            ("Feb. 30", None),
            ("March 8A", None),
            ("Octopus 8", None),
            ("may 8", None),
        ];
        for (text, expected) in cases {
            let found =
                written_date_at(text, 0).map(|d| (d.month, d.day, d.year, &text[d.range.clone()]));
            assert_eq!(found, expected, "{text}");
        }
        let text = "They met on Monday, Oct. 24, 2016, in Seoul.";
        let at = text.find("24").unwrap();
        let around = written_date_around(text, at).unwrap();
        assert_eq!(&text[around.range], "Oct. 24, 2016");
        assert!(written_date_around(text, text.find("Seoul").unwrap()).is_none());
    }

    #[test]
    fn display_is_ap_style() {
        assert_eq!(date(2016, 10, 24).to_string(), "Oct. 24, 2016");
        assert_eq!(date(2017, 3, 8).to_string(), "March 8, 2017");
        assert_eq!(date(2016, 3, 8).iso(), "2016-03-08");
    }
}
