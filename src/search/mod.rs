//! Search over enterprises and the current content of their disclosures (`/search`,
//! `/search.csv`): Chinese-aware tokenizing, the index kept by PostgreSQL triggers
//! (migration 000008), ranked lists with capped facets, highlighted snippets, and the
//! download of every match. Decisions and measurements: docs/search.md.

mod csv;
pub(crate) mod index;
mod pages;
mod plan;
pub mod query;
pub mod results;
pub mod snippet;
pub mod tokens;
mod view;

use actix_web::web;

/// Registers `/search` and `/search.csv`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/search", crate::web::get_or_head().to(pages::search))
        .route("/search.csv", crate::web::get_or_head().to(csv::download));
}
