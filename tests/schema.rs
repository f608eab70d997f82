//! Invariants of the schema itself, checked on the migrated database.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use support::TestDb;

#[tokio::test]
async fn every_foreign_key_is_backed_by_an_index() {
    let db = TestDb::new().await;
    let client = db.client().await;
    // A foreign key is covered when some index starts with exactly its columns.
    let unindexed = client
        .query(
            "SELECT c.conrelid::regclass::text || ' ' || c.conname
               FROM pg_constraint c
              WHERE c.contype = 'f'
                AND NOT EXISTS (
                    SELECT 1 FROM pg_index i
                     WHERE i.indrelid = c.conrelid
                       AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)",
            &[],
        )
        .await
        .unwrap();
    let names: Vec<String> = unindexed.iter().map(|r| r.get(0)).collect();
    assert!(names.is_empty(), "foreign keys without an index: {names:?}");
}

#[tokio::test]
async fn the_database_rejects_a_malformed_enterprise_code() {
    let db = TestDb::new().await;
    let client = db.client().await;
    let result = client
        .execute(
            "INSERT INTO enterprises (uscc, name_zh, level, industry, function_type, state_share)
             VALUES ('91450500DEM00001IO', 'x', 1, 'J', 'public_welfare', 100)",
            &[],
        )
        .await;
    assert!(result.is_err(), "I and O are not in the code alphabet");
}
