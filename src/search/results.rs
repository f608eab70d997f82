//! The statements a search runs. Plans matter more than anywhere else here: a frequent
//! bigram matches most of the table, so nothing ranks or counts every match. Lists walk
//! an index in their display order and stop at the page's end; counts and facets look at
//! the first [`FACET_SAMPLE`] matches only (docs/search.md shows the plans).

use diesel::sql_types::{BigInt, Bool, Integer, Nullable, SmallInt, Text};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::future::try_join3;

use super::plan::{self, Access, Table};
use super::query::SearchQuery;

/// Counts and facets are computed over at most this many matches; beyond, "1,000+".
pub const FACET_SAMPLE: i64 = 1_000;
/// Enterprises listed above the disclosures.
const ENTERPRISES_SHOWN: i64 = 10;
/// Enterprises named in the enterprise facet.
const ENTERPRISE_FACET_SIZE: i64 = 8;

/// The condition on disclosures shared by the list, the facets and the CSV; binds
/// $1 tsquery, $2 section, $3 year, $4 red-flagged only, $5 enterprise.
pub(super) const DISCLOSURE_MATCH: &str = "($1::tsquery IS NULL OR s.tokens @@ $1::tsquery)
       AND ($2::text IS NULL OR s.section = $2)
       AND ($3::smallint IS NULL OR s.period_year = $3)
       AND (NOT $4 OR s.red_flagged)
       AND ($5::text IS NULL OR s.enterprise_uscc = $5)";

/// [`DISCLOSURE_MATCH`] for a statement that finds its matches by `access`: a walk tests
/// rows with `ts_match_vq`, the same test as `@@` but one no index serves.
fn disclosure_match(access: Access) -> String {
    match access {
        Access::Walk => DISCLOSURE_MATCH.replace(
            "s.tokens @@ $1::tsquery",
            "ts_match_vq(s.tokens, $1::tsquery)",
        ),
        Access::Bitmap | Access::Planner => DISCLOSURE_MATCH.to_owned(),
    }
}

/// The display order; for a bitmap, written so that no order index can serve it.
fn disclosure_order(access: Access) -> &'static str {
    match access {
        Access::Bitmap => "ORDER BY s.period_year + 0 DESC, s.disclosure_id DESC",
        Access::Walk | Access::Planner => DISCLOSURE_ORDER,
    }
}

/// Binds $1 to $5 of [`DISCLOSURE_MATCH`] to a `sql_query`.
macro_rules! bind_filters {
    ($query:expr, $tsquery:expr, $filters:expr) => {
        $query
            .bind::<Nullable<Text>, _>($tsquery)
            .bind::<Nullable<Text>, _>($filters.section.map(|s| s.code()))
            .bind::<Nullable<SmallInt>, _>($filters.year)
            .bind::<Bool, _>($filters.red_flagged)
            .bind::<Nullable<Text>, _>($filters.enterprise.as_ref().map(|u| u.as_str()))
    };
}
pub(super) use bind_filters;

/// An enterprise whose names or code match.
#[derive(Debug, Clone, QueryableByName)]
pub struct EnterpriseHit {
    #[diesel(sql_type = Text)]
    pub uscc: String,
    #[diesel(sql_type = Text)]
    pub name_zh: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub name_en: Option<String>,
    #[diesel(sql_type = Bool)]
    pub red_flagged: bool,
    /// The query is the enterprise's name.
    #[diesel(sql_type = Bool)]
    pub exact: bool,
}

/// A disclosure whose current version matches.
#[derive(Debug, Clone, QueryableByName)]
pub struct DisclosureHit {
    #[diesel(sql_type = BigInt)]
    pub disclosure_id: i64,
    /// The number of the current version, the one indexed (1 = original).
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = Text)]
    pub enterprise_uscc: String,
    #[diesel(sql_type = Text)]
    pub name_zh: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub name_en: Option<String>,
    #[diesel(sql_type = Text)]
    pub section: String,
    #[diesel(sql_type = SmallInt)]
    pub period_year: i16,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub period_quarter: Option<i16>,
    #[diesel(sql_type = Bool)]
    pub red_flagged: bool,
    #[diesel(sql_type = Text)]
    pub body: String,
}

/// One facet value and how many of the sampled matches have it.
#[derive(Debug, Clone, QueryableByName)]
pub struct FacetCount {
    /// `total`, `enterprises_total`, `section`, `year`, `red` or `enterprise`.
    #[diesel(sql_type = Text)]
    pub facet: String,
    #[diesel(sql_type = Text)]
    pub value: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
    /// The enterprise's names, for the enterprise facet.
    #[diesel(sql_type = Nullable<Text>)]
    pub name_zh: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub name_en: Option<String>,
}

