//! The entry form: a new draft of any section (`/admin/drafts/new`), editing a draft
//! (`/admin/drafts/{id}/edit`), and amending a published disclosure (its form is here
//! too, posted to `/admin/disclosures/{id}/amend`). The form comes back with everything
//! typed and each problem beside its field; "add rows" re-renders it with more rows.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use super::{context, draft, editor, render, see_other};
use crate::db::PgPool;
use crate::disclosure::Section;
use crate::publishing::check::{check_file, file_content, Issue, OwnProblem, Purpose, Report};
use crate::publishing::entry::{EntryForm, ADDED_ROWS, FIRST_ROWS};
use crate::publishing::form_view::form_view;
use crate::publishing::model::{Draft, DraftContent, DraftFile, DraftKind};
use crate::publishing::queries;
use crate::publishing::workflow::{self, Editor};
use crate::staff::Publisher;
use crate::web::{AppError, Page, Renderer};

/// `?section=` of the new draft.
#[derive(Debug, Deserialize)]
pub struct SectionQuery {
    section: Option<String>,
}

/// Where the entry form is posted and what it is for.
pub(super) struct EntryTarget {
    action: String,
    heading: &'static str,
    cancel: String,
    purpose: Purpose,
    draft_id: Option<i64>,
}

impl EntryTarget {
    fn new() -> EntryTarget {
        EntryTarget {
            action: "/admin/drafts/new".to_owned(),
            heading: "publishing_new_heading",
            cancel: "/admin/drafts".to_owned(),
            purpose: Purpose::New,
            draft_id: None,
        }
    }

    fn edit(draft: &Draft) -> EntryTarget {
        EntryTarget {
            action: format!("/admin/drafts/{}/edit", draft.id),
            heading: "publishing_edit_heading",
            cancel: format!("/admin/drafts/{}", draft.id),
            purpose: draft.disclosure_id.map_or(Purpose::New, Purpose::Amend),
            draft_id: Some(draft.id),
        }
    }

    /// The form amending a published disclosure.
    pub(super) fn amend(disclosure_id: i64) -> EntryTarget {
        EntryTarget {
            action: format!("/admin/disclosures/{disclosure_id}/amend"),
            heading: "publishing_amend_heading",
            cancel: format!("/admin/disclosures/{disclosure_id}"),
            purpose: Purpose::Amend(disclosure_id),
            draft_id: None,
        }
    }

    /// An amendment corrects one disclosure: its enterprise and period stay.
    fn locked(&self) -> &'static [&'static str] {
        match self.purpose {
            Purpose::Amend(_) => &["uscc", "year", "quarter"],
            _ => &[],
        }
    }
}

/// Renders the entry form with `issues` beside what they concern.
pub(super) fn render_entry(
    page: &Page,
    renderer: &Renderer,
    publisher: &Publisher,
    form: &EntryForm,
    issues: &[Issue],
    target: &EntryTarget,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = context(publisher);
    let view = form_view(form, issues, page.lang, target.locked());
    context.insert("form", &view);
    context.insert("action", &target.action);
    context.insert("heading", target.heading);
    context.insert("cancel", &target.cancel);
    context.insert("amending", &matches!(target.purpose, Purpose::Amend(_)));
    context.insert("added_rows", &ADDED_ROWS);
    render(page, renderer, "publishing/entry.html", context, status)
}

