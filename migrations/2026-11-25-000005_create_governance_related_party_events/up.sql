-- Governance rosters, related-party transactions and major events, each the content of a
-- disclosure version and immutable like every published version.

-- Who sits on the board, the supervisory board, the management and the party committee,
-- with terms, so "who was on the board on date X" can be answered.
CREATE TABLE governance_members (
    version_id                 bigint NOT NULL REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    position                   smallint NOT NULL CHECK (position >= 1),
    body                       text NOT NULL CHECK (body IN (
                                   'board', 'supervisory_board', 'management', 'party_committee')),
    name                       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    title                      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- 外部董事
    is_external                boolean NOT NULL DEFAULT false,
    -- 职工董事 / 职工监事
    is_employee_representative boolean NOT NULL DEFAULT false,
    term_start                 date NOT NULL,
    term_end                   date CHECK (term_end >= term_start),
    PRIMARY KEY (version_id, position)
);

CREATE TABLE related_party_transactions (
    version_id        bigint NOT NULL REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    position          smallint NOT NULL CHECK (position >= 1),
    counterparty      text NOT NULL CHECK (length(counterparty) BETWEEN 1 AND 200),
    counterparty_uscc text CHECK (counterparty_uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$'),
    relationship      text NOT NULL CHECK (relationship IN (
                          'controlling_shareholder', 'subsidiary', 'fellow_subsidiary', 'associate',
                          'key_management', 'other')),
    transaction_type  text NOT NULL CHECK (transaction_type IN (
                          'purchase', 'sale', 'service', 'lease', 'financing', 'guarantee',
                          'asset_transfer', 'other')),
    unit              text NOT NULL CHECK (unit IN ('yuan', 'wan_yuan')),
    amount            numeric(20, 2) NOT NULL CHECK (amount >= 0),
    pricing_basis     text NOT NULL CHECK (pricing_basis IN (
                          'market', 'government', 'cost_plus', 'negotiated', 'other')),
    -- Who approved it, e.g. "董事会2024年第3次会议".
    approval          text NOT NULL CHECK (length(approval) BETWEEN 1 AND 300),
    PRIMARY KEY (version_id, position)
);

CREATE TABLE major_events (
    version_id  bigint NOT NULL REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    position    smallint NOT NULL CHECK (position >= 1),
    occurred_on date NOT NULL,
    kind        text NOT NULL CHECK (kind IN (
                    'restructuring', 'property_rights_transfer', 'major_litigation',
                    'personnel_change', 'profit_distribution', 'major_investment', 'other')),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    unit        text CHECK (unit IN ('yuan', 'wan_yuan')),
    amount      numeric(20, 2) CHECK (amount >= 0),
    PRIMARY KEY (version_id, position),
    CHECK ((unit IS NULL) = (amount IS NULL))
);

CREATE TRIGGER governance_members_immutable BEFORE UPDATE OR DELETE ON governance_members
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER related_party_transactions_immutable BEFORE UPDATE OR DELETE ON related_party_transactions
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER major_events_immutable BEFORE UPDATE OR DELETE ON major_events
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
