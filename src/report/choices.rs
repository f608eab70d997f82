//! The enterprises the report form offers, kept in memory between publications.
//!
//! Every showing of the form lists every enterprise, and so does every refusal during a
//! flood of submissions: reading them from the database each time made one refused
//! submission cost as much as fifteen page views (docs/performance.md, "Flood"). The list
//! changes only when something is published, so it is kept under the page cache's
//! generation, by the page cache's rule: read again after a publication, and read every
//! time while the cache is off (a publication could go unnoticed).

use std::sync::{Arc, Mutex, PoisonError};

use super::queries::{self, EnterpriseChoice};
use crate::db::PgPool;
use crate::web::{AppError, PageCache};

/// The list, and the generation it was read in.
#[derive(Default)]
pub struct EnterpriseChoices {
    kept: Mutex<Option<(u64, Arc<[EnterpriseChoice]>)>>,
}

impl EnterpriseChoices {
    /// Every enterprise, by Chinese name.
    pub async fn get(
        &self,
        published: &PageCache,
        pool: &PgPool,
    ) -> Result<Arc<[EnterpriseChoice]>, AppError> {
        // Read before the query: a list read while a publication lands is kept under
        // the old generation and never used again.
        let generation = published.generation();
        if let Some(generation) = generation {
            if let Some((kept_in, choices)) = &*self.lock() {
                if *kept_in == generation {
                    return Ok(choices.clone());
                }
            }
        }
        let mut conn = pool.get().await?;
        let choices: Arc<[EnterpriseChoice]> = queries::enterprise_choices(&mut conn).await?.into();
        if let Some(generation) = generation {
            *self.lock() = Some((generation, choices.clone()));
        }
        Ok(choices)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, Arc<[EnterpriseChoice]>)>> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
