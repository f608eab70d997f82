//! `/api/v1/enterprises` and `/api/v1/enterprises/{uscc}`: the registry.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::pagination::{next_href, split_page, PageParams};
use super::respond::{published_json, Decimal};
use crate::db::ReadPool;
use crate::enterprise::{
    self, EnterpriseFilter, EnterpriseStatus, FunctionType, Industry, Level, Registered, Uscc,
};

/// An enterprise of the registry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseJson {
    /// 统一社会信用代码, the stable identifier.
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
    pub uscc: String,
    /// Registered Chinese name.
    pub name_zh: String,
    /// English name, where the enterprise has one.
    pub name_en: Option<String>,
    /// The group company directly above, if any.
    pub parent_uscc: Option<String>,
    /// Tier within its group ("1" is the group company).
    pub level: Level,
    /// Section of GB/T 4754-2017.
    pub industry: Industry,
    /// 商业一类 / 商业二类 / 公益类.
    pub function_type: FunctionType,
    /// Percentage held by the state.
    pub state_share: Decimal,
    /// Legal status.
    pub status: EnterpriseStatus,
    /// A fictional demo record.
    pub is_demo: bool,
    /// When the registry record last changed.
    pub updated_at: DateTime<Utc>,
    /// Where to find more.
    pub links: EnterpriseLinks,
}

/// Related resources of an enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseLinks {
    /// This record.
    #[serde(rename = "self")]
    pub this: String,
    /// Its disclosures.
    pub disclosures: String,
    /// Its indicators.
    pub indicators: String,
    /// Its red flags.
    pub red_flags: String,
    /// Its public page.
    pub html: String,
}

impl From<Registered> for EnterpriseJson {
    fn from(record: Registered) -> Self {
        let e = record.enterprise;
        let base = format!("/api/v1/enterprises/{}", e.uscc);
        EnterpriseJson {
            links: EnterpriseLinks {
                disclosures: format!("{base}/disclosures"),
                indicators: format!("{base}/indicators"),
                red_flags: format!("{base}/red-flags"),
                html: format!("/enterprises/{}", e.uscc),
                this: base,
            },
            uscc: e.uscc.to_string(),
            name_zh: e.name_zh,
            name_en: e.name_en,
            parent_uscc: e.parent_uscc.map(|p| p.to_string()),
            level: e.level,
            industry: e.industry,
            function_type: e.function_type,
            state_share: Decimal::from(&e.state_share),
            status: e.status,
            is_demo: e.is_demo,
            updated_at: record.updated_at,
        }
    }
}

/// One page of enterprises.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterprisePage {
    /// Enterprises ordered by USCC.
    pub items: Vec<EnterpriseJson>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The next page's URL (filters kept); `null` on the last page.
    pub next: Option<String>,
}

/// Filters of the enterprise list; each is a code from the vocabularies.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseFilterParams {
    /// Industry section code (GB/T 4754), e.g. `K`.
    #[param(value_type = Option<Industry>)]
    pub industry: Option<String>,
    /// Tier, `1` to `4`.
    #[param(value_type = Option<Level>)]
    pub level: Option<String>,
    /// Functional classification code.
    #[param(value_type = Option<FunctionType>)]
    pub function_type: Option<String>,
}

impl EnterpriseFilterParams {
    fn filter(&self) -> Result<EnterpriseFilter, ApiError> {
        fn code<T>(
            text: Option<&str>,
            parse: fn(&str) -> Option<T>,
        ) -> Result<Option<T>, ApiError> {
            text.map(|t| {
                parse(t).ok_or(ApiError::BadRequest(
                    "unknown filter code; the document lists the allowed codes.",
                ))
            })
            .transpose()
        }
        Ok(EnterpriseFilter {
            industry: code(self.industry.as_deref(), Industry::from_code)?,
            level: code(self.level.as_deref(), Level::from_code)?,
            function_type: code(self.function_type.as_deref(), FunctionType::from_code)?,
        })
    }
}

const LIST: &str = "enterprises";

/// Parses a USCC from a path: malformed is 400, so a client can tell a typo from a
/// record that does not exist.
pub(super) fn parse_uscc(text: &str) -> Result<Uscc, ApiError> {
    Uscc::parse(text).map_err(|_| {
        ApiError::BadRequest("not a valid unified social credit code (统一社会信用代码).")
    })
}

/// Lists enterprises, ordered by USCC, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/enterprises",
    tag = "enterprises",
    params(PageParams, EnterpriseFilterParams),
    responses(
        (status = 200, description = "A page of enterprises", body = EnterprisePage,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed cursor, limit or filter", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn list(
    req: HttpRequest,
    pool: web::Data<ReadPool>,
    page: web::Query<PageParams>,
    filter: web::Query<EnterpriseFilterParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after = page.after(LIST)?;
    let filter = filter.filter()?;
    let mut conn = pool.get().await?;
    let rows = enterprise::registry_page(&mut conn, &filter, after.as_deref(), limit + 1).await?;
    let (rows, next_cursor) = split_page(rows, limit, LIST, |r| r.enterprise.uscc.to_string());
    let last_modified = rows.iter().map(|r| r.updated_at).max();
    let body = EnterprisePage {
        next: next_cursor
            .as_deref()
            .map(|c| next_href(req.path(), req.query_string(), c)),
        next_cursor,
        items: rows.into_iter().map(EnterpriseJson::from).collect(),
    };
    published_json(&body, last_modified)
}

/// One enterprise.
#[utoipa::path(
    get,
    path = "/api/v1/enterprises/{uscc}",
    tag = "enterprises",
    params(("uscc" = String, Path, description = "统一社会信用代码")),
    responses(
        (status = 200, description = "The enterprise", body = EnterpriseJson,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed USCC", body = ErrorBody),
        (status = 404, description = "No such enterprise", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn show(
    pool: web::Data<ReadPool>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let uscc = parse_uscc(&path)?;
    let mut conn = pool.get().await?;
    let record = enterprise::find_registered(&mut conn, &uscc)
        .await?
        .ok_or(ApiError::NotFound("No such enterprise."))?;
    let updated_at = record.updated_at;
    published_json(&EnterpriseJson::from(record), Some(updated_at))
}
