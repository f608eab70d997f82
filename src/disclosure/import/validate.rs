//! Turning the data rows of a disclosure file into disclosures to publish, or into
//! problems. Everything that can be checked without the database is checked here.
//!
//! Rows that name the same enterprise and period are one disclosure: for a section whose
//! disclosure is a table (a pay table, a roster...) they are its rows, in file order;
//! for a one-row section (financial, state capital) a second such row is an error. A
//! value that belongs to the whole disclosure (`source`, `as_of`, `reason`, a table's
//! unit...) may be given in any of its rows, and every row that gives it must agree.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::columns::Field;
use super::header::Layout;
use super::message::Message;
use super::problem::{ColumnRef, FileRef, Problem};
use super::read::Row;
use super::reader::RowReader;
use super::values;
use crate::disclosure::model::{Content, Period, Section};
use crate::disclosure::queries::Provenance;
use crate::enterprise::Uscc;

/// The database's length limits of the free-text columns.
pub(super) const MAX_SOURCE: usize = 500;
pub(super) const MAX_REASON: usize = 2000;

/// A disclosure that passed every check that needs no database.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub file: FileRef,
    /// Its rows in the file, first to last (one for a one-row section).
    pub rows: Vec<u32>,
    pub uscc: Uscc,
    pub period: Period,
    pub provenance: Provenance,
    /// Why an already published disclosure is amended; needed only then.
    pub reason: Option<String>,
    /// The row that gave the reason, or the first row: where reason problems are shown.
    pub reason_row: u32,
    pub content: Content,
    /// Where the code and the reason are, for problems found against the database.
    pub uscc_column: ColumnRef,
    pub reason_column: ColumnRef,
}

impl Record {
    /// The first row of the disclosure in its file.
    pub fn first_row(&self) -> u32 {
        self.rows[0]
    }
}

/// How messages name the rows of one disclosure.
pub(super) fn this_disclosure() -> Message {
    Message::new("import_scope_disclosure")
}

/// A disclosure's identity, to find the same one given twice in a run.
pub(super) type Key = (Uscc, Section, Period);

/// How one section's rows become its disclosures' content.
pub(super) trait RowMapping {
    /// What one row gives.
    type Line;
    /// The section.
    const SECTION: Section;
    /// Whether a row is a whole disclosure; otherwise the rows sharing an enterprise and
    /// period are one disclosure's table.
    const ONE_ROW: bool = false;
    /// Whether the section is disclosed by quarter as well as by year.
    const QUARTERLY: bool = false;
    /// Reads a row's own columns (the key and provenance are read by the caller).
    fn read(row: &mut RowReader<'_>) -> Option<Self::Line>;
    /// The content of one disclosure from its rows, with the checks that concern them
    /// together.
    fn assemble(table: &mut TableCheck<'_>, lines: Vec<Line<Self::Line>>) -> Option<Content>;
}

/// A row's own part, with its row number.
pub(super) struct Line<L> {
    pub row: u32,
    pub value: L,
}

/// The rows of one disclosure, for checks that look at them together.
pub(super) struct TableCheck<'a> {
    layout: &'a Layout,
    file: &'a FileRef,
    problems: &'a mut Vec<Problem>,
    /// The period the disclosure covers.
    pub period: Period,
}

impl TableCheck<'_> {
    /// Records a problem with a cell of the table.
    pub fn problem(&mut self, row: u32, field: Option<Field>, reason: Message) {
        let column = field.map(|f| self.layout.column(f));
        self.problems
            .push(Problem::at(self.file, row, column.as_ref(), reason));
    }

    /// The value of a column that belongs to several rows together (`scope`: "this
    /// disclosure", "finding 2"): `Some(None)` if no row gives it, `None` after recording
    /// a problem for each row that disagrees with the first to give it.
    pub fn agreed<T: PartialEq>(
        &mut self,
        field: Field,
        scope: &Message,
        given: impl IntoIterator<Item = (u32, Option<T>)>,
    ) -> Option<Option<(u32, T)>> {
        let mut first: Option<(u32, T)> = None;
        let mut agree = true;
        for (row, value) in given {
            let Some(value) = value else { continue };
            match &first {
                None => first = Some((row, value)),
                Some((first_row, first_value)) if *first_value != value => {
                    let first_row = *first_row;
                    let reason = Message::new("import_differs")
                        .arg("first", first_row)
                        .part("scope", scope.clone());
                    self.problem(row, Some(field), reason);
                    agree = false;
                }
                Some(_) => {}
            }
        }
        agree.then_some(first)
    }

