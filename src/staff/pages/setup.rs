//! `/admin/setup/{token}`: a new (or reset) account's owner chooses a password through the
//! one-time link the administrator passed on.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{form_token, render_status, see_other, with_cookie};
use crate::config::StaffSettings;
use crate::db::PgPool;
use crate::staff::session::SessionPolicy;
use crate::staff::{accounts, password};
use crate::web::{AppError, Page, Renderer};

pub async fn form(
    page: Page,
    req: actix_web::HttpRequest,
    policy: web::Data<SessionPolicy>,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<StaffSettings>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let member = accounts::by_setup_token(&mut conn, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut context = Context::new();
    context.insert("account", &member);
    context.insert("min_length", &settings.password_min_length);
    let (csrf, cookie) = form_token(&req, &policy);
    context.insert("csrf", &csrf);
    with_cookie(page.render(&renderer, "admin/setup.html", context)?, cookie)
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn submit(
    page: Page,
    req: actix_web::HttpRequest,
    policy: web::Data<SessionPolicy>,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<StaffSettings>,
    token: web::Path<String>,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let member = accounts::by_setup_token(&mut conn, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Err(problem) =
        password::check_policy(&settings, &member.email, &form.password, &form.confirmation)
    {
        let mut context = Context::new();
        context.insert("account", &member);
        context.insert("min_length", &settings.password_min_length);
        context.insert("csrf", &form_token(&req, &policy).0);
        context.insert("problem", problem.message_id());
        return render_status(
            &page,
            &renderer,
            "admin/setup.html",
            context,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let settings = settings.into_inner();
    let chosen = form.into_inner().password;
    let hash = web::block(move || password::hash(&settings, &chosen))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)?;
    accounts::set_password_by_link(&mut conn, &token, &hash)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other("/admin/login?done=password"))
}
