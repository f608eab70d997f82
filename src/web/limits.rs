//! Rate-limit building blocks shared by sign-in and reports (governor, in memory).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock, QuantaInstant};
use governor::{DefaultKeyedRateLimiter, NotUntil, Quota, RateLimiter};
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

/// Fewer tracked keys than this are never tidied.
const TIDY_ABOVE: usize = 10_000;

/// A limit per key (client, account) that forgets, from time to time, the keys whose
/// allowance is whole again. Forgetting walks every key, so it happens only once the count
/// has doubled since the last walk: in a flood from many addresses, where every key is
/// still recent, a walk on every request cost more than answering it.
pub struct Keyed {
    limiter: DefaultKeyedRateLimiter<LimitKey>,
    tidy_above: AtomicUsize,
    clock: DefaultClock,
}

impl Keyed {
    /// A limit of `quota` per key.
    pub fn new(quota: Quota) -> Keyed {
        Keyed {
            limiter: RateLimiter::keyed(quota),
            tidy_above: AtomicUsize::new(TIDY_ABOVE),
            clock: DefaultClock::default(),
        }
    }

    /// Spends one of `key`'s allowance; `Err` says when the next one is allowed.
    pub fn check(&self, key: &LimitKey) -> Result<(), NotUntil<QuantaInstant>> {
        if self.limiter.len() > self.tidy_above.load(Ordering::Relaxed) {
            self.limiter.retain_recent();
            let next = (self.limiter.len() * 2).max(TIDY_ABOVE);
            self.tidy_above.store(next, Ordering::Relaxed);
        }
        self.limiter.check_key(key)
    }

    /// How long until `not_until`.
    pub fn wait(&self, not_until: &NotUntil<QuantaInstant>) -> Duration {
        // Made once: making a clock reads the processor's features, which cost more than
        // the check itself.
        not_until.wait_time_from(self.clock.now())
    }
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
pub struct Blocked {
    until: moka::sync::Cache<LimitKey, Instant>,
    clock: DefaultClock,
}

impl Blocked {
    /// Blocks last at most `window`.
    pub fn new(window: Duration) -> Blocked {
        Blocked {
            until: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(window)
                .build(),
            clock: DefaultClock::default(),
        }
    }

    /// How long `key` must still wait, if it is blocked.
    pub fn remaining(&self, key: &LimitKey) -> Option<Duration> {
        let now = Instant::now();
        self.until
            .get(key)
            .filter(|until| *until > now)
            .map(|until| until - now)
    }

    /// Blocks `key` until governor's `not_until`; returns the wait.
    pub fn block(&self, key: &LimitKey, not_until: &NotUntil<QuantaInstant>) -> Duration {
        let wait = not_until.wait_time_from(self.clock.now());
        self.until.insert(*key, Instant::now() + wait);
        wait
    }
}