    /// Like [`TableCheck::agreed`], for a column that at least one of the rows must fill.
    pub fn agreed_required<T: PartialEq>(
        &mut self,
        field: Field,
        scope: &Message,
        given: impl IntoIterator<Item = (u32, Option<T>)>,
    ) -> Option<T> {
        let given: Vec<(u32, Option<T>)> = given.into_iter().collect();
        let rows: Vec<u32> = given.iter().map(|(row, _)| *row).collect();
        let value = self.agreed(field, scope, given)?;
        if value.is_none() {
            // A missing column was reported once, at the header.
            if self.layout.columns.contains_key(&field) {
                let reason = match rows.as_slice() {
                    [_] => Message::new("import_required"),
                    rows => Message::new("import_rows_required")
                        .part("scope", scope.clone())
                        .part("rows", describe_rows(rows)),
                };
                self.problem(rows[0], Some(field), reason);
            }
            return None;
        }
        value.map(|(_, v)| v)
    }
}

/// Row numbers as a reader would write them: `rows 2-4, 7`.
pub(super) fn describe_rows(rows: &[u32]) -> Message {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == row => *end = row,
            _ => runs.push((row, row)),
        }
    }
    let runs: Vec<String> = runs
        .iter()
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}-{end}")
            }
        })
        .collect();
    let id = if rows.len() == 1 {
        "import_row"
    } else {
        "import_rows"
    };
    Message::new(id).arg("list", runs.join(", "))
}

/// What a row says about the disclosure it belongs to; `None` where the cell was bad.
struct RowProvenance {
    source: Option<Option<String>>,
    as_of: Option<Option<NaiveDate>>,
    reason: Option<Option<String>>,
}

/// The rows of a file that make one disclosure.
struct Group<L> {
    uscc: Uscc,
    period: Period,
    rows: Vec<u32>,
    /// `None` for a row with a problem in its own columns.
    lines: Vec<Option<Line<L>>>,
    provenance: Vec<(u32, RowProvenance)>,
}

/// A file's data rows, with what is needed to read them.
#[derive(Clone, Copy)]
pub(super) struct FileRows<'a> {
    pub rows: &'a [Row],
    pub layout: &'a Layout,
    pub file: &'a FileRef,
    /// Today in China: nothing after it can be disclosed.
    pub today: NaiveDate,
}

/// Checks every row of a file of `M`'s section; `seen` spans the whole run so that a
/// disclosure given in two files is caught too.
pub(super) fn records<M: RowMapping>(
    input: &FileRows<'_>,
    seen: &mut HashMap<Key, (FileRef, u32)>,
    problems: &mut Vec<Problem>,
) -> Vec<Record> {
    let FileRows {
        rows,
        layout,
        file,
        today,
    } = *input;
    let this_year = i16::try_from(today.year()).unwrap_or(i16::MAX);
    let mut groups: Vec<Group<M::Line>> = Vec::new();
    let mut group_of: HashMap<(Uscc, Period), usize> = HashMap::new();
    for row in rows {
        let mut reader = RowReader::new(layout, row, file, problems);
        reader.check_beyond_header();
        // Every field is read before any is used, so that all of a row's problems show.
        let uscc = reader.required(Field::Uscc, values::uscc);
        let year = reader.required(Field::Year, |c| values::year(c, this_year));
        let quarter = if M::QUARTERLY {
            reader.optional(Field::Quarter, values::quarter)
        } else {
            reader.optional(Field::Quarter, |_| {
                Err::<i16, _>(
                    Message::new("import_yearly_section").part("section", section_name(M::SECTION)),
                )
            })
        };
        let source = |c: &_| values::bounded_text(c, MAX_SOURCE);
        let provenance = RowProvenance {
            // A one-row disclosure has nowhere else to give its source.
            source: if M::ONE_ROW {
                reader.required(Field::Source, source).map(Some)
            } else {
                reader.optional(Field::Source, source)
            },
            as_of: reader.optional(Field::AsOf, values::date),
            reason: reader.optional(Field::Reason, |c| values::bounded_text(c, MAX_REASON)),
        };
        let line = M::read(&mut reader);
        let line = (!reader.failed).then_some(line).flatten();
        let (Some(uscc), Some(year), Some(quarter)) = (uscc, year, quarter) else {
            continue;
        };
        let period = Period { year, quarter };
        let number = row.number;
        if let Some(&index) = group_of.get(&(uscc.clone(), period)) {
            if M::ONE_ROW {
                let first = groups[index].rows[0];
                problems.push(Problem::at(
                    file,
                    number,
                    None,
                    Message::new("import_same_as_row").arg("first", first),
                ));
                continue;
            }
            let group = &mut groups[index];
            group.rows.push(number);
            group
                .lines
                .push(line.map(|value| Line { row: number, value }));
            group.provenance.push((number, provenance));
            continue;
        }
        group_of.insert((uscc.clone(), period), groups.len());
        groups.push(Group {
            uscc,
            period,
            rows: vec![number],
            lines: vec![line.map(|value| Line { row: number, value })],
            provenance: vec![(number, provenance)],
        });
    }
    let mut records = Vec::with_capacity(groups.len());
    for group in groups {
        let key = (group.uscc.clone(), M::SECTION, group.period);
        if let Some((first_file, first_row)) = seen.get(&key) {
            let advice = if M::ONE_ROW {
                "import_advice_once"
            } else {
                "import_advice_whole_table"
            };
            let reason = Message::new("import_same_as_file_row")
                .arg("file", &first_file.label)
                .arg("first", first_row)
                .part("advice", Message::new(advice));
            problems.push(Problem::at(file, group.rows[0], None, reason));
            continue;
        }
        seen.insert(key, (file.clone(), group.rows[0]));
        records.extend(record::<M>(group, layout, file, today, problems));
    }
    records
}

