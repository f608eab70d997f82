//! The reporter's pages under `/report`: the form, the receipt, follow-up and the safety
//! advice. None sets a cookie, every answer is `no-store`, and nothing a reporter types
//! reaches a log: errors are logged by kind only.

mod followup;
mod intake;

use std::collections::HashMap;
use std::time::Duration;

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, HttpRequest, HttpResponse};
use fluent_bundle::FluentArgs;
use tera::Context;

use super::form::{Problem, Received};
use super::model::{AttachmentAbout, FindingNote};
use super::service::ReportDesk;
use crate::web::{get_or_head, AppError, Lang, Page, Renderer};

/// Mounts the report pages.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/report")
            .wrap(
                DefaultHeaders::new()
                    .add((header::CACHE_CONTROL, "no-store"))
                    .add((header::HeaderName::from_static("x-robots-tag"), "noindex")),
            )
            .route("", get_or_head().to(intake::form))
            .route("", web::post().to(intake::submit))
            .route("/safety", get_or_head().to(safety))
            .route("/followup", get_or_head().to(followup::form))
            .route("/followup", web::post().to(followup::open))
            .route("/followup/reply", web::post().to(followup::reply)),
    );
}

/// How to protect oneself, linked before the form.
async fn safety(page: Page, renderer: web::Data<Renderer>) -> Result<HttpResponse, AppError> {
    page.render(&renderer, "report/safety.html", Context::new())
}

/// A cross-site form post is refused without a cookie to compare: browsers say where a
/// request comes from in `Sec-Fetch-Site` (and `Origin`, unless it is `null` under our
/// no-referrer policy). A request without either (an old browser, a script) is let
/// through: forging a report on someone's behalf gains an attacker nothing but it being
/// counted against that person's limit.
fn from_elsewhere(req: &HttpRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (header("origin"), header("host")) {
        (Some("null") | None, _) => false,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            origin_host != host
        }
        (Some(_), None) => true,
    }
}

/// A report-page form post (multipart): refused when it comes from another site, else
/// read within the configured limits.
async fn read_post(
    req: &HttpRequest,
    multipart: actix_multipart::Multipart,
    desk: &ReportDesk,
) -> Result<Received, AppError> {
    if from_elsewhere(req) {
        return Err(AppError::Forbidden);
    }
    Ok(super::form::read(multipart, desk.settings(), &desk.uploads).await)
}

/// Renders a catalog message with string arguments.
fn message(renderer: &Renderer, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        fluent.set(*name, value.clone());
    }
    renderer
        .catalog()
        .format(lang, id, Some(&fluent))
        .unwrap_or_else(|| id.to_owned())
}

/// Problems by field, as text in the reader's language.
fn problem_texts(
    renderer: &Renderer,
    lang: Lang,
    problems: &[Problem],
) -> HashMap<&'static str, Vec<String>> {
    let mut by_field: HashMap<&'static str, Vec<String>> = HashMap::new();
    for problem in problems {
        by_field.entry(problem.field).or_default().push(message(
            renderer,
            lang,
            problem.message,
            &problem.args,
        ));
    }
    by_field
}

/// A file as the reporter is told about it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileView {
    name: String,
    media_type: String,
    size: String,
    findings: Vec<String>,
    /// What became of the findings: a cleaned copy was made, or they could not be removed.
    outcome: Option<String>,
}

pub(crate) fn file_views(
    renderer: &Renderer,
    lang: Lang,
    files: &[AttachmentAbout],
) -> Vec<FileView> {
    files
        .iter()
        .map(|file| FileView {
            name: file.name.clone(),
            media_type: file.media_type.clone(),
            size: human_size(file.size),
            findings: file
                .findings
                .iter()
                .map(|FindingNote { message: id, args }| {
                    let args: Vec<(&str, String)> =
                        args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                    message(renderer, lang, id, &args)
                })
                .collect(),
            outcome: outcome(file).map(|id| message(renderer, lang, id, &[])),
        })
        .collect()
}

/// The sentence after the findings (`evidence::Finding` leaves it to the caller): a
/// cleaned copy was made; or nothing could be removed — unless a finding already says so.
fn outcome(file: &AttachmentAbout) -> Option<&'static str> {
    if file.cleaned {
        return Some("evidence-cleaned");
    }
    let says_so = file
        .findings
        .iter()
        .any(|f| f.message == "evidence-found-not-cleanable");
    (!file.findings.is_empty() && !says_so).then_some("evidence-not-cleaned")
}

/// A file size as people read it: `820 B`, `14.2 KB`, `3.1 MB`.
fn human_size(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// Adds `Retry-After` and the wait in minutes for a 429 page.
fn retry_after(response: &mut HttpResponse, wait: Duration) {
    let seconds = wait.as_secs().max(1);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
}

/// How soon to send again after finding the line of submissions full (`report::pacing`).
const BUSY_RETRY: Duration = Duration::from_secs(60);

/// Whole minutes to wait, at least one.
fn minutes(wait: Duration) -> u64 {
    wait.as_secs().max(1).div_ceil(60)
}

/// Logs why something was not stored, by kind only: never content, never a cause's text
/// (a database error can quote the values it was given).
fn log_not_stored(what: &'static str, error: &anyhow::Error) {
    let kind = if error
        .downcast_ref::<diesel::result::Error>()
        .is_some_and(crate::db::is_unavailable)
        || error
            .downcast_ref::<diesel_async::pooled_connection::deadpool::PoolError>()
            .is_some()
    {
        "database unavailable"
    } else {
        "storage failed"
    };
    tracing::warn!(
        what,
        kind,
        "a reporter's submission was not stored; they were told to retry"
    );
}
