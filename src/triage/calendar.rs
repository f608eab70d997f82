//! Working-day calendar for case deadlines in mainland China.
//!
//! Statutory deadlines ("reply within 15 working days") count working days, and in
//! mainland China those are not simply Monday to Friday: each year the General Office of
//! the State Council announces public holidays (days off even when they fall on a
//! weekday) and make-up working days (调休上班: a Saturday or Sunday that is worked). This
//! module loads that announcement from a small TOML file and answers "is this a working
//! day", "which date is N working days after X" and "how many working days lie between X
//! and Y".
//!
//! A year that the file does not cover falls back to plain weekends. That keeps a
//! deployment whose file was not extended in November working (slightly wrong around the
//! holidays) instead of failing; [`Calendar::covers`] lets the caller warn about it.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Bound::{Excluded, Included};
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// Why a holiday file or a [`Period`] was rejected.
///
/// Messages name the offending year table and date so that whoever maintains the file
/// can fix it without reading code.
#[derive(Debug, Error)]
pub enum CalendarError {
    /// The text is not valid TOML at all.
    #[error("holiday file is not valid TOML: {0}")]
    Toml(#[source] toml::de::Error),

    /// A top-level table name is not a four-digit year such as `2026`.
    #[error("holiday file: table [{table}] is not a four-digit year such as [2026]")]
    InvalidYear {
        /// The table name as written in the file.
        table: String,
    },

    /// A year table is not made of the two date lists (wrong type, unknown key, ...).
    #[error(
        "holiday file: [{year}] must contain only `holidays` and `working_weekends`, \
         each a list of \"YYYY-MM-DD\" strings: {source}"
    )]
    YearTable {
        /// The year of the table.
        year: i32,
        /// What the TOML deserializer complained about.
        #[source]
        source: toml::de::Error,
    },

    /// A list entry is not a valid date written as `YYYY-MM-DD`.
    #[error("holiday file: [{year}] {list}: {value:?} is not a valid date of the form YYYY-MM-DD")]
    InvalidDate {
        /// The year of the table.
        year: i32,
        /// `holidays` or `working_weekends`.
        list: &'static str,
        /// The entry as written in the file.
        value: String,
    },

    /// A date is listed under a year table other than its own.
    #[error("holiday file: [{year}] {list}: {date} does not belong to {year}")]
    DateOutsideYear {
        /// The year of the table.
        year: i32,
        /// `holidays` or `working_weekends`.
        list: &'static str,
        /// The misplaced date.
        date: NaiveDate,
    },

    /// A make-up working day falls on Monday to Friday, where it would change nothing;
    /// most likely a typo in the date.
    #[error(
        "holiday file: [{year}] working_weekends: {date} is a {}, not a Saturday or Sunday",
        weekday_name(*.weekday)
    )]
    NotAWeekend {
        /// The year of the table.
        year: i32,
        /// The offending date.
        date: NaiveDate,
        /// The day of the week it falls on.
        weekday: Weekday,
    },

    /// A date is both a day off and a make-up working day, which cannot both be true.
    #[error("holiday file: [{year}] {date} is listed both in holidays and in working_weekends")]
    ListedTwice {
        /// The year of the table.
        year: i32,
        /// The date found in both lists.
        date: NaiveDate,
    },

    /// A period string is not one of the accepted forms.
    #[error(
        "invalid period {input:?}: expected \"N working days\", \"N calendar days\", \
         \"N days\" or \"N months\" (\"1 working day\", \"1 month\", ... also accepted), \
         with N a whole number from 1 to 4294967295"
    )]
    InvalidPeriod {
        /// The rejected text, trimmed.
        input: String,
    },

    /// A period of zero length, which would make a case due the day it is filed.
    #[error("invalid period {input:?}: the number must be at least 1")]
    ZeroPeriod {
        /// The rejected text, trimmed.
        input: String,
    },
}

/// Full English weekday name, because chrono's `Display` only gives "Mon", "Tue", ...
fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The shape of one `[YYYY]` table.
///
/// Both lists default to empty because a year may well have no make-up days; unknown
/// keys are refused so that a misspelt list name (`holiday = [...]`) is an error rather
/// than a silently empty list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearTable {
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    working_weekends: Vec<String>,
}

