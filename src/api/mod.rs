//! Open data: the read-only JSON API under `/api/v1/` and its OpenAPI document.
//! See `docs/api.md`. (CSV bulk data and Atom feeds will live here too.)
//!
//! Handlers answer with [`respond::published_json`], so the page cache validates (ETag,
//! 304), compresses and keeps API responses exactly as it does pages. Errors are JSON in
//! one shape ([`error`]); CORS allows reads from any origin ([`cors`]).

mod analysis;
mod audit;
mod cors;
mod disclosures;
mod enterprises;
mod error;
mod openapi;
mod pagination;
mod respond;
mod search;
mod sections;

use actix_web::middleware::from_fn;
use actix_web::web;

pub use error::{error_response, generic_message};
pub use openapi::ApiDoc;

use crate::web::get_or_head;

/// Registers `/api/v1/`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(web::Data::new(openapi::Document::build()))
            .wrap(from_fn(cors::cors))
            .route("/openapi.json", get_or_head().to(openapi::document))
            .route("/enterprises", get_or_head().to(enterprises::list))
            .route("/enterprises/{uscc}", get_or_head().to(enterprises::show))
            .route(
                "/enterprises/{uscc}/disclosures",
                get_or_head().to(disclosures::of_enterprise),
            )
            .route(
                "/enterprises/{uscc}/indicators",
                get_or_head().to(analysis::indicators),
            )
            .route(
                "/enterprises/{uscc}/red-flags",
                get_or_head().to(analysis::red_flags),
            )
            .route("/disclosures/{id}", get_or_head().to(disclosures::show))
            .route(
                "/disclosures/{id}/versions/{number}",
                get_or_head().to(disclosures::version),
            )
            .route("/search", get_or_head().to(search::search))
            .route("/audit/head", get_or_head().to(audit::head))
            .route("/audit/entries/{seq}", get_or_head().to(audit::entry))
            .default_service(web::to(error::no_such_endpoint)),
    );
}
