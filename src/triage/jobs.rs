//! The triage work that runs on a clock: deadline reminders and alerts, and purging the
//! content of cases past their retention. Both are safe to run on every instance at once:
//! a notice is recorded once (`deadline_notices`' key) and a case is purged once (the
//! update matches only unpurged rows).

use std::time::Duration;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::deadlines::{Deadlines, Standing};
use super::notify::{self, Notice};
use crate::audit::{self, Actor};
use crate::config::TriageSettings;
use crate::db::schema::{
    case_notes, case_referrals, deadline_notices, report_attachments, report_messages, reports,
};
use crate::db::PgPool;
use crate::report::beijing_today;
use crate::report::model::ReportState;

/// How often deadlines are checked. Standings change once a day; a quarter of an hour
/// keeps a restarted instance from being late by much.
const DEADLINE_CHECK: Duration = Duration::from_secs(15 * 60);

/// Runs the clocked jobs until the process ends.
pub async fn run(pool: PgPool, deadlines: std::sync::Arc<Deadlines>, settings: TriageSettings) {
    let mut deadline_tick = tokio::time::interval(DEADLINE_CHECK);
    let purge_every = Duration::from_secs(settings.purge_every_hours.max(1) * 3600);
    let mut purge_tick = tokio::time::interval(purge_every);
    for tick in [&mut deadline_tick, &mut purge_tick] {
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    }
    loop {
        tokio::select! {
            _ = deadline_tick.tick() => {
                if let Err(e) = remind(&pool, &deadlines, beijing_today()).await {
                    tracing::warn!(error = %format!("{e:#}"), "deadline check failed; retrying later");
                }
            }
            _ = purge_tick.tick(), if settings.purge_every_hours > 0 => {
                match purge(&pool, &deadlines, &settings, beijing_today()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(cases = n, "purged cases past their retention"),
                    Err(e) => tracing::warn!(error = %format!("{e:#}"), "purge failed; retrying later"),
                }
            }
        }
    }
}

/// Queues a reminder for each open case whose deadline is near, and an alert for each
/// whose deadline passed, once per deadline. Returns how many notices went out.
pub async fn remind(
    pool: &PgPool,
    deadlines: &Deadlines,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let mut conn = pool.get().await?;
    let open: Vec<(i64, String, NaiveDate)> = reports::table
        .filter(reports::due_on.is_not_null())
        .select((
            reports::id,
            reports::state,
            reports::due_on.assume_not_null(),
        ))
        .load(&mut conn)
        .await?;
    let mut sent = 0;
    for (id, state, due) in open {
        let notice = match deadlines.standing(due, today) {
            Standing::Overdue(_) => Notice::DeadlinePassed,
            Standing::DueSoon(_) => Notice::DeadlineApproaching,
            Standing::OnTrack(_) => continue,
        };
        let deadline = if state == ReportState::Received.code() {
            "acknowledge"
        } else {
            "conclude"
        };
        let notice_code = match notice {
            Notice::DeadlinePassed => "passed",
            _ => "approaching",
        };
        let queued = conn
            .transaction(async |conn| {
                let first = diesel::insert_into(deadline_notices::table)
                    .values((
                        deadline_notices::report_id.eq(id),
                        deadline_notices::deadline.eq(deadline),
                        deadline_notices::notice.eq(notice_code),
                        deadline_notices::due_on.eq(due),
                    ))
                    .on_conflict_do_nothing()
                    .execute(conn)
                    .await?;
                if first > 0 {
                    notify::deadline(conn, id, notice).await?;
                }
                diesel::QueryResult::Ok(first > 0)
            })
            .await?;
        sent += usize::from(queued);
    }
    Ok(sent)
}

/// Deletes the content of every finished case whose retention ended by `today`: the
/// report, messages, notes, files and what a referral sent. What stays: the row's dates,
/// kind and unit (the statistics), the audit log, rectification items and any published
/// outcome. Each purge is audited. Returns how many cases were purged.
pub async fn purge(
    pool: &PgPool,
    deadlines: &Deadlines,
    settings: &TriageSettings,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let mut conn = pool.get().await?;
    let finished: Vec<(i64, String, Option<NaiveDate>)> = reports::table
        .filter(reports::purged_on.is_null())
        .filter(reports::state.eq_any(["closed", "declined", "referred"]))
        .select((reports::id, reports::reference, reports::concluded_on))
        .load(&mut conn)
        .await?;
    let mut purged = 0;
    for (id, reference, concluded_on) in finished {
        let Some(concluded_on) = concluded_on else {
            continue;
        };
        if settings
            .retention
            .due_from(concluded_on, &deadlines.calendar)
            > today
        {
            continue;
        }
        if purge_one(&mut conn, id, &reference, today).await? {
            purged += 1;
        }
    }
    Ok(purged)
}

async fn purge_one(
    conn: &mut AsyncPgConnection,
    id: i64,
    reference: &str,
    today: NaiveDate,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        // Claims the case first, so two instances never purge it twice.
        let claimed = diesel::update(
            reports::table
                .filter(reports::id.eq(id))
                .filter(reports::purged_on.is_null()),
        )
        .set((
            reports::content.eq(None::<Vec<u8>>),
            reports::data_key_for_unit.eq(None::<Vec<u8>>),
            reports::data_key_for_reporter.eq(None::<Vec<u8>>),
            reports::purged_on.eq(today),
        ))
        .execute(conn)
        .await?;
        if claimed == 0 {
            return Ok(false);
        }
        // Cleaned copies point at their originals: they go first.
        diesel::delete(
            report_attachments::table
                .filter(report_attachments::report_id.eq(id))
                .filter(report_attachments::cleaned_from.is_not_null()),
        )
        .execute(conn)
        .await?;
        let files =
            diesel::delete(report_attachments::table.filter(report_attachments::report_id.eq(id)))
                .execute(conn)
                .await?;
        let messages =
            diesel::delete(report_messages::table.filter(report_messages::report_id.eq(id)))
                .execute(conn)
                .await?;
        let notes = diesel::delete(case_notes::table.filter(case_notes::report_id.eq(id)))
            .execute(conn)
            .await?;
        diesel::update(case_referrals::table.find(id))
            .set(case_referrals::what_sent.eq(None::<Vec<u8>>))
            .execute(conn)
            .await?;
        let detail = format!("{files} files, {messages} messages, {notes} notes deleted");
        let target = format!("report:{reference}");
        audit::append(conn, &Actor::system(), "reports.purged", &target, &detail).await?;
        Ok(true)
    })
    .await
}
