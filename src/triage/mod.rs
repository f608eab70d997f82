//! Triage (docs/triage.md): reports become cases, routed to a supervisory unit, worked
//! through a queue against deadlines on the working-day calendar, referred or put right,
//! and their outcomes published.

pub mod access;
pub mod calendar;
pub mod cases;
pub mod deadlines;
pub mod mail;
pub mod notify;
pub mod outcomes;
pub mod rectification;
pub mod routing;
pub mod workflow;

pub use deadlines::Deadlines;
