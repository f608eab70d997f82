//! Governance, related-party transactions and major events as the enterprise page shows
//! them, including the answer to "who was on the board on date X".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::events::MajorEvents;
use super::format;
use super::governance::{GoverningBody, Member, Roster};
use super::related_party::RelatedPartyTransactions;

/// A member as listed.
#[derive(Debug, Serialize)]
pub struct MemberView {
    /// Body code.
    pub body: &'static str,
    /// 姓名
    pub name: String,
    /// 职务
    pub title: String,
    /// 外部董事
    pub is_external: bool,
    /// 职工董事 / 职工监事
    pub is_employee_representative: bool,
    /// 任期, formatted.
    pub term: String,
}

fn member_view(m: &Member) -> MemberView {
    MemberView {
        body: m.body.code(),
        name: m.name.clone(),
        title: m.title.clone(),
        is_external: m.is_external,
        is_employee_representative: m.is_employee_representative,
        term: match m.term_end {
            Some(end) => format!("{} – {end}", m.term_start),
            None => format!("{} –", m.term_start),
        },
    }
}

/// One governing body of the latest roster.
#[derive(Debug, Serialize)]
pub struct BodyView {
    /// Body code.
    pub body: &'static str,
    /// Its members.
    pub members: Vec<MemberView>,
}

/// The governance part of the page.
#[derive(Debug, Serialize)]
pub struct GovernanceView {
    /// Year of the latest roster.
    pub year: i16,
    /// Its bodies, in the vocabulary's order, each non-empty.
    pub bodies: Vec<BodyView>,
    /// The date asked about, if any.
    pub board_on: Option<String>,
    /// Board members who served on that date, from every published roster.
    pub board_on_members: Vec<MemberView>,
}

/// Builds the governance view from every current roster, oldest year first.
pub fn governance_view(
    rosters: &BTreeMap<i16, Roster>,
    board_on: Option<NaiveDate>,
) -> Option<GovernanceView> {
    let (&year, latest) = rosters.iter().next_back()?;
    let bodies = GoverningBody::ALL
        .iter()
        .map(|&body| BodyView {
            body: body.code(),
            members: latest
                .members
                .iter()
                .filter(|m| m.body == body)
                .map(member_view)
                .collect(),
        })
        .filter(|b| !b.members.is_empty())
        .collect();
    let mut board_on_members: Vec<&Member> = Vec::new();
    if let Some(day) = board_on {
        // The same seat appears in every year's roster; count it once.
        for member in rosters.values().flat_map(|r| &r.members) {
            let seen = board_on_members.iter().any(|m| {
                m.name == member.name
                    && m.title == member.title
                    && m.term_start == member.term_start
            });
            if member.body == GoverningBody::Board && member.served_on(day) && !seen {
                board_on_members.push(member);
            }
        }
    }
    Some(GovernanceView {
        year,
        bodies,
        board_on: board_on.map(|d| d.to_string()),
        board_on_members: board_on_members.into_iter().map(member_view).collect(),
    })
}

/// A related-party transaction, formatted.
#[derive(Debug, Serialize)]
pub struct TransactionView {
    /// 关联方
    pub counterparty: String,
    /// Its code, or empty.
    pub counterparty_uscc: String,
    /// Relationship code.
    pub relationship: &'static str,
    /// Transaction type code.
    pub transaction_type: &'static str,
    /// Amount, formatted.
    pub amount: String,
    /// Unit code.
    pub unit: &'static str,
    /// Pricing basis code.
    pub pricing_basis: &'static str,
    /// 审批程序
    pub approval: String,
}

/// The latest year's related-party transactions.
pub fn related_party_view(
    lists: &BTreeMap<i16, RelatedPartyTransactions>,
) -> Option<(i16, Vec<TransactionView>)> {
    let (&year, latest) = lists.iter().next_back()?;
    let rows = latest
        .transactions
        .iter()
        .map(|t| TransactionView {
            counterparty: t.counterparty.clone(),
            counterparty_uscc: t.counterparty_uscc.clone().unwrap_or_default(),
            relationship: t.relationship.code(),
            transaction_type: t.transaction_type.code(),
            amount: format::amount(&t.amount),
            unit: t.unit.code(),
            pricing_basis: t.pricing_basis.code(),
            approval: t.approval.clone(),
        })
        .collect();
    Some((year, rows))
}

/// An event on the timeline.
#[derive(Debug, Serialize)]
pub struct EventView {
    /// Date, formatted.
    pub occurred_on: String,
    /// Kind code.
    pub kind: &'static str,
    /// 说明
    pub description: String,
    /// Amount, formatted, or empty.
    pub amount: String,
    /// Unit code, or empty.
    pub unit: &'static str,
}

/// Every year's events, newest first.
pub fn events_view(lists: &BTreeMap<i16, MajorEvents>) -> Vec<EventView> {
    let mut events: Vec<_> = lists.values().flat_map(|l| &l.events).collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.occurred_on));
    events
        .into_iter()
        .map(|e| EventView {
            occurred_on: e.occurred_on.to_string(),
            kind: e.kind.code(),
            description: e.description.clone(),
            amount: e
                .amount
                .as_ref()
                .map(|(_, a)| format::amount(a))
                .unwrap_or_default(),
            unit: e.amount.as_ref().map(|(u, _)| u.code()).unwrap_or_default(),
        })
        .collect()
}
