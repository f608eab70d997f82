//! `/admin/setup/{token}`: a new (or reset) account's owner chooses a password through the
//! one-time link the administrator passed on.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{form_token, render_status, see_other, with_cookie};
use crate::config::StaffSettings;
use crate::db::PgPool;
use crate::staff::model::StaffMember;
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
    let form = SetupPage {
        member: &member,
        settings: &settings,
        problem: None,
    };
    form.render(&page, &req, &policy, &renderer)
}

/// The setup form, with the problem of the password just refused, if any.
struct SetupPage<'a> {
    member: &'a StaffMember,
    settings: &'a StaffSettings,
    problem: Option<&'static str>,
}

impl SetupPage<'_> {
    fn render(
        &self,
        page: &Page,
        req: &actix_web::HttpRequest,
        policy: &SessionPolicy,
        renderer: &Renderer,
    ) -> Result<HttpResponse, AppError> {
        let mut context = Context::new();
        context.insert("account", self.member);
        context.insert("min_length", &self.settings.password_min_length);
        context.insert("problem", &self.problem);
        let (csrf, cookie) = form_token(req, policy);
        context.insert("csrf", &csrf);
        let status = match self.problem {
            Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
            None => StatusCode::OK,
        };
        with_cookie(
            render_status(page, renderer, "admin/setup.html", context, status)?,
            cookie,
        )
    }
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
        let refused = SetupPage {
            member: &member,
            settings: &settings,
            problem: Some(problem.message_id()),
        };
        return refused.render(&page, &req, &policy, &renderer);
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
