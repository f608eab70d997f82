-- EXPLAIN ANALYZE of the statements /search runs (copied from src/search/results.rs by
-- hand: keep them in step), for frequent and rare, two- and four-character queries.
--   psql "$SUNSHINE_PG_SERVER/sunshine_search_bench" -X -f scripts/bench-search-explain.sql
-- The app sends each statement unnamed with its parameters, so PostgreSQL plans it with
-- the actual values; force_custom_plan does the same for these prepared statements.
-- Every plan must be index scans only (no Seq Scan, no Gather); see docs/search.md.
\set ON_ERROR_STOP on
SET plan_cache_mode = force_custom_plan;
PREPARE search_enterprises(text, text, boolean, bigint) AS
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
 LIMIT $4;
PREPARE search_page(text, text, smallint, boolean, text, bigint, bigint) AS
SELECT s.disclosure_id, s.enterprise_uscc,
       (SELECT e.name_zh FROM enterprises e WHERE e.uscc = s.enterprise_uscc) AS name_zh,
       (SELECT e.name_en FROM enterprises e WHERE e.uscc = s.enterprise_uscc) AS name_en,
       s.section, s.period_year, s.period_quarter, s.red_flagged, s.body
  FROM search_disclosures s WHERE ($1::tsquery IS NULL OR s.tokens @@ $1::tsquery)
       AND ($2::text IS NULL OR s.section = $2)
       AND ($3::smallint IS NULL OR s.period_year = $3)
       AND (NOT $4 OR s.red_flagged)
       AND ($5::text IS NULL OR s.enterprise_uscc = $5) ORDER BY s.period_year DESC, s.disclosure_id DESC LIMIT $6 OFFSET $7;
PREPARE search_facets(text, text, smallint, boolean, text, bigint, bigint) AS
WITH hits AS MATERIALIZED (
    SELECT s.section, s.period_year, s.red_flagged, s.enterprise_uscc
      FROM search_disclosures s
     WHERE ($1::tsquery IS NULL OR s.tokens @@ $1::tsquery)
       AND ($2::text IS NULL OR s.section = $2)
       AND ($3::smallint IS NULL OR s.period_year = $3)
       AND (NOT $4 OR s.red_flagged)
       AND ($5::text IS NULL OR s.enterprise_uscc = $5)
     ORDER BY s.period_year DESC, s.disclosure_id DESC
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
  FROM counts c;

\echo '== 资产: 2 characters, in most financial statements and some names'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_enterprises('(''资产'')', '资产', false, 10);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''资产'')', NULL, NULL, false, NULL, 20, 0);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''资产'')', NULL, NULL, false, NULL, 1001, 8);

\echo '== 财务: 2 characters, in every financial statement'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_enterprises('(''财务'')', '财务', false, 10);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''财务'')', NULL, NULL, false, NULL, 20, 0);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''财务'')', NULL, NULL, false, NULL, 1001, 8);

\echo '== 整改: 2 characters, inspections only'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_enterprises('(''整改'')', '整改', false, 10);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''整改'')', NULL, NULL, false, NULL, 20, 0);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''整改'')', NULL, NULL, false, NULL, 1001, 8);

\echo '== 财务决算: 4 characters, in every financial statement'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_enterprises('(''财务'' <-> ''务决'' <-> ''决算'')', '财务决算', false, 10);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''财务'' <-> ''务决'' <-> ''决算'')', NULL, NULL, false, NULL, 20, 0);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''财务'' <-> ''务决'' <-> ''决算'')', NULL, NULL, false, NULL, 1001, 8);

\echo '== 资产管理: 4 characters, in some names'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_enterprises('(''资产'' <-> ''产管'' <-> ''管理'')', '资产管理', false, 10);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''资产'' <-> ''产管'' <-> ''管理'')', NULL, NULL, false, NULL, 20, 0);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''资产'' <-> ''产管'' <-> ''管理'')', NULL, NULL, false, NULL, 1001, 8);

\echo '== 北京 2024: word and year filter'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_enterprises('(''北京'')', '北京', false, 10);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''北京'')', NULL, 2024, false, NULL, 20, 0);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''北京'')', NULL, 2024, false, NULL, 1001, 8);

\echo '== 资产, section financial, page 10'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_page('(''资产'')', 'financial', NULL, false, NULL, 20, 180);
\echo '== 资产, red-flagged only'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE search_facets('(''资产'')', NULL, NULL, true, NULL, 1001, 8);
