//! Probes for process supervisors and load balancers.

use std::time::Duration;

use actix_web::{web, HttpResponse};

use crate::db::{self, PgPool};

/// `/healthz` and `/readyz`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", crate::web::get_or_head().to(healthz))
        .route("/readyz", crate::web::get_or_head().to(readyz));
}

/// The process is up and answering.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The process can serve pages: the primary database answers. A replica is not checked
/// here: pages fail with 503 while it is down, and its lag is the page cache's concern.
async fn readyz(pool: web::Data<PgPool>) -> HttpResponse {
    match tokio::time::timeout(Duration::from_secs(3), db::ping(&pool)).await {
        Ok(Ok(())) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        outcome => {
            let reason = match outcome {
                Ok(Err(e)) => format!("{e:#}"),
                _ => "timed out".to_owned(),
            };
            tracing::warn!(reason, "not ready");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unreachable")
        }
    }
}
