//! The import format as a web form: for each section, which columns belong to the whole
//! disclosure (asked once) and which to each row of its table, and how each is typed in.
//! The admin site's entry form is generated from this, so a column added to the format
//! is in the form too.

use serde::Serialize;

use super::columns::{columns, ColumnSpec, Field, FileKind};
use super::vocabulary::{
    Vocabulary, EVENT_KIND, FINDING_CATEGORY, GOVERNING_BODY, INSPECTION_BODY, PRICING_BASIS,
    RELATIONSHIP, SEVERITY, TRANSACTION_TYPE,
};
use crate::disclosure::model::{AuditOpinion as Opinion, Section, Unit as AmountUnit};

/// One choice of a closed list: the code written into the file and the catalog message
/// that names it.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// The value as the import reads it.
    pub code: String,
    /// Message id of its label.
    pub label: String,
}

/// How a column is typed in.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "choices", rename_all = "snake_case")]
pub enum Input {
    /// A line of text.
    Text,
    /// Several lines of text (a reason).
    LongText,
    /// An amount in the disclosure's unit.
    Amount,
    /// A date (`<input type="date">` sends 2026-12-31, which the import reads).
    Date,
    /// A whole number (a year, a finding's number).
    Number,
    /// One of a closed list.
    Choice(Vec<Choice>),
}

/// A column of the form.
#[derive(Debug, Clone, Serialize)]
pub struct FormColumn {
    /// The import's key, which is also the header the form's file is written with.
    pub key: &'static str,
    /// The Chinese header of the format.
    pub chinese: &'static str,
    /// Whether the import needs a value (a hint: the import decides).
    pub required: bool,
    /// How it is typed in.
    pub input: Input,
}

/// A section's entry form.
#[derive(Debug, Clone, Serialize)]
pub struct FormLayout {
    /// The section.
    pub section: Section,
    /// The columns asked once, for the whole disclosure.
    pub disclosure: Vec<FormColumn>,
    /// The columns of each row of the table; empty for one-row sections.
    pub rows: Vec<FormColumn>,
}

impl FormLayout {
    /// Whether the section's disclosure is a table of rows.
    pub fn is_table(&self) -> bool {
        !self.rows.is_empty()
    }

    /// Every column, disclosure ones first: the header of the form's file.
    pub fn keys(&self) -> Vec<&'static str> {
        self.disclosure
            .iter()
            .chain(&self.rows)
            .map(|c| c.key)
            .collect()
    }
}

/// The entry form of a section.
pub fn form_layout(section: Section) -> FormLayout {
    let all = columns(FileKind::Disclosure(section));
    let one_row = matches!(section, Section::Financial | Section::StateCapital);
    // Values of a whole table, given once in the form and repeated on every row.
    let of_table: &[Field] = match section {
        Section::ExecutivePay => &[Field::Unit, Field::AverageEmployeePay],
        Section::Inspection => &[Field::Unit],
        _ => &[],
    };
    let first = [
        Field::Uscc,
        Field::Year,
        Field::Quarter,
        Field::Source,
        Field::AsOf,
    ];
    let mut disclosure = Vec::new();
    let mut rows = Vec::new();
    for field in first {
        // Only quarterly sections ask for a quarter; the import refuses one elsewhere.
        if field == Field::Quarter && section != Section::Financial {
            continue;
        }
        disclosure.extend(all.iter().find(|c| c.field == field).map(form_column));
    }
    for spec in all.iter().filter(|c| !first.contains(&c.field)) {
        if spec.field == Field::Reason {
            continue;
        }
        if one_row || of_table.contains(&spec.field) {
            disclosure.push(form_column(spec));
        } else {
            rows.push(form_column(spec));
        }
    }
    disclosure.extend(
        all.iter()
            .find(|c| c.field == Field::Reason)
            .map(form_column),
    );
    FormLayout {
        section,
        disclosure,
        rows,
    }
}

fn form_column(spec: &ColumnSpec) -> FormColumn {
    FormColumn {
        key: spec.key,
        chinese: spec.chinese,
        // The source is given once per disclosure in the form, so it is required there.
        required: spec.required || spec.field == Field::Source,
        input: input(spec.field),
    }
}

