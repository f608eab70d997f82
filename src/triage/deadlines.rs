//! Case deadlines on the working-day calendar: when a report must be answered and a case
//! concluded, and how each case stands against them today.

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::{Calendar, Period};
use crate::config::TriageSettings;

/// The calendar and the configured periods.
#[derive(Debug, Clone)]
pub struct Deadlines {
    /// Working days, public holidays and make-up days.
    pub calendar: Calendar,
    acknowledge_within: Period,
    conclude_within: Period,
    remind_before: u32,
}

/// How a case stands against one of its deadlines, today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", content = "working_days", rename_all = "snake_case")]
pub enum Standing {
    /// Past it by this many working days (at least 1).
    Overdue(i64),
    /// Due within the reminder window: this many working days left (0 = today).
    DueSoon(i64),
    /// Further off: this many working days left.
    OnTrack(i64),
}

impl Deadlines {
    /// From the settings, reading the holiday file.
    pub fn load(settings: &TriageSettings) -> anyhow::Result<Deadlines> {
        let calendar = read_calendar(&settings.holidays_file)?;
        Ok(Deadlines::new(calendar, settings))
    }

    /// With a calendar already read.
    pub fn new(calendar: Calendar, settings: &TriageSettings) -> Deadlines {
        Deadlines {
            calendar,
            acknowledge_within: settings.acknowledge_within,
            conclude_within: settings.conclude_within,
            remind_before: settings.remind_before_working_days,
        }
    }

    /// The day a report received on `received_on` must be answered by.
    pub fn acknowledge_by(&self, received_on: NaiveDate) -> NaiveDate {
        self.acknowledge_within
            .due_from(received_on, &self.calendar)
    }

    /// The day a case accepted on `accepted_on` must be concluded by.
    pub fn conclude_by(&self, accepted_on: NaiveDate) -> NaiveDate {
        self.conclude_within.due_from(accepted_on, &self.calendar)
    }

    /// How a deadline `due` stands on `today`.
    pub fn standing(&self, due: NaiveDate, today: NaiveDate) -> Standing {
        let left = self.calendar.working_days_between(today, due);
        if due < today {
            Standing::Overdue(left.unsigned_abs().max(1) as i64)
        } else if left <= i64::from(self.remind_before) {
            Standing::DueSoon(left)
        } else {
            Standing::OnTrack(left)
        }
    }

    /// Working days from `from` to `to` (for the statistics).
    pub fn working_days(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.calendar.working_days_between(from, to)
    }

    /// The configured answer period, as written (for pages that explain deadlines).
    pub fn acknowledge_within(&self) -> Period {
        self.acknowledge_within
    }

    /// The configured conclusion period.
    pub fn conclude_within(&self) -> Period {
        self.conclude_within
    }
}

fn read_calendar(path: &Path) -> anyhow::Result<Calendar> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read triage.holidays_file {}", path.display()))?;
    Calendar::from_toml(&text).with_context(|| format!("invalid holiday file {}", path.display()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn deadlines(acknowledge: &str) -> Deadlines {
        let calendar =
            Calendar::from_toml(include_str!("../../config/cn-public-holidays.toml")).unwrap();
        Deadlines {
            calendar,
            acknowledge_within: acknowledge.parse().unwrap(),
            conclude_within: "3 months".parse().unwrap(),
            remind_before: 3,
        }
    }

    #[test]
    fn fifteen_working_days_skip_the_national_day_holiday() {
        let d = deadlines("15 working days");
        // Friday 18 September 2026: the 20th (a Sunday) is worked, 25–27 September and
        // 1–7 October are off, 10 October (a Saturday) is worked.
        assert_eq!(d.acknowledge_by(date("2026-09-18")), date("2026-10-15"));
        // Without the calendar it would have been three weeks.
        let plain = Deadlines {
            calendar: Calendar::weekends_only(),
            ..d.clone()
        };
        assert_eq!(plain.acknowledge_by(date("2026-09-18")), date("2026-10-09"));
    }

    #[test]
    fn an_eu_style_seven_calendar_days_counts_every_day() {
        let d = deadlines("7 calendar days");
        assert_eq!(d.acknowledge_by(date("2026-09-30")), date("2026-10-07"));
    }

    #[test]
    fn conclusion_is_months_from_acceptance() {
        let d = deadlines("15 working days");
        assert_eq!(d.conclude_by(date("2026-11-30")), date("2027-02-28"));
    }

    #[test]
    fn standing_counts_working_days() {
        let d = deadlines("15 working days");
        let due = date("2026-10-08");
        // From 30 September the next working day is 8 October.
        assert_eq!(d.standing(due, date("2026-09-30")), Standing::DueSoon(1));
        assert_eq!(d.standing(due, date("2026-10-08")), Standing::DueSoon(0));
        assert_eq!(d.standing(due, date("2026-10-09")), Standing::Overdue(1));
        assert_eq!(d.standing(due, date("2026-09-21")), Standing::OnTrack(7));
    }
}
