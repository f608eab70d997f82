//! Every statement the disclosure store runs: publishing versions and reading them back.
//!
//! Publishing only ever inserts. The database refuses updates and deletes of published
//! rows (triggers in the migration), so a bug here cannot rewrite history either.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::documents::SourceDocument;
use super::model::{
    Content, Disclosure, FinancialStatement, Period, Section, StateCapitalStatement, Version,
    VersionKind,
};
use super::rows::{
    DisclosureRow, FactorRow, FinancialRow, NewDisclosure, NewVersion, StateCapitalRow, VersionRow,
};
use crate::db::schema::{
    disclosure_versions, disclosures, financial_statements, state_capital_factors,
    state_capital_statements,
};
use crate::enterprise::Uscc;

/// Where a version's figures come from and the date they describe.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// E.g. "2024年度审计报告".
    pub source: String,
    /// The date the figures describe.
    pub as_of: NaiveDate,
    /// Source documents (PDF) published with the version.
    pub documents: Vec<SourceDocument>,
    /// When the version became public, if not now. Only generated histories (the demo,
    /// the scale generator) set it; everything published for real is stamped by the
    /// database at commit.
    pub published_at: Option<DateTime<Utc>>,
}

/// A disclosure with all its versions, oldest first.
#[derive(Debug, Clone)]
pub struct DisclosureRecord {
    /// The identity.
    pub disclosure: Disclosure,
    /// Every version, oldest first; never empty.
    pub versions: Vec<Version>,
}

impl DisclosureRecord {
    /// The newest version.
    pub fn latest(&self) -> &Version {
        // Records are only built with at least one version.
        &self.versions[self.versions.len() - 1]
    }

    /// Whether the newest version withdraws the disclosure.
    pub fn is_withdrawn(&self) -> bool {
        self.latest().kind == VersionKind::Withdrawal
    }

    /// Whether any version amends an earlier one.
    pub fn is_amended(&self) -> bool {
        self.versions
            .iter()
            .any(|v| v.kind == VersionKind::Amendment)
    }

    /// The newest version that carries content (a withdrawal carries none).
    pub fn latest_content_version(&self) -> Option<&Version> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.kind != VersionKind::Withdrawal)
    }
}

/// Publishes the first version of a disclosure. Fails if it already exists.
pub async fn publish(
    conn: &mut AsyncPgConnection,
    enterprise: &Uscc,
    period: Period,
    provenance: &Provenance,
    content: &Content,
) -> QueryResult<i64> {
    conn.transaction(async |conn| {
        publish_within(conn, enterprise, period, provenance, content).await
    })
    .await
}

/// [`publish`] inside the caller's transaction, so that many publications (an import)
/// commit or fail together without a savepoint per disclosure.
pub(super) async fn publish_within(
    conn: &mut AsyncPgConnection,
    enterprise: &Uscc,
    period: Period,
    provenance: &Provenance,
    content: &Content,
) -> QueryResult<i64> {
    let disclosure_id: i64 = diesel::insert_into(disclosures::table)
        .values(NewDisclosure {
            enterprise_uscc: enterprise.as_str(),
            section: content.section().code(),
            period_year: period.year,
            period_quarter: period.quarter,
        })
        .returning(disclosures::id)
        .get_result(conn)
        .await?;
    let version = NewVersionOf {
        disclosure_id,
        number: 1,
        kind: VersionKind::Original,
        reason: None,
    };
    insert_version_with_content(conn, version, provenance, content).await?;
    Ok(disclosure_id)
}

/// Publishes a correction that supersedes the current version; returns its number.
pub async fn amend(
    conn: &mut AsyncPgConnection,
    disclosure_id: i64,
    reason: &str,
    provenance: &Provenance,
    content: &Content,
) -> QueryResult<i32> {
    conn.transaction(async |conn| {
        amend_within(conn, disclosure_id, reason, provenance, content).await
    })
    .await
}

/// [`amend`] inside the caller's transaction (see [`publish_within`]).
pub(super) async fn amend_within(
    conn: &mut AsyncPgConnection,
    disclosure_id: i64,
    reason: &str,
    provenance: &Provenance,
    content: &Content,
) -> QueryResult<i32> {
    let next = next_version_number(conn, disclosure_id).await?;
    let version = NewVersionOf {
        disclosure_id,
        number: next,
        kind: VersionKind::Amendment,
        reason: Some(reason),
    };
    insert_version_with_content(conn, version, provenance, content).await?;
    Ok(next)
}

