//! Sign-in rate limits, per account and per client (governor, in memory, per instance).
//!
//! Only failures count: a colleague who signs in ten times a day is never limited, while
//! every wrong password or code spends an allowance. Attempts on one account take turns,
//! so parallel guesses are counted one after another. When an allowance runs out, the key
//! is blocked until governor would allow the next attempt, and every attempt meanwhile —
//! right or wrong — gets the 429 page before any password is checked.

use std::time::Duration;

use actix_web::HttpRequest;
use tokio::sync::OwnedMutexGuard;

use crate::config::StaffSettings;
use crate::web::client::{Keyer, LimitKey};
use crate::web::limits::{quota, Blocked, Keyed, Turns};

/// The two sign-in limits.
pub struct LoginLimits {
    keyer: Keyer,
    per_account: Keyed,
    per_client: Keyed,
    /// Keys whose allowance ran out, and until when.
    blocked: Blocked,
    /// One sign-in check at a time per account, so a burst of parallel guesses cannot all
    /// pass the check before the first failures are counted.
    turns: Turns,
}

impl LoginLimits {
    /// Limits as configured.
    pub fn new(settings: &StaffSettings) -> LoginLimits {
        let window = Duration::from_secs(settings.login_window_secs);
        LoginLimits {
            keyer: Keyer::default(),
            per_account: Keyed::new(quota(settings.login_attempts_per_account, window)),
            per_client: Keyed::new(quota(settings.login_attempts_per_client, window)),
            blocked: Blocked::new(window),
            turns: Turns::default(),
        }
    }

    fn keys(&self, email: &str, client: &HttpRequest) -> [LimitKey; 2] {
        [self.keyer.name(email), self.keyer.client_of(client)]
    }

    /// Waits for this account's turn: hold the guard from the check until the failure (if
    /// any) is counted.
    pub async fn turn(&self, email: &str) -> OwnedMutexGuard<()> {
        self.turns.wait(&self.keyer.name(email)).await
    }

    /// Whether an attempt may go ahead; `Err` says how long until one may.
    pub fn check(&self, email: &str, client: &HttpRequest) -> Result<(), Duration> {
        let wait = self
            .keys(email, client)
            .iter()
            .filter_map(|key| self.blocked.remaining(key))
            .max();
        wait.map_or(Ok(()), Err)
    }

    /// Spends an allowance for a failed attempt; `Err` when that was the last one, with
    /// how long until the next attempt is allowed.
    pub fn failed(&self, email: &str, client: &HttpRequest) -> Result<(), Duration> {
        let [account, client] = self.keys(email, client);
        let mut longest = None;
        for (limiter, key) in [(&self.per_account, account), (&self.per_client, client)] {
            if let Err(not_until) = limiter.check(&key) {
                longest = longest.max(Some(self.blocked.block(&key, &not_until)));
            }
        }
        longest.map_or(Ok(()), Err)
    }
}
