-- Supervision results, published enterprise by enterprise (一企一公开): what the
-- supervisory board, audit, inspection tours or discipline inspection found in a year, the
-- rectification items set for each finding, and how each item progressed over time.

CREATE TABLE inspection_reports (
    version_id bigint PRIMARY KEY REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    unit       text NOT NULL CHECK (unit IN ('yuan', 'wan_yuan'))
);

CREATE TABLE inspection_findings (
    version_id      bigint NOT NULL REFERENCES inspection_reports (version_id) ON DELETE RESTRICT,
    position        smallint NOT NULL CHECK (position >= 1),
    body            text NOT NULL CHECK (body IN (
                        'supervisory_board', 'audit', 'inspection_tour', 'discipline_inspection',
                        'sasac')),
    inspected_on    date NOT NULL,
    category        text NOT NULL CHECK (category IN (
                        'financial_management', 'investment', 'procurement', 'asset_disposal',
                        'related_party', 'pay_and_benefits', 'governance', 'other')),
    description     text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    amount_involved numeric(20, 2) CHECK (amount_involved >= 0),
    severity        text NOT NULL CHECK (severity IN ('general', 'serious', 'major')),
    PRIMARY KEY (version_id, position)
);

-- 整改责任清单: each item has a code that stays the same across versions (R1, R2, ...),
-- so its status history survives corrections of the report.
CREATE TABLE rectification_items (
    version_id             bigint NOT NULL,
    code                   text NOT NULL CHECK (code ~ '^[A-Z0-9-]{1,20}$'),
    finding_position       smallint NOT NULL,
    measure                text NOT NULL CHECK (length(measure) BETWEEN 1 AND 2000),
    responsible_department text NOT NULL CHECK (length(responsible_department) BETWEEN 1 AND 200),
    due_date               date NOT NULL,
    PRIMARY KEY (version_id, code),
    FOREIGN KEY (version_id, finding_position)
        REFERENCES inspection_findings (version_id, position) ON DELETE RESTRICT
);
CREATE INDEX rectification_items_finding_idx ON rectification_items (version_id, finding_position);

-- Dated status of each item (未整改 / 整改中 / 已整改 / 长期整改), appended as it changes.
CREATE TABLE rectification_updates (
    id            bigserial PRIMARY KEY,
    disclosure_id bigint NOT NULL REFERENCES disclosures (id) ON DELETE RESTRICT,
    item_code     text NOT NULL CHECK (item_code ~ '^[A-Z0-9-]{1,20}$'),
    status        text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'long_term')),
    effective_on  date NOT NULL,
    note          text CHECK (length(note) BETWEEN 1 AND 2000),
    published_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (disclosure_id, item_code, effective_on)
);

CREATE TRIGGER inspection_reports_immutable BEFORE UPDATE OR DELETE ON inspection_reports
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER inspection_findings_immutable BEFORE UPDATE OR DELETE ON inspection_findings
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER rectification_items_immutable BEFORE UPDATE OR DELETE ON rectification_items
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER rectification_updates_immutable BEFORE UPDATE OR DELETE ON rectification_updates
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
