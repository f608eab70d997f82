//! Enrolling a TOTP authenticator: a QR code drawn on the server (and the secret to type),
//! confirmed with a first code; then ten recovery codes, shown once. A member whose role
//! requires TOTP comes here straight from the password step and can do nothing else first.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{render_status, see_other};
use crate::audit::{self, Actor};
use crate::db::PgPool;
use crate::staff::accounts;
use crate::staff::extract::AnySession;
use crate::staff::session::{self, Session, SessionPolicy, Stage, COOKIE};
use crate::staff::totp;
use crate::web::{AppError, Page, Renderer};

fn allowed(session: &Session) -> bool {
    matches!(session.stage, Stage::Enrol | Stage::SignedIn)
}

/// Shows a new secret (each visit makes a fresh one, replacing any unconfirmed one).
pub async fn form(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    session: AnySession,
) -> Result<HttpResponse, AppError> {
    let session = session.0;
    if !allowed(&session) {
        return Ok(see_other("/admin/login"));
    }
    let secret = totp::new_secret();
    let mut conn = pool.get().await?;
    accounts::begin_enrolment(&mut conn, session.staff.id, &secret).await?;
    enrol_page(&page, &renderer, &session, &secret, false)
}

fn enrol_page(
    page: &Page,
    renderer: &Renderer,
    session: &Session,
    secret: &[u8],
    failed: bool,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("csrf", &session.csrf_token);
    context.insert("me", &session.staff);
    context.insert("required", &(session.stage == Stage::Enrol));
    context.insert(
        "qr_svg",
        &totp::qr_svg(secret, &session.staff.email).unwrap_or_default(),
    );
    context.insert("secret", &totp::secret_for_typing(secret));
    context.insert("failed", &failed);
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(page, renderer, "admin/totp_enrol.html", context, status)
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    code: String,
}

/// Confirms the secret with a code; shows the recovery codes once.
pub async fn confirm(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    policy: web::Data<SessionPolicy>,
    session: AnySession,
    form: web::Form<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let session = session.0;
    if !allowed(&session) {
        return Ok(see_other("/admin/login"));
    }
    let mut conn = pool.get().await?;
    let Some(secret) = accounts::pending_secret(&mut conn, session.staff.id).await? else {
        return Ok(see_other("/admin/account/totp"));
    };
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    let Some(step) = totp::accepted_step(&secret, &form.code, None, now) else {
        return enrol_page(&page, &renderer, &session, &secret, true);
    };
    let codes = totp::new_recovery_codes();
    let digests: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_digest(c)).collect();
    let confirmed =
        accounts::confirm_enrolment(&mut conn, &session.staff, &secret, step, &digests).await?;
    if !confirmed {
        // Another tab showed a newer secret meanwhile: start again from the page.
        return Ok(see_other("/admin/account/totp"));
    }
    let mut context = Context::new();
    context.insert("codes", &codes);
    let mut response = page.render(&renderer, "admin/recovery_codes.html", context)?;
    if session.stage == Stage::Enrol {
        // Enrolment completes the sign-in: a new session id for the full session.
        let member = &session.staff;
        audit::append(
            &mut conn,
            &Actor::staff(member.id, &member.email),
            "staff.login",
            &format!("staff:{}", member.id),
            "password, authenticator enrolled",
        )
        .await?;
        let token = session::advance(&mut conn, &session, Stage::SignedIn).await?;
        response
            .add_cookie(&policy.cookie(COOKIE, token))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(response)
}
