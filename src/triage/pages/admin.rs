//! Administrators' triage pages: the routing rules (`/admin/routing`) and the mail
//! outbox (`/admin/mail`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::see_other;
use crate::config::Settings;
use crate::db::PgPool;
use crate::enterprise::Uscc;
use crate::report::ReportKind;
use crate::staff::{list_units, staff_context, Administrator};
use crate::triage::mail::outbox;
use crate::triage::routing::{self, NewRule};
use crate::web::{AppError, Page, Renderer};

/// The new-rule form, kept as typed when refused.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RuleForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    enterprise: String,
    #[serde(default)]
    keywords: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    note: String,
}

async fn render(
    page: &Page,
    renderer: &Renderer,
    pool: &PgPool,
    admin: &Administrator,
    form: &RuleForm,
    problem: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let rules = routing::rules(&mut conn).await?;
    let units = list_units(&mut conn).await?;
    let mut context = staff_context(admin);
    context.insert("rules", &rules);
    context.insert("units", &units);
    context.insert("kinds", ReportKind::ALL);
    context.insert("form", form);
    context.insert("problem", &problem);
    page.render_with_status(renderer, "triage/routing.html", context, status)
}

pub async fn routing(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    admin: Administrator,
) -> Result<HttpResponse, AppError> {
    let form = RuleForm::default();
    render(&page, &renderer, &pool, &admin, &form, None, StatusCode::OK).await
}

pub async fn add_rule(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    admin: Administrator,
    form: web::Form<RuleForm>,
) -> Result<HttpResponse, AppError> {
    let keywords: Vec<String> = form
        .keywords
        .split([',', '，', '、', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    let kind = Some(form.kind.trim()).filter(|k| !k.is_empty());
    let enterprise = Some(form.enterprise.trim()).filter(|e| !e.is_empty());
    let problem = if !settings.units.iter().any(|u| u.code == form.unit) {
        Some("routing_unit_unknown")
    } else if kind.is_some_and(|k| ReportKind::from_code(k).is_none()) {
        Some("routing_kind_unknown")
    } else if enterprise.is_some_and(|e| Uscc::parse(e).is_err()) {
        Some("routing_enterprise_invalid")
    } else if kind.is_none() && enterprise.is_none() && keywords.is_empty() {
        Some("routing_no_condition")
    } else if form.note.chars().count() > 500 || keywords.iter().any(|k| k.chars().count() > 50) {
        Some("routing_too_long")
    } else {
        None
    };
    if let Some(problem) = problem {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(
            &page,
            &renderer,
            &pool,
            &admin,
            &form,
            Some(problem),
            status,
        )
        .await;
    }
    let rule = NewRule {
        kind: kind.map(str::to_owned),
        enterprise_uscc: enterprise
            .and_then(|e| Uscc::parse(e).ok())
            .map(|u| u.to_string()),
        keywords,
        unit_code: form.unit.clone(),
        note: form.note.trim().to_owned(),
    };
    let mut conn = pool.get().await?;
    match rule.add(&mut conn, &admin.actor()).await {
        Ok(_) => Ok(see_other("/admin/routing")),
        // An enterprise not in the register fails its foreign key.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _,
        )) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let problem = Some("routing_enterprise_unknown");
            render(&page, &renderer, &pool, &admin, &form, problem, status).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn change_rule(
    pool: web::Data<PgPool>,
    admin: Administrator,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    let mut conn = pool.get().await?;
    let actor = admin.actor();
    match action.as_str() {
        "enable" => routing::set_active(&mut conn, &actor, id, true).await?,
        "disable" => routing::set_active(&mut conn, &actor, id, false).await?,
        "up" => routing::move_rule(&mut conn, &actor, id, true).await?,
        "down" => routing::move_rule(&mut conn, &actor, id, false).await?,
        _ => return Err(AppError::NotFound),
    }
    Ok(see_other("/admin/routing"))
}

pub async fn mail(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    admin: Administrator,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let state = outbox::state(&mut conn).await?;
    let mut context = staff_context(&admin);
    context.insert("outbox", &state);
    context.insert("mail_enabled", &settings.mail.enabled);
    page.render(&renderer, "triage/mail.html", context)
}
