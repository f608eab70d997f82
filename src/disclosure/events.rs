//! Major events (重大事项): restructuring, property-rights transfers, major litigation,
//! personnel changes, profit distribution and the like, dated, with amounts where any.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::format;
use super::history::Field;
use super::model::Unit;
use super::rows::{by_version, parse};
use crate::db::schema::major_events;

coded_enum! {
    /// What kind of event.
    EventKind {
        /// 改制重组
        Restructuring = "restructuring",
        /// 产权转让
        PropertyRightsTransfer = "property_rights_transfer",
        /// 重大诉讼
        MajorLitigation = "major_litigation",
        /// 重大人事变动
        PersonnelChange = "personnel_change",
        /// 利润分配
        ProfitDistribution = "profit_distribution",
        /// 重大投资
        MajorInvestment = "major_investment",
        /// 其他
        Other = "other",
    }
}

/// A year's major events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MajorEvents {
    /// The events, in published order.
    pub events: Vec<MajorEvent>,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MajorEvent {
    /// 发生日期
    pub occurred_on: NaiveDate,
    /// 事项类别
    pub kind: EventKind,
    /// 事项说明
    pub description: String,
    /// 涉及金额 and its unit, where there is one.
    pub amount: Option<(Unit, BigDecimal)>,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = major_events, check_for_backend(diesel::pg::Pg))]
struct EventRow {
    version_id: i64,
    position: i16,
    occurred_on: NaiveDate,
    kind: String,
    description: String,
    unit: Option<String>,
    amount: Option<BigDecimal>,
}

/// Stores `list` as the content of `version_id`.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    list: &MajorEvents,
) -> QueryResult<()> {
    let rows: Vec<EventRow> = list
        .events
        .iter()
        .zip(1_i16..)
        .map(|(e, position)| EventRow {
            version_id,
            position,
            occurred_on: e.occurred_on,
            kind: e.kind.code().to_owned(),
            description: e.description.clone(),
            unit: e.amount.as_ref().map(|(unit, _)| unit.code().to_owned()),
            amount: e.amount.as_ref().map(|(_, amount)| amount.clone()),
        })
        .collect();
    diesel::insert_into(major_events::table)
        .values(&rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The lists of the given versions (empty where a version reports none).
pub(super) async fn load(
    conn: &mut AsyncPgConnection,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, MajorEvents>> {
    let rows: Vec<EventRow> = major_events::table
        .filter(major_events::version_id.eq_any(version_ids))
        .order((major_events::version_id, major_events::position))
        .select(EventRow::as_select())
        .load(conn)
        .await?;
    let grouped = by_version(
        version_ids,
        rows,
        |r| r.version_id,
        |row| {
            let amount = match (row.unit, row.amount) {
                (Some(unit), Some(amount)) => {
                    Some((parse("unit", &unit, Unit::from_code)?, amount))
                }
                _ => None,
            };
            Ok(MajorEvent {
                occurred_on: row.occurred_on,
                kind: parse("event kind", &row.kind, EventKind::from_code)?,
                description: row.description,
                amount,
            })
        },
    )?;
    Ok(grouped
        .into_iter()
        .map(|(id, events)| (id, MajorEvents { events }))
        .collect())
}

/// Each event as fields, qualified by its number and date.
pub(super) fn fields(list: &MajorEvents) -> Vec<Field> {
    let mut out = Vec::new();
    for (n, e) in list.events.iter().enumerate() {
        let which = format!("#{} {}", n + 1, e.occurred_on);
        out.push(Field::of(
            &which,
            "event_kind",
            format!("@event_kind_{}", e.kind.code()),
        ));
        out.push(Field::of(
            &which,
            "event_description",
            e.description.clone(),
        ));
        if let Some((unit, amount)) = &e.amount {
            out.push(Field::of(&which, "event_amount", format::amount(amount)));
            out.push(Field::of(
                &which,
                "field_unit",
                format!("@unit_{}", unit.code()),
            ));
        }
    }
    out
}
