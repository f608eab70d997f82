//! Sunshine (阳光): the public portal of a city's state-owned enterprises. It publishes
//! their disclosures, takes anonymous reports of state-asset loss, and routes those reports
//! to the supervisors who must handle them. See `docs/` and DESIGN.md for the whole picture.

#[macro_use]
mod coded_enum;

pub mod api;
pub mod app;
pub mod audit;
pub mod config;
pub mod db;
pub mod demo;
pub mod disclosure;
pub mod enterprise;
pub mod feeds;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzz_entry;
mod home;
pub mod open_data;
pub mod publishing;
pub mod report;
pub mod search;
pub mod staff;
pub mod telemetry;
mod tls;
pub mod triage;
pub mod web;

pub use app::Application;
pub use config::Settings;
