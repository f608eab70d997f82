//! Appending to the chain. Each entry's hash is SHA-256 over a canonical encoding of its
//! number, time, actor, action, target and detail, and the previous entry's hash; the
//! first entry's previous hash is 32 zero bytes. Appends are serialised by a transaction
//! advisory lock, and the database checks that each one extends the head (migration 10).

use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};

use crate::db::schema::audit_log;

/// Key of the advisory lock that serialises appends ("audit" in ASCII).
const APPEND_LOCK: i64 = 0x0061_7564_6974;

/// The previous hash of the first entry.
pub(super) const GENESIS: [u8; 32] = [0; 32];

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The staff member, or `None` for the command line and the system.
    pub id: Option<i64>,
    /// The staff member's email at the time, `cli`, `system` or `anonymous`.
    pub label: String,
}

impl Actor {
    /// An operator at the command line (`sunshine user create`, `sunshine import`).
    pub fn cli() -> Actor {
        Actor {
            id: None,
            label: "cli".to_owned(),
        }
    }

    /// Sunshine itself, at start-up (a new unit's key pair).
    pub fn system() -> Actor {
        Actor {
            id: None,
            label: "system".to_owned(),
        }
    }

    /// Someone not signed in (a failed sign-in to an account that does not exist).
    pub fn anonymous() -> Actor {
        Actor {
            id: None,
            label: "anonymous".to_owned(),
        }
    }

    /// A staff member.
    pub fn staff(id: i64, email: &str) -> Actor {
        Actor {
            id: Some(id),
            label: email.to_owned(),
        }
    }
}

/// One entry as stored.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = audit_log)]
pub struct Entry {
    /// 1, 2, 3, ... without gaps.
    pub seq: i64,
    /// When it happened (microseconds, as PostgreSQL keeps them).
    pub at: DateTime<Utc>,
    /// The staff member, if any.
    pub actor_id: Option<i64>,
    /// Who, as known at the time.
    pub actor: String,
    /// What, e.g. `staff.login` or `draft.approved`.
    pub action: String,
    /// What it was done to, e.g. `staff:3` or `draft:12`.
    pub target: String,
    /// Free text that makes the entry readable on its own (never a reporter's data).
    pub detail: String,
    /// Random bytes hashed with the entry, never shown: the public hashes then confirm no
    /// guess of what an entry says.
    #[serde(skip)]
    pub nonce: Vec<u8>,
    /// The previous entry's hash.
    #[serde(serialize_with = "hex_bytes")]
    pub prev_hash: Vec<u8>,
    /// This entry's hash.
    #[serde(serialize_with = "hex_bytes")]
    pub hash: Vec<u8>,
}

fn hex_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(bytes))
}

/// The chain's current head: how many entries, and the last one's hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainHead {
    /// Entries in the log (the last one's number).
    pub count: i64,
    /// The last entry's hash in hex (64 zeros for an empty log).
    pub hash: String,
    /// When the last entry was appended.
    pub at: Option<DateTime<Utc>>,
}

