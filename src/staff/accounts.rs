//! Every SQL statement on staff accounts and units. Each change is recorded in the audit
//! log inside the same transaction, so an account never changes without a record.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::keys::StoredKeyPair;
use super::model::{Role, StaffMember, StaffRow, Unit};
use super::{session, token};
use crate::audit::{self, Actor};
use crate::config::UnitSettings;
use crate::db::schema::{staff, staff_recovery_codes, unit_key_grants, units};

/// What creating an account needs.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Sign-in name; stored lowercase.
    pub email: String,
    /// The name colleagues know them by.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their unit, for triagers and investigators.
    pub unit: Option<String>,
}

/// Why an account change was refused (each has a catalog message).
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Another account has this email.
    #[error("an account with this email exists")]
    EmailTaken,
    /// The email is not an address.
    #[error("not an email address")]
    BadEmail,
    /// Triagers and investigators need a unit; other roles have none.
    #[error("the role and the unit do not fit")]
    UnitMismatch,
    /// The unit is not configured (or no longer active).
    #[error("unknown unit")]
    UnknownUnit,
    /// An administrator cannot disable or demote themselves (someone must be left).
    #[error("you cannot do this to your own account")]
    OwnAccount,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl AccountError {
    /// The catalog message that explains it to the person who asked.
    pub fn message_id(&self) -> &'static str {
        match self {
            AccountError::EmailTaken => "account_email_taken",
            AccountError::BadEmail => "account_bad_email",
            AccountError::UnitMismatch => "account_unit_mismatch",
            AccountError::UnknownUnit => "account_unknown_unit",
            AccountError::OwnAccount => "account_own",
            AccountError::Database(_) => "account_failed",
        }
    }
}

/// A normalised email, if it looks like one.
pub fn normal_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (name, domain) = email.split_once('@')?;
    let fits = !name.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.matches('@').count() == 1;
    fits.then_some(email)
}

/// A one-time setup link's token and when it stops working.
#[derive(Debug, Clone)]
pub struct SetupLink {
    /// Goes in `/admin/setup/{token}`; stored only as a digest.
    pub token: String,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
}

impl SetupLink {
    fn new(hours: u32) -> SetupLink {
        SetupLink {
            token: token::new_token(),
            expires_at: Utc::now() + Duration::hours(i64::from(hours)),
        }
    }

    /// The path of the link.
    pub fn path(&self) -> String {
        format!("/admin/setup/{}", self.token)
    }
}

async fn check_unit(
    conn: &mut AsyncPgConnection,
    role: Role,
    unit: Option<&str>,
) -> Result<(), AccountError> {
    match (role.needs_unit(), unit) {
        (true, Some(code)) => {
            let active: Option<bool> = units::table
                .find(code)
                .select(units::active)
                .first(conn)
                .await
                .optional()?;
            match active {
                Some(true) => Ok(()),
                _ => Err(AccountError::UnknownUnit),
            }
        }
        (false, None) => Ok(()),
        _ => Err(AccountError::UnitMismatch),
    }
}

/// Creates an account without a password; the returned link lets its owner choose one.
pub async fn create(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    account: &NewAccount,
    link_hours: u32,
) -> Result<(StaffMember, SetupLink), AccountError> {
    let email = normal_email(&account.email).ok_or(AccountError::BadEmail)?;
    let link = SetupLink::new(link_hours);
    conn.transaction(async |conn| {
        check_unit(conn, account.role, account.unit.as_deref()).await?;
        let row: StaffRow = diesel::insert_into(staff::table)
            .values((
                staff::email.eq(&email),
                staff::display_name.eq(account.display_name.trim()),
                staff::role.eq(account.role.code()),
                staff::unit_code.eq(account.unit.as_deref()),
                staff::setup_token_hash.eq(token::digest(&link.token)),
                staff::setup_expires_at.eq(link.expires_at),
            ))
            .on_conflict_do_nothing()
            .returning(StaffRow::as_returning())
            .get_result(conn)
            .await
            .optional()?
            .ok_or(AccountError::EmailTaken)?;
        let member = StaffMember::try_from(row)?;
        let unit = member.unit.as_deref().unwrap_or("-");
        audit::append(
            conn,
            actor,
            "staff.created",
            &format!("staff:{}", member.id),
            &format!("{} role={} unit={unit}", member.email, member.role.code()),
        )
        .await?;
        Ok((member, link))
    })
    .await
}

