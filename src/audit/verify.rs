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
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS.to_vec();
    loop {
        let batch: Vec<Entry> = audit_log::table
            .filter(audit_log::seq.ge(expected_seq))
            .order(audit_log::seq)
            .limit(BATCH)
            .select(Entry::as_select())
            .load(conn)
            .await?;
        if batch.is_empty() {
            return Ok(Verification::Intact {
                count: expected_seq - 1,
                head: hex::encode(&prev_hash),
            });
        }
        for entry in batch {
            if let Some(broken) = check(&entry, expected_seq, &prev_hash) {
                return Ok(broken);
            }
            prev_hash = entry.hash;
            expected_seq += 1;
        }
    }
}

fn check(entry: &Entry, expected_seq: i64, prev_hash: &[u8]) -> Option<Verification> {
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
    None
}
