//! The disclosure store: what enterprises publish per section and period, as immutable
//! versions; the indicators and red flags derived from it; and its public pages.

pub(crate) mod chart;
mod demo;
mod documents;
mod events;
mod format;
mod governance;
mod history;
pub mod import;
mod indicators;
mod inspection;
mod inspection_view;
mod model;
mod overview;
mod pages;
mod pay;
mod people_view;
mod queries;
mod red_flags;
mod related_party;
mod rows;
mod scale;

pub use demo::{seed_demo_disclosures, DEMO_YEARS};
pub use documents::{documents_of, sha256_hex, DocumentInfo, SourceDocument};
pub use events::{EventKind, MajorEvent, MajorEvents};
pub use governance::{GoverningBody, Member};
pub use indicators::{IndicatorId, IndicatorSeries, Input, YearValue};
pub use inspection::{
    last_status_update, record_status, Finding, FindingCategory, InspectionBody, RectificationItem,
    RectificationStatus, Severity, StatusUpdate,
};
pub use model::{
    AuditOpinion, CapitalFactor, Content, Disclosure, ExecutivePay, FinancialStatement,
    InspectionReport, PayStatement, Period, Section, StateCapitalStatement, Unit, Version,
    VersionKind,
};
pub use overview::{load as load_enterprise_disclosures, EnterpriseDisclosures};
pub use pages::{render_preview, routes, PublicView};
pub use queries::{
    amend, contents, disclosures_of, disclosures_page, find_disclosure, publish, withdraw,
    DisclosureRecord, Provenance,
};
pub use red_flags::{RedFlag, RedFlagRule, Thresholds};
pub use related_party::{PricingBasis, RelatedPartyTransaction, Relationship, TransactionType};
pub use scale::{seed_scale, Scale, ScaleSeeded};

/// Today's date in China Standard Time (UTC+8), which decides what is overdue.
pub fn today() -> chrono::NaiveDate {
    beijing_day(chrono::Utc::now())
}

/// The calendar day in Beijing (UTC+8, no daylight saving) at an instant.
pub fn beijing_day(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::hours(8)).date_naive()
}
