//! The registry of state-owned enterprises: who they are, how they are classified and how
//! they hang together in groups. Disclosures (later) hang off these records.

mod demo;
mod model;
mod pages;
mod queries;
pub mod uscc;

pub use demo::{demo_name, demo_parent, demo_uscc, seed_demo, DEMO_ENTERPRISE_COUNT};
pub use model::{Enterprise, EnterpriseStatus, FunctionType, Industry, Level};
pub use pages::routes;
pub use queries::{
    find_enterprise, find_registered, registry_counts, registry_page, EnterpriseFilter, Registered,
    RegistryCounts,
};
pub use uscc::{Uscc, UsccError};
