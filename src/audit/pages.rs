//! The audit log on the admin site, and the chain head on a public page.

use actix_web::web;

/// `/audit` (public chain head) and `/admin/audit` (the log, for administrators).
pub fn routes(_cfg: &mut web::ServiceConfig) {}

/// Routes relative to `/admin`.
pub fn admin_routes(_cfg: &mut web::ServiceConfig) {}
