//! The audit log on the admin site, and the chain head on a public page.

mod head;
mod log;
mod view;

use actix_web::web;

use crate::web::get_or_head;

/// `/audit`: the chain head and a check of one entry, for anyone.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/audit", get_or_head().to(head::show));
}

/// Routes relative to `/admin`: the log, for administrators.
pub fn admin_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/audit", get_or_head().to(log::show));
}

/// A time as the pages show it: Beijing time, which is what staff and citizens read.
pub fn beijing_time(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(8))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}
