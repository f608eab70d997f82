//! Published outcomes: a closed case's redacted summary, written by the unit for the
//! public. Shown at `/outcomes`, on the enterprise's page with its rectification items,
//! and to the reporter through follow-up.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::cases::{CaseRow, Member};
use super::workflow::Refused;
use crate::audit;
use crate::db::schema::{case_outcomes, enterprises, reports, units};
use crate::report::model::ReportState;

/// An outcome as the public sees it.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct Outcome {
    pub id: i64,
    pub summary_zh: String,
    pub summary_en: String,
    pub published_on: NaiveDate,
    pub enterprise_uscc: Option<String>,
    pub enterprise_name_zh: Option<String>,
    pub enterprise_name_en: Option<String>,
    pub kind: String,
    pub finding: Option<String>,
    pub state: String,
    pub unit_name_zh: String,
    pub unit_name_en: String,
}

/// Publishes the outcome of a closed case (once).
pub async fn publish(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    summary_zh: &str,
    summary_en: &str,
    today: NaiveDate,
) -> Result<i64, Refused> {
    if !member.is_triager() {
        return Err(Refused::Role);
    }
    if case.state() != ReportState::Closed {
        return Err(Refused::Illegal);
    }
    let (zh, en) = (summary_zh.trim(), summary_en.trim());
    if zh.is_empty() || zh.chars().count() > 4000 || en.chars().count() > 8000 {
        return Err(Refused::Invalid("outcome_refused_summary"));
    }
    conn.transaction(async |conn| {
        let id: Option<i64> = diesel::insert_into(case_outcomes::table)
            .values((
                case_outcomes::report_id.eq(case.id),
                case_outcomes::enterprise_uscc.eq(&case.enterprise_uscc),
                case_outcomes::summary_zh.eq(zh),
                case_outcomes::summary_en.eq(en),
                case_outcomes::published_on.eq(today),
                case_outcomes::published_by.eq(member.id),
            ))
            .on_conflict_do_nothing()
            .returning(case_outcomes::id)
            .get_result(conn)
            .await
            .optional()?;
        let Some(id) = id else {
            return Err(Refused::Conflict);
        };
        let target = format!("report:{}", case.reference);
        let detail = format!("outcome {id}");
        audit::append(
            conn,
            &member.actor,
            "case.outcome_published",
            &target,
            &detail,
        )
        .await?;
        Ok(id)
    })
    .await
}

type Columns = (
    case_outcomes::id,
    case_outcomes::summary_zh,
    case_outcomes::summary_en,
    case_outcomes::published_on,
    case_outcomes::enterprise_uscc,
    diesel::dsl::Nullable<enterprises::name_zh>,
    diesel::dsl::Nullable<enterprises::name_en>,
    reports::kind,
    reports::finding,
    reports::state,
    units::name_zh,
    units::name_en,
);

fn columns() -> Columns {
    (
        case_outcomes::id,
        case_outcomes::summary_zh,
        case_outcomes::summary_en,
        case_outcomes::published_on,
        case_outcomes::enterprise_uscc,
        enterprises::name_zh.nullable(),
        enterprises::name_en.nullable(),
        reports::kind,
        reports::finding,
        reports::state,
        units::name_zh,
        units::name_en,
    )
}

/// A page of outcomes, newest first, and the number of all.
pub async fn list(
    conn: &mut AsyncPgConnection,
    enterprise: Option<&str>,
    page: i64,
    size: i64,
) -> QueryResult<(Vec<Outcome>, i64)> {
    let base = || {
        let mut query = case_outcomes::table
            .inner_join(reports::table.inner_join(units::table))
            .left_join(enterprises::table)
            .into_boxed();
        if let Some(uscc) = enterprise {
            query = query.filter(case_outcomes::enterprise_uscc.eq(uscc.to_owned()));
        }
        query
    };
    let total: i64 = base().count().get_result(conn).await?;
    let rows = base()
        .order((case_outcomes::published_on.desc(), case_outcomes::id.desc()))
        .offset((page.max(1) - 1) * size)
        .limit(size)
        .select(columns())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// One outcome.
pub async fn get(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Outcome>> {
    case_outcomes::table
        .inner_join(reports::table.inner_join(units::table))
        .left_join(enterprises::table)
        .filter(case_outcomes::id.eq(id))
        .select(columns())
        .first(conn)
        .await
        .optional()
}

/// The outcome published for a report, if any (for follow-up and the case page).
pub async fn of_report(
    conn: &mut AsyncPgConnection,
    report_id: i64,
) -> QueryResult<Option<Outcome>> {
    let id: Option<i64> = case_outcomes::table
        .filter(case_outcomes::report_id.eq(report_id))
        .select(case_outcomes::id)
        .first(conn)
        .await
        .optional()?;
    match id {
        Some(id) => get(conn, id).await,
        None => Ok(None),
    }
}
