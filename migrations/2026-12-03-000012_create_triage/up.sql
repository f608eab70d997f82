-- Triage (docs/triage.md): staff key pairs and unit key grants, routing rules, the case
-- state machine with its deadlines, assignment, recusal, internal notes, referrals,
-- rectification, duplicate links, published outcomes, and the mail outbox.

-- Each unit member's X25519 key pair. The private half is stored only encrypted under a
-- key derived from their password (Argon2id with key_salt), so a database copy opens
-- nothing; at sign-in it is decrypted into the session (staff_sessions.sealed_staff_key).
ALTER TABLE staff
    ADD COLUMN public_key         bytea UNIQUE CHECK (octet_length(public_key) = 32),
    ADD COLUMN private_key_sealed bytea,
    ADD COLUMN key_salt           bytea CHECK (octet_length(key_salt) = 16),
    -- Whether "new report" mail comes once a day rather than at once (busy units).
    ADD COLUMN mail_digest        boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT staff_key_pair_whole CHECK (
        (public_key IS NULL) = (private_key_sealed IS NULL)
        AND (public_key IS NULL) = (key_salt IS NULL));

-- The signed-in member's private key, encrypted under a key derived from the session
-- cookie's token. The table holds only the token's digest, so neither a database copy nor
-- (the key being in the database) a stolen cookie alone opens it.
ALTER TABLE staff_sessions ADD COLUMN sealed_staff_key bytea;

-- A unit's private key sealed to a member's public key: what lets them read the unit's
-- reports. Written by a member who already holds it, or with the offline recovery key.
CREATE TABLE unit_key_grants (
    unit_key_id        bigint NOT NULL REFERENCES unit_keys (id),
    staff_id           bigint NOT NULL REFERENCES staff (id),
    sealed_private_key bytea NOT NULL,
    -- NULL: granted with the recovery key.
    granted_by         bigint REFERENCES staff (id),
    granted_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_key_id, staff_id)
);
CREATE INDEX unit_key_grants_staff_idx ON unit_key_grants (staff_id);
CREATE INDEX unit_key_grants_granted_by_idx ON unit_key_grants (granted_by);