/// `GET /admin/drafts/new`: the sections to choose from, or a section's empty form.
pub async fn new_form(
    page: Page,
    renderer: web::Data<Renderer>,
    publisher: Publisher,
    query: web::Query<SectionQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(section) = query.section.as_deref().and_then(Section::from_code) else {
        let mut context = context(&publisher);
        context.insert("sections", Section::ALL);
        return render(
            &page,
            &renderer,
            "publishing/new.html",
            context,
            StatusCode::OK,
        );
    };
    let form = EntryForm::blank(section);
    let target = EntryTarget::new();
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

/// `POST /admin/drafts/new`: more rows, or a checked and saved new entry draft.
pub async fn create(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pairs = form.into_inner();
    let section = field(&pairs, "section")
        .and_then(Section::from_code)
        .ok_or(AppError::NotFound)?;
    let form = EntryForm::from_pairs(section, &pairs);
    let target = EntryTarget::new();
    let typed = (&page, renderer.get_ref(), &publisher);
    submit_entry(typed, &pool, form, &target, wants_rows(&pairs)).await
}

/// `GET /admin/drafts/{id}/edit`: the form, upload or reason of an editable draft.
pub async fn edit_form(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    if !draft.state.is_editable() {
        return Ok(see_other(&format!("/admin/drafts/{}", draft.id)));
    }
    match draft.kind {
        DraftKind::Entry => {
            let mut form = stored_form(&mut conn, &draft).await?;
            if form.layout().is_table() && form.rows.is_empty() {
                form.add_rows(FIRST_ROWS);
            }
            let target = EntryTarget::edit(&draft);
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
        DraftKind::Upload => {
            let typed = (&page, renderer.get_ref(), &publisher);
            super::upload::render_form(typed, Some(&draft), &[], None, StatusCode::OK)
        }
        DraftKind::Withdrawal => {
            let id = draft.disclosure_id.ok_or(AppError::NotFound)?;
            let reason = draft.reason.clone().unwrap_or_default();
            let typed = (&page, renderer.get_ref(), &publisher);
            let target = (id, Some(draft.id));
            super::disclosures::render_withdraw(
                typed,
                &mut conn,
                target,
                &reason,
                &[],
                StatusCode::OK,
            )
            .await
        }
    }
}

/// `POST /admin/drafts/{id}/edit`: an entry or withdrawal draft changed.
pub async fn edit_save(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    publisher: Publisher,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pairs = form.into_inner();
    let mut conn = pool.get().await?;
    let draft = draft(&mut conn, &path).await?;
    drop(conn);
    let typed = (&page, renderer.get_ref(), &publisher);
    match (draft.kind, draft.section, draft.disclosure_id) {
        (DraftKind::Entry, Some(section), _) => {
            let form = EntryForm::from_pairs(section, &pairs);
            let target = EntryTarget::edit(&draft);
            submit_entry(typed, &pool, form, &target, wants_rows(&pairs)).await
        }
        (DraftKind::Withdrawal, _, Some(disclosure_id)) => {
            let reason = field(&pairs, "reason").unwrap_or_default();
            let target = (disclosure_id, Some(draft.id));
            super::disclosures::save_withdrawal(typed, &pool, target, reason).await
        }
        _ => Err(AppError::NotFound),
    }
}

/// The page, its renderer and who is signed in: what every form needs to render.
pub(super) type Typed<'a> = (&'a Page, &'a Renderer, &'a Publisher);

/// Handles a posted entry form: more rows, or a check and — when clean — a saved draft.
pub(super) async fn submit_entry(
    (page, renderer, publisher): Typed<'_>,
    pool: &PgPool,
    mut form: EntryForm,
    target: &EntryTarget,
    more_rows: bool,
) -> Result<HttpResponse, AppError> {
    if more_rows {
        form.add_rows(ADDED_ROWS);
        return render_entry(
            page,
            renderer,
            publisher,
            &form,
            &[],
            target,
            StatusCode::OK,
        );
    }
    let form = form.without_blank_rows();
    let mut conn = pool.get().await?;
    match save_entry(&mut conn, &editor(publisher), &form, target).await? {
        Ok(id) => Ok(see_other(&format!("/admin/drafts/{id}"))),
        Err(report) => {
            let issues = report.issues(renderer.catalog(), page.lang);
            let mut form = form;
            if form.layout().is_table() && form.rows.is_empty() {
                form.add_rows(FIRST_ROWS);
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_entry(page, renderer, publisher, &form, &issues, target, status)
        }
    }
}

/// Checks the form's file and, when clean, creates or updates the draft.
async fn save_entry(
    conn: &mut AsyncPgConnection,
    editor: &Editor,
    form: &EntryForm,
    target: &EntryTarget,
) -> Result<Result<i64, Report>, AppError> {
    let file = DraftFile {
        name: format!("{}.csv", form.section.code()),
        bytes: form.to_csv(),
    };
    let (report, _) = check_file(conn, &file, target.purpose).await?;
    if !report.is_clean() {
        return Ok(Err(report));
    }
    let mut content = file_content(DraftKind::Entry, file, &report);
    if let (Purpose::Amend(id), DraftContent::File { disclosure_id, .. }) =
        (target.purpose, &mut content)
    {
        *disclosure_id = Some(id);
    }
    let Some(id) = target.draft_id else {
        return Ok(Ok(workflow::create(conn, editor, &content).await?));
    };
    match workflow::update(conn, editor, id, &content).await? {
        Some(_) => Ok(Ok(id)),
        None => Ok(Err(not_editable())),
    }
}

/// The answer when a draft stopped being editable while someone edited it.
pub(super) fn not_editable() -> Report {
    Report {
        own: vec![OwnProblem {
            message: "publishing_not_editable",
            column: None,
        }],
        ..Report::default()
    }
}

/// The form an entry draft's stored file came from.
async fn stored_form(conn: &mut AsyncPgConnection, draft: &Draft) -> Result<EntryForm, AppError> {
    let file = queries::file_of(conn, draft.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let section = draft.section.ok_or(AppError::NotFound)?;
    EntryForm::from_csv(section, &file.bytes).ok_or(AppError::NotFound)
}

/// A field of a posted form.
pub(super) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Whether the "add rows" button was pressed (rather than "save").
pub(super) fn wants_rows(pairs: &[(String, String)]) -> bool {
    field(pairs, "action") == Some("add_rows")
}
