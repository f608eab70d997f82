//! Published content back into the import format: the rows an import file would need to
//! publish it again. An amendment starts from these, so a publisher corrects the figures
//! that are wrong instead of typing the whole disclosure anew.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;

use crate::disclosure::model::{CapitalFactor, Content};

/// One row: each column by its key, with the text the import reads back as the same value.
pub type ExportRow = Vec<(&'static str, String)>;

/// The section's own columns of each row that would import as `content` (the key and
/// provenance columns — `uscc`, `year`, `source`... — are the caller's).
pub fn content_rows(content: &Content) -> Vec<ExportRow> {
    match content {
        Content::Financial(f) => {
            let mut row = vec![("unit", f.unit.code().to_owned())];
            for (key, value) in [
                ("total_assets", Some(&f.total_assets)),
                ("total_liabilities", Some(&f.total_liabilities)),
                ("current_liabilities", f.current_liabilities.as_ref()),
                ("owners_equity", Some(&f.owners_equity)),
                ("state_owned_equity", f.state_owned_equity.as_ref()),
                ("revenue", Some(&f.revenue)),
                ("total_profit", Some(&f.total_profit)),
                ("net_profit", Some(&f.net_profit)),
                ("operating_cash_flow", f.operating_cash_flow.as_ref()),
                ("interest_bearing_debt", f.interest_bearing_debt.as_ref()),
            ] {
                row.push((key, optional_amount(value)));
            }
            row.push(("audited", f.audited.to_string()));
            row.push(("auditor", f.auditor.clone().unwrap_or_default()));
            row.push((
                "audit_opinion",
                f.audit_opinion
                    .map(|o| o.code().to_owned())
                    .unwrap_or_default(),
            ));
            vec![row]
        }
        Content::StateCapital(s) => {
            let mut row = vec![
                ("unit", s.unit.code().to_owned()),
                ("opening_state_capital", amount(&s.opening_state_capital)),
                ("closing_state_capital", amount(&s.closing_state_capital)),
            ];
            for factor in CapitalFactor::ALL {
                let value = s.factors.iter().find(|(f, _)| f == factor);
                row.push((factor.code(), optional_amount(value.map(|(_, a)| a))));
            }
            vec![row]
        }
        Content::ExecutivePay(p) => p
            .executives
            .iter()
            .map(|e| {
                vec![
                    ("unit", p.unit.code().to_owned()),
                    (
                        "average_employee_pay",
                        optional_amount(p.average_employee_pay.as_ref()),
                    ),
                    ("name", e.name.clone()),
                    ("title", e.title.clone()),
                    ("term_start", date(e.term_start)),
                    ("term_end", e.term_end.map(date).unwrap_or_default()),
                    ("annual_salary_payable", amount(&e.annual_salary_payable)),
                    ("base_salary", optional_amount(e.base_salary.as_ref())),
                    (
                        "performance_pay",
                        optional_amount(e.performance_pay.as_ref()),
                    ),
                    ("term_incentive", optional_amount(e.term_incentive.as_ref())),
                    ("employer_contributions", amount(&e.employer_contributions)),
                    ("other_monetary_income", amount(&e.other_monetary_income)),
                    ("pretax_total", amount(&e.pretax_total)),
                    (
                        "related_party_amount",
                        optional_amount(e.related_party_amount.as_ref()),
                    ),
                ]
            })
            .collect(),
        Content::Governance(r) => r
            .members
            .iter()
            .map(|m| {
                vec![
                    ("body", m.body.code().to_owned()),
                    ("name", m.name.clone()),
                    ("title", m.title.clone()),
                    ("is_external", m.is_external.to_string()),
                    (
                        "is_employee_representative",
                        m.is_employee_representative.to_string(),
                    ),
                    ("term_start", date(m.term_start)),
                    ("term_end", m.term_end.map(date).unwrap_or_default()),
                ]
            })
            .collect(),
        Content::RelatedParty(l) => l
            .transactions
            .iter()
            .map(|t| {
                vec![
                    ("counterparty", t.counterparty.clone()),
                    (
                        "counterparty_uscc",
                        t.counterparty_uscc.clone().unwrap_or_default(),
                    ),
                    ("relationship", t.relationship.code().to_owned()),
                    ("transaction_type", t.transaction_type.code().to_owned()),
                    ("unit", t.unit.code().to_owned()),
                    ("amount", amount(&t.amount)),
                    ("pricing_basis", t.pricing_basis.code().to_owned()),
                    ("approval", t.approval.clone()),
                ]
            })
            .collect(),
        Content::MajorEvents(l) => l
            .events
            .iter()
            .map(|e| {
                let (unit, value) = match &e.amount {
                    Some((unit, value)) => (unit.code().to_owned(), amount(value)),
                    None => (String::new(), String::new()),
                };
                vec![
                    ("occurred_on", date(e.occurred_on)),
                    ("kind", e.kind.code().to_owned()),
                    ("description", e.description.clone()),
                    ("amount", value),
                    ("unit", unit),
                ]
            })
            .collect(),
        Content::Inspection(r) => {
            let mut rows = Vec::new();
            for (number, finding) in (1..).zip(&r.findings) {
                let finding_columns = vec![
                    ("unit", r.unit.code().to_owned()),
                    ("finding", u32::to_string(&number)),
                    ("inspected_by", finding.body.code().to_owned()),
                    ("inspected_on", date(finding.inspected_on)),
                    ("category", finding.category.code().to_owned()),
                    ("description", finding.description.clone()),
                    (
                        "amount_involved",
                        optional_amount(finding.amount_involved.as_ref()),
                    ),
                    ("severity", finding.severity.code().to_owned()),
                ];
                if finding.rectifications.is_empty() {
                    rows.push(finding_columns);
                    continue;
                }
                for item in &finding.rectifications {
                    let mut row = finding_columns.clone();
                    row.extend([
                        ("item", item.code.clone()),
                        ("measure", item.measure.clone()),
                        (
                            "responsible_department",
                            item.responsible_department.clone(),
                        ),
                        ("due_date", date(item.due_date)),
                    ]);
                    rows.push(row);
                }
            }
            rows
        }
    }
}

/// An amount as the import reads it back exactly: digits, a point, two decimals.
fn amount(value: &BigDecimal) -> String {
    value.with_scale(2).to_plain_string()
}

fn optional_amount(value: Option<&BigDecimal>) -> String {
    value.map(amount).unwrap_or_default()
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::str::FromStr;

    use chrono::NaiveDate;

    use super::super::problem::FileRef;
    use super::super::validate::FileRows;
    use super::super::{header, read, sections};
    use super::*;
    use crate::disclosure::model::{Section, StateCapitalStatement, Unit};
    use crate::disclosure::{Finding, FindingCategory, InspectionBody, RectificationItem};
    use crate::disclosure::{InspectionReport, Severity};

    /// The content a CSV of `rows` imports as, for 2025 of a demo enterprise.
    fn reimport(rows: &[ExportRow]) -> Content {
        let mut keys: Vec<&str> = Vec::new();
        for (key, _) in rows.iter().flatten() {
            if !keys.contains(key) {
                keys.push(key);
            }
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["uscc", "year", "source"];
        header.extend(&keys);
        writer.write_record(&header).unwrap();
        for row in rows {
            let mut record = vec!["91450500DEM000001J".to_owned(), "2025".into(), "s".into()];
            for key in &keys {
                let value = row.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                record.push(value.unwrap_or_default());
            }
            writer.write_record(&record).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let file = FileRef {
            label: "e.csv".into(),
            index: 0,
        };
        let table = read::read_table("e.csv", &bytes, &file).unwrap();
        let mut problems = Vec::new();
        let layout = header::layout(&table, &file, &mut problems).unwrap();
        let super::super::columns::FileKind::Disclosure(section) = layout.kind else {
            panic!("not a disclosure file");
        };
        let input = FileRows {
            rows: &table.rows,
            layout: &layout,
            file: &file,
            today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        };
        let mut records = sections::records(section, &input, &mut HashMap::new(), &mut problems);
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(problems.is_empty(), "{text:#?}");
        records.remove(0).content
    }

    fn d(s: &str) -> BigDecimal {
        BigDecimal::from_str(s).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_state_capital_statement_imports_back_as_itself() {
        let content = Content::StateCapital(StateCapitalStatement {
            unit: Unit::WanYuan,
            opening_state_capital: d("123456789012345678.90"),
            closing_state_capital: d("-5"),
            factors: vec![(CapitalFactor::DecreaseDividends, d("0.1"))],
        });
        assert_eq!(reimport(&content_rows(&content)), content);
        assert_eq!(content.section(), Section::StateCapital);
    }

    #[test]
    fn an_inspection_report_imports_back_with_its_findings_and_items() {
        let finding = |items: Vec<RectificationItem>| Finding {
            body: InspectionBody::Audit,
            inspected_on: day("2025-03-01"),
            category: FindingCategory::Procurement,
            description: "未按规定招标, \"引号\"".to_owned(),
            amount_involved: Some(d("12.5")),
            severity: Severity::Serious,
            rectifications: items,
        };
        let item = |code: &str| RectificationItem {
            code: code.to_owned(),
            measure: "整改".to_owned(),
            responsible_department: "采购部".to_owned(),
            due_date: day("2025-12-31"),
        };
        let content = Content::Inspection(InspectionReport {
            unit: Unit::Yuan,
            findings: vec![finding(vec![item("R1"), item("R2")]), finding(vec![])],
        });
        assert_eq!(reimport(&content_rows(&content)), content);
    }
}
