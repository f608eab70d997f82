//! Governance rosters (法人治理结构): who sits on the board, the supervisory board, the
//! management and the party committee, with their terms.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::history::Field;
use super::rows::{by_version, parse};
use crate::db::schema::governance_members;

coded_enum! {
    /// The body a member belongs to.
    GoverningBody {
        /// 董事会
        Board = "board",
        /// 监事会
        SupervisoryBoard = "supervisory_board",
        /// 经理层
        Management = "management",
        /// 党委
        PartyCommittee = "party_committee",
    }
}

/// A roster as published: every member of every body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roster {
    /// The members, in published order.
    pub members: Vec<Member>,
}

/// One seat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Which body.
    pub body: GoverningBody,
    /// 姓名
    pub name: String,
    /// 职务
    pub title: String,
    /// 外部董事
    pub is_external: bool,
    /// 职工董事 / 职工监事
    pub is_employee_representative: bool,
    /// 任期起始
    pub term_start: NaiveDate,
    /// 任期终止, if it ended.
    pub term_end: Option<NaiveDate>,
}

impl Member {
    /// Whether the member held the seat on `day`.
    pub fn served_on(&self, day: NaiveDate) -> bool {
        self.term_start <= day && self.term_end.is_none_or(|end| day <= end)
    }
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = governance_members, check_for_backend(diesel::pg::Pg))]
struct MemberRow {
    version_id: i64,
    position: i16,
    body: String,
    name: String,
    title: String,
    is_external: bool,
    is_employee_representative: bool,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
}

/// Stores `roster` as the content of `version_id`.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    roster: &Roster,
) -> QueryResult<()> {
    let rows: Vec<MemberRow> = roster
        .members
        .iter()
        .zip(1_i16..)
        .map(|(m, position)| MemberRow {
            version_id,
            position,
            body: m.body.code().to_owned(),
            name: m.name.clone(),
            title: m.title.clone(),
            is_external: m.is_external,
            is_employee_representative: m.is_employee_representative,
            term_start: m.term_start,
            term_end: m.term_end,
        })
        .collect();
    diesel::insert_into(governance_members::table)
        .values(&rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The rosters of the given versions (empty where a version lists nobody).
pub(super) async fn load(
    conn: &mut AsyncPgConnection,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, Roster>> {
    let rows: Vec<MemberRow> = governance_members::table
        .filter(governance_members::version_id.eq_any(version_ids))
        .order((governance_members::version_id, governance_members::position))
        .select(MemberRow::as_select())
        .load(conn)
        .await?;
    let grouped = by_version(
        version_ids,
        rows,
        |r| r.version_id,
        |row| {
            Ok(Member {
                body: parse("governing body", &row.body, GoverningBody::from_code)?,
                name: row.name,
                title: row.title,
                is_external: row.is_external,
                is_employee_representative: row.is_employee_representative,
                term_start: row.term_start,
                term_end: row.term_end,
            })
        },
    )?;
    Ok(grouped
        .into_iter()
        .map(|(id, members)| (id, Roster { members }))
        .collect())
}

/// Each member's seat as fields, qualified by name and body.
pub(super) fn fields(roster: &Roster) -> Vec<Field> {
    let mut out = Vec::new();
    for m in &roster.members {
        let who = format!("{}（{}）", m.name, m.title);
        out.push(Field::of(
            &who,
            "member_body",
            format!("@governing_body_{}", m.body.code()),
        ));
        let term = match m.term_end {
            Some(end) => format!("{} – {end}", m.term_start),
            None => format!("{} –", m.term_start),
        };
        out.push(Field::of(&who, "member_term", term));
        if m.is_external {
            out.push(Field::of(&who, "member_is_external", "@yes".to_owned()));
        }
        if m.is_employee_representative {
            out.push(Field::of(
                &who,
                "member_is_employee_representative",
                "@yes".to_owned(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_member_served_from_the_first_to_the_last_day_of_the_term() {
        let member = Member {
            body: GoverningBody::Board,
            name: "甲".into(),
            title: "董事".into(),
            is_external: true,
            is_employee_representative: false,
            term_start: day("2021-03-01"),
            term_end: Some(day("2024-02-29")),
        };
        assert!(!member.served_on(day("2021-02-28")));
        assert!(member.served_on(day("2021-03-01")));
        assert!(member.served_on(day("2024-02-29")));
        assert!(!member.served_on(day("2024-03-01")));
        let sitting = Member {
            term_end: None,
            ..member
        };
        assert!(sitting.served_on(day("2030-01-01")));
    }
}
