//! Public pages of one disclosure: `/disclosures/{id}` (current version),
//! `/disclosures/{id}/versions/{n}` (any version, stable URL) and
//! `/disclosures/{id}/history` (what each version changed, when and why).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;

use super::history::{changes, fields, FieldChange};
use super::model::{Content, Version, VersionKind};
use super::queries::{self, DisclosureRecord};
use diesel_async::AsyncPgConnection;

use crate::db::ReadPool;
use crate::enterprise;
use crate::web::{get_or_head, published, AppError, Page, Renderer};

/// Registers the disclosure pages.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/disclosures/{id}", get_or_head().to(current))
        .route(
            "/disclosures/{id}/versions/{number}",
            get_or_head().to(version),
        )
        .route("/disclosures/{id}/history", get_or_head().to(history))
        .route(
            "/disclosures/{id}/documents/{document}",
            get_or_head().to(document),
        );
}

/// Ids in URLs are parsed by hand so that garbage is a 404, like any unknown page.
fn parse_id<T: std::str::FromStr>(text: &str) -> Result<T, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn load(
    pool: &ReadPool,
    id: &str,
) -> Result<
    (
        crate::db::PooledConnection,
        DisclosureRecord,
        enterprise::Enterprise,
    ),
    AppError,
> {
    let id: i64 = parse_id(id)?;
    let mut conn = pool.get().await?;
    let (record, enterprise) = load_with(&mut conn, id).await?;
    Ok((conn, record, enterprise))
}

async fn load_with(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> Result<(DisclosureRecord, enterprise::Enterprise), AppError> {
    let record = queries::find_disclosure(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let enterprise = enterprise::find_enterprise(conn, &record.disclosure.enterprise_uscc)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((record, enterprise))
}

/// Which public page of a disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicView {
    /// `/disclosures/{id}`: the current version.
    Current,
    /// `/disclosures/{id}/history`: what each version changed.
    History,
}

/// A disclosure's public page rendered from `conn` by the public pages' own code and
/// templates, with `preview` added to the context (the layout then shows the preview
/// banner and asks robots to stay away). The admin site's preview calls this inside a
/// transaction it rolls back; the response is not marked for the public page cache.
pub async fn render_preview(
    page: &Page,
    renderer: &Renderer,
    conn: &mut AsyncPgConnection,
    id: i64,
    view: PublicView,
    preview: &Context,
) -> Result<HttpResponse, AppError> {
    let (record, enterprise) = load_with(conn, id).await?;
    match view {
        PublicView::Current => {
            let shown = record.latest_content_version().cloned();
            let parts = (&record, &enterprise, shown);
            render_version(page, renderer, conn, parts, Some(preview)).await
        }
        PublicView::History => {
            render_history(page, renderer, conn, &record, &enterprise, Some(preview)).await
        }
    }
}

fn base_context(record: &DisclosureRecord, enterprise: &enterprise::Enterprise) -> Context {
    let mut context = Context::new();
    context.insert("has_demo", &enterprise.is_demo);
    context.insert("enterprise", enterprise);
    context.insert("disclosure", &record.disclosure);
    context.insert("versions", &record.versions);
    context.insert("withdrawn", &record.is_withdrawn());
    context.insert("amended", &record.is_amended());
    context.insert("latest", record.latest());
    context
}

async fn current(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (mut conn, record, enterprise) = load(&pool, &path).await?;
    let shown = record.latest_content_version().cloned();
    let parts = (&record, &enterprise, shown);
    render_version(&page, &renderer, &mut conn, parts, None)
        .await
        .map(published)
}

async fn version(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, number) = path.into_inner();
    let number: i32 = parse_id(&number)?;
    let (mut conn, record, enterprise) = load(&pool, &id).await?;
    let shown = record
        .versions
        .iter()
        .find(|v| v.number == number)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let parts = (&record, &enterprise, Some(shown));
    render_version(&page, &renderer, &mut conn, parts, None)
        .await
        .map(published)
}