fn input(field: Field) -> Input {
    use Field::*;
    match field {
        Uscc
        | Source
        | Auditor
        | Name
        | Title
        | Counterparty
        | CounterpartyUscc
        | Approval
        | Item
        | ResponsibleDepartment
        | Description
        | Measure
        | Note => Input::Text,
        Reason => Input::LongText,
        Year | Finding => Input::Number,
        AsOf | TermStart | TermEnd | OccurredOn | InspectedOn | DueDate | EffectiveOn => {
            Input::Date
        }
        Quarter => choices((1..=4).map(|q| (q.to_string(), format!("entry_quarter_{q}")))),
        Unit => choices(
            AmountUnit::ALL
                .iter()
                .map(|u| (u.code().to_owned(), format!("unit_{}", u.code()))),
        ),
        Audited | IsExternal | IsEmployeeRepresentative => choices(
            ["true", "false"]
                .into_iter()
                .map(|b| (b.to_owned(), format!("entry_flag_{b}"))),
        ),
        AuditOpinion => choices(
            Opinion::ALL
                .iter()
                .map(|o| (o.code().to_owned(), format!("audit_opinion_{}", o.code()))),
        ),
        Body => vocabulary(&GOVERNING_BODY),
        Relationship => vocabulary(&RELATIONSHIP),
        TransactionType => vocabulary(&TRANSACTION_TYPE),
        PricingBasis => vocabulary(&PRICING_BASIS),
        EventKind => vocabulary(&EVENT_KIND),
        InspectedBy => vocabulary(&INSPECTION_BODY),
        Category => vocabulary(&FINDING_CATEGORY),
        Severity => vocabulary(&SEVERITY),
        // Rectification status updates have no entry form (they are uploaded).
        Status => Input::Text,
        TotalAssets
        | TotalLiabilities
        | CurrentLiabilities
        | OwnersEquity
        | StateOwnedEquity
        | Revenue
        | TotalProfit
        | NetProfit
        | OperatingCashFlow
        | InterestBearingDebt
        | OpeningStateCapital
        | ClosingStateCapital
        | Factor(_)
        | AverageEmployeePay
        | AnnualSalaryPayable
        | BaseSalary
        | PerformancePay
        | TermIncentive
        | EmployerContributions
        | OtherMonetaryIncome
        | PretaxTotal
        | RelatedPartyAmount
        | Amount
        | AmountInvolved => Input::Amount,
    }
}

fn choices(list: impl Iterator<Item = (String, String)>) -> Input {
    Input::Choice(list.map(|(code, label)| Choice { code, label }).collect())
}

fn vocabulary<T: Copy>(vocabulary: &Vocabulary<T>) -> Input {
    choices(vocabulary.terms.iter().map(|(term, _)| {
        let code = (vocabulary.code)(*term);
        (code.to_owned(), format!("{}_{code}", vocabulary.catalog))
    }))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::web::i18n::Catalog;
    use crate::web::Lang;

    #[test]
    fn every_column_of_a_section_is_in_its_form_once() {
        for &section in Section::ALL {
            let layout = form_layout(section);
            let mut keys = layout.keys();
            let expected: Vec<&str> = columns(FileKind::Disclosure(section))
                .iter()
                .filter(|c| c.field != Field::Quarter || section == Section::Financial)
                .map(|c| c.key)
                .collect();
            assert_eq!(keys.len(), expected.len(), "{section:?}");
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), expected.len(), "{section:?}");
        }
    }

    #[test]
    fn tables_ask_their_own_columns_once_per_row() {
        assert!(!form_layout(Section::Financial).is_table());
        let pay = form_layout(Section::ExecutivePay);
        assert!(pay.disclosure.iter().any(|c| c.key == "unit"));
        assert!(pay.rows.iter().any(|c| c.key == "pretax_total"));
        assert!(!pay.rows.iter().any(|c| c.key == "unit"));
        let related = form_layout(Section::RelatedParty);
        assert!(related.rows.iter().any(|c| c.key == "unit"));
    }

    #[test]
    fn every_choice_has_a_label_in_the_catalog() {
        let catalog = Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
            .expect("catalogs load");
        for &section in Section::ALL {
            let layout = form_layout(section);
            for column in layout.disclosure.iter().chain(&layout.rows) {
                if let Input::Choice(choices) = &column.input {
                    for choice in choices {
                        assert!(
                            catalog.format(Lang::En, &choice.label, None).is_some(),
                            "{}",
                            choice.label
                        );
                    }
                }
            }
        }
    }
}
