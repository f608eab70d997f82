//! The publishing pages under `/admin`: drafts, the entry form, uploads, previews, review,
//! and published disclosures with their amend and withdraw actions. Every handler takes a
//! [`Publisher`], so no other role reaches any of them.

mod actions;
mod disclosures;
mod entry;
mod list;
mod preview;
mod show;
mod upload;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use diesel_async::AsyncPgConnection;
use tera::Context;

use super::model::Draft;
use super::queries;
use super::workflow::Editor;
use crate::staff::{staff_context, Publisher};
use crate::web::{get_or_head, AppError, Page, Renderer};

/// Routes relative to `/admin` (the app mounts them inside the staff scope).
pub fn admin_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/drafts", get_or_head().to(list::index))
        .route("/drafts/new", get_or_head().to(entry::new_form))
        .route("/drafts/new", web::post().to(entry::create))
        .route("/drafts/upload", get_or_head().to(upload::form))
        .route("/drafts/upload", web::post().to(upload::create))
        .route("/drafts/{id}", get_or_head().to(show::show))
        .route("/drafts/{id}/file", get_or_head().to(show::download))
        .route("/drafts/{id}/edit", get_or_head().to(entry::edit_form))
        .route("/drafts/{id}/edit", web::post().to(entry::edit_save))
        .route("/drafts/{id}/upload", web::post().to(upload::replace))
        .route("/drafts/{id}/preview", get_or_head().to(preview::overview))
        .route(
            "/drafts/{id}/preview/{n}",
            get_or_head().to(preview::current),
        )
        .route(
            "/drafts/{id}/preview/{n}/history",
            get_or_head().to(preview::history),
        )
        .route("/drafts/{id}/submit", web::post().to(actions::submit))
        .route("/drafts/{id}/recall", web::post().to(actions::recall))
        .route("/drafts/{id}/discard", web::post().to(actions::discard))
        .route("/drafts/{id}/return", web::post().to(actions::send_back))
        .route("/drafts/{id}/approve", web::post().to(actions::approve))
        .route("/disclosures", get_or_head().to(disclosures::find))
        .route("/disclosures/{id}", get_or_head().to(disclosures::show))
        .route(
            "/disclosures/{id}/amend",
            get_or_head().to(disclosures::amend_form),
        )
        .route(
            "/disclosures/{id}/amend",
            web::post().to(disclosures::amend),
        )
        .route(
            "/disclosures/{id}/withdraw",
            get_or_head().to(disclosures::withdraw_form),
        )
        .route(
            "/disclosures/{id}/withdraw",
            web::post().to(disclosures::withdraw),
        );
}

/// The acting publisher as the workflow records them.
fn editor(publisher: &Publisher) -> Editor {
    Editor {
        id: publisher.staff().id,
        actor: publisher.actor(),
    }
}

/// Ids in URLs are parsed by hand so that garbage is a 404, like any unknown page.
fn parse_id(text: &str) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// A draft by the id in its URL.
async fn draft(conn: &mut AsyncPgConnection, id: &str) -> Result<Draft, AppError> {
    queries::find(conn, parse_id(id)?)
        .await?
        .ok_or(AppError::NotFound)
}

/// A 303 to `location` (after a POST, so reloading does not repeat it).
fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// The context of every publishing page: who is signed in and the forms' token.
fn context(publisher: &Publisher) -> Context {
    staff_context(publisher)
}

/// Renders a publishing page with a status (a form sent back with its problems is 422).
fn render(
    page: &Page,
    renderer: &Renderer,
    template: &str,
    context: Context,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    page.render_with_status(renderer, template, context, status)
}
