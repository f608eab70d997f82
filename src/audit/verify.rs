//! `sunshine audit verify`: recomputes every hash of the chain, in order, and names the
//! first entry that does not fit.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::chain::{entry_hash, Entry, GENESIS};
use crate::db::schema::audit_log;

/// Entries read per query: bounded memory however long the log grows.
const BATCH: i64 = 5_000;

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every entry fits; the head is the last one's.
    Intact {
        /// Entries checked.
        count: i64,
        /// The last entry's hash, in hex.
        head: String,
    },
    /// The first entry that does not fit, and why.
    Broken {
        /// Its number (or the number that is missing).
        seq: i64,
        /// What is wrong, in words an operator can act on.
        reason: String,
    },
}

/// Recomputes the chain from the first entry.
pub async fn verify(conn: &mut AsyncPgConnection) -> QueryResult<Verification> {
    verify_with_progress(conn, |_| {}).await
}

/// [`verify`], calling `progress` with the number of entries checked after each batch
/// (the command line shows it on a terminal: a long log takes a while).
pub async fn verify_with_progress(
    conn: &mut AsyncPgConnection,
    mut progress: impl FnMut(i64),
) -> QueryResult<Verification> {
    let mut expected_seq = 1;
    let mut prev: Option<Entry> = None;
    loop {
        // Keyset, not OFFSET: each batch starts at the next number through the primary
        // key, so batch 1,000 costs what batch 1 does and memory stays bounded.
        let batch: Vec<Entry> = audit_log::table
            .filter(audit_log::seq.ge(expected_seq))
            .order(audit_log::seq)
            .limit(BATCH)
            .select(Entry::as_select())
            .load(conn)
            .await?;
        if batch.is_empty() {
            let head = prev.map_or_else(|| hex::encode(GENESIS), |p| hex::encode(p.hash));
            return Ok(Verification::Intact {
                count: expected_seq - 1,
                head,
            });
        }
        for entry in batch {
            if let Some(broken) = check(&entry, expected_seq, prev.as_ref()) {
                return Ok(broken);
            }
            prev = Some(entry);
            expected_seq += 1;
        }
        progress(expected_seq - 1);
    }
}

fn check(entry: &Entry, expected_seq: i64, prev: Option<&Entry>) -> Option<Verification> {
    let broken = |seq, reason: String| Some(Verification::Broken { seq, reason });
    if entry.seq != expected_seq {
        return broken(
            expected_seq,
            format!(
                "entry {expected_seq} is missing (the next entry is {})",
                entry.seq
            ),
        );
    }
    let prev_hash = prev.map_or(&GENESIS[..], |p| &p.hash[..]);
    if entry.prev_hash != prev_hash {
        return broken(
            entry.seq,
            format!(
                "entry {} does not link to entry {}: its previous hash is not that entry's hash",
                entry.seq,
                entry.seq - 1
            ),
        );
    }
    if entry_hash(entry)[..] != entry.hash[..] {
        return broken(
            entry.seq,
            format!(
                "entry {} ({} {} at {}) was changed after it was written: its content does not match its hash",
                entry.seq,
                entry.actor,
                entry.action,
                entry.at.format("%Y-%m-%d %H:%M:%S UTC")
            ),
        );
    }
    if let Some(prev) = prev.filter(|p| entry.at < p.at) {
        // The database refuses such an entry; one that is there was written around it.
        return broken(
            entry.seq,
            format!(
                "entry {} is dated before entry {}: the database keeps times in chain order",
                entry.seq, prev.seq
            ),
        );
    }
    None
}
