//! `/admin/audit`: the log for administrators, newest first, filtered by who, what, to
//! what and when, a page at a time.
//!
//! Reading the log is itself recorded (`audit.viewed`, with the filters): who looked into
//! whose activity is exactly what the people supervised may ask about. To keep the record
//! readable, only a first page is recorded (paging through one result is one look), and
//! not when the administrator's own last entry is already the same look (a reload, or
//! coming back to it) — a new look, or the same one after doing something else, is.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel_async::AsyncPgConnection;

use super::view::log_context;
use crate::audit::catalog::VIEWED;
use crate::audit::filter::{Cursor, LogFilter, LogQuery};
use crate::audit::queries::{self, LogPage};
use crate::audit::{append, chain, Actor};
use crate::db::PgPool;
use crate::staff::{self, staff_context, Administrator};
use crate::web::{AppError, Page, Renderer};

/// Entries per page.
const PAGE_SIZE: i64 = 50;

/// Records that `actor` read the log with `filter`, unless that is their last entry.
async fn record_view(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    filter: &LogFilter,
) -> Result<(), AppError> {
    let detail = filter.describe();
    if let Some(id) = actor.id {
        let last = queries::last_entry_by(conn, id).await?;
        if last.is_some_and(|e| e.action == VIEWED && e.detail == detail) {
            return Ok(());
        }
    }
    append(conn, actor, VIEWED, "audit_log", &detail).await?;
    Ok(())
}

/// The log, filtered and paged as the query says; a malformed filter gets the form back.
pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    admin: Administrator,
    query: web::Query<LogQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let filter = LogFilter::try_from(&*query);
    let cursor = query.cursor();
    let log = match &filter {
        Ok(filter) => {
            if cursor == Cursor::Newest {
                record_view(&mut conn, &admin.actor(), filter).await?;
            }
            queries::log_page(&mut conn, filter, cursor, PAGE_SIZE).await?
        }
        Err(_) => LogPage::default(),
    };
    let mut context = staff_context(&admin);
    context.insert("head", &chain::head(&mut conn).await?);
    context.insert("accounts", &staff::list_accounts(&mut conn).await?);
    let status = match filter {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    context.extend(log_context(
        &page,
        renderer.catalog(),
        &query,
        filter,
        cursor,
        log,
    ));
    page.render_with_status(&renderer, "admin/audit.html", context, status)
}
