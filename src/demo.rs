//! `sunshine seed-demo`: everything a fresh install needs to show every feature, all of it
//! fictional and marked so.

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

/// What one run of the seed added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    /// Demo enterprises loaded (inserted or refreshed).
    pub enterprises: usize,
    /// Disclosure versions newly published.
    pub disclosure_versions: usize,
}

/// Loads the demo enterprises and their disclosures; running it again adds nothing.
pub async fn seed_demo(conn: &mut AsyncPgConnection) -> QueryResult<Seeded> {
    let enterprises = crate::enterprise::seed_demo(conn).await?;
    let disclosure_versions = crate::disclosure::seed_demo_disclosures(conn).await?;
    Ok(Seeded {
        enterprises,
        disclosure_versions,
    })
}