/// Appends an entry. Call it inside the transaction of the action it records, so that
/// the action and its record commit together or not at all.
pub async fn append(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    action: &str,
    target: &str,
    detail: &str,
) -> QueryResult<Entry> {
    conn.transaction(async |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(APPEND_LOCK)
            .execute(conn)
            .await?;
        let last: Option<(i64, Vec<u8>, DateTime<Utc>)> = audit_log::table
            .select((audit_log::seq, audit_log::hash, audit_log::at))
            .order(audit_log::seq.desc())
            .first(conn)
            .await
            .optional()?;
        // PostgreSQL keeps microseconds; hash exactly what is stored.
        let now = Utc::now().trunc_subsecs(6);
        let (seq, prev_hash, at) = match last {
            // Never before the head, even when this server's clock is behind another's:
            // the database requires times in chain order (migration 10).
            Some((seq, hash, last_at)) => (seq + 1, hash, now.max(last_at)),
            None => (1, GENESIS.to_vec(), now),
        };
        let mut entry = Entry {
            seq,
            at,
            actor_id: actor.id,
            actor: actor.label.clone(),
            action: action.to_owned(),
            target: target.to_owned(),
            detail: detail.to_owned(),
            nonce: crate::staff::random_bytes()[..16].to_vec(),
            prev_hash,
            hash: Vec::new(),
        };
        entry.hash = entry_hash(&entry).to_vec();
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::seq.eq(entry.seq),
                audit_log::at.eq(entry.at),
                audit_log::actor_id.eq(entry.actor_id),
                audit_log::actor.eq(&entry.actor),
                audit_log::action.eq(&entry.action),
                audit_log::target.eq(&entry.target),
                audit_log::detail.eq(&entry.detail),
                audit_log::nonce.eq(&entry.nonce),
                audit_log::prev_hash.eq(&entry.prev_hash),
                audit_log::hash.eq(&entry.hash),
            ))
            .execute(conn)
            .await?;
        Ok(entry)
    })
    .await
}

/// The chain's head as it stands.
pub async fn head(conn: &mut AsyncPgConnection) -> QueryResult<ChainHead> {
    let last: Option<(i64, Vec<u8>, DateTime<Utc>)> = audit_log::table
        .select((audit_log::seq, audit_log::hash, audit_log::at))
        .order(audit_log::seq.desc())
        .first(conn)
        .await
        .optional()?;
    Ok(match last {
        Some((count, hash, at)) => ChainHead {
            count,
            hash: hex::encode(hash),
            at: Some(at),
        },
        None => ChainHead {
            count: 0,
            hash: hex::encode(GENESIS),
            at: None,
        },
    })
}

/// The hash an entry must have: SHA-256 over a versioned, length-prefixed encoding of
/// every field but the hash itself, so no two different entries encode alike.
pub(super) fn entry_hash(entry: &Entry) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"sunshine-audit-v1\n");
    let at = entry.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let actor_id = entry.actor_id.map(|id| id.to_string()).unwrap_or_default();
    let nonce = hex::encode(&entry.nonce);
    for field in [
        entry.seq.to_string().as_str(),
        &at,
        &actor_id,
        &entry.actor,
        &entry.action,
        &entry.target,
        &entry.detail,
        &nonce,
    ] {
        hasher.update(format!("{}:", field.len()).as_bytes());
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(&entry.prev_hash);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            seq: 1,
            at: DateTime::parse_from_rfc3339("2026-12-01T08:00:00.123456Z")
                .unwrap()
                .with_timezone(&Utc),
            actor_id: Some(3),
            actor: "a@example.org".into(),
            action: "staff.login".into(),
            target: "staff:3".into(),
            detail: String::new(),
            nonce: vec![0; 16],
            prev_hash: GENESIS.to_vec(),
            hash: Vec::new(),
        }
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let base = entry_hash(&entry());
        let changes: [fn(&mut Entry); 8] = [
            |e| e.seq = 2,
            |e| e.at += chrono::Duration::microseconds(1),
            |e| e.actor_id = None,
            |e| e.actor.push('x'),
            |e| e.action = "staff.logout".into(),
            |e| e.target = "staff:4".into(),
            |e| e.nonce[0] = 1,
            |e| e.prev_hash[0] = 1,
        ];
        for change in changes {
            let mut changed = entry();
            change(&mut changed);
            assert_ne!(entry_hash(&changed), base);
        }
    }

    #[test]
    fn the_example_of_docs_audit_md_has_the_hash_given_there() {
        let mut example = entry();
        example.detail = "password".into();
        assert_eq!(
            hex::encode(entry_hash(&example)),
            "30309b64a8421cb1bb1157d363c8466f3249d571d23aba74187c86232a73411a"
        );
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let mut a = entry();
        a.target = "ab".into();
        a.detail = "c".into();
        let mut b = entry();
        b.target = "a".into();
        b.detail = "bc".into();
        assert_ne!(entry_hash(&a), entry_hash(&b));
    }
}
