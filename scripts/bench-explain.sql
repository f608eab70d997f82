-- The statements the enterprise page (/enterprises/{uscc}) runs, as diesel sends them,
-- under EXPLAIN ANALYZE, for the enterprise :'code'. scripts/bench-pages runs this at
-- scale and fails when a plan scans a whole table.
--
--   psql "$DATABASE_URL" -v code=91110000DEM10000XX -f scripts/bench-explain.sql

\set ON_ERROR_STOP on
\pset pager off

\echo '-- find_enterprise (and each parent in parents_of)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT uscc, name_zh, name_en, parent_uscc, level, industry, function_type, state_share,
       status, is_demo
FROM enterprises WHERE uscc = :'code' LIMIT 1;

\echo '-- subsidiaries_of'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT uscc, name_zh, name_en, parent_uscc, level, industry, function_type, state_share,
       status, is_demo
FROM enterprises WHERE parent_uscc = :'code' ORDER BY name_zh, uscc;

\echo '-- disclosures_of: identities'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT id, enterprise_uscc, section, period_year, period_quarter
FROM disclosures WHERE enterprise_uscc = :'code'
ORDER BY period_year DESC, period_quarter DESC, section;

SELECT coalesce(array_agg(id), '{}') AS disclosure_ids
FROM disclosures WHERE enterprise_uscc = :'code' \gset

\echo '-- disclosures_of: versions'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT id, disclosure_id, version, kind, reason, source, as_of, published_at
FROM disclosure_versions WHERE disclosure_id = ANY (:'disclosure_ids'::bigint[])
ORDER BY disclosure_id, version;

SELECT coalesce(array_agg(v.id), '{}') AS version_ids
FROM disclosure_versions v WHERE v.disclosure_id = ANY (:'disclosure_ids'::bigint[]) \gset

\echo '-- contents: financial statements'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT * FROM financial_statements WHERE version_id = ANY (:'version_ids'::bigint[]);

\echo '-- contents: state capital statements'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT * FROM state_capital_statements WHERE version_id = ANY (:'version_ids'::bigint[]);

\echo '-- contents: state capital factors'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT * FROM state_capital_factors WHERE version_id = ANY (:'version_ids'::bigint[]);
