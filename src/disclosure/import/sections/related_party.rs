//! `related_party` files: one row per related-party transaction; the rows of one
//! enterprise and year are its list. Each transaction states its own unit.

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::reader::RowReader;
use super::super::validate::{Line, RowMapping, TableCheck};
use super::super::values;
use super::super::vocabulary::{PRICING_BASIS, RELATIONSHIP, TRANSACTION_TYPE};
use crate::disclosure::model::{Content, RelatedPartyTransactions, Section};
use crate::disclosure::RelatedPartyTransaction;

/// The database's length limits.
const MAX_COUNTERPARTY: usize = 200;
const MAX_APPROVAL: usize = 300;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::Counterparty, "counterparty", "关联方名称"),
    optional(
        Field::CounterpartyUscc,
        "counterparty_uscc",
        "关联方统一社会信用代码",
    ),
    required(Field::Relationship, "relationship", "关联关系"),
    required(Field::TransactionType, "transaction_type", "交易类型"),
    required(Field::Unit, "unit", "单位"),
    required(Field::Amount, "amount", "交易金额"),
    required(Field::PricingBasis, "pricing_basis", "定价依据"),
    required(Field::Approval, "approval", "审批程序"),
];

/// The related-party row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = RelatedPartyTransaction;
    const SECTION: Section = Section::RelatedParty;

    fn read(row: &mut RowReader<'_>) -> Option<RelatedPartyTransaction> {
        let counterparty = row.text(Field::Counterparty, MAX_COUNTERPARTY);
        // The counterparty need not be registered here; its code is still checked.
        let counterparty_uscc = row.optional(Field::CounterpartyUscc, values::uscc);
        let relationship = row.required(Field::Relationship, |c| RELATIONSHIP.parse(c));
        let transaction_type = row.required(Field::TransactionType, |c| TRANSACTION_TYPE.parse(c));
        let unit = row.required(Field::Unit, values::unit);
        let amount = row.required(Field::Amount, values::non_negative_amount);
        let pricing_basis = row.required(Field::PricingBasis, |c| PRICING_BASIS.parse(c));
        let approval = row.text(Field::Approval, MAX_APPROVAL);
        Some(RelatedPartyTransaction {
            counterparty: counterparty?,
            counterparty_uscc: counterparty_uscc?.map(|u| u.to_string()),
            relationship: relationship?,
            transaction_type: transaction_type?,
            unit: unit?,
            amount: amount?,
            pricing_basis: pricing_basis?,
            approval: approval?,
        })
    }

    fn assemble(
        _: &mut TableCheck<'_>,
        lines: Vec<Line<RelatedPartyTransaction>>,
    ) -> Option<Content> {
        Some(Content::RelatedParty(RelatedPartyTransactions {
            transactions: lines.into_iter().map(|l| l.value).collect(),
        }))
    }
}
