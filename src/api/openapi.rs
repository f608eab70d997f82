//! The OpenAPI 3.1 document, generated from the handlers' annotations and the response
//! types themselves, so it cannot drift from what the API returns (the contract test in
//! `tests/api_contract.rs` checks every response against it).

use actix_web::{web, HttpResponse};
use utoipa::OpenApi;

use super::error::ApiError;
use super::respond::published_json;
use super::{analysis, audit, disclosures, enterprises, search};

/// The document's source: every path of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sunshine (阳光) open data API",
        version = "1",
        description = "Read-only JSON API of the disclosures of state-owned enterprises. \
            Lists use cursor pagination (`cursor`, `limit`, `next_cursor`). Every 200 carries \
            an `ETag` and, where it shows published data, a `Last-Modified`; send them back as \
            `If-None-Match` / `If-Modified-Since` to get 304. Errors are \
            `{\"error\": {\"code\", \"message\"}}`. Amounts are exact decimal strings in \
            the unit given beside them; dates are ISO 8601.",
        license(name = "AGPL-3.0-or-later"),
    ),
    paths(
        enterprises::list,
        enterprises::show,
        disclosures::of_enterprise,
        disclosures::show,
        disclosures::version,
        analysis::indicators,
        analysis::red_flags,
        search::search,
        audit::head,
        audit::entry,
        document,
    ),
    tags(
        (name = "enterprises", description = "The registry of state-owned enterprises"),
        (name = "disclosures", description = "Disclosures with every version, as published"),
        (name = "analysis", description = "Indicators and red flags derived from disclosures"),
        (name = "search", description = "Full-text search, as on /search"),
        (name = "audit", description = "The head of the staff audit log's hash chain, as on /audit"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The document as served, rendered once per worker.
pub struct Document(serde_json::Value);

impl Document {
    /// Renders the document.
    pub fn build() -> Document {
        Document(serde_json::to_value(ApiDoc::openapi()).unwrap_or_default())
    }
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json",
            body = Object, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the validator given"),
    )
)]
pub async fn document(document: web::Data<Document>) -> Result<HttpResponse, ApiError> {
    published_json(&document.0, None)
}