/// Every account, administrators first, then by email.
pub async fn list(conn: &mut AsyncPgConnection) -> QueryResult<Vec<StaffMember>> {
    let rows: Vec<StaffRow> = staff::table
        .select(StaffRow::as_select())
        .order((staff::disabled_at.is_not_null(), staff::role, staff::email))
        .load(conn)
        .await?;
    rows.into_iter().map(StaffMember::try_from).collect()
}

/// One account.
pub async fn get(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<StaffMember> {
    staff::table
        .find(id)
        .select(StaffRow::as_select())
        .first::<StaffRow>(conn)
        .await?
        .try_into()
}

/// What signing in needs to know of an account.
#[derive(Debug, Clone, Queryable)]
pub struct Credentials {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub totp_secret: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    pub disabled: bool,
    pub public_key: Option<Vec<u8>>,
    pub private_key_sealed: Option<Vec<u8>>,
    pub key_salt: Option<Vec<u8>>,
}

impl Credentials {
    /// The member's stored key pair, if they have one.
    pub fn key_pair(&self) -> Option<StoredKeyPair> {
        Some(StoredKeyPair {
            public_key: self.public_key.clone()?,
            private_key_sealed: self.private_key_sealed.clone()?,
            key_salt: self.key_salt.clone()?,
        })
    }
}

/// The columns of [`Credentials`], in its order.
#[allow(clippy::type_complexity)]
fn credential_columns() -> (
    staff::id,
    staff::email,
    staff::role,
    staff::password_hash,
    staff::totp_secret,
    staff::totp_last_step,
    diesel::dsl::IsNotNull<staff::disabled_at>,
    staff::public_key,
    staff::private_key_sealed,
    staff::key_salt,
) {
    (
        staff::id,
        staff::email,
        staff::role,
        staff::password_hash,
        staff::totp_secret,
        staff::totp_last_step,
        staff::disabled_at.is_not_null(),
        staff::public_key,
        staff::private_key_sealed,
        staff::key_salt,
    )
}

/// Stores a member's key pair. A new pair (not a re-wrapping of the old one) makes their
/// unit access grants worthless: they are deleted, and the unit must grant access again.
pub async fn store_key_pair(
    conn: &mut AsyncPgConnection,
    id: i64,
    pair: &StoredKeyPair,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        let previous: Option<Vec<u8>> = staff::table
            .find(id)
            .select(staff::public_key)
            .for_update()
            .first(conn)
            .await?;
        if previous.as_deref() != Some(pair.public_key.as_slice()) {
            diesel::delete(unit_key_grants::table.filter(unit_key_grants::staff_id.eq(id)))
                .execute(conn)
                .await?;
        }
        diesel::update(staff::table.find(id))
            .set((
                staff::public_key.eq(&pair.public_key),
                staff::private_key_sealed.eq(&pair.private_key_sealed),
                staff::key_salt.eq(&pair.key_salt),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await
}

/// The credentials of the account with this email, if there is one.
pub async fn credentials(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> QueryResult<Option<Credentials>> {
    staff::table
        .filter(staff::email.eq(email.trim().to_lowercase()))
        .select(credential_columns())
        .first(conn)
        .await
        .optional()
}

/// The credentials of an account by id.
pub async fn credentials_of(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Credentials> {
    staff::table
        .find(id)
        .select(credential_columns())
        .first(conn)
        .await
}

/// The account a live setup link belongs to.
pub async fn by_setup_token(
    conn: &mut AsyncPgConnection,
    setup_token: &str,
) -> QueryResult<Option<StaffMember>> {
    let row: Option<StaffRow> = staff::table
        .filter(staff::setup_token_hash.eq(token::digest(setup_token)))
        .filter(staff::setup_expires_at.gt(Utc::now()))
        .filter(staff::disabled_at.is_null())
        .select(StaffRow::as_select())
        .first(conn)
        .await
        .optional()?;
    row.map(StaffMember::try_from).transpose()
}

/// Sets the password through a setup link, which then stops working. `false` when the
/// link is no longer live.
pub async fn set_password_by_link(
    conn: &mut AsyncPgConnection,
    setup_token: &str,
    password_hash: &str,
) -> QueryResult<Option<StaffMember>> {
    conn.transaction(async |conn| {
        let row: Option<StaffRow> = diesel::update(
            staff::table
                .filter(staff::setup_token_hash.eq(token::digest(setup_token)))
                .filter(staff::setup_expires_at.gt(Utc::now()))
                .filter(staff::disabled_at.is_null()),
        )
        .set((
            staff::password_hash.eq(password_hash),
            staff::setup_token_hash.eq(None::<Vec<u8>>),
            staff::setup_expires_at.eq(None::<DateTime<Utc>>),
        ))
        .returning(StaffRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
        let Some(row) = row else { return Ok(None) };
        let member = StaffMember::try_from(row)?;
        audit::append(
            conn,
            &Actor::staff(member.id, &member.email),
            "staff.password_set",
            &format!("staff:{}", member.id),
            "through a one-time setup link",
        )
        .await?;
        Ok(Some(member))
    })
    .await
}

/// Changes a signed-in member's own password and ends their other sessions.
pub async fn change_password(
    conn: &mut AsyncPgConnection,
    member: &StaffMember,
    password_hash: &str,
    key_pair: Option<&StoredKeyPair>,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        diesel::update(staff::table.find(member.id))
            .set(staff::password_hash.eq(password_hash))
            .execute(conn)
            .await?;
        if let Some(pair) = key_pair {
            store_key_pair(conn, member.id, pair).await?;
        }
        audit::append(
            conn,
            &Actor::staff(member.id, &member.email),
            "staff.password_changed",
            &format!("staff:{}", member.id),
            "",
        )
        .await?;
        Ok(())
    })
    .await
}

/// Disables or re-enables an account. Disabling ends its sessions; nothing is deleted.
pub async fn set_disabled(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: i64,
    disabled: bool,
) -> Result<StaffMember, AccountError> {
    if actor.id == Some(id) {
        return Err(AccountError::OwnAccount);
    }
    conn.transaction(async |conn| {
        let when = disabled.then(Utc::now);
        let row: StaffRow = diesel::update(staff::table.find(id))
            .set(staff::disabled_at.eq(when))
            .returning(StaffRow::as_returning())
            .get_result(conn)
            .await?;
        if disabled {
            session::end_all(conn, id).await?;
        }
        let action = if disabled {
            "staff.disabled"
        } else {
            "staff.enabled"
        };
        audit::append(conn, actor, action, &format!("staff:{id}"), &row.email).await?;
        Ok(StaffMember::try_from(row)?)
    })
    .await
}

/// Changes an account's role (and unit).
pub async fn change_role(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: i64,
    role: Role,
    unit: Option<String>,
) -> Result<StaffMember, AccountError> {
    if actor.id == Some(id) {
        return Err(AccountError::OwnAccount);
    }
    conn.transaction(async |conn| {
        check_unit(conn, role, unit.as_deref()).await?;
        let previous_unit: Option<String> = staff::table
            .find(id)
            .select(staff::unit_code)
            .first(conn)
            .await?;
        let row: StaffRow = diesel::update(staff::table.find(id))
            .set((staff::role.eq(role.code()), staff::unit_code.eq(&unit)))
            .returning(StaffRow::as_returning())
            .get_result(conn)
            .await?;
        // What they may see changed: make them sign in again under the new role, and
        // take back the keys of the unit they were in.
        session::end_all(conn, id).await?;
        if row.unit_code != previous_unit {
            diesel::delete(unit_key_grants::table.filter(unit_key_grants::staff_id.eq(id)))
                .execute(conn)
                .await?;
        }
        audit::append(
            conn,
            actor,
            "staff.role_changed",
            &format!("staff:{id}"),
            &format!(
                "{} role={} unit={}",
                row.email,
                role.code(),
                unit.as_deref().unwrap_or("-")
            ),
        )
        .await?;
        Ok(StaffMember::try_from(row)?)
    })
    .await
}

/// Resets an account: password, authenticator and recovery codes are cleared, sessions
/// end, and a new one-time setup link is returned for its owner.
pub async fn reset(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: i64,
    link_hours: u32,
) -> Result<(StaffMember, SetupLink), AccountError> {
    let link = SetupLink::new(link_hours);
    conn.transaction(async |conn| {
        let row: StaffRow = diesel::update(staff::table.find(id))
            .set((
                staff::password_hash.eq(None::<String>),
                staff::totp_secret.eq(None::<Vec<u8>>),
                staff::totp_enrolled_at.eq(None::<DateTime<Utc>>),
                staff::totp_pending_secret.eq(None::<Vec<u8>>),
                staff::setup_token_hash.eq(token::digest(&link.token)),
                staff::setup_expires_at.eq(link.expires_at),
                // The key pair was wrapped under the old password: it is gone with it,
                // and with it the unit access it held (docs/security.md, "Lost password").
                staff::public_key.eq(None::<Vec<u8>>),
                staff::private_key_sealed.eq(None::<Vec<u8>>),
                staff::key_salt.eq(None::<Vec<u8>>),
            ))
            .returning(StaffRow::as_returning())
            .get_result(conn)
            .await?;
        diesel::delete(staff_recovery_codes::table.filter(staff_recovery_codes::staff_id.eq(id)))
            .execute(conn)
            .await?;
        diesel::delete(unit_key_grants::table.filter(unit_key_grants::staff_id.eq(id)))
            .execute(conn)
            .await?;
        session::end_all(conn, id).await?;
        audit::append(
            conn,
            actor,
            "staff.reset",
            &format!("staff:{id}"),
            &row.email,
        )
        .await?;
        Ok((StaffMember::try_from(row)?, link))
    })
    .await
}

/// Stores a TOTP secret awaiting confirmation (shown to the member as a QR code).
pub async fn begin_enrolment(
    conn: &mut AsyncPgConnection,
    id: i64,
    secret: &[u8],
) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set(staff::totp_pending_secret.eq(secret))
        .execute(conn)
        .await?;
    Ok(())
}

/// The secret shown and not yet confirmed.
pub async fn pending_secret(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Vec<u8>>> {
    staff::table
        .find(id)
        .select(staff::totp_pending_secret)
        .first(conn)
        .await
}

/// Confirms enrolment: the pending secret becomes the secret, the code's step is used up,
/// and the recovery codes (digests) replace any earlier ones. `false` when `secret` is no
/// longer the one pending.
pub async fn confirm_enrolment(
    conn: &mut AsyncPgConnection,
    member: &StaffMember,
    secret: &[u8],
    step: i64,
    recovery_digests: &[Vec<u8>],
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        // Only the secret the code was checked against: another tab may have shown a new
        // one meanwhile, and that one was never confirmed.
        let confirmed = staff::table
            .find(member.id)
            .filter(staff::totp_pending_secret.eq(secret));
        let updated = diesel::update(confirmed)
            .set((
                staff::totp_secret.eq(secret),
                staff::totp_enrolled_at.eq(Utc::now()),
                staff::totp_pending_secret.eq(None::<Vec<u8>>),
                staff::totp_last_step.eq(step),
            ))
            .execute(conn)
            .await?;
        if updated == 0 {
            return Ok(false);
        }
        diesel::delete(
            staff_recovery_codes::table.filter(staff_recovery_codes::staff_id.eq(member.id)),
        )
        .execute(conn)
        .await?;
        let rows: Vec<_> = recovery_digests
            .iter()
            .map(|digest| {
                (
                    staff_recovery_codes::staff_id.eq(member.id),
                    staff_recovery_codes::code_hash.eq(digest),
                )
            })
            .collect();
        diesel::insert_into(staff_recovery_codes::table)
            .values(&rows)
            .execute(conn)
            .await?;
        audit::append(
            conn,
            &Actor::staff(member.id, &member.email),
            "staff.totp_enrolled",
            &format!("staff:{}", member.id),
            &format!("{} recovery codes issued", recovery_digests.len()),
        )
        .await?;
        Ok(true)
    })
    .await
}

/// Uses up a TOTP step, unless a later or equal one was used already (two instances
/// racing on one code both ask; only one wins).
pub async fn use_totp_step(conn: &mut AsyncPgConnection, id: i64, step: i64) -> QueryResult<bool> {
    let updated = diesel::update(
        staff::table.find(id).filter(
            staff::totp_last_step
                .is_null()
                .or(staff::totp_last_step.lt(step)),
        ),
    )
    .set(staff::totp_last_step.eq(step))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Uses up a recovery code; `false` if it is not one of the account's unused codes.
pub async fn use_recovery_code(
    conn: &mut AsyncPgConnection,
    id: i64,
    digest: &[u8],
) -> QueryResult<bool> {
    let updated = diesel::update(
        staff_recovery_codes::table
            .find((id, digest))
            .filter(staff_recovery_codes::used_at.is_null()),
    )
    .set(staff_recovery_codes::used_at.eq(Utc::now()))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Unused recovery codes left.
pub async fn recovery_codes_left(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<i64> {
    staff_recovery_codes::table
        .filter(staff_recovery_codes::staff_id.eq(id))
        .filter(staff_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
        .await
}

/// Writes the configured units: new ones are added, changed names updated, units no longer
/// configured marked inactive (never deleted: reports and entries point at them).
pub async fn sync_units(
    conn: &mut AsyncPgConnection,
    configured: &[UnitSettings],
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        for unit in configured {
            diesel::insert_into(units::table)
                .values((
                    units::code.eq(&unit.code),
                    units::name_zh.eq(&unit.name_zh),
                    units::name_en.eq(&unit.name_en),
                    units::active.eq(true),
                ))
                .on_conflict(units::code)
                .do_update()
                .set((
                    units::name_zh.eq(&unit.name_zh),
                    units::name_en.eq(&unit.name_en),
                    units::active.eq(true),
                ))
                .execute(conn)
                .await?;
        }
        let codes: Vec<&str> = configured.iter().map(|u| u.code.as_str()).collect();
        diesel::update(units::table.filter(units::code.ne_all(codes)))
            .set(units::active.eq(false))
            .execute(conn)
            .await?;
        Ok(())
    })
    .await
}

/// Every unit, active first.
pub async fn list_units(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Unit>> {
    units::table
        .select(Unit::as_select())
        .order((units::active.desc(), units::code))
        .load(conn)
        .await
}

/// A unit's page as one of its members sees it: the unit and its active members. The
/// viewer's own unit is part of the query, so another unit is simply not found.
pub async fn unit_for_member(
    conn: &mut AsyncPgConnection,
    code: &str,
    viewer_unit: Option<&str>,
) -> QueryResult<(Unit, Vec<StaffMember>)> {
    let mut query = units::table.filter(units::code.eq(code)).into_boxed();
    // A unit member sees their own unit only; an administrator (None) every unit.
    if let Some(viewer_unit) = viewer_unit {
        query = query.filter(units::code.eq(viewer_unit.to_owned()));
    }
    let unit: Unit = query.select(Unit::as_select()).first(conn).await?;
    let rows: Vec<StaffRow> = staff::table
        .filter(staff::unit_code.eq(&unit.code))
        .filter(staff::disabled_at.is_null())
        .select(StaffRow::as_select())
        .order((staff::role, staff::display_name))
        .load(conn)
        .await?;
    let members = rows
        .into_iter()
        .map(StaffMember::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((unit, members))
}

/// Whether a member gets new-report mail as a daily digest.
pub async fn mail_digest(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
    staff::table
        .find(id)
        .select(staff::mail_digest)
        .first(conn)
        .await
}

/// Sets a member's mail preference, audited.
pub async fn set_mail_digest(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: i64,
    digest: bool,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        diesel::update(staff::table.find(id))
            .set(staff::mail_digest.eq(digest))
            .execute(conn)
            .await?;
        let detail = if digest {
            "daily digest"
        } else {
            "a letter per notice"
        };
        audit::append(
            conn,
            actor,
            "staff.mail_preference",
            &format!("staff:{id}"),
            detail,
        )
        .await?;
        Ok(())
    })
    .await
}