-- Where a new report goes: the first active rule, by position, whose every condition
-- holds. A rule's conditions: the kind; the enterprise or any enterprise below it; any of
-- the keywords in the report's text (matched before sealing, never stored). A report no
-- rule takes goes to reports.intake_unit. Seeded from [[triage.routes]] on first start.
CREATE TABLE routing_rules (
    id              bigserial PRIMARY KEY,
    position        integer NOT NULL,
    kind            text CHECK (kind IN ('criticism', 'suggestion', 'report', 'exposure', 'appeal', 'accusation')),
    enterprise_uscc text REFERENCES enterprises (uscc),
    keywords        text[] NOT NULL DEFAULT '{}',
    unit_code       text NOT NULL REFERENCES units (code),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_position_idx ON routing_rules (position, id);
CREATE INDEX routing_rules_enterprise_idx ON routing_rules (enterprise_uscc);
CREATE INDEX routing_rules_unit_idx ON routing_rules (unit_code);

-- Whether the configured default rules were written once (so deleting them all sticks).
CREATE TABLE routing_defaults (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    seeded_at timestamptz NOT NULL DEFAULT now()
);

-- The case state machine (docs/triage.md):
--   received → accepted | declined | referred
--   accepted → investigating | referred
--   investigating → concluded (with a finding) | referred
--   concluded → rectifying (the finding is not "unsubstantiated") | closed
--   rectifying → closed
-- declined, referred and closed are final. The trigger below refuses anything else, so
-- no code path, however written, can make an illegal move.
ALTER TABLE reports DROP CONSTRAINT reports_state_check;
ALTER TABLE reports
    ADD CONSTRAINT reports_state_check CHECK (state IN (
        'received', 'accepted', 'declined', 'investigating', 'concluded', 'rectifying',
        'closed', 'referred')),
    ADD COLUMN finding         text CHECK (finding IN ('substantiated', 'partly', 'unsubstantiated')),
    ADD COLUMN assignee_id     bigint REFERENCES staff (id),
    ADD COLUMN labels          text[] NOT NULL DEFAULT '{}',
    -- Deadlines on the working-day calendar, dates only (Beijing).
    ADD COLUMN acknowledge_by  date,
    ADD COLUMN conclude_by     date,
    -- When the report was first answered (accepted, declined or referred) and concluded
    -- (closed, declined or referred): what the statistics count.
    ADD COLUMN acknowledged_on date,
    ADD COLUMN concluded_on    date,
    -- The next deadline the case must meet (acknowledge_by, then conclude_by; none once
    -- final): what the queue sorts by and marks overdue.
    ADD COLUMN due_on          date,
    -- When retention removed its content; what remains is counted, never read.
    ADD COLUMN purged_on       date,
    ALTER COLUMN content DROP NOT NULL,
    ALTER COLUMN data_key_for_unit DROP NOT NULL,
    ALTER COLUMN data_key_for_reporter DROP NOT NULL,
    ADD CONSTRAINT reports_finding_with_state CHECK (
        (state NOT IN ('concluded', 'rectifying') OR finding IS NOT NULL)
        AND (finding IS NULL OR state IN ('concluded', 'rectifying', 'closed'))),
    ADD CONSTRAINT reports_rectify_needs_finding CHECK (
        state <> 'rectifying' OR finding IN ('substantiated', 'partly')),
    ADD CONSTRAINT reports_purged_whole CHECK (
        (purged_on IS NULL) = (content IS NOT NULL)
        AND (purged_on IS NULL) = (data_key_for_unit IS NOT NULL)
        AND (purged_on IS NULL OR state IN ('closed', 'declined', 'referred')));
-- Reports taken before deadlines existed: 15 working days is about three calendar weeks.
UPDATE reports SET acknowledge_by = received_on + 21, due_on = received_on + 21
    WHERE acknowledge_by IS NULL;
ALTER TABLE reports ALTER COLUMN acknowledge_by SET NOT NULL;
CREATE INDEX reports_queue_idx ON reports (unit_code, due_on, id);
CREATE INDEX reports_assignee_idx ON reports (assignee_id);
CREATE INDEX reports_received_idx ON reports (received_on);

CREATE FUNCTION reports_state_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = OLD.state THEN
        RETURN NEW;
    END IF;
    IF (OLD.state, NEW.state) NOT IN (
        ('received', 'accepted'), ('received', 'declined'), ('received', 'referred'),
        ('accepted', 'investigating'), ('accepted', 'referred'),
        ('investigating', 'concluded'), ('investigating', 'referred'),
        ('concluded', 'rectifying'), ('concluded', 'closed'),
        ('rectifying', 'closed'))
    THEN
        RAISE EXCEPTION 'a case cannot go from % to %', OLD.state, NEW.state
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER reports_state_machine BEFORE UPDATE OF state ON reports
    FOR EACH ROW EXECUTE FUNCTION reports_state_transition();

-- Conflicts of interest: a member recused from an enterprise (and every enterprise below
-- it) is never shown, assigned or able to open its cases.
CREATE TABLE staff_recusals (
    staff_id        bigint NOT NULL REFERENCES staff (id),
    enterprise_uscc text NOT NULL REFERENCES enterprises (uscc),
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    declared_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, enterprise_uscc)
);
CREATE INDEX staff_recusals_enterprise_idx ON staff_recusals (enterprise_uscc);

-- Internal notes on a case: the unit's own, never shown to the reporter. Sealed with
-- the report's data key like everything else about it.
CREATE TABLE case_notes (
    id        bigserial PRIMARY KEY,
    report_id bigint NOT NULL REFERENCES reports (id),
    staff_id  bigint NOT NULL REFERENCES staff (id),
    written_at timestamptz NOT NULL DEFAULT now(),
    body      bytea NOT NULL
);
CREATE INDEX case_notes_report_idx ON case_notes (report_id, id);
CREATE INDEX case_notes_staff_idx ON case_notes (staff_id);

-- A case referred out (移送), on record: to whom, when, and (sealed) what was sent.
CREATE TABLE case_referrals (
    report_id   bigint PRIMARY KEY REFERENCES reports (id),
    body        text NOT NULL CHECK (body IN ('discipline_commission', 'procuratorate', 'public_security', 'audit_office', 'other')),
    body_name   text NOT NULL CHECK (length(body_name) BETWEEN 1 AND 200),
    sent_on     date NOT NULL,
    what_sent   bytea,
    referred_by bigint NOT NULL REFERENCES staff (id)
);
CREATE INDEX case_referrals_staff_idx ON case_referrals (referred_by);

-- What an enterprise must put right after a substantiated finding (整改). Written by staff
-- for publication with the outcome, so stored in clear like a disclosure.
CREATE TABLE case_rectifications (
    id              bigserial PRIMARY KEY,
    report_id       bigint NOT NULL REFERENCES reports (id),
    enterprise_uscc text REFERENCES enterprises (uscc),
    description     text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    department      text NOT NULL CHECK (length(department) BETWEEN 1 AND 200),
    due_on          date NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'completed')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_rectifications_report_idx ON case_rectifications (report_id, id);
