//! `/search`: the results page, or a help page when the query cannot be run.

use actix_web::{web, HttpResponse};
use tera::Context;

use super::query::{SearchParams, MAX_QUERY_CHARS};
use super::results::{self, FACET_SAMPLE};
use super::view;
use crate::config::WebSettings;
use crate::db::ReadPool;
use crate::web::{published, AppError, Page, Renderer};

/// Results are built only from published data, so the page cache may keep them; the
/// query text is in the URL's query string, which the request log never writes.
pub(super) async fn search(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    settings: web::Data<WebSettings>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let typed: String = params
        .q
        .as_deref()
        .unwrap_or("")
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let mut context = Context::new();
    context.insert("q", typed.trim());
    context.insert("max_query_chars", &MAX_QUERY_CHARS);
    match params.parse() {
        Err(problem) => {
            context.insert("problem", problem.code());
            context.insert("results", &None::<()>);
        }
        Ok(query) => {
            let page_size = settings.page_size;
            let last_page = (FACET_SAMPLE + page_size - 1) / page_size;
            let number = params.page().min(last_page);
            let mut conn = pool.get().await?;
            let found =
                results::search(&mut conn, &query, page_size, (number - 1) * page_size).await?;
            let results = view::results(&page, &query, found, number, page_size);
            context.insert("has_demo", &results.has_demo);
            context.insert("problem", &None::<()>);
            context.insert("results", &results);
        }
    }
    page.render(&renderer, "search/results.html", context)
        .map(published)
}
