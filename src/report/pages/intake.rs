//! `/report`: the form, and taking a report.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;

use super::{
    file_views, log_not_stored, minutes, problem_texts, read_post, retry_after, BUSY_RETRY,
};
use crate::db::PgPool;
use crate::enterprise::Uscc;
use crate::report::form::{self, Problem, Received, REPORT_FIELDS};
use crate::report::model::{HowKnown, ReportKind};
use crate::report::queries::{self, EnterpriseChoice};
use crate::report::service::{NotStored, ReportDesk};
use crate::web::{AppError, Page, PageCache, Renderer};

/// The honeypot: a field people never see, that form-filling robots do fill.
const HONEYPOT: &str = "website";

/// Why the form is shown again.
#[derive(Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Notice {
    /// Some fields need attention.
    Problems,
    /// Too many reports from this client (or overall): wait.
    Limited,
    /// The database failed: nothing was stored.
    NotSaved,
    /// Reports are not open yet (no keys).
    Closed,
    /// Refused without saying why (the honeypot).
    Refused,
    /// Too many submissions already waiting at this instance (`report::pacing`): shown
    /// again without waiting its turn, nothing stored.
    Busy,
}

/// What the form shows: the typed values, and why it is shown again.
struct FormState<'a> {
    values: HashMap<String, String>,
    problems: &'a [Problem],
    notice: Option<Notice>,
    file_names: Vec<String>,
    wait_minutes: u64,
}

impl FormState<'_> {
    fn empty() -> FormState<'static> {
        FormState {
            values: HashMap::new(),
            problems: &[],
            notice: None,
            file_names: Vec::new(),
            wait_minutes: 0,
        }
    }
}

/// `GET /report`, possibly from "report a problem with this record":
/// `?enterprise=USCC&record=...` fills those in.
pub async fn form(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    desk: web::Data<ReportDesk>,
    published: web::Data<PageCache>,
) -> Result<HttpResponse, AppError> {
    let query: HashMap<String, String> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let open = desk.is_open(&pool).await.map_err(AppError::Unavailable)?;
    let choices = desk.choices.get(&published, &pool).await?;
    let mut state = FormState::empty();
    // "Report a problem with this record": `?disclosure=ID` names the record.
    let disclosure = query
        .get("disclosure")
        .and_then(|id| id.parse::<i64>().ok());
    let about = match disclosure {
        Some(id) => queries::disclosure_about(&mut *pool.get().await?, id)
            .await?
            .map(|about| (id, about)),
        None => None,
    };
    if let Some((id, (uscc, section, year, quarter))) = &about {
        let catalog = renderer.catalog();
        let period = match quarter {
            Some(q) => format!("{year} Q{q}"),
            None => year.to_string(),
        };
        let section = catalog.text(page.lang, &format!("section_{section}"));
        let record = format!("{section} · {period} · #{id}");
        state.values.insert("record".into(), record);
        state.values.insert("enterprise".into(), uscc.clone());
    }
    if let Some(uscc) = query
        .get("enterprise")
        .or(about.as_ref().map(|(_, a)| &a.0))
    {
        if let Some(choice) = choices.iter().find(|c| &c.uscc == uscc) {
            state
                .values
                .insert("enterprise".into(), choice_label(choice));
        }
    }
    if let Some(record) = query.get("record") {
        state
            .values
            .insert("record".into(), record.chars().take(200).collect());
    }
    if !open {
        state.notice = Some(Notice::Closed);
    }
    render_form(&page, &renderer, &desk, &choices, state, StatusCode::OK)
}

/// `POST /report`: checks, limits, seals and stores, then shows the receipt code once.
pub async fn submit(
    page: Page,
    req: HttpRequest,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    desk: web::Data<ReportDesk>,
    published: web::Data<PageCache>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let line_full = desk.pacing.turn().await.is_err();
    let received = read_post(&req, multipart, &desk).await?;
    let client = desk.limits.client(&req);
    // Without the list (the database is down) the form is still shown with what was typed.
    let choices = desk
        .choices
        .get(&published, &pool)
        .await
        .unwrap_or_else(|_| Vec::new().into());
    // Every way back to the form shows what was typed and names the chosen files.
    let values = typed_values(&received);
    let file_names = received.file_names();
    let shown_again = |notice, problems: &[Problem], status, wait| {
        let state = FormState {
            values: values.clone(),
            problems,
            notice: Some(notice),
            file_names: file_names.clone(),
            wait_minutes: wait,
        };
        render_form(&page, &renderer, &desk, &choices, state, status)
    };
    if line_full {
        let status = StatusCode::SERVICE_UNAVAILABLE;
        let mut response = shown_again(Notice::Busy, &[], status, 0)?;
        retry_after(&mut response, BUSY_RETRY);
        return Ok(response);
    }
    if !received.text(HONEYPOT).is_empty() {
        return shown_again(Notice::Refused, &[], StatusCode::BAD_REQUEST, 0);
    }
    let mut problems = received.problems.clone();
    let checked = form::check_report(&received);
    if let Err(more) = &checked {
        problems.extend(more.iter().cloned());
    }
    let mut input = match checked {
        Ok(input) if problems.is_empty() => input,
        _ => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return shown_again(Notice::Problems, &problems, status, 0);
        }
    };
    // Counted only once the form is complete: a person correcting a mistake is not
    // spending their allowance.
    let proven = desk
        .proof
        .accept(received.text("pow_challenge"), received.text("pow_nonce"));
    if let Err(wait) = desk.limits.submission(&client, proven) {
        let status = StatusCode::TOO_MANY_REQUESTS;
        let mut response = shown_again(Notice::Limited, &[], status, minutes(wait))?;
        retry_after(&mut response, wait);
        return Ok(response);
    }
    let enterprise_uscc = match_enterprise(&choices, &input.enterprise);
    if enterprise_uscc.is_none() {
        input.answers.enterprise_other = input.enterprise.clone();
    }
    let result = desk
        .submit(&pool, input, enterprise_uscc, received.files)
        .await;
    match result {
        Ok(receipt) => {
            let mut context = Context::new();
            context.insert("code", &receipt.code.grouped());
            // The code is shown once: no link here may lead away from it unasked.
            context.insert("hide_language", &true);
            context.insert("files", &file_views(&renderer, page.lang, &receipt.files));
            page.render_with_status(&renderer, "report/receipt.html", context, StatusCode::OK)
        }
        Err(NotStored::Closed) => {
            shown_again(Notice::Closed, &[], StatusCode::SERVICE_UNAVAILABLE, 0)
        }
        Err(NotStored::Failed(e)) => {
            log_not_stored("report", &e);
            shown_again(Notice::NotSaved, &[], StatusCode::SERVICE_UNAVAILABLE, 0)
        }
    }
}

