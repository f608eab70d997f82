//! `governance` files: a roster (法人治理结构), one row per seat; the rows of one
//! enterprise and year are its roster, listing everyone who held a seat during the year.

use chrono::{Datelike, NaiveDate};

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::message::Message;
use super::super::reader::RowReader;
use super::super::validate::{Line, RowMapping, TableCheck};
use super::super::values;
use super::super::vocabulary::GOVERNING_BODY;
use super::term;
use crate::disclosure::model::{Content, Roster, Section};
use crate::disclosure::Member;

/// The database's length limits.
const MAX_NAME: usize = 100;
const MAX_TITLE: usize = 200;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::Body, "body", "所在机构"),
    required(Field::Name, "name", "姓名"),
    required(Field::Title, "title", "职务"),
    optional(Field::IsExternal, "is_external", "外部董事"),
    optional(
        Field::IsEmployeeRepresentative,
        "is_employee_representative",
        "职工代表",
    ),
    required(Field::TermStart, "term_start", "任职起始日期"),
    optional(Field::TermEnd, "term_end", "任职终止日期"),
];

/// The roster row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = Member;
    const SECTION: Section = Section::Governance;

    fn read(row: &mut RowReader<'_>) -> Option<Member> {
        let body = row.required(Field::Body, |c| GOVERNING_BODY.parse(c));
        let name = row.text(Field::Name, MAX_NAME);
        let title = row.text(Field::Title, MAX_TITLE);
        // An empty flag means no: most seats are neither.
        let is_external = row.optional(Field::IsExternal, values::flag);
        let is_employee = row.optional(Field::IsEmployeeRepresentative, values::flag);
        let term = term(row);
        let (term_start, term_end) = term?;
        Some(Member {
            body: body?,
            name: name?,
            title: title?,
            is_external: is_external?.unwrap_or(false),
            is_employee_representative: is_employee?.unwrap_or(false),
            term_start,
            term_end,
        })
    }

    fn assemble(table: &mut TableCheck<'_>, lines: Vec<Line<Member>>) -> Option<Content> {
        let year = i32::from(table.period.year);
        let mut ok = true;
        for line in &lines {
            let member = &line.value;
            // A roster lists who held a seat during its year; anyone else is most likely
            // a row of another year's roster.
            let first_day = NaiveDate::from_ymd_opt(year, 1, 1)?;
            if member.term_start.year() > year {
                table.problem(
                    line.row,
                    Some(Field::TermStart),
                    Message::new("import_roster_starts_after")
                        .arg("date", member.term_start)
                        .arg("year", year),
                );
                ok = false;
            }
            if let Some(end) = member.term_end.filter(|end| *end < first_day) {
                table.problem(
                    line.row,
                    Some(Field::TermEnd),
                    Message::new("import_roster_ends_before")
                        .arg("date", end)
                        .arg("year", year),
                );
                ok = false;
            }
        }
        ok.then_some(())?;
        Some(Content::Governance(Roster {
            members: lines.into_iter().map(|l| l.value).collect(),
        }))
    }
}
