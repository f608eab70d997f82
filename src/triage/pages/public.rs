//! The public triage pages: published outcomes (`/outcomes`) and the statistics of
//! report handling (`/stats`, with its CSV), in which no figure small enough to single out
//! a reporter is shown.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;

use crate::config::Settings;
use crate::db::schema::{reports, units};
use crate::db::PgPool;
use crate::triage::stats::{self, CaseFacts, Stats};
use crate::triage::{outcomes, Deadlines};
use crate::web::{AppError, Page, Renderer};

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    page: i64,
}

pub async fn outcomes(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let size = settings.web.page_size;
    let mut conn = pool.get().await?;
    let (list, total) = outcomes::list(&mut conn, None, query.page, size).await?;
    let pages = ((total + size - 1) / size).max(1);
    let mut context = tera::Context::new();
    context.insert("outcomes", &list);
    context.insert("total", &total);
    context.insert("page_number", &query.page.clamp(1, pages));
    context.insert("pages", &pages);
    page.render(&renderer, "triage/outcomes.html", context)
}

pub async fn outcome(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let outcome = outcomes::get(&mut conn, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = match &outcome.enterprise_uscc {
        Some(uscc) => crate::triage::rectification::published_for(&mut conn, uscc)
            .await?
            .into_iter()
            .filter(|(outcome_id, _)| *outcome_id == outcome.id)
            .map(|(_, item)| item)
            .collect(),
        None => Vec::new(),
    };
    let mut context = tera::Context::new();
    context.insert("outcome", &outcome);
    context.insert("items", &items);
    page.render(&renderer, "triage/outcome.html", context)
}

type FactRow = (
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
);

/// Figures and unit names, as last computed.
type Figures = Arc<(Stats, Vec<(String, String, String)>)>;

/// The last figures computed and the change count they were computed at. Computing reads
/// every case (about 120 ms for 100,000), so it happens only when a case changed
/// (`report_changes`, advanced by a trigger in the writing transaction, whichever instance
/// wrote); the lock makes a burst of requests compute once.
#[derive(Default)]
pub struct StatsCache(tokio::sync::Mutex<Option<(i64, Figures)>>);

#[derive(QueryableByName)]
struct Changes {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    changes: i64,
}

/// The figures, recomputed only if a case changed since they were last.
async fn figures(
    cache: &StatsCache,
    pool: &PgPool,
    deadlines: &Deadlines,
    settings: &Settings,
) -> Result<Figures, AppError> {
    let mut slot = cache.0.lock().await;
    let mut conn = pool.get().await?;
    let changes = change_count(&mut conn).await?;
    if let Some((_, figures)) = slot.as_ref().filter(|(at, _)| *at == changes) {
        return Ok(figures.clone());
    }
    // The count and the cases read in one snapshot: figures are cached under the count
    // they reflect, so a change committed meanwhile is picked up by the next request.
    let (changes, figures) = conn
        .build_transaction()
        .repeatable_read()
        .read_only()
        .run(async |conn| {
            let changes = change_count(conn).await?;
            let figures = compute(conn, deadlines, settings).await?;
            Ok::<_, AppError>((changes, Arc::new(figures)))
        })
        .await?;
    *slot = Some((changes, figures.clone()));
    Ok(figures)
}

async fn change_count(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    diesel::sql_query("SELECT n AS changes FROM report_changes")
        .get_result::<Changes>(conn)
        .await
        .map(|row| row.changes)
}

/// The statistics of every case, purged ones included (their dates and kinds stay).
async fn compute(
    conn: &mut AsyncPgConnection,
    deadlines: &Deadlines,
    settings: &Settings,
) -> Result<(Stats, Vec<(String, String, String)>), AppError> {
    let rows: Vec<FactRow> = reports::table
        .select((
            reports::kind,
            reports::unit_code,
            reports::received_on,
            reports::acknowledged_on,
            reports::acknowledge_by,
            reports::concluded_on,
            reports::conclude_by,
            reports::state,
        ))
        .load(conn)
        .await?;
    let facts: Vec<CaseFacts> = rows
        .into_iter()
        .map(|row| CaseFacts {
            kind: row.0,
            unit: row.1,
            received_on: row.2,
            acknowledged_on: row.3,
            acknowledge_by: row.4,
            concluded_on: row.5,
            conclude_by: row.6,
            referred: row.7 == "referred",
        })
        .collect();
    let unit_names: Vec<(String, String, String)> = units::table
        .select((units::code, units::name_zh, units::name_en))
        .load(conn)
        .await?;
    let working_days = |a, b| deadlines.working_days(a, b);
    Ok((
        stats::compute(&facts, &working_days, settings.triage.stats_min_cell),
        unit_names,
    ))
}

pub async fn stats(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    deadlines: web::Data<Deadlines>,
    cache: web::Data<StatsCache>,
) -> Result<HttpResponse, AppError> {
    let figures = figures(&cache, &pool, &deadlines, &settings).await?;
    let (stats, unit_names) = &*figures;
    let catalog = renderer.catalog();
    let title = catalog.text(page.lang, "stats_chart_title");
    let description = catalog.text(page.lang, "stats_chart_desc");
    let chart = stats::quarter_chart_svg(stats, &title, &description);
    let mut context = tera::Context::new();
    context.insert("stats", stats);
    context.insert("chart", &chart);
    context.insert("unit_names", unit_names);
    page.render(&renderer, "triage/stats.html", context)
}

pub async fn stats_csv(
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    deadlines: web::Data<Deadlines>,
    cache: web::Data<StatsCache>,
) -> Result<HttpResponse, AppError> {
    let figures = figures(&cache, &pool, &deadlines, &settings).await?;
    let csv = stats::to_csv(&figures.0).map_err(|e| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"sunshine-report-stats.csv\"",
        ))
        .body(csv))
}
