//! Disclosures with every version: `/api/v1/enterprises/{uscc}/disclosures`,
//! `/api/v1/disclosures/{id}` and `/api/v1/disclosures/{id}/versions/{number}`.

use std::collections::HashMap;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use utoipa::ToSchema;

use super::enterprises::parse_uscc;
use super::error::{ApiError, ErrorBody};
use super::pagination::{next_href, split_page, PageParams};
use super::respond::published_json;
use super::sections::ContentJson;
use crate::db::ReadPool;
use crate::disclosure::{self, Content, DisclosureRecord, Section, Version, VersionKind};
use crate::enterprise;

/// The period a disclosure covers.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodJson {
    /// Calendar year.
    pub year: i16,
    /// 1-4 for a quarterly disclosure, `null` for the year.
    pub quarter: Option<i16>,
}

/// One published version; never changed once published.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionJson {
    /// 1 for the original, then 2, 3, ...
    pub number: i32,
    /// Original, amendment (a correction) or withdrawal.
    pub kind: VersionKind,
    /// Why it was amended or withdrawn; `null` for the original.
    pub reason: Option<String>,
    /// Where the figures come from.
    pub source: String,
    /// The date the figures describe.
    pub as_of: NaiveDate,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// This version in the API.
    pub href: String,
}

/// The newest figures of a disclosure.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentContent {
    /// The version they come from.
    pub version: i32,
    /// The figures.
    pub content: ContentJson,
}

/// A disclosure: what an enterprise published for one section and period, with every
/// version.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureJson {
    /// Stable id.
    pub id: i64,
    /// The enterprise that published it.
    pub enterprise_uscc: String,
    /// What it is about.
    pub section: Section,
    /// The period covered.
    pub period: PeriodJson,
    /// Whether any version corrects an earlier one.
    pub amended: bool,
    /// Whether the newest version withdraws it (earlier versions stay public).
    pub withdrawn: bool,
    /// Every version, oldest first.
    pub versions: Vec<VersionJson>,
    /// The newest version that carries figures, with them; for a withdrawn disclosure these
    /// are the figures that were withdrawn.
    pub current: Option<CurrentContent>,
    /// This disclosure in the API.
    pub href: String,
    /// Its public page.
    pub html: String,
}

/// One page of an enterprise's disclosures.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosurePage {
    /// Disclosures ordered by id.
    pub items: Vec<DisclosureJson>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The next page's URL; `null` on the last page.
    pub next: Option<String>,
}

/// A source document published with a version.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentJson {
    /// File name.
    pub file_name: String,
    /// Size in bytes.
    pub byte_size: i32,
    /// SHA-256, lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    /// Download URL.
    pub href: String,
}

/// One version of a disclosure with its figures and documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDetail {
    /// The disclosure's id.
    pub disclosure_id: i64,
    /// The enterprise that published it.
    pub enterprise_uscc: String,
    /// What it is about.
    pub section: Section,
    /// The period covered.
    pub period: PeriodJson,
    /// The version.
    pub version: VersionJson,
    /// Whether a newer version carries other figures.
    pub superseded: bool,
    /// Its figures; `null` for a withdrawal.
    pub content: Option<ContentJson>,
    /// Source documents published with it.
    pub documents: Vec<DocumentJson>,
}

fn version_json(disclosure_id: i64, v: &Version) -> VersionJson {
    VersionJson {
        number: v.number,
        kind: v.kind,
        reason: v.reason.clone(),
        source: v.source.clone(),
        as_of: v.as_of,
        published_at: v.published_at,
        href: format!("/api/v1/disclosures/{disclosure_id}/versions/{}", v.number),
    }
}

fn disclosure_json(record: &DisclosureRecord, contents: &HashMap<i64, Content>) -> DisclosureJson {
    let d = &record.disclosure;
    let current = record.latest_content_version().and_then(|v| {
        Some(CurrentContent {
            version: v.number,
            content: contents.get(&v.id)?.into(),
        })
    });
    DisclosureJson {
        id: d.id,
        enterprise_uscc: d.enterprise_uscc.to_string(),
        section: d.section,
        period: PeriodJson {
            year: d.period.year,
            quarter: d.period.quarter,
        },
        amended: record.is_amended(),
        withdrawn: record.is_withdrawn(),
        versions: record
            .versions
            .iter()
            .map(|v| version_json(d.id, v))
            .collect(),
        current,
        href: format!("/api/v1/disclosures/{}", d.id),
        html: format!("/disclosures/{}", d.id),
    }
}

/// The current content of each record, one query per section present.
async fn current_contents(
    conn: &mut AsyncPgConnection,
    records: &[DisclosureRecord],
) -> Result<HashMap<i64, Content>, ApiError> {
    let mut by_section: HashMap<Section, Vec<i64>> = HashMap::new();
    for record in records {
        if let Some(v) = record.latest_content_version() {
            by_section
                .entry(record.disclosure.section)
                .or_default()
                .push(v.id);
        }
    }
    let mut out = HashMap::new();
    for (section, ids) in by_section {
        out.extend(disclosure::contents(conn, section, &ids).await?);
    }
    Ok(out)
}

