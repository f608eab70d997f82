//! Cases as unit members see them: the queue, and opening one case. Every query is
//! narrowed to the member's unit, and away from the enterprises they are recused from;
//! investigators see only what is assigned to them. A case outside all that is "not
//! found" — and a try at one the member is shut out of is written to the audit log.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::deadlines::{Deadlines, Standing};
use crate::audit::{self, Actor};
use crate::db::schema::{enterprises, reports, staff, staff_recusals};
use crate::report::model::ReportState;
use crate::staff::{Role, StaffKey, UnitStaff};

/// A unit member acting on cases.
#[derive(Clone)]
pub struct Member {
    /// Staff id.
    pub id: i64,
    /// Their unit: nothing outside it is ever loaded.
    pub unit: String,
    /// Triager (the whole queue) or investigator (their assigned cases).
    pub role: Role,
    /// Their private key, when the session holds it.
    pub key: Option<StaffKey>,
    /// The audit log's name for them.
    pub actor: Actor,
}

impl Member {
    /// From the request's extractor.
    pub fn of(staff: &UnitStaff) -> Member {
        let session = &staff.signed_in.0;
        Member {
            id: session.staff.id,
            unit: staff.unit.clone(),
            role: session.staff.role,
            key: session.staff_key.clone(),
            actor: staff.signed_in.actor(),
        }
    }

    /// Whether they work the whole queue (assign, route, accept, ...).
    pub fn is_triager(&self) -> bool {
        self.role == Role::Triager
    }
}

/// A case's stored row (its content still sealed).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports, check_for_backend(diesel::pg::Pg))]
pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub kind: String,
    pub enterprise_uscc: Option<String>,
    pub unit_code: String,
    pub state: String,
    pub received_on: NaiveDate,
    pub unit_key_id: i64,
    pub data_key_for_unit: Option<Vec<u8>>,
    pub content: Option<Vec<u8>>,
    pub finding: Option<String>,
    pub assignee_id: Option<i64>,
    pub labels: Vec<Option<String>>,
    pub acknowledge_by: NaiveDate,
    pub conclude_by: Option<NaiveDate>,
    pub acknowledged_on: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub purged_on: Option<NaiveDate>,
}

impl CaseRow {
    /// The parsed state (the database allows no other values).
    pub fn state(&self) -> ReportState {
        ReportState::from_code(&self.state).unwrap_or(ReportState::Received)
    }

    /// Its labels, without the empty ones.
    pub fn labels(&self) -> Vec<String> {
        self.labels.iter().flatten().cloned().collect()
    }
}

#[derive(QueryableByName)]
struct Uscc {
    #[diesel(sql_type = Text)]
    uscc: String,
}

/// The enterprises a member is recused from: those declared, and every enterprise below
/// them (a conflict with a group is a conflict with its subsidiaries).
pub async fn recused_enterprises(
    conn: &mut AsyncPgConnection,
    staff_id: i64,
) -> QueryResult<Vec<String>> {
    let rows: Vec<Uscc> = diesel::sql_query(
        "WITH RECURSIVE tree(uscc) AS ( \
             SELECT enterprise_uscc FROM staff_recusals WHERE staff_id = $1 \
             UNION SELECT e.uscc FROM enterprises e JOIN tree t ON e.parent_uscc = t.uscc) \
         SELECT uscc FROM tree",
    )
    .bind::<BigInt, _>(staff_id)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.uscc).collect())
}

/// What the queue is filtered by (the query string).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct QueueFilter {
    /// A kind code, or empty for every kind.
    pub kind: String,
    /// A USCC, or empty.
    pub enterprise: String,
    /// A state code, `open` (the default: not final) or `all`.
    pub state: String,
    /// `me`, `none`, a staff id, or empty.
    pub assignee: String,
    /// Only cases past their deadline.
    pub overdue: bool,
    /// A case reference, exactly.
    pub reference: String,
    /// 1-based page.
    pub page: i64,
}

/// One line of the queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    pub reference: String,
    pub kind: String,
    pub enterprise_uscc: Option<String>,
    pub enterprise_name: Option<String>,
    pub state: String,
    pub finding: Option<String>,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub standing: Option<Standing>,
    pub assignee: Option<String>,
    pub labels: Vec<String>,
}

/// A page of the queue with the unit's counts.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// Cases matching the filter.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// Open cases by state, for the tabs.
    pub by_state: Vec<(String, i64)>,
    /// Open cases past their deadline.
    pub overdue: i64,
    /// Open cases within the reminder window.
    pub due_soon: i64,
}

