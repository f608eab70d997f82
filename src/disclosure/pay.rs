//! Executive pay (企业负责人薪酬) in the SASAC table form: the model, its rows, and how a
//! version's pay table is stored, read back and listed field by field.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::format;
use super::history::Field;
use super::model::Unit;
use crate::db::schema::{executive_pay_rows, executive_pay_statements};

/// One year's pay table of an enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayStatement {
    /// Unit of every amount.
    pub unit: Unit,
    /// 在岗职工年平均工资, for the pay ratio.
    pub average_employee_pay: Option<BigDecimal>,
    /// The executives, in published order.
    pub executives: Vec<ExecutivePay>,
}

/// One executive's line of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExecutivePay {
    /// 姓名
    pub name: String,
    /// 职务
    pub title: String,
    /// 任职起始日期
    pub term_start: NaiveDate,
    /// 任职终止日期, if the term ended.
    pub term_end: Option<NaiveDate>,
    /// 应付年薪
    pub annual_salary_payable: BigDecimal,
    /// 基本年薪, where given.
    pub base_salary: Option<BigDecimal>,
    /// 绩效年薪, where given.
    pub performance_pay: Option<BigDecimal>,
    /// 任期激励收入, where given.
    pub term_incentive: Option<BigDecimal>,
    /// 社会保险、企业年金、补充医疗保险及住房公积金的单位缴存部分
    pub employer_contributions: BigDecimal,
    /// 其他货币性收入
    pub other_monetary_income: BigDecimal,
    /// 税前报酬合计 (the database checks it adds up)
    pub pretax_total: BigDecimal,
    /// 在股东单位或其他关联方领取的报酬, if any.
    pub related_party_amount: Option<BigDecimal>,
}

impl PayStatement {
    /// Sum of every executive's pre-tax total.
    pub fn total(&self) -> BigDecimal {
        self.executives.iter().map(|e| &e.pretax_total).sum()
    }

    /// The highest pre-tax total, the numerator of the pay ratio.
    pub fn highest(&self) -> Option<&BigDecimal> {
        self.executives.iter().map(|e| &e.pretax_total).max()
    }
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = executive_pay_statements, check_for_backend(diesel::pg::Pg))]
struct PayStatementRow {
    version_id: i64,
    unit: String,
    average_employee_pay: Option<BigDecimal>,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = executive_pay_rows, check_for_backend(diesel::pg::Pg))]
struct PayRow {
    version_id: i64,
    position: i16,
    name: String,
    title: String,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
    annual_salary_payable: BigDecimal,
    base_salary: Option<BigDecimal>,
    performance_pay: Option<BigDecimal>,
    term_incentive: Option<BigDecimal>,
    employer_contributions: BigDecimal,
    other_monetary_income: BigDecimal,
    pretax_total: BigDecimal,
    paid_by_related_party: bool,
    related_party_amount: Option<BigDecimal>,
}