/// What one page of results holds.
#[derive(Debug, Clone)]
pub struct Found {
    /// Matching enterprises, exact name matches first (only on an unfiltered first page).
    pub enterprises: Vec<EnterpriseHit>,
    /// This page of matching disclosures, newest period first.
    pub disclosures: Vec<DisclosureHit>,
    /// Counts: totals (capped at [`FACET_SAMPLE`] + 1) and facet values.
    pub facets: Vec<FacetCount>,
}

/// Where a page of disclosures starts.
#[derive(Debug, Clone, Copy)]
pub enum Start {
    /// After skipping this many (the HTML pages, which stop at [`FACET_SAMPLE`]).
    Offset(i64),
    /// After this `(period_year, disclosure_id)` in display order, or at the first (the
    /// API's cursor: an index range, so a deep page costs what the first does).
    After(Option<(i16, i64)>),
}

impl Start {
    /// How many matches a page starting here reads before its own (0 for a cursor).
    fn offset(self) -> i64 {
        match self {
            Start::Offset(n) => n,
            Start::After(_) => 0,
        }
    }

    fn is_first(self) -> bool {
        matches!(self, Start::Offset(0) | Start::After(None))
    }
}

/// Runs a search: the enterprises, one page of disclosures and the facets, pipelined on
/// one connection.
pub async fn search(
    conn: &mut AsyncPgConnection,
    query: &SearchQuery,
    page_size: i64,
    offset: i64,
) -> diesel::QueryResult<Found> {
    search_from(conn, query, page_size, Start::Offset(offset), true).await
}

/// Runs a search from `start`, with the counts and facets only when `counts` is set.
pub async fn search_from(
    conn: &mut AsyncPgConnection,
    query: &SearchQuery,
    page_size: i64,
    start: Start,
    counts: bool,
) -> diesel::QueryResult<Found> {
    let stats = plan::stats(conn).await;
    let access = |table, limit| stats.access(table, &query.terms, limit);
    let conn: &AsyncPgConnection = conn;
    let tsquery = query.tsquery();
    let f = &query.filters;
    let show_enterprises = start.is_first()
        && tsquery.is_some()
        && f.section.is_none()
        && f.year.is_none()
        && f.enterprise.is_none();
    let enterprises = async {
        if !show_enterprises {
            return Ok(Vec::new());
        }
        diesel::sql_query(enterprises_sql(access(
            Table::Enterprises,
            ENTERPRISES_SHOWN,
        )))
        .bind::<Nullable<Text>, _>(tsquery.as_deref())
        .bind::<Text, _>(&query.text)
        .bind::<Bool, _>(f.red_flagged)
        .bind::<BigInt, _>(ENTERPRISES_SHOWN)
        .load::<EnterpriseHit>(&mut &*conn)
        .await
    };
    let (after, page) = match start {
        Start::Offset(_) => ("", "LIMIT $6 OFFSET $7"),
        Start::After(None) => ("", "LIMIT $6"),
        Start::After(Some(_)) => (
            "AND (s.period_year, s.disclosure_id) < ($7::smallint, $8::bigint)",
            "LIMIT $6",
        ),
    };
    let list_access = access(Table::Disclosures, page_size + start.offset());
    let sql = format!(
        "{DISCLOSURES} WHERE {} {after} {} {page}",
        disclosure_match(list_access),
        disclosure_order(list_access)
    );
    let disclosures = async {
        let list = bind_filters!(diesel::sql_query(sql), tsquery.as_deref(), f)
            .bind::<BigInt, _>(page_size);
        match start {
            Start::Offset(offset) => list.bind::<BigInt, _>(offset).load(&mut &*conn).await,
            Start::After(Some((year, id))) => {
                let list = list.bind::<SmallInt, _>(year).bind::<BigInt, _>(id);
                list.load(&mut &*conn).await
            }
            Start::After(None) => list.load::<DisclosureHit>(&mut &*conn).await,
        }
    };
    let facets = async {
        if !counts {
            return Ok(Vec::new());
        }
        bind_filters!(
            diesel::sql_query(facets_sql(access(Table::Disclosures, FACET_SAMPLE + 1))),
            tsquery.as_deref(),
            f
        )
        .bind::<BigInt, _>(FACET_SAMPLE + 1)
        .bind::<BigInt, _>(ENTERPRISE_FACET_SIZE)
        .load::<FacetCount>(&mut &*conn)
        .await
    };
    let (enterprises, disclosures, facets) = try_join3(enterprises, disclosures, facets).await?;
    Ok(Found {
        enterprises,
        disclosures,
        facets,
    })
}

