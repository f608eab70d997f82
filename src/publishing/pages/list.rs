//! `/admin/drafts`: one's own drafts, those awaiting one's review, colleagues' drafts in
//! progress, and the recently published or returned.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::{context, render};
use crate::db::PgPool;
use crate::publishing::model::Draft;
use crate::publishing::queries;
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// A draft in a list, with its authors' names.
#[derive(Serialize)]
struct Listed {
    draft: Draft,
    authors: Vec<String>,
}

/// `GET /admin/drafts`.
pub async fn index(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let lists = queries::lists(&mut conn, publisher.staff().id).await?;
    let everyone: Vec<i64> = [&lists.mine, &lists.to_review, &lists.others, &lists.recent]
        .into_iter()
        .flatten()
        .flat_map(|d| d.authors.clone())
        .collect();
    let names = queries::staff_names(&mut conn, &everyone).await?;
    let named = |drafts: Vec<Draft>| -> Vec<Listed> {
        drafts
            .into_iter()
            .map(|draft| Listed {
                authors: draft
                    .authors
                    .iter()
                    .filter_map(|a| names.get(a).cloned())
                    .collect(),
                draft,
            })
            .collect()
    };
    let mut context = context(&publisher);
    context.insert("mine", &named(lists.mine));
    context.insert("to_review", &named(lists.to_review));
    context.insert("others", &named(lists.others));
    context.insert("recent", &named(lists.recent));
    render(
        &page,
        &renderer,
        "publishing/list.html",
        context,
        StatusCode::OK,
    )
}
