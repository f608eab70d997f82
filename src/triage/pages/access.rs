//! `POST /admin/units/{code}/grant`: giving unit members who lack it access to the unit's
//! reports — by a member who holds it, or by an administrator with the recovery key.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};

use super::see_other;
use crate::db::PgPool;
use crate::report::RecoveryKey;
use crate::staff::Role;
use crate::staff::SignedIn;
use crate::triage::access::{self, GrantError, Granter};
use crate::web::AppError;

pub async fn grant(
    pool: web::Data<PgPool>,
    signed_in: SignedIn,
    code: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let member = signed_in.staff();
    let mut conn = pool.get().await?;
    let actor = signed_in.actor();
    let granted = match member.role {
        Role::Administrator => {
            let text = form.get("recovery_key").map_or("", String::as_str);
            let Some(recovery) = RecoveryKey::parse(text) else {
                return Ok(see_other(&format!("/admin/units/{code}?grant=bad_key")));
            };
            access::grant_missing(&mut conn, &actor, &code, Granter::Recovery(&recovery)).await
        }
        Role::Triager | Role::Investigator => {
            if member.unit.as_deref() != Some(code.as_str()) {
                return Err(AppError::NotFound);
            }
            let Some(key) = &signed_in.0.staff_key else {
                return Ok(see_other(&format!("/admin/units/{code}?grant=no_key")));
            };
            let granter = Granter::Member { id: member.id, key };
            access::grant_missing(&mut conn, &actor, &code, granter).await
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