/// Working-day calendar: weekends off, except listed make-up working days; listed public
/// holidays off, even on weekdays.
///
/// Build it with [`Calendar::from_toml`] from the holiday file, or with
/// [`Calendar::weekends_only`] where no file is available.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Days off as listed, weekend days included (the announcements list whole holiday
    /// spans, and keeping them lets [`Calendar::is_holiday`] answer for those too).
    holidays: BTreeSet<NaiveDate>,
    /// Saturdays and Sundays that are worked.
    working_weekends: BTreeSet<NaiveDate>,
    /// Years that had a table in the file.
    years: BTreeSet<i32>,
}

impl Calendar {
    /// A calendar with no holidays and no make-up days: Monday to Friday are working
    /// days. For tests and for installs without the holiday file.
    pub fn weekends_only() -> Calendar {
        Calendar {
            holidays: BTreeSet::new(),
            working_weekends: BTreeSet::new(),
            years: BTreeSet::new(),
        }
    }

    /// Parses the holiday file: one `[YYYY]` table per year, each with a `holidays` and
    /// a `working_weekends` list of `"YYYY-MM-DD"` strings.
    ///
    /// Holidays may include weekend days (announcements list whole spans). Rejected with
    /// a [`CalendarError`] naming the year and date: a table name that is not a
    /// four-digit year, a malformed date, a date under another year's table, a working
    /// weekend that is not a Saturday or Sunday, and a date in both lists.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let root: toml::Table = text.parse().map_err(CalendarError::Toml)?;
        let mut calendar = Calendar::weekends_only();
        for (name, value) in root {
            let Some(year) = parse_year(&name) else {
                return Err(CalendarError::InvalidYear { table: name });
            };
            let table: YearTable = value
                .try_into()
                .map_err(|source| CalendarError::YearTable { year, source })?;
            let holidays = parse_dates(year, "holidays", &table.holidays)?;
            let working_weekends = parse_dates(year, "working_weekends", &table.working_weekends)?;
            for &date in &working_weekends {
                if !is_weekend(date) {
                    return Err(CalendarError::NotAWeekend {
                        year,
                        date,
                        weekday: date.weekday(),
                    });
                }
                if holidays.contains(&date) {
                    return Err(CalendarError::ListedTwice { year, date });
                }
            }
            calendar.holidays.extend(holidays);
            calendar.working_weekends.extend(working_weekends);
            calendar.years.insert(year);
        }
        Ok(calendar)
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.holidays.contains(&date) {
            false
        } else if self.working_weekends.contains(&date) {
            true
        } else {
            !is_weekend(date)
        }
    }

    /// Whether `date` is listed as a public holiday (weekend days inside a holiday span
    /// included). Ordinary weekends are not holidays.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    /// Whether the holiday file has a table for `year`. For other years only weekends
    /// count as days off, so deadlines there may be off by the holidays.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The latest year the holiday file covers, or `None` for a calendar without file.
    /// Lets the application warn before the file runs out.
    pub fn last_year_covered(&self) -> Option<i32> {
        self.years.last().copied()
    }

    /// The `n`-th working day after `start`; `start` itself is never counted, working
    /// day or not. `n == 0` returns `start`.
    ///
    /// Saturates at [`NaiveDate::MAX`] when the answer lies beyond chrono's date range
    /// (only reachable with absurd `n`), because a deadline "never" is a better outcome
    /// for a server than a panic.
    ///
    /// Rather than stepping day by day (which `n` up to `u32::MAX` would make
    /// unbounded), this searches the calendar-day offset: galloping, then bisecting,
    /// with [`Calendar::working_days_between`] as the (cheap) test. That costs about
    /// 2·log2(n) counts, a handful for realistic deadlines.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return start;
        }
        let target = i64::from(n);
        // `start <= NaiveDate::MAX`, so the difference is never negative.
        let max_offset =
            u64::try_from(NaiveDate::MAX.signed_duration_since(start).num_days()).unwrap_or(0);
        let date_at = |offset: u64| {
            start
                .checked_add_days(Days::new(offset))
                .unwrap_or(NaiveDate::MAX)
        };
        let reached = |offset: u64| self.working_days_between(start, date_at(offset)) >= target;

        // Invariant: `lo` has not reached the target, `hi` has. `n` working days take at
        // least `n` calendar days, so `n` is the first candidate worth testing.
        let mut lo = 0;
        let mut hi = u64::from(n).min(max_offset);
        while !reached(hi) {
            if hi == max_offset {
                return NaiveDate::MAX;
            }
            lo = hi;
            hi = hi.saturating_mul(2).min(max_offset);
        }
        // The count grows by one exactly on working days, so the smallest offset that
        // reaches `n` is the n-th working day.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reached(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        date_at(hi)
    }

    /// Number of working days `d` with `from < d <= to`, so that
    /// `add_working_days(a, n) == b` implies `working_days_between(a, b) == n`.
    /// When `to < from` the result is the negated count for `(to, from]`.
    ///
    /// Constant-time in the span: Monday-to-Friday days are counted arithmetically, then
    /// corrected by the holidays and make-up days inside the span, found with range
    /// queries on the sorted sets (a few dozen entries per year). Tens of thousands of
    /// calls over spans of months or years are therefore cheap.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let plain = weekdays_through(day_number(to)) - weekdays_through(day_number(from));
        let span = (Excluded(from), Included(to));
        // Holidays on a weekend are off anyway: only weekday ones remove a working day.
        let weekday_holidays = self
            .holidays
            .range(span)
            .filter(|&&date| !is_weekend(date))
            .count() as i64;
        let make_up_days = self.working_weekends.range(span).count() as i64;
        plain - weekday_holidays + make_up_days
    }
}

