//! Administrators manage accounts: create (with a one-time setup link to pass on),
//! disable and enable, reset, change role. Nothing here deletes anything.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{render_status, see_other, staff_context};
use crate::config::{Settings, StaffSettings};
use crate::db::PgPool;
use crate::staff::accounts::{self, AccountError, NewAccount, SetupLink};
use crate::staff::extract::Administrator;
use crate::staff::model::{Role, StaffMember};
use crate::web::{AppError, Page, Renderer};

/// The form's values, sent back as typed when something is wrong.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct AccountForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

impl AccountForm {
    fn role_and_unit(&self) -> Result<(Role, Option<String>), AccountError> {
        let role = Role::from_code(&self.role).ok_or(AccountError::UnitMismatch)?;
        let unit = Some(self.unit.trim().to_owned()).filter(|u| !u.is_empty());
        Ok((role, unit))
    }
}

async fn list_page(
    page: &Page,
    renderer: &Renderer,
    pool: &PgPool,
    admin: &Administrator,
    form: &AccountForm,
    problem: Option<&str>,
    created: Option<(&StaffMember, String)>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let mut context = staff_context(admin);
    context.insert("accounts", &accounts::list(&mut conn).await?);
    context.insert("units", &accounts::list_units(&mut conn).await?);
    context.insert("roles", &Role::ALL);
    context.insert("form", form);
    context.insert("problem", &problem);
    if let Some((member, link)) = created {
        context.insert("created", member);
        context.insert("link", &link);
    }
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(page, renderer, "admin/staff_list.html", context, status)
}

pub async fn list(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    admin: Administrator,
) -> Result<HttpResponse, AppError> {
    let form = AccountForm {
        role: Role::Publisher.code().to_owned(),
        ..AccountForm::default()
    };
    list_page(&page, &renderer, &pool, &admin, &form, None, None).await
}

fn link_url(settings: &Settings, link: &SetupLink) -> String {
    format!("{}{}", settings.public_url(), link.path())
}

pub async fn create(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    admin: Administrator,
    form: web::Form<AccountForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let result = match form.role_and_unit() {
        Ok((role, unit)) => {
            let account = NewAccount {
                email: form.email.clone(),
                display_name: form.display_name.clone(),
                role,
                unit,
            };
            let mut conn = pool.get().await?;
            accounts::create(
                &mut conn,
                &admin.actor(),
                &account,
                settings.staff.setup_link_hours,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok((member, link)) => {
            let url = link_url(&settings, &link);
            let blank = AccountForm {
                role: form.role,
                ..AccountForm::default()
            };
            list_page(
                &page,
                &renderer,
                &pool,
                &admin,
                &blank,
                None,
                Some((&member, url)),
            )
            .await
        }
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(problem) => {
            let problem = Some(problem.message_id());
            list_page(&page, &renderer, &pool, &admin, &form, problem, None).await
        }
    }
}

async fn account_page(
    page: &Page,
    renderer: &Renderer,
    pool: &PgPool,
    admin: &Administrator,
    id: i64,
    context_extra: Context,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let member = accounts::get(&mut conn, id).await?;
    let mut context = staff_context(admin);
    context.insert("account", &member);
    context.insert("units", &accounts::list_units(&mut conn).await?);
    context.insert("roles", &Role::ALL);
    context.extend(context_extra);
    render_status(page, renderer, "admin/staff_show.html", context, status)
}

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    admin: Administrator,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let extra = Context::new();
    account_page(&page, &renderer, &pool, &admin, *id, extra, StatusCode::OK).await
}

async fn after_change(
    page: &Page,
    renderer: &Renderer,
    pool: &PgPool,
    admin: &Administrator,
    id: i64,
    result: Result<StaffMember, AccountError>,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(_) => Ok(see_other(&format!("/admin/staff/{id}"))),
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(problem) => {
            let mut extra = Context::new();
            extra.insert("problem", problem.message_id());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            account_page(page, renderer, pool, admin, id, extra, status).await
        }
    }
}

/// `/staff/{id}/disable` and `/staff/{id}/enable`.
pub async fn set_access(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    admin: Administrator,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, access) = path.into_inner();
    let disabled = access == "disable";
    let mut conn = pool.get().await?;
    let result = accounts::set_disabled(&mut conn, &admin.actor(), id, disabled).await;
    after_change(&page, &renderer, &pool, &admin, id, result).await
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

pub async fn change_role(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    admin: Administrator,
    id: web::Path<i64>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let wanted = AccountForm {
        role: form.role.clone(),
        unit: form.unit.clone(),
        ..AccountForm::default()
    };
    let mut conn = pool.get().await?;
    let result = match wanted.role_and_unit() {
        Ok((role, unit)) => accounts::change_role(&mut conn, &admin.actor(), *id, role, unit).await,
        Err(e) => Err(e),
    };
    after_change(&page, &renderer, &pool, &admin, *id, result).await
}

pub async fn reset(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    staff_settings: web::Data<StaffSettings>,
    admin: Administrator,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let hours = staff_settings.setup_link_hours;
    match accounts::reset(&mut conn, &admin.actor(), *id, hours).await {
        Ok((_, link)) => {
            let mut extra = Context::new();
            extra.insert("link", &link_url(&settings, &link));
            account_page(&page, &renderer, &pool, &admin, *id, extra, StatusCode::OK).await
        }
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(problem) => {
            let mut extra = Context::new();
            extra.insert("problem", problem.message_id());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            account_page(&page, &renderer, &pool, &admin, *id, extra, status).await
        }
    }
}
