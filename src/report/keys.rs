//! The keys reports are sealed to: the administrators' offline recovery key and one X25519
//! key pair per unit (docs/security.md, "Reports at rest").
//!
//! `sunshine keys init` makes the recovery key pair, stores its public half and prints the
//! private half once, for the administrators to keep offline (on paper, in a safe). Every
//! unit then gets a key pair whose private half is stored only sealed to the recovery key;
//! the server itself never holds a private key, so a copy of the database and the
//! configuration opens nothing. Until that is done, the report form says reports are not
//! open yet.

use std::fmt;

use crypto_box::aead::OsRng;
use crypto_box::{PublicKey, SecretKey};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use zeroize::Zeroizing;

use crate::audit::{self, Actor};
use crate::db::schema::{report_keyring, unit_keys, units};

/// How a recovery key is written down: recognisable, and hard to mistake for anything else.
const RECOVERY_PREFIX: &str = "SUNSHINE-RECOVERY-";

/// The administrators' offline recovery key (its private half).
pub struct RecoveryKey(SecretKey);

impl RecoveryKey {
    /// Reads a recovery key as printed by `sunshine keys init` (spaces and case forgiven).
    pub fn parse(text: &str) -> Option<RecoveryKey> {
        let compact: String = text
            .split_whitespace()
            .collect::<String>()
            .to_ascii_uppercase();
        let hex_part = compact.strip_prefix(RECOVERY_PREFIX)?;
        let bytes = Zeroizing::new(hex::decode(hex_part).ok()?);
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(RecoveryKey(SecretKey::from(array)))
    }

