//! The audit trail (履职记录): every staff action appended to a hash-chained log that the
//! database refuses to change, `sunshine audit verify` to recompute the chain, the log on
//! the admin site and the chain's head on a public page (docs/audit.md).

mod chain;
mod pages;
mod verify;

pub use chain::{append, head, Actor, ChainHead, Entry};
pub use pages::{admin_routes, routes};
pub use verify::{verify, Verification};
