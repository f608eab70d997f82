//! Triage (docs/triage.md): reports become cases, routed to a supervisory unit, worked
//! through a queue against deadlines on the working-day calendar, referred or put right,
//! and their outcomes published.

pub mod access;
pub mod calendar;
pub mod case_view;
pub mod cases;
pub mod deadlines;
pub mod duplicates;
pub mod jobs;
pub mod mail;
pub mod notify;
pub mod outcomes;
mod pages;
pub mod rectification;
pub mod routing;
pub mod stats;
pub mod workflow;

pub use deadlines::Deadlines;
pub use pages::{admin_routes, routes, StatsCache};
