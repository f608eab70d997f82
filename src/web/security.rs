//! Security headers sent with every response, error pages and static files included.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;

/// No inline script or style, nothing from another origin, no framing, no referrer: the
/// site loads only its own files, so a reader's browser never contacts a third party.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
     img-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// Browser features the portal never uses, all switched off.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/// The headers; `hsts_max_age` is set only when Sunshine itself serves HTTPS.
pub fn security_headers(hsts_max_age: Option<u64>) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add(("Permissions-Policy", PERMISSIONS_POLICY))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"));
    match hsts_max_age {
        Some(max_age) => headers.add((
            header::STRICT_TRANSPORT_SECURITY,
            format!("max-age={max_age}; includeSubDomains"),
        )),
        None => headers,
    }
}
