//! Writes one batch of whole groups in one transaction: the enterprises that are missing,
//! then whatever of their yearly disclosures is missing, each table with one COPY.
//!
//! A batch either lands completely or not at all, so an interrupted run is resumed by
//! running it again, and a second run finds everything present and writes nothing.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use tokio_postgres::{Client, Transaction};

use super::copy::{copy_in, reserve_ids, CopyRows};
use super::figures::{statements, Capital, Financial};
use super::registry::SyntheticEnterprise;
use crate::disclosure::model::{Section, VersionKind};
use crate::enterprise::Uscc;

/// What one batch added.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Written {
    pub enterprises: u64,
    pub disclosures: u64,
}

/// One disclosure to publish: whose, which year, which statement.
struct Planned<'a> {
    uscc: &'a Uscc,
    year: i16,
    content: PlannedContent,
}

enum PlannedContent {
    Financial(Financial),
    Capital(Capital),
}

impl PlannedContent {
    fn section(&self) -> Section {
        match self {
            PlannedContent::Financial(_) => Section::Financial,
            PlannedContent::Capital(_) => Section::StateCapital,
        }
    }

    fn source(&self, year: i16) -> String {
        let what = match self {
            PlannedContent::Financial(_) => "财务决算报告",
            PlannedContent::Capital(_) => "国有资本保值增值情况报告",
        };
        format!("{year}年度{what}（演示·合成）")
    }
}

/// Writes what is missing of `batch` (whole groups, parents first) for `years`.
pub(super) async fn write_batch(
    client: &mut Client,
    batch: &[SyntheticEnterprise],
    years: RangeInclusive<i16>,
) -> Result<Written, tokio_postgres::Error> {
    let transaction = client.transaction().await?;
    // One set-based index statement per batch instead of a trigger call per version.
    crate::search::index::defer_to_batch(&transaction).await?;
    let codes: Vec<&str> = batch.iter().map(|e| e.uscc.as_str()).collect();
    let present: HashSet<String> = transaction
        .query(
            "SELECT uscc FROM enterprises WHERE uscc = ANY($1)",
            &[&codes],
        )
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    let published: HashSet<(String, String, i16)> = transaction
        .query(
            "SELECT enterprise_uscc, section, period_year FROM disclosures \
             WHERE enterprise_uscc = ANY($1) AND period_quarter IS NULL",
            &[&codes],
        )
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
        .collect::<Result<_, tokio_postgres::Error>>()?;

    let missing: Vec<&SyntheticEnterprise> = batch
        .iter()
        .filter(|e| !present.contains(e.uscc.as_str()))
        .collect();
    let enterprises = copy_in(
        &transaction,
        "enterprises",
        "uscc, name_zh, name_en, parent_uscc, level, industry, function_type, \
         state_share, status, is_demo",
        enterprise_rows(&missing),
    )
    .await?;

    let mut planned = Vec::new();
    for enterprise in batch {
        for s in statements(enterprise, years.clone()) {
            for content in [
                PlannedContent::Financial(s.financial),
                PlannedContent::Capital(s.capital),
            ] {
                let key = (
                    enterprise.uscc.as_str().to_owned(),
                    content.section().code().to_owned(),
                    s.year,
                );
                if !published.contains(&key) {
                    planned.push(Planned {
                        uscc: &enterprise.uscc,
                        year: s.year,
                        content,
                    });
                }
            }
        }
    }
    let disclosures = write_disclosures(&transaction, &planned).await?;
    if enterprises > 0 || disclosures > 0 {
        crate::search::index::index_enterprises(&transaction, &codes).await?;
    }
    transaction.commit().await?;
    Ok(Written {
        enterprises,
        disclosures,
    })
}

