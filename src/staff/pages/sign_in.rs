//! Signing in: email and password, then a TOTP (or recovery) code. Every failure gets the
//! same message, whether the account exists or not, and takes as long; both steps count
//! against the per-account and per-client limits.

use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{form_token, render_status, see_other, with_cookie};
use crate::audit::{self, Actor};
use crate::config::StaffSettings;
use crate::db::PgPool;
use crate::staff::accounts::{self, Credentials};
use crate::staff::extract::AnySession;
use crate::staff::limits::LoginLimits;
use crate::staff::model::Role;
use crate::staff::session::{self, SessionPolicy, Stage, COOKIE, LOGIN_COOKIE};
use crate::staff::{password, totp, unlock};
use crate::web::{AppError, Page, Renderer};

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// The sign-in form. Before there is a session, CSRF is a double-submitted random cookie.
pub async fn form(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    policy: web::Data<SessionPolicy>,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("email", "");
    context.insert("notice", &notice(&req));
    sign_in_page(&page, &req, &renderer, &policy, context, StatusCode::OK)
}

/// A notice after a redirect (`?done=password`), from a fixed list.
fn notice(req: &HttpRequest) -> Option<&'static str> {
    let query = req.query_string();
    ["password", "logout", "expired"]
        .into_iter()
        .find(|done| query.contains(&format!("done={done}")))
}

fn sign_in_page(
    page: &Page,
    req: &HttpRequest,
    renderer: &Renderer,
    policy: &SessionPolicy,
    mut context: Context,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (csrf, cookie) = form_token(req, policy);
    context.insert("csrf", &csrf);
    let response = render_status(page, renderer, "admin/login.html", context, status)?;
    with_cookie(response, cookie)
}

/// The 429 page: how long until the next attempt, in minutes, and `Retry-After`.
fn too_many(page: &Page, renderer: &Renderer, wait: Duration) -> Result<HttpResponse, AppError> {
    let seconds = wait.as_secs().max(1);
    let mut context = Context::new();
    context.insert("minutes", &seconds.div_ceil(60));
    let mut response = render_status(
        page,
        renderer,
        "admin/too_many.html",
        context,
        StatusCode::TOO_MANY_REQUESTS,
    )?;
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    Ok(response)
}

#[allow(clippy::too_many_arguments)]
pub async fn submit(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    policy: web::Data<SessionPolicy>,
    settings: web::Data<StaffSettings>,
    limits: web::Data<LoginLimits>,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim().to_lowercase();
    let _turn = limits.turn(&email).await;
    if let Err(wait) = limits.check(&email, &req) {
        return too_many(&page, &renderer, wait);
    }
    let mut conn = pool.get().await?;
    let credentials = accounts::credentials(&mut conn, &email).await?;
    let accepted = check_password(&settings, credentials.as_ref(), &form.password).await?;
    let account = match credentials {
        Some(account) if accepted => account,
        known => {
            let (actor, target) = match known {
                Some(known) => (
                    Actor::staff(known.id, &known.email),
                    format!("staff:{}", known.id),
                ),
                None => (Actor::anonymous(), String::new()),
            };
            let detail = "wrong email or password";
            audit::append(&mut conn, &actor, "staff.login_failed", &target, detail).await?;
            if let Err(wait) = limits.failed(&email, &req) {
                return too_many(&page, &renderer, wait);
            }
            let mut context = Context::new();
            context.insert("email", &form.email);
            context.insert("failed", &true);
            let status = StatusCode::UNAUTHORIZED;
            return sign_in_page(&page, &req, &renderer, &policy, context, status);
        }
    };
    let role = Role::from_code(&account.role);
    let needs_totp =
        role.is_some_and(|r| settings.totp_required_roles.iter().any(|c| c == r.code()));
    let stage = match (&account.totp_secret, needs_totp) {
        (Some(_), _) => Stage::SecondFactor,
        (None, true) => Stage::Enrol,
        (None, false) => Stage::SignedIn,
    };
    if stage == Stage::SignedIn {
        audit::append(
            &mut conn,
            &Actor::staff(account.id, &account.email),
            "staff.login",
            &format!("staff:{}", account.id),
            "password",
        )
        .await?;
    }
    let staff_key = unlock::at_sign_in(&mut conn, &settings, &account, &form.password).await?;
    let token = session::start(&mut conn, &policy, account.id, stage, staff_key.as_ref()).await?;
    let next = match stage {
        Stage::SecondFactor => "/admin/login/code",
        Stage::Enrol => "/admin/account/totp",
        Stage::SignedIn => "/admin",
    };
    signed_in_response(&policy, token, next)
}

