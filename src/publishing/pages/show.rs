//! `/admin/drafts/{id}`: a draft's state, authors, what it would publish, what stops it
//! now, and the actions open to the reader; and its file as a download.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use diesel_async::AsyncPgConnection;
use serde::Serialize;

use super::entry::Typed;
use super::{context, draft, render};
use crate::db::PgPool;
use crate::disclosure::import::{self, Effect, SourceFile};
use crate::disclosure::{disclosures_of, find_disclosure, Period, Section};
use crate::enterprise::Uscc;
use crate::publishing::check::{check_file, check_withdrawal, Purpose, Report};
use crate::publishing::model::{Draft, DraftKind, DraftState};
use crate::publishing::queries;
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// A disclosure the draft would touch, as the page lists it.
#[derive(Serialize)]
struct PlannedView {
    uscc: String,
    section: Section,
    period: Period,
    effect: Option<Effect>,
    disclosure_id: Option<i64>,
}

/// What the reader may do with the draft now.
#[derive(Serialize)]
struct Actions {
    edit: bool,
    submit: bool,
    discard: bool,
    recall: bool,
    review: bool,
    preview: bool,
}

fn actions(draft: &Draft, me: i64) -> Actions {
    let author = draft.is_author(me);
    let editable = draft.state.is_editable();
    let submitted = draft.state == DraftState::Submitted;
    Actions {
        edit: editable,
        submit: editable && author,
        discard: editable && author,
        recall: submitted && author,
        review: submitted && !author,
        preview: draft.state.is_open(),
    }
}

/// `GET /admin/drafts/{id}`.
pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    let typed = (&page, renderer.get_ref(), &publisher);
    render_show(typed, &mut conn, &draft, None, None, StatusCode::OK).await
}

/// Renders the draft page; `refusal` (a message id) says why an action was refused, and
/// `rejected` lists what stopped an approval.
pub(super) async fn render_show(
    (page, renderer, publisher): Typed<'_>,
    conn: &mut AsyncPgConnection,
    draft: &Draft,
    refusal: Option<&str>,
    rejected: Option<&Report>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut people = draft.authors.clone();
    people.extend(draft.reviewed_by);
    let names = queries::staff_names(conn, &people).await?;
    let report = match rejected {
        Some(report) => Some(report.clone()),
        None if draft.state.is_open() => Some(current_report_for(conn, draft).await?),
        None => None,
    };
    let mut context = context(publisher);
    context.insert("draft", draft);
    let authors: Vec<&String> = draft.authors.iter().filter_map(|a| names.get(a)).collect();
    context.insert("authors", &authors);
    context.insert("reviewer", &draft.reviewed_by.and_then(|r| names.get(&r)));
    context.insert("is_author", &draft.is_author(publisher.staff().id));
    context.insert("actions", &actions(draft, publisher.staff().id));
    context.insert("refusal", &refusal);
    let issues = report
        .as_ref()
        .map(|r| r.issues(renderer.catalog(), page.lang))
        .unwrap_or_default();
    context.insert("issues", &issues);
    let planned: Vec<PlannedView> = report
        .iter()
        .flat_map(|r| &r.planned)
        .map(|p| PlannedView {
            uscc: p.uscc.as_str().to_owned(),
            section: p.section,
            period: p.period,
            effect: p.effect,
            disclosure_id: p.disclosure_id,
        })
        .collect();
    context.insert("planned", &planned);
    let target = match draft.disclosure_id {
        Some(id) => find_disclosure(conn, id).await?.map(|r| r.disclosure),
        None => None,
    };
    context.insert("target", &target);
    context.insert("published", &published_ids(conn, draft).await?);
    render(page, renderer, "publishing/show.html", context, status)
}

/// What stops the draft now, and what it would do.
pub(super) async fn current_report_for(
    conn: &mut AsyncPgConnection,
    draft: &Draft,
) -> Result<Report, AppError> {
    match (draft.kind, draft.disclosure_id, draft.reason.as_deref()) {
        (DraftKind::Withdrawal, Some(id), Some(reason)) => {
            Ok(check_withdrawal(conn, id, reason).await?)
        }
        (DraftKind::Withdrawal, _, _) => Err(AppError::NotFound),
        (kind, disclosure_id, _) => {
            let file = queries::file_of(conn, draft.id)
                .await?
                .ok_or(AppError::NotFound)?;
            let purpose = match (kind, disclosure_id) {
                (DraftKind::Upload, _) => Purpose::Upload,
                (_, Some(id)) => Purpose::Amend(id),
                (_, None) => Purpose::New,
            };
            Ok(check_file(conn, &file, purpose).await?.0)
        }
    }
}

/// The public disclosures a published draft went to.
async fn published_ids(conn: &mut AsyncPgConnection, draft: &Draft) -> Result<Vec<i64>, AppError> {
    if draft.state != DraftState::Published {
        return Ok(Vec::new());
    }
    if let (DraftKind::Withdrawal, Some(id)) = (draft.kind, draft.disclosure_id) {
        return Ok(vec![id]);
    }
    let Some(file) = queries::file_of(conn, draft.id).await? else {
        return Ok(Vec::new());
    };
    let checked = import::check(&[SourceFile {
        name: file.name,
        bytes: file.bytes,
    }]);
    let mut ids = Vec::new();
    let mut enterprises: Vec<Uscc> = Vec::new();
    for (uscc, _, _) in checked.disclosures() {
        if !enterprises.contains(&uscc) {
            enterprises.push(uscc);
        }
    }
    let wanted = checked.disclosures();
    for uscc in enterprises {
        for record in disclosures_of(conn, &uscc).await? {
            let d = &record.disclosure;
            let key = (d.enterprise_uscc.clone(), d.section, d.period);
            if wanted.contains(&key) {
                ids.push(d.id);
            }
        }
    }
    Ok(ids)
}

/// `GET /admin/drafts/{id}/file`: the stored file, as it was uploaded or written.
pub async fn download(
    pool: web::Data<PgPool>,
    _publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    let file = queries::file_of(&mut conn, draft.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let content_type = if file.name.to_ascii_lowercase().ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv; charset=utf-8"
    };
    let encoded: String = url::form_urlencoded::byte_serialize(file.name.as_bytes()).collect();
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"draft\"; filename*=UTF-8''{encoded}"),
        ))
        .body(file.bytes))
}
