//! Cross-origin reads: the API is public and read-only, so any site may read it from a
//! browser, without credentials. The answer is the same whatever the `Origin`, which
//! keeps it safe to cache (no `Vary: Origin` needed).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::HttpResponse;

/// Methods the API answers.
pub const ALLOWED_METHODS: &str = "GET, HEAD, OPTIONS";
/// Request headers a cross-origin client may send (the validators).
const ALLOWED_HEADERS: &str = "If-None-Match, If-Modified-Since, Accept, Accept-Language";
/// Response headers a cross-origin script may read besides the safelisted ones.
const EXPOSED_HEADERS: &str = "ETag, Last-Modified";
/// How long a browser may remember a preflight answer.
const MAX_AGE_SECS: &str = "86400";

/// Middleware on the API scope: answers preflight requests and marks every response as
/// readable from any origin.
pub async fn cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::OPTIONS {
        let response = HttpResponse::NoContent()
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECS))
            .insert_header((header::ALLOW, ALLOWED_METHODS))
            .finish();
        let mut response = req.into_response(response);
        allow_any_origin(response.headers_mut());
        return Ok(response.map_into_boxed_body());
    }
    let mut response = next.call(req).await?;
    allow_any_origin(response.headers_mut());
    Ok(response.map_into_boxed_body())
}

fn allow_any_origin(headers: &mut header::HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
    // The site's default (same-origin) would stop pages elsewhere from embedding data.
    headers.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
}
