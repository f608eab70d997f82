//! Publishing (DESIGN.md section 3, item 2): drafts of disclosures written in the entry
//! form or uploaded as CSV/XLSX, previewed exactly as the public will see them, submitted
//! for review and published by a publisher who is none of their authors; amendments and
//! withdrawals go the same way (docs/publishing.md).
//!
//! A draft is a file in the import format, so validation, amendment detection and
//! publication are the importer's, one code path for `sunshine import` and the web.

mod check;
mod entry;
mod form_view;
mod model;
mod pages;
mod preview;
mod queries;
mod upload;
mod workflow;

pub use model::{Draft, DraftKind, DraftState};
pub use pages::admin_routes;
pub use upload::MAX_UPLOAD_BYTES;
