//! Keeping the index in step with bulk writers. Everything else is followed by triggers
//! (migration 000008); a writer of many thousands of disclosures in one transaction (the
//! scale generator) turns them off for that transaction and indexes its batch in one
//! set-based statement instead, which is several times cheaper than one trigger call per
//! version (docs/search.md).

use tokio_postgres::{Error, Transaction};

/// Turns the per-row index triggers off until the end of `transaction`.
pub(crate) async fn defer_to_batch(transaction: &Transaction<'_>) -> Result<(), Error> {
    transaction
        .batch_execute("SET LOCAL sunshine.search_index = 'manual'")
        .await
}

/// Indexes the given enterprises and all their disclosures again, in `transaction`.
pub(crate) async fn index_enterprises(
    transaction: &Transaction<'_>,
    codes: &[&str],
) -> Result<(), Error> {
    transaction
        .execute("SELECT search_index_enterprises($1)", &[&codes])
        .await
        .map(|_| ())
}
