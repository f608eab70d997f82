//! `/`: what the portal is for and where to start.

use actix_web::{web, HttpResponse};
use tera::Context;

use crate::db::PgPool;
use crate::enterprise::registry_counts;
use crate::web::{AppError, Page, Renderer};

/// Registers the home page.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", crate::web::get_or_head().to(home));
}

async fn home(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let counts = registry_counts(&mut conn).await?;
    let mut context = Context::new();
    context.insert("counts", &counts);
    context.insert("has_demo", &(counts.demo_enterprises > 0));
    page.render(&renderer, "home.html", context)
}
