//! Limits on reports and receipt codes, per client and for everyone together (governor,
//! in memory, per instance). A client is a keyed hash of its address that changes daily
//! (`web::client`); nothing here is ever written down.
//!
//! * Every report and follow-up message spends one of the client's allowance and one of
//!   the global one. A client that solved the optional proof of work draws on a larger
//!   allowance instead.
//! * Wrong receipt codes count against the wrong-code limits; when a client's allowance
//!   runs out, every code from it is refused unchecked until governor would allow the
//!   next. Once the global allowance is spent, each wrong guess blocks its client at
//!   once, while clients with right codes go on reading. Every code check, right or wrong,
//!   also spends a larger allowance, since each costs an Argon2id hash; and one client's
//!   checks take turns, so parallel guesses are counted one after another.

use std::time::Duration;

use actix_web::HttpRequest;
use governor::{DefaultDirectRateLimiter, RateLimiter};
use tokio::sync::OwnedMutexGuard;

use crate::config::ReportSettings;
use crate::web::client::{Keyer, LimitKey};
use crate::web::limits::{quota, Blocked, Keyed, Turns};

/// The report limits of one instance.
pub struct ReportLimits {
    keyer: Keyer,
    per_client: Keyed,
    per_client_with_proof: Keyed,
    global: DefaultDirectRateLimiter,
    wrong_per_client: Keyed,
    wrong_global: DefaultDirectRateLimiter,
    code_checks: Keyed,
    /// Clients whose code allowance ran out, and until when.
    blocked: Blocked,
    /// One code check at a time per client.
    turns: Turns,
}

impl ReportLimits {
    /// Limits as configured.
    pub fn new(settings: &ReportSettings) -> ReportLimits {
        let window = Duration::from_secs(settings.window_secs);
        ReportLimits {
            keyer: Keyer::default(),
            per_client: Keyed::new(quota(settings.submissions_per_client, window)),
            per_client_with_proof: Keyed::new(quota(
                settings.submissions_per_client_with_proof,
                window,
            )),
            global: RateLimiter::direct(quota(settings.submissions_global, window)),
            wrong_per_client: Keyed::new(quota(settings.wrong_codes_per_client, window)),
            wrong_global: RateLimiter::direct(quota(settings.wrong_codes_global, window)),
            code_checks: Keyed::new(quota(settings.code_checks_per_client, window)),
            blocked: Blocked::new(window),
            turns: Turns::default(),
        }
    }

    /// The client a request comes from (a keyed hash; see `web::client`).
    pub fn client(&self, req: &HttpRequest) -> LimitKey {
        self.keyer.client_of(req)
    }

    /// Spends one submission (a report or a follow-up message); `Err` says how long until
    /// the next one is accepted.
    pub fn submission(&self, client: &LimitKey, proven: bool) -> Result<(), Duration> {
        let limiter = if proven {
            &self.per_client_with_proof
        } else {
            &self.per_client
        };
        limiter
            .check(client)
            .and_then(|()| self.global.check())
            .map_err(|not_until| limiter.wait(&not_until))
    }

    /// Waits for this client's turn: hold the guard from [`ReportLimits::try_code`] until
    /// a wrong code (if it was one) is counted.
    pub async fn code_turn(&self, client: &LimitKey) -> OwnedMutexGuard<()> {
        self.turns.wait(client).await
    }

    /// Whether a receipt code from this client may be checked now; spends one check.
    pub fn try_code(&self, client: &LimitKey) -> Result<(), Duration> {
        if let Some(wait) = self.blocked.remaining(client) {
            return Err(wait);
        }
        self.code_checks
            .check(client)
            .map_err(|not_until| self.blocked.block(client, &not_until))
    }

    /// Counts a wrong code; `Err` when that was the last one allowed, with the wait.
    pub fn wrong_code(&self, client: &LimitKey) -> Result<(), Duration> {
        // Past the global allowance, a wrong guess blocks its own client only: someone
        // with a right code is never locked out by others' guessing.
        self.wrong_global
            .check()
            .and_then(|()| self.wrong_per_client.check(client))
            .map_err(|not_until| self.blocked.block(client, &not_until))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn wrong_codes_block_the_client_once_its_allowance_is_spent() {
        let mut settings = crate::report::tests::settings();
        settings.wrong_codes_per_client = 3;
        let limits = ReportLimits::new(&settings);
        let (guesser, other) = ([1u8; 32], [2u8; 32]);
        for _ in 0..2 {
            limits.wrong_code(&guesser).unwrap();
        }
        assert!(limits.try_code(&guesser).is_ok());
        assert!(limits.wrong_code(&guesser).is_ok());
        let wait = limits.wrong_code(&guesser).unwrap_err();
        assert!(wait > Duration::from_secs(60));
        assert!(limits.try_code(&guesser).is_err());
        assert!(limits.try_code(&other).is_ok());
    }

    #[test]
    fn past_the_global_allowance_wrong_guesses_block_their_clients_only() {
        let mut settings = crate::report::tests::settings();
        settings.wrong_codes_global = 2;
        let limits = ReportLimits::new(&settings);
        limits.wrong_code(&[1u8; 32]).unwrap();
        limits.wrong_code(&[2u8; 32]).unwrap();
        assert!(limits.wrong_code(&[3u8; 32]).is_err());
        assert!(limits.try_code(&[3u8; 32]).is_err(), "the guesser waits");
        assert!(
            limits.try_code(&[4u8; 32]).is_ok(),
            "someone with a code does not"
        );
    }

    #[test]
    fn every_code_check_spends_the_larger_allowance() {
        let mut settings = crate::report::tests::settings();
        settings.code_checks_per_client = 2;
        let limits = ReportLimits::new(&settings);
        let client = [5u8; 32];
        assert!(limits.try_code(&client).is_ok());
        assert!(limits.try_code(&client).is_ok());
        assert!(limits.try_code(&client).is_err());
    }

    #[test]
    fn submissions_are_limited_per_client_and_proof_raises_the_allowance() {
        let mut settings = crate::report::tests::settings();
        settings.submissions_per_client = 2;
        settings.submissions_per_client_with_proof = 4;
        let limits = ReportLimits::new(&settings);
        let client = [9u8; 32];
        assert!(limits.submission(&client, false).is_ok());
        assert!(limits.submission(&client, false).is_ok());
        assert!(limits.submission(&client, false).is_err());
        for _ in 0..4 {
            assert!(limits.submission(&client, true).is_ok());
        }
        assert!(limits.submission(&client, true).is_err());
    }
}