/// Withdraws a disclosure with a reason; earlier versions stay public.
pub async fn withdraw(
    conn: &mut AsyncPgConnection,
    disclosure_id: i64,
    reason: &str,
) -> QueryResult<i32> {
    conn.transaction(async |conn| {
        let next = next_version_number(conn, disclosure_id).await?;
        let (_, previous) = disclosure_versions::table
            .filter(disclosure_versions::disclosure_id.eq(disclosure_id))
            .order(disclosure_versions::version.desc())
            .select(VersionRow::as_select())
            .first(conn)
            .await?
            .into_version()?;
        let provenance = Provenance {
            source: previous.source,
            as_of: previous.as_of,
            documents: Vec::new(),
            published_at: None,
        };
        let version = NewVersionOf {
            disclosure_id,
            number: next,
            kind: VersionKind::Withdrawal,
            reason: Some(reason),
        };
        insert_version(conn, &version, &provenance).await?;
        Ok(next)
    })
    .await
}

async fn next_version_number(conn: &mut AsyncPgConnection, disclosure_id: i64) -> QueryResult<i32> {
    // Lock the identity row so two concurrent amendments cannot take the same number.
    disclosures::table
        .find(disclosure_id)
        .select(disclosures::id)
        .for_update()
        .first::<i64>(conn)
        .await?;
    let max: Option<i32> = disclosure_versions::table
        .filter(disclosure_versions::disclosure_id.eq(disclosure_id))
        .select(diesel::dsl::max(disclosure_versions::version))
        .first(conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

/// Which version of which disclosure is being written, and why.
struct NewVersionOf<'a> {
    disclosure_id: i64,
    number: i32,
    kind: VersionKind,
    reason: Option<&'a str>,
}

/// Inserts the version row and returns its id.
async fn insert_version(
    conn: &mut AsyncPgConnection,
    version: &NewVersionOf<'_>,
    provenance: &Provenance,
) -> QueryResult<i64> {
    diesel::insert_into(disclosure_versions::table)
        .values(NewVersion {
            disclosure_id: version.disclosure_id,
            version: version.number,
            kind: version.kind.code(),
            reason: version.reason,
            source: &provenance.source,
            as_of: provenance.as_of,
            published_at: provenance.published_at,
        })
        .returning(disclosure_versions::id)
        .get_result(conn)
        .await
}

/// Inserts a version carrying content, with its source documents.
async fn insert_version_with_content(
    conn: &mut AsyncPgConnection,
    version: NewVersionOf<'_>,
    provenance: &Provenance,
    content: &Content,
) -> QueryResult<()> {
    let version_id = insert_version(conn, &version, provenance).await?;
    insert_content(conn, version_id, content).await?;
    super::documents::insert(conn, version_id, &provenance.documents).await
}

async fn insert_content(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    content: &Content,
) -> QueryResult<()> {
    match content {
        Content::Financial(f) => {
            diesel::insert_into(financial_statements::table)
                .values(FinancialRow::new(version_id, f))
                .execute(conn)
                .await?;
        }
        Content::StateCapital(s) => {
            diesel::insert_into(state_capital_statements::table)
                .values(StateCapitalRow {
                    version_id,
                    unit: s.unit.code().to_owned(),
                    opening_state_capital: s.opening_state_capital.clone(),
                    closing_state_capital: s.closing_state_capital.clone(),
                })
                .execute(conn)
                .await?;
            let factors: Vec<FactorRow> = s
                .factors
                .iter()
                .map(|(factor, amount)| FactorRow {
                    version_id,
                    factor: factor.code().to_owned(),
                    amount: amount.clone(),
                })
                .collect();
            diesel::insert_into(state_capital_factors::table)
                .values(&factors)
                .execute(conn)
                .await?;
        }
        Content::ExecutivePay(p) => super::pay::insert(conn, version_id, p).await?,
        Content::Inspection(r) => super::inspection::insert(conn, version_id, r).await?,
        Content::Governance(r) => super::governance::insert(conn, version_id, r).await?,
        Content::RelatedParty(l) => super::related_party::insert(conn, version_id, l).await?,
        Content::MajorEvents(l) => super::events::insert(conn, version_id, l).await?,
    }
    Ok(())
}

fn group_versions(
    rows: Vec<DisclosureRow>,
    version_rows: Vec<VersionRow>,
) -> QueryResult<Vec<DisclosureRecord>> {
    let mut versions: HashMap<i64, Vec<Version>> = HashMap::new();
    for row in version_rows {
        let (disclosure_id, version) = row.into_version()?;
        versions.entry(disclosure_id).or_default().push(version);
    }
    rows.into_iter()
        .filter_map(|row| {
            let list = versions.remove(&row.id)?;
            Some(
                Disclosure::try_from(row).map(|disclosure| DisclosureRecord {
                    disclosure,
                    versions: list,
                }),
            )
        })
        .collect()
}

/// Every disclosure of an enterprise with its versions, newest period first.
pub async fn disclosures_of(
    conn: &mut AsyncPgConnection,
    enterprise: &Uscc,
) -> QueryResult<Vec<DisclosureRecord>> {
    let rows: Vec<DisclosureRow> = disclosures::table
        .filter(disclosures::enterprise_uscc.eq(enterprise.as_str()))
        .order((
            disclosures::period_year.desc(),
            disclosures::period_quarter.desc(),
            disclosures::section,
        ))
        .select(DisclosureRow::as_select())
        .load(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let version_rows = disclosure_versions::table
        .filter(disclosure_versions::disclosure_id.eq_any(&ids))
        .order((
            disclosure_versions::disclosure_id,
            disclosure_versions::version,
        ))
        .select(VersionRow::as_select())
        .load(conn)
        .await?;
    group_versions(rows, version_rows)
}

/// One disclosure with its versions.
pub async fn find_disclosure(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<DisclosureRecord>> {
    let Some(row) = disclosures::table
        .find(id)
        .select(DisclosureRow::as_select())
        .first(conn)
        .await
        .optional()?
    else {
        return Ok(None);
    };
    let version_rows = disclosure_versions::table
        .filter(disclosure_versions::disclosure_id.eq(id))
        .order(disclosure_versions::version)
        .select(VersionRow::as_select())
        .load(conn)
        .await?;
    Ok(group_versions(vec![row], version_rows)?.pop())
}

/// The content of the given versions of one section, by version id.
pub async fn contents(
    conn: &mut AsyncPgConnection,
    section: Section,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, Content>> {
    let mut out = HashMap::new();
    match section {
        Section::Financial => {
            let rows: Vec<FinancialRow> = financial_statements::table
                .filter(financial_statements::version_id.eq_any(version_ids))
                .select(FinancialRow::as_select())
                .load(conn)
                .await?;
            for row in rows {
                let (id, statement): (i64, FinancialStatement) = row.into_statement()?;
                out.insert(id, Content::Financial(statement));
            }
        }
        Section::StateCapital => {
            let rows: Vec<StateCapitalRow> = state_capital_statements::table
                .filter(state_capital_statements::version_id.eq_any(version_ids))
                .select(StateCapitalRow::as_select())
                .load(conn)
                .await?;
            let factor_rows: Vec<FactorRow> = state_capital_factors::table
                .filter(state_capital_factors::version_id.eq_any(version_ids))
                .select(FactorRow::as_select())
                .load(conn)
                .await?;
            let mut factors: HashMap<i64, Vec<_>> = HashMap::new();
            for row in factor_rows {
                let factor = row.factor()?;
                factors
                    .entry(row.version_id)
                    .or_default()
                    .push((factor, row.amount));
            }
            for row in rows {
                let statement = StateCapitalStatement {
                    unit: super::model::Unit::from_code(&row.unit).ok_or_else(|| {
                        diesel::result::Error::DeserializationError("unexpected unit".into())
                    })?,
                    opening_state_capital: row.opening_state_capital,
                    closing_state_capital: row.closing_state_capital,
                    factors: factors.remove(&row.version_id).unwrap_or_default(),
                };
                out.insert(row.version_id, Content::StateCapital(statement));
            }
        }
        Section::ExecutivePay => {
            for (id, statement) in super::pay::load(conn, version_ids).await? {
                out.insert(id, Content::ExecutivePay(statement));
            }
        }
        Section::Inspection => {
            for (id, report) in super::inspection::load(conn, version_ids).await? {
                out.insert(id, Content::Inspection(report));
            }
        }
        Section::Governance => {
            for (id, roster) in super::governance::load(conn, version_ids).await? {
                out.insert(id, Content::Governance(roster));
            }
        }
        Section::RelatedParty => {
            for (id, list) in super::related_party::load(conn, version_ids).await? {
                out.insert(id, Content::RelatedParty(list));
            }
        }
        Section::MajorEvents => {
            for (id, list) in super::events::load(conn, version_ids).await? {
                out.insert(id, Content::MajorEvents(list));
            }
        }
    }
    Ok(out)
}
