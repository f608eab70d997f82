//! Submissions are taken at a steady pace per instance.
//!
//! A submission refused by the limits still costs something: its body is read and the
//! form is shown again with everything typed, so nothing is lost. A flood of them from a
//! botnet (every request from a new address, so no per-client limit applies) would
//! otherwise take the web workers from everyone browsing. So each instance starts at most
//! `reports.intake_per_second` submissions a second, one after another in arrival order;
//! the rest wait their turn holding only their connection, their bodies unread. A reporter
//! on a quiet day never waits; under a flood, the wait is the flood's length of line
//! divided by the pace (docs/performance.md, "Flood").

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// The turn-taking of one instance's submissions.
pub struct Pacing {
    /// When the next submission may start. Tokio's mutex is fair: waiters take their
    /// turns in the order they came.
    next: Mutex<Instant>,
    interval: Duration,
}

impl Pacing {
    /// At most `per_second` submissions a second (at least one).
    pub fn new(per_second: u32) -> Pacing {
        Pacing {
            next: Mutex::new(Instant::now()),
            interval: Duration::from_secs(1) / per_second.max(1),
        }
    }

    /// Waits for this submission's turn.
    pub async fn turn(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until(*next).await;
        }
        // A quiet spell earns no burst: the pace is the same for whoever comes next.
        *next = (*next).max(now) + self.interval;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn submissions_start_no_faster_than_the_pace() {
        let pacing = std::sync::Arc::new(Pacing::new(100));
        let start = Instant::now();
        let turns: Vec<_> = (0..50)
            .map(|_| {
                let pacing = pacing.clone();
                tokio::spawn(async move {
                    pacing.turn().await;
                    Instant::now()
                })
            })
            .collect();
        let mut last = start;
        for turn in turns {
            last = last.max(turn.await.unwrap_or(start));
        }
        // Fifty at 100 a second: the first at once, the last 490 ms later.
        assert_eq!(last - start, Duration::from_millis(490));
    }

    #[tokio::test(start_paused = true)]
    async fn a_lone_submission_does_not_wait() {
        let pacing = Pacing::new(10);
        tokio::time::advance(Duration::from_secs(5)).await;
        let start = Instant::now();
        pacing.turn().await;
        assert_eq!(Instant::now(), start);
    }
}
