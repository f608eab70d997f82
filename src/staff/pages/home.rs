//! `/admin`: where a signed-in member starts, with what their role may do.

use actix_web::{web, HttpResponse};

use super::staff_context;
use crate::db::PgPool;
use crate::staff::accounts;
use crate::staff::extract::SignedIn;
use crate::staff::model::Role;
use crate::web::{AppError, Page, Renderer};

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    signed_in: SignedIn,
) -> Result<HttpResponse, AppError> {
    let mut context = staff_context(&signed_in);
    // Administrators grant unit access from each unit's page.
    if signed_in.staff().role == Role::Administrator {
        let mut conn = pool.get().await?;
        context.insert("units", &accounts::list_units(&mut conn).await?);
    }
    page.render(&renderer, "admin/home.html", context)
}