/// A table name is a year only when it is exactly four ASCII digits, so that `[26]` or
/// `[+2026]` (which `i32::from_str` would take) are reported instead of guessed at.
fn parse_year(name: &str) -> Option<i32> {
    if name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()) {
        name.parse().ok()
    } else {
        None
    }
}

/// Parses one list of a year table, checking that every date belongs to that year.
fn parse_dates(
    year: i32,
    list: &'static str,
    values: &[String],
) -> Result<BTreeSet<NaiveDate>, CalendarError> {
    values
        .iter()
        .map(|value| {
            let date = parse_iso_date(value).ok_or_else(|| CalendarError::InvalidDate {
                year,
                list,
                value: value.clone(),
            })?;
            if date.year() != year {
                return Err(CalendarError::DateOutsideYear { year, list, date });
            }
            Ok(date)
        })
        .collect()
}

/// Strict `YYYY-MM-DD`: chrono alone would also take `2026-1-5`, and in an official list
/// an oddly written date is more likely a typo worth flagging than a style choice.
fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if well_formed {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    } else {
        None
    }
}

/// Day number on chrono's axis, where 0001-01-01 (a Monday) is day 1.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// A running count of Monday-to-Friday days such that
/// `weekdays_through(b) - weekdays_through(a)` is the number of them in days `(a, b]`.
///
/// Day `x` falls on weekday `(x - 1) mod 7` (0 = Monday) since day 1 is a Monday; so
/// every full week contributes five, and of the `x mod 7` days left over (Monday first)
/// at most five are weekdays. Euclidean division keeps this right before year 1 too.
fn weekdays_through(day: i64) -> i64 {
    5 * day.div_euclid(7) + day.rem_euclid(7).min(5)
}

/// The length of a deadline, as written in configuration: `"15 working days"`,
/// `"7 calendar days"` (or `"7 days"`), `"3 months"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// Working days per a [`Calendar`].
    WorkingDays(u32),
    /// Plain days, weekends and holidays included.
    CalendarDays(u32),
    /// Calendar months, clamped to the end of a shorter month.
    Months(u32),
}