/// Everything of the unit this member may see, before the filter: their unit's cases,
/// minus those they are recused from, and for an investigator only those assigned to them.
pub(crate) fn visible(
    member: &Member,
    recused: &[String],
) -> reports::BoxedQuery<'static, diesel::pg::Pg> {
    let mut query = reports::table
        .filter(reports::unit_code.eq(member.unit.clone()))
        .filter(
            reports::enterprise_uscc
                .is_null()
                .or(reports::enterprise_uscc.ne_all(recused.to_vec())),
        )
        .into_boxed();
    if !member.is_triager() {
        query = query.filter(reports::assignee_id.eq(member.id));
    }
    query
}

const OPEN_STATES: &[&str] = &[
    "received",
    "accepted",
    "investigating",
    "concluded",
    "rectifying",
];

/// A page of the member's queue, soonest deadline first.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    member: &Member,
    filter: &QueueFilter,
    deadlines: &Deadlines,
    today: NaiveDate,
    page_size: i64,
) -> QueryResult<QueuePage> {
    let recused = recused_enterprises(conn, member.id).await?;
    let filtered = || {
        let mut query = visible(member, &recused);
        match filter.state.as_str() {
            "" | "open" => query = query.filter(reports::state.eq_any(OPEN_STATES)),
            "all" => {}
            state => query = query.filter(reports::state.eq(state.to_owned())),
        }
        if !filter.kind.is_empty() {
            query = query.filter(reports::kind.eq(filter.kind.clone()));
        }
        if !filter.enterprise.is_empty() {
            query = query.filter(reports::enterprise_uscc.eq(filter.enterprise.clone()));
        }
        if !filter.reference.trim().is_empty() {
            let reference = filter.reference.trim().to_uppercase();
            query = query.filter(reports::reference.eq(reference));
        }
        match filter.assignee.as_str() {
            "" => {}
            "me" => query = query.filter(reports::assignee_id.eq(member.id)),
            "none" => query = query.filter(reports::assignee_id.is_null()),
            id => {
                let id = id.parse::<i64>().unwrap_or(-1);
                query = query.filter(reports::assignee_id.eq(id));
            }
        }
        if filter.overdue {
            query = query.filter(reports::due_on.lt(today));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn).await?;
    let pages = ((total + page_size - 1) / page_size).max(1);
    let page = filter.page.clamp(1, pages);
    let rows: Vec<CaseRow> = filtered()
        .order((
            reports::due_on.asc().nulls_last(),
            reports::received_on.asc(),
            reports::id.asc(),
        ))
        .offset((page - 1) * page_size)
        .limit(page_size)
        .select(CaseRow::as_select())
        .load(conn)
        .await?;
    let items = describe(conn, rows, deadlines, today).await?;

    // A boxed query cannot be grouped: the open states are read and counted here (a
    // unit's open cases number in the thousands at most).
    let open_states: Vec<String> = visible(member, &recused)
        .filter(reports::state.eq_any(OPEN_STATES))
        .select(reports::state)
        .load(conn)
        .await?;
    let by_state = OPEN_STATES
        .iter()
        .map(|state| {
            let n = open_states.iter().filter(|s| s == state).count() as i64;
            ((*state).to_owned(), n)
        })
        .collect();
    let overdue: i64 = visible(member, &recused)
        .filter(reports::due_on.lt(today))
        .count()
        .get_result(conn)
        .await?;
    // Due within the reminder window: the next few working days, found on the calendar.
    let soon_until = (1..=31)
        .map(|d| today + chrono::Duration::days(d))
        .take_while(|day| matches!(deadlines.standing(*day, today), Standing::DueSoon(_)))
        .last()
        .unwrap_or(today);
    let due_soon: i64 = visible(member, &recused)
        .filter(reports::due_on.ge(today))
        .filter(reports::due_on.le(soon_until))
        .count()
        .get_result(conn)
        .await?;
    Ok(QueuePage {
        items,
        total,
        page,
        pages,
        by_state,
        overdue,
        due_soon,
    })
}

/// Queue lines for rows: enterprise and assignee names, and where each stands.
pub async fn describe(
    conn: &mut AsyncPgConnection,
    rows: Vec<CaseRow>,
    deadlines: &Deadlines,
    today: NaiveDate,
) -> QueryResult<Vec<QueueItem>> {
    let usccs: Vec<String> = rows
        .iter()
        .filter_map(|r| r.enterprise_uscc.clone())
        .collect();
    let names: Vec<(String, String)> = enterprises::table
        .filter(enterprises::uscc.eq_any(&usccs))
        .select((enterprises::uscc, enterprises::name_zh))
        .load(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.assignee_id).collect();
    let people: Vec<(i64, String)> = staff::table
        .filter(staff::id.eq_any(&ids))
        .select((staff::id, staff::display_name))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| QueueItem {
            enterprise_name: row.enterprise_uscc.as_ref().and_then(|uscc| {
                names
                    .iter()
                    .find(|(u, _)| u == uscc)
                    .map(|(_, n)| n.clone())
            }),
            assignee: row.assignee_id.and_then(|id| {
                people
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, n)| n.clone())
            }),
            standing: row.due_on.map(|due| deadlines.standing(due, today)),
            labels: row.labels(),
            reference: row.reference,
            kind: row.kind,
            enterprise_uscc: row.enterprise_uscc,
            state: row.state,
            finding: row.finding,
            received_on: row.received_on,
            due_on: row.due_on,
        })
        .collect())
}

