//! `inspection` files: a year's supervision findings and their rectification items (整改
//! 责任清单), one row per item. The `finding` column numbers the findings 1, 2, 3...;
//! the rows of a finding repeat (or leave empty) its columns, and a finding without
//! items is one row with the item columns empty.

use std::collections::{BTreeMap, HashMap};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::message::Message;
use super::super::read::Cell;
use super::super::reader::RowReader;
use super::super::validate::{describe_rows, this_disclosure, Line, RowMapping, TableCheck};
use super::super::values;
use super::super::vocabulary::{FINDING_CATEGORY, INSPECTION_BODY, SEVERITY};
use super::optional_text;
use crate::disclosure::model::{Content, InspectionReport, Section, Unit};
use crate::disclosure::{Finding, FindingCategory, InspectionBody, RectificationItem, Severity};

/// The database's length limits.
const MAX_DESCRIPTION: usize = 2000;
const MAX_MEASURE: usize = 2000;
const MAX_DEPARTMENT: usize = 200;
/// More findings than this in one year's report is a mistake, not a report.
const MAX_FINDINGS: u16 = 999;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::Unit, "unit", "单位"),
    required(Field::Finding, "finding", "问题序号"),
    required(Field::InspectedBy, "inspected_by", "检查主体"),
    required(Field::InspectedOn, "inspected_on", "检查日期"),
    required(Field::Category, "category", "问题类别"),
    required(Field::Description, "description", "问题描述"),
    optional(Field::AmountInvolved, "amount_involved", "涉及金额"),
    required(Field::Severity, "severity", "严重程度"),
    optional(Field::Item, "item", "整改事项编号"),
    optional(Field::Measure, "measure", "整改措施"),
    optional(
        Field::ResponsibleDepartment,
        "responsible_department",
        "责任部门",
    ),
    optional(Field::DueDate, "due_date", "整改期限"),
];

/// One row: the finding it belongs to, that finding's columns as far as the row gives
/// them, and the item it sets, if any.
pub(super) struct InspectionLine {
    unit: Option<Unit>,
    finding: u16,
    inspected_by: Option<InspectionBody>,
    inspected_on: Option<NaiveDate>,
    category: Option<FindingCategory>,
    description: Option<String>,
    amount_involved: Option<BigDecimal>,
    severity: Option<Severity>,
    item: Option<RectificationItem>,
}

/// The inspection row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = InspectionLine;
    const SECTION: Section = Section::Inspection;

    fn read(row: &mut RowReader<'_>) -> Option<InspectionLine> {
        let unit = row.optional(Field::Unit, values::unit);
        let finding = row.required(Field::Finding, finding_number);
        let inspected_by = row.optional(Field::InspectedBy, |c| INSPECTION_BODY.parse(c));
        let inspected_on = row.optional(Field::InspectedOn, values::date);
        let category = row.optional(Field::Category, |c| FINDING_CATEGORY.parse(c));
        let description = optional_text(row, Field::Description, MAX_DESCRIPTION);
        let amount_involved = row.optional(Field::AmountInvolved, values::non_negative_amount);
        let severity = row.optional(Field::Severity, |c| SEVERITY.parse(c));
        let item = item(row);
        Some(InspectionLine {
            unit: unit?,
            finding: finding?,
            inspected_by: inspected_by?,
            inspected_on: inspected_on?,
            category: category?,
            description: description?,
            amount_involved: amount_involved?,
            severity: severity?,
            item: item?,
        })
    }

    fn assemble(table: &mut TableCheck<'_>, lines: Vec<Line<InspectionLine>>) -> Option<Content> {
        let unit = table.agreed_required(
            Field::Unit,
            &this_disclosure(),
            lines.iter().map(|l| (l.row, l.value.unit)),
        );
        let codes_ok = unique_codes(table, &lines);
        let mut by_number: BTreeMap<u16, Vec<Line<InspectionLine>>> = BTreeMap::new();
        for line in lines {
            by_number.entry(line.value.finding).or_default().push(line);
        }
        let mut findings = Vec::with_capacity(by_number.len());
        let mut ok = true;
        for (expected, (number, rows)) in (1u16..).zip(by_number) {
            if number != expected {
                // Published findings are numbered by position; a gap would renumber them.
                table.problem(
                    rows[0].row,
                    Some(Field::Finding),
                    Message::new("import_finding_missing").arg("expected", expected),
                );
                ok = false;
            }
            match finding(table, number, rows) {
                Some(finding) => findings.push(finding),
                None => ok = false,
            }
        }
        (ok && codes_ok).then_some(())?;
        Some(Content::Inspection(InspectionReport {
            unit: unit?,
            findings,
        }))
    }
}

