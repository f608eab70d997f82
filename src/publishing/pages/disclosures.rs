//! Published disclosures on the admin site: found by enterprise (`/admin/disclosures`),
//! shown with their versions (`/admin/disclosures/{id}`), amended through the entry form
//! prefilled with the current content, or withdrawn with a reason. Both make drafts that
//! go through review like any other.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use super::entry::{field, render_entry, submit_entry, wants_rows, EntryTarget, Typed};
use super::{context, editor, parse_id, render, see_other};
use crate::db::PgPool;
use crate::disclosure::{contents, disclosures_of, find_disclosure, DisclosureRecord};
use crate::enterprise::{find_enterprise, Enterprise, Uscc};
use crate::publishing::check::{check_withdrawal, Issue};
use crate::publishing::entry::EntryForm;
use crate::publishing::model::DraftContent;
use crate::publishing::workflow;
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// `?uscc=` of the enterprise whose disclosures to list.
#[derive(Debug, Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    uscc: String,
}

/// `GET /admin/disclosures?uscc=`: an enterprise's published disclosures.
pub async fn find(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    query: web::Query<FindQuery>,
) -> Result<HttpResponse, AppError> {
    let mut context = context(&publisher);
    context.insert("uscc", query.uscc.trim());
    let mut found = None;
    let mut records = Vec::new();
    if let Ok(uscc) = Uscc::parse(&query.uscc) {
        let mut conn = pool.get().await?;
        found = find_enterprise(&mut conn, &uscc).await?;
        if found.is_some() {
            records = disclosures_of(&mut conn, &uscc).await?;
        }
    }
    let searched = !query.uscc.trim().is_empty();
    context.insert("searched", &searched);
    context.insert("enterprise", &found);
    let listed: Vec<_> = records
        .iter()
        .map(|r| (&r.disclosure, r.latest(), r.is_withdrawn()))
        .collect();
    context.insert("disclosures", &listed);
    render(
        &page,
        &renderer,
        "publishing/disclosures.html",
        context,
        StatusCode::OK,
    )
}

/// A published disclosure and its enterprise, by the id in the URL.
async fn published(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> Result<(DisclosureRecord, Enterprise), AppError> {
    let record = find_disclosure(conn, id).await?.ok_or(AppError::NotFound)?;
    let enterprise = find_enterprise(conn, &record.disclosure.enterprise_uscc)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((record, enterprise))
}

/// `GET /admin/disclosures/{id}`: one, with its versions and the amend and withdraw actions.
pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let (record, enterprise) = published(&mut conn, parse_id(&path)?).await?;
    let mut context = context(&publisher);
    context.insert("disclosure", &record.disclosure);
    context.insert("versions", &record.versions);
    context.insert("withdrawn", &record.is_withdrawn());
    context.insert("enterprise", &enterprise);
    render(
        &page,
        &renderer,
        "publishing/disclosure.html",
        context,
        StatusCode::OK,
    )
}

/// `GET /admin/disclosures/{id}/amend`: the entry form holding the current content.
pub async fn amend_form(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let mut conn = pool.get().await?;
    let (record, _) = published(&mut conn, id).await?;
    let version = record.latest_content_version().ok_or(AppError::NotFound)?;
    let section = record.disclosure.section;
    let content = contents(&mut conn, section, &[version.id])
        .await?
        .remove(&version.id)
        .ok_or(AppError::NotFound)?;
    let d = &record.disclosure;
    let form = EntryForm::from_published(d.enterprise_uscc.as_str(), d.period, version, &content);
    let target = EntryTarget::amend(id);
    render_entry(
        &page,
        &renderer,
        &publisher,
        &form,
        &[],
        &target,
        StatusCode::OK,
    )
}

/// `POST /admin/disclosures/{id}/amend`: more rows, or a checked and saved amendment draft.
pub async fn amend(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let mut conn = pool.get().await?;
    let (record, _) = published(&mut conn, id).await?;
    drop(conn);
    let pairs = form.into_inner();
    let form = EntryForm::from_pairs(record.disclosure.section, &pairs);
    let typed = (&page, renderer.get_ref(), &publisher);
    let target = EntryTarget::amend(id);
    submit_entry(typed, &pool, form, &target, wants_rows(&pairs)).await
}

/// `GET /admin/disclosures/{id}/withdraw`.
pub async fn withdraw_form(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let mut conn = pool.get().await?;
    let typed = (&page, renderer.get_ref(), &publisher);
    render_withdraw(typed, &mut conn, (id, None), "", &[], StatusCode::OK).await
}

/// `POST /admin/disclosures/{id}/withdraw`: a withdrawal draft, once a reason is given.
pub async fn withdraw(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let reason = field(&form.0, "reason").unwrap_or_default();
    let typed = (&page, renderer.get_ref(), &publisher);
    save_withdrawal(typed, &pool, (id, None), reason).await
}

/// Which disclosure is withdrawn, and the draft that does it when editing one.
pub(super) type WithdrawalTarget = (i64, Option<i64>);

/// Renders the withdrawal form with the reason as typed and its problems.
pub(super) async fn render_withdraw(
    (page, renderer, publisher): Typed<'_>,
    conn: &mut AsyncPgConnection,
    (disclosure_id, draft_id): WithdrawalTarget,
    reason: &str,
    issues: &[Issue],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (record, enterprise) = published(conn, disclosure_id).await?;
    let action = match draft_id {
        Some(draft) => format!("/admin/drafts/{draft}/edit"),
        None => format!("/admin/disclosures/{disclosure_id}/withdraw"),
    };
    let mut context = context(publisher);
    context.insert("disclosure", &record.disclosure);
    context.insert("enterprise", &enterprise);
    context.insert("action", &action);
    context.insert("reason", reason);
    context.insert("issues", issues);
    render(page, renderer, "publishing/withdraw.html", context, status)
}

/// Checks a withdrawal's reason and, when clean, creates or updates its draft.
pub(super) async fn save_withdrawal(
    typed: Typed<'_>,
    pool: &PgPool,
    target: WithdrawalTarget,
    reason: &str,
) -> Result<HttpResponse, AppError> {
    let (page, renderer, publisher) = typed;
    let (disclosure_id, draft_id) = target;
    let mut conn = pool.get().await?;
    let report = check_withdrawal(&mut conn, disclosure_id, reason).await?;
    let refused = |issues: Vec<Issue>| (issues, StatusCode::UNPROCESSABLE_ENTITY);
    let (issues, status) = if report.is_clean() {
        let content = DraftContent::Withdrawal {
            disclosure_id,
            reason: reason.trim().to_owned(),
        };
        let editor = editor(publisher);
        match draft_id {
            None => {
                let id = workflow::create(&mut conn, &editor, &content).await?;
                return Ok(see_other(&format!("/admin/drafts/{id}")));
            }
            Some(id) => match workflow::update(&mut conn, &editor, id, &content).await? {
                Some(_) => return Ok(see_other(&format!("/admin/drafts/{id}"))),
                None => refused(super::entry::not_editable().issues(renderer.catalog(), page.lang)),
            },
        }
    } else {
        refused(report.issues(renderer.catalog(), page.lang))
    };
    render_withdraw(typed, &mut conn, target, reason, &issues, status).await
}
