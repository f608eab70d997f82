//! One's own account: its details, changing the password, signing out here or everywhere.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::{render_status, see_other, staff_context};
use crate::audit::{self, Actor};
use crate::config::StaffSettings;
use crate::db::PgPool;
use crate::staff::extract::{AnySession, SignedIn};
use crate::staff::session::{self, SessionPolicy, COOKIE};
use crate::staff::{accounts, password, unlock};
use crate::web::{AppError, Page, Renderer};

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<StaffSettings>,
    signed_in: SignedIn,
) -> Result<HttpResponse, AppError> {
    account_page(
        &page,
        &renderer,
        &pool,
        &settings,
        &signed_in,
        None,
        StatusCode::OK,
    )
    .await
}

async fn account_page(
    page: &Page,
    renderer: &Renderer,
    pool: &PgPool,
    settings: &StaffSettings,
    signed_in: &SignedIn,
    outcome: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let left = accounts::recovery_codes_left(&mut conn, signed_in.staff().id).await?;
    let digest = accounts::mail_digest(&mut conn, signed_in.staff().id).await?;
    let mut context = staff_context(signed_in);
    context.insert("mail_digest", &digest);
    context.insert("recovery_left", &left);
    context.insert("min_length", &settings.password_min_length);
    context.insert("outcome", &outcome);
    render_status(page, renderer, "admin/account.html", context, status)
}

/// The mail preference form: a checkbox, absent when unticked.
#[derive(Deserialize)]
pub struct DigestForm {
    #[serde(default)]
    digest: Option<String>,
}

/// Chooses between a letter per new report and one daily digest of them.
pub async fn set_digest(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<StaffSettings>,
    signed_in: SignedIn,
    form: web::Form<DigestForm>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let digest = form.digest.is_some();
    accounts::set_mail_digest(&mut conn, &signed_in.actor(), signed_in.staff().id, digest).await?;
    let status = StatusCode::OK;
    let outcome = Some("mail_digest_saved");
    account_page(
        &page, &renderer, &pool, &settings, &signed_in, outcome, status,
    )
    .await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

/// Changes the password: the current one first, then the policy; other sessions end.
pub async fn change_password(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<StaffSettings>,
    signed_in: SignedIn,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let member = signed_in.staff().clone();
    let mut conn = pool.get().await?;
    let stored = accounts::credentials_of(&mut conn, member.id)
        .await?
        .password_hash
        .unwrap_or_default();
    let current = form.current.clone();
    let current_ok = web::block(move || password::verify(&stored, &current))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let problem = if current_ok {
        password::check_policy(&settings, &member.email, &form.password, &form.confirmation)
            .err()
            .map(|p| p.message_id())
    } else {
        Some("password_current_wrong")
    };
    if let Some(problem) = problem {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return account_page(
            &page,
            &renderer,
            &pool,
            &settings,
            &signed_in,
            Some(problem),
            status,
        )
        .await;
    }
    let hashing = settings.clone().into_inner();
    let chosen = form.into_inner().password;
    let key_pair = unlock::for_new_password(
        &settings,
        member.role,
        member.id,
        signed_in.0.staff_key.as_ref(),
        &chosen,
    )
    .await?;
    let hash = web::block(move || password::hash(&hashing, &chosen))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)?;
    accounts::change_password(&mut conn, &member, &hash, key_pair.as_ref()).await?;
    // Every other session ends; this one stays.
    session::end_others(&mut conn, &signed_in.0).await?;
    let status = StatusCode::OK;
    account_page(
        &page,
        &renderer,
        &pool,
        &settings,
        &signed_in,
        Some("password_changed"),
        status,
    )
    .await
}

/// Signs out of this session (at any stage of signing in).
pub async fn logout(
    pool: web::Data<PgPool>,
    policy: web::Data<SessionPolicy>,
    session: AnySession,
) -> Result<HttpResponse, AppError> {
    let session = session.0;
    let mut conn = pool.get().await?;
    session::end(&mut conn, &session).await?;
    let member = &session.staff;
    audit::append(
        &mut conn,
        &Actor::staff(member.id, &member.email),
        "staff.logout",
        &format!("staff:{}", member.id),
        "",
    )
    .await?;
    signed_out(&policy)
}

/// Ends every session of this member, on every device and instance.
pub async fn logout_everywhere(
    pool: web::Data<PgPool>,
    policy: web::Data<SessionPolicy>,
    signed_in: SignedIn,
) -> Result<HttpResponse, AppError> {
    let member = signed_in.staff();
    let mut conn = pool.get().await?;
    let ended = session::end_all(&mut conn, member.id).await?;
    audit::append(
        &mut conn,
        &signed_in.actor(),
        "staff.logout_everywhere",
        &format!("staff:{}", member.id),
        &format!("{ended} session(s) ended"),
    )
    .await?;
    signed_out(&policy)
}

fn signed_out(policy: &SessionPolicy) -> Result<HttpResponse, AppError> {
    let mut response = see_other("/admin/login?done=logout");
    response
        .add_cookie(&policy.removal(COOKIE))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}
