-- Staff accounts, their sessions, the hash-chained audit log (履职记录) and the drafts of
-- the publishing workflow (docs/staff.md, docs/audit.md, docs/publishing.md).

-- Supervisory units. Listed in the configuration ([[units]]) and written here at start-up;
-- a unit taken out of the configuration is marked inactive, never deleted, since reports
-- and audit entries keep pointing at it.
CREATE TABLE units (
    code    text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    active  boolean NOT NULL DEFAULT true
);

-- People who run the portal. Disabling sets disabled_at; a staff row is never deleted, so
-- the audit log and every draft keep their author.
CREATE TABLE staff (
    id                  bigserial PRIMARY KEY,
    email               text NOT NULL UNIQUE CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
    display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    role                text NOT NULL CHECK (role IN ('administrator', 'publisher', 'triager', 'investigator')),
    unit_code           text REFERENCES units (code),
    -- Argon2id PHC string; NULL until the account is set up through its one-time link.
    password_hash       text,
    -- SHA-256 of the one-time setup (or reset) link's token: a database copy holds no link.
    setup_token_hash    bytea UNIQUE,
    setup_expires_at    timestamptz,
    -- TOTP: the confirmed secret, and one shown but not yet confirmed with a code.
    totp_secret         bytea,
    totp_enrolled_at    timestamptz,
    totp_pending_secret bytea,
    -- The last time step whose code was accepted: a code works once.
    totp_last_step      bigint,
    disabled_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((role IN ('triager', 'investigator')) = (unit_code IS NOT NULL)),
    CHECK ((totp_secret IS NULL) = (totp_enrolled_at IS NULL)),
    CHECK ((setup_token_hash IS NULL) = (setup_expires_at IS NULL))
);

CREATE INDEX staff_unit_idx ON staff (unit_code);

-- One-time recovery codes for a lost authenticator, stored as SHA-256 digests.
CREATE TABLE staff_recovery_codes (
    staff_id  bigint NOT NULL REFERENCES staff (id),
    code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at   timestamptz,
    PRIMARY KEY (staff_id, code_hash)
);

-- Server-side sessions, shared by every instance. The key is the SHA-256 of the cookie's
-- random token, so a database copy holds no usable session.
CREATE TABLE staff_sessions (
    id_hash      bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    staff_id     bigint NOT NULL REFERENCES staff (id),
    -- second_factor: password accepted, TOTP code awaited; enrol: TOTP must be set up
    -- before anything else; signed_in: full access for the role.
    stage        text NOT NULL CHECK (stage IN ('second_factor', 'enrol', 'signed_in')),
    csrf_token   text NOT NULL CHECK (length(csrf_token) >= 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- The absolute timeout; the idle timeout is counted from last_seen_at.
    expires_at   timestamptz NOT NULL
);
CREATE INDEX staff_sessions_staff_idx ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expiry_idx ON staff_sessions (expires_at);

-- The audit log: append-only and hash-chained. Each entry's hash covers its fields and the
-- previous entry's hash (the first entry's previous hash is 32 zero bytes), so rewriting
-- any entry breaks every later link; `sunshine audit verify` recomputes the chain.
CREATE TABLE audit_log (
    seq       bigint PRIMARY KEY CHECK (seq >= 1),
    at        timestamptz NOT NULL,
    -- NULL for the command line and the system itself.
    actor_id  bigint REFERENCES staff (id),
    -- Who, as known at the time: the staff member's email, "cli" or "system".
    actor     text NOT NULL CHECK (length(actor) BETWEEN 1 AND 320),
    action    text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]*$'),
    target    text NOT NULL CHECK (length(target) <= 200),
    detail    text NOT NULL,
    -- 16 random bytes, hashed with the entry and never published: without them, anyone
    -- holding the public head could confirm a guess of an entry's content (say, a failed
    -- sign-in for an address) by hashing the guess.
    nonce     bytea NOT NULL CHECK (length(nonce) = 16),
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash      bytea NOT NULL UNIQUE CHECK (length(hash) = 32)
);
-- The filters of /admin/audit, each index ending in seq so that a filtered page is read
-- newest first straight from it (keyset pagination, docs/audit.md). The action index uses
-- text_pattern_ops so that a family filter (`action LIKE 'staff.%'`) can use it whatever
-- the database's collation; equality uses it too. Times never go backwards along the
-- chain (the insert trigger below), so a date range becomes a range of numbers, found
-- with two probes of the (at, seq) index.
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action text_pattern_ops, seq);
CREATE INDEX audit_log_target_idx ON audit_log (target, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at, seq);

