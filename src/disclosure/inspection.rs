//! Supervision results (一企一公开): findings of the supervisory board, audit, inspection
//! tours and discipline inspection, the rectification items set for them, and each item's
//! dated status history. Findings and items are version content (immutable); status
//! updates are appended over time and belong to the disclosure, keyed by the item's code.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::format;
use super::history::Field;
use super::model::Unit;
use crate::db::schema::{
    disclosures, inspection_findings, inspection_reports, rectification_items,
    rectification_updates,
};
use crate::enterprise::Uscc;

coded_enum! {
    /// Who inspected.
    InspectionBody {
        /// 监事会 / 外派监事会
        SupervisoryBoard = "supervisory_board",
        /// 审计
        Audit = "audit",
        /// 巡视巡察
        InspectionTour = "inspection_tour",
        /// 纪检监察
        DisciplineInspection = "discipline_inspection",
        /// 国资委专项检查
        Sasac = "sasac",
    }
}

coded_enum! {
    /// What a finding is about.
    FindingCategory {
        /// 财务管理
        FinancialManagement = "financial_management",
        /// 投资决策
        Investment = "investment",
        /// 采购招标
        Procurement = "procurement",
        /// 资产处置
        AssetDisposal = "asset_disposal",
        /// 关联交易
        RelatedParty = "related_party",
        /// 薪酬福利
        PayAndBenefits = "pay_and_benefits",
        /// 公司治理
        Governance = "governance",
        /// 其他
        Other = "other",
    }
}

coded_enum! {
    /// How serious a finding is.
    Severity {
        /// 一般
        General = "general",
        /// 较重
        Serious = "serious",
        /// 重大
        Major = "major",
    }
}

coded_enum! {
    /// Where a rectification item stands.
    RectificationStatus {
        /// 未整改
        NotStarted = "not_started",
        /// 整改中
        InProgress = "in_progress",
        /// 已整改
        Completed = "completed",
        /// 长期整改 (a standing measure, not overdue by nature)
        LongTerm = "long_term",
    }
}

impl RectificationStatus {
    /// Whether an item in this status is closed for the purpose of deadlines.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            RectificationStatus::Completed | RectificationStatus::LongTerm
        )
    }
}

/// One year's supervision results of an enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionReport {
    /// Unit of the amounts involved.
    pub unit: Unit,
    /// The findings, in published order.
    pub findings: Vec<Finding>,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Who found it.
    pub body: InspectionBody,
    /// When.
    pub inspected_on: NaiveDate,
    /// What it is about.
    pub category: FindingCategory,
    /// What was found.
    pub description: String,
    /// 涉及金额, where there is one.
    pub amount_involved: Option<BigDecimal>,
    /// How serious it is.
    pub severity: Severity,
    /// What must be done about it.
    pub rectifications: Vec<RectificationItem>,
}

/// One line of the 整改责任清单.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RectificationItem {
    /// Stable code within the disclosure (R1, R2, ...).
    pub code: String,
    /// 整改措施
    pub measure: String,
    /// 责任部门
    pub responsible_department: String,
    /// 整改期限
    pub due_date: NaiveDate,
}

/// A dated status of an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusUpdate {
    /// The status from this date on.
    pub status: RectificationStatus,
    /// The date it took effect.
    pub effective_on: NaiveDate,
    /// What was done, in a sentence.
    pub note: Option<String>,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = inspection_findings, check_for_backend(diesel::pg::Pg))]
struct FindingRow {
    version_id: i64,
    position: i16,
    body: String,
    inspected_on: NaiveDate,
    category: String,
    description: String,
    amount_involved: Option<BigDecimal>,
    severity: String,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = rectification_items, check_for_backend(diesel::pg::Pg))]
struct ItemRow {
    version_id: i64,
    code: String,
    finding_position: i16,
    measure: String,
    responsible_department: String,
    due_date: NaiveDate,
}

fn corrupt(what: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("unexpected {what}").into())
}

