//! `major_events` files: one row per event; the rows of one enterprise and year are its
//! list. An event states an amount and its unit, or neither.

use chrono::Datelike;

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::message::Message;
use super::super::reader::RowReader;
use super::super::validate::{Line, RowMapping, TableCheck};
use super::super::values;
use super::super::vocabulary::EVENT_KIND;
use crate::disclosure::model::{Content, MajorEvents, Section};
use crate::disclosure::MajorEvent;

/// The database's length limit.
const MAX_DESCRIPTION: usize = 2000;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::OccurredOn, "occurred_on", "发生日期"),
    required(Field::EventKind, "kind", "事项类别"),
    required(Field::Description, "description", "事项说明"),
    optional(Field::Amount, "amount", "涉及金额"),
    optional(Field::Unit, "unit", "单位"),
];

/// The major events row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = MajorEvent;
    const SECTION: Section = Section::MajorEvents;

    fn read(row: &mut RowReader<'_>) -> Option<MajorEvent> {
        let occurred_on = row.required(Field::OccurredOn, values::date);
        let kind = row.required(Field::EventKind, |c| EVENT_KIND.parse(c));
        let description = row.text(Field::Description, MAX_DESCRIPTION);
        let amount = row.optional(Field::Amount, values::non_negative_amount);
        let unit = row.optional(Field::Unit, values::unit);
        let amount = match (amount?, unit?) {
            (Some(amount), Some(unit)) => Some((unit, amount)),
            (None, None) => None,
            (Some(_), None) => {
                row.problem(
                    Field::Unit,
                    Message::new("import_unit_required_with_amount"),
                );
                return None;
            }
            (None, Some(_)) => {
                row.problem(Field::Unit, Message::new("import_unit_without_amount"));
                return None;
            }
        };
        Some(MajorEvent {
            occurred_on: occurred_on?,
            kind: kind?,
            description: description?,
            amount,
        })
    }

    fn assemble(table: &mut TableCheck<'_>, lines: Vec<Line<MajorEvent>>) -> Option<Content> {
        let year = i32::from(table.period.year);
        let mut ok = true;
        for line in &lines {
            let day = line.value.occurred_on;
            if day.year() != year {
                table.problem(
                    line.row,
                    Some(Field::OccurredOn),
                    Message::new("import_event_outside_year")
                        .arg("date", day)
                        .arg("year", year),
                );
                ok = false;
            }
        }
        ok.then_some(())?;
        Some(Content::MajorEvents(MajorEvents {
            events: lines.into_iter().map(|l| l.value).collect(),
        }))
    }
}
