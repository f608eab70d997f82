//! What every page shares: errors as pages, templates, languages, security headers,
//! request logs and health probes.

pub mod client;
pub mod csrf;
pub mod error;
pub mod health;
pub mod i18n;
pub mod limits;
pub mod page_cache;
pub mod render;
pub mod request_log;
pub mod security;

pub use error::AppError;
pub use i18n::Lang;
pub use page_cache::{published, PageCache};
pub use render::{Page, Renderer};

/// A route answering GET and HEAD, as every public page must (`curl -I` and link checkers
/// use HEAD; actix does not map it to GET by itself).
pub fn get_or_head() -> actix_web::Route {
    use actix_web::guard;
    actix_web::web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}
