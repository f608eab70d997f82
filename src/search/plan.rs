//! Choosing how PostgreSQL finds the matches of a list, instead of leaving it to the
//! planner where the planner is known to guess wrong.
//!
//! A list in display order can be found two ways: **walk** the order index and test each
//! row until the list is full (cost ∝ limit ÷ fraction matching), or take the GIN
//! **bitmap** of every match and sort it (cost ∝ matches). The planner picks by its
//! estimate of the fraction, and for a phrase it multiplies its bigrams' frequencies as if
//! they were independent, while the bigrams of one word are perfectly correlated: at
//! national scale 交通投资 (9% of disclosures) was estimated at a few hundred rows, so the
//! facet sample sorted 189,000 bitmap matches (0.9 s) where a walk reads 11,000 rows.
//!
//! So a run's fraction is estimated here as its *rarest* bigram's frequency (an upper
//! bound, and close: a word's rarest bigram rarely occurs outside it), terms of a query
//! multiply (as the planner would), from the same statistics PostgreSQL keeps (`pg_stats`'
//! most common elements of each `tokens` column, reread every [`REFRESH`]). The walk wins
//! when `fraction > sqrt(limit / rows)`; a lexeme absent from the statistics is rarer than
//! every one listed, so the bitmap wins. The choice only changes plans, never results:
//! stale or missing statistics cost time, not correctness.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use diesel::sql_types::{Array, Double, Float4, Nullable, Text};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::tokens::{bigrams, Term};

/// How old the statistics may get before they are read again (ANALYZE changes them
/// rarely: autovacuum, after many publications).
const REFRESH: Duration = Duration::from_secs(300);

/// How a statement finds its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Walk the order index, testing each row (`ts_match_vq`, which no index serves).
    Walk,
    /// Every match through the GIN index, then sort (the order index made unusable).
    Bitmap,
    /// No opinion (no statistics, or a prefix query whose frequency is unknown).
    Planner,
}

/// The two search tables.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Disclosures,
    Enterprises,
}

/// What PostgreSQL knows of one `tokens` column.
#[derive(Debug, Default)]
struct Column {
    rows: f64,
    frequencies: HashMap<String, f32>,
}

#[derive(Debug, Default)]
pub struct Stats {
    disclosures: Column,
    enterprises: Column,
}

impl Stats {
    /// How the statement listing `limit` matches of `terms` in `table` should find them.
    pub fn access(&self, table: Table, terms: &[Term], limit: i64) -> Access {
        let column = match table {
            Table::Disclosures => &self.disclosures,
            Table::Enterprises => &self.enterprises,
        };
        if column.rows < 1.0 || column.frequencies.is_empty() || terms.is_empty() {
            return Access::Planner;
        }
        let mut fraction = 1.0_f64;
        for term in terms {
            let lexemes = match term {
                Term::Word(w) => vec![w.clone()],
                Term::Cjk(run) if run.chars().count() == 1 => return Access::Planner,
                Term::Cjk(run) => bigrams(run),
            };
            let rarest = lexemes
                .iter()
                .map(|l| column.frequencies.get(l).copied().unwrap_or(0.0))
                .fold(f32::INFINITY, f32::min);
            fraction *= f64::from(rarest);
        }
        let threshold = (limit.max(1) as f64 / column.rows).sqrt();
        if fraction > threshold {
            Access::Walk
        } else {
            Access::Bitmap
        }
    }
}

#[derive(QueryableByName)]
struct StatsRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Double)]
    rows: f64,
    #[diesel(sql_type = Nullable<Array<Text>>)]
    elems: Option<Vec<String>>,
    #[diesel(sql_type = Nullable<Array<Float4>>)]
    freqs: Option<Vec<f32>>,
}

