//! Server-side sessions in PostgreSQL, so every instance behind a proxy serves any session.
//!
//! The cookie holds a random 256-bit token; the table holds its SHA-256 only. A session
//! ends after `staff.session_idle_minutes` without a request or `session_absolute_hours`
//! after sign-in; each step of signing in (password, then code) renews the token, so a
//! token seen before sign-in is worthless after it.

use std::sync::Arc;

use actix_web::cookie::{Cookie, SameSite};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::model::{StaffMember, StaffRow};
use super::{keys, token};
use crate::config::StaffSettings;
use crate::db::schema::{staff, staff_sessions};

/// The session cookie's name. Scoped to `/admin`, so public pages never see it.
pub const COOKIE: &str = "sunshine_staff";
/// The sign-in form's CSRF cookie (double submit: there is no session yet).
pub const LOGIN_COOKIE: &str = "sunshine_login";
/// Where staff pages live, and the cookies' path.
pub const ADMIN_PATH: &str = "/admin";

coded_enum! {
    /// How far signing in has gone.
    Stage {
        /// The password was right; a TOTP or recovery code is awaited.
        SecondFactor = "second_factor",
        /// The password was right; the role needs TOTP, which must be enrolled first.
        Enrol = "enrol",
        /// Fully signed in.
        SignedIn = "signed_in",
    }
}

/// A unit member's private key, held for one request after the session opened it.
#[derive(Clone)]
pub struct StaffKey(pub crypto_box::SecretKey);

impl std::fmt::Debug for StaffKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaffKey(..)")
    }
}

/// A live session and whose it is.
#[derive(Debug, Clone)]
pub struct Session {
    /// Digest of the cookie's token.
    pub id_hash: Vec<u8>,
    /// The staff member, as of this request.
    pub staff: StaffMember,
    /// How far signing in has gone.
    pub stage: Stage,
    /// The token every state-changing request must carry.
    pub csrf_token: String,
    /// The member's private key, opened with the cookie (unit members only; `None` when
    /// they have no key pair yet).
    pub staff_key: Option<StaffKey>,
}

/// How long sessions last, and how their cookies are marked.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    idle: Duration,
    absolute: Duration,
    secure: bool,
}

impl SessionPolicy {
    /// From the settings; `secure` when the portal serves HTTPS itself or is reached over
    /// HTTPS through a proxy (`server.public_url`).
    pub fn new(settings: &StaffSettings, secure: bool) -> SessionPolicy {
        SessionPolicy {
            idle: Duration::minutes(i64::from(settings.session_idle_minutes)),
            absolute: Duration::hours(i64::from(settings.session_absolute_hours)),
            secure,
        }
    }

    /// A cookie under `/admin`: HttpOnly, SameSite=Strict, Secure over TLS, no Max-Age
    /// (it ends with the browser; the server ends it sooner).
    pub fn cookie(&self, name: &'static str, value: String) -> Cookie<'static> {
        Cookie::build(name, value)
            .path(ADMIN_PATH)
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .finish()
    }

    /// A cookie that deletes `name`.
    pub fn removal(&self, name: &'static str) -> Cookie<'static> {
        let mut cookie = self.cookie(name, String::new());
        cookie.make_removal();
        cookie
    }
}

/// Starts a session at `stage`, returning the token for the cookie. The member's private
/// key, when given, is kept encrypted under a key only the cookie's token gives. Sessions
/// past their absolute expiry are cleared out first (they are refused anyway; this keeps
/// the table small without a scheduler).
pub async fn start(
    conn: &mut AsyncPgConnection,
    policy: &SessionPolicy,
    staff_id: i64,
    stage: Stage,
    staff_key: Option<&StaffKey>,
) -> QueryResult<String> {
    purge_expired(conn).await?;
    let token = token::new_token();
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::id_hash.eq(token::digest(&token)),
            staff_sessions::staff_id.eq(staff_id),
            staff_sessions::stage.eq(stage.code()),
            staff_sessions::csrf_token.eq(token::new_token()),
            staff_sessions::expires_at.eq(Utc::now() + policy.absolute),
            staff_sessions::sealed_staff_key
                .eq(staff_key.map(|key| keys::seal_for_session(&token, &key.0))),
        ))
        .execute(conn)
        .await?;
    Ok(token)
}

