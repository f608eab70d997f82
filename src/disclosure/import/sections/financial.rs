//! `financial` files: one row is one financial statement (key items).

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::message::Message;
use super::super::reader::RowReader;
use super::super::validate::{Line, RowMapping, TableCheck};
use super::super::values;
use crate::disclosure::model::{Content, FinancialStatement, Section};

const MAX_AUDITOR: usize = 200;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::Unit, "unit", "单位"),
    required(Field::TotalAssets, "total_assets", "资产总额"),
    required(Field::TotalLiabilities, "total_liabilities", "负债总额"),
    optional(Field::CurrentLiabilities, "current_liabilities", "流动负债"),
    required(Field::OwnersEquity, "owners_equity", "所有者权益"),
    optional(
        Field::StateOwnedEquity,
        "state_owned_equity",
        "国有资本及权益",
    ),
    required(Field::Revenue, "revenue", "营业收入"),
    required(Field::TotalProfit, "total_profit", "利润总额"),
    required(Field::NetProfit, "net_profit", "净利润"),
    optional(
        Field::OperatingCashFlow,
        "operating_cash_flow",
        "经营活动产生的现金流量净额",
    ),
    optional(
        Field::InterestBearingDebt,
        "interest_bearing_debt",
        "带息负债",
    ),
    required(Field::Audited, "audited", "是否审计"),
    optional(Field::Auditor, "auditor", "审计机构"),
    optional(Field::AuditOpinion, "audit_opinion", "审计意见"),
];

/// The financial row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = FinancialStatement;
    const SECTION: Section = Section::Financial;
    const ONE_ROW: bool = true;
    const QUARTERLY: bool = true;

    fn read(row: &mut RowReader<'_>) -> Option<FinancialStatement> {
        let unit = row.required(Field::Unit, values::unit);
        let mut amount = |field| row.required(field, values::amount);
        let owners_equity = amount(Field::OwnersEquity);
        let revenue = amount(Field::Revenue);
        let total_profit = amount(Field::TotalProfit);
        let net_profit = amount(Field::NetProfit);
        let mut positive = |field| row.required(field, values::non_negative_amount);
        let total_assets = positive(Field::TotalAssets);
        let total_liabilities = positive(Field::TotalLiabilities);
        let current_liabilities =
            row.optional(Field::CurrentLiabilities, values::non_negative_amount);
        let interest_bearing_debt =
            row.optional(Field::InterestBearingDebt, values::non_negative_amount);
        let state_owned_equity = row.optional(Field::StateOwnedEquity, values::amount);
        let operating_cash_flow = row.optional(Field::OperatingCashFlow, values::amount);
        let audited = row.required(Field::Audited, values::flag);
        let auditor = row.optional(Field::Auditor, |c| values::bounded_text(c, MAX_AUDITOR));
        let audit_opinion = row.optional(Field::AuditOpinion, values::audit_opinion);
        let audit_ok = audit_consistent(row, audited, auditor.as_ref(), audit_opinion.as_ref());
        audit_ok.then_some(())?;
        Some(FinancialStatement {
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
        })
    }

    fn assemble(_: &mut TableCheck<'_>, lines: Vec<Line<FinancialStatement>>) -> Option<Content> {
        let line = lines.into_iter().next()?;
        Some(Content::Financial(line.value))
    }
}

/// An audited statement names its auditor and opinion; an unaudited one names neither.
fn audit_consistent<A, O>(
    row: &mut RowReader<'_>,
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
                row.problem(field, Message::new("import_required_when_audited"));
                ok = false;
            }
            (false, Some(true)) => {
                row.problem(field, Message::new("import_given_when_unaudited"));
                ok = false;
            }
            _ => {}
        }
    }
    ok
}