/// One finding from its rows: its columns agreed between them, its items in file order.
fn finding(
    table: &mut TableCheck<'_>,
    number: u16,
    rows: Vec<Line<InspectionLine>>,
) -> Option<Finding> {
    let scope = &Message::new("import_scope_finding").arg("number", number);
    let rows_of = &rows;
    let body = table.agreed_required(
        Field::InspectedBy,
        scope,
        given(rows_of, |l| l.inspected_by),
    );
    let on = table.agreed_required(
        Field::InspectedOn,
        scope,
        given(rows_of, |l| l.inspected_on),
    );
    let category = table.agreed_required(Field::Category, scope, given(rows_of, |l| l.category));
    let description = table.agreed_required(
        Field::Description,
        scope,
        given(rows_of, |l| l.description.clone()),
    );
    let amount = table.agreed(
        Field::AmountInvolved,
        scope,
        given(rows_of, |l| l.amount_involved.clone()),
    );
    let severity = table.agreed_required(Field::Severity, scope, given(rows_of, |l| l.severity));
    Some(Finding {
        body: body?,
        inspected_on: on?,
        category: category?,
        description: description?,
        amount_involved: amount?.map(|(_, a)| a),
        severity: severity?,
        rectifications: rows.into_iter().filter_map(|l| l.value.item).collect(),
    })
}

/// What each row of a finding gives for one of its columns.
fn given<'a, T>(
    rows: &'a [Line<InspectionLine>],
    value: impl Fn(&InspectionLine) -> Option<T> + 'a,
) -> impl Iterator<Item = (u32, Option<T>)> + 'a {
    rows.iter().map(move |l| (l.row, value(&l.value)))
}

/// Item codes key the status updates, so each is given once in a report.
fn unique_codes(table: &mut TableCheck<'_>, lines: &[Line<InspectionLine>]) -> bool {
    let mut first: HashMap<&str, u32> = HashMap::new();
    let mut ok = true;
    for line in lines {
        let Some(item) = &line.value.item else {
            continue;
        };
        if let Some(&row) = first.get(item.code.as_str()) {
            table.problem(
                line.row,
                Some(Field::Item),
                Message::new("import_item_code_twice")
                    .arg("code", &item.code)
                    .part("row", describe_rows(&[row])),
            );
            ok = false;
        } else {
            first.insert(&item.code, line.row);
        }
    }
    ok
}

/// The item a row sets: all four item columns, or none of them.
fn item(row: &mut RowReader<'_>) -> Option<Option<RectificationItem>> {
    let code = row.optional(Field::Item, values::item_code);
    let parts = [Field::Measure, Field::ResponsibleDepartment, Field::DueDate];
    if code.as_ref().is_some_and(Option::is_none) {
        let given: Vec<Field> = parts.into_iter().filter(|f| !row.is_empty(*f)).collect();
        for field in &given {
            row.problem(*field, Message::new("import_item_part_without_code"));
        }
        return given.is_empty().then_some(None);
    }
    let measure = row.text(Field::Measure, MAX_MEASURE);
    let department = row.text(Field::ResponsibleDepartment, MAX_DEPARTMENT);
    let due_date = row.required(Field::DueDate, values::date);
    Some(Some(RectificationItem {
        code: code??,
        measure: measure?,
        responsible_department: department?,
        due_date: due_date?,
    }))
}

/// A finding's number: 1, 2, 3...
fn finding_number(cell: &Cell) -> Result<u16, Message> {
    let value = values::text(cell)?;
    match value.parse::<u16>() {
        Ok(n @ 1..=MAX_FINDINGS) => Ok(n),
        _ => Err(Message::new("import_bad_finding_number").arg("value", &value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn findings_are_numbered_from_one() {
        assert_eq!(finding_number(&t("1")).unwrap(), 1);
        assert_eq!(finding_number(&Cell::Number(2.0)).unwrap(), 2);
        assert!(finding_number(&t("0")).is_err());
        assert!(finding_number(&t("1.5")).is_err());
        assert!(finding_number(&t("一")).is_err());
    }
}
