//! Field-by-field history: what each version changed, for the history page and for the
//! "amended" marks.

use serde::Serialize;

use super::format;
use super::model::{CapitalFactor, Content};

/// One field of a version's content, as displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Whose field it is, in tables with several rows (e.g. "张三（董事长）").
    pub qualifier: Option<String>,
    /// Message id of the field's name.
    pub label: String,
    /// The displayed value (amounts formatted; codes are message ids prefixed `@`).
    pub value: String,
}

impl Field {
    /// A field of the content as a whole.
    pub fn plain(label: &str, value: String) -> Field {
        Field {
            qualifier: None,
            label: label.to_owned(),
            value,
        }
    }

    /// A field of one row, named by `qualifier`.
    pub fn of(qualifier: &str, label: &str, value: String) -> Field {
        Field {
            qualifier: Some(qualifier.to_owned()),
            label: label.to_owned(),
            value,
        }
    }

    fn key(&self) -> (Option<&str>, &str) {
        (self.qualifier.as_deref(), &self.label)
    }
}

/// A field that differs between two versions; `None` where the field was absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Whose field it is, in tables with several rows.
    pub qualifier: Option<String>,
    /// Message id of the field's name.
    pub label: String,
    /// Value in the earlier version.
    pub before: Option<String>,
    /// Value in the later version.
    pub after: Option<String>,
}

use Field as F;

fn field(label: &str, value: String) -> Field {
    F::plain(label, value)
}

/// The content as a list of labelled, displayable values, in display order.
pub fn fields(content: &Content) -> Vec<Field> {
    let mut out = Vec::new();
    match content {
        Content::Financial(f) => {
            out.push(field("field_unit", format!("@unit_{}", f.unit.code())));
            for (label, value) in [
                ("field_total_assets", Some(&f.total_assets)),
                ("field_total_liabilities", Some(&f.total_liabilities)),
                ("field_current_liabilities", f.current_liabilities.as_ref()),
                ("field_owners_equity", Some(&f.owners_equity)),
                ("field_state_owned_equity", f.state_owned_equity.as_ref()),
                ("field_revenue", Some(&f.revenue)),
                ("field_total_profit", Some(&f.total_profit)),
                ("field_net_profit", Some(&f.net_profit)),
                ("field_operating_cash_flow", f.operating_cash_flow.as_ref()),
                (
                    "field_interest_bearing_debt",
                    f.interest_bearing_debt.as_ref(),
                ),
            ] {
                if let Some(value) = value {
                    out.push(field(label, format::amount(value)));
                }
            }
            out.push(field("field_audited", format!("@audited_{}", f.audited)));
            if let Some(auditor) = &f.auditor {
                out.push(field("field_auditor", auditor.clone()));
            }
            if let Some(opinion) = f.audit_opinion {
                out.push(field(
                    "field_audit_opinion",
                    format!("@audit_opinion_{}", opinion.code()),
                ));
            }
        }
        Content::StateCapital(s) => {
            out.push(field("field_unit", format!("@unit_{}", s.unit.code())));
            out.push(field(
                "field_opening_state_capital",
                format::amount(&s.opening_state_capital),
            ));
            out.push(field(
                "field_closing_state_capital",
                format::amount(&s.closing_state_capital),
            ));
            // In vocabulary order, so two versions list factors the same way.
            for factor in CapitalFactor::ALL {
                if let Some((_, amount)) = s.factors.iter().find(|(f, _)| f == factor) {
                    out.push(field(
                        &format!("factor_{}", factor.code()),
                        format::amount(amount),
                    ));
                }
            }
        }
        Content::ExecutivePay(p) => out = super::pay::fields(p),
        Content::Inspection(r) => out = super::inspection::fields(r),
        Content::Governance(r) => out = super::governance::fields(r),
        Content::RelatedParty(l) => out = super::related_party::fields(l),
        Content::MajorEvents(l) => out = super::events::fields(l),
    }
    out
}

/// What changed from `before` to `after`, field by field, in display order.
pub fn changes(before: &Content, after: &Content) -> Vec<FieldChange> {
    let (old, new) = (fields(before), fields(after));
    let mut keys: Vec<(Option<&str>, &str)> = new.iter().map(Field::key).collect();
    for f in &old {
        if !keys.contains(&f.key()) {
            keys.push(f.key());
        }
    }
    let value_in = |list: &[Field], key: (Option<&str>, &str)| {
        list.iter()
            .find(|f| f.key() == key)
            .map(|f| f.value.clone())
    };
    keys.into_iter()
        .filter_map(|key| {
            let (before, after) = (value_in(&old, key), value_in(&new, key));
            (before != after).then(|| FieldChange {
                qualifier: key.0.map(str::to_owned),
                label: key.1.to_owned(),
                before,
                after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use bigdecimal::BigDecimal;

    use super::*;
    use crate::disclosure::model::{StateCapitalStatement, Unit};

    fn capital(closing: &str, factors: Vec<(CapitalFactor, &str)>) -> Content {
        Content::StateCapital(StateCapitalStatement {
            unit: Unit::WanYuan,
            opening_state_capital: BigDecimal::from(1000),
            closing_state_capital: BigDecimal::from_str(closing).unwrap(),
            factors: factors
                .into_iter()
                .map(|(f, a)| (f, BigDecimal::from_str(a).unwrap()))
                .collect(),
        })
    }

    #[test]
    fn only_changed_fields_are_listed_with_old_and_new_values() {
        let before = capital("1100", vec![(CapitalFactor::DecreaseDividends, "30")]);
        let after = capital("1150", vec![(CapitalFactor::DecreaseDividends, "30")]);
        assert_eq!(
            changes(&before, &after),
            vec![FieldChange {
                qualifier: None,
                label: "field_closing_state_capital".into(),
                before: Some("1,100.00".into()),
                after: Some("1,150.00".into()),
            }]
        );
    }

    #[test]
    fn added_and_removed_fields_show_as_absent_on_one_side() {
        let before = capital("1100", vec![(CapitalFactor::DecreaseDividends, "30")]);
        let after = capital("1100", vec![(CapitalFactor::IncreaseTaxRefund, "5")]);
        let list = changes(&before, &after);
        assert_eq!(list.len(), 2);
        assert!(list
            .iter()
            .any(|c| c.before.is_none() && c.after.as_deref() == Some("5.00")));
        assert!(list
            .iter()
            .any(|c| c.before.as_deref() == Some("30.00") && c.after.is_none()));
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let content = capital("1100", vec![]);
        assert!(changes(&content, &content.clone()).is_empty());
    }
}
