//! The state changes posted from a draft's page: submit, recall, discard, return (with a
//! note) and approve. A change the reader may not make now is refused with the reason in
//! their language, and the query would not have made it anyway.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::show::render_show;
use super::{draft, editor, see_other};
use crate::db::PgPool;
use crate::publishing::workflow::{self, ApproveError, Change};
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// The return form's note (the other actions post only their CSRF token).
#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

/// The note a draft may be returned with, at most (the table's limit).
const MAX_NOTE: usize = 2000;

async fn apply(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    change: Change<'_>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    let typed = (&page, renderer.get_ref(), &publisher);
    if let Change::Submit = change {
        // Only a draft that imports cleanly now goes to review.
        let report = super::show::current_report_for(&mut conn, &draft).await?;
        if !report.is_clean() {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let refusal = Some("publishing_submit_has_problems");
            return render_show(typed, &mut conn, &draft, refusal, Some(&report), status).await;
        }
    }
    match workflow::change(&mut conn, &editor(&publisher), draft.id, change).await? {
        Some(_) => Ok(see_other(&format!("/admin/drafts/{}", draft.id))),
        None => {
            let refusal = Some("publishing_not_allowed_now");
            render_show(
                typed,
                &mut conn,
                &draft,
                refusal,
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

/// `POST /admin/drafts/{id}/submit` (an author; only a draft that checks clean).
pub async fn submit(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    apply(page, renderer, pool, publisher, path, Change::Submit).await
}

/// `POST /admin/drafts/{id}/recall` (an author).
pub async fn recall(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    apply(page, renderer, pool, publisher, path, Change::Recall).await
}

/// `POST /admin/drafts/{id}/discard` (an author).
pub async fn discard(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    apply(page, renderer, pool, publisher, path, Change::Discard).await
}

/// `POST /admin/drafts/{id}/return` with a note (not an author).
pub async fn send_back(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    form: web::Form<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let note = form.note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE {
        let mut conn = pool.get().await?;
        let draft = draft(&mut conn, &path).await?;
        let typed = (&page, renderer.get_ref(), &publisher);
        let refusal = Some("publishing_note_required");
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render_show(typed, &mut conn, &draft, refusal, None, status).await;
    }
    let note = note.to_owned();
    apply(
        page,
        renderer,
        pool,
        publisher,
        path,
        Change::Return { note: &note },
    )
    .await
}

/// `POST /admin/drafts/{id}/approve` (not an author): publishes.
/// The approve form: the submission the approver looked at.
#[derive(Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    seen: String,
}

pub async fn approve(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    form: web::Form<ApproveForm>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    let typed = (&page, renderer.get_ref(), &publisher);
    // A missing or malformed time cannot match any submission: "changed since".
    let seen = chrono::DateTime::parse_from_rfc3339(&form.seen)
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let outcome = workflow::approve(&mut conn, &editor(&publisher), &draft, seen).await;
    let (refusal, report, status) = match outcome {
        Ok(_) => return Ok(see_other(&format!("/admin/drafts/{}", draft.id))),
        Err(ApproveError::OwnDraft) => ("publishing_own_draft", None, StatusCode::FORBIDDEN),
        Err(ApproveError::NotSubmitted) => ("publishing_not_submitted", None, StatusCode::CONFLICT),
        Err(ApproveError::Rejected(report)) => (
            "publishing_approval_rejected",
            Some(report),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(ApproveError::Conflict) => ("publishing_conflict", None, StatusCode::CONFLICT),
        Err(ApproveError::Changed) => ("publishing_changed", None, StatusCode::CONFLICT),
        Err(ApproveError::Database(e)) => return Err(e.into()),
    };
    render_show(
        typed,
        &mut conn,
        &draft,
        Some(refusal),
        report.as_ref(),
        status,
    )
    .await
}
