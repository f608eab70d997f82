//! Sign-in rate limits, per account and per client (governor, in memory, per instance),
//! counted on every attempt before the password is checked, so guessing costs the same
//! whether or not the account exists.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::StaffSettings;
use crate::web::client::{Keyer, LimitKey};

/// Beyond this many tracked keys, forgotten ones are dropped at the next attempt.
const TIDY_ABOVE: usize = 10_000;

/// The two sign-in limits.
pub struct LoginLimits {
    keyer: Keyer,
    per_account: DefaultKeyedRateLimiter<LimitKey>,
    per_client: DefaultKeyedRateLimiter<LimitKey>,
}

fn quota(attempts: u32, window: Duration) -> Quota {
    let attempts = NonZeroU32::new(attempts).unwrap_or(NonZeroU32::MIN);
    let period = window / attempts.get();
    Quota::with_period(period.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(attempts)
}

impl LoginLimits {
    /// Limits as configured.
    pub fn new(settings: &StaffSettings) -> LoginLimits {
        let window = Duration::from_secs(settings.login_window_secs);
        LoginLimits {
            keyer: Keyer::default(),
            per_account: RateLimiter::keyed(quota(settings.login_attempts_per_account, window)),
            per_client: RateLimiter::keyed(quota(settings.login_attempts_per_client, window)),
        }
    }

    /// Counts an attempt; `Err` says how long until the next one is allowed.
    pub fn attempt(&self, email: &str, client: Option<std::net::IpAddr>) -> Result<(), Duration> {
        for limiter in [&self.per_account, &self.per_client] {
            if limiter.len() > TIDY_ABOVE {
                limiter.retain_recent();
            }
        }
        let now = DefaultClock::default().now();
        let client = self.per_client.check_key(&self.keyer.client(client));
        let account = self.per_account.check_key(&self.keyer.name(email));
        match (client, account) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(wait), _) | (_, Err(wait)) => Err(wait.wait_time_from(now)),
        }
    }
}