/// One group of rows as a disclosure, if they hold together.
fn record<M: RowMapping>(
    group: Group<M::Line>,
    layout: &Layout,
    file: &FileRef,
    today: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Option<Record> {
    let mut table = TableCheck {
        layout,
        file,
        problems,
        period: group.period,
    };
    let mut provenance_ok = group
        .provenance
        .iter()
        .all(|(_, p)| p.source.is_some() && p.as_of.is_some() && p.reason.is_some());
    let scope = this_disclosure();
    let source = table.agreed_required(
        Field::Source,
        &scope,
        group
            .provenance
            .iter()
            .map(|(row, p)| (*row, p.source.clone().flatten())),
    );
    let as_of = table.agreed(
        Field::AsOf,
        &scope,
        group
            .provenance
            .iter()
            .map(|(row, p)| (*row, p.as_of.flatten())),
    );
    let reason = table.agreed(
        Field::Reason,
        &scope,
        group
            .provenance
            .iter()
            .map(|(row, p)| (*row, p.reason.clone().flatten())),
    );
    let lines: Option<Vec<Line<M::Line>>> = group.lines.into_iter().collect();
    let content = lines.and_then(|lines| M::assemble(&mut table, lines));
    let first_row = group.rows[0];
    let as_of = match as_of {
        Some(Some((row, date))) => Some((row, date)),
        Some(None) => period_end(group.period).map(|end| (first_row, end)),
        None => None,
    };
    if let Some((row, date)) = as_of {
        if date > today {
            // Also catches a period that has not ended, whose default as_of is its end.
            table.problem(
                row,
                Some(Field::AsOf),
                Message::new("import_as_of_future").arg("date", date),
            );
            provenance_ok = false;
        }
    }
    provenance_ok.then_some(())?;
    let reason = reason?;
    Some(Record {
        file: file.clone(),
        uscc: group.uscc,
        period: group.period,
        provenance: Provenance {
            source: source?,
            as_of: as_of?.1,
            documents: Vec::new(),
            published_at: None,
        },
        reason_row: reason.as_ref().map_or(first_row, |(row, _)| *row),
        reason: reason.map(|(_, r)| r),
        content: content?,
        rows: group.rows,
        uscc_column: layout.column(Field::Uscc),
        reason_column: layout.column(Field::Reason),
    })
}

/// How messages name a section.
fn section_name(section: Section) -> Message {
    Message::new(match section {
        Section::Financial => "import_section_financial",
        Section::StateCapital => "import_section_state_capital",
        Section::ExecutivePay => "import_section_executive_pay",
        Section::Governance => "import_section_governance",
        Section::RelatedParty => "import_section_related_party",
        Section::MajorEvents => "import_section_major_events",
        Section::Inspection => "import_section_inspection",
    })
}

/// The last day of a period: the date its figures describe unless `as_of` says otherwise.
fn period_end(period: Period) -> Option<NaiveDate> {
    let year = i32::from(period.year);
    match period.quarter {
        None => NaiveDate::from_ymd_opt(year, 12, 31),
        Some(q) => {
            let next_month = u32::try_from(q).ok()? * 3 + 1;
            let first_of_next = if next_month > 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, next_month, 1)
            };
            first_of_next?.pred_opt()
        }
    }
}

/// Today in China, which decides which periods may be disclosed.
pub(super) fn today() -> NaiveDate {
    crate::disclosure::today()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_ends_on_its_last_day() {
        let end = |year, quarter| period_end(Period { year, quarter }).unwrap().to_string();
        assert_eq!(end(2026, None), "2026-12-31");
        assert_eq!(end(2026, Some(1)), "2026-03-31");
        assert_eq!(end(2024, Some(2)), "2024-06-30");
        assert_eq!(end(2026, Some(3)), "2026-09-30");
        assert_eq!(end(2026, Some(4)), "2026-12-31");
    }

    #[test]
    fn rows_are_described_in_runs() {
        let describe = |rows: &[u32]| describe_rows(rows).to_string();
        assert_eq!(describe(&[2]), "row 2");
        assert_eq!(describe(&[2, 3, 4]), "rows 2-4");
        assert_eq!(describe(&[2, 3, 5, 7, 8]), "rows 2-3, 5, 7-8");
    }
}