/// Stores `statement` as the content of `version_id`.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    statement: &PayStatement,
) -> QueryResult<()> {
    diesel::insert_into(executive_pay_statements::table)
        .values(PayStatementRow {
            version_id,
            unit: statement.unit.code().to_owned(),
            average_employee_pay: statement.average_employee_pay.clone(),
        })
        .execute(conn)
        .await?;
    let rows: Vec<PayRow> = statement
        .executives
        .iter()
        .zip(1_i16..)
        .map(|(e, position)| PayRow {
            version_id,
            position,
            name: e.name.clone(),
            title: e.title.clone(),
            term_start: e.term_start,
            term_end: e.term_end,
            annual_salary_payable: e.annual_salary_payable.clone(),
            base_salary: e.base_salary.clone(),
            performance_pay: e.performance_pay.clone(),
            term_incentive: e.term_incentive.clone(),
            employer_contributions: e.employer_contributions.clone(),
            other_monetary_income: e.other_monetary_income.clone(),
            pretax_total: e.pretax_total.clone(),
            paid_by_related_party: e.related_party_amount.is_some(),
            related_party_amount: e.related_party_amount.clone(),
        })
        .collect();
    diesel::insert_into(executive_pay_rows::table)
        .values(&rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The pay tables of the given versions, by version id.
pub(super) async fn load(
    conn: &mut AsyncPgConnection,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, PayStatement>> {
    let statements: Vec<PayStatementRow> = executive_pay_statements::table
        .filter(executive_pay_statements::version_id.eq_any(version_ids))
        .select(PayStatementRow::as_select())
        .load(conn)
        .await?;
    let rows: Vec<PayRow> = executive_pay_rows::table
        .filter(executive_pay_rows::version_id.eq_any(version_ids))
        .order((executive_pay_rows::version_id, executive_pay_rows::position))
        .select(PayRow::as_select())
        .load(conn)
        .await?;
    let mut executives: HashMap<i64, Vec<ExecutivePay>> = HashMap::new();
    for row in rows {
        executives
            .entry(row.version_id)
            .or_default()
            .push(ExecutivePay {
                name: row.name,
                title: row.title,
                term_start: row.term_start,
                term_end: row.term_end,
                annual_salary_payable: row.annual_salary_payable,
                base_salary: row.base_salary,
                performance_pay: row.performance_pay,
                term_incentive: row.term_incentive,
                employer_contributions: row.employer_contributions,
                other_monetary_income: row.other_monetary_income,
                pretax_total: row.pretax_total,
                related_party_amount: row.related_party_amount,
            });
    }
    statements
        .into_iter()
        .map(|s| {
            let unit = Unit::from_code(&s.unit).ok_or_else(|| {
                diesel::result::Error::DeserializationError("unexpected unit".into())
            })?;
            let statement = PayStatement {
                unit,
                average_employee_pay: s.average_employee_pay,
                executives: executives.remove(&s.version_id).unwrap_or_default(),
            };
            Ok((s.version_id, statement))
        })
        .collect()
}

/// The table as labelled fields, each executive's qualified by name and title so the
/// history can say whose pay changed.
pub(super) fn fields(statement: &PayStatement) -> Vec<Field> {
    let mut out = vec![Field::plain(
        "field_unit",
        format!("@unit_{}", statement.unit.code()),
    )];
    if let Some(average) = &statement.average_employee_pay {
        out.push(Field::plain(
            "pay_average_employee_pay",
            format::amount(average),
        ));
    }
    for e in &statement.executives {
        let who = format!("{}（{}）", e.name, e.title);
        let term = match e.term_end {
            Some(end) => format!("{} – {end}", e.term_start),
            None => format!("{} –", e.term_start),
        };
        out.push(Field::of(&who, "pay_term", term));
        for (label, value) in [
            ("pay_annual_salary_payable", Some(&e.annual_salary_payable)),
            ("pay_base_salary", e.base_salary.as_ref()),
            ("pay_performance_pay", e.performance_pay.as_ref()),
            ("pay_term_incentive", e.term_incentive.as_ref()),
            (
                "pay_employer_contributions",
                Some(&e.employer_contributions),
            ),
            ("pay_other_monetary_income", Some(&e.other_monetary_income)),
            ("pay_pretax_total", Some(&e.pretax_total)),
            ("pay_related_party_amount", e.related_party_amount.as_ref()),
        ] {
            if let Some(value) = value {
                out.push(Field::of(&who, label, format::amount(value)));
            }
        }
    }
    out
}

/// A pay table ready for a page: every amount formatted.
#[derive(Debug, Serialize)]
pub struct PayTable {
    /// Unit code of every amount.
    pub unit: &'static str,
    /// 在岗职工年平均工资, formatted, or empty.
    pub average_employee_pay: String,
    /// 薪酬倍数, formatted, or empty.
    pub pay_ratio: String,
    /// One line per executive.
    pub rows: Vec<PayTableRow>,
}

/// One executive's line, formatted; optional parts are empty when not given.
#[derive(Debug, Serialize)]
pub struct PayTableRow {
    /// 姓名
    pub name: String,
    /// 职务
    pub title: String,
    /// 任职起止时间
    pub term: String,
    /// 应付年薪
    pub annual_salary_payable: String,
    /// 基本年薪 / 绩效年薪 / 任期激励收入, where given.
    pub parts: Option<[String; 3]>,
    /// 单位缴存部分
    pub employer_contributions: String,
    /// 其他货币性收入
    pub other_monetary_income: String,
    /// 税前报酬合计
    pub pretax_total: String,
    /// 在关联方领取的报酬, or empty.
    pub related_party_amount: String,
}

impl PayStatement {
    /// The table as a page shows it.
    pub fn table(&self) -> PayTable {
        let amount = |v: &BigDecimal| format::amount(v);
        PayTable {
            unit: self.unit.code(),
            average_employee_pay: self
                .average_employee_pay
                .as_ref()
                .map(amount)
                .unwrap_or_default(),
            pay_ratio: super::indicators::pay_ratio(self)
                .as_ref()
                .map(format::multiple)
                .unwrap_or_default(),
            rows: self
                .executives
                .iter()
                .map(|e| PayTableRow {
                    name: e.name.clone(),
                    title: e.title.clone(),
                    term: match e.term_end {
                        Some(end) => format!("{} – {end}", e.term_start),
                        None => format!("{} –", e.term_start),
                    },
                    annual_salary_payable: amount(&e.annual_salary_payable),
                    parts: match (&e.base_salary, &e.performance_pay, &e.term_incentive) {
                        (Some(b), Some(p), Some(t)) => Some([amount(b), amount(p), amount(t)]),
                        _ => None,
                    },
                    employer_contributions: amount(&e.employer_contributions),
                    other_monetary_income: amount(&e.other_monetary_income),
                    pretax_total: amount(&e.pretax_total),
                    related_party_amount: e
                        .related_party_amount
                        .as_ref()
                        .map(amount)
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}
