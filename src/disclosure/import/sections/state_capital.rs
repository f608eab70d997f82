//! `state_capital` files: one row is one year's state capital statement, with a column
//! per objective factor.

use bigdecimal::BigDecimal;

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::reader::RowReader;
use super::super::validate::{Line, RowMapping, TableCheck};
use super::super::values;
use crate::disclosure::model::{CapitalFactor, Content, Section, StateCapitalStatement};

const OWN: &[ColumnSpec] = &[
    required(Field::Unit, "unit", "单位"),
    required(
        Field::OpeningStateCapital,
        "opening_state_capital",
        "年初国有资本及权益",
    ),
    required(
        Field::ClosingStateCapital,
        "closing_state_capital",
        "年末国有资本及权益",
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

pub(super) fn columns() -> Vec<ColumnSpec> {
    OWN.iter()
        .copied()
        .chain(
            FACTOR_NAMES
                .iter()
                .map(|&(factor, chinese)| optional(Field::Factor(factor), factor.code(), chinese)),
        )
        .collect()
}

/// The state capital row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = StateCapitalStatement;
    const SECTION: Section = Section::StateCapital;
    const ONE_ROW: bool = true;

    fn read(row: &mut RowReader<'_>) -> Option<StateCapitalStatement> {
        let unit = row.required(Field::Unit, values::unit);
        let opening = row.required(Field::OpeningStateCapital, values::amount);
        let closing = row.required(Field::ClosingStateCapital, values::amount);
        let mut factors: Vec<(CapitalFactor, BigDecimal)> = Vec::new();
        let mut factors_ok = true;
        for &factor in CapitalFactor::ALL {
            match row.optional(Field::Factor(factor), values::non_negative_amount) {
                Some(Some(amount)) => factors.push((factor, amount)),
                Some(None) => {}
                None => factors_ok = false,
            }
        }
        factors_ok.then_some(())?;
        Some(StateCapitalStatement {
            unit: unit?,
            opening_state_capital: opening?,
            closing_state_capital: closing?,
            factors,
        })
    }

    fn assemble(
        _: &mut TableCheck<'_>,
        lines: Vec<Line<StateCapitalStatement>>,
    ) -> Option<Content> {
        let line = lines.into_iter().next()?;
        Some(Content::StateCapital(line.value))
    }
}
