//! `/api/v1/audit/head` and `/api/v1/audit/entries/{seq}`: the audit chain's head and the
//! hash of any entry, as on `/audit`, for programs that note heads and check them later.
//! Only numbers and hashes: what the entries say is for the staff pages.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use super::respond::current_json;
use crate::audit;
use crate::db::ReadPool;

/// The chain's head.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditHeadJson {
    /// Entries in the log; the last one's number.
    pub count: i64,
    /// SHA-256 of the last entry, in hex (64 zeros while the log is empty).
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub hash: String,
    /// When the last entry was written; `null` while the log is empty.
    pub last_entry_at: Option<DateTime<Utc>>,
    /// The page that explains how to check a noted head.
    pub html: String,
}

/// One entry's place in the chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryJson {
    /// Its number, from 1.
    pub seq: i64,
    /// Its SHA-256 hash, in hex; it covers every entry before it.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub hash: String,
}

/// The head of the audit log's hash chain.
#[utoipa::path(
    get,
    path = "/api/v1/audit/head",
    tag = "audit",
    responses(
        (status = 200, description = "The number of entries and the last one's hash",
            body = AuditHeadJson, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn head(pool: web::Data<ReadPool>) -> Result<HttpResponse, ApiError> {
    let mut conn = pool.get().await?;
    let head = audit::head(&mut conn).await?;
    current_json(&AuditHeadJson {
        count: head.count,
        hash: head.hash,
        last_entry_at: head.at,
        html: "/audit".to_owned(),
    })
}

/// The hash of one entry: compare it with one noted earlier.
#[utoipa::path(
    get,
    path = "/api/v1/audit/entries/{seq}",
    tag = "audit",
    params(("seq" = i64, Path, description = "Entry number, from 1")),
    responses(
        (status = 200, description = "The entry's hash", body = AuditEntryJson,
            headers(("ETag" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Not an entry number", body = ErrorBody),
        (status = 404, description = "No such entry (yet)", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn entry(
    pool: web::Data<ReadPool>,
    seq: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let seq = seq
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or(ApiError::BadRequest(
            "an entry number is a positive integer.",
        ))?;
    let mut conn = pool.get().await?;
    let hash = audit::hash_of(&mut conn, seq)
        .await?
        .ok_or(ApiError::NotFound("No such entry."))?;
    current_json(&AuditEntryJson {
        seq,
        hash: hex::encode(hash),
    })
}
