//! The baseline of `scripts/bench-reports`: how long one receipt-code hash (Argon2id with
//! the configured cost, keyed and salted as Sunshine does it) takes on one core. Two cores
//! divided by this time is the ceiling of report submissions per second.
//!
//! Prints `hash_ms <median>` over `BENCH_HASHES` (default 40) hashes after a warm-up.

use std::time::Instant;

use sunshine::config::{ConfigSources, Settings};
use sunshine::report::receipt::{ReceiptCode, ReceiptHasher};
use zeroize::Zeroizing;

fn main() -> anyhow::Result<()> {
    let settings = Settings::load(&ConfigSources::from_process())?;
    let hasher = ReceiptHasher::new(&settings.reports, Zeroizing::new(vec![7; 32]), vec![9; 16])?;
    let count: usize = std::env::var("BENCH_HASHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    for _ in 0..3 {
        hasher.keys(&ReceiptCode::generate())?;
    }
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let code = ReceiptCode::generate();
        let start = Instant::now();
        hasher.keys(&code)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("hash_ms {:.2}", times[times.len() / 2]);
    Ok(())
}
