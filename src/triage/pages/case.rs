//! `/admin/cases/{reference}`: one case, opened with the member's key. Each view is
//! written to the audit log, and so is each file opened.

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::audit;
use crate::config::Settings;
use crate::db::schema::{report_attachments, units};
use crate::db::PgPool;
use crate::report::beijing_today;
use crate::report::model::{AttachmentAbout, Finding};
use crate::report::pages::file_views;
use crate::report::sealing::Field;
use crate::staff::{staff_context, UnitStaff};
use crate::triage::case_view::{self, CaseView};
use crate::triage::cases::{self, CaseRow, Member};
use crate::triage::rectification::ItemStatus;
use crate::triage::workflow::ReferralBody;
use crate::triage::Deadlines;
use crate::web::{AppError, Page, Renderer};

/// The case a member asked for, or "not found" (refusals are audited by `cases::open`).
pub async fn find(
    conn: &mut AsyncPgConnection,
    member: &Member,
    reference: &str,
) -> Result<CaseRow, AppError> {
    cases::open(conn, member, reference)
        .await?
        .map_err(|_| AppError::NotFound)
}

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    deadlines: web::Data<Deadlines>,
    staff: UnitStaff,
    reference: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let member = Member::of(&staff);
    let mut conn = pool.get().await?;
    let case = find(&mut conn, &member, &reference).await?;
    let view = CasePage {
        page: &page,
        renderer: &renderer,
        settings: &settings,
        deadlines: &deadlines,
        staff: &staff,
    };
    view.render(
        &mut conn,
        &member,
        &case,
        None,
        &HashMap::new(),
        StatusCode::OK,
    )
    .await
}

/// What rendering the case page needs besides the case.
pub struct CasePage<'a> {
    pub page: &'a Page,
    pub renderer: &'a Renderer,
    pub settings: &'a Settings,
    pub deadlines: &'a Deadlines,
    pub staff: &'a UnitStaff,
}

impl CasePage<'_> {
    /// Renders the case, with a refusal and the text the member typed when an action
    /// was refused (nothing typed is lost). The view is audited.
    pub async fn render(
        &self,
        conn: &mut AsyncPgConnection,
        member: &Member,
        case: &CaseRow,
        refusal: Option<&str>,
        typed: &HashMap<String, String>,
        status: StatusCode,
    ) -> Result<HttpResponse, AppError> {
        let today = beijing_today();
        let mut view: CaseView = case_view::load(
            conn,
            member,
            case,
            self.deadlines,
            today,
            self.settings.triage.duplicate_similarity,
        )
        .await
        .map_err(AppError::Internal)?;
        describe_files(&mut view, self.renderer, self.page.lang);
        let detail = if view.readable {
            "read"
        } else {
            "without the unit key"
        };
        let target = format!("report:{}", case.reference);
        audit::append(conn, &member.actor, "case.viewed", &target, detail).await?;
        let other_units: Vec<(String, String, String)> = units::table
            .filter(units::active)
            .filter(units::code.ne(&case.unit_code))
            .order(units::code)
            .select((units::code, units::name_zh, units::name_en))
            .load(conn)
            .await?;
        let mut context = staff_context(&self.staff.signed_in);
        context.insert("view", &view);
        context.insert("refusal", &refusal);
        context.insert("typed", typed);
        context.insert("today", &today);
        context.insert("findings", Finding::ALL);
        context.insert("referral_bodies", ReferralBody::ALL);
        context.insert("item_statuses", ItemStatus::ALL);
        context.insert("other_units", &other_units);
        context.insert("is_triager", &member.is_triager());
        self.page
            .render_with_status(self.renderer, "triage/case.html", context, status)
    }
}

/// Puts each file's name, size and metadata findings into the reader's language.
fn describe_files(view: &mut CaseView, renderer: &Renderer, lang: crate::web::i18n::Lang) {
    let files = view
        .files
        .iter_mut()
        .chain(view.messages.iter_mut().flat_map(|m| m.files.iter_mut()));
    for file in files {
        file.shown = file_views(renderer, lang, std::slice::from_ref(&file.about))
            .into_iter()
            .next();
    }
}

/// A file of the case, decrypted, as a download (never shown inline: a file from an
/// anonymous sender must not run in the staff site's origin).
pub async fn file(
    pool: web::Data<PgPool>,
    staff: UnitStaff,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (reference, id) = path.into_inner();
    let member = Member::of(&staff);
    let mut conn = pool.get().await?;
    let case = find(&mut conn, &member, &reference).await?;
    let key = case_view::data_key(&mut conn, &member, &case)
        .await?
        .ok_or(AppError::NotFound)?;
    let (about, content): (Vec<u8>, Vec<u8>) = report_attachments::table
        .filter(report_attachments::id.eq(id))
        .filter(report_attachments::report_id.eq(case.id))
        .select((report_attachments::about, report_attachments::content))
        .first(&mut conn)
        .await?;
    let about: AttachmentAbout = key
        .open(&case.reference, Field::AttachmentAbout, &about)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or(AppError::NotFound)?;
    let bytes = key
        .open(&case.reference, Field::AttachmentContent, &content)
        .map_err(|e| AppError::Internal(e.into()))?;
    let target = format!("report:{}", case.reference);
    let detail = format!("file {id}");
    audit::append(
        &mut conn,
        &member.actor,
        "case.file_opened",
        &target,
        &detail,
    )
    .await?;
    let name: String = about
        .name
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"file-{id}\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