/// Why a member cannot open a case they asked for. Each looks the same to them: 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No case has this reference.
    Unknown,
    /// The case is another unit's.
    OtherUnit,
    /// The member is recused from its enterprise.
    Recused,
    /// An investigator asked for a case not assigned to them.
    NotAssigned,
}

impl Refusal {
    fn reason(self) -> &'static str {
        match self {
            Refusal::Unknown => "no such case",
            Refusal::OtherUnit => "the case belongs to another unit",
            Refusal::Recused => "the member is recused from the case's enterprise",
            Refusal::NotAssigned => "the case is not assigned to this investigator",
        }
    }
}

/// The case `reference` if `member` may work on it. A refusal other than an unknown
/// reference is written to the audit log (`case.access_refused`) before it is returned.
pub async fn open(
    conn: &mut AsyncPgConnection,
    member: &Member,
    reference: &str,
) -> QueryResult<Result<CaseRow, Refusal>> {
    let row: Option<CaseRow> = reports::table
        .filter(reports::reference.eq(reference.trim().to_uppercase()))
        .select(CaseRow::as_select())
        .first(conn)
        .await
        .optional()?;
    let Some(row) = row else {
        return Ok(Err(Refusal::Unknown));
    };
    let refusal = if row.unit_code != member.unit {
        Some(Refusal::OtherUnit)
    } else if is_recused(conn, member.id, row.enterprise_uscc.as_deref()).await? {
        Some(Refusal::Recused)
    } else if !member.is_triager() && row.assignee_id != Some(member.id) {
        Some(Refusal::NotAssigned)
    } else {
        None
    };
    match refusal {
        Some(refusal) => {
            let target = format!("report:{}", row.reference);
            audit::append(
                conn,
                &member.actor,
                "case.access_refused",
                &target,
                refusal.reason(),
            )
            .await?;
            Ok(Err(refusal))
        }
        None => Ok(Ok(row)),
    }
}

/// Whether `staff_id` is recused from `enterprise` (directly or through a group above).
pub async fn is_recused(
    conn: &mut AsyncPgConnection,
    staff_id: i64,
    enterprise: Option<&str>,
) -> QueryResult<bool> {
    if enterprise.is_none() {
        return Ok(false);
    }
    let chain = super::routing::chain(conn, enterprise).await?;
    let n: i64 = staff_recusals::table
        .filter(staff_recusals::staff_id.eq(staff_id))
        .filter(staff_recusals::enterprise_uscc.eq_any(&chain))
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}

/// The members a case may be assigned to: the unit's active triagers and investigators
/// who are not recused from its enterprise.
pub async fn assignable(
    conn: &mut AsyncPgConnection,
    unit: &str,
    enterprise: Option<&str>,
) -> QueryResult<Vec<(i64, String)>> {
    let chain = super::routing::chain(conn, enterprise).await?;
    staff::table
        .filter(staff::unit_code.eq(unit))
        .filter(staff::disabled_at.is_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            staff_recusals::table
                .filter(staff_recusals::staff_id.eq(staff::id))
                .filter(staff_recusals::enterprise_uscc.eq_any(chain)),
        )))
        .order(staff::display_name)
        .select((staff::id, staff::display_name))
        .load(conn)
        .await
}
