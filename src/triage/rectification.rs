//! Rectification (整改) after a substantiated finding: what the enterprise must put right,
//! which department answers for it, by when, and every status it has had. Items are
//! written by staff for publication with the case's outcome, so they are stored in clear;
//! they appear on the enterprise's page once the outcome is published.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::cases::{CaseRow, Member};
use super::workflow::Refused;
use crate::audit;
use crate::db::schema::{case_outcomes, case_rectification_updates, case_rectifications, staff};
use crate::report::model::ReportState;

coded_enum! {
    /// Where an item stands.
    ItemStatus {
        /// 未整改: not started.
        Open = "open",
        /// 整改中: under way.
        InProgress = "in_progress",
        /// 已整改: done.
        Completed = "completed",
    }
}

/// One item with its history.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub description: String,
    pub department: String,
    pub due_on: NaiveDate,
    pub status: String,
    /// Oldest first.
    pub history: Vec<Update>,
}

/// One change of an item's status.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Update {
    pub status: String,
    pub note: String,
    pub changed_on: NaiveDate,
    pub by: String,
}

/// The case's items, in the order they were added.
pub async fn items(conn: &mut AsyncPgConnection, report_id: i64) -> QueryResult<Vec<Item>> {
    let rows: Vec<(i64, String, String, NaiveDate, String)> = case_rectifications::table
        .filter(case_rectifications::report_id.eq(report_id))
        .order(case_rectifications::id)
        .select((
            case_rectifications::id,
            case_rectifications::description,
            case_rectifications::department,
            case_rectifications::due_on,
            case_rectifications::status,
        ))
        .load(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let updates: Vec<(i64, String, String, NaiveDate, String)> = case_rectification_updates::table
        .inner_join(staff::table)
        .filter(case_rectification_updates::item_id.eq_any(&ids))
        .order(case_rectification_updates::id)
        .select((
            case_rectification_updates::item_id,
            case_rectification_updates::status,
            case_rectification_updates::note,
            case_rectification_updates::changed_on,
            staff::display_name,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, description, department, due_on, status)| Item {
            history: updates
                .iter()
                .filter(|u| u.0 == id)
                .map(|u| Update {
                    status: u.1.clone(),
                    note: u.2.clone(),
                    changed_on: u.3,
                    by: u.4.clone(),
                })
                .collect(),
            id,
            description,
            department,
            due_on,
            status,
        })
        .collect())
}

/// Items of the case not yet completed.
pub async fn open_items(conn: &mut AsyncPgConnection, report_id: i64) -> QueryResult<i64> {
    case_rectifications::table
        .filter(case_rectifications::report_id.eq(report_id))
        .filter(case_rectifications::status.ne(ItemStatus::Completed.code()))
        .count()
        .get_result(conn)
        .await
}

/// Adds an item to a case whose finding calls for rectification.
pub async fn add(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    description: &str,
    department: &str,
    due_on: NaiveDate,
    today: NaiveDate,
) -> Result<i64, Refused> {
    if !matches!(
        case.state(),
        ReportState::Concluded | ReportState::Rectifying
    ) || !matches!(case.finding.as_deref(), Some("substantiated" | "partly"))
    {
        return Err(Refused::Illegal);
    }
    let description = description.trim();
    let department = department.trim();
    if description.is_empty() || description.chars().count() > 1000 {
        return Err(Refused::Invalid("rectification_refused_description"));
    }
    if department.is_empty() || department.chars().count() > 200 {
        return Err(Refused::Invalid("rectification_refused_department"));
    }
    conn.transaction(async |conn| {
        super::workflow::lock(conn, case).await?;
        let id: i64 = diesel::insert_into(case_rectifications::table)
            .values((
                case_rectifications::report_id.eq(case.id),
                case_rectifications::enterprise_uscc.eq(&case.enterprise_uscc),
                case_rectifications::description.eq(description),
                case_rectifications::department.eq(department),
                case_rectifications::due_on.eq(due_on),
            ))
            .returning(case_rectifications::id)
            .get_result(conn)
            .await?;
        diesel::insert_into(case_rectification_updates::table)
            .values((
                case_rectification_updates::item_id.eq(id),
                case_rectification_updates::status.eq(ItemStatus::Open.code()),
                case_rectification_updates::changed_on.eq(today),
                case_rectification_updates::staff_id.eq(member.id),
            ))
            .execute(conn)
            .await?;
        let target = format!("report:{}", case.reference);
        let detail = format!("item {id}: {department}, due {due_on}");
        audit::append(
            conn,
            &member.actor,
            "case.rectification_added",
            &target,
            &detail,
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Records a new status of one of the case's items, with a note.
pub async fn update(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    item_id: i64,
    status: ItemStatus,
    note: &str,
    today: NaiveDate,
) -> Result<(), Refused> {
    if case.state().is_final() {
        return Err(Refused::Illegal);
    }
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(Refused::Invalid("rectification_refused_note"));
    }
    conn.transaction(async |conn| {
        super::workflow::lock(conn, case).await?;
        let changed = diesel::update(
            case_rectifications::table
                .filter(case_rectifications::id.eq(item_id))
                .filter(case_rectifications::report_id.eq(case.id)),
        )
        .set(case_rectifications::status.eq(status.code()))
        .execute(conn)
        .await?;
        if changed == 0 {
            return Err(Refused::Invalid("rectification_refused_item"));
        }
        diesel::insert_into(case_rectification_updates::table)
            .values((
                case_rectification_updates::item_id.eq(item_id),
                case_rectification_updates::status.eq(status.code()),
                case_rectification_updates::note.eq(note),
                case_rectification_updates::changed_on.eq(today),
                case_rectification_updates::staff_id.eq(member.id),
            ))
            .execute(conn)
            .await?;
        let target = format!("report:{}", case.reference);
        let detail = format!("item {item_id}: {}", status.code());
        audit::append(
            conn,
            &member.actor,
            "case.rectification_updated",
            &target,
            &detail,
        )
        .await?;
        Ok(())
    })
    .await
}

/// Rectification items of an enterprise whose case outcome is public, for its page.
pub async fn published_for(
    conn: &mut AsyncPgConnection,
    uscc: &str,
) -> QueryResult<Vec<(i64, Item)>> {
    let report_ids: Vec<(i64, i64)> = case_outcomes::table
        .filter(case_outcomes::enterprise_uscc.eq(uscc))
        .select((case_outcomes::id, case_outcomes::report_id))
        .load(conn)
        .await?;
    let mut out = Vec::new();
    for (outcome_id, report_id) in report_ids {
        for item in items(conn, report_id).await? {
            out.push((outcome_id, item));
        }
    }
    Ok(out)
}