fn last_published<'a>(
    records: impl IntoIterator<Item = &'a DisclosureRecord>,
) -> Option<DateTime<Utc>> {
    records
        .into_iter()
        .flat_map(|r| r.versions.iter().map(|v| v.published_at))
        .max()
}

fn parse_id<T: std::str::FromStr>(text: &str, what: &'static str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError::BadRequest(what))
}

const LIST: &str = "disclosures";

/// An enterprise's disclosures with every version and the current figures, by id.
#[utoipa::path(
    get,
    path = "/api/v1/enterprises/{uscc}/disclosures",
    tag = "disclosures",
    params(("uscc" = String, Path, description = "统一社会信用代码"), PageParams),
    responses(
        (status = 200, description = "A page of disclosures", body = DisclosurePage,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed USCC, cursor or limit", body = ErrorBody),
        (status = 404, description = "No such enterprise", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn of_enterprise(
    req: HttpRequest,
    pool: web::Data<ReadPool>,
    path: web::Path<String>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let uscc = parse_uscc(&path)?;
    let limit = page.limit()?;
    let after = match page.after(LIST)? {
        Some(key) => Some(parse_id::<i64>(
            &key,
            "cursor is not one this list gave out.",
        )?),
        None => None,
    };
    let mut conn = pool.get().await?;
    enterprise::find_enterprise(&mut conn, &uscc)
        .await?
        .ok_or(ApiError::NotFound("No such enterprise."))?;
    let records = disclosure::disclosures_page(&mut conn, &uscc, after, limit + 1).await?;
    let (records, next_cursor) = split_page(records, limit, LIST, |r| r.disclosure.id.to_string());
    let contents = current_contents(&mut conn, &records).await?;
    let body = DisclosurePage {
        items: records
            .iter()
            .map(|r| disclosure_json(r, &contents))
            .collect(),
        next: next_cursor
            .as_deref()
            .map(|c| next_href(req.path(), req.query_string(), c)),
        next_cursor,
    };
    published_json(&body, last_published(&records))
}

async fn find(conn: &mut AsyncPgConnection, id: &str) -> Result<DisclosureRecord, ApiError> {
    let id = parse_id(id, "a disclosure id is a positive integer.")?;
    disclosure::find_disclosure(conn, id)
        .await?
        .ok_or(ApiError::NotFound("No such disclosure."))
}

/// One disclosure with every version and its current figures.
#[utoipa::path(
    get,
    path = "/api/v1/disclosures/{id}",
    tag = "disclosures",
    params(("id" = i64, Path, description = "Disclosure id")),
    responses(
        (status = 200, description = "The disclosure", body = DisclosureJson,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such disclosure", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn show(
    pool: web::Data<ReadPool>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = pool.get().await?;
    let record = find(&mut conn, &path).await?;
    let contents = current_contents(&mut conn, std::slice::from_ref(&record)).await?;
    published_json(
        &disclosure_json(&record, &contents),
        last_published([&record]),
    )
}

/// One version of a disclosure, with its figures and source documents.
#[utoipa::path(
    get,
    path = "/api/v1/disclosures/{id}/versions/{number}",
    tag = "disclosures",
    params(
        ("id" = i64, Path, description = "Disclosure id"),
        ("number" = i32, Path, description = "Version number, from 1"),
    ),
    responses(
        (status = 200, description = "The version", body = VersionDetail,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed id or number", body = ErrorBody),
        (status = 404, description = "No such disclosure or version", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn version(
    pool: web::Data<ReadPool>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    let number: i32 = parse_id(&number, "a version number is a positive integer.")?;
    let mut conn = pool.get().await?;
    let record = find(&mut conn, &id).await?;
    let d = &record.disclosure;
    let shown = record
        .versions
        .iter()
        .find(|v| v.number == number)
        .ok_or(ApiError::NotFound("No such version."))?;
    let content = match shown.kind {
        VersionKind::Withdrawal => None,
        _ => disclosure::contents(&mut conn, d.section, &[shown.id])
            .await?
            .remove(&shown.id),
    };
    let documents = disclosure::documents_of(&mut conn, &[shown.id])
        .await?
        .remove(&shown.id)
        .unwrap_or_default();
    let current = record.latest_content_version().map(|v| v.number);
    let body = VersionDetail {
        disclosure_id: d.id,
        enterprise_uscc: d.enterprise_uscc.to_string(),
        section: d.section,
        period: PeriodJson {
            year: d.period.year,
            quarter: d.period.quarter,
        },
        version: version_json(d.id, shown),
        superseded: shown.kind != VersionKind::Withdrawal && Some(shown.number) != current,
        content: content.as_ref().map(ContentJson::from),
        documents: documents
            .into_iter()
            .map(|doc| DocumentJson {
                href: format!("/disclosures/{}/documents/{}", d.id, doc.id),
                file_name: doc.file_name,
                byte_size: doc.byte_size,
                sha256: doc.sha256,
            })
            .collect(),
    };
    published_json(&body, last_published([&record]))
}
