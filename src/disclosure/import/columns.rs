//! The import format: the kinds of file, and the columns each has by English key and
//! Chinese name. Documented for operators in `docs/import-format.md`; keep the two in
//! step. Each section's own columns are declared beside its row mapping in `sections/`.

use super::{sections, status};
use crate::disclosure::model::{CapitalFactor, Section};

/// What a file holds: one section's disclosures, or status updates of rectification
/// items (which are not disclosure versions, see `status.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum FileKind {
    Disclosure(Section),
    RectificationStatus,
}

impl FileKind {
    /// Every kind a file can be, in the order the documentation lists them.
    pub const ALL: [FileKind; 8] = [
        FileKind::Disclosure(Section::Financial),
        FileKind::Disclosure(Section::StateCapital),
        FileKind::Disclosure(Section::ExecutivePay),
        FileKind::Disclosure(Section::Governance),
        FileKind::Disclosure(Section::RelatedParty),
        FileKind::Disclosure(Section::MajorEvents),
        FileKind::Disclosure(Section::Inspection),
        FileKind::RectificationStatus,
    ];

    /// The name operators know the kind by (a section's code).
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Disclosure(section) => section.code(),
            FileKind::RectificationStatus => "rectification_status",
        }
    }
}

/// What a column holds. A variant may serve several kinds of file (`Name` is a pay
/// table's and a roster's); a file is read by its own kind's columns only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
    // Identity and provenance, in every disclosure file.
    Uscc,
    Year,
    Quarter,
    Source,
    AsOf,
    Reason,
    Unit,
    // financial
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
    // state_capital
    OpeningStateCapital,
    ClosingStateCapital,
    Factor(CapitalFactor),
    // people: executive_pay and governance
    Name,
    Title,
    TermStart,
    TermEnd,
    // executive_pay
    AverageEmployeePay,
    AnnualSalaryPayable,
    BaseSalary,
    PerformancePay,
    TermIncentive,
    EmployerContributions,
    OtherMonetaryIncome,
    PretaxTotal,
    RelatedPartyAmount,
    // governance
    Body,
    IsExternal,
    IsEmployeeRepresentative,
    // related_party
    Counterparty,
    CounterpartyUscc,
    Relationship,
    TransactionType,
    Amount,
    PricingBasis,
    Approval,
    // major_events
    OccurredOn,
    EventKind,
    Description,
    // inspection
    Finding,
    InspectedBy,
    InspectedOn,
    Category,
    AmountInvolved,
    Severity,
    Item,
    Measure,
    ResponsibleDepartment,
    DueDate,
    // rectification_status
    Status,
    EffectiveOn,
    Note,
}

/// A column of the format: its key, its Chinese header, and whether a file must have it.
#[derive(Debug, Clone, Copy)]
pub(super) struct ColumnSpec {
    pub field: Field,
    pub key: &'static str,
    pub chinese: &'static str,
    pub required: bool,
}

/// A column a file must have.
pub(super) const fn required(field: Field, key: &'static str, chinese: &'static str) -> ColumnSpec {
    ColumnSpec {
        field,
        key,
        chinese,
        required: true,
    }
}

/// A column a file may leave out.
pub(super) const fn optional(field: Field, key: &'static str, chinese: &'static str) -> ColumnSpec {
    ColumnSpec {
        field,
        key,
        chinese,
        required: false,
    }
}

/// The enterprise and year, in every file.
pub(super) const KEY: &[ColumnSpec] = &[
    required(Field::Uscc, "uscc", "统一社会信用代码"),
    required(Field::Year, "year", "年度"),
];

/// Where a disclosure's figures come from, in every disclosure file. Sections reported
/// by year accept `quarter` too, for a uniform layout, but it must stay empty there.
pub(super) const PROVENANCE: &[ColumnSpec] = &[
    optional(Field::Quarter, "quarter", "季度"),
    required(Field::Source, "source", "来源"),
    optional(Field::AsOf, "as_of", "截止日期"),
    optional(Field::Reason, "reason", "更正原因"),
];

/// Every column of a kind of file, key and provenance first.
pub(super) fn columns(kind: FileKind) -> Vec<ColumnSpec> {
    let (common, own): (&[ColumnSpec], Vec<ColumnSpec>) = match kind {
        FileKind::Disclosure(section) => (PROVENANCE, sections::columns(section)),
        FileKind::RectificationStatus => (&[], status::COLUMNS.to_vec()),
    };
    KEY.iter().chain(common).copied().chain(own).collect()
}

/// A header's cleaned name: trimmed, English keys case-insensitive.
pub(super) fn normalise(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// The column of a kind of file with this (normalised) header, if any.
pub(super) fn find(kind: FileKind, name: &str) -> Option<ColumnSpec> {
    columns(kind)
        .into_iter()
        .find(|c| c.key == name || c.chinese == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_factor_has_a_column() {
        let columns = columns(FileKind::Disclosure(Section::StateCapital));
        for factor in CapitalFactor::ALL {
            assert!(columns.iter().any(|c| c.field == Field::Factor(*factor)));
        }
    }

    #[test]
    fn no_kind_of_file_names_two_columns_alike() {
        for kind in FileKind::ALL {
            let columns = columns(kind);
            for (i, a) in columns.iter().enumerate() {
                for b in &columns[i + 1..] {
                    assert!(
                        a.key != b.key && a.chinese != b.chinese && a.field != b.field,
                        "{}: {} and {}",
                        kind.code(),
                        a.key,
                        b.key
                    );
                }
            }
        }
    }

    #[test]
    fn every_section_can_be_imported() {
        for section in Section::ALL {
            assert!(FileKind::ALL.contains(&FileKind::Disclosure(*section)));
        }
    }
}