CREATE INDEX case_rectifications_enterprise_idx ON case_rectifications (enterprise_uscc);

-- Every status an item has had, with the note that came with it.
CREATE TABLE case_rectification_updates (
    id         bigserial PRIMARY KEY,
    item_id    bigint NOT NULL REFERENCES case_rectifications (id),
    status     text NOT NULL CHECK (status IN ('open', 'in_progress', 'completed')),
    note       text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    changed_on date NOT NULL,
    staff_id   bigint NOT NULL REFERENCES staff (id)
);
CREATE INDEX case_rectification_updates_item_idx ON case_rectification_updates (item_id, id);
CREATE INDEX case_rectification_updates_staff_idx ON case_rectification_updates (staff_id);

-- Reports linked as the same matter. Each reporter is still answered on their own case.
CREATE TABLE report_links (
    report_id   bigint NOT NULL REFERENCES reports (id),
    linked_to   bigint NOT NULL REFERENCES reports (id),
    linked_by   bigint NOT NULL REFERENCES staff (id),
    linked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (report_id, linked_to),
    CHECK (report_id < linked_to)
);
CREATE INDEX report_links_linked_to_idx ON report_links (linked_to);
CREATE INDEX report_links_staff_idx ON report_links (linked_by);

-- An outcome the unit published for a closed case: public at /outcomes and on the
-- enterprise's page, and shown to the reporter through follow-up.
CREATE TABLE case_outcomes (
    id              bigserial PRIMARY KEY,
    report_id       bigint NOT NULL UNIQUE REFERENCES reports (id),
    enterprise_uscc text REFERENCES enterprises (uscc),
    summary_zh      text NOT NULL CHECK (length(summary_zh) BETWEEN 1 AND 4000),
    summary_en      text NOT NULL DEFAULT '' CHECK (length(summary_en) <= 8000),
    published_on    date NOT NULL,
    published_by    bigint NOT NULL REFERENCES staff (id)
);
CREATE INDEX case_outcomes_enterprise_idx ON case_outcomes (enterprise_uscc);
CREATE INDEX case_outcomes_published_idx ON case_outcomes (published_on DESC, id DESC);
CREATE INDEX case_outcomes_staff_idx ON case_outcomes (published_by);

-- Deadline notices already sent, so each goes out once whatever the number of instances.
CREATE TABLE deadline_notices (
    report_id bigint NOT NULL REFERENCES reports (id),
    deadline  text NOT NULL CHECK (deadline IN ('acknowledge', 'conclude')),
    notice    text NOT NULL CHECK (notice IN ('approaching', 'passed')),
    due_on    date NOT NULL,
    PRIMARY KEY (report_id, deadline, notice, due_on)
);

-- Mail waiting to go, and mail gone. Letters name a case reference and link to it; they
-- never carry report content. A failed attempt is retried with backoff; only the kind of
-- failure is kept (a server's reply may echo addresses). Dates only: a row is written
-- with the report or message it announces, so a time of day here would date the
-- reporter's action (the retry time is cleared once the letter is sent).
CREATE TABLE mail_outbox (
    id            bigserial PRIMARY KEY,
    staff_id      bigint NOT NULL REFERENCES staff (id),
    kind          text NOT NULL CHECK (kind IN ('new_report', 'reporter_message', 'deadline_approaching', 'deadline_passed', 'assigned')),
    reference     text NOT NULL,
    -- Digest letters go out together at the recipient's next digest hour.
    digest        boolean NOT NULL DEFAULT false,
    queued_on     date NOT NULL,
    -- After a failure, not before this; NULL: due now.
    retry_after   timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text,
    sent_on       date,
    CHECK (sent_on IS NULL OR retry_after IS NULL)
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (id) WHERE sent_on IS NULL;
CREATE INDEX mail_outbox_staff_idx ON mail_outbox (staff_id);

-- Published outcomes and their rectification appear on enterprise pages, which every
-- instance caches: the same notification as for disclosures drops them (migration 7).
CREATE TRIGGER case_outcomes_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_outcomes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();
CREATE TRIGGER case_rectification_updates_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_rectification_updates
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();

-- Every change to the cases advances this counter, once per statement, visible when it
-- commits: /stats recomputes its figures only when it has moved
-- (src/triage/pages/public.rs), whichever instance made the change.
CREATE TABLE report_changes (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL DEFAULT 0
);
INSERT INTO report_changes DEFAULT VALUES;
CREATE FUNCTION count_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE report_changes SET n = n + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER reports_count_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reports
    FOR EACH STATEMENT EXECUTE FUNCTION count_report_change();
