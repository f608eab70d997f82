//! One structured log line per request.
//!
//! Deliberately minimal: method, route path, status and duration. Never the client
//! address, the User-Agent, the query string or any other header: a whistleblower's
//! visit must leave nothing that could be matched to them (DESIGN.md section 4). The
//! report pages (`/report…`) and static files leave no line at all.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// Middleware logging each request after it is answered.
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // The report pages are not logged at all: even a line with no more than a path and
    // a status would record the time someone opened the form or sent a report. Nor are
    // static files: the form's script and stylesheet would date its opening just as well.
    let path = req.path();
    if path == "/report" || path.starts_with("/report/") || path.starts_with("/static/") {
        return next.call(req).await;
    }
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let result = next.call(req).await;
    let (status, pattern) = match &result {
        Ok(res) => (res.status(), res.request().match_pattern()),
        Err(error) => (error.as_response_error().status_code(), None),
    };
    // The route's pattern where there is one (`/admin/setup/{token}`): a path may carry a
    // secret, such as a one-time setup link's token, that must not reach a log.
    let path = pattern.unwrap_or(path);
    tracing::info!(
        target: "sunshine::http",
        method = %method,
        path,
        status = status.as_u16(),
        elapsed_us = started.elapsed().as_micros() as u64,
        "request"
    );
    result
}
