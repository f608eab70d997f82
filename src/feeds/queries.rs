//! The versions a feed lists: newest publication first, with what names them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{disclosure_versions, disclosures, enterprises};
use crate::enterprise::Uscc;

/// How many versions a feed holds.
pub const FEED_LENGTH: i64 = 100;

/// One published version, as a feed entry needs it.
#[derive(Debug, Clone, Queryable)]
pub struct FeedVersion {
    /// The disclosure.
    pub disclosure_id: i64,
    /// Its version number (1 = original).
    pub version: i32,
    /// `original`, `amendment` or `withdrawal`.
    pub kind: String,
    /// Why it was amended or withdrawn.
    pub reason: Option<String>,
    /// Where its figures come from.
    pub source: String,
    /// The date its figures describe.
    pub as_of: NaiveDate,
    /// When it became public.
    pub published_at: DateTime<Utc>,
    /// The enterprise's USCC.
    pub enterprise_uscc: String,
    /// The enterprise's Chinese name.
    pub name_zh: String,
    /// Its English name, when it has one.
    pub name_en: Option<String>,
    /// The section code.
    pub section: String,
    /// Reporting year.
    pub period_year: i16,
    /// Reporting quarter, for quarterly disclosures.
    pub period_quarter: Option<i16>,
}

/// The latest [`FEED_LENGTH`] versions, of one enterprise or of all.
pub async fn latest_versions(
    conn: &mut AsyncPgConnection,
    enterprise: Option<&Uscc>,
) -> QueryResult<Vec<FeedVersion>> {
    let mut query = disclosure_versions::table
        .inner_join(disclosures::table.inner_join(enterprises::table))
        .select((
            disclosure_versions::disclosure_id,
            disclosure_versions::version,
            disclosure_versions::kind,
            disclosure_versions::reason,
            disclosure_versions::source,
            disclosure_versions::as_of,
            disclosure_versions::published_at,
            disclosures::enterprise_uscc,
            enterprises::name_zh,
            enterprises::name_en,
            disclosures::section,
            disclosures::period_year,
            disclosures::period_quarter,
        ))
        .order((
            disclosure_versions::published_at.desc(),
            disclosure_versions::id.desc(),
        ))
        .limit(FEED_LENGTH)
        .into_boxed();
    if let Some(uscc) = enterprise {
        query = query.filter(disclosures::enterprise_uscc.eq(uscc.as_str().to_owned()));
    }
    query.load(conn).await
}
