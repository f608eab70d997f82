//! Uploading a CSV or XLSX file as a draft (`/admin/drafts/upload`), or as the new file of
//! an upload draft (`/admin/drafts/{id}/upload`). A file with problems is refused with the
//! same row-by-row report as `sunshine import` (file, row, column, reason) in the reader's
//! language, and nothing is stored.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use super::entry::{not_editable, Typed};
use super::{context, draft, editor, render, see_other};
use crate::db::PgPool;
use crate::publishing::check::{check_file, file_content, Issue, Purpose};
use crate::publishing::model::{Draft, DraftKind};
use crate::publishing::upload::{read_file, UploadProblem, MAX_UPLOAD_BYTES};
use crate::publishing::workflow;
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// Renders the upload form, with a rejected file's report or why nothing was read.
pub(super) fn render_form(
    (page, renderer, publisher): Typed<'_>,
    draft: Option<&Draft>,
    issues: &[Issue],
    problem: Option<UploadProblem>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = context(publisher);
    let action = match draft {
        Some(draft) => format!("/admin/drafts/{}/upload", draft.id),
        None => "/admin/drafts/upload".to_owned(),
    };
    context.insert("action", &action);
    context.insert("draft", &draft);
    context.insert("issues", issues);
    context.insert("problem", &problem.map(UploadProblem::message_id));
    context.insert("max_mib", &(MAX_UPLOAD_BYTES >> 20));
    render(page, renderer, "publishing/upload.html", context, status)
}

/// `GET /admin/drafts/upload`.
pub async fn form(
    page: Page,
    renderer: web::Data<Renderer>,
    publisher: Publisher,
) -> Result<HttpResponse, AppError> {
    render_form(
        (&page, renderer.get_ref(), &publisher),
        None,
        &[],
        None,
        StatusCode::OK,
    )
}

/// `POST /admin/drafts/upload`: a checked file becomes a new draft.
pub async fn create(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    receive(
        (&page, renderer.get_ref(), &publisher),
        &pool,
        None,
        multipart,
    )
    .await
}

/// `POST /admin/drafts/{id}/upload`: a checked file replaces an upload draft's.
pub async fn replace(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    drop(conn);
    if draft.kind != DraftKind::Upload {
        return Err(AppError::NotFound);
    }
    receive(
        (&page, renderer.get_ref(), &publisher),
        &pool,
        Some(&draft),
        multipart,
    )
    .await
}

/// Reads, checks and stores an uploaded file.
async fn receive(
    typed: Typed<'_>,
    pool: &PgPool,
    draft: Option<&Draft>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let (page, renderer, publisher) = typed;
    let file = match read_file(multipart).await {
        Ok(file) => file,
        Err(problem) => {
            let status = match problem {
                UploadProblem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return render_form(typed, draft, &[], Some(problem), status);
        }
    };
    let mut conn = pool.get().await?;
    let (report, _) = check_file(&mut conn, &file, Purpose::Upload).await?;
    if !report.is_clean() {
        let issues = report.issues(renderer.catalog(), page.lang);
        return render_form(
            typed,
            draft,
            &issues,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let content = file_content(DraftKind::Upload, file, &report);
    let editor = editor(publisher);
    let id = match draft {
        None => workflow::create(&mut conn, &editor, &content).await?,
        Some(draft) => match workflow::update(&mut conn, &editor, draft.id, &content).await? {
            Some(_) => draft.id,
            None => {
                let issues = not_editable().issues(renderer.catalog(), page.lang);
                let status = StatusCode::CONFLICT;
                return render_form(typed, Some(draft), &issues, None, status);
            }
        },
    };
    Ok(see_other(&format!("/admin/drafts/{id}")))
}
