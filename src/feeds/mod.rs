//! Atom feeds of publications: `/feeds/disclosures.atom` for the whole portal and
//! `/feeds/enterprises/{uscc}.atom` for one enterprise. Each entry is one version (new
//! disclosure, amendment or withdrawal, labelled as such) linking to its version page.
//! See `docs/open-data.md`.

mod atom;
mod queries;

use actix_web::http::header::{self, HttpDate};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};

pub use queries::{latest_versions, FeedVersion, FEED_LENGTH};

use crate::db::ReadPool;
use crate::enterprise::{find_enterprise, Uscc};
use crate::web::{published, AppError, Page, Renderer};

/// The media type of every feed.
pub const ATOM_CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// Registers both feeds.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/feeds/disclosures.atom",
        crate::web::get_or_head().to(all_disclosures),
    )
    .route(
        "/feeds/enterprises/{uscc}.atom",
        crate::web::get_or_head().to(enterprise_disclosures),
    );
}

async fn all_disclosures(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let versions = latest_versions(&mut conn, None).await?;
    let head = atom::FeedHead {
        path: "/feeds/disclosures.atom".to_owned(),
        page: "/enterprises".to_owned(),
        title: renderer.catalog().text(page.lang, "feed_title_all"),
        fallback_updated: DateTime::UNIX_EPOCH,
    };
    Ok(respond(atom::feed(
        head,
        &versions,
        renderer.catalog(),
        page.lang,
    )))
}

async fn enterprise_disclosures(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let uscc = Uscc::parse(&path).map_err(|_| AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let enterprise = find_enterprise(&mut conn, &uscc)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = latest_versions(&mut conn, Some(&uscc)).await?;
    let name = match (page.lang, &enterprise.name_en) {
        (crate::web::Lang::En, Some(name)) => name.clone(),
        _ => enterprise.name_zh.clone(),
    };
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("enterprise", name);
    let head = atom::FeedHead {
        path: format!("/feeds/enterprises/{uscc}.atom"),
        page: format!("/enterprises/{uscc}"),
        title: renderer
            .catalog()
            .format(page.lang, "feed_title_enterprise", Some(&args))
            .unwrap_or_default(),
        fallback_updated: DateTime::UNIX_EPOCH,
    };
    Ok(respond(atom::feed(
        head,
        &versions,
        renderer.catalog(),
        page.lang,
    )))
}

/// The document, marked as built from published data so the page cache keeps it (with
/// this content type and `Last-Modified`) until the next publication.
fn respond(feed: atom_syndication::Feed) -> HttpResponse {
    let updated: DateTime<Utc> = feed.updated.with_timezone(&Utc);
    let modified = HttpDate::from(std::time::SystemTime::from(updated));
    published(
        HttpResponse::Ok()
            .content_type(ATOM_CONTENT_TYPE)
            .insert_header((header::LAST_MODIFIED, modified))
            .body(feed.to_string()),
    )
}
