//! Queuing notifications: each is a row in `mail_outbox`, written in the same transaction
//! as what it announces, so a stored report or message always has its letters queued and
//! an SMTP outage loses nothing (the outbox sender retries). A letter names the case
//! reference only: who to notify is decided here, what the letter says in `letters`.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::db::schema::{mail_outbox, reports, staff, staff_recusals};

coded_enum! {
    /// What a letter announces.
    Notice {
        /// A report arrived in the unit's queue.
        NewReport = "new_report",
        /// The reporter wrote on a case.
        ReporterMessage = "reporter_message",
        /// A deadline is near.
        DeadlineApproaching = "deadline_approaching",
        /// A deadline passed.
        DeadlinePassed = "deadline_passed",
        /// A case was assigned to the recipient.
        Assigned = "assigned",
    }
}

/// Beijing is UTC+8 all year.
const BEIJING_OFFSET_HOURS: i64 = 8;

/// The digest rows due at `now`: those queued before the (Beijing) date of the latest
/// digest time, `hour` o'clock. At 08:00 on 2 December the notices of 1 December and
/// before go out; those of 2 December wait for the 3rd. Rows carry a date, not a time,
/// since they are written with the reporter's report.
pub fn digest_cutoff(now: DateTime<Utc>, hour: u32) -> NaiveDate {
    let beijing = (now + Duration::hours(BEIJING_OFFSET_HOURS)).naive_utc();
    let time = NaiveTime::from_hms_opt(hour.min(23), 0, 0).unwrap_or(NaiveTime::MIN);
    if beijing.time() >= time {
        beijing.date()
    } else {
        beijing.date() - Duration::days(1)
    }
}

/// The unit's triagers, minus anyone recused from the enterprise (or a group above it).
async fn triagers(
    conn: &mut AsyncPgConnection,
    unit: &str,
    chain: &[String],
) -> QueryResult<Vec<(i64, bool)>> {
    staff::table
        .filter(staff::unit_code.eq(unit))
        .filter(staff::role.eq("triager"))
        .filter(staff::disabled_at.is_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            staff_recusals::table
                .filter(staff_recusals::staff_id.eq(staff::id))
                .filter(staff_recusals::enterprise_uscc.eq_any(chain)),
        )))
        .select((staff::id, staff::mail_digest))
        .load(conn)
        .await
}

/// Queues one letter per recipient; `(staff id, wants a digest)`. Only new reports wait
/// for the digest: the rest need someone's attention now.
async fn queue(
    conn: &mut AsyncPgConnection,
    recipients: &[(i64, bool)],
    notice: Notice,
    reference: &str,
) -> QueryResult<()> {
    for (staff_id, wants_digest) in recipients {
        let digest = *wants_digest && notice == Notice::NewReport;
        diesel::insert_into(mail_outbox::table)
            .values((
                mail_outbox::staff_id.eq(staff_id),
                mail_outbox::kind.eq(notice.code()),
                mail_outbox::reference.eq(reference),
                mail_outbox::digest.eq(digest),
                mail_outbox::queued_on.eq(crate::report::beijing_today()),
            ))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// A new report in `unit`'s queue: its triagers are told.
pub async fn new_report(
    conn: &mut AsyncPgConnection,
    unit: &str,
    reference: &str,
    chain: &[String],
) -> QueryResult<()> {
    let recipients = triagers(conn, unit, chain).await?;
    queue(conn, &recipients, Notice::NewReport, reference).await
}

/// Who hears about an existing case: its assignee, else the unit's triagers.
async fn case_recipients(
    conn: &mut AsyncPgConnection,
    report_id: i64,
) -> QueryResult<(String, Vec<(i64, bool)>)> {
    let (reference, unit, assignee, enterprise): (String, String, Option<i64>, Option<String>) =
        reports::table
            .find(report_id)
            .select((
                reports::reference,
                reports::unit_code,
                reports::assignee_id,
                reports::enterprise_uscc,
            ))
            .first(conn)
            .await?;
    let chain = super::routing::chain(conn, enterprise.as_deref()).await?;
    let recipients = match assignee {
        Some(id) => vec![(id, false)],
        None => triagers(conn, &unit, &chain).await?,
    };
    Ok((reference, recipients))
}

/// The reporter wrote on a case.
pub async fn reporter_message(conn: &mut AsyncPgConnection, report_id: i64) -> QueryResult<()> {
    let (reference, recipients) = case_recipients(conn, report_id).await?;
    queue(conn, &recipients, Notice::ReporterMessage, &reference).await
}

/// A deadline of a case is near, or passed.
pub async fn deadline(
    conn: &mut AsyncPgConnection,
    report_id: i64,
    notice: Notice,
) -> QueryResult<()> {
    let (reference, recipients) = case_recipients(conn, report_id).await?;
    queue(conn, &recipients, notice, &reference).await
}

/// A case was assigned to `staff_id`.
pub async fn assigned(
    conn: &mut AsyncPgConnection,
    staff_id: i64,
    reference: &str,
) -> QueryResult<()> {
    queue(conn, &[(staff_id, false)], Notice::Assigned, reference).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_digest_collects_what_was_queued_before_the_day_of_the_last_digest_hour() {
        use chrono::TimeZone;
        let date = |d: &str| d.parse::<NaiveDate>().unwrap();
        // 23:30 UTC on 1 December is 07:30 on 2 December in Beijing: the last digest was
        // at 08:00 on 1 December, which sent what was queued before 1 December.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap();
        assert_eq!(digest_cutoff(now, 8), date("2026-12-01"));
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 1).unwrap();
        assert_eq!(digest_cutoff(now, 8), date("2026-12-02"));
    }
}