    /// The text to write down.
    pub fn to_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{RECOVERY_PREFIX}{}",
            hex::encode_upper(self.0.to_bytes())
        ))
    }

    /// Opens a unit's private key sealed to this recovery key.
    pub fn open_unit_key(&self, sealed: &[u8]) -> Option<SecretKey> {
        let bytes = Zeroizing::new(self.0.unseal(sealed).ok()?);
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(SecretKey::from(array))
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

/// The install's receipt salt, and whether reports are open (a recovery key exists).
pub struct Keyring {
    /// Argon2id salt for receipt codes.
    pub receipt_salt: Vec<u8>,
    /// Whether `sunshine keys init` has been run.
    pub has_recovery_key: bool,
}

/// Reads the keyring row (written by the migration).
pub async fn keyring(conn: &mut AsyncPgConnection) -> QueryResult<Keyring> {
    let (receipt_salt, recovery): (Vec<u8>, Option<Vec<u8>>) = report_keyring::table
        .select((
            report_keyring::receipt_salt,
            report_keyring::recovery_public_key,
        ))
        .first(conn)
        .await?;
    Ok(Keyring {
        receipt_salt,
        has_recovery_key: recovery.is_some(),
    })
}

/// Makes the recovery key and every unit's key pair. `None` when a recovery key exists
/// already: replacing it would need the old one (not built yet).
pub async fn init_recovery(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
) -> QueryResult<Option<RecoveryKey>> {
    conn.transaction(async |conn| {
        let secret = SecretKey::generate(&mut OsRng);
        let public = secret.public_key();
        let set = diesel::update(
            report_keyring::table.filter(report_keyring::recovery_public_key.is_null()),
        )
        .set((
            report_keyring::recovery_public_key.eq(public.as_bytes().to_vec()),
            report_keyring::recovery_created_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
        if set == 0 {
            return Ok(None);
        }
        let detail = "recovery key created; its private half was printed, not stored";
        audit::append(conn, actor, "keys.initialised", "", detail).await?;
        ensure_unit_keys(conn, actor).await?;
        Ok(Some(RecoveryKey(secret)))
    })
    .await
}

/// Gives every unit without a current key pair a new one, sealed to the recovery key.
/// Does nothing before `sunshine keys init`. Returns how many were made.
pub async fn ensure_unit_keys(conn: &mut AsyncPgConnection, actor: &Actor) -> QueryResult<usize> {
    conn.transaction(async |conn| {
        // Instances starting together take turns, so a unit never gets two key pairs.
        diesel::sql_query("SELECT pg_advisory_xact_lock(7315011)")
            .execute(conn)
            .await?;
        let recovery: Option<Vec<u8>> = report_keyring::table
            .select(report_keyring::recovery_public_key)
            .first(conn)
            .await?;
        let Some(recovery) = recovery.and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok()) else {
            return Ok(0);
        };
        let recovery = PublicKey::from(recovery);
        let without: Vec<String> = units::table
            .filter(diesel::dsl::not(diesel::dsl::exists(
                unit_keys::table
                    .filter(unit_keys::unit_code.eq(units::code))
                    .filter(unit_keys::retired_at.is_null()),
            )))
            .select(units::code)
            .load(conn)
            .await?;
        for unit in &without {
            let secret = SecretKey::generate(&mut OsRng);
            let sealed = recovery
                .seal(&mut OsRng, secret.to_bytes().as_slice())
                .expect("a sealed box takes any 32-byte message");
            diesel::insert_into(unit_keys::table)
                .values((
                    unit_keys::unit_code.eq(unit),
                    unit_keys::public_key.eq(secret.public_key().as_bytes().to_vec()),
                    unit_keys::private_key_for_recovery.eq(sealed),
                ))
                .execute(conn)
                .await?;
            let target = format!("unit:{unit}");
            let detail = "new key pair; private key sealed to the recovery key";
            audit::append(conn, actor, "keys.unit_keys_created", &target, detail).await?;
        }
        Ok(without.len())
    })
    .await
}

/// A unit's current public key and its row id.
pub struct UnitPublicKey {
    /// `unit_keys.id`, stored with each report sealed to it.
    pub id: i64,
    /// The X25519 public key.
    pub key: PublicKey,
}

/// The key reports routed to `unit` are sealed to; `None` before `sunshine keys init`.
pub async fn current_unit_key(
    conn: &mut AsyncPgConnection,
    unit: &str,
) -> QueryResult<Option<UnitPublicKey>> {
    let row: Option<(i64, Vec<u8>)> = unit_keys::table
        .filter(unit_keys::unit_code.eq(unit))
        .filter(unit_keys::retired_at.is_null())
        .select((unit_keys::id, unit_keys::public_key))
        .first(conn)
        .await
        .optional()?;
    Ok(row.and_then(|(id, bytes)| {
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(UnitPublicKey {
            id,
            key: PublicKey::from(array),
        })
    }))
}

/// A unit's private key, opened with the recovery key (for `sunshine keys` and tests).
pub async fn unit_secret_by_recovery(
    conn: &mut AsyncPgConnection,
    recovery: &RecoveryKey,
    unit_key_id: i64,
) -> anyhow::Result<SecretKey> {
    let sealed: Vec<u8> = unit_keys::table
        .find(unit_key_id)
        .select(unit_keys::private_key_for_recovery)
        .first(conn)
        .await?;
    recovery
        .open_unit_key(&sealed)
        .ok_or_else(|| anyhow::anyhow!("this recovery key does not open unit key {unit_key_id}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_recovery_key_reads_back_as_written() {
        let key = RecoveryKey(SecretKey::generate(&mut OsRng));
        let text = key.to_text();
        assert!(text.starts_with(RECOVERY_PREFIX));
        let spaced = format!(" {} {} ", &text[..30], text[30..].to_lowercase());
        let back = RecoveryKey::parse(&spaced).unwrap();
        assert_eq!(back.0.to_bytes(), key.0.to_bytes());
        assert!(RecoveryKey::parse("SUNSHINE-RECOVERY-00").is_none());
        assert!(!format!("{key:?}").contains(&text[20..30]));
    }
}
