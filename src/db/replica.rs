//! Replication lag, as the page cache needs to know it: a publication's notification
//! arrives from the primary as soon as it commits, and a physical replica replays it a
//! little later. Pages rendered from the replica in between would show the old data and,
//! cached under the new generation, keep showing it until the next publication.

use std::time::Duration;

use diesel::sql_types::{Bool, Text};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::PgPool;

/// How often the replica's replay position is read while waiting.
const POLL_EVERY: Duration = Duration::from_millis(50);

#[derive(QueryableByName)]
struct Lsn {
    #[diesel(sql_type = Text)]
    lsn: String,
}

#[derive(QueryableByName)]
struct Replayed {
    #[diesel(sql_type = Bool)]
    replayed: bool,
}

/// Waits until the replica has replayed everything the primary had written when this was
/// called (its `pg_current_wal_lsn()`, read on `primary`), polling until `deadline`.
/// A "replica" that is not in recovery (a promoted one, or a plain copy) has nothing to
/// replay and is caught up at once. The error says why the wait ended early.
pub async fn wait_for_replay(
    primary: &mut AsyncPgConnection,
    replica: &PgPool,
    deadline: Duration,
) -> Result<(), String> {
    let target = diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn")
        .get_result::<Lsn>(primary)
        .await
        .map_err(|e| format!("cannot read the primary's WAL position: {e}"))?;
    let caught_up = async {
        loop {
            if replayed(replica, &target.lsn).await? {
                return Ok::<(), String>(());
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    };
    tokio::time::timeout(deadline, caught_up)
        .await
        .map_err(|_| format!("the replica did not replay {} in {deadline:?}", target.lsn))?
}

async fn replayed(replica: &PgPool, lsn: &str) -> Result<bool, String> {
    let mut conn = replica
        .get()
        .await
        .map_err(|e| format!("no replica connection: {e}"))?;
    diesel::sql_query(
        "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, NOT pg_is_in_recovery())
                AS replayed",
    )
    .bind::<Text, _>(lsn)
    .get_result::<Replayed>(&mut conn)
    .await
    .map(|row| row.replayed)
    .map_err(|e| format!("cannot read the replica's replay position: {e}"))
}
