-- Every running Sunshine instance keeps rendered public pages in memory and drops them
-- when published data changes. Whoever writes (the web app, `sunshine import`,
-- `seed-demo`, an operator in psql) the change reaches every instance the same way:
-- a statement-level trigger sends one NOTIFY, which PostgreSQL delivers at commit and
-- folds into one per transaction. Content tables (figures, rows) are only ever written
-- together with a version, so the version table stands for them.
CREATE FUNCTION notify_published_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sunshine_published', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER enterprises_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enterprises
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();
CREATE TRIGGER disclosures_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disclosures
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();
CREATE TRIGGER disclosure_versions_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disclosure_versions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();
CREATE TRIGGER disclosure_documents_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disclosure_documents
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();
CREATE TRIGGER rectification_updates_notify_published
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rectification_updates
    FOR EACH STATEMENT EXECUTE FUNCTION notify_published_change();
