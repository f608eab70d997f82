-- Disclosures: what an enterprise publishes, per section and reporting period, as a chain
-- of immutable versions. A correction is a new version with a reason; a withdrawal is a
-- version too. Nothing published is ever updated or deleted (enforced by triggers below).

CREATE TABLE disclosures (
    id              bigserial PRIMARY KEY,
    enterprise_uscc text NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
    section         text NOT NULL CHECK (section IN (
                        'financial', 'state_capital', 'executive_pay', 'governance',
                        'related_party', 'major_events', 'inspection')),
    period_year     smallint NOT NULL CHECK (period_year BETWEEN 1990 AND 2100),
    -- NULL for an annual disclosure, 1-4 for a quarter.
    period_quarter  smallint CHECK (period_quarter BETWEEN 1 AND 4),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (enterprise_uscc, section, period_year, period_quarter)
);

CREATE TABLE disclosure_versions (
    id            bigserial PRIMARY KEY,
    disclosure_id bigint NOT NULL REFERENCES disclosures (id) ON DELETE RESTRICT,
    version       integer NOT NULL CHECK (version >= 1),
    kind          text NOT NULL CHECK (kind IN ('original', 'amendment', 'withdrawal')),
    -- Why it was amended or withdrawn; an original needs none.
    reason        text CHECK (length(reason) BETWEEN 1 AND 2000),
    -- Where the figures come from, e.g. "2024年度审计报告".
    source        text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
    -- The date the figures describe (end of the period, or the roster date).
    as_of         date NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (disclosure_id, version),
    CHECK ((kind = 'original') = (reason IS NULL)),
    CHECK ((kind = 'original') = (version = 1))
);

-- Key items of the financial statements. Amounts are exact, in the version's unit.
CREATE TABLE financial_statements (
    version_id            bigint PRIMARY KEY REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    unit                  text NOT NULL CHECK (unit IN ('yuan', 'wan_yuan')),
    total_assets          numeric(20, 2) NOT NULL CHECK (total_assets >= 0),
    total_liabilities     numeric(20, 2) NOT NULL CHECK (total_liabilities >= 0),
    current_liabilities   numeric(20, 2) CHECK (current_liabilities >= 0),
    owners_equity         numeric(20, 2) NOT NULL,
    state_owned_equity    numeric(20, 2),
    revenue               numeric(20, 2) NOT NULL,
    total_profit          numeric(20, 2) NOT NULL,
    net_profit            numeric(20, 2) NOT NULL,
    operating_cash_flow   numeric(20, 2),
    interest_bearing_debt numeric(20, 2) CHECK (interest_bearing_debt >= 0),
    audited               boolean NOT NULL,
    auditor               text CHECK (length(auditor) BETWEEN 1 AND 200),
    audit_opinion         text CHECK (audit_opinion IN (
                              'unqualified', 'unqualified_with_emphasis', 'qualified',
                              'adverse', 'disclaimer')),
    CHECK (audited OR (auditor IS NULL AND audit_opinion IS NULL))
);

-- Opening and closing state capital (国有资本及权益) of a year.
CREATE TABLE state_capital_statements (
    version_id            bigint PRIMARY KEY REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    unit                  text NOT NULL CHECK (unit IN ('yuan', 'wan_yuan')),
    opening_state_capital numeric(20, 2) NOT NULL,
    closing_state_capital numeric(20, 2) NOT NULL
);

-- The objective factors (客观因素) that changed state capital without being the
-- enterprise's performance; they are taken out before the preservation rate is computed.
CREATE TABLE state_capital_factors (
    version_id bigint NOT NULL REFERENCES state_capital_statements (version_id) ON DELETE RESTRICT,
    factor     text NOT NULL CHECK (factor ~ '^(increase|decrease)_[a-z_]+$'),
    amount     numeric(20, 2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (version_id, factor)
);

CREATE INDEX disclosures_enterprise_idx ON disclosures (enterprise_uscc, section, period_year);
CREATE INDEX disclosure_versions_disclosure_idx ON disclosure_versions (disclosure_id, version);

-- Published means immutable: corrections are new versions.
CREATE FUNCTION forbid_changing_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'published disclosures are immutable: % on % refused; publish a new version instead',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER disclosure_versions_immutable BEFORE UPDATE OR DELETE ON disclosure_versions
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER financial_statements_immutable BEFORE UPDATE OR DELETE ON financial_statements
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER state_capital_statements_immutable BEFORE UPDATE OR DELETE ON state_capital_statements
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER state_capital_factors_immutable BEFORE UPDATE OR DELETE ON state_capital_factors
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
-- Identity rows may gain versions but never change or disappear.
CREATE TRIGGER disclosures_immutable BEFORE UPDATE OR DELETE ON disclosures
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
