//! Every SQL statement the registry runs. Handlers call these; nothing else builds queries.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::model::{Enterprise, EnterpriseRow, FunctionType, Industry, Level};
use super::uscc::Uscc;
use crate::db::schema::enterprises;

/// What a citizen narrowed the listing to; `None` means any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    /// Industry section.
    pub industry: Option<Industry>,
    /// Tier within the group.
    pub level: Option<Level>,
    /// Functional classification.
    pub function_type: Option<FunctionType>,
}

/// One page of a listing, with the total for pagination.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    /// Rows on this page.
    pub items: Vec<T>,
    /// Rows matching the filter across all pages.
    pub total: i64,
    /// 1-based page number actually shown (clamped to the last page).
    pub page: i64,
    /// Number of pages (at least 1).
    pub pages: i64,
}

/// Counts for the home page.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct RegistryCounts {
    /// Enterprises of every tier.
    pub enterprises: i64,
    /// Top-level group companies.
    pub groups: i64,
    /// Fictional records from `seed-demo`.
    pub demo_enterprises: i64,
}

fn filtered(filter: &EnterpriseFilter) -> enterprises::BoxedQuery<'static, Pg> {
    let mut query = enterprises::table.into_boxed();
    if let Some(industry) = filter.industry {
        query = query.filter(enterprises::industry.eq(industry.code()));
    }
    if let Some(level) = filter.level {
        query = query.filter(enterprises::level.eq(level.number()));
    }
    if let Some(function_type) = filter.function_type {
        query = query.filter(enterprises::function_type.eq(function_type.code()));
    }
    query
}

fn into_enterprises(rows: Vec<EnterpriseRow>) -> QueryResult<Vec<Enterprise>> {
    rows.into_iter().map(Enterprise::try_from).collect()
}

/// Lists enterprises matching `filter`, groups first, then by Chinese name.
pub async fn list_enterprises(
    conn: &mut AsyncPgConnection,
    filter: &EnterpriseFilter,
    page: i64,
    page_size: i64,
) -> QueryResult<Listing<Enterprise>> {
    let total: i64 = filtered(filter).count().get_result(conn).await?;
    let pages = ((total + page_size - 1) / page_size).max(1);
    let page = page.clamp(1, pages);
    let rows = filtered(filter)
        .select(EnterpriseRow::as_select())
        .order((enterprises::level, enterprises::name_zh, enterprises::uscc))
        .limit(page_size)
        .offset((page - 1) * page_size)
        .load(conn)
        .await?;
    Ok(Listing {
        items: into_enterprises(rows)?,
        total,
        page,
        pages,
    })
}

/// The enterprise with this code, if registered.
pub async fn find_enterprise(
    conn: &mut AsyncPgConnection,
    uscc: &Uscc,
) -> QueryResult<Option<Enterprise>> {
    enterprises::table
        .find(uscc.as_str())
        .select(EnterpriseRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(Enterprise::try_from)
        .transpose()
}

/// The chain of group companies above `enterprise`, nearest first.
pub async fn parents_of(
    conn: &mut AsyncPgConnection,
    enterprise: &Enterprise,
) -> QueryResult<Vec<Enterprise>> {
    let mut chain = Vec::new();
    let mut next = enterprise.parent_uscc.clone();
    // Levels stop at 4, so a chain longer than that can only be a cycle in bad data.
    while let Some(code) = next.take().filter(|_| chain.len() < 4) {
        if let Some(parent) = find_enterprise(conn, &code).await? {
            next = parent.parent_uscc.clone();
            chain.push(parent);
        }
    }
    Ok(chain)
}

/// Enterprises whose parent is `uscc`, by Chinese name.
pub async fn subsidiaries_of(
    conn: &mut AsyncPgConnection,
    uscc: &Uscc,
) -> QueryResult<Vec<Enterprise>> {
    let rows = enterprises::table
        .filter(enterprises::parent_uscc.eq(uscc.as_str()))
        .select(EnterpriseRow::as_select())
        .order((enterprises::name_zh, enterprises::uscc))
        .load(conn)
        .await?;
    into_enterprises(rows)
}

/// How many enterprises and groups are registered, in one pass over the table.
pub async fn registry_counts(conn: &mut AsyncPgConnection) -> QueryResult<RegistryCounts> {
    let (enterprises, groups, demo_enterprises) = diesel::sql_query(
        "SELECT count(*) AS enterprises,
                count(*) FILTER (WHERE parent_uscc IS NULL) AS groups,
                count(*) FILTER (WHERE is_demo) AS demo_enterprises
           FROM enterprises",
    )
    .get_result::<CountsRow>(conn)
    .await
    .map(|r| (r.enterprises, r.groups, r.demo_enterprises))?;
    Ok(RegistryCounts {
        enterprises,
        groups,
        demo_enterprises,
    })
}

#[derive(QueryableByName)]
struct CountsRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    enterprises: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    groups: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    demo_enterprises: i64,
}

/// An enterprise with the time its record last changed, for open data and validators.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The record.
    pub enterprise: Enterprise,
    /// When the row last changed (the `updated_at` trigger).
    pub updated_at: DateTime<Utc>,
}

fn into_registered(rows: Vec<(EnterpriseRow, DateTime<Utc>)>) -> QueryResult<Vec<Registered>> {
    rows.into_iter()
        .map(|(row, updated_at)| {
            Ok(Registered {
                enterprise: Enterprise::try_from(row)?,
                updated_at,
            })
        })
        .collect()
}

/// Up to `limit` enterprises matching `filter` whose code sorts after `after`, by code.
/// Keyset pagination on the primary key: stable while records are added, no OFFSET.
pub async fn registry_page(
    conn: &mut AsyncPgConnection,
    filter: &EnterpriseFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Registered>> {
    let mut query = filtered(filter);
    if let Some(after) = after {
        query = query.filter(enterprises::uscc.gt(after.to_owned()));
    }
    let rows = query
        .select((EnterpriseRow::as_select(), enterprises::updated_at))
        .order(enterprises::uscc)
        .limit(limit)
        .load(conn)
        .await?;
    into_registered(rows)
}

/// The enterprise with this code and when its record last changed.
pub async fn find_registered(
    conn: &mut AsyncPgConnection,
    uscc: &Uscc,
) -> QueryResult<Option<Registered>> {
    let rows = enterprises::table
        .find(uscc.as_str())
        .select((EnterpriseRow::as_select(), enterprises::updated_at))
        .load(conn)
        .await?;
    Ok(into_registered(rows)?.pop())
}
