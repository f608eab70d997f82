//! Sending what the outbox holds. Each pass locks the due rows with `FOR UPDATE SKIP
//! LOCKED`, so any number of instances share the work and no letter goes out twice; a
//! failure keeps the row, counts the attempt, stores only the failure's kind, and retries
//! after a backoff that doubles up to `mail.retry_max_secs`. Nothing is ever dropped: a
//! letter the relay refuses for good stays visible at `/admin/mail` until someone fixes
//! the address or the relay. (Should a process die between the relay's acceptance and the
//! commit, that letter goes again: at least once, never lost.)

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::letters::{self, Waiting};
use super::mailer::Mailer;
use crate::config::MailSettings;
use crate::db::schema::{mail_outbox, staff};
use crate::db::PgPool;
use crate::report::beijing_today;
use crate::triage::notify::{digest_cutoff, Notice};

/// Letters composed per pass, at most.
const BATCH: i64 = 50;

/// Sends due letters until the process ends. Started by the server when `mail.enabled`.
pub async fn run(pool: PgPool, settings: MailSettings, public_url: String) {
    let mailer = match Mailer::new(&settings) {
        Ok(mailer) => mailer,
        Err(e) => {
            tracing::error!(error = %e, "mail is enabled but its settings are unusable; letters wait in the outbox");
            return;
        }
    };
    let mut tick = tokio::time::interval(Duration::from_secs(settings.poll_secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match deliver_due(&pool, &mailer, &settings, &public_url).await {
            Ok(Pass { sent, failed }) if sent + failed > 0 => {
                tracing::info!(sent, failed, "outbox pass");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "outbox pass failed; retrying"),
        }
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Letters the relay accepted.
    pub sent: usize,
    /// Letters that failed and wait for a retry.
    pub failed: usize,
}

#[derive(Queryable)]
struct DueRow {
    id: i64,
    staff_id: i64,
    kind: String,
    reference: String,
    digest: bool,
    attempts: i32,
}

/// One pass: every due letter, grouped so that a recipient's digest notices go as one.
pub async fn deliver_due(
    pool: &PgPool,
    mailer: &Mailer,
    settings: &MailSettings,
    public_url: &str,
) -> anyhow::Result<Pass> {
    let mut conn = pool.get().await?;
    let now = Utc::now();
    let cutoff = digest_cutoff(now, settings.digest_hour);
    conn.transaction(async |conn| {
        let due: Vec<DueRow> = mail_outbox::table
            .filter(mail_outbox::sent_on.is_null())
            .filter(
                mail_outbox::retry_after
                    .is_null()
                    .or(mail_outbox::retry_after.le(now)),
            )
            .filter(
                mail_outbox::digest
                    .eq(false)
                    .or(mail_outbox::queued_on.lt(cutoff)),
            )
            .order(mail_outbox::id)
            .limit(BATCH)
            .for_update()
            .skip_locked()
            .select((
                mail_outbox::id,
                mail_outbox::staff_id,
                mail_outbox::kind,
                mail_outbox::reference,
                mail_outbox::digest,
                mail_outbox::attempts,
            ))
            .load(conn)
            .await?;
        // One letter per row, except a recipient's digest rows, which go together.
        let mut letters: BTreeMap<(i64, Option<i64>), Vec<DueRow>> = BTreeMap::new();
        for row in due {
            let key = (row.staff_id, (!row.digest).then_some(row.id));
            letters.entry(key).or_default().push(row);
        }
        let mut pass = Pass::default();
        for ((staff_id, _), rows) in letters {
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let result = send_one(conn, mailer, public_url, staff_id, &rows).await?;
            match result {
                Ok(()) => {
                    diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
                        .set((
                            mail_outbox::sent_on.eq(beijing_today()),
                            mail_outbox::retry_after.eq(None::<chrono::DateTime<Utc>>),
                        ))
                        .execute(conn)
                        .await?;
                    pass.sent += 1;
                }
                Err(kind) => {
                    let attempts = rows.iter().map(|r| r.attempts).max().unwrap_or(0) + 1;
                    let wait = backoff(settings, attempts);
                    diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
                        .set((
                            mail_outbox::attempts.eq(attempts),
                            mail_outbox::last_error.eq(kind),
                            mail_outbox::retry_after.eq(Utc::now() + wait),
                        ))
                        .execute(conn)
                        .await?;
                    pass.failed += 1;
                }
            }
        }
        anyhow::Ok(pass)
    })
    .await
}

/// Composes and sends one letter; the inner error is the failure's kind.
async fn send_one(
    conn: &mut AsyncPgConnection,
    mailer: &Mailer,
    public_url: &str,
    staff_id: i64,
    rows: &[DueRow],
) -> QueryResult<Result<(), &'static str>> {
    let (email, display_name): (String, String) = staff::table
        .find(staff_id)
        .select((staff::email, staff::display_name))
        .first(conn)
        .await?;
    let waiting: Vec<Waiting> = rows
        .iter()
        .filter_map(|row| {
            Some(Waiting {
                notice: Notice::from_code(&row.kind)?,
                reference: row.reference.clone(),
            })
        })
        .collect();
    let to = format!("{} <{email}>", display_name.replace(['<', '>', '"'], ""));
    let letter = letters::compose(&to, public_url, &waiting);
    Ok(mailer.send(&letter).await.map_err(|e| e.kind()))
}

/// How long to wait after the `attempts`-th failure.
fn backoff(settings: &MailSettings, attempts: i32) -> chrono::Duration {
    let doubled = settings
        .retry_base_secs
        .saturating_mul(1u64 << attempts.clamp(1, 20).saturating_sub(1));
    chrono::Duration::seconds(doubled.min(settings.retry_max_secs) as i64)
}

/// The outbox at a glance, for `/admin/mail`.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxState {
    /// Letters not yet sent.
    pub waiting: i64,
    /// Of those, letters that failed at least once.
    pub failing: i64,
    /// Letters sent in the last seven days.
    pub sent_week: i64,
    /// The failures' kinds and how many letters each holds back.
    pub failures: Vec<(String, i64)>,
}

