//! Who holds a unit's key (docs/security.md, "Staff keys"): grants of the unit's private
//! key, sealed to each member's own public key, and opening a report's data key with them.
//!
//! A member gets access from a colleague who already has it, or from an administrator
//! with the offline recovery key; the server alone can never grant it, since it never
//! holds a unit's private key outside a request made by someone who can open it.

use crypto_box::aead::OsRng;
use crypto_box::SecretKey;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::audit::{self, Actor};
use crate::db::schema::{staff, unit_key_grants, unit_keys};
use crate::report::keys::RecoveryKey;
use crate::report::sealing::DataKey;
use crate::staff::{staff_public_key, StaffKey};

fn secret_from(bytes: &[u8]) -> Option<SecretKey> {
    let array = Zeroizing::new(<[u8; 32]>::try_from(bytes).ok()?);
    Some(SecretKey::from(*array))
}

/// A unit's private key for `unit_key_id`, opened with the member's own key through their
/// grant; `None` when they have no grant for it (or no key in this session).
pub async fn unit_secret(
    conn: &mut AsyncPgConnection,
    staff_id: i64,
    staff_key: Option<&StaffKey>,
    unit_key_id: i64,
) -> QueryResult<Option<SecretKey>> {
    let Some(staff_key) = staff_key else {
        return Ok(None);
    };
    let sealed: Option<Vec<u8>> = unit_key_grants::table
        .find((unit_key_id, staff_id))
        .select(unit_key_grants::sealed_private_key)
        .first(conn)
        .await
        .optional()?;
    Ok(sealed.and_then(|sealed| {
        let bytes = Zeroizing::new(staff_key.0.unseal(&sealed).ok()?);
        secret_from(&bytes)
    }))
}

/// A report's data key, opened through the member's grant for the key it was sealed to.
pub async fn data_key(
    conn: &mut AsyncPgConnection,
    staff_id: i64,
    staff_key: Option<&StaffKey>,
    unit_key_id: i64,
    sealed_for_unit: &[u8],
) -> QueryResult<Option<DataKey>> {
    let secret = unit_secret(conn, staff_id, staff_key, unit_key_id).await?;
    Ok(secret.and_then(|secret| DataKey::unsealed_by(&secret, sealed_for_unit).ok()))
}

/// A member of a unit, as far as access to its reports goes.
#[derive(Debug, Clone, Serialize)]
pub struct MemberAccess {
    /// Staff id.
    pub id: i64,
    /// Their name.
    pub display_name: String,
    /// Whether they have a key pair (they have signed in since keys existed).
    pub has_key: bool,
    /// Whether they hold the unit's current key.
    pub granted: bool,
}

/// Every active member of `unit` and whether they can read its reports.
pub async fn members(conn: &mut AsyncPgConnection, unit: &str) -> QueryResult<Vec<MemberAccess>> {
    let current = current_key_id(conn, unit).await?;
    let rows: Vec<(i64, String, Option<Vec<u8>>)> = staff::table
        .filter(staff::unit_code.eq(unit))
        .filter(staff::disabled_at.is_null())
        .order(staff::display_name)
        .select((staff::id, staff::display_name, staff::public_key))
        .load(conn)
        .await?;
    let granted: Vec<i64> = match current {
        Some(key_id) => {
            unit_key_grants::table
                .filter(unit_key_grants::unit_key_id.eq(key_id))
                .select(unit_key_grants::staff_id)
                .load(conn)
                .await?
        }
        None => Vec::new(),
    };
    Ok(rows
        .into_iter()
        .map(|(id, display_name, public_key)| MemberAccess {
            id,
            display_name,
            has_key: public_key.is_some(),
            granted: granted.contains(&id),
        })
        .collect())
}

async fn current_key_id(conn: &mut AsyncPgConnection, unit: &str) -> QueryResult<Option<i64>> {
    unit_keys::table
        .filter(unit_keys::unit_code.eq(unit))
        .filter(unit_keys::retired_at.is_null())
        .select(unit_keys::id)
        .first(conn)
        .await
        .optional()
}

/// Where the unit's private keys come from when granting.
pub enum Granter<'a> {
    /// A member who holds access, in their session.
    Member {
        /// Their id.
        id: i64,
        /// Their private key.
        key: &'a StaffKey,
    },
    /// The administrators' offline recovery key.
    Recovery(&'a RecoveryKey),
}

/// Why a grant could not be made.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    /// The granter cannot open the unit's keys themselves.
    #[error("the granter cannot open this unit's keys")]
    NotHeld,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Grants every key of `unit` (current and retired, so old reports stay readable) to the
/// active member `only` (or, from the command line and tests, `None`: every member) who
/// has a key pair and lacks it. Returns how many members gained access.
pub async fn grant_missing(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    unit: &str,
    granter: Granter<'_>,
    only: Option<i64>,
) -> Result<usize, GrantError> {
    conn.transaction(async |conn| {
        let key_rows: Vec<(i64, Vec<u8>)> = unit_keys::table
            .filter(unit_keys::unit_code.eq(unit))
            .select((unit_keys::id, unit_keys::private_key_for_recovery))
            .load(conn)
            .await?;
        let mut secrets = Vec::new();
        for (key_id, for_recovery) in key_rows {
            let secret = match &granter {
                Granter::Member { id, key } => unit_secret(conn, *id, Some(key), key_id).await?,
                Granter::Recovery(recovery) => recovery.open_unit_key(&for_recovery),
            };
            secrets.push((key_id, secret.ok_or(GrantError::NotHeld)?));
        }
        let mut members = staff::table
            .filter(staff::unit_code.eq(unit))
            .filter(staff::disabled_at.is_null())
            .filter(staff::public_key.is_not_null())
            .select((staff::id, staff::public_key))
            .into_boxed();
        if let Some(id) = only {
            members = members.filter(staff::id.eq(id));
        }
        let members: Vec<(i64, Option<Vec<u8>>)> = members.load(conn).await?;
        let granted_by = match &granter {
            Granter::Member { id, .. } => Some(*id),
            Granter::Recovery(_) => None,
        };
        let mut gained = Vec::new();
        for (member_id, public_key) in members {
            let Some(public_key) = public_key.as_deref().and_then(staff_public_key) else {
                continue;
            };
            let mut added = 0;
            for (key_id, secret) in &secrets {
                let sealed = public_key
                    .seal(&mut OsRng, &secret.to_bytes())
                    .expect("a sealed box takes any 32-byte message");
                added += diesel::insert_into(unit_key_grants::table)
                    .values((
                        unit_key_grants::unit_key_id.eq(key_id),
                        unit_key_grants::staff_id.eq(member_id),
                        unit_key_grants::sealed_private_key.eq(sealed),
                        unit_key_grants::granted_by.eq(granted_by),
                    ))
                    .on_conflict_do_nothing()
                    .execute(conn)
                    .await?;
            }
            if added > 0 {
                gained.push(member_id);
            }
        }
        for member_id in &gained {
            let how = match granter {
                Granter::Member { .. } => "granted by a member of the unit",
                Granter::Recovery(_) => "granted with the recovery key",
            };
            let detail = format!("unit={unit}; {how}");
            let target = format!("staff:{member_id}");
            audit::append(conn, actor, "keys.granted", &target, &detail).await?;
        }
        Ok(gained.len())
    })
    .await
}