impl Period {
    /// Parses `"N working days"`, `"N calendar days"`, `"N days"` (calendar days) or
    /// `"N months"`, singular or plural, case-insensitive, with any surrounding or
    /// repeated whitespace. `N` must be at least 1.
    pub fn parse(text: &str) -> Result<Period, CalendarError> {
        let input = text.trim();
        let invalid = || CalendarError::InvalidPeriod {
            input: input.to_owned(),
        };
        let lower = input.to_lowercase();
        let mut words = lower.split_whitespace();
        let number = words.next().ok_or_else(invalid)?;
        // `u32::from_str` would also take "+15"; only plain digits are a canonical count.
        if !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let n: u32 = number.parse().map_err(|_| invalid())?;
        let unit: Vec<&str> = words.collect();
        let make: fn(u32) -> Period = match unit.as_slice() {
            ["working", "day" | "days"] => Period::WorkingDays,
            ["calendar", "day" | "days"] | ["day" | "days"] => Period::CalendarDays,
            ["month" | "months"] => Period::Months,
            _ => return Err(invalid()),
        };
        if n == 0 {
            return Err(CalendarError::ZeroPeriod {
                input: input.to_owned(),
            });
        }
        Ok(make(n))
    }

    /// The due date of something started on `start`: working days per `calendar`
    /// (see [`Calendar::add_working_days`]), calendar days, or months (clamped to the
    /// last day of a shorter month: Nov 30 + 3 months = Feb 28, or 29 in a leap year).
    ///
    /// Saturates at [`NaiveDate::MAX`] past chrono's date range rather than panicking.
    pub fn due_from(&self, start: NaiveDate, calendar: &Calendar) -> NaiveDate {
        match *self {
            Period::WorkingDays(n) => calendar.add_working_days(start, n),
            Period::CalendarDays(n) => start
                .checked_add_days(Days::new(u64::from(n)))
                .unwrap_or(NaiveDate::MAX),
            Period::Months(n) => start
                .checked_add_months(chrono::Months::new(n))
                .unwrap_or(NaiveDate::MAX),
        }
    }
}

impl fmt::Display for Period {
    /// The canonical form, which [`Period::parse`] reads back: "15 working days",
    /// "1 working day", "7 calendar days", "3 months".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Period::WorkingDays(n) => (n, "working day"),
            Period::CalendarDays(n) => (n, "calendar day"),
            Period::Months(n) => (n, "month"),
        };
        let plural = if n == 1 { "" } else { "s" };
        write!(f, "{n} {unit}{plural}")
    }
}

impl FromStr for Period {
    type Err = CalendarError;

    /// Same as [`Period::parse`], so that `"15 working days".parse::<Period>()` works.
    fn from_str(text: &str) -> Result<Period, CalendarError> {
        Period::parse(text)
    }
}