/// Counts for `/admin/mail`.
pub async fn state(conn: &mut AsyncPgConnection) -> QueryResult<OutboxState> {
    let waiting: i64 = mail_outbox::table
        .filter(mail_outbox::sent_on.is_null())
        .count()
        .get_result(conn)
        .await?;
    let failing: i64 = mail_outbox::table
        .filter(mail_outbox::sent_on.is_null())
        .filter(mail_outbox::attempts.gt(0))
        .count()
        .get_result(conn)
        .await?;
    let sent_week: i64 = mail_outbox::table
        .filter(mail_outbox::sent_on.gt(beijing_today() - chrono::Duration::days(7)))
        .count()
        .get_result(conn)
        .await?;
    let failures: Vec<(Option<String>, i64)> = mail_outbox::table
        .filter(mail_outbox::sent_on.is_null())
        .filter(mail_outbox::attempts.gt(0))
        .group_by(mail_outbox::last_error)
        .select((mail_outbox::last_error, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    Ok(OutboxState {
        waiting,
        failing,
        sent_week,
        failures: failures
            .into_iter()
            .map(|(kind, n)| (kind.unwrap_or_default(), n))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_by_doubling_up_to_the_ceiling() {
        let settings = MailSettings {
            enabled: true,
            smtp_host: String::new(),
            smtp_port: 25,
            security: super::super::Security::None,
            username: None,
            password: None,
            from: String::new(),
            timeout_secs: 30,
            poll_secs: 5,
            retry_base_secs: 30,
            retry_max_secs: 3600,
            digest_hour: 8,
        };
        let secs = |n| backoff(&settings, n).num_seconds();
        assert_eq!([secs(1), secs(2), secs(3)], [30, 60, 120]);
        assert_eq!(secs(10), 3600);
        assert_eq!(secs(1000), 3600);
    }
}
