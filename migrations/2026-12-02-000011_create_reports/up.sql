-- Anonymous reports (举报), their follow-up conversation and attachments, and the keys
-- that seal them (docs/security.md, "Reports at rest"). Nothing here identifies a
-- reporter: no address, no browser, no time of day — dates only.

-- The install's values for sealing reports: one row.
CREATE TABLE report_keyring (
    id                  boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- Argon2id salt for receipt codes, random per install, so that hashes computed for
    -- one install are worthless for another.
    receipt_salt        bytea NOT NULL DEFAULT uuid_send(gen_random_uuid()),
    -- The administrators' offline recovery key (X25519 public half). Its private half is
    -- printed once by `sunshine keys init` and never stored. NULL: reports are not open.
    recovery_public_key bytea CHECK (octet_length(recovery_public_key) = 32),
    recovery_created_at timestamptz
);
INSERT INTO report_keyring DEFAULT VALUES;

-- Each unit's X25519 key pair: reports routed to the unit are sealed to its public key.
-- The private key is stored only sealed to the recovery key (and, with triage, to each
-- member's own key). Retired keys stay: old reports remain sealed to them.
CREATE TABLE unit_keys (
    id                       bigserial PRIMARY KEY,
    unit_code                text NOT NULL REFERENCES units (code),
    public_key               bytea NOT NULL UNIQUE CHECK (octet_length(public_key) = 32),
    private_key_for_recovery bytea NOT NULL,
    created_at               timestamptz NOT NULL DEFAULT now(),
    retired_at               timestamptz
);
CREATE UNIQUE INDEX unit_keys_current_idx ON unit_keys (unit_code) WHERE retired_at IS NULL;
CREATE INDEX unit_keys_unit_idx ON unit_keys (unit_code);

-- A report. Its answers, messages and attachments are sealed with a random data key of
-- its own, which is stored twice: sealed to the unit's key, and encrypted under a key
-- derived from the receipt code (which is never stored).
CREATE TABLE reports (
    id                    bigserial PRIMARY KEY,
    -- What staff call the case: random, so it tells nothing about volume or order.
    reference             text NOT NULL UNIQUE CHECK (reference ~ '^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$'),
    -- HMAC of the Argon2id (keyed, salted) hash of the receipt code.
    receipt_lookup        bytea NOT NULL UNIQUE CHECK (octet_length(receipt_lookup) = 32),
    kind                  text NOT NULL CHECK (kind IN ('criticism', 'suggestion', 'report', 'exposure', 'appeal', 'accusation')),
    enterprise_uscc       text REFERENCES enterprises (uscc),
    unit_code             text NOT NULL REFERENCES units (code),
    state                 text NOT NULL DEFAULT 'received' CHECK (state IN ('received')),
    -- The date only (Beijing time): a time of day could be matched to someone's movements.
    received_on           date NOT NULL,
    unit_key_id           bigint NOT NULL REFERENCES unit_keys (id),
    data_key_for_unit     bytea NOT NULL,
    data_key_for_reporter bytea NOT NULL,
    -- The sealed answers (JSON inside).
    content               bytea NOT NULL
);
CREATE INDEX reports_enterprise_idx ON reports (enterprise_uscc);
CREATE INDEX reports_unit_idx ON reports (unit_code, state);
CREATE INDEX reports_unit_key_idx ON reports (unit_key_id);

-- The conversation between the reporter and the unit: every body sealed with the
-- report's data key.
CREATE TABLE report_messages (
    id        bigserial PRIMARY KEY,
    report_id bigint NOT NULL REFERENCES reports (id),
    author    text NOT NULL CHECK (author IN ('reporter', 'staff')),
    staff_id  bigint REFERENCES staff (id),
    sent_on   date NOT NULL,
    body      bytea NOT NULL,
    CHECK ((author = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX report_messages_report_idx ON report_messages (report_id, id);
CREATE INDEX report_messages_staff_idx ON report_messages (staff_id);

-- Files sent with a report or a later message. An image's metadata-stripped copy is a row
-- of its own pointing at the original, which is kept as evidence.
CREATE TABLE report_attachments (
    id           bigserial PRIMARY KEY,
    report_id    bigint NOT NULL REFERENCES reports (id),
    message_id   bigint REFERENCES report_messages (id),
    cleaned_from bigint REFERENCES report_attachments (id),
    -- Sealed JSON: the file's name, detected type, size and the metadata found in it.
    about        bytea NOT NULL,
    -- The sealed bytes.
    content      bytea NOT NULL
);
-- Sealed bytes do not compress: do not let TOAST try.
ALTER TABLE report_attachments ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX report_attachments_report_idx ON report_attachments (report_id, id);
CREATE INDEX report_attachments_message_idx ON report_attachments (message_id);
CREATE INDEX report_attachments_cleaned_from_idx ON report_attachments (cleaned_from);
