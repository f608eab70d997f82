-- A database role for running Sunshine that can append to the audit log but neither
-- change nor delete its entries, nor switch off the triggers that guard it (only a
-- table's owner or a superuser can). Run it once, as the role that owns the tables (the
-- one `sunshine migrate` runs as), in the portal's database; then give the new role a
-- password (\password sunshine_app in psql) and use it in DATABASE_URL for `serve`.
-- `sunshine migrate` keeps running as the owner. See docs/audit.md.
CREATE ROLE sunshine_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO sunshine_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sunshine_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sunshine_app;
-- The audit log: read and append only.
REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_log FROM sunshine_app;
-- Tables and sequences later migrations create get the same grants; a later table that
-- must be append-only too needs its own REVOKE in its migration.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sunshine_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO sunshine_app;
