//! The disclosure store: what enterprises publish per section and period, as immutable
//! versions; the indicators and red flags derived from it; and its public pages.

mod chart;
mod demo;
mod format;
mod history;
mod indicators;
mod model;
mod overview;
mod pages;
mod queries;
mod red_flags;
mod rows;
mod scale;

pub use demo::{seed_demo_disclosures, DEMO_YEARS};
pub use model::{
    AuditOpinion, CapitalFactor, Content, Disclosure, FinancialStatement, Period, Section,
    StateCapitalStatement, Unit, Version, VersionKind,
};
pub use overview::{load as load_enterprise_disclosures, EnterpriseDisclosures};
pub use pages::routes;
pub use queries::{
    amend, disclosures_of, find_disclosure, publish, withdraw, DisclosureRecord, Provenance,
};
pub use red_flags::Thresholds;
pub use scale::{seed_scale, Scale, ScaleSeeded};
