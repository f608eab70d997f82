//! Changing a case: its state (the state machine), assignment, labels, notes, messages to
//! the reporter, referral, re-routing and links. Each change is one transaction with its
//! audit entry. A state change updates the row only if it is still in the state the
//! member saw (two members acting at once cannot both win), and the database's trigger
//! refuses an illegal move whatever the code asks.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::cases::{self, CaseRow, Member};
use super::deadlines::Deadlines;
use super::notify;
use crate::audit;
use crate::db::schema::{case_notes, case_referrals, report_links, report_messages, reports};
use crate::report::model::{Finding, ReportState};

/// Why a change was not made. Each has a catalog message (`case-refused-…`).
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The state machine has no such move from the case's state.
    #[error("illegal move")]
    Illegal,
    /// Someone changed the case first; the page shows it as it is now.
    #[error("changed meanwhile")]
    Conflict,
    /// The member's role may not do this (investigators do not accept, route or assign).
    #[error("not for this role")]
    Role,
    /// A required field is missing or invalid: the catalog message id.
    #[error("invalid input")]
    Invalid(&'static str),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

coded_enum! {
    /// The outside bodies a case is referred (移送) to.
    ReferralBody {
        /// 纪委监委: the discipline inspection and supervision commission.
        DisciplineCommission = "discipline_commission",
        /// 检察院: the procuratorate.
        Procuratorate = "procuratorate",
        /// 公安机关: the police.
        PublicSecurity = "public_security",
        /// 审计机关: the state audit office.
        AuditOffice = "audit_office",
        /// Another authority, named.
        Other = "other",
    }
}

/// A move of the state machine, with what it needs.
pub enum Move {
    /// 受理.
    Accept,
    /// 不予受理, with the reason for the reporter (sealed, sent as a message).
    Decline { sealed_reason: Vec<u8> },
    /// 移送, on record.
    Refer {
        body: ReferralBody,
        body_name: String,
        sent_on: NaiveDate,
        sealed_what_sent: Option<Vec<u8>>,
    },
    /// 开始核查.
    Investigate,
    /// 核查结论.
    Conclude(Finding),
    /// 整改.
    Rectify,
    /// 办结.
    Close,
}

impl Move {
    fn target(&self) -> ReportState {
        match self {
            Move::Accept => ReportState::Accepted,
            Move::Decline { .. } => ReportState::Declined,
            Move::Refer { .. } => ReportState::Referred,
            Move::Investigate => ReportState::Investigating,
            Move::Conclude(_) => ReportState::Concluded,
            Move::Rectify => ReportState::Rectifying,
            Move::Close => ReportState::Closed,
        }
    }

    /// Moves only a triager makes: whether the unit takes a report on at all.
    fn needs_triager(&self) -> bool {
        matches!(
            self,
            Move::Accept | Move::Decline { .. } | Move::Refer { .. }
        )
    }
}

fn require_triager(member: &Member) -> Result<(), Refused> {
    if member.is_triager() {
        Ok(())
    } else {
        Err(Refused::Role)
    }
}

fn target(case: &CaseRow) -> String {
    format!("report:{}", case.reference)
}

/// Makes a move of the state machine on `case` as the member saw it.
pub async fn advance(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    step: Move,
    deadlines: &Deadlines,
    today: NaiveDate,
) -> Result<(), Refused> {
    let to = step.target();
    if !case.state().can_become(to) {
        return Err(Refused::Illegal);
    }
    if step.needs_triager() {
        require_triager(member)?;
    }
    if to == ReportState::Rectifying && case.finding.as_deref() == Some("unsubstantiated") {
        return Err(Refused::Invalid("case_refused_nothing_to_rectify"));
    }
    conn.transaction(async |conn| {
        // Locked first: an item added meanwhile cannot slip past the check below.
        lock(conn, case).await?;
        if to == ReportState::Closed {
            let open = super::rectification::open_items(conn, case.id).await?;
            if open > 0 {
                return Err(Refused::Invalid("case_refused_rectification_open"));
            }
        }
        let row = reports::table
            .filter(reports::id.eq(case.id))
            .filter(reports::state.eq(&case.state));
        let changed = match &step {
            Move::Accept => {
                let conclude_by = deadlines.conclude_by(today);
                diesel::update(row)
                    .set((
                        reports::state.eq(to.code()),
                        reports::acknowledged_on.eq(today),
                        reports::conclude_by.eq(conclude_by),
                        reports::due_on.eq(conclude_by),
                    ))
                    .execute(conn)
                    .await?
            }
            Move::Decline { .. } => {
                diesel::update(row)
                    .set((
                        reports::state.eq(to.code()),
                        reports::acknowledged_on.eq(today),
                        reports::concluded_on.eq(today),
                        reports::due_on.eq(None::<NaiveDate>),
                    ))
                    .execute(conn)
                    .await?
            }
            Move::Refer { .. } => {
                diesel::update(row)
                    .set((
                        reports::state.eq(to.code()),
                        reports::acknowledged_on.eq(case.acknowledged_on.unwrap_or(today)),
                        reports::concluded_on.eq(today),
                        reports::due_on.eq(None::<NaiveDate>),
                    ))
                    .execute(conn)
                    .await?
            }
            Move::Conclude(finding) => {
                diesel::update(row)
                    .set((
                        reports::state.eq(to.code()),
                        reports::finding.eq(finding.code()),
                    ))
                    .execute(conn)
                    .await?
            }
            Move::Close => {
                diesel::update(row)
                    .set((
                        reports::state.eq(to.code()),
                        reports::concluded_on.eq(today),
                        reports::due_on.eq(None::<NaiveDate>),
                    ))
                    .execute(conn)
                    .await?
            }
            Move::Investigate | Move::Rectify => {
                diesel::update(row)
                    .set(reports::state.eq(to.code()))
                    .execute(conn)
                    .await?
            }
        };
        if changed == 0 {
            return Err(Refused::Conflict);
        }
        let detail = match &step {
            Move::Decline { sealed_reason } => {
                store_staff_message(conn, member, case, sealed_reason, today).await?;
                "the reason was sent to the reporter".to_owned()
            }
            Move::Refer {
                body,
                body_name,
                sent_on,
                sealed_what_sent,
            } => {
                diesel::insert_into(case_referrals::table)
                    .values((
                        case_referrals::report_id.eq(case.id),
                        case_referrals::body.eq(body.code()),
                        case_referrals::body_name.eq(body_name),
                        case_referrals::sent_on.eq(sent_on),
                        case_referrals::what_sent.eq(sealed_what_sent),
                        case_referrals::referred_by.eq(member.id),
                    ))
                    .execute(conn)
                    .await?;
                format!("to {body_name} ({}) on {sent_on}", body.code())
            }
            Move::Conclude(finding) => format!("finding: {}", finding.code()),
            _ => String::new(),
        };
        let action = format!("case.{}", to.code());
        audit::append(conn, &member.actor, &action, &target(case), &detail).await?;
        Ok(())
    })
    .await
}

/// Locks the case's row for this transaction and checks it is still as the member saw
/// it (state and finding), so checks made on that view hold until the commit.
pub(crate) async fn lock(conn: &mut AsyncPgConnection, case: &CaseRow) -> Result<(), Refused> {
    let now: Option<(String, Option<String>)> = reports::table
        .find(case.id)
        .select((reports::state, reports::finding))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    match now {
        Some((state, finding)) if state == case.state && finding == case.finding => Ok(()),
        _ => Err(Refused::Conflict),
    }
}

async fn store_staff_message(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    sealed_body: &[u8],
    today: NaiveDate,
) -> QueryResult<()> {
    diesel::insert_into(report_messages::table)
        .values((
            report_messages::report_id.eq(case.id),
            report_messages::author.eq("staff"),
            report_messages::staff_id.eq(member.id),
            report_messages::sent_on.eq(today),
            report_messages::body.eq(sealed_body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes to the reporter (they read it through follow-up with their code).
pub async fn message_reporter(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    sealed_body: &[u8],
    today: NaiveDate,
) -> Result<(), Refused> {
    if case.purged_on.is_some() {
        return Err(Refused::Illegal);
    }
    conn.transaction(async |conn| {
        store_staff_message(conn, member, case, sealed_body, today).await?;
        audit::append(conn, &member.actor, "case.message_sent", &target(case), "").await?;
        Ok(())
    })
    .await
}

/// Adds an internal note (the reporter never sees notes).
pub async fn add_note(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    sealed_body: &[u8],
) -> Result<(), Refused> {
    if case.purged_on.is_some() {
        return Err(Refused::Illegal);
    }
    conn.transaction(async |conn| {
        diesel::insert_into(case_notes::table)
            .values((
                case_notes::report_id.eq(case.id),
                case_notes::staff_id.eq(member.id),
                case_notes::body.eq(sealed_body),
            ))
            .execute(conn)
            .await?;
        audit::append(conn, &member.actor, "case.note_added", &target(case), "").await?;
        Ok(())
    })
    .await
}

/// Assigns the case to a member of the unit who is not recused from it (or to nobody).
pub async fn assign(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    assignee: Option<i64>,
) -> Result<(), Refused> {
    require_triager(member)?;
    if case.state().is_final() {
        return Err(Refused::Illegal);
    }
    let candidates =
        cases::assignable(conn, &case.unit_code, case.enterprise_uscc.as_deref()).await?;
    if let Some(id) = assignee {
        if !candidates.iter().any(|(c, _)| *c == id) {
            return Err(Refused::Invalid("case_refused_not_assignable"));
        }
    }
    conn.transaction(async |conn| {
        diesel::update(reports::table.find(case.id))
            .set(reports::assignee_id.eq(assignee))
            .execute(conn)
            .await?;
        let detail = match assignee {
            Some(id) => format!("to staff:{id}"),
            None => "unassigned".to_owned(),
        };
        audit::append(conn, &member.actor, "case.assigned", &target(case), &detail).await?;
        if let Some(id) = assignee.filter(|id| *id != member.id) {
            notify::assigned(conn, id, &case.reference).await?;
        }
        Ok(())
    })
    .await
}

/// Replaces the case's labels (short words of the unit's own, for sorting its work).
pub async fn set_labels(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    labels: Vec<String>,
) -> Result<(), Refused> {
    if labels.len() > 10 || labels.iter().any(|l| l.chars().count() > 30) {
        return Err(Refused::Invalid("case_refused_labels"));
    }
    conn.transaction(async |conn| {
        let stored: Vec<Option<String>> = labels.iter().cloned().map(Some).collect();
        diesel::update(reports::table.find(case.id))
            .set(reports::labels.eq(stored))
            .execute(conn)
            .await?;
        let detail = labels.join(", ");
        audit::append(conn, &member.actor, "case.labelled", &target(case), &detail).await?;
        Ok(())
    })
    .await
}

/// Re-routes the case to another unit: its data key, sealed again to that unit's key by
/// someone who could open it, replaces the old one. The reason goes into the notes
/// (sealed); the audit entry says from where to where.
#[allow(clippy::too_many_arguments)]
pub async fn reroute(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    unit: &str,
    unit_key_id: i64,
    sealed_key: &[u8],
    sealed_reason: &[u8],
) -> Result<(), Refused> {
    require_triager(member)?;
    if case.state().is_final() || unit == case.unit_code {
        return Err(Refused::Illegal);
    }
    conn.transaction(async |conn| {
        let changed = diesel::update(
            reports::table
                .filter(reports::id.eq(case.id))
                .filter(reports::unit_code.eq(&case.unit_code)),
        )
        .set((
            reports::unit_code.eq(unit),
            reports::unit_key_id.eq(unit_key_id),
            reports::data_key_for_unit.eq(sealed_key),
            reports::assignee_id.eq(None::<i64>),
        ))
        .execute(conn)
        .await?;
        if changed == 0 {
            return Err(Refused::Conflict);
        }
        diesel::insert_into(case_notes::table)
            .values((
                case_notes::report_id.eq(case.id),
                case_notes::staff_id.eq(member.id),
                case_notes::body.eq(sealed_reason),
            ))
            .execute(conn)
            .await?;
        let detail = format!(
            "from {} to {unit}; the reason is in the case notes",
            case.unit_code
        );
        audit::append(conn, &member.actor, "case.rerouted", &target(case), &detail).await?;
        let chain = super::routing::chain(conn, case.enterprise_uscc.as_deref()).await?;
        notify::new_report(conn, unit, &case.reference, &chain).await?;
        Ok(())
    })
    .await
}

/// Links two cases as the same matter. Both must be the member's to see.
pub async fn link(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    other: &CaseRow,
) -> Result<(), Refused> {
    if case.id == other.id {
        return Err(Refused::Invalid("case_refused_link_self"));
    }
    let (low, high) = (case.id.min(other.id), case.id.max(other.id));
    conn.transaction(async |conn| {
        let added = diesel::insert_into(report_links::table)
            .values((
                report_links::report_id.eq(low),
                report_links::linked_to.eq(high),
                report_links::linked_by.eq(member.id),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        if added > 0 {
            let detail = format!("with report:{}", other.reference);
            audit::append(conn, &member.actor, "case.linked", &target(case), &detail).await?;
        }
        Ok(())
    })
    .await
}
