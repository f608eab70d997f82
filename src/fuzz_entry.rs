//! Entry points for the fuzz targets in `fuzz/` (see docs/testing.md), compiled only when
//! `cargo fuzz` builds the crate with `--cfg fuzzing`: the normal build's API is unchanged.
//!
//! Public code is fuzzed through its own paths; this module only reaches what is private,
//! and drives it exactly as the server does.

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use actix_web::web::Bytes;

use crate::config::ReportSettings;
pub use crate::report::form::{
    check_reply, check_report, Problem, Received, ReportInput, UploadBudget, REPORT_FIELDS,
};

/// The boundary of the forms [`read_report_form`] reads when none is given.
pub const BOUNDARY: &str = "sunshine-fuzz-boundary";

/// Reads `body` as the report pages read a posted form, arriving in chunks of `chunk`
/// bytes (at least one): `multipart/form-data` with `boundary`, or [`BOUNDARY`] when it is
/// empty. `None` when the boundary cannot be in a header, so no request could carry it.
pub async fn read_report_form(
    boundary: &[u8],
    body: &[u8],
    chunk: usize,
    settings: &ReportSettings,
    budget: &UploadBudget,
) -> Option<Received> {
    let boundary = if boundary.is_empty() {
        BOUNDARY.as_bytes()
    } else {
        boundary
    };
    let content_type = [b"multipart/form-data; boundary=", boundary].concat();
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_bytes(&content_type).ok()?);
    let chunks: Vec<Result<Bytes, PayloadError>> = body
        .chunks(chunk.max(1))
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let form = Multipart::new(&headers, futures_util::stream::iter(chunks));
    Some(crate::report::form::read(form, settings, budget).await)
}

/// Report settings as configured by default, with the attachment limits given.
pub fn report_settings(max_attachments: usize, max_attachment_mb: usize) -> ReportSettings {
    ReportSettings {
        intake_unit: "sasac".into(),
        receipt_secret_file: "var/receipt-secret".into(),
        argon2_memory_kib: 19456,
        argon2_iterations: 2,
        crypto_workers: 1,
        max_attachments,
        max_attachment_mb,
        upload_memory_mb: 64,
        submissions_per_client: 5,
        submissions_per_client_with_proof: 10,
        submissions_global: 100,
        wrong_codes_per_client: 5,
        wrong_codes_global: 100,
        code_checks_per_client: 10,
        window_secs: 3600,
        proof_of_work_bits: 0,
        intake_per_second: 500,
    }
}
