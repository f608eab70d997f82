//! The audit trail (履职记录): every staff action appended to a hash-chained log that the
//! database refuses to change, `sunshine audit verify` to recompute the chain, the log on
//! the admin site and the chain's head on a public page (docs/audit.md).

mod catalog;
mod chain;
mod filter;
mod pages;
mod queries;
mod verify;

pub use catalog::{ACTIONS, FAMILIES};
pub use chain::{append, head, Actor, ChainHead, Entry};
pub use pages::{admin_routes, beijing_time, routes};
pub use queries::hash_of;
pub use verify::{verify, verify_with_progress, Verification};
