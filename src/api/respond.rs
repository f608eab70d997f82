//! How every successful API response is sent: JSON marked as published data, so the page
//! cache keeps it, validates it (ETag, 304) and compresses it, with `Last-Modified` set
//! to the newest publication the body shows.

use std::borrow::Cow;

use actix_web::http::header::{self, HttpDate};
use actix_web::HttpResponse;
use bigdecimal::BigDecimal;
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use super::error::ApiError;
use crate::web::page_cache::revalidated;
use crate::web::published;

/// A 200 JSON response of published data.
pub fn published_json<T: Serialize>(
    body: &T,
    last_modified: Option<DateTime<Utc>>,
) -> Result<HttpResponse, ApiError> {
    let json = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.into()))?;
    let mut response = HttpResponse::Ok();
    response.content_type("application/json");
    if let Some(at) = last_modified {
        response.insert_header((
            header::LAST_MODIFIED,
            HttpDate::from(std::time::SystemTime::from(at)),
        ));
    }
    Ok(published(response.body(json)))
}

/// A 200 JSON response of data that changes without a publication (the audit chain's
/// head): validated (ETag, 304) like published data, but never kept by the page cache.
pub fn current_json<T: Serialize>(body: &T) -> Result<HttpResponse, ApiError> {
    let json = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(revalidated(
        HttpResponse::Ok()
            .content_type("application/json")
            .body(json),
    ))
}

/// An exact decimal, as a string (`"1234.56"`), never a float.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal(String);

impl From<&BigDecimal> for Decimal {
    fn from(value: &BigDecimal) -> Self {
        Decimal(value.to_plain_string())
    }
}

impl Decimal {
    /// Parses a plain decimal as the page formatters write it (`+1.25`, `-0.40`).
    pub fn from_signed_text(text: &str) -> Option<Decimal> {
        let text = text.strip_prefix('+').unwrap_or(text);
        text.parse::<BigDecimal>().ok().map(|d| Decimal::from(&d))
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl PartialSchema for Decimal {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^-?[0-9]+(\.[0-9]+)?$"))
            .description(Some("An exact decimal number written as a string."))
            .examples(["1234.56"])
            .into()
    }
}

impl ToSchema for Decimal {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Decimal")
    }
}

/// A text in both languages of the portal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Bilingual {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}
