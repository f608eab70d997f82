//! `/admin/units/{code}`: a unit's members and who can read its reports, and granting
//! access to those who lack it — by a member who holds it, or by an administrator with
//! the recovery key. Members see their own unit only; administrators see every unit.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};

use super::see_other;
use crate::db::PgPool;
use crate::report::RecoveryKey;
use crate::staff::{staff_context, unit_for_member, Role, SignedIn};
use crate::triage::access::{self, GrantError, Granter};
use crate::web::{AppError, Page, Renderer};

#[derive(Debug, Default, serde::Deserialize)]
pub struct UnitQuery {
    #[serde(default)]
    granted: Option<usize>,
    #[serde(default)]
    grant: String,
}

pub async fn unit(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    signed_in: SignedIn,
    code: web::Path<String>,
    query: web::Query<UnitQuery>,
) -> Result<HttpResponse, AppError> {
    let member = signed_in.staff();
    let viewer_unit = match member.role {
        Role::Administrator => None,
        Role::Triager | Role::Investigator => Some(member.unit.as_deref().unwrap_or_default()),
        Role::Publisher => return Err(AppError::Forbidden),
    };
    let mut conn = pool.get().await?;
    let (unit, members) = unit_for_member(&mut conn, &code, viewer_unit).await?;
    let access = access::members(&mut conn, &unit.code).await?;
    let mut context = staff_context(&signed_in);
    context.insert("unit", &unit);
    context.insert("members", &members);
    context.insert("access", &access);
    context.insert("granted", &query.granted);
    context.insert("grant_problem", &query.grant);
    context.insert(
        "i_hold",
        &(signed_in.0.staff_key.is_some() && access.iter().any(|a| a.id == member.id && a.granted)),
    );
    context.insert(
        "waiting",
        &access.iter().filter(|a| a.has_key && !a.granted).count(),
    );
    page.render(&renderer, "admin/unit.html", context)
}

pub async fn grant(
    pool: web::Data<PgPool>,
    signed_in: SignedIn,
    code: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let member = signed_in.staff();
    // One named member at a time: the granter chooses whom, by name.
    let Some(grantee) = form.get("member").and_then(|id| id.parse::<i64>().ok()) else {
        return Ok(see_other(&format!("/admin/units/{code}?grant=pick")));
    };
    let mut conn = pool.get().await?;
    let actor = signed_in.actor();
    let granted = match member.role {
        Role::Administrator => {
            let text = form.get("recovery_key").map_or("", String::as_str);
            let Some(recovery) = RecoveryKey::parse(text) else {
                return Ok(see_other(&format!("/admin/units/{code}?grant=bad_key")));
            };
            let granter = Granter::Recovery(&recovery);
            access::grant_missing(&mut conn, &actor, &code, granter, Some(grantee)).await
        }
        Role::Triager | Role::Investigator => {
            if member.unit.as_deref() != Some(code.as_str()) {
                return Err(AppError::NotFound);
            }
            let Some(key) = &signed_in.0.staff_key else {
                return Ok(see_other(&format!("/admin/units/{code}?grant=no_key")));
            };
            let granter = Granter::Member { id: member.id, key };
            access::grant_missing(&mut conn, &actor, &code, granter, Some(grantee)).await
        }
        Role::Publisher => return Err(AppError::Forbidden),
    };
    let outcome = match granted {
        Ok(n) => format!("granted={n}"),
        Err(GrantError::NotHeld) => "grant=not_held".to_owned(),
        Err(GrantError::Database(e)) => return Err(e.into()),
    };
    Ok(see_other(&format!("/admin/units/{code}?{outcome}")))
}