-- Append-only, for every role including the table's owner: an UPDATE, DELETE or TRUNCATE
-- is refused by the database itself. (Only a deliberate DDL change by a superuser or the
-- owner can lift this, and the chain then shows what was rewritten.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- An appended entry must extend the chain's head: the next number, the head's hash.
CREATE FUNCTION audit_log_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head audit_log%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_log ORDER BY seq DESC LIMIT 1;
    IF head.seq IS NULL THEN
        IF NEW.seq <> 1 OR NEW.prev_hash <> decode(repeat('00', 32), 'hex') THEN
            RAISE EXCEPTION 'the first audit entry must be number 1 with a zero previous hash'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    ELSIF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
        RAISE EXCEPTION 'an audit entry must extend the head of the chain (entry %)', head.seq
            USING ERRCODE = 'integrity_constraint_violation';
    ELSIF NEW.at < head.at THEN
        -- Times in chain order, so a date range is a range of numbers (docs/audit.md).
        RAISE EXCEPTION 'an audit entry cannot be dated before the head of the chain (entry %)', head.seq
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_extends_head();

-- Drafts of the publishing workflow. A draft is a file in the import format
-- (docs/import-format.md): uploaded as it is, or written by the entry form; approval by a
-- publisher who is none of its authors publishes it through the importer. A withdrawal
-- draft names the disclosure and the reason instead. Drafts are never public.
CREATE TABLE disclosure_drafts (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('entry', 'upload', 'withdrawal')),
    section         text CHECK (section IN (
                        'financial', 'state_capital', 'executive_pay', 'governance',
                        'related_party', 'major_events', 'inspection')),
    enterprise_uscc text REFERENCES enterprises (uscc),
    -- The published disclosure an amendment or a withdrawal changes.
    disclosure_id   bigint REFERENCES disclosures (id),
    file_name       text CHECK (length(file_name) BETWEEN 1 AND 255),
    file_bytes      bytea,
    reason          text CHECK (length(reason) BETWEEN 1 AND 2000),
    state           text NOT NULL DEFAULT 'draft'
                        CHECK (state IN ('draft', 'submitted', 'published', 'returned', 'discarded')),
    -- Everyone who wrote or changed it: none of them may approve it (four eyes).
    authors         bigint[] NOT NULL CHECK (cardinality(authors) >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    submitted_at    timestamptz,
    reviewed_by     bigint REFERENCES staff (id),
    reviewed_at     timestamptz,
    review_note     text CHECK (length(review_note) BETWEEN 1 AND 2000),
    CHECK (kind = 'withdrawal' OR file_bytes IS NOT NULL),
    CHECK (kind <> 'withdrawal' OR (disclosure_id IS NOT NULL AND reason IS NOT NULL)),
    CHECK (reviewed_by IS NULL OR NOT (reviewed_by = ANY (authors)))
);
CREATE INDEX disclosure_drafts_state_idx ON disclosure_drafts (state, updated_at DESC);
CREATE INDEX disclosure_drafts_enterprise_idx ON disclosure_drafts (enterprise_uscc);
CREATE INDEX disclosure_drafts_disclosure_idx ON disclosure_drafts (disclosure_id);
CREATE INDEX disclosure_drafts_reviewer_idx ON disclosure_drafts (reviewed_by);
