//! `/admin/cases`: the unit's queue, soonest deadline first, with filters and counts.

use actix_web::{web, HttpResponse};

use crate::config::Settings;
use crate::db::PgPool;
use crate::report::beijing_today;
use crate::report::ReportKind;
use crate::staff::{staff_context, UnitStaff};
use crate::triage::cases::{self, Member, QueueFilter};
use crate::triage::{access, Deadlines};
use crate::web::{AppError, Page, Renderer};

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    deadlines: web::Data<Deadlines>,
    staff: UnitStaff,
    filter: web::Query<QueueFilter>,
) -> Result<HttpResponse, AppError> {
    let member = Member::of(&staff);
    let today = beijing_today();
    let mut conn = pool.get().await?;
    let queue = cases::queue(
        &mut conn,
        &member,
        &filter,
        &deadlines,
        today,
        settings.triage.page_size,
    )
    .await?;
    let assignable = cases::assignable(&mut conn, &member.unit, None).await?;
    let members = access::members(&mut conn, &member.unit).await?;
    let holds_key = members.iter().any(|m| m.id == member.id && m.granted);
    let mut context = staff_context(&staff.signed_in);
    context.insert("queue", &queue);
    context.insert("filter", &*filter);
    context.insert("kinds", ReportKind::ALL);
    context.insert("assignable", &assignable);
    context.insert("holds_key", &(holds_key && member.key.is_some()));
    context.insert("today", &today);
    context.insert(
        "page_links",
        &(1..=queue.pages)
            .map(|n| (n, page.href_with(&[("page", Some(&n.to_string()))])))
            .collect::<Vec<_>>(),
    );
    page.render(&renderer, "triage/queue.html", context)
}
