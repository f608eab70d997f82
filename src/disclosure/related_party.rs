//! Related-party transactions (关联交易): with whom, of what kind, how much, priced how, and
//! who approved it.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::format;
use super::history::Field;
use super::model::Unit;
use super::rows::{by_version, parse};
use crate::db::schema::related_party_transactions;

coded_enum! {
    /// How the counterparty is related.
    Relationship {
        /// 控股股东
        ControllingShareholder = "controlling_shareholder",
        /// 子企业
        Subsidiary = "subsidiary",
        /// 同一控制下企业
        FellowSubsidiary = "fellow_subsidiary",
        /// 联营、合营企业
        Associate = "associate",
        /// 关键管理人员及其关系密切的家庭成员控制的企业
        KeyManagement = "key_management",
        /// 其他
        Other = "other",
    }
}

coded_enum! {
    /// What kind of transaction.
    TransactionType {
        /// 采购商品、接受劳务
        Purchase = "purchase",
        /// 销售商品、提供劳务
        Sale = "sale",
        /// 服务
        Service = "service",
        /// 租赁
        Lease = "lease",
        /// 资金拆借
        Financing = "financing",
        /// 担保
        Guarantee = "guarantee",
        /// 资产转让
        AssetTransfer = "asset_transfer",
        /// 其他
        Other = "other",
    }
}

coded_enum! {
    /// How the price was set.
    PricingBasis {
        /// 市场价格
        Market = "market",
        /// 政府定价
        Government = "government",
        /// 成本加成
        CostPlus = "cost_plus",
        /// 协议定价
        Negotiated = "negotiated",
        /// 其他
        Other = "other",
    }
}

/// A year's related-party transactions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedPartyTransactions {
    /// The transactions, in published order.
    pub transactions: Vec<RelatedPartyTransaction>,
}

/// One transaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedPartyTransaction {
    /// 关联方名称
    pub counterparty: String,
    /// Its 统一社会信用代码, where known.
    pub counterparty_uscc: Option<String>,
    /// 关联关系
    pub relationship: Relationship,
    /// 交易类型
    pub transaction_type: TransactionType,
    /// Unit of the amount.
    pub unit: Unit,
    /// 交易金额
    pub amount: BigDecimal,
    /// 定价依据
    pub pricing_basis: PricingBasis,
    /// 审批程序
    pub approval: String,
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = related_party_transactions, check_for_backend(diesel::pg::Pg))]
struct TransactionRow {
    version_id: i64,
    position: i16,
    counterparty: String,
    counterparty_uscc: Option<String>,
    relationship: String,
    transaction_type: String,
    unit: String,
    amount: BigDecimal,
    pricing_basis: String,
    approval: String,
}

/// Stores `list` as the content of `version_id`.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    list: &RelatedPartyTransactions,
) -> QueryResult<()> {
    let rows: Vec<TransactionRow> = list
        .transactions
        .iter()
        .zip(1_i16..)
        .map(|(t, position)| TransactionRow {
            version_id,
            position,
            counterparty: t.counterparty.clone(),
            counterparty_uscc: t.counterparty_uscc.clone(),
            relationship: t.relationship.code().to_owned(),
            transaction_type: t.transaction_type.code().to_owned(),
            unit: t.unit.code().to_owned(),
            amount: t.amount.clone(),
            pricing_basis: t.pricing_basis.code().to_owned(),
            approval: t.approval.clone(),
        })
        .collect();
    diesel::insert_into(related_party_transactions::table)
        .values(&rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The lists of the given versions (empty where a version reports none).
pub(super) async fn load(
    conn: &mut AsyncPgConnection,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, RelatedPartyTransactions>> {
    let rows: Vec<TransactionRow> = related_party_transactions::table
        .filter(related_party_transactions::version_id.eq_any(version_ids))
        .order((
            related_party_transactions::version_id,
            related_party_transactions::position,
        ))
        .select(TransactionRow::as_select())
        .load(conn)
        .await?;
    let grouped = by_version(
        version_ids,
        rows,
        |r| r.version_id,
        |row| {
            Ok(RelatedPartyTransaction {
                relationship: parse("relationship", &row.relationship, Relationship::from_code)?,
                transaction_type: parse(
                    "transaction type",
                    &row.transaction_type,
                    TransactionType::from_code,
                )?,
                unit: parse("unit", &row.unit, Unit::from_code)?,
                pricing_basis: parse("pricing basis", &row.pricing_basis, PricingBasis::from_code)?,
                counterparty: row.counterparty,
                counterparty_uscc: row.counterparty_uscc,
                amount: row.amount,
                approval: row.approval,
            })
        },
    )?;
    Ok(grouped
        .into_iter()
        .map(|(id, transactions)| (id, RelatedPartyTransactions { transactions }))
        .collect())
}

/// Each transaction as fields, qualified by its number and counterparty.
pub(super) fn fields(list: &RelatedPartyTransactions) -> Vec<Field> {
    let mut out = Vec::new();
    for (n, t) in list.transactions.iter().enumerate() {
        let which = format!("#{} {}", n + 1, t.counterparty);
        if let Some(uscc) = &t.counterparty_uscc {
            out.push(Field::of(&which, "rpt_counterparty_uscc", uscc.clone()));
        }
        out.push(Field::of(
            &which,
            "rpt_relationship",
            format!("@relationship_{}", t.relationship.code()),
        ));
        out.push(Field::of(
            &which,
            "rpt_type",
            format!("@transaction_type_{}", t.transaction_type.code()),
        ));
        out.push(Field::of(&which, "rpt_amount", format::amount(&t.amount)));
        out.push(Field::of(
            &which,
            "field_unit",
            format!("@unit_{}", t.unit.code()),
        ));
        out.push(Field::of(
            &which,
            "rpt_pricing_basis",
            format!("@pricing_basis_{}", t.pricing_basis.code()),
        ));
        out.push(Field::of(&which, "rpt_approval", t.approval.clone()));
    }
    out
}
