//! Checking rows against what is already published, then publishing them. Both run in
//! the caller's transaction, so what was compared is what gets amended.

use std::collections::{BTreeMap, HashMap};

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use indicatif::ProgressBar;

use super::message::Message;
use super::problem::Problem;
use super::status::{self, StatusAction, StatusCounts, StatusRecord};
use super::validate::{describe_rows, Record};
use crate::disclosure::model::{Content, Period, Section};
use crate::disclosure::queries::{self, DisclosureRecord};
use crate::enterprise::{find_enterprise, Uscc};

/// What importing one disclosure does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Action {
    /// Publish it as a new disclosure.
    Publish,
    /// Publish it as a new version of this disclosure, with the given reason.
    Amend { disclosure_id: i64, reason: String },
    /// Nothing: the same figures are already published as this disclosure.
    Unchanged { disclosure_id: i64 },
}

impl Action {
    /// What the action does, without its particulars.
    pub fn effect(&self) -> Effect {
        match self {
            Action::Publish => Effect::Published,
            Action::Amend { .. } => Effect::Amended,
            Action::Unchanged { .. } => Effect::Unchanged,
        }
    }
}

/// What importing a disclosure did (or, planned, will do) to the published record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Published for the first time.
    Published,
    /// Published as a new version, with a reason.
    Amended,
    /// Already published as it is; nothing written.
    Unchanged,
    /// An inspection report that received rectification status updates.
    StatusesRecorded,
}

/// One disclosure a run touched, with its id in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The store's id of the disclosure.
    pub disclosure_id: i64,
    /// Its enterprise.
    pub uscc: Uscc,
    /// Its section.
    pub section: Section,
    /// Its period.
    pub period: Period,
    /// What the run did to it.
    pub effect: Effect,
}

/// What a run did, disclosure by disclosure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub published: usize,
    pub amended: usize,
    pub unchanged: usize,
    pub statuses: StatusCounts,
    pub outcomes: Vec<Outcome>,
}

/// What a run will do, decided before anything is written.
pub(super) struct Plan {
    /// One per disclosure record; `None` where it cannot be imported.
    pub disclosures: Vec<Option<Action>>,
    /// One per status update; `None` where it cannot be recorded.
    pub statuses: Vec<Option<StatusAction>>,
}

impl Plan {
    /// Whether every record and update can be imported.
    pub fn is_complete(&self) -> bool {
        self.disclosures.iter().all(Option::is_some) && self.statuses.iter().all(Option::is_some)
    }
}

/// Decides each record's and update's action, enterprise by enterprise; one that cannot
/// be imported gets a problem and no action (the caller then writes nothing).
pub(super) async fn plan(
    conn: &mut AsyncPgConnection,
    records: &[Record],
    statuses: &[StatusRecord],
    problems: &mut Vec<Problem>,
    progress: &ProgressBar,
) -> QueryResult<Plan> {
    #[derive(Default)]
    struct OfEnterprise {
        records: Vec<usize>,
        statuses: Vec<usize>,
    }
    let mut by_enterprise: BTreeMap<&Uscc, OfEnterprise> = BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        by_enterprise
            .entry(&record.uscc)
            .or_default()
            .records
            .push(i);
    }
    for (i, status) in statuses.iter().enumerate() {
        by_enterprise
            .entry(&status.uscc)
            .or_default()
            .statuses
            .push(i);
    }
    let mut plan = Plan {
        disclosures: vec![None; records.len()],
        statuses: vec![None; statuses.len()],
    };
    for (uscc, of) in by_enterprise {
        let work = (of.records.len() + of.statuses.len()) as u64;
        if find_enterprise(conn, uscc).await?.is_none() {
            for &i in &of.records {
                let record = &records[i];
                problems.push(Problem::at(
                    &record.file,
                    record.first_row(),
                    Some(&record.uscc_column),
                    Message::new("import_unknown_enterprise").arg("uscc", uscc),
                ));
            }
            problems.extend(
                of.statuses
                    .iter()
                    .map(|&i| statuses[i].unknown_enterprise()),
            );
            progress.inc(work);
            continue;
        }
        let published = Published::load(conn, uscc).await?;
        for &i in &of.records {
            plan.disclosures[i] = decide(&records[i], &published, problems);
        }
        if !of.statuses.is_empty() {
            let run: Vec<&Record> = of.records.iter().map(|&i| &records[i]).collect();
            let updates: Vec<&StatusRecord> = of.statuses.iter().map(|&i| &statuses[i]).collect();
            let actions = status::plan(conn, &published, &run, &updates, problems).await?;
            for (&i, action) in of.statuses.iter().zip(actions) {
                plan.statuses[i] = action;
            }
        }
        progress.inc(work);
    }
    Ok(plan)
}

