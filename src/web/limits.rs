//! Rate-limit building blocks shared by sign-in and reports (governor, in memory).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock, QuantaInstant};
use governor::{NotUntil, Quota};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::client::LimitKey;

/// `attempts` per `window`, all of them usable at once, refilled evenly over the window.
pub fn quota(attempts: u32, window: Duration) -> Quota {
    let attempts = NonZeroU32::new(attempts).unwrap_or(NonZeroU32::MIN);
    let period = window / attempts.get();
    Quota::with_period(period.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(attempts)
}

/// One check at a time per key, so a burst of parallel attempts cannot all pass a limit
/// before the first failures are counted: hold the guard from the check to the count.
pub struct Turns(moka::sync::Cache<LimitKey, Arc<Mutex<()>>>);

impl Default for Turns {
    fn default() -> Self {
        Turns(
            moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(Duration::from_secs(60))
                .build(),
        )
    }
}

impl Turns {
    /// Waits for `key`'s turn.
    pub async fn wait(&self, key: &LimitKey) -> OwnedMutexGuard<()> {
        let lock = self.0.get_with(*key, || Arc::new(Mutex::new(())));
        lock.lock_owned().await
    }
}

/// Keys whose allowance ran out, and until when: every attempt meanwhile is refused
/// before any work is done for it.
pub struct Blocked(moka::sync::Cache<LimitKey, Instant>);

impl Blocked {
    /// Blocks last at most `window`.
    pub fn new(window: Duration) -> Blocked {
        Blocked(
            moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(window)
                .build(),
        )
    }

    /// How long `key` must still wait, if it is blocked.
    pub fn remaining(&self, key: &LimitKey) -> Option<Duration> {
        let now = Instant::now();
        self.0
            .get(key)
            .filter(|until| *until > now)
            .map(|until| until - now)
    }

    /// Blocks `key` until governor's `not_until`; returns the wait.
    pub fn block(&self, key: &LimitKey, not_until: &NotUntil<QuantaInstant>) -> Duration {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        self.0.insert(*key, Instant::now() + wait);
        wait
    }
}
