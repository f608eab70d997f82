DROP TABLE report_attachments;
DROP TABLE report_messages;
DROP TABLE reports;
DROP TABLE unit_keys;
DROP TABLE report_keyring;