/// Verifies on a blocking thread: Argon2id takes tens of milliseconds of CPU. An unknown,
/// disabled or not yet set-up account is checked against a decoy hash, so it takes as long.
async fn check_password(
    settings: &StaffSettings,
    credentials: Option<&Credentials>,
    password: &str,
) -> Result<bool, AppError> {
    let real = credentials
        .filter(|c| !c.disabled)
        .and_then(|c| c.password_hash.clone());
    let stored = real
        .clone()
        .unwrap_or_else(|| password::decoy(settings).to_owned());
    let password = password.to_owned();
    let matches = web::block(move || password::verify(&stored, &password))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(matches && real.is_some())
}

/// A redirect that sets the new session cookie and drops the sign-in one.
fn signed_in_response(
    policy: &SessionPolicy,
    token: String,
    next: &str,
) -> Result<HttpResponse, AppError> {
    let mut response = see_other(next);
    for cookie in [policy.cookie(COOKIE, token), policy.removal(LOGIN_COOKIE)] {
        response
            .add_cookie(&cookie)
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The second step: a code from the authenticator, or a recovery code.
pub async fn code_form(
    page: Page,
    renderer: web::Data<Renderer>,
    session: AnySession,
) -> Result<HttpResponse, AppError> {
    if session.0.stage != Stage::SecondFactor {
        return Ok(see_other("/admin"));
    }
    let mut context = Context::new();
    context.insert("csrf", &session.0.csrf_token);
    page.render(&renderer, "admin/login_code.html", context)
}

#[allow(clippy::too_many_arguments)]
pub async fn code_submit(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    policy: web::Data<SessionPolicy>,
    limits: web::Data<LoginLimits>,
    session: AnySession,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let session = session.0;
    if session.stage != Stage::SecondFactor {
        return Ok(see_other("/admin"));
    }
    let member = &session.staff;
    let _turn = limits.turn(&member.email).await;
    if let Err(wait) = limits.check(&member.email, &req) {
        return too_many(&page, &renderer, wait);
    }
    let mut conn = pool.get().await?;
    let account = accounts::credentials_of(&mut conn, member.id).await?;
    let actor = Actor::staff(member.id, &member.email);
    let target = format!("staff:{}", member.id);
    let how = match second_factor(&mut conn, &account, &form.code).await? {
        Some(how) => how,
        None => {
            audit::append(
                &mut conn,
                &actor,
                "staff.login_failed",
                &target,
                "wrong code",
            )
            .await?;
            if let Err(wait) = limits.failed(&member.email, &req) {
                // Out of allowance: this half-signed-in session ends too.
                session::end(&mut conn, &session).await?;
                return too_many(&page, &renderer, wait);
            }
            let mut context = Context::new();
            context.insert("csrf", &session.csrf_token);
            context.insert("failed", &true);
            return render_status(
                &page,
                &renderer,
                "admin/login_code.html",
                context,
                StatusCode::UNAUTHORIZED,
            );
        }
    };
    audit::append(&mut conn, &actor, "staff.login", &target, how).await?;
    let token = session::advance(&mut conn, &session, Stage::SignedIn).await?;
    signed_in_response(&policy, token, "/admin")
}

/// Checks a TOTP code (used once) or a recovery code (used up); says which it was.
async fn second_factor(
    conn: &mut diesel_async::AsyncPgConnection,
    account: &Credentials,
    code: &str,
) -> Result<Option<&'static str>, AppError> {
    let Some(secret) = &account.totp_secret else {
        return Ok(None);
    };
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    if let Some(step) = totp::accepted_step(secret, code, account.totp_last_step, now) {
        let fresh = accounts::use_totp_step(conn, account.id, step).await?;
        return Ok(fresh.then_some("password and authenticator code"));
    }
    let digest = totp::recovery_digest(code);
    let used =
        code.trim().len() >= 10 && accounts::use_recovery_code(conn, account.id, &digest).await?;
    Ok(used.then_some("password and recovery code"))
}
