//! Staff pages under `/admin`: signing in, the second factor and its enrolment, one's own
//! account, and (for administrators) everyone's accounts.

mod accounts;
mod enrol;
mod home;
mod own;
mod setup;
mod sign_in;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;

use super::extract::SignedIn;
use super::guard::CurrentSession;
use super::session::{SessionPolicy, LOGIN_COOKIE};
use super::token;
use crate::web::{get_or_head, AppError, Page, Renderer};

/// Routes relative to `/admin` (the app mounts them inside the staff scope).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", get_or_head().to(home::show))
        .route("/", get_or_head().to(home::show))
        .route("/login", get_or_head().to(sign_in::form))
        .route("/login", web::post().to(sign_in::submit))
        .route("/login/code", get_or_head().to(sign_in::code_form))
        .route("/login/code", web::post().to(sign_in::code_submit))
        .route("/logout", web::post().to(own::logout))
        .route("/logout/everywhere", web::post().to(own::logout_everywhere))
        .route("/setup/{token}", get_or_head().to(setup::form))
        .route("/setup/{token}", web::post().to(setup::submit))
        .route("/account", get_or_head().to(own::show))
        .route("/account/password", web::post().to(own::change_password))
        .route("/account/mail", web::post().to(own::set_digest))
        .route("/account/totp", get_or_head().to(enrol::form))
        .route("/account/totp", web::post().to(enrol::confirm))
        .route("/staff", get_or_head().to(accounts::list))
        .route("/staff", web::post().to(accounts::create))
        .route("/staff/{id}", get_or_head().to(accounts::show))
        .route(
            "/staff/{id}/{access:disable|enable}",
            web::post().to(accounts::set_access),
        )
        .route("/staff/{id}/reset", web::post().to(accounts::reset))
        .route("/staff/{id}/role", web::post().to(accounts::change_role));
}

/// The context every page of a signed-in member starts from: who they are and the token
/// their forms carry.
pub fn staff_context(signed_in: &SignedIn) -> Context {
    let mut context = Context::new();
    context.insert("me", signed_in.staff());
    context.insert("csrf", signed_in.csrf());
    context
}

/// The CSRF token a form on this page must carry: the session's, or before sign-in a
/// random one double-submitted in the sign-in cookie (returned to be set on the answer).
pub fn form_token(
    req: &actix_web::HttpRequest,
    policy: &SessionPolicy,
) -> (String, Option<actix_web::cookie::Cookie<'static>>) {
    use actix_web::HttpMessage;
    let session = req
        .extensions()
        .get::<CurrentSession>()
        .and_then(|current| current.0.clone());
    if let Some(session) = session {
        return (session.csrf_token.clone(), None);
    }
    let token = req
        .cookie(LOGIN_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32)
        .unwrap_or_else(token::new_token);
    let cookie = policy.cookie(LOGIN_COOKIE, token.clone());
    (token, Some(cookie))
}

/// Sets a cookie [`form_token`] asked for.
pub fn with_cookie(
    mut response: HttpResponse,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> Result<HttpResponse, AppError> {
    if let Some(cookie) = cookie {
        response
            .add_cookie(&cookie)
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(response)
}

/// A 303 to `location` (after a POST, so reloading does not repeat it).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

/// Renders a page with a status other than 200 (a form sent back with its problems).
pub fn render_status(
    page: &Page,
    renderer: &Renderer,
    template: &str,
    context: Context,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    page.render_with_status(renderer, template, context, status)
}
