//! Supervision results as the enterprise page shows them: every finding with its
//! rectification items, each item's status today and its dated history, and what is overdue.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::format;
use super::inspection::{is_overdue, status_on, InspectionReport, StatusUpdate};
use super::red_flags::{RedFlag, RedFlagRule};

/// One year's findings.
#[derive(Debug, Serialize)]
pub struct InspectionYear {
    /// The year.
    pub year: i16,
    /// Disclosure id, for the link to its page and history.
    pub disclosure_id: i64,
    /// Unit code of the amounts.
    pub unit: &'static str,
    /// The findings.
    pub findings: Vec<FindingView>,
}

/// A finding, formatted.
#[derive(Debug, Serialize)]
pub struct FindingView {
    /// Inspection body code.
    pub body: &'static str,
    /// Date inspected.
    pub inspected_on: String,
    /// Category code.
    pub category: &'static str,
    /// What was found.
    pub description: String,
    /// Amount involved, formatted, or empty.
    pub amount_involved: String,
    /// Severity code.
    pub severity: &'static str,
    /// Its rectification items.
    pub items: Vec<ItemView>,
}

/// A rectification item with where it stands.
#[derive(Debug, Serialize)]
pub struct ItemView {
    /// Stable code.
    pub code: String,
    /// 整改措施
    pub measure: String,
    /// 责任部门
    pub responsible_department: String,
    /// 整改期限
    pub due_date: String,
    /// Status code today.
    pub status: &'static str,
    /// Past its deadline and still open.
    pub overdue: bool,
    /// Dated statuses, newest first.
    pub history: Vec<StatusView>,
}

/// A dated status, formatted.
#[derive(Debug, Serialize)]
pub struct StatusView {
    /// Status code.
    pub status: &'static str,
    /// Date it took effect.
    pub effective_on: String,
    /// Note, or empty.
    pub note: String,
}

/// Counts over every item shown.
#[derive(Debug, Default, Serialize)]
pub struct RectificationSummary {
    /// Findings in all years.
    pub findings: usize,
    /// Rectification items.
    pub items: usize,
    /// Of which completed.
    pub completed: usize,
    /// Of which overdue.
    pub overdue: usize,
}

/// Builds the view of every year's report (newest first) as of `today`, with the overdue
/// red flag when any item is late.
pub fn inspection_years(
    reports: &[(i16, i64, &InspectionReport)],
    histories: &HashMap<(i64, String), Vec<StatusUpdate>>,
    today: NaiveDate,
) -> (Vec<InspectionYear>, RectificationSummary, Option<RedFlag>) {
    let mut summary = RectificationSummary::default();
    let mut overdue_codes = Vec::new();
    let mut years = Vec::new();
    for &(year, disclosure_id, report) in reports.iter().rev() {
        let findings = report
            .findings
            .iter()
            .map(|f| {
                summary.findings += 1;
                let items = f
                    .rectifications
                    .iter()
                    .map(|item| {
                        let history = histories
                            .get(&(disclosure_id, item.code.clone()))
                            .map(Vec::as_slice)
                            .unwrap_or_default();
                        let status = status_on(history, today);
                        let overdue = is_overdue(item, history, today);
                        summary.items += 1;
                        summary.completed += usize::from(status.is_closed());
                        if overdue {
                            summary.overdue += 1;
                            overdue_codes.push(format!("{year} {}", item.code));
                        }
                        ItemView {
                            code: item.code.clone(),
                            measure: item.measure.clone(),
                            responsible_department: item.responsible_department.clone(),
                            due_date: item.due_date.to_string(),
                            status: status.code(),
                            overdue,
                            history: history
                                .iter()
                                .rev()
                                .map(|u| StatusView {
                                    status: u.status.code(),
                                    effective_on: u.effective_on.to_string(),
                                    note: u.note.clone().unwrap_or_default(),
                                })
                                .collect(),
                        }
                    })
                    .collect();
                FindingView {
                    body: f.body.code(),
                    inspected_on: f.inspected_on.to_string(),
                    category: f.category.code(),
                    description: f.description.clone(),
                    amount_involved: f
                        .amount_involved
                        .as_ref()
                        .map(format::amount)
                        .unwrap_or_default(),
                    severity: f.severity.code(),
                    items,
                }
            })
            .collect();
        years.push(InspectionYear {
            year,
            disclosure_id,
            unit: report.unit.code(),
            findings,
        });
    }
    let flag = (!overdue_codes.is_empty()).then(|| RedFlag {
        rule: RedFlagRule::OverdueRectification,
        year: reports.last().map(|r| r.0).unwrap_or_default(),
        value: overdue_codes.len().to_string(),
        line: overdue_codes.join("、"),
        unit: "",
        when: String::new(),
    });
    (years, summary, flag)
}
