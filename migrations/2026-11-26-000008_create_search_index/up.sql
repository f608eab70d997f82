-- Full-text search over enterprises and the current version of every disclosure
-- (docs/search.md). Chinese has no spaces, so text is indexed as overlapping CJK bigrams
-- (整改措施 -> 整改 改措 措施) plus lower-cased Latin words and numbers, in a tsvector
-- searched with a GIN index; a query's bigrams are joined by the phrase operator <->.
-- The last character of every CJK run is indexed on its own too, so a one-character query
-- ('税':*) finds every occurrence. No dictionary, no extension.
--
-- The index is derived data, kept in step by triggers whoever writes (web, import,
-- seed-demo, psql): at commit of a transaction that adds a version or a rectification
-- update, that disclosure is indexed again from its current version (a withdrawn one is
-- dropped). Bulk writers (the scale generator) set `sunshine.search_index = 'manual'` for
-- their transaction and call search_index_enterprises() once per batch instead.

-- Full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) read as their ASCII forms; the Rust
-- query tokenizer (src/search/tokens.rs) applies the same mapping.
CREATE FUNCTION search_fold_width(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT translate(doc,
        '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ',
        '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
$$;

-- The lexemes of a text with positions: each CJK run of n >= 2 characters gives its n-1
-- bigrams at consecutive positions and its last character; a one-character run gives
-- itself; each run of ASCII letters and digits gives itself, lower-cased. Runs are one
-- position apart so a phrase never spans two of them. Everything else separates runs.
CREATE FUNCTION search_tokens(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH runs AS (
        SELECT lower(m[1]) AS run, char_length(m[1]) AS len, m[1] ~ '^[A-Za-z0-9]' AS latin, n
          FROM regexp_matches(search_fold_width(doc),
                 '([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+)', 'g')
               WITH ORDINALITY AS r(m, n)
    ), placed AS (
        SELECT run, len, latin,
               coalesce(sum(CASE WHEN latin OR len = 1 THEN 2 ELSE len END)
                   OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS base
          FROM runs
    ), lexemes AS (
        SELECT run AS lexeme, base + 1 AS pos FROM placed WHERE latin OR len = 1
        UNION ALL
        SELECT substr(run, k, 2), base + k
          FROM placed, generate_series(1, len - 1) AS k
         WHERE NOT latin AND len >= 2
        UNION ALL
        SELECT substr(run, len, 1), base + len - 1 FROM placed WHERE NOT latin AND len >= 2
    )
    SELECT coalesce(string_agg('''' || lexeme || ''':' || least(pos, 16383), ' ')::tsvector,
                    ''::tsvector)
      FROM lexemes
$$;

-- An enterprise name as an exact query is compared: width folded, lower-cased, without
-- spaces and without the demo mark at the end (（演示）, (demo, ...)).
CREATE FUNCTION search_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(regexp_replace(
        regexp_replace(search_fold_width(name), '\s*[（(]\s*(演示|demo)[^）)]*[）)]\s*$', ''),
        '\s+', '', 'g'))
$$;

-- Words that make a disclosure findable by its section, in both languages. The labels
-- repeat the catalogs' section_* messages (locales/*/disclosure.ftl) and a few synonyms.
CREATE FUNCTION search_section_words(section text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE section
        WHEN 'financial' THEN '财务状况 财务报表 资产负债 利润 Financial position statements'
        WHEN 'state_capital' THEN '国有资本保值增值 State capital preservation'
        WHEN 'executive_pay' THEN '高管薪酬 企业负责人薪酬 Executive pay'
        WHEN 'governance' THEN '法人治理结构 董事会 监事会 Corporate governance board'
        WHEN 'related_party' THEN '关联交易 Related-party transactions'
        WHEN 'major_events' THEN '重大事项 Major events'
        WHEN 'inspection' THEN '监督检查与整改 Inspections and rectification'
        ELSE ''
    END
$$;

CREATE TABLE search_enterprises (
    uscc        text PRIMARY KEY REFERENCES enterprises (uscc) ON DELETE CASCADE,
    level       smallint NOT NULL,
    name_key_zh text NOT NULL,
    name_key_en text,
    -- Some current disclosure of the enterprise is red-flagged.
    red_flagged boolean NOT NULL DEFAULT false,
    tokens      tsvector NOT NULL
);

-- One row per disclosure whose current version carries content; withdrawn ones have none.
CREATE TABLE search_disclosures (
    disclosure_id   bigint PRIMARY KEY REFERENCES disclosures (id) ON DELETE CASCADE,
    version_id      bigint NOT NULL REFERENCES disclosure_versions (id) ON DELETE CASCADE,
    enterprise_uscc text NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    section         text NOT NULL,
    period_year     smallint NOT NULL,
    period_quarter  smallint,
    -- The content itself shows a warning sign (docs/search.md lists the rules).
    red_flagged     boolean NOT NULL,
    -- The text snippets are cut from: source, then the content's names and descriptions.
    body            text NOT NULL,
    tokens          tsvector NOT NULL
);

-- The text and warning sign of one version's content, by section.
CREATE FUNCTION search_disclosure_content(
    p_section text, p_version bigint, p_disclosure bigint,
    OUT body text, OUT red_flagged boolean)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    CASE p_section
    WHEN 'financial' THEN
        SELECT f.auditor, coalesce(f.audit_opinion IN ('qualified', 'adverse', 'disclaimer'), false)
          INTO body, red_flagged
          FROM financial_statements f WHERE f.version_id = p_version;
    WHEN 'state_capital' THEN
        SELECT NULL, s.opening_state_capital > 0 AND s.closing_state_capital
                   - coalesce((SELECT sum(amount) FROM state_capital_factors
                                WHERE version_id = p_version AND factor LIKE 'increase%'), 0)
                   + coalesce((SELECT sum(amount) FROM state_capital_factors
                                WHERE version_id = p_version AND factor LIKE 'decrease%'), 0)
                   < s.opening_state_capital
          INTO body, red_flagged
          FROM state_capital_statements s WHERE s.version_id = p_version;
    WHEN 'executive_pay' THEN
        SELECT string_agg(r.name || ' ' || r.title, E'\n' ORDER BY r.position),
               bool_or(r.paid_by_related_party)
          INTO body, red_flagged
          FROM executive_pay_rows r WHERE r.version_id = p_version;
    WHEN 'governance' THEN
        SELECT string_agg(m.name || ' ' || m.title, E'\n' ORDER BY m.position), false
          INTO body, red_flagged
          FROM governance_members m WHERE m.version_id = p_version;
    WHEN 'related_party' THEN
        SELECT string_agg(concat_ws(' ', t.counterparty, t.counterparty_uscc, t.approval), E'\n'
                          ORDER BY t.position), false
          INTO body, red_flagged
          FROM related_party_transactions t WHERE t.version_id = p_version;
    WHEN 'major_events' THEN
        SELECT string_agg(e.description, E'\n' ORDER BY e.position), false
          INTO body, red_flagged
          FROM major_events e WHERE e.version_id = p_version;
    WHEN 'inspection' THEN
        -- Serious or major findings, or an item nobody has started on (未整改).
        SELECT concat_ws(E'\n',
                   (SELECT string_agg(f.description, E'\n' ORDER BY f.position)
                      FROM inspection_findings f WHERE f.version_id = p_version),
                   (SELECT string_agg(i.code || ' ' || i.measure || ' ' || i.responsible_department,
                                      E'\n' ORDER BY i.code)
                      FROM rectification_items i WHERE i.version_id = p_version),
                   (SELECT string_agg(u.note, E'\n' ORDER BY u.effective_on, u.id)
                      FROM rectification_updates u WHERE u.disclosure_id = p_disclosure)),
               EXISTS (SELECT 1 FROM inspection_findings f
                        WHERE f.version_id = p_version AND f.severity IN ('serious', 'major'))
               OR EXISTS (SELECT 1 FROM rectification_items i
                           WHERE i.version_id = p_version
                             AND (SELECT u.status FROM rectification_updates u
                                   WHERE u.disclosure_id = p_disclosure AND u.item_code = i.code
                                   ORDER BY u.effective_on DESC, u.id DESC LIMIT 1)
                                 IS NOT DISTINCT FROM 'not_started')
          INTO body, red_flagged;
    ELSE
        NULL;
    END CASE;
    body := coalesce(body, '');
    red_flagged := coalesce(red_flagged, false);
END
$$;

-- Indexes the given disclosures again from their current versions, set-based. A
-- disclosure's lexemes are its enterprise's (names and code, from search_enterprises)
-- followed by those of its section words, source and content. Tokenizing is the costly
-- part and most of these texts repeat (every 2024 financial statement has the same kind
-- of source, the same few auditors), so each distinct text is tokenized once and the
-- tsvectors are concatenated (`||` shifts positions, so no phrase spans two parts).
CREATE FUNCTION search_index_disclosures(ids bigint[]) RETURNS void
LANGUAGE plpgsql
-- Compiling this statement would take longer than running it for a batch.
SET jit = off
AS $$
DECLARE
    touched text[];
BEGIN
    -- Arrays are joined through unnest(): a plan cached for any array would otherwise
    -- scan whole tables for `= ANY (ids)`.
    WITH gone AS (
        DELETE FROM search_disclosures s USING unnest(ids) AS i (id)
         WHERE s.disclosure_id = i.id
        RETURNING s.enterprise_uscc
    )
    SELECT array_agg(DISTINCT enterprise_uscc) INTO touched FROM gone;
    WITH current AS MATERIALIZED (
        SELECT d.id, d.enterprise_uscc, d.section, d.period_year, d.period_quarter,
               v.id AS version_id, v.source, c.body, c.red_flagged,
               search_section_words(d.section) AS words
          FROM unnest(ids) AS i (id)
          JOIN disclosures d ON d.id = i.id
         CROSS JOIN LATERAL (SELECT * FROM disclosure_versions v
                              WHERE v.disclosure_id = d.id
                              ORDER BY v.version DESC LIMIT 1) v
         CROSS JOIN LATERAL search_disclosure_content(d.section, v.id, d.id) c
         WHERE v.kind <> 'withdrawal'
    ), texts AS MATERIALIZED (
        SELECT t, search_tokens(t) AS tokens
          FROM (SELECT words FROM current UNION SELECT source FROM current
                UNION SELECT body FROM current) AS distinct_texts (t)
    ), added AS (
        INSERT INTO search_disclosures (disclosure_id, version_id, enterprise_uscc, section,
                                        period_year, period_quarter, red_flagged, body, tokens)
        SELECT c.id, c.version_id, c.enterprise_uscc, c.section, c.period_year,
               c.period_quarter, c.red_flagged, concat_ws(E'\n', c.source, nullif(c.body, '')),
               coalesce(se.tokens, ''::tsvector) || w.tokens || src.tokens || b.tokens
          FROM current c
          LEFT JOIN search_enterprises se ON se.uscc = c.enterprise_uscc
          JOIN texts w ON w.t = c.words
          JOIN texts src ON src.t = c.source
          JOIN texts b ON b.t = c.body
        RETURNING enterprise_uscc
    )
    SELECT array_cat(touched, array_agg(DISTINCT enterprise_uscc)) INTO touched FROM added;
    UPDATE search_enterprises s
       SET red_flagged = f.red_flagged
      FROM (SELECT u.uscc, EXISTS (SELECT 1 FROM search_disclosures x
                                    WHERE x.enterprise_uscc = u.uscc AND x.red_flagged)
                           AS red_flagged
              FROM (SELECT DISTINCT uscc FROM unnest(touched) AS t (uscc)) u) f
     WHERE s.uscc = f.uscc AND s.red_flagged IS DISTINCT FROM f.red_flagged;
END
$$;

-- Indexes the given enterprises and all their disclosures again (names appear in both).
CREATE FUNCTION search_index_enterprises(codes text[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    INSERT INTO search_enterprises (uscc, level, name_key_zh, name_key_en, tokens)
    SELECT e.uscc, e.level, search_name_key(e.name_zh), search_name_key(e.name_en),
           search_tokens(concat_ws(' ', e.name_zh, e.name_en, e.uscc))
      FROM unnest(codes) AS c (uscc)
      JOIN enterprises e ON e.uscc = c.uscc
        ON CONFLICT (uscc) DO UPDATE
       SET level = excluded.level, name_key_zh = excluded.name_key_zh,
           name_key_en = excluded.name_key_en, tokens = excluded.tokens;
    PERFORM search_index_disclosures(ARRAY(
        SELECT d.id FROM unnest(codes) AS c (uscc)
          JOIN disclosures d ON d.enterprise_uscc = c.uscc));
END
$$;

CREATE FUNCTION search_follows_writers() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('sunshine.search_index', true), '') <> 'manual'
$$;

CREATE FUNCTION search_follow_disclosure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF search_follows_writers() THEN
        PERFORM search_index_disclosures(ARRAY[NEW.disclosure_id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION search_follow_enterprise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF search_follows_writers() THEN
        PERFORM search_index_enterprises(ARRAY[NEW.uscc]);
    END IF;
    RETURN NULL;
END
$$;

-- Deferred to commit: the content rows are inserted after their version row.
CREATE CONSTRAINT TRIGGER disclosure_versions_search AFTER INSERT ON disclosure_versions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION search_follow_disclosure();
CREATE CONSTRAINT TRIGGER rectification_updates_search AFTER INSERT ON rectification_updates
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION search_follow_disclosure();
CREATE TRIGGER enterprises_search_insert AFTER INSERT ON enterprises
    FOR EACH ROW EXECUTE FUNCTION search_follow_enterprise();
CREATE TRIGGER enterprises_search_update AFTER UPDATE OF name_zh, name_en, level ON enterprises
    FOR EACH ROW
    WHEN (OLD.name_zh IS DISTINCT FROM NEW.name_zh OR OLD.name_en IS DISTINCT FROM NEW.name_en
          OR OLD.level IS DISTINCT FROM NEW.level)
    EXECUTE FUNCTION search_follow_enterprise();

-- What is already published, then the indexes (faster than filling indexed tables).
SELECT search_index_enterprises(ARRAY(SELECT uscc FROM enterprises));

-- Ranked lists walk these in order and stop at the page's end (docs/search.md).
CREATE INDEX search_enterprises_tokens_idx ON search_enterprises USING gin (tokens);
CREATE INDEX search_enterprises_order_idx ON search_enterprises (level, uscc);
CREATE INDEX search_enterprises_name_zh_idx ON search_enterprises (name_key_zh);
CREATE INDEX search_enterprises_name_en_idx ON search_enterprises (name_key_en);
CREATE INDEX search_disclosures_tokens_idx ON search_disclosures USING gin (tokens);
CREATE INDEX search_disclosures_order_idx
    ON search_disclosures (period_year DESC, disclosure_id DESC);
CREATE INDEX search_disclosures_enterprise_idx
    ON search_disclosures (enterprise_uscc, period_year DESC, disclosure_id DESC);
CREATE INDEX search_disclosures_section_idx
    ON search_disclosures (section, period_year DESC, disclosure_id DESC);
CREATE INDEX search_disclosures_red_idx
    ON search_disclosures (period_year DESC, disclosure_id DESC) WHERE red_flagged;
CREATE INDEX search_disclosures_version_idx ON search_disclosures (version_id);

-- A parallel scan of a frequent word would occupy every core for one request.
ALTER TABLE search_enterprises SET (parallel_workers = 0);
ALTER TABLE search_disclosures SET (parallel_workers = 0);