/// Moves a session to a later stage under a new token (the old one stops working), keeping
/// its absolute expiry and its member's key (sealed again for the new token). Returns the
/// new token.
pub async fn advance(
    conn: &mut AsyncPgConnection,
    session: &Session,
    stage: Stage,
) -> QueryResult<String> {
    let token = token::new_token();
    diesel::update(staff_sessions::table.find(&session.id_hash))
        .set((
            staff_sessions::id_hash.eq(token::digest(&token)),
            staff_sessions::stage.eq(stage.code()),
            staff_sessions::csrf_token.eq(token::new_token()),
            staff_sessions::last_seen_at.eq(Utc::now()),
            staff_sessions::sealed_staff_key.eq(session
                .staff_key
                .as_ref()
                .map(|key| keys::seal_for_session(&token, &key.0))),
        ))
        .execute(conn)
        .await?;
    Ok(token)
}

/// The live session a cookie's token names, touched so its idle timeout starts again;
/// `None` when it is unknown, expired, or its account is disabled.
pub async fn load(
    conn: &mut AsyncPgConnection,
    policy: &SessionPolicy,
    token: &str,
) -> QueryResult<Option<Arc<Session>>> {
    let now = Utc::now();
    let id_hash = token::digest(token);
    let touched: Option<(i64, String, String, Option<Vec<u8>>)> = diesel::update(
        staff_sessions::table
            .find(&id_hash)
            .filter(staff_sessions::expires_at.gt(now))
            .filter(staff_sessions::last_seen_at.gt(now - policy.idle)),
    )
    .set(staff_sessions::last_seen_at.eq(now))
    .returning((
        staff_sessions::staff_id,
        staff_sessions::stage,
        staff_sessions::csrf_token,
        staff_sessions::sealed_staff_key,
    ))
    .get_result(conn)
    .await
    .optional()?;
    let Some((staff_id, stage, csrf_token, sealed_key)) = touched else {
        return Ok(None);
    };
    let row: Option<StaffRow> = staff::table
        .find(staff_id)
        .filter(staff::disabled_at.is_null())
        .select(StaffRow::as_select())
        .first(conn)
        .await
        .optional()?;
    let (Some(row), Some(stage)) = (row, Stage::from_code(&stage)) else {
        return Ok(None);
    };
    Ok(Some(Arc::new(Session {
        id_hash,
        staff: row.try_into()?,
        stage,
        csrf_token,
        staff_key: sealed_key
            .and_then(|sealed| keys::open_from_session(token, &sealed))
            .map(StaffKey),
    })))
}

/// Ends one session.
pub async fn end(conn: &mut AsyncPgConnection, session: &Session) -> QueryResult<()> {
    diesel::delete(staff_sessions::table.find(&session.id_hash))
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of its staff member but this one (after a password change).
pub async fn end_others(conn: &mut AsyncPgConnection, session: &Session) -> QueryResult<usize> {
    diesel::delete(
        staff_sessions::table
            .filter(staff_sessions::staff_id.eq(session.staff.id))
            .filter(staff_sessions::id_hash.ne(&session.id_hash)),
    )
    .execute(conn)
    .await
}

/// Ends every session of a staff member ("sign out everywhere", disabling, a reset);
/// returns how many there were.
pub async fn end_all(conn: &mut AsyncPgConnection, staff_id: i64) -> QueryResult<usize> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::staff_id.eq(staff_id)))
        .execute(conn)
        .await
}

/// Deletes sessions past their absolute expiry.
pub async fn purge_expired(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::expires_at.le(Utc::now())))
        .execute(conn)
        .await
}