/// Exact name matches (by the name-key indexes) first, then the others in registry
/// order, walking `search_enterprises_order_idx` until the list is full or sorting the
/// bitmap of every match, as `access` says.
fn enterprises_sql(access: Access) -> String {
    let sql = ENTERPRISES.to_owned();
    match access {
        Access::Walk => sql.replace(
            "s.tokens @@ $1::tsquery",
            "ts_match_vq(s.tokens, $1::tsquery)",
        ),
        Access::Bitmap => sql.replace("ORDER BY s.level, s.uscc", "ORDER BY s.level + 0, s.uscc"),
        Access::Planner => sql,
    }
}

const ENTERPRISES: &str = "
SELECT e.uscc, e.name_zh, e.name_en, hit.red_flagged, hit.exact
  FROM ((SELECT s.uscc, s.red_flagged, true AS exact, 0::smallint AS level
           FROM search_enterprises s
          WHERE (s.name_key_zh = search_name_key($2) OR s.name_key_en = search_name_key($2))
            AND (NOT $3 OR s.red_flagged))
        UNION ALL
        (SELECT s.uscc, s.red_flagged, false, s.level
           FROM search_enterprises s
          WHERE s.tokens @@ $1::tsquery AND (NOT $3 OR s.red_flagged)
            AND s.name_key_zh <> search_name_key($2)
            AND s.name_key_en IS DISTINCT FROM search_name_key($2)
          ORDER BY s.level, s.uscc
          LIMIT $4)) hit
  JOIN enterprises e ON e.uscc = hit.uscc
 ORDER BY hit.exact DESC, hit.level, hit.uscc
 LIMIT $4";

/// Names come from scalar subqueries, evaluated only for the rows of the page.
const DISCLOSURES: &str = "
SELECT s.disclosure_id,
       (SELECT v.version FROM disclosure_versions v WHERE v.id = s.version_id) AS version,
       s.enterprise_uscc,
       (SELECT e.name_zh FROM enterprises e WHERE e.uscc = s.enterprise_uscc) AS name_zh,
       (SELECT e.name_en FROM enterprises e WHERE e.uscc = s.enterprise_uscc) AS name_en,
       s.section, s.period_year, s.period_quarter, s.red_flagged, s.body
  FROM search_disclosures s";

/// The display order, which `search_disclosures_order_idx` (and its siblings per
/// section, enterprise and red flag) hold.
const DISCLOSURE_ORDER: &str = "ORDER BY s.period_year DESC, s.disclosure_id DESC";

/// Totals and facets over the first $6 matches; $7 enterprises named.
fn facets_sql(access: Access) -> String {
    let (matching, order) = (disclosure_match(access), disclosure_order(access));
    format!(
        "
WITH hits AS MATERIALIZED (
    SELECT s.section, s.period_year, s.red_flagged, s.enterprise_uscc
      FROM search_disclosures s
     WHERE {matching}
     {order}
     LIMIT $6),
counts AS (
    SELECT 'total' AS facet, '' AS value, count(*) AS n FROM hits
    UNION ALL
    SELECT 'section', section, count(*) FROM hits GROUP BY section
    UNION ALL
    SELECT 'year', period_year::text, count(*) FROM hits GROUP BY period_year
    UNION ALL
    SELECT 'red', 'true', count(*) FROM hits WHERE red_flagged
    UNION ALL
    (SELECT 'enterprise', enterprise_uscc, count(*) FROM hits
      GROUP BY enterprise_uscc ORDER BY count(*) DESC, enterprise_uscc LIMIT $7)
    UNION ALL
    SELECT 'enterprises_total', '', count(*)
      FROM (SELECT 1 FROM search_enterprises s
             WHERE $1::tsquery IS NOT NULL AND s.tokens @@ $1::tsquery
               AND (NOT $4 OR s.red_flagged)
             LIMIT $6) e)
SELECT c.facet, c.value, c.n,
       CASE WHEN c.facet = 'enterprise'
            THEN (SELECT e.name_zh FROM enterprises e WHERE e.uscc = c.value) END AS name_zh,
       CASE WHEN c.facet = 'enterprise'
            THEN (SELECT e.name_en FROM enterprises e WHERE e.uscc = c.value) END AS name_en
  FROM counts c"
    )
}
