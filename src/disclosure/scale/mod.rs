//! National-scale synthetic data for `sunshine seed-demo --enterprises N --years Y`:
//! fictional enterprises in group trees, each with a financial statement and a state
//! capital statement per year, written with COPY in batches of whole groups.
//!
//! Every record is marked 演示 / demo (and `is_demo`), like the hand-written demo data it
//! is loaded next to. Generation is deterministic, so reruns write nothing and a larger
//! run only adds what the smaller one lacked.

mod batch;
mod copy;
mod dice;
mod figures;
mod groups;
mod registry;

use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use secrecy::{ExposeSecret, SecretString};

use crate::config::DatabaseTarget;
use groups::{layout, Member};
use registry::SyntheticEnterprise;

/// About this many enterprises go into one transaction (always whole groups): big enough
/// for COPY to stream, small enough to keep memory and lost work low.
const BATCH_ENTERPRISES: usize = 2_000;

/// How much synthetic data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    enterprises: u32,
    years: u16,
}

impl Scale {
    /// Years generated when only the number of enterprises is given.
    pub const DEFAULT_YEARS: u16 = 10;

    /// Checks the bounds: at most 900,000 enterprises (the room the code body has) and
    /// 30 years, ending with the latest demo year.
    pub fn new(enterprises: u32, years: u16) -> anyhow::Result<Scale> {
        if enterprises == 0 || enterprises > registry::MAX_ENTERPRISES {
            bail!(
                "--enterprises must be between 1 and {}",
                registry::MAX_ENTERPRISES
            );
        }
        if years == 0 || years > figures::MAX_YEARS {
            bail!("--years must be between 1 and {}", figures::MAX_YEARS);
        }
        Ok(Scale { enterprises, years })
    }

    /// The years covered, oldest first.
    pub fn years(&self) -> RangeInclusive<i16> {
        // `new` bounds years to 30, so the cast cannot wrap.
        figures::LAST_YEAR - self.years as i16 + 1..=figures::LAST_YEAR
    }
}

/// What one run of the generator added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScaleSeeded {
    /// Synthetic enterprises inserted (those already present are left alone).
    pub enterprises: u64,
    /// Disclosures published, each with one original version.
    pub disclosures: u64,
    /// Wall-clock time taken.
    pub elapsed: Duration,
}

/// Generates the synthetic enterprises and disclosures of `scale` that the database at
/// `url` lacks. Needs a migrated database; runs in batches, each its own transaction.
pub async fn seed_scale(url: &SecretString, scale: Scale) -> anyhow::Result<ScaleSeeded> {
    let started = Instant::now();
    let target = DatabaseTarget::parse(url)?;
    let (mut client, connection) =
        tokio_postgres::connect(url.expose_secret(), tokio_postgres::NoTls)
            .await
            .map_err(|e| anyhow::anyhow!("cannot connect to {target}: {e}"))?;
    let connection = tokio::spawn(connection);
    let members = layout(scale.enterprises);
    let mut seeded = ScaleSeeded::default();
    let mut done = 0;
    for group_batch in batches(&members) {
        let enterprises = group_batch
            .iter()
            .map(|&m| SyntheticEnterprise::new(m))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let written = batch::write_batch(&mut client, &enterprises, scale.years())
            .await
            .with_context(|| format!("writing synthetic data to {target} failed"))?;
        seeded.enterprises += written.enterprises;
        seeded.disclosures += written.disclosures;
        done += group_batch.len();
        tracing::info!(done, total = members.len(), "synthetic enterprises");
    }
    drop(client);
    // The connection task ends once the client is gone; its error, if any, was already
    // returned by the failing query.
    let _ = connection.await;
    seeded.elapsed = started.elapsed();
    Ok(seeded)
}

/// Splits the layout into runs of whole groups of about `BATCH_ENTERPRISES`, so every
/// parent is written in the same COPY as its subsidiaries or an earlier one.
fn batches(members: &[Member]) -> Vec<&[Member]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, member) in members.iter().enumerate() {
        if member.parent.is_none() && i - start >= BATCH_ENTERPRISES {
            out.push(&members[start..i]);
            start = i;
        }
    }
    if start < members.len() {
        out.push(&members[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_hold_whole_groups_and_cover_everyone_once() {
        let members = layout(10_000);
        let batches = batches(&members);
        assert_eq!(batches.iter().map(|b| b.len()).sum::<usize>(), 10_000);
        for batch in &batches {
            assert!(batch[0].parent.is_none());
            let first = batch[0].index;
            assert!(batch.iter().all(|m| m.group >= first));
        }
    }

    #[test]
    fn scale_bounds_are_checked_and_years_end_with_the_latest_demo_year() {
        assert!(Scale::new(0, 10).is_err());
        assert!(Scale::new(10, 0).is_err());
        assert!(Scale::new(10, 31).is_err());
        assert_eq!(Scale::new(10, 10).unwrap().years(), 2016..=2025);
    }
}
