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
//!
//! The line holds at most [`SECONDS_OF_LINE`] seconds of submissions. Past that, a flood
//! arriving faster than the pace would make everyone's wait grow without end, until
//! proxies time out and reporters lose what they typed unawares. A submission that finds
//! the line full is answered at once instead: shown again with everything typed, told
//! that nothing was stored and to send it again in a minute (503). That costs what a
//! refusal costs, so the pace bounds a flood's cost only while the flood keeps fewer
//! requests in flight than the line holds; beyond, the proxy's connection limits are
//! the outer wall (docs/deploy.md). (The Back button is no substitute for showing the
//! text again: browsers do not restore the form's one-line fields, which are marked
//! `autocomplete="off"` so that nothing a reporter typed stays in the browser.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// How long the line may be, in seconds of the pace.
const SECONDS_OF_LINE: usize = 2;

/// The turn-taking of one instance's submissions.
pub struct Pacing {
    /// When the next submission may start. Tokio's mutex is fair: waiters take their
    /// turns in the order they came.
    next: Mutex<Instant>,
    interval: Duration,
    /// Submissions waiting or starting now, and how many may.
    in_line: AtomicUsize,
    most_in_line: usize,
}

/// The line was full: the submission did not wait for its turn.
#[derive(Debug)]
pub struct LineFull;

impl Pacing {
    /// At most `per_second` submissions a second (at least one).
    pub fn new(per_second: u32) -> Pacing {
        let per_second = per_second.max(1);
        Pacing {
            next: Mutex::new(Instant::now()),
            interval: Duration::from_secs(1) / per_second,
            in_line: AtomicUsize::new(0),
            most_in_line: (per_second as usize).saturating_mul(SECONDS_OF_LINE),
        }
    }

    /// Waits for this submission's turn, or says at once that the line is full.
    pub async fn turn(&self) -> Result<(), LineFull> {
        let _place = Place::take(&self.in_line, self.most_in_line).ok_or(LineFull)?;
        let mut next = self.next.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until(*next).await;
        }
        // A quiet spell earns no burst: the pace is the same for whoever comes next.
        *next = (*next).max(now) + self.interval;
        Ok(())
    }
}

/// A place in the line, given up when the turn comes or the waiter leaves.
struct Place<'a>(&'a AtomicUsize);

impl<'a> Place<'a> {
    fn take(in_line: &'a AtomicUsize, most: usize) -> Option<Place<'a>> {
        let place = Place(in_line);
        (in_line.fetch_add(1, Ordering::AcqRel) < most).then_some(place)
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn submissions_start_no_faster_than_the_pace() {
        let pacing = std::sync::Arc::new(Pacing::new(100));
        let start = Instant::now();
        let turns: Vec<_> = (0..50)
            .map(|_| {
                let pacing = pacing.clone();
                tokio::spawn(async move { pacing.turn().await.map(|()| Instant::now()) })
            })
            .collect();
        let mut last = start;
        for turn in turns {
            last = last.max(turn.await.unwrap().unwrap());
        }
        // Fifty at 100 a second: the first at once, the last 490 ms later.
        assert_eq!(last - start, Duration::from_millis(490));
    }

    #[tokio::test(start_paused = true)]
    async fn a_lone_submission_does_not_wait() {
        let pacing = Pacing::new(10);
        tokio::time::advance(Duration::from_secs(5)).await;
        let start = Instant::now();
        pacing.turn().await.unwrap();
        assert_eq!(Instant::now(), start);
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_line_turns_submissions_away_at_once_and_frees_places_as_it_moves() {
        // Ten a second: the line holds twenty. The first of twenty-one starts at once,
        // and twenty wait.
        let pacing = std::sync::Arc::new(Pacing::new(10));
        let waiting: Vec<_> = (0..21)
            .map(|_| {
                let pacing = pacing.clone();
                tokio::spawn(async move { pacing.turn().await })
            })
            .collect();
        tokio::task::yield_now().await;
        assert!(
            pacing.turn().await.is_err(),
            "a twenty-first in line found room"
        );
        for turn in waiting {
            turn.await.unwrap().unwrap();
        }
        assert!(pacing.turn().await.is_ok());
    }
}
