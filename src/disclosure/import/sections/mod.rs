//! Each section's columns and how its rows become a disclosure's content, one module
//! per section. The shared work (reading the key and provenance, grouping rows into
//! disclosures, agreeing on disclosure-wide values) is in `validate.rs`.

mod events;
mod financial;
mod governance;
mod inspection;
mod pay;
mod related_party;
mod state_capital;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::columns::{ColumnSpec, Field};
use super::message::Message;
use super::problem::{FileRef, Problem};
use super::reader::RowReader;
use super::validate::{records as records_of, FileRows, Key, Record};
use super::values;
use crate::disclosure::model::Section;

/// A section's own columns (the key and provenance columns come first in every file).
pub(super) fn columns(section: Section) -> Vec<ColumnSpec> {
    match section {
        Section::Financial => financial::COLUMNS.to_vec(),
        Section::StateCapital => state_capital::columns(),
        Section::ExecutivePay => pay::COLUMNS.to_vec(),
        Section::Governance => governance::COLUMNS.to_vec(),
        Section::RelatedParty => related_party::COLUMNS.to_vec(),
        Section::MajorEvents => events::COLUMNS.to_vec(),
        Section::Inspection => inspection::COLUMNS.to_vec(),
    }
}

/// The disclosures of a file of `section`; see [`super::validate::records`].
pub(super) fn records(
    section: Section,
    input: &FileRows<'_>,
    seen: &mut HashMap<Key, (FileRef, u32)>,
    problems: &mut Vec<Problem>,
) -> Vec<Record> {
    match section {
        Section::Financial => records_of::<financial::Rows>(input, seen, problems),
        Section::StateCapital => records_of::<state_capital::Rows>(input, seen, problems),
        Section::ExecutivePay => records_of::<pay::Rows>(input, seen, problems),
        Section::Governance => records_of::<governance::Rows>(input, seen, problems),
        Section::RelatedParty => records_of::<related_party::Rows>(input, seen, problems),
        Section::MajorEvents => records_of::<events::Rows>(input, seen, problems),
        Section::Inspection => records_of::<inspection::Rows>(input, seen, problems),
    }
}

/// A term of office (pay tables and rosters): its start, and its end if it ended, which
/// cannot come before the start.
fn term(row: &mut RowReader<'_>) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let start = row.required(Field::TermStart, values::date);
    let end = row.optional(Field::TermEnd, values::date);
    let (start, end) = (start?, end?);
    if let Some(end) = end.filter(|end| *end < start) {
        row.problem(
            Field::TermEnd,
            Message::new("import_term_ends_before_start")
                .arg("end", end)
                .arg("start", start),
        );
        return None;
    }
    Some((start, end))
}

/// Text of at most `max` characters, if given.
fn optional_text(row: &mut RowReader<'_>, field: Field, max: usize) -> Option<Option<String>> {
    row.optional(field, |c| values::bounded_text(c, max))
}

#[cfg(test)]
mod tests;
