//! `/`: what the portal is for and where to start.

use actix_web::{web, HttpResponse};
use tera::Context;

use crate::db::ReadPool;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::enterprise::{registry_counts, RegistryCounts};
use crate::web::{AppError, Page, Renderer};

/// Registers the home page.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", crate::web::get_or_head().to(home));
}

/// The home page's counts, kept for a minute: counting a national registry on every
/// visit would make the front page the slowest page of the site.
#[derive(Default)]
pub struct CountsCache(Mutex<Option<(Instant, RegistryCounts)>>);

const COUNTS_MAX_AGE: Duration = Duration::from_secs(60);

impl CountsCache {
    async fn get(&self, pool: &ReadPool) -> Result<RegistryCounts, AppError> {
        if let Some((at, counts)) = *self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            if at.elapsed() < COUNTS_MAX_AGE {
                return Ok(counts);
            }
        }
        let mut conn = pool.get().await?;
        let counts = registry_counts(&mut conn).await?;
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), counts));
        Ok(counts)
    }
}

async fn home(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    cache: web::Data<CountsCache>,
) -> Result<HttpResponse, AppError> {
    let counts = cache.get(&pool).await?;
    let mut context = Context::new();
    context.insert("counts", &counts);
    context.insert("has_demo", &(counts.demo_enterprises > 0));
    page.render(&renderer, "home.html", context)
}