impl<'de> Deserialize<'de> for Period {
    /// Reads a period from a string in configuration, e.g.
    /// `acknowledge_within = "15 working days"`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        // An owned string rather than `&str`: TOML and JSON with escapes cannot lend one.
        let text = String::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Period {
    /// Writes the canonical string, so a configuration struct round-trips.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOLIDAYS: &str = include_str!("../../config/cn-public-holidays.toml");

    fn real() -> Calendar {
        Calendar::from_toml(HOLIDAYS).expect("the shipped holiday file parses")
    }

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    /// Day-by-day reference implementation, obviously right and slow.
    fn naive_between(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        // A `succ_opt` walk rather than `iter_days`: chrono's day iterator stops before
        // yielding `NaiveDate::MAX`, which would undercount at the end of the range.
        let mut count = 0;
        let mut day = lo;
        while day < hi {
            day = day.succ_opt().expect("day < hi <= MAX");
            if calendar.is_working_day(day) {
                count += 1;
            }
        }
        sign * count
    }

    fn naive_add(calendar: &Calendar, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.succ_opt().expect("in range");
            if calendar.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    #[test]
    fn shipped_file_loads_and_covers_2025_and_2026() {
        let calendar = real();
        assert!(calendar.covers(2025));
        assert!(calendar.covers(2026));
        assert!(!calendar.covers(2024));
        assert!(!calendar.covers(2027));
        assert_eq!(calendar.last_year_covered(), Some(2026));
        assert_eq!(Calendar::weekends_only().last_year_covered(), None);
    }

    #[test]
    fn day_kinds_in_2026() {
        let calendar = real();
        // National Day, a Thursday.
        assert_eq!(d("2026-10-01").weekday(), Weekday::Thu);
        assert!(!calendar.is_working_day(d("2026-10-01")));
        // Make-up Saturday after National Day.
        assert_eq!(d("2026-10-10").weekday(), Weekday::Sat);
        assert!(calendar.is_working_day(d("2026-10-10")));
        // Ordinary Sunday.
        assert_eq!(d("2026-10-11").weekday(), Weekday::Sun);
        assert!(!calendar.is_working_day(d("2026-10-11")));
        // Ordinary Monday.
        assert!(calendar.is_working_day(d("2026-10-12")));
        // A holiday on a Saturday is kept as a holiday, and is off.
        assert_eq!(d("2026-01-03").weekday(), Weekday::Sat);
        assert!(calendar.is_holiday(d("2026-01-03")));
        assert!(!calendar.is_working_day(d("2026-01-03")));
        // Ordinary weekends are not "holidays".
        assert!(!calendar.is_holiday(d("2026-10-11")));
    }

    #[test]
    fn one_working_day_across_holidays_and_make_up_days() {
        let calendar = real();
        let cases = [
            // Wed before National Day (Oct 1-7 off) -> Thu Oct 8.
            ("2026-09-30", Weekday::Wed, "2026-10-08", Weekday::Thu),
            // Fri -> make-up Saturday.
            ("2026-10-09", Weekday::Fri, "2026-10-10", Weekday::Sat),
            // Fri before Spring Festival -> make-up Saturday Feb 14.
            ("2026-02-13", Weekday::Fri, "2026-02-14", Weekday::Sat),
            // Make-up Saturday -> the whole Spring Festival (Feb 15-23) is skipped.
            ("2026-02-14", Weekday::Sat, "2026-02-24", Weekday::Tue),
            // Across the year end: Jan 1-3 off, Sunday Jan 4 is a make-up day.
            ("2025-12-31", Weekday::Wed, "2026-01-04", Weekday::Sun),
            // Mid-Autumn (Fri Sep 25) and its weekend.
            ("2026-09-24", Weekday::Thu, "2026-09-28", Weekday::Mon),
            // 2025 National Day ran to Oct 8.
            ("2025-09-30", Weekday::Tue, "2025-10-09", Weekday::Thu),
        ];
        for (start, start_day, due, due_day) in cases {
            assert_eq!(d(start).weekday(), start_day, "{start}");
            assert_eq!(d(due).weekday(), due_day, "{due}");
            assert_eq!(
                calendar.add_working_days(d(start), 1),
                d(due),
                "{start} + 1"
            );
            assert_eq!(calendar.working_days_between(d(start), d(due)), 1);
        }
    }

    #[test]
    fn spring_festival_span() {
        let calendar = real();
        // Fri Feb 13 + 2: the make-up Saturday, then nine days off until Tue Feb 24.
        assert_eq!(
            calendar.add_working_days(d("2026-02-13"), 2),
            d("2026-02-24")
        );
        for day in d("2026-02-15").iter_days().take(9) {
            assert!(!calendar.is_working_day(day), "{day}");
        }
        assert_eq!(
            calendar.working_days_between(d("2026-02-14"), d("2026-02-23")),
            0
        );
        // Sat Feb 28 is the second make-up day of the festival.
        assert_eq!(d("2026-02-28").weekday(), Weekday::Sat);
        assert_eq!(
            calendar.add_working_days(d("2026-02-27"), 1),
            d("2026-02-28")
        );
    }

    #[test]
    fn fifteen_working_days_over_national_day() {
        let calendar = real();
        // From Fri Sep 18: Sun 20 (make-up), 21-24, 28-30 (Mid-Autumn 25-27 off),
        // Oct 8, 9, Sat 10 (make-up), 12-15 (Oct 1-7 off): the 15th is Thu Oct 15.
        assert_eq!(d("2026-09-18").weekday(), Weekday::Fri);
        let due = calendar.add_working_days(d("2026-09-18"), 15);
        assert_eq!(due, d("2026-10-15"));
        assert_eq!(due.weekday(), Weekday::Thu);
        assert_eq!(
            Period::WorkingDays(15).due_from(d("2026-09-18"), &calendar),
            due
        );
        // Weekends only would be 15 weekdays later: Fri Oct 9.
        assert_eq!(
            Calendar::weekends_only().add_working_days(d("2026-09-18"), 15),
            d("2026-10-09")
        );
    }

    #[test]
    fn start_is_never_counted() {
        let calendar = real();
        // From a holiday and from a working day alike, +1 is the next working day.
        assert_eq!(
            calendar.add_working_days(d("2026-10-03"), 1),
            d("2026-10-08")
        );
        assert_eq!(
            calendar.add_working_days(d("2026-10-08"), 1),
            d("2026-10-09")
        );
        assert_eq!(
            calendar.add_working_days(d("2026-10-03"), 0),
            d("2026-10-03")
        );
    }

    #[test]
    fn whole_year_counts() {
        let calendar = real();
        // 2026 has 261 weekdays, 19 holidays on weekdays and 6 make-up days: 248.
        assert_eq!(
            calendar.working_days_between(d("2025-12-31"), d("2026-12-31")),
            248
        );
        assert_eq!(
            calendar.working_days_between(d("2024-12-31"), d("2025-12-31")),
            248
        );
        assert_eq!(
            Calendar::weekends_only().working_days_between(d("2025-12-31"), d("2026-12-31")),
            261
        );
        assert_eq!(
            calendar.working_days_between(d("2025-12-31"), d("2026-03-31")),
            59
        );
    }

    #[test]
    fn uncovered_year_falls_back_to_weekends() {
        let calendar = real();
        // 2027 is not in the file, so Fri Jan 1 2027 counts as a working day.
        assert_eq!(d("2027-01-01").weekday(), Weekday::Fri);
        assert!(!calendar.covers(2027));
        assert_eq!(
            calendar.add_working_days(d("2026-12-31"), 1),
            d("2027-01-01")
        );
        assert_eq!(d("2027-10-01").weekday(), Weekday::Fri);
        assert!(calendar.is_working_day(d("2027-10-01")));
    }

    #[test]
    fn between_is_signed_and_zero_on_same_day() {
        let calendar = real();
        let (a, b) = (d("2026-09-18"), d("2026-10-15"));
        assert_eq!(calendar.working_days_between(a, b), 15);
        assert_eq!(calendar.working_days_between(b, a), -15);
        assert_eq!(calendar.working_days_between(a, a), 0);
        assert_eq!(
            calendar.working_days_between(d("2026-10-03"), d("2026-10-03")),
            0
        );
    }

    #[test]
    fn between_matches_day_by_day_count_and_inverts_add() {
        let calendar = real();
        let base = d("2024-12-01");
        // Deterministic pseudo-random pairs (an LCG) over Dec 2024 .. early 2027, which
        // covers both listed years, their edges and uncovered days on either side.
        let mut state: u64 = 0x2026_1001;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for _ in 0..3000 {
            let from = base + Days::new(next(800));
            let to = base + Days::new(next(800));
            let fast = calendar.working_days_between(from, to);
            assert_eq!(fast, naive_between(&calendar, from, to), "{from}..{to}");

            let n = u32::try_from(next(120)).expect("small");
            let due = calendar.add_working_days(from, n);
            assert_eq!(due, naive_add(&calendar, from, n), "{from} + {n}");
            assert_eq!(calendar.working_days_between(from, due), i64::from(n));
            if n > 0 {
                assert!(calendar.is_working_day(due), "{from} + {n} = {due}");
            }
        }
    }

    #[test]
    fn weekday_arithmetic_holds_far_from_today() {
        let calendar = Calendar::weekends_only();
        for (from, to) in [
            (NaiveDate::MIN, NaiveDate::MIN + Days::new(40)),
            (d("0000-12-20"), d("0001-01-20")),
            (NaiveDate::MAX - Days::new(40), NaiveDate::MAX),
        ] {
            assert_eq!(
                calendar.working_days_between(from, to),
                naive_between(&calendar, from, to),
                "{from}..{to}"
            );
        }
    }

    #[test]
    fn huge_counts_saturate_instead_of_panicking() {
        let calendar = real();
        assert_eq!(
            calendar.add_working_days(d("2026-01-01"), u32::MAX),
            NaiveDate::MAX
        );
        assert_eq!(calendar.add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(
            Period::CalendarDays(u32::MAX).due_from(NaiveDate::MAX, &calendar),
            NaiveDate::MAX
        );
        assert_eq!(
            Period::Months(u32::MAX).due_from(d("2026-01-01"), &calendar),
            NaiveDate::MAX
        );
        // A large but representable count still lands on a working day.
        let far = calendar.add_working_days(d("2026-01-01"), 1_000_000);
        assert_eq!(
            calendar.working_days_between(d("2026-01-01"), far),
            1_000_000
        );
    }

    #[test]
    fn period_parses_accepted_forms() {
        let accepted = [
            ("15 working days", Period::WorkingDays(15)),
            ("1 working day", Period::WorkingDays(1)),
            ("  15   Working   DAYS \n", Period::WorkingDays(15)),
            ("7 calendar days", Period::CalendarDays(7)),
            ("7 days", Period::CalendarDays(7)),
            ("1 day", Period::CalendarDays(1)),
            ("3 months", Period::Months(3)),
            ("1 Month", Period::Months(1)),
            ("4294967295 days", Period::CalendarDays(u32::MAX)),
        ];
        for (text, expected) in accepted {
            assert_eq!(Period::parse(text).expect(text), expected, "{text:?}");
            assert_eq!(text.parse::<Period>().expect(text), expected);
        }
    }

    #[test]
    fn period_rejects_everything_else() {
        for text in [
            "",
            "   ",
            "15",
            "working days",
            "15 workdays",
            "15 business days",
            "15 working",
            "15 days working",
            "-3 days",
            "+3 days",
            "1.5 months",
            "3 weeks",
            "3 months later",
            "4294967296 days",
            "十五个工作日",
        ] {
            let error = Period::parse(text).expect_err(text);
            assert!(
                matches!(error, CalendarError::InvalidPeriod { .. }),
                "{text:?}: {error:?}"
            );
            let message = error.to_string();
            assert!(message.contains("N working days"), "{message}");
            assert!(message.contains("N months"), "{message}");
        }
        for text in ["0 days", "0 working days", " 00 months "] {
            let error = Period::parse(text).expect_err(text);
            assert!(
                matches!(error, CalendarError::ZeroPeriod { .. }),
                "{text:?}: {error:?}"
            );
        }
    }

    #[test]
    fn period_display_is_canonical_and_round_trips() {
        let cases = [
            (Period::WorkingDays(15), "15 working days"),
            (Period::WorkingDays(1), "1 working day"),
            (Period::CalendarDays(7), "7 calendar days"),
            (Period::CalendarDays(1), "1 calendar day"),
            (Period::Months(3), "3 months"),
            (Period::Months(1), "1 month"),
        ];
        for (period, text) in cases {
            assert_eq!(period.to_string(), text);
            assert_eq!(Period::parse(text).expect(text), period);
        }
    }

    #[test]
    fn period_sits_in_a_config_struct() {
        #[derive(Debug, Deserialize, Serialize, PartialEq)]
        struct Deadlines {
            acknowledge: Period,
            resolve: Period,
        }
        let config: Deadlines =
            toml::from_str("acknowledge = \"15 Working Days\"\nresolve = \"3 months\"\n")
                .expect("valid config");
        assert_eq!(
            config,
            Deadlines {
                acknowledge: Period::WorkingDays(15),
                resolve: Period::Months(3),
            }
        );
        let written = toml::to_string(&config).expect("serializes");
        assert!(
            written.contains("acknowledge = \"15 working days\""),
            "{written}"
        );
        let error = toml::from_str::<Deadlines>("acknowledge = \"soon\"\nresolve = \"3 months\"")
            .expect_err("bad period");
        assert!(error.to_string().contains("N working days"), "{error}");
    }

    #[test]
    fn calendar_days_and_months() {
        let calendar = real();
        // Calendar days ignore holidays: Sep 30 + 7 days is Oct 7, a holiday.
        assert_eq!(
            Period::CalendarDays(7).due_from(d("2026-09-30"), &calendar),
            d("2026-10-07")
        );
        // Months clamp to the end of a shorter month.
        let months = [
            ("2025-11-30", 3, "2026-02-28"),
            ("2027-11-30", 3, "2028-02-29"),
            ("2026-01-31", 1, "2026-02-28"),
            ("2026-03-31", 1, "2026-04-30"),
            ("2026-01-15", 12, "2027-01-15"),
        ];
        for (start, n, due) in months {
            assert_eq!(
                Period::Months(n).due_from(d(start), &calendar),
                d(due),
                "{start} + {n} months"
            );
        }
    }

    fn load_error(text: &str) -> CalendarError {
        Calendar::from_toml(text).expect_err("should be rejected")
    }

    #[test]
    fn from_toml_rejects_bad_files_naming_year_and_date() {
        let error = load_error("[2026\nholidays = []");
        assert!(matches!(error, CalendarError::Toml(_)), "{error:?}");

        for table in ["26", "year2026", "20261", "+202"] {
            let error = load_error(&format!("[\"{table}\"]\nholidays = []"));
            assert!(
                matches!(&error, CalendarError::InvalidYear { table: t } if t == table),
                "{error:?}"
            );
            assert!(error.to_string().contains(table));
        }

        let error = load_error("[2026]\nholiday = [\"2026-01-01\"]");
        assert!(
            matches!(error, CalendarError::YearTable { year: 2026, .. }),
            "{error:?}"
        );
        let error = load_error("[2026]\nholidays = \"2026-01-01\"");
        assert!(
            matches!(error, CalendarError::YearTable { year: 2026, .. }),
            "{error:?}"
        );
        let error = load_error("2026 = 5");
        assert!(
            matches!(error, CalendarError::YearTable { year: 2026, .. }),
            "{error:?}"
        );

        for bad in ["2026-02-30", "2026-1-1", "2026/01/01", "tomorrow", ""] {
            let error = load_error(&format!("[2026]\nholidays = [\"{bad}\"]"));
            assert!(
                matches!(
                    &error,
                    CalendarError::InvalidDate { year: 2026, list: "holidays", value } if value == bad
                ),
                "{error:?}"
            );
        }

        let error = load_error("[2026]\nworking_weekends = [\"2025-10-11\"]");
        assert!(
            matches!(
                error,
                CalendarError::DateOutsideYear { year: 2026, list: "working_weekends", date }
                    if date == d("2025-10-11")
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("2025-10-11"));

        // Mon Jan 5 2026 is not a weekend day.
        let error = load_error("[2026]\nworking_weekends = [\"2026-01-05\"]");
        assert!(
            matches!(
                error,
                CalendarError::NotAWeekend { year: 2026, weekday: Weekday::Mon, date }
                    if date == d("2026-01-05")
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "holiday file: [2026] working_weekends: 2026-01-05 is a Monday, \
             not a Saturday or Sunday"
        );

        let error =
            load_error("[2026]\nholidays = [\"2026-01-03\"]\nworking_weekends = [\"2026-01-03\"]");
        assert!(
            matches!(error, CalendarError::ListedTwice { year: 2026, date } if date == d("2026-01-03")),
            "{error:?}"
        );
        assert!(error.to_string().contains("2026-01-03"));
    }

    #[test]
    fn from_toml_accepts_weekend_holidays_and_missing_lists() {
        // Sat Jan 3 as a holiday is fine; a year without make-up days may omit the list.
        let calendar = Calendar::from_toml("[2026]\nholidays = [\"2026-01-03\"]\n[2027]\n")
            .expect("valid file");
        assert!(calendar.is_holiday(d("2026-01-03")));
        assert!(calendar.covers(2027));
        assert_eq!(calendar.last_year_covered(), Some(2027));
        assert_eq!(
            Calendar::from_toml("").expect("empty file"),
            Calendar::weekends_only()
        );
    }
}
