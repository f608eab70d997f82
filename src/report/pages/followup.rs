//! `/report/followup`: the reporter comes back with their receipt code, reads the thread
//! and answers. No session: the code travels with each form (in a hidden field of a
//! `no-store` page) and is hashed again each time.

use std::collections::HashMap;
use std::time::Duration;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{
    file_views, from_elsewhere, log_not_stored, minutes, problem_texts, read_post, retry_after,
    BUSY_RETRY,
};
use crate::db::PgPool;
use crate::report::form::{self, Problem};
use crate::report::receipt::ReceiptCode;
use crate::report::service::{NotStored, ReportDesk, Thread};
use crate::web::{AppError, Page, Renderer};

/// The code form.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Why the code page is shown again.
#[derive(Clone, Copy, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum CodeNotice {
    /// Not sixteen digits.
    Malformed,
    /// No report has this code.
    Unknown,
    /// Too many wrong codes: wait.
    Limited,
    /// The database failed.
    Unavailable,
    /// Too many submissions waiting at this instance (`report::pacing`).
    Busy,
}

/// `GET /report/followup`.
pub async fn form(page: Page, renderer: web::Data<Renderer>) -> Result<HttpResponse, AppError> {
    code_page(&page, &renderer, "", "", None, 0, StatusCode::OK)
}

fn code_page(
    page: &Page,
    renderer: &Renderer,
    code: &str,
    unsent: &str,
    notice: Option<CodeNotice>,
    wait_minutes: u64,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("code", code);
    context.insert("unsent", unsent);
    context.insert("notice", &notice);
    context.insert("wait_minutes", &wait_minutes);
    page.render_with_status(renderer, "report/followup.html", context, status)
}