/// Every text field as typed (not the honeypot), to fill the form in again.
fn typed_values(received: &Received) -> HashMap<String, String> {
    REPORT_FIELDS
        .iter()
        .map(|&field| (field.to_owned(), received.text(field).to_owned()))
        .collect()
}

/// How an enterprise appears in the list: `name（USCC）`.
fn choice_label(choice: &EnterpriseChoice) -> String {
    format!("{}（{}）", choice.name_zh, choice.uscc)
}

/// The listed enterprise the typed text names: by its code anywhere in the text, or by
/// its exact Chinese or English name.
fn match_enterprise(choices: &[EnterpriseChoice], typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let code = typed
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| part.len() == 18)
        .find_map(|part| Uscc::parse(part).ok());
    choices
        .iter()
        .find(|c| match &code {
            Some(code) => c.uscc == code.as_ref(),
            None => c.name_zh == typed || c.name_en.as_deref() == Some(typed),
        })
        .map(|c| c.uscc.clone())
}

#[derive(Serialize)]
struct KindOption {
    code: &'static str,
}

fn render_form(
    page: &Page,
    renderer: &Renderer,
    desk: &ReportDesk,
    choices: &[EnterpriseChoice],
    state: FormState<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let settings = desk.settings();
    let mut context = Context::new();
    let labels: Vec<String> = choices.iter().map(choice_label).collect();
    context.insert("enterprises", &labels);
    context.insert(
        "kinds",
        &ReportKind::ALL
            .iter()
            .map(|k| KindOption { code: k.code() })
            .collect::<Vec<_>>(),
    );
    context.insert(
        "how_known_options",
        &HowKnown::ALL.iter().map(|h| h.code()).collect::<Vec<_>>(),
    );
    let mut values = state.values;
    for field in REPORT_FIELDS {
        values.entry((*field).to_owned()).or_default();
    }
    context.insert("values", &values);
    context.insert(
        "problems",
        &problem_texts(renderer, page.lang, state.problems),
    );
    context.insert("notice", &state.notice);
    context.insert("file_names", &state.file_names);
    context.insert("wait_minutes", &state.wait_minutes);
    context.insert("max_attachments", &settings.max_attachments);
    context.insert("max_attachment_mb", &settings.max_attachment_mb);
    context.insert("honeypot", HONEYPOT);
    context.insert("pow_bits", &desk.proof.bits());
    context.insert("pow_challenge", &desk.proof.challenge().unwrap_or_default());
    let mut response = page.render_with_status(renderer, "report/form.html", context, status)?;
    if desk.proof.bits() > 0 {
        // The one page with a script: our own file, for the optional proof of work.
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FORM_CONTENT_SECURITY_POLICY),
        );
    }
    Ok(response)
}

/// The site's policy, plus the form's own script file (no inline script, still).
const FORM_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enterprise_is_found_by_code_or_exact_name() {
        let choices = vec![EnterpriseChoice {
            uscc: "91310000MA1FL5XK3C".into(),
            name_zh: "城投集团".into(),
            name_en: Some("City Investment Group".into()),
        }];
        let code = Some("91310000MA1FL5XK3C".to_owned());
        assert_eq!(
            match_enterprise(&choices, "城投集团（91310000MA1FL5XK3C）"),
            code
        );
        assert_eq!(match_enterprise(&choices, "城投集团"), code);
        assert_eq!(match_enterprise(&choices, "City Investment Group"), code);
        assert_eq!(match_enterprise(&choices, "城投"), None);
        assert_eq!(match_enterprise(&choices, ""), None);
    }
}
