//! The moments a member's password is in hand, which are the only moments their key pair
//! can be opened or re-wrapped: signing in and changing the password.

use actix_web::web;
use diesel_async::AsyncPgConnection;

use super::accounts::{self, Credentials};
use super::keys::{self, StoredKeyPair};
use super::model::Role;
use super::session::StaffKey;
use crate::audit::{self, Actor};
use crate::config::StaffSettings;
use crate::web::AppError;

async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    web::block(job)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)
}

/// Opens a unit member's private key with the password they just signed in with; makes
/// them a key pair when they have none (their first sign-in, or after a reset). `None`
/// for roles outside a unit, which read no reports.
pub async fn at_sign_in(
    conn: &mut AsyncPgConnection,
    settings: &StaffSettings,
    account: &Credentials,
    password: &str,
) -> Result<Option<StaffKey>, AppError> {
    if !Role::from_code(&account.role).is_some_and(Role::needs_unit) {
        return Ok(None);
    }
    let id = account.id;
    if let Some(stored) = account.key_pair() {
        let (settings, password) = (settings.clone(), password.to_owned());
        let opened = blocking(move || keys::unwrap(&settings, id, &password, &stored)).await?;
        if let Some(secret) = opened {
            return Ok(Some(StaffKey(secret)));
        }
    }
    // No pair, or one the password no longer opens (which only a change made outside
    // Sunshine could cause): a new pair, which the unit must grant access to again.
    let replaced = account.public_key.is_some();
    let (settings, password) = (settings.clone(), password.to_owned());
    let (pair, secret) = blocking(move || keys::generate(&settings, id, &password)).await?;
    accounts::store_key_pair(conn, id, &pair).await?;
    let detail = if replaced {
        "the old key pair did not open: replaced; unit access must be granted again"
    } else {
        "new key pair; unit access is granted by a member or the recovery key"
    };
    let actor = Actor::staff(id, &account.email);
    audit::append(
        conn,
        &actor,
        "staff.key_created",
        &format!("staff:{id}"),
        detail,
    )
    .await?;
    Ok(Some(StaffKey(secret)))
}

/// The member's key pair wrapped under their new password: the key the session holds,
/// or a new pair when they have none yet. `None` for roles outside a unit.
pub async fn for_new_password(
    settings: &StaffSettings,
    role: Role,
    staff_id: i64,
    held: Option<&StaffKey>,
    password: &str,
) -> Result<Option<StoredKeyPair>, AppError> {
    if !role.needs_unit() {
        return Ok(None);
    }
    let (settings, password) = (settings.clone(), password.to_owned());
    let held = held.cloned();
    let pair = blocking(move || match held {
        Some(key) => keys::wrap(&settings, staff_id, &password, &key.0),
        None => keys::generate(&settings, staff_id, &password).map(|(pair, _)| pair),
    })
    .await?;
    Ok(Some(pair))
}
