DROP TRIGGER reports_count_changes ON reports;
DROP FUNCTION count_report_change();
DROP TABLE report_changes;
DROP TABLE mail_outbox;
DROP TABLE deadline_notices;
DROP TABLE case_outcomes;
DROP TABLE report_links;
DROP TABLE case_rectification_updates;
DROP TABLE case_rectifications;
DROP TABLE case_referrals;
DROP TABLE case_notes;
DROP TABLE staff_recusals;
DROP TRIGGER reports_state_machine ON reports;
DROP FUNCTION reports_state_transition();
DROP INDEX reports_queue_idx;
DROP INDEX reports_assignee_idx;
DROP INDEX reports_received_idx;
-- Undoing this on a database with handled cases fails: they have no place before it.
ALTER TABLE reports
    DROP CONSTRAINT reports_purged_whole,
    DROP CONSTRAINT reports_rectify_needs_finding,
    DROP CONSTRAINT reports_finding_with_state,
    DROP CONSTRAINT reports_state_check,
    DROP COLUMN finding,
    DROP COLUMN assignee_id,
    DROP COLUMN labels,
    DROP COLUMN acknowledge_by,
    DROP COLUMN conclude_by,
    DROP COLUMN acknowledged_on,
    DROP COLUMN concluded_on,
    DROP COLUMN due_on,
    DROP COLUMN purged_on,
    ALTER COLUMN content SET NOT NULL,
    ALTER COLUMN data_key_for_unit SET NOT NULL,
    ALTER COLUMN data_key_for_reporter SET NOT NULL,
    ADD CONSTRAINT reports_state_check CHECK (state IN ('received'));
DROP TABLE routing_defaults;
DROP TABLE routing_rules;
DROP TABLE unit_key_grants;
ALTER TABLE staff_sessions DROP COLUMN sealed_staff_key;
ALTER TABLE staff
    DROP CONSTRAINT staff_key_pair_whole,
    DROP COLUMN public_key,
    DROP COLUMN private_key_sealed,
    DROP COLUMN key_salt,
    DROP COLUMN mail_digest;
