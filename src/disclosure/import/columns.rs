//! The import format: the columns of each section's file, by English key and Chinese
//! name. Documented for operators in `docs/import-format.md`; keep the two in step.

use crate::disclosure::model::{CapitalFactor, Section};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
    Uscc,
    Year,
    Quarter,
    Unit,
    Source,
    AsOf,
    Reason,
    TotalAssets,
    TotalLiabilities,
    CurrentLiabilities,
    OwnersEquity,
    StateOwnedEquity,
    Revenue,
    TotalProfit,
    NetProfit,
    OperatingCashFlow,
    InterestBearingDebt,
    Audited,
    Auditor,
    AuditOpinion,
    OpeningStateCapital,
    ClosingStateCapital,
    Factor(CapitalFactor),
}

/// A column of the format: its key, its Chinese header, and whether a file must have it.
#[derive(Debug, Clone, Copy)]
pub(super) struct ColumnSpec {
    pub field: Field,
    pub key: &'static str,
    pub chinese: &'static str,
    pub required: bool,
}

const fn column(
    field: Field,
    key: &'static str,
    chinese: &'static str,
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        field,
        key,
        chinese,
        required,
    }
}

/// Columns of every section's file. State capital files may have `quarter` too, for a
/// uniform layout, but it must stay empty there (state capital is reported by year).
pub(super) const COMMON: &[ColumnSpec] = &[
    column(Field::Uscc, "uscc", "统一社会信用代码", true),
    column(Field::Year, "year", "年度", true),
    column(Field::Quarter, "quarter", "季度", false),
    column(Field::Unit, "unit", "单位", true),
    column(Field::Source, "source", "来源", true),
    column(Field::AsOf, "as_of", "截止日期", false),
    column(Field::Reason, "reason", "更正原因", false),
];

const FINANCIAL: &[ColumnSpec] = &[
    column(Field::TotalAssets, "total_assets", "资产总额", true),
    column(
        Field::TotalLiabilities,
        "total_liabilities",
        "负债总额",
        true,
    ),
    column(
        Field::CurrentLiabilities,
        "current_liabilities",
        "流动负债",
        false,
    ),
    column(Field::OwnersEquity, "owners_equity", "所有者权益", true),
    column(
        Field::StateOwnedEquity,
        "state_owned_equity",
        "国有资本及权益",
        false,
    ),
    column(Field::Revenue, "revenue", "营业收入", true),
    column(Field::TotalProfit, "total_profit", "利润总额", true),
    column(Field::NetProfit, "net_profit", "净利润", true),
    column(
        Field::OperatingCashFlow,
        "operating_cash_flow",
        "经营活动产生的现金流量净额",
        false,
    ),
    column(
        Field::InterestBearingDebt,
        "interest_bearing_debt",
        "带息负债",
        false,
    ),
    column(Field::Audited, "audited", "是否审计", true),
    column(Field::Auditor, "auditor", "审计机构", false),
    column(Field::AuditOpinion, "audit_opinion", "审计意见", false),
];

const STATE_CAPITAL: &[ColumnSpec] = &[
    column(
        Field::OpeningStateCapital,
        "opening_state_capital",
        "年初国有资本及权益",
        true,
    ),
    column(
        Field::ClosingStateCapital,
        "closing_state_capital",
        "年末国有资本及权益",
        true,
    ),
];

/// The Chinese header of each objective factor's column (its key is the factor's code).
const FACTOR_NAMES: &[(CapitalFactor, &str)] = &[
    (CapitalFactor::IncreaseAdditionalInvestment, "国家追加投资"),
    (CapitalFactor::IncreaseFreeTransferIn, "无偿划入"),
    (CapitalFactor::IncreaseAssetRevaluation, "资产评估增值"),
    (CapitalFactor::IncreaseAssetVerification, "清产核资增加"),
    (CapitalFactor::IncreasePropertyRights, "产权界定增加"),
    (CapitalFactor::IncreaseSharePremium, "股票发行溢价"),
    (CapitalFactor::IncreaseTaxRefund, "税收返还等国家政策性因素"),
    (
        CapitalFactor::IncreaseAccountingAdjustment,
        "会计调整和减值准备转回",
    ),
    (CapitalFactor::IncreaseOther, "其他客观增加因素"),
    (CapitalFactor::DecreaseCapitalReduction, "国家减少投资"),
    (CapitalFactor::DecreaseFreeTransferOut, "无偿划出"),
    (CapitalFactor::DecreaseAssetRevaluation, "资产评估减值"),
    (CapitalFactor::DecreaseAssetVerification, "清产核资减少"),
    (CapitalFactor::DecreasePropertyRights, "产权界定减少"),
    (CapitalFactor::DecreaseDividends, "按规定上缴国有资本收益"),
    (CapitalFactor::DecreaseForceMajeure, "自然灾害等不可抗力"),
    (CapitalFactor::DecreaseAccountingAdjustment, "会计调整"),
    (CapitalFactor::DecreaseOther, "其他客观减少因素"),
];

/// The sections a file can hold today.
pub(super) const IMPORTABLE: [Section; 2] = [Section::Financial, Section::StateCapital];

/// Every column of a section's file, common ones first.
pub(super) fn columns(section: Section) -> Vec<ColumnSpec> {
    let own: Vec<ColumnSpec> = match section {
        Section::Financial => FINANCIAL.to_vec(),
        Section::StateCapital => STATE_CAPITAL
            .iter()
            .copied()
            .chain(FACTOR_NAMES.iter().map(|&(factor, chinese)| {
                column(Field::Factor(factor), factor.code(), chinese, false)
            }))
            .collect(),
        _ => Vec::new(),
    };
    COMMON.iter().copied().chain(own).collect()
}

/// A header's cleaned name: trimmed, English keys case-insensitive.
pub(super) fn normalise(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// The column of a section's file with this (normalised) header, if any.
pub(super) fn find(section: Section, name: &str) -> Option<ColumnSpec> {
    columns(section)
        .into_iter()
        .find(|c| c.key == name || c.chinese == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_factor_has_a_column() {
        let columns = columns(Section::StateCapital);
        for factor in CapitalFactor::ALL {
            assert!(columns.iter().any(|c| c.field == Field::Factor(*factor)));
        }
    }
}
