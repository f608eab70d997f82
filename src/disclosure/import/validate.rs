//! Turning each data row into a disclosure to publish, or into problems. Everything that
//! can be checked without the database is checked here; every problem of a row is
//! reported, not only the first.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::{Datelike, NaiveDate};

use super::columns::Field;
use super::header::Layout;
use super::problem::{ColumnRef, FileRef, Problem};
use super::read::{Cell, Row};
use super::values;
use crate::disclosure::model::{
    CapitalFactor, Content, FinancialStatement, Period, Section, StateCapitalStatement,
};
use crate::disclosure::queries::Provenance;
use crate::enterprise::Uscc;

/// The database's length limits of the free-text columns.
const MAX_SOURCE: usize = 500;
const MAX_AUDITOR: usize = 200;
const MAX_REASON: usize = 2000;

/// A row that passed every check that needs no database.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub file: FileRef,
    pub row: u32,
    pub uscc: Uscc,
    pub period: Period,
    pub provenance: Provenance,
    /// Why an already published disclosure is amended; needed only then.
    pub reason: Option<String>,
    pub content: Content,
    /// Where the code and the reason are, for problems found against the database.
    pub uscc_column: ColumnRef,
    pub reason_column: ColumnRef,
}

/// A disclosure's identity, to find the same one given twice in a run.
pub(super) type Key = (Uscc, Section, Period);

/// Checks every row of a file; `seen` spans the whole run so that a disclosure given in
/// two files is caught too.
pub(super) fn validate_rows(
    rows: &[Row],
    layout: &Layout,
    file: &FileRef,
    today: NaiveDate,
    seen: &mut HashMap<Key, (FileRef, u32)>,
    problems: &mut Vec<Problem>,
) -> Vec<Record> {
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let mut reader = RowReader {
            layout,
            row,
            file,
            problems,
        };
        let Some(record) = reader.record(today) else {
            continue;
        };
        let key = (record.uscc.clone(), layout.section, record.period);
        if let Some((first_file, first_row)) = seen.get(&key) {
            let place = if first_file.index == file.index {
                format!("row {first_row}")
            } else {
                format!("{} row {first_row}", first_file.label)
            };
            problems.push(Problem::at(
                file,
                row.number,
                None,
                format!("the same enterprise and period as {place}; give each disclosure once"),
            ));
            continue;
        }
        seen.insert(key, (file.clone(), row.number));
        records.push(record);
    }
    records
}

