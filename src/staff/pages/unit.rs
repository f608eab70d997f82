//! `/admin/units/{code}`: a supervisory unit's page, for its own triagers and
//! investigators only (anyone else's unit is "not found"). The report queue of issue 7
//! grows from here.

use actix_web::{web, HttpResponse};

use super::staff_context;
use crate::db::PgPool;
use crate::staff::accounts;
use crate::staff::extract::UnitStaff;
use crate::web::{AppError, Page, Renderer};

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    member: UnitStaff,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let (unit, members) = accounts::unit_for_member(&mut conn, &code, &member.unit).await?;
    let mut context = staff_context(&member.signed_in);
    context.insert("unit", &unit);
    context.insert("members", &members);
    page.render(&renderer, "admin/unit.html", context)
}