/// Stores `report` as the content of `version_id`.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    report: &InspectionReport,
) -> QueryResult<()> {
    diesel::insert_into(inspection_reports::table)
        .values((
            inspection_reports::version_id.eq(version_id),
            inspection_reports::unit.eq(report.unit.code()),
        ))
        .execute(conn)
        .await?;
    let mut findings = Vec::new();
    let mut items = Vec::new();
    for (f, position) in report.findings.iter().zip(1_i16..) {
        findings.push(FindingRow {
            version_id,
            position,
            body: f.body.code().to_owned(),
            inspected_on: f.inspected_on,
            category: f.category.code().to_owned(),
            description: f.description.clone(),
            amount_involved: f.amount_involved.clone(),
            severity: f.severity.code().to_owned(),
        });
        items.extend(f.rectifications.iter().map(|r| ItemRow {
            version_id,
            code: r.code.clone(),
            finding_position: position,
            measure: r.measure.clone(),
            responsible_department: r.responsible_department.clone(),
            due_date: r.due_date,
        }));
    }
    diesel::insert_into(inspection_findings::table)
        .values(&findings)
        .execute(conn)
        .await?;
    diesel::insert_into(rectification_items::table)
        .values(&items)
        .execute(conn)
        .await?;
    Ok(())
}

