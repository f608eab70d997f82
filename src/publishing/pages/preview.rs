//! `/admin/drafts/{id}/preview`: the public page(s) as they would be after approval,
//! rendered inside a transaction that is rolled back. A draft of one disclosure shows its
//! page; an upload touching several lists them (new, amended, unchanged) with a preview
//! of each at `/preview/{n}` and its history at `/preview/{n}/history`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;

use super::entry::Typed;
use super::show::render_show;
use super::{context, draft, parse_id, render, see_other};
use crate::db::PgPool;
use crate::disclosure::PublicView;
use crate::publishing::model::{Draft, DraftKind};
use crate::publishing::preview::{preview, Preview, Shown};
use crate::publishing::queries;
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// `GET /admin/drafts/{id}/preview`: the page of a one-disclosure draft, or the list.
pub async fn overview(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let typed = (&page, renderer.get_ref(), &publisher);
    show(typed, &pool, &path, Shown::List).await
}

/// `GET /admin/drafts/{id}/preview/{n}`: the `n`th disclosure's public page.
pub async fn current(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, n) = path.into_inner();
    let n = usize::try_from(parse_id(&n)?).map_err(|_| AppError::NotFound)?;
    let typed = (&page, renderer.get_ref(), &publisher);
    show(typed, &pool, &id, Shown::Page(n, PublicView::Current)).await
}

/// `GET /admin/drafts/{id}/preview/{n}/history`: its history page.
pub async fn history(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, n) = path.into_inner();
    let n = usize::try_from(parse_id(&n)?).map_err(|_| AppError::NotFound)?;
    let typed = (&page, renderer.get_ref(), &publisher);
    show(typed, &pool, &id, Shown::Page(n, PublicView::History)).await
}

async fn show(
    typed: Typed<'_>,
    pool: &PgPool,
    id: &str,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let (page, renderer, publisher) = typed;
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, id).await?;
    if !draft.state.is_open() {
        return Ok(see_other(&format!("/admin/drafts/{}", draft.id)));
    }
    // A draft of one disclosure has no list: its page is the preview.
    let shown = match (shown, draft.kind) {
        (Shown::List, DraftKind::Entry | DraftKind::Withdrawal) => {
            Shown::Page(0, PublicView::Current)
        }
        (shown, _) => shown,
    };
    let file = queries::file_of(&mut conn, draft.id).await?;
    let context_of = |shown| banner(&draft, shown);
    let first = context_of(shown);
    let result = preview(
        &mut conn,
        &draft,
        file.clone(),
        shown,
        (page, renderer, &first),
    )
    .await?;
    match result {
        Preview::Page(response) => Ok(response),
        Preview::List(list) if list.len() == 1 => {
            let shown = Shown::Page(0, PublicView::Current);
            let only = context_of(shown);
            match preview(&mut conn, &draft, file, shown, (page, renderer, &only)).await? {
                Preview::Page(response) => Ok(response),
                _ => Err(AppError::NotFound),
            }
        }
        Preview::List(list) => {
            let mut context = context(publisher);
            context.insert("draft", &draft);
            context.insert("touched", &list);
            render(
                page,
                renderer,
                "publishing/preview_list.html",
                context,
                StatusCode::OK,
            )
        }
        Preview::Rejected(report) => {
            let refusal = Some("publishing_preview_rejected");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_show(typed, &mut conn, &draft, refusal, Some(&report), status).await
        }
    }
}

/// What the preview banner links to: back to the draft, and the history of the
/// disclosure shown.
fn banner(draft: &Draft, shown: Shown) -> Context {
    let mut context = Context::new();
    let n = match shown {
        Shown::Page(n, _) => n,
        Shown::List => 0,
    };
    context.insert("back", &format!("/admin/drafts/{}", draft.id));
    context.insert(
        "current",
        &format!("/admin/drafts/{}/preview/{n}", draft.id),
    );
    context.insert(
        "history",
        &format!("/admin/drafts/{}/preview/{n}/history", draft.id),
    );
    context
}
