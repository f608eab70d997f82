//! Rows as stored, and their conversion to and from the model at the query edge.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use super::model::{
    AuditOpinion, CapitalFactor, Disclosure, FinancialStatement, Period, Section, Unit, Version,
    VersionKind,
};
use crate::db::schema::{
    disclosure_versions, disclosures, financial_statements, state_capital_factors,
    state_capital_statements,
};
use crate::enterprise::Uscc;

fn corrupt(what: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("unexpected {what} {value:?}").into())
}

/// Parses a stored code; an unknown one means the database holds something the code
/// does not know, reported as a deserialization error.
pub(super) fn parse<T>(
    what: &str,
    value: &str,
    from_code: fn(&str) -> Option<T>,
) -> QueryResult<T> {
    from_code(value).ok_or_else(|| corrupt(what, value))
}

/// Groups the rows of a row-table section by version, converting each, and gives every
/// requested version a list: a version without rows published an empty table.
pub(super) fn by_version<R, T>(
    version_ids: &[i64],
    rows: Vec<R>,
    version_of: impl Fn(&R) -> i64,
    mut convert: impl FnMut(R) -> QueryResult<T>,
) -> QueryResult<HashMap<i64, Vec<T>>> {
    let mut out: HashMap<i64, Vec<T>> = version_ids.iter().map(|&id| (id, Vec::new())).collect();
    for row in rows {
        let id = version_of(&row);
        out.entry(id).or_default().push(convert(row)?);
    }
    Ok(out)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = disclosures, check_for_backend(diesel::pg::Pg))]
pub(super) struct DisclosureRow {
    pub id: i64,
    pub enterprise_uscc: String,
    pub section: String,
    pub period_year: i16,
    pub period_quarter: Option<i16>,
}

impl TryFrom<DisclosureRow> for Disclosure {
    type Error = diesel::result::Error;

    fn try_from(row: DisclosureRow) -> QueryResult<Disclosure> {
        Ok(Disclosure {
            id: row.id,
            enterprise_uscc: Uscc::parse(&row.enterprise_uscc)
                .map_err(|_| corrupt("code", &row.enterprise_uscc))?,
            section: parse("section", &row.section, Section::from_code)?,
            period: Period {
                year: row.period_year,
                quarter: row.period_quarter,
            },
        })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = disclosures)]
pub(super) struct NewDisclosure<'a> {
    pub enterprise_uscc: &'a str,
    pub section: &'a str,
    pub period_year: i16,
    pub period_quarter: Option<i16>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = disclosure_versions, check_for_backend(diesel::pg::Pg))]
pub(super) struct VersionRow {
    pub id: i64,
    pub disclosure_id: i64,
    pub version: i32,
    pub kind: String,
    pub reason: Option<String>,
    pub source: String,
    pub as_of: NaiveDate,
    pub published_at: DateTime<Utc>,
}

impl VersionRow {
    pub fn into_version(self) -> QueryResult<(i64, Version)> {
        Ok((
            self.disclosure_id,
            Version {
                id: self.id,
                number: self.version,
                kind: parse("version kind", &self.kind, VersionKind::from_code)?,
                reason: self.reason,
                source: self.source,
                as_of: self.as_of,
                published_at: self.published_at,
            },
        ))
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = disclosure_versions)]
pub(super) struct NewVersion<'a> {
    pub disclosure_id: i64,
    pub version: i32,
    pub kind: &'a str,
    pub reason: Option<&'a str>,
    pub source: &'a str,
    pub as_of: NaiveDate,
    /// `None` takes the column default, now().
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = financial_statements, check_for_backend(diesel::pg::Pg))]
pub(super) struct FinancialRow {
    pub version_id: i64,
    pub unit: String,
    pub total_assets: BigDecimal,
    pub total_liabilities: BigDecimal,
    pub current_liabilities: Option<BigDecimal>,
    pub owners_equity: BigDecimal,
    pub state_owned_equity: Option<BigDecimal>,
    pub revenue: BigDecimal,
    pub total_profit: BigDecimal,
    pub net_profit: BigDecimal,
    pub operating_cash_flow: Option<BigDecimal>,
    pub interest_bearing_debt: Option<BigDecimal>,
    pub audited: bool,
    pub auditor: Option<String>,
    pub audit_opinion: Option<String>,
}

impl FinancialRow {
    pub fn new(version_id: i64, f: &FinancialStatement) -> FinancialRow {
        FinancialRow {
            version_id,
            unit: f.unit.code().to_owned(),
            total_assets: f.total_assets.clone(),
            total_liabilities: f.total_liabilities.clone(),
            current_liabilities: f.current_liabilities.clone(),
            owners_equity: f.owners_equity.clone(),
            state_owned_equity: f.state_owned_equity.clone(),
            revenue: f.revenue.clone(),
            total_profit: f.total_profit.clone(),
            net_profit: f.net_profit.clone(),
            operating_cash_flow: f.operating_cash_flow.clone(),
            interest_bearing_debt: f.interest_bearing_debt.clone(),
            audited: f.audited,
            auditor: f.auditor.clone(),
            audit_opinion: f.audit_opinion.map(|o| o.code().to_owned()),
        }
    }

    pub fn into_statement(self) -> QueryResult<(i64, FinancialStatement)> {
        let audit_opinion = match &self.audit_opinion {
            Some(code) => Some(parse("audit opinion", code, AuditOpinion::from_code)?),
            None => None,
        };
        Ok((
            self.version_id,
            FinancialStatement {
                unit: parse("unit", &self.unit, Unit::from_code)?,
                total_assets: self.total_assets,
                total_liabilities: self.total_liabilities,
                current_liabilities: self.current_liabilities,
                owners_equity: self.owners_equity,
                state_owned_equity: self.state_owned_equity,
                revenue: self.revenue,
                total_profit: self.total_profit,
                net_profit: self.net_profit,
                operating_cash_flow: self.operating_cash_flow,
                interest_bearing_debt: self.interest_bearing_debt,
                audited: self.audited,
                auditor: self.auditor,
                audit_opinion,
            },
        ))
    }
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = state_capital_statements, check_for_backend(diesel::pg::Pg))]
pub(super) struct StateCapitalRow {
    pub version_id: i64,
    pub unit: String,
    pub opening_state_capital: BigDecimal,
    pub closing_state_capital: BigDecimal,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = state_capital_factors, check_for_backend(diesel::pg::Pg))]
pub(super) struct FactorRow {
    pub version_id: i64,
    pub factor: String,
    pub amount: BigDecimal,
}

impl FactorRow {
    pub fn factor(&self) -> QueryResult<CapitalFactor> {
        parse("capital factor", &self.factor, CapitalFactor::from_code)
    }
}