/// A disclosure, its enterprise and the version to show.
type Shown<'a> = (
    &'a DisclosureRecord,
    &'a enterprise::Enterprise,
    Option<Version>,
);

async fn render_version(
    page: &Page,
    renderer: &Renderer,
    conn: &mut AsyncPgConnection,
    (record, enterprise, shown): Shown<'_>,
    preview: Option<&Context>,
) -> Result<HttpResponse, AppError> {
    let mut context = base_context(record, enterprise);
    if let Some(preview) = preview {
        context.insert("preview", &preview.clone().into_json());
    }
    let content = match &shown {
        Some(v) if v.kind != VersionKind::Withdrawal => {
            let mut map = queries::contents(conn, record.disclosure.section, &[v.id]).await?;
            map.remove(&v.id)
        }
        _ => None,
    };
    // A page is "superseded" only when a newer version carries other figures; a
    // withdrawal supersedes nothing, it withdraws the figures shown.
    let current_number = record.latest_content_version().map(|v| v.number);
    context.insert(
        "superseded",
        &shown
            .as_ref()
            .is_some_and(|v| Some(v.number) != current_number && v.kind != VersionKind::Withdrawal),
    );
    let documents = match &shown {
        Some(v) => super::documents::documents_of(conn, &[v.id])
            .await?
            .remove(&v.id)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    context.insert("documents", &documents);
    context.insert("shown", &shown);
    context.insert("fields", &content.as_ref().map(fields).unwrap_or_default());
    // Tables with rows get their own layout; the rest are a list of fields.
    let pay_table = match &content {
        Some(Content::ExecutivePay(p)) => Some(p.table()),
        _ => None,
    };
    context.insert("pay_table", &pay_table);
    context.insert(
        "report_href",
        &format!(
            "/report?enterprise={}&disclosure={}",
            enterprise.uscc, record.disclosure.id
        ),
    );
    page.render(renderer, "disclosure/show.html", context)
}

/// One step of the history: a version and what it changed from the one before.
#[derive(Serialize)]
struct HistoryEntry<'a> {
    version: &'a Version,
    changes: Vec<FieldChange>,
}

async fn history(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (mut conn, record, enterprise) = load(&pool, &path).await?;
    render_history(&page, &renderer, &mut conn, &record, &enterprise, None)
        .await
        .map(published)
}

async fn render_history(
    page: &Page,
    renderer: &Renderer,
    conn: &mut AsyncPgConnection,
    record: &DisclosureRecord,
    enterprise: &enterprise::Enterprise,
    preview: Option<&Context>,
) -> Result<HttpResponse, AppError> {
    let ids: Vec<i64> = record.versions.iter().map(|v| v.id).collect();
    let contents = queries::contents(conn, record.disclosure.section, &ids).await?;
    let mut previous: Option<&Content> = None;
    let mut entries = Vec::new();
    for version in &record.versions {
        let content = contents.get(&version.id);
        let list = match (previous, content) {
            (Some(before), Some(after)) => changes(before, after),
            _ => Vec::new(),
        };
        entries.push(HistoryEntry {
            version,
            changes: list,
        });
        previous = content.or(previous);
    }
    entries.reverse();
    let mut context = base_context(record, enterprise);
    context.insert("entries", &entries);
    if let Some(preview) = preview {
        context.insert("preview", &preview.clone().into_json());
    }
    page.render(renderer, "disclosure/history.html", context)
}

/// A published source document, as a download. Its content never changes, so it may be
/// cached for good; the sandbox CSP keeps a browser from running anything inside it.
async fn document(
    pool: web::Data<ReadPool>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, document) = path.into_inner();
    let (id, document): (i64, i64) = (parse_id(&id)?, parse_id(&document)?);
    let mut conn = pool.get().await?;
    let (info, bytes) = super::documents::fetch_document(&mut conn, id, document)
        .await?
        .ok_or(AppError::NotFound)?;
    let encoded: String = url::form_urlencoded::byte_serialize(info.file_name.as_bytes()).collect();
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"document.pdf\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, format!("\"{}\"", info.sha256)))
        .body(bytes))
}
