//! Anonymous reports (举报): intake, receipt codes, follow-up, and sealing.
//!
//! Nothing that identifies a reporter is stored or logged (DESIGN.md section 4): no
//! address, no browser, no time of day. Everything the reporter writes or sends is sealed
//! before it reaches PostgreSQL (docs/security.md).

mod choices;
mod evidence;
pub(crate) mod form;
pub mod keys;
mod limits;
pub mod model;
mod pacing;
pub(crate) mod pages;
mod proof;
pub(crate) mod queries;
pub mod receipt;
mod seal;
pub mod sealing;
mod service;
mod workers;

pub use keys::{ensure_unit_keys, init_recovery, RecoveryKey};
pub use model::ReportKind;
pub use pages::routes;
pub use seal::beijing_today;
pub use service::ReportDesk;

#[cfg(test)]
pub(crate) mod tests {
    use crate::config::ReportSettings;

    /// Settings as `config/default.toml` gives them.
    pub fn settings() -> ReportSettings {
        ReportSettings {
            intake_unit: "sasac".into(),
            receipt_secret_file: "var/receipt-secret".into(),
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            crypto_workers: 0,
            max_attachments: 10,
            max_attachment_mb: 20,
            upload_memory_mb: 1024,
            submissions_per_client: 5,
            submissions_per_client_with_proof: 20,
            submissions_global: 600,
            wrong_codes_per_client: 10,
            wrong_codes_global: 300,
            code_checks_per_client: 60,
            window_secs: 3600,
            proof_of_work_bits: 16,
            intake_per_second: 500,
        }
    }
}
