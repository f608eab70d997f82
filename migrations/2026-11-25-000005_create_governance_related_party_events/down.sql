DROP TABLE major_events;
DROP TABLE related_party_transactions;
DROP TABLE governance_members;
