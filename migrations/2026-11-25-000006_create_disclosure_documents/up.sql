-- Source documents (PDF reports) published with a version. Their SHA-256 is shown
-- publicly, so anyone holding a copy can check it is the one that was published.

CREATE TABLE disclosure_documents (
    id         bigserial PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    file_name  text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200 AND file_name !~ '[/\\]'),
    media_type text NOT NULL CHECK (media_type IN ('application/pdf')),
    byte_size  integer NOT NULL CHECK (byte_size BETWEEN 1 AND 52428800),
    -- Lowercase hex; checked against the content when stored.
    sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content    bytea NOT NULL,
    CHECK (octet_length(content) = byte_size),
    CHECK (encode(sha256(content), 'hex') = sha256)
);

CREATE INDEX disclosure_documents_version_idx ON disclosure_documents (version_id);

CREATE TRIGGER disclosure_documents_immutable BEFORE UPDATE OR DELETE ON disclosure_documents
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
