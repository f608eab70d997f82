//! Rate-limit building blocks shared by sign-in and reports (governor, in memory).

use std::num::NonZeroU32;
use std::time::Duration;

use governor::Quota;

/// `attempts` per `window`, all of them usable at once, refilled evenly over the window.
pub fn quota(attempts: u32, window: Duration) -> Quota {
    let attempts = NonZeroU32::new(attempts).unwrap_or(NonZeroU32::MIN);
    let period = window / attempts.get();
    Quota::with_period(period.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(attempts)
}
