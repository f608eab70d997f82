//! Checking rows against what is already published, then publishing them. Both run in
//! the caller's transaction, so what was compared is what gets amended.

use std::collections::{BTreeMap, HashMap};

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use indicatif::ProgressBar;

use super::problem::Problem;
use super::validate::Record;
use crate::disclosure::model::{Content, Period, Section};
use crate::disclosure::queries::{self, DisclosureRecord};
use crate::enterprise::{find_enterprise, Uscc};

/// What importing one row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Action {
    /// Publish it as a new disclosure.
    Publish,
    /// Publish it as a new version of this disclosure, with the row's reason.
    Amend { disclosure_id: i64, reason: String },
    /// Nothing: the same figures are already published.
    Unchanged,
}

/// How many rows did what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub published: usize,
    pub amended: usize,
    pub unchanged: usize,
}

/// Decides each record's action; a record that cannot be imported gets a problem and
/// no action (the caller then writes nothing).
pub(super) async fn plan(
    conn: &mut AsyncPgConnection,
    records: &[Record],
    problems: &mut Vec<Problem>,
    progress: &ProgressBar,
) -> QueryResult<Vec<Option<Action>>> {
    let mut by_enterprise: BTreeMap<&Uscc, Vec<usize>> = BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        by_enterprise.entry(&record.uscc).or_default().push(i);
    }
    let mut actions = vec![None; records.len()];
    for (uscc, indexes) in by_enterprise {
        if find_enterprise(conn, uscc).await?.is_none() {
            for &i in &indexes {
                let record = &records[i];
                problems.push(Problem::at(
                    &record.file,
                    record.row,
                    Some(&record.uscc_column),
                    format!("no enterprise with the code {uscc} is registered"),
                ));
            }
            progress.inc(indexes.len() as u64);
            continue;
        }
        let published = Published::load(conn, uscc).await?;
        for i in indexes {
            actions[i] = decide(&records[i], &published, problems);
            progress.inc(1);
        }
    }
    Ok(actions)
}

/// An enterprise's published disclosures with the content of their latest version.
struct Published {
    records: HashMap<(Section, Period), DisclosureRecord>,
    contents: HashMap<i64, Content>,
}

impl Published {
    async fn load(conn: &mut AsyncPgConnection, uscc: &Uscc) -> QueryResult<Published> {
        let records: HashMap<_, _> = queries::disclosures_of(conn, uscc)
            .await?
            .into_iter()
            .map(|r| ((r.disclosure.section, r.disclosure.period), r))
            .collect();
        let mut contents = HashMap::new();
        for section in super::columns::IMPORTABLE {
            let ids: Vec<i64> = records
                .values()
                .filter(|r| r.disclosure.section == section)
                .filter_map(|r| r.latest_content_version().map(|v| v.id))
                .collect();
            if !ids.is_empty() {
                contents.extend(queries::contents(conn, section, &ids).await?);
            }
        }
        Ok(Published { records, contents })
    }

    fn latest_content(&self, record: &DisclosureRecord) -> Option<&Content> {
        let version = record.latest_content_version()?;
        self.contents.get(&version.id)
    }
}

fn decide(record: &Record, published: &Published, problems: &mut Vec<Problem>) -> Option<Action> {
    let key = (record.content.section(), record.period);
    let mut refuse = |reason: &str| {
        problems.push(Problem::at(
            &record.file,
            record.row,
            Some(&record.reason_column),
            reason,
        ));
        None
    };
    let Some(existing) = published.records.get(&key) else {
        // A reason on a first publication most likely means the row names the wrong
        // enterprise or period for the correction it was meant to be.
        if record.reason.is_some() {
            return refuse(
                "nothing is published for this enterprise and period, so there is nothing to \
                 amend; leave reason empty for a first publication",
            );
        }
        return Some(Action::Publish);
    };
    let withdrawn = existing.is_withdrawn();
    if !withdrawn
        && published
            .latest_content(existing)
            .is_some_and(|current| same_figures(current, &record.content))
    {
        return Some(Action::Unchanged);
    }
    match &record.reason {
        Some(reason) => Some(Action::Amend {
            disclosure_id: existing.disclosure.id,
            reason: reason.clone(),
        }),
        None if withdrawn => {
            refuse("this disclosure was withdrawn; give a reason to publish it again")
        }
        None => refuse("already published with different figures; give a reason to amend"),
    }
}

/// Equal figures, whatever the order the factors were listed or loaded in. Amounts
/// compare by value (`1.5` equals `1.50`), which is what a reader sees.
fn same_figures(a: &Content, b: &Content) -> bool {
    fn sorted(content: &Content) -> Content {
        let mut content = content.clone();
        if let Content::StateCapital(s) = &mut content {
            s.factors.sort_by_key(|(factor, _)| factor.code());
        }
        content
    }
    sorted(a) == sorted(b)
}

/// Publishes every planned record, inside the caller's transaction.
pub(super) async fn apply(
    conn: &mut AsyncPgConnection,
    records: &[Record],
    actions: &[Action],
    progress: &ProgressBar,
) -> QueryResult<Counts> {
    let mut counts = Counts::default();
    for (record, action) in records.iter().zip(actions) {
        match action {
            Action::Publish => {
                queries::publish_within(
                    conn,
                    &record.uscc,
                    record.period,
                    &record.provenance,
                    &record.content,
                )
                .await?;
                counts.published += 1;
            }
            Action::Amend {
                disclosure_id,
                reason,
            } => {
                queries::amend_within(
                    conn,
                    *disclosure_id,
                    reason,
                    &record.provenance,
                    &record.content,
                )
                .await?;
                counts.amended += 1;
            }
            Action::Unchanged => counts.unchanged += 1,
        }
        progress.inc(1);
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use bigdecimal::BigDecimal;

    use super::*;
    use crate::disclosure::model::{CapitalFactor, StateCapitalStatement, Unit};

    fn capital(factors: &[(CapitalFactor, &str)], closing: &str) -> Content {
        let d = |s: &str| BigDecimal::from_str(s).unwrap();
        Content::StateCapital(StateCapitalStatement {
            unit: Unit::WanYuan,
            opening_state_capital: d("100"),
            closing_state_capital: d(closing),
            factors: factors.iter().map(|(f, a)| (*f, d(a))).collect(),
        })
    }

    #[test]
    fn figures_compare_by_value_whatever_the_factor_order_and_scale() {
        use CapitalFactor::*;
        let a = capital(
            &[(DecreaseDividends, "3"), (IncreaseOther, "1.5")],
            "110.00",
        );
        let b = capital(
            &[(IncreaseOther, "1.50"), (DecreaseDividends, "3.00")],
            "110",
        );
        assert!(same_figures(&a, &b));
        let c = capital(&[(IncreaseOther, "1.51"), (DecreaseDividends, "3")], "110");
        assert!(!same_figures(&a, &c));
    }
}
