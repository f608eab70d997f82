//! Triage pages: the unit's queue and case pages under `/admin/cases`, unit access and
//! recusal, the administrators' routing rules and mail outbox, and the public
//! `/outcomes` and `/stats`.

mod access;
mod act;
mod admin;
mod case;
mod public;
mod queue;
mod recusal;

use actix_web::{web, HttpResponse};

pub use public::StatsCache;

use crate::web::get_or_head;

/// Staff routes, relative to `/admin` (mounted inside the staff scope).
pub fn admin_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/cases", get_or_head().to(queue::show))
        .route("/cases/{reference}", get_or_head().to(case::show))
        .route(
            "/cases/{reference}/files/{id}",
            get_or_head().to(case::file),
        )
        .route("/cases/{reference}/{action}", web::post().to(act::act))
        .route("/units/{code}", get_or_head().to(access::unit))
        .route("/units/{code}/grant", web::post().to(access::grant))
        .route("/recusals", get_or_head().to(recusal::show))
        .route("/recusals", web::post().to(recusal::declare))
        .route("/routing", get_or_head().to(admin::routing))
        .route("/routing", web::post().to(admin::add_rule))
        .route("/routing/{id}/{action}", web::post().to(admin::change_rule))
        .route("/mail", get_or_head().to(admin::mail));
}

/// Public routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/outcomes", get_or_head().to(public::outcomes))
        .route("/outcomes/{id}", get_or_head().to(public::outcome))
        .route("/stats", get_or_head().to(public::stats))
        .route("/stats.csv", get_or_head().to(public::stats_csv));
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}