/// The reports of the given versions, by version id.
pub(super) async fn load(
    conn: &mut AsyncPgConnection,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, InspectionReport>> {
    let units: Vec<(i64, String)> = inspection_reports::table
        .filter(inspection_reports::version_id.eq_any(version_ids))
        .select((inspection_reports::version_id, inspection_reports::unit))
        .load(conn)
        .await?;
    let finding_rows: Vec<FindingRow> = inspection_findings::table
        .filter(inspection_findings::version_id.eq_any(version_ids))
        .order((
            inspection_findings::version_id,
            inspection_findings::position,
        ))
        .select(FindingRow::as_select())
        .load(conn)
        .await?;
    let item_rows: Vec<ItemRow> = rectification_items::table
        .filter(rectification_items::version_id.eq_any(version_ids))
        .order((rectification_items::version_id, rectification_items::code))
        .select(ItemRow::as_select())
        .load(conn)
        .await?;
    let mut items: HashMap<(i64, i16), Vec<RectificationItem>> = HashMap::new();
    for row in item_rows {
        items
            .entry((row.version_id, row.finding_position))
            .or_default()
            .push(RectificationItem {
                code: row.code,
                measure: row.measure,
                responsible_department: row.responsible_department,
                due_date: row.due_date,
            });
    }
    let mut findings: HashMap<i64, Vec<Finding>> = HashMap::new();
    for row in finding_rows {
        let finding = Finding {
            body: InspectionBody::from_code(&row.body).ok_or_else(|| corrupt("body"))?,
            inspected_on: row.inspected_on,
            category: FindingCategory::from_code(&row.category)
                .ok_or_else(|| corrupt("category"))?,
            description: row.description,
            amount_involved: row.amount_involved,
            severity: Severity::from_code(&row.severity).ok_or_else(|| corrupt("severity"))?,
            rectifications: items
                .remove(&(row.version_id, row.position))
                .unwrap_or_default(),
        };
        findings.entry(row.version_id).or_default().push(finding);
    }
    units
        .into_iter()
        .map(|(version_id, unit)| {
            let report = InspectionReport {
                unit: Unit::from_code(&unit).ok_or_else(|| corrupt("unit"))?,
                findings: findings.remove(&version_id).unwrap_or_default(),
            };
            Ok((version_id, report))
        })
        .collect()
}

/// Records a dated status of an item; earlier statuses stay on record.
pub async fn record_status(
    conn: &mut AsyncPgConnection,
    disclosure_id: i64,
    item_code: &str,
    update: &StatusUpdate,
) -> QueryResult<()> {
    diesel::insert_into(rectification_updates::table)
        .values((
            rectification_updates::disclosure_id.eq(disclosure_id),
            rectification_updates::item_code.eq(item_code),
            rectification_updates::status.eq(update.status.code()),
            rectification_updates::effective_on.eq(update.effective_on),
            rectification_updates::note.eq(update.note.as_deref()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Status histories of every item of the given disclosures, oldest first, by
/// (disclosure id, item code).
pub async fn status_histories(
    conn: &mut AsyncPgConnection,
    disclosure_ids: &[i64],
) -> QueryResult<HashMap<(i64, String), Vec<StatusUpdate>>> {
    let rows: Vec<(i64, String, String, NaiveDate, Option<String>)> = rectification_updates::table
        .filter(rectification_updates::disclosure_id.eq_any(disclosure_ids))
        .order((
            rectification_updates::disclosure_id,
            rectification_updates::item_code,
            rectification_updates::effective_on,
        ))
        .select((
            rectification_updates::disclosure_id,
            rectification_updates::item_code,
            rectification_updates::status,
            rectification_updates::effective_on,
            rectification_updates::note,
        ))
        .load(conn)
        .await?;
    let mut out: HashMap<(i64, String), Vec<StatusUpdate>> = HashMap::new();
    for (disclosure_id, code, status, effective_on, note) in rows {
        out.entry((disclosure_id, code))
            .or_default()
            .push(StatusUpdate {
                status: RectificationStatus::from_code(&status).ok_or_else(|| corrupt("status"))?,
                effective_on,
                note,
            });
    }
    Ok(out)
}

/// When the newest rectification status update of an enterprise was published.
pub async fn last_status_update(
    conn: &mut AsyncPgConnection,
    enterprise: &Uscc,
) -> QueryResult<Option<DateTime<Utc>>> {
    rectification_updates::table
        .inner_join(disclosures::table)
        .filter(disclosures::enterprise_uscc.eq(enterprise.as_str()))
        .select(diesel::dsl::max(rectification_updates::published_at))
        .first(conn)
        .await
}

/// The status in force on `day`: the latest update effective by then, else not started.
pub fn status_on(history: &[StatusUpdate], day: NaiveDate) -> RectificationStatus {
    history
        .iter()
        .rev()
        .find(|u| u.effective_on <= day)
        .map(|u| u.status)
        .unwrap_or(RectificationStatus::NotStarted)
}

/// Whether an item is past its deadline and still open on `day`.
pub fn is_overdue(item: &RectificationItem, history: &[StatusUpdate], day: NaiveDate) -> bool {
    item.due_date < day && !status_on(history, day).is_closed()
}

/// The report as labelled fields: findings qualified "问题 n", items by their code.
pub(super) fn fields(report: &InspectionReport) -> Vec<Field> {
    let mut out = vec![Field::plain(
        "field_unit",
        format!("@unit_{}", report.unit.code()),
    )];
    for (n, f) in report.findings.iter().enumerate() {
        let who = format!("#{}", n + 1);
        out.push(Field::of(
            &who,
            "finding_body",
            format!("@inspection_body_{}", f.body.code()),
        ));
        out.push(Field::of(
            &who,
            "finding_inspected_on",
            f.inspected_on.to_string(),
        ));
        out.push(Field::of(
            &who,
            "finding_category",
            format!("@finding_category_{}", f.category.code()),
        ));
        out.push(Field::of(
            &who,
            "finding_description",
            f.description.clone(),
        ));
        if let Some(amount) = &f.amount_involved {
            out.push(Field::of(
                &who,
                "finding_amount_involved",
                format::amount(amount),
            ));
        }
        out.push(Field::of(
            &who,
            "finding_severity",
            format!("@severity_{}", f.severity.code()),
        ));
        for r in &f.rectifications {
            out.push(Field::of(
                &r.code,
                "rectification_measure",
                r.measure.clone(),
            ));
            out.push(Field::of(
                &r.code,
                "rectification_department",
                r.responsible_department.clone(),
            ));
            out.push(Field::of(
                &r.code,
                "rectification_due_date",
                r.due_date.to_string(),
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

    fn update(status: RectificationStatus, on: &str) -> StatusUpdate {
        StatusUpdate {
            status,
            effective_on: day(on),
            note: None,
        }
    }

    fn item(due: &str) -> RectificationItem {
        RectificationItem {
            code: "R1".into(),
            measure: "m".into(),
            responsible_department: "d".into(),
            due_date: day(due),
        }
    }

    #[test]
    fn the_status_on_a_day_is_the_latest_update_effective_by_then() {
        use RectificationStatus::*;
        let history = [
            update(InProgress, "2025-01-10"),
            update(Completed, "2025-06-01"),
        ];
        assert_eq!(status_on(&history, day("2025-01-01")), NotStarted);
        assert_eq!(status_on(&history, day("2025-03-01")), InProgress);
        assert_eq!(status_on(&history, day("2025-06-01")), Completed);
    }

    #[test]
    fn an_open_item_past_its_deadline_is_overdue_but_a_completed_or_long_term_one_is_not() {
        use RectificationStatus::*;
        let open = [update(InProgress, "2025-01-10")];
        assert!(is_overdue(&item("2025-06-30"), &open, day("2025-07-01")));
        assert!(!is_overdue(&item("2025-06-30"), &open, day("2025-06-30")));
        let done = [update(Completed, "2025-06-20")];
        assert!(!is_overdue(&item("2025-06-30"), &done, day("2026-01-01")));
        let standing = [update(LongTerm, "2025-05-01")];
        assert!(!is_overdue(
            &item("2025-06-30"),
            &standing,
            day("2026-01-01")
        ));
        assert!(
            is_overdue(&item("2025-06-30"), &[], day("2026-01-01")),
            "never started"
        );
    }
}