impl CodeNotice {
    /// The answer's status.
    fn status(self) -> StatusCode {
        match self {
            CodeNotice::Malformed => StatusCode::UNPROCESSABLE_ENTITY,
            CodeNotice::Unknown => StatusCode::NOT_FOUND,
            CodeNotice::Limited => StatusCode::TOO_MANY_REQUESTS,
            CodeNotice::Unavailable | CodeNotice::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// What trying a code came to.
enum Opened {
    Thread(Box<Thread>),
    /// Refused, with how long to wait (zero unless limited).
    Refused(CodeNotice, Duration),
}

/// Checks a typed code against the limits and opens its thread.
async fn open_code(req: &HttpRequest, pool: &PgPool, desk: &ReportDesk, typed: &str) -> Opened {
    let Some(code) = ReceiptCode::parse(typed) else {
        return Opened::Refused(CodeNotice::Malformed, Duration::ZERO);
    };
    let client = desk.limits.client(req);
    // One check at a time per client, from the limit to the count of a wrong code.
    let _turn = desk.limits.code_turn(&client).await;
    if let Err(wait) = desk.limits.try_code(&client) {
        return Opened::Refused(CodeNotice::Limited, wait);
    }
    match desk.open(pool, code).await {
        Ok(Some(thread)) => Opened::Thread(Box::new(thread)),
        Ok(None) => match desk.limits.wrong_code(&client) {
            Ok(()) => Opened::Refused(CodeNotice::Unknown, Duration::ZERO),
            Err(wait) => Opened::Refused(CodeNotice::Limited, wait),
        },
        Err(e) => {
            log_not_stored("follow-up (opening)", &e);
            Opened::Refused(CodeNotice::Unavailable, Duration::ZERO)
        }
    }
}

/// The code page again, saying why, with the typed code (and any unsent message) kept.
fn refused(
    page: &Page,
    renderer: &Renderer,
    typed: &str,
    unsent: &str,
    notice: CodeNotice,
    wait: Duration,
) -> Result<HttpResponse, AppError> {
    let limited = !wait.is_zero();
    let wait_minutes = if limited { minutes(wait) } else { 0 };
    let status = notice.status();
    let mut response = code_page(
        page,
        renderer,
        typed,
        unsent,
        Some(notice),
        wait_minutes,
        status,
    )?;
    if limited {
        retry_after(&mut response, wait);
    }
    Ok(response)
}

/// `POST /report/followup`: the thread for a code.
pub async fn open(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    desk: web::Data<ReportDesk>,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    if from_elsewhere(&req) {
        return Err(AppError::Forbidden);
    }
    match open_code(&req, &pool, &desk, &form.code).await {
        Opened::Thread(thread) => {
            let state = ReplyState::default();
            thread_page(
                &page,
                &renderer,
                &desk,
                &form.code,
                &thread,
                state,
                StatusCode::OK,
            )
        }
        Opened::Refused(notice, wait) => refused(&page, &renderer, &form.code, "", notice, wait),
    }
}

/// What the reply form shows again.
#[derive(Default)]
struct ReplyState<'a> {
    message: String,
    problems: &'a [Problem],
    file_names: Vec<String>,
    /// `sent`, `problems`, `limited` or `not_saved`.
    notice: Option<&'static str>,
    wait_minutes: u64,
    sent_files: Vec<crate::report::model::AttachmentAbout>,
}

/// `POST /report/followup/reply` (multipart: code, message, files).
pub async fn reply(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    desk: web::Data<ReportDesk>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let line_full = desk.pacing.turn().await.is_err();
    let received = read_post(&req, multipart, &desk).await?;
    let typed = received.text("code").to_owned();
    let message = received.text("message").to_owned();
    if line_full {
        return refused(
            &page,
            &renderer,
            &typed,
            &message,
            CodeNotice::Busy,
            BUSY_RETRY,
        );
    }
    let thread = match open_code(&req, &pool, &desk, &typed).await {
        Opened::Thread(thread) => thread,
        Opened::Refused(notice, wait) => {
            return refused(&page, &renderer, &typed, &message, notice, wait);
        }
    };
    let mut state = ReplyState {
        message: message.clone(),
        file_names: received.file_names(),
        ..ReplyState::default()
    };
    let mut problems = received.problems.clone();
    let checked = form::check_reply(&received);
    if let Err(more) = &checked {
        problems.extend(more.iter().cloned());
    }
    let body = match checked {
        Ok(body) if problems.is_empty() => body,
        _ => {
            state.problems = &problems;
            state.notice = Some("problems");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return thread_page(&page, &renderer, &desk, &typed, &thread, state, status);
        }
    };
    let client = desk.limits.client(&req);
    if let Err(wait) = desk.limits.submission(&client, false) {
        state.notice = Some("limited");
        state.wait_minutes = minutes(wait);
        let status = StatusCode::TOO_MANY_REQUESTS;
        let mut response = thread_page(&page, &renderer, &desk, &typed, &thread, state, status)?;
        retry_after(&mut response, wait);
        return Ok(response);
    }
    let stored = desk.reply(&pool, &thread, body, received.files).await;
    match stored {
        Ok(files) => {
            // Show the thread as it now stands, the new message included.
            let reloaded = desk.reload(&pool, &thread).await;
            let thread = reloaded.map(Box::new).unwrap_or(thread);
            let state = ReplyState {
                notice: Some("sent"),
                sent_files: files,
                ..ReplyState::default()
            };
            thread_page(
                &page,
                &renderer,
                &desk,
                &typed,
                &thread,
                state,
                StatusCode::OK,
            )
        }
        Err(e) => {
            if let NotStored::Failed(cause) = &e {
                log_not_stored("follow-up message", cause);
            }
            state.notice = Some("not_saved");
            let status = StatusCode::SERVICE_UNAVAILABLE;
            thread_page(&page, &renderer, &desk, &typed, &thread, state, status)
        }
    }
}

fn thread_page(
    page: &Page,
    renderer: &Renderer,
    desk: &ReportDesk,
    code: &str,
    thread: &Thread,
    state: ReplyState<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let settings = desk.settings();
    let mut context = Context::new();
    context.insert("code", code);
    context.insert("kind", &thread.kind);
    context.insert("state", &thread.state);
    context.insert("finding", &thread.finding);
    context.insert("referral", &thread.referral);
    context.insert("outcome", &thread.outcome);
    context.insert("purged", &thread.purged);
    context.insert("received_on", &thread.received_on.to_string());
    context.insert("answers", &thread.answers);
    context.insert("enterprise_uscc", &thread.enterprise_uscc);
    context.insert("files", &file_views(renderer, page.lang, &thread.files));
    let messages: Vec<HashMap<&str, tera::Value>> = thread
        .messages
        .iter()
        .map(|m| {
            HashMap::from([
                ("author", tera::Value::from(m.author.clone())),
                ("sent_on", tera::Value::from(m.sent_on.to_string())),
                ("body", tera::Value::from(m.body.clone())),
                (
                    "files",
                    tera::to_value(file_views(renderer, page.lang, &m.files)).unwrap_or_default(),
                ),
            ])
        })
        .collect();
    context.insert("messages", &messages);
    context.insert("message", &state.message);
    context.insert(
        "problems",
        &problem_texts(renderer, page.lang, state.problems),
    );
    context.insert("file_names", &state.file_names);
    context.insert("notice", &state.notice);
    context.insert("wait_minutes", &state.wait_minutes);
    context.insert(
        "sent_files",
        &file_views(renderer, page.lang, &state.sent_files),
    );
    context.insert("max_attachments", &settings.max_attachments);
    context.insert("max_attachment_mb", &settings.max_attachment_mb);
    page.render_with_status(renderer, "report/thread.html", context, status)
}