const STATS_SQL: &str = "
SELECT c.relname::text AS table_name, greatest(c.reltuples, 0)::float8 AS rows,
       s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs
  FROM pg_class c
  LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = c.relname
                      AND s.attname = 'tokens'
 WHERE c.relname IN ('search_disclosures', 'search_enterprises')
   AND c.relnamespace = current_schema()::regnamespace";

/// The statistics last read, shared by every request of the process.
static CACHE: RwLock<Option<(Instant, Arc<Stats>)>> = RwLock::new(None);

/// The current statistics, reread when older than [`REFRESH`]; empty (every choice left
/// to the planner) when they cannot be read.
pub async fn stats(conn: &mut AsyncPgConnection) -> Arc<Stats> {
    if let Ok(cache) = CACHE.read() {
        if let Some((at, stats)) = cache.as_ref() {
            if at.elapsed() < REFRESH {
                return stats.clone();
            }
        }
    }
    let stats = match diesel::sql_query(STATS_SQL).load::<StatsRow>(conn).await {
        Ok(rows) => Arc::new(stats_from(rows)),
        Err(e) => {
            tracing::warn!("search: cannot read planner statistics: {e}");
            Arc::new(Stats::default())
        }
    };
    if let Ok(mut cache) = CACHE.write() {
        *cache = Some((Instant::now(), stats.clone()));
    }
    stats
}

fn stats_from(rows: Vec<StatsRow>) -> Stats {
    let mut stats = Stats::default();
    for row in rows {
        let column = Column {
            rows: row.rows,
            // Element frequencies come first; three summary numbers follow them.
            frequencies: row
                .elems
                .unwrap_or_default()
                .into_iter()
                .zip(row.freqs.unwrap_or_default())
                .collect(),
        };
        match row.table_name.as_str() {
            "search_disclosures" => stats.disclosures = column,
            "search_enterprises" => stats.enterprises = column,
            _ => {}
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokens::terms;

    fn stats(rows: f64, frequencies: &[(&str, f32)]) -> Stats {
        let column = || Column {
            rows,
            frequencies: frequencies
                .iter()
                .map(|(l, f)| ((*l).to_owned(), *f))
                .collect(),
        };
        Stats {
            disclosures: column(),
            enterprises: column(),
        }
    }

    #[test]
    fn a_phrase_is_as_frequent_as_its_rarest_bigram() {
        let s = stats(2e6, &[("交通", 0.2), ("通投", 0.09), ("投资", 0.4)]);
        // sqrt(1001 / 2e6) = 2.2%: 9% walks, for the facet sample and for a page.
        assert_eq!(
            s.access(Table::Disclosures, &terms("交通投资"), 1001),
            Access::Walk
        );
        // 1% of the registry is below sqrt(1001 / 2e6): the bitmap.
        let rare = stats(2e6, &[("交通", 0.2), ("通投", 0.01), ("投资", 0.4)]);
        assert_eq!(
            rare.access(Table::Disclosures, &terms("交通投资"), 1001),
            Access::Bitmap
        );
    }

    #[test]
    fn a_lexeme_missing_from_the_statistics_is_rare() {
        let s = stats(1e5, &[("资产", 0.5)]);
        assert_eq!(
            s.access(Table::Enterprises, &terms("整改"), 10),
            Access::Bitmap
        );
        assert_eq!(
            s.access(Table::Enterprises, &terms("资产"), 10),
            Access::Walk
        );
        // Terms multiply: 资产 alone walks, 资产 and an unknown word does not.
        assert_eq!(
            s.access(Table::Enterprises, &terms("资产 r1"), 10),
            Access::Bitmap
        );
    }

    #[test]
    fn without_statistics_or_for_a_prefix_the_planner_decides() {
        assert_eq!(
            Stats::default().access(Table::Disclosures, &terms("资产"), 20),
            Access::Planner
        );
        let s = stats(1e5, &[("资产", 0.5)]);
        assert_eq!(
            s.access(Table::Disclosures, &terms("税"), 20),
            Access::Planner
        );
    }
}