fn enterprise_rows(enterprises: &[&SyntheticEnterprise]) -> CopyRows {
    let mut rows = CopyRows::new();
    for e in enterprises {
        rows.text(e.uscc.as_str())
            .text(&e.name_zh)
            .text(&e.name_en)
            .optional_text(e.parent_uscc.as_ref().map(Uscc::as_str))
            .integer(i64::from(e.member.level))
            .text(e.industry.code())
            .text(e.function_type.code())
            .amount(e.state_share)
            .text(e.status.code())
            .boolean(true)
            .end_row();
    }
    rows
}

async fn write_disclosures(
    transaction: &Transaction<'_>,
    planned: &[Planned<'_>],
) -> Result<u64, tokio_postgres::Error> {
    let disclosure_ids = reserve_ids(transaction, "disclosures", planned.len()).await?;
    let version_ids = reserve_ids(transaction, "disclosure_versions", planned.len()).await?;
    let mut disclosures = CopyRows::new();
    let mut versions = CopyRows::new();
    let mut financial = CopyRows::new();
    let mut capital = CopyRows::new();
    let mut factors = CopyRows::new();
    for ((p, &disclosure_id), &version_id) in planned.iter().zip(&disclosure_ids).zip(&version_ids)
    {
        disclosures
            .integer(disclosure_id)
            .text(p.uscc.as_str())
            .text(p.content.section().code())
            .integer(i64::from(p.year))
            .end_row();
        versions
            .integer(version_id)
            .integer(disclosure_id)
            .integer(1)
            .text(VersionKind::Original.code())
            .text(&p.content.source(p.year))
            .text(&format!("{}-12-31", p.year))
            // Published in April of the next year, within the deadline, as is usual.
            .text(&format!("{}-04-20 10:00:00+08", p.year + 1))
            .end_row();
        match &p.content {
            PlannedContent::Financial(f) => financial_row(&mut financial, version_id, f),
            PlannedContent::Capital(c) => {
                capital
                    .integer(version_id)
                    .text(c.unit.code())
                    .amount(c.opening)
                    .amount(c.closing)
                    .end_row();
                for (factor, amount) in &c.factors {
                    factors
                        .integer(version_id)
                        .text(factor.code())
                        .amount(*amount)
                        .end_row();
                }
            }
        }
    }
    // Parents before children: each COPY's foreign keys are checked at its end.
    let written = copy_in(
        transaction,
        "disclosures",
        "id, enterprise_uscc, section, period_year",
        disclosures,
    )
    .await?;
    copy_in(
        transaction,
        "disclosure_versions",
        "id, disclosure_id, version, kind, source, as_of, published_at",
        versions,
    )
    .await?;
    copy_in(
        transaction,
        "financial_statements",
        "version_id, unit, total_assets, total_liabilities, current_liabilities, \
         owners_equity, state_owned_equity, revenue, total_profit, net_profit, \
         operating_cash_flow, interest_bearing_debt, audited, auditor, audit_opinion",
        financial,
    )
    .await?;
    copy_in(
        transaction,
        "state_capital_statements",
        "version_id, unit, opening_state_capital, closing_state_capital",
        capital,
    )
    .await?;
    copy_in(
        transaction,
        "state_capital_factors",
        "version_id, factor, amount",
        factors,
    )
    .await?;
    Ok(written)
}

fn financial_row(rows: &mut CopyRows, version_id: i64, f: &Financial) {
    rows.integer(version_id)
        .text(f.unit.code())
        .amount(f.total_assets)
        .amount(f.total_liabilities)
        .amount(f.current_liabilities)
        .amount(f.owners_equity)
        .amount(f.state_owned_equity)
        .amount(f.revenue)
        .amount(f.total_profit)
        .amount(f.net_profit)
        .optional_amount(f.operating_cash_flow)
        .optional_amount(f.interest_bearing_debt)
        .boolean(f.audit.is_some())
        .optional_text(f.audit.map(|(auditor, _)| auditor))
        .optional_text(f.audit.map(|(_, opinion)| opinion.code()))
        .end_row();
}
