//! `/admin/recusals`: a unit member declares the enterprises they (or their relatives)
//! are tied to. From then on they are never shown, assigned or able to open those cases,
//! nor those of any enterprise below them; a try is written to the audit log.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use super::see_other;
use crate::audit;
use crate::db::schema::{enterprises, reports, staff_recusals};
use crate::db::PgPool;
use crate::enterprise::Uscc;
use crate::staff::{staff_context, UnitStaff};
use crate::web::{AppError, Page, Renderer};

#[derive(Debug, Serialize, Queryable)]
struct Declared {
    uscc: String,
    name: String,
    reason: String,
    declared_at: chrono::DateTime<chrono::Utc>,
}

/// The declaration form.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RecusalForm {
    #[serde(default)]
    enterprise: String,
    #[serde(default)]
    reason: String,
}

async fn render(
    page: &Page,
    renderer: &Renderer,
    pool: &PgPool,
    staff: &UnitStaff,
    form: &RecusalForm,
    problem: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let declared: Vec<Declared> = staff_recusals::table
        .inner_join(enterprises::table)
        .filter(staff_recusals::staff_id.eq(staff.signed_in.staff().id))
        .order(staff_recusals::declared_at.desc())
        .select((
            staff_recusals::enterprise_uscc,
            enterprises::name_zh,
            staff_recusals::reason,
            staff_recusals::declared_at,
        ))
        .load(&mut conn)
        .await?;
    let mut context = staff_context(&staff.signed_in);
    context.insert("declared", &declared);
    context.insert("form", form);
    context.insert("problem", &problem);
    page.render_with_status(renderer, "triage/recusals.html", context, status)
}

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    staff: UnitStaff,
) -> Result<HttpResponse, AppError> {
    let form = RecusalForm::default();
    render(&page, &renderer, &pool, &staff, &form, None, StatusCode::OK).await
}

pub async fn declare(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    staff: UnitStaff,
    form: web::Form<RecusalForm>,
) -> Result<HttpResponse, AppError> {
    let refuse = |problem| {
        render(
            &page,
            &renderer,
            &pool,
            &staff,
            &form,
            Some(problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return refuse("recusal_reason_missing").await;
    }
    let mut conn = pool.get().await?;
    let typed = form.enterprise.trim();
    let uscc = match Uscc::parse(typed) {
        Ok(uscc) => Some(uscc.to_string()),
        Err(_) => enterprises::table
            .filter(enterprises::name_zh.eq(typed))
            .select(enterprises::uscc)
            .first::<String>(&mut conn)
            .await
            .optional()?,
    };
    let Some(uscc) = uscc else {
        return refuse("recusal_enterprise_unknown").await;
    };
    let known: i64 = enterprises::table
        .find(&uscc)
        .count()
        .get_result(&mut conn)
        .await?;
    if known == 0 {
        return refuse("recusal_enterprise_unknown").await;
    }
    let member = staff.signed_in.staff().clone();
    let actor = staff.signed_in.actor();
    let reason = reason.to_owned();
    conn.transaction(async |conn| {
        diesel::insert_into(staff_recusals::table)
            .values((
                staff_recusals::staff_id.eq(member.id),
                staff_recusals::enterprise_uscc.eq(&uscc),
                staff_recusals::reason.eq(&reason),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        // Cases of theirs now out of bounds go back to the unit's queue.
        let recused = crate::triage::cases::recused_enterprises(conn, member.id).await?;
        let released = diesel::update(
            reports::table
                .filter(reports::assignee_id.eq(member.id))
                .filter(reports::enterprise_uscc.eq_any(&recused)),
        )
        .set(reports::assignee_id.eq(None::<i64>))
        .execute(conn)
        .await?;
        let detail = format!("enterprise {uscc}; {released} assigned cases released");
        let target = format!("staff:{}", member.id);
        audit::append(conn, &actor, "staff.recused", &target, &detail).await?;
        diesel::QueryResult::Ok(())
    })
    .await?;
    Ok(see_other("/admin/recusals"))
}