/// Reads one row, recording a problem for every bad cell.
struct RowReader<'a> {
    layout: &'a Layout,
    row: &'a Row,
    file: &'a FileRef,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    fn cell(&self, field: Field) -> &Cell {
        let index = self.layout.fields.iter().position(|f| *f == Some(field));
        index
            .and_then(|i| self.row.cells.get(i))
            .unwrap_or(&Cell::Empty)
    }

    fn problem(&mut self, field: Field, reason: impl Into<String>) {
        let column = self.layout.column(field);
        self.problems.push(Problem::at(
            self.file,
            self.row.number,
            Some(&column),
            reason,
        ));
    }

    /// `Some(None)` for an empty cell, `None` after recording a problem.
    fn optional<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&Cell) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let cell = self.cell(field);
        if *cell == Cell::Empty {
            return Some(None);
        }
        match parse(cell) {
            Ok(value) => Some(Some(value)),
            Err(reason) => {
                self.problem(field, reason);
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&Cell) -> Result<T, String>,
    ) -> Option<T> {
        let value = self.optional(field, parse)?;
        // A missing column was reported once, at the header; not again on every row.
        if value.is_none() && self.layout.columns.contains_key(&field) {
            self.problem(field, "a value is required");
        }
        value
    }

    fn record(&mut self, today: NaiveDate) -> Option<Record> {
        let this_year = i16::try_from(today.year()).unwrap_or(i16::MAX);
        let beyond_header = self
            .row
            .cells
            .iter()
            .skip(self.layout.fields.len())
            .position(|cell| *cell != Cell::Empty);
        if let Some(extra) = beyond_header {
            let column = ColumnRef {
                index: u32::try_from(self.layout.fields.len() + extra)
                    .ok()
                    .map(|i| i + self.layout.first_column),
                name: String::new(),
            };
            self.problems.push(Problem::at(
                self.file,
                self.row.number,
                Some(&column),
                "a value beyond the last column of the header",
            ));
        }
        // Every field is read before any is used, so that all of a row's problems show.
        let uscc = self.required(Field::Uscc, values::uscc);
        let year = self.required(Field::Year, |c| values::year(c, this_year));
        let quarter = match self.layout.section {
            Section::StateCapital => self.optional(Field::Quarter, |_| {
                Err::<i16, _>("state capital is disclosed by year; leave quarter empty".to_owned())
            }),
            _ => self.optional(Field::Quarter, values::quarter),
        };
        let source = self.required(Field::Source, |c| values::bounded_text(c, MAX_SOURCE));
        let as_of = self.optional(Field::AsOf, values::date);
        let reason = self.optional(Field::Reason, |c| values::bounded_text(c, MAX_REASON));
        let content = match self.layout.section {
            Section::StateCapital => self.state_capital(),
            _ => self.financial(),
        };
        let period = Period {
            year: year?,
            quarter: quarter?,
        };
        beyond_header.is_none().then_some(())?;
        let as_of = match as_of? {
            Some(date) => date,
            None => period_end(period)?,
        };
        if as_of > today {
            // Also catches a period that has not ended, whose default as_of is its end.
            self.problem(
                Field::AsOf,
                format!(
                    "{as_of} is in the future; figures describe a day that has passed \
                     (as_of defaults to the last day of the period)"
                ),
            );
            return None;
        }
        Some(Record {
            file: self.file.clone(),
            row: self.row.number,
            uscc: uscc?,
            period,
            provenance: Provenance {
                source: source?,
                as_of,
                documents: Vec::new(),
                published_at: None,
            },
            reason: reason?,
            content: content?,
            uscc_column: self.layout.column(Field::Uscc),
            reason_column: self.layout.column(Field::Reason),
        })
    }

    fn financial(&mut self) -> Option<Content> {
        let unit = self.required(Field::Unit, values::unit);
        let mut amount = |field| self.required(field, values::amount);
        let owners_equity = amount(Field::OwnersEquity);
        let revenue = amount(Field::Revenue);
        let total_profit = amount(Field::TotalProfit);
        let net_profit = amount(Field::NetProfit);
        let mut positive = |field| self.required(field, values::non_negative_amount);
        let total_assets = positive(Field::TotalAssets);
        let total_liabilities = positive(Field::TotalLiabilities);
        let current_liabilities =
            self.optional(Field::CurrentLiabilities, values::non_negative_amount);
        let interest_bearing_debt =
            self.optional(Field::InterestBearingDebt, values::non_negative_amount);
        let state_owned_equity = self.optional(Field::StateOwnedEquity, values::amount);
        let operating_cash_flow = self.optional(Field::OperatingCashFlow, values::amount);
        let audited = self.required(Field::Audited, values::flag);
        let auditor = self.optional(Field::Auditor, |c| values::bounded_text(c, MAX_AUDITOR));
        let audit_opinion = self.optional(Field::AuditOpinion, values::audit_opinion);
        let audit_ok = self.audit_consistent(audited, auditor.as_ref(), audit_opinion.as_ref());
        audit_ok.then_some(())?;
        Some(Content::Financial(FinancialStatement {
            unit: unit?,
            total_assets: total_assets?,
            total_liabilities: total_liabilities?,
            current_liabilities: current_liabilities?,
            owners_equity: owners_equity?,
            state_owned_equity: state_owned_equity?,
            revenue: revenue?,
            total_profit: total_profit?,
            net_profit: net_profit?,
            operating_cash_flow: operating_cash_flow?,
            interest_bearing_debt: interest_bearing_debt?,
            audited: audited?,
            auditor: auditor?,
            audit_opinion: audit_opinion?,
        }))
    }

    /// An audited statement names its auditor and opinion; an unaudited one names neither.
    fn audit_consistent<A, O>(
        &mut self,
        audited: Option<bool>,
        auditor: Option<&Option<A>>,
        opinion: Option<&Option<O>>,
    ) -> bool {
        let Some(audited) = audited else {
            return true;
        };
        let mut ok = true;
        let given = [
            (Field::Auditor, auditor.map(Option::is_some)),
            (Field::AuditOpinion, opinion.map(Option::is_some)),
        ];
        for (field, present) in given {
            match (audited, present) {
                (true, Some(false)) => {
                    self.problem(field, "required when audited is true");
                    ok = false;
                }
                (false, Some(true)) => {
                    self.problem(
                        field,
                        "given although audited is false; leave it empty for an unaudited \
                         statement",
                    );
                    ok = false;
                }
                _ => {}
            }
        }
        ok
    }

    fn state_capital(&mut self) -> Option<Content> {
        let unit = self.required(Field::Unit, values::unit);
        let opening = self.required(Field::OpeningStateCapital, values::amount);
        let closing = self.required(Field::ClosingStateCapital, values::amount);
        let mut factors: Vec<(CapitalFactor, BigDecimal)> = Vec::new();
        let mut factors_ok = true;
        for &factor in CapitalFactor::ALL {
            match self.optional(Field::Factor(factor), values::non_negative_amount) {
                Some(Some(amount)) => factors.push((factor, amount)),
                Some(None) => {}
                None => factors_ok = false,
            }
        }
        factors_ok.then_some(())?;
        Some(Content::StateCapital(StateCapitalStatement {
            unit: unit?,
            opening_state_capital: opening?,
            closing_state_capital: closing?,
            factors,
        }))
    }
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
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::import::{header, read};

    /// Problems of a CSV file checked on 2026-11-25, as displayed.
    fn problems_of(csv: &str) -> Vec<String> {
        let file = FileRef {
            label: "v.csv".into(),
            index: 0,
        };
        let table = read::csv_table(csv, &file).unwrap();
        let mut problems = Vec::new();
        let layout = header::layout(&table, &file, &mut problems).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        validate_rows(
            &table.rows,
            &layout,
            &file,
            today,
            &mut HashMap::new(),
            &mut problems,
        );
        problems.iter().map(ToString::to_string).collect()
    }

    const CAPITAL: &str =
        "uscc,year,quarter,unit,opening_state_capital,closing_state_capital,source\n";

    #[test]
    fn a_valid_row_has_no_problems() {
        let csv = format!("{CAPITAL}91450500DEM000001J,2025,,万元,100,110,report\n");
        assert_eq!(problems_of(&csv), Vec::<String>::new());
    }

    #[test]
    fn state_capital_is_disclosed_by_year_only() {
        let csv = format!("{CAPITAL}91450500DEM000001J,2025,2,万元,100,110,report\n");
        assert_eq!(
            problems_of(&csv),
            ["v.csv: row 2, column quarter (C): state capital is disclosed by year; leave quarter empty"]
        );
    }

    #[test]
    fn a_period_that_has_not_ended_cannot_be_disclosed() {
        let csv = format!("{CAPITAL}91450500DEM000001J,2026,,万元,100,110,report\n");
        let problems = problems_of(&csv);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("v.csv: row 2, column as_of: 2026-12-31 is in the future"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_missing_column_is_reported_once_not_on_every_row() {
        let csv = "uscc,year,unit,opening_state_capital,source\n\
                   91450500DEM000001J,2024,万元,100,report\n\
                   91450500DEM000001J,2025,万元,100,report\n";
        let problems = problems_of(csv);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("closing_state_capital"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_bad_column_does_not_hide_the_problems_of_the_rows() {
        let csv = "uscc,year,unit,opening_state_capital,closing_state_capital,source,colour\n\
                   91450500DEM000001J,2025,亿元,100,110,report,red\n";
        let problems = problems_of(csv);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("\"colour\" is not a column"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("row 2, column unit (C)"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_period_ends_on_its_last_day() {
        let end = |year, quarter| period_end(Period { year, quarter }).unwrap().to_string();
        assert_eq!(end(2026, None), "2026-12-31");
        assert_eq!(end(2026, Some(1)), "2026-03-31");
        assert_eq!(end(2024, Some(2)), "2024-06-30");
        assert_eq!(end(2026, Some(3)), "2026-09-30");
        assert_eq!(end(2026, Some(4)), "2026-12-31");
    }
}
