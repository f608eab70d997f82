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

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use super::*;

    /// `n` entries that fit, a minute apart.
    fn chain_of(n: i64) -> Vec<Entry> {
        let start = DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut prev_hash = GENESIS.to_vec();
        (1..=n)
            .map(|seq| {
                let mut entry = Entry {
                    seq,
                    at: start + Duration::minutes(seq),
                    actor_id: None,
                    actor: "cli".into(),
                    action: "staff.created".into(),
                    target: format!("staff:{seq}"),
                    detail: String::new(),
                    nonce: vec![7; 16],
                    prev_hash: prev_hash.clone(),
                    hash: Vec::new(),
                };
                entry.hash = entry_hash(&entry).to_vec();
                prev_hash = entry.hash.clone();
                entry
            })
            .collect()
    }

    fn first_problem(entries: &[Entry]) -> Option<Verification> {
        (0..entries.len()).find_map(|i| {
            let prev = i.checked_sub(1).map(|p| &entries[p]);
            check(&entries[i], i as i64 + 1, prev)
        })
    }

    #[test]
    fn entries_that_fit_pass() {
        assert_eq!(first_problem(&chain_of(4)), None);
    }

    #[test]
    fn an_entry_dated_before_the_one_before_it_is_reported_even_with_its_hash_recomputed() {
        let mut entries = chain_of(4);
        entries[2].at = entries[0].at;
        entries[2].hash = entry_hash(&entries[2]).to_vec();
        entries[3].prev_hash = entries[2].hash.clone();
        entries[3].hash = entry_hash(&entries[3]).to_vec();

        let Some(Verification::Broken { seq, reason }) = first_problem(&entries) else {
            panic!("not reported");
        };
        assert_eq!(seq, 3);
        assert!(reason.contains("dated before entry 2"), "{reason}");
    }

    #[test]
    fn a_broken_link_names_the_entry_that_does_not_link() {
        let mut entries = chain_of(3);
        entries[1].prev_hash[0] ^= 1;

        let Some(Verification::Broken { seq, reason }) = first_problem(&entries) else {
            panic!("not reported");
        };
        assert_eq!(seq, 2);
        assert!(reason.contains("does not link to entry 1"), "{reason}");
    }
}