/// An enterprise's published disclosures with the content of their latest version.
pub(super) struct Published {
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
        for &section in Section::ALL {
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

    /// The published disclosure of a section and period, if any.
    pub fn find(&self, section: Section, period: Period) -> Option<&DisclosureRecord> {
        self.records.get(&(section, period))
    }

    /// What its latest version with content says.
    pub fn latest_content(&self, record: &DisclosureRecord) -> Option<&Content> {
        let version = record.latest_content_version()?;
        self.contents.get(&version.id)
    }
}

fn decide(record: &Record, published: &Published, problems: &mut Vec<Problem>) -> Option<Action> {
    let one_row = record.rows.len() == 1;
    let mut refuse = |reason: Message| {
        problems.push(Problem::at(
            &record.file,
            record.reason_row,
            Some(&record.reason_column),
            reason,
        ));
        None
    };
    let Some(existing) = published.find(record.content.section(), record.period) else {
        // A reason on a first publication most likely means the row names the wrong
        // enterprise or period for the correction it was meant to be.
        if record.reason.is_some() {
            return refuse(Message::new("import_nothing_to_amend"));
        }
        return Some(Action::Publish);
    };
    let withdrawn = existing.is_withdrawn();
    if !withdrawn
        && published
            .latest_content(existing)
            .is_some_and(|current| same_content(current, &record.content))
    {
        return Some(Action::Unchanged {
            disclosure_id: existing.disclosure.id,
        });
    }
    // A table's reason may be in any of its rows; say which rows make the table.
    let advice = |purpose: &'static str| {
        if one_row {
            Message::new("import_advice_reason").part("purpose", Message::new(purpose))
        } else {
            Message::new("import_advice_reason_in_rows")
                .part("rows", describe_rows(&record.rows))
                .part("purpose", Message::new(purpose))
        }
    };
    match &record.reason {
        Some(reason) => Some(Action::Amend {
            disclosure_id: existing.disclosure.id,
            reason: reason.clone(),
        }),
        None if withdrawn => refuse(
            Message::new("import_withdrawn").part("advice", advice("import_purpose_republish")),
        ),
        None if one_row => refuse(
            Message::new("import_changed_figures").part("advice", advice("import_purpose_amend")),
        ),
        None => refuse(
            Message::new("import_changed_table").part("advice", advice("import_purpose_amend")),
        ),
    }
}

/// Equal content, whatever the order of what has no order of its own: the factors of a
/// state capital statement, the items of a finding (stored by code). Amounts compare by
/// value (`1.5` equals `1.50`), which is what a reader sees.
fn same_content(a: &Content, b: &Content) -> bool {
    fn sorted(content: &Content) -> Content {
        let mut content = content.clone();
        match &mut content {
            Content::StateCapital(s) => s.factors.sort_by_key(|(factor, _)| factor.code()),
            Content::Inspection(r) => {
                for finding in &mut r.findings {
                    finding.rectifications.sort_by(|x, y| x.code.cmp(&y.code));
                }
            }
            _ => {}
        }
        content
    }
    sorted(a) == sorted(b)
}

/// Publishes every planned record, then records every planned status update, inside the
/// caller's transaction.
pub(super) async fn apply(
    conn: &mut AsyncPgConnection,
    records: &[Record],
    statuses: &[StatusRecord],
    plan: &Plan,
    progress: &ProgressBar,
) -> QueryResult<Counts> {
    let mut counts = Counts::default();
    // Status updates of a report published in this run need its new id.
    let mut new_reports: HashMap<(Uscc, Period), i64> = HashMap::new();
    for (record, action) in records.iter().zip(&plan.disclosures) {
        let disclosure_id = match action {
            Some(Action::Publish) => {
                let id = queries::publish_within(
                    conn,
                    &record.uscc,
                    record.period,
                    &record.provenance,
                    &record.content,
                )
                .await?;
                if record.content.section() == Section::Inspection {
                    new_reports.insert((record.uscc.clone(), record.period), id);
                }
                counts.published += 1;
                id
            }
            Some(Action::Amend {
                disclosure_id,
                reason,
            }) => {
                queries::amend_within(
                    conn,
                    *disclosure_id,
                    reason,
                    &record.provenance,
                    &record.content,
                )
                .await?;
                counts.amended += 1;
                *disclosure_id
            }
            Some(Action::Unchanged { disclosure_id }) => {
                counts.unchanged += 1;
                *disclosure_id
            }
            // Only a complete plan is applied.
            None => return Err(diesel::result::Error::RollbackTransaction),
        };
        counts.outcomes.push(Outcome {
            disclosure_id,
            uscc: record.uscc.clone(),
            section: record.content.section(),
            period: record.period,
            effect: action.as_ref().map_or(Effect::Unchanged, Action::effect),
        });
        progress.inc(1);
    }
    let actions: Option<Vec<StatusAction>> = plan.statuses.iter().cloned().collect();
    let Some(actions) = actions else {
        return Err(diesel::result::Error::RollbackTransaction);
    };
    let (status_counts, reports) = status::apply(conn, statuses, &actions, &new_reports).await?;
    counts.statuses = status_counts;
    for (disclosure_id, uscc, period) in reports {
        if !counts
            .outcomes
            .iter()
            .any(|o| o.disclosure_id == disclosure_id)
        {
            counts.outcomes.push(Outcome {
                disclosure_id,
                uscc,
                section: Section::Inspection,
                period,
                effect: Effect::StatusesRecorded,
            });
        }
    }
    progress.inc(statuses.len() as u64);
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
        assert!(same_content(&a, &b));
        let c = capital(&[(IncreaseOther, "1.51"), (DecreaseDividends, "3")], "110");
        assert!(!same_content(&a, &c));
    }
}
