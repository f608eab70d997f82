//! CSRF protection for staff pages: every state-changing request must carry the token its
//! session (or, before sign-in, the sign-in cookie) was given, as a form field `csrf`, a
//! `csrf` query parameter (multipart uploads, whose body is streamed) or an
//! `X-CSRF-Token` header. SameSite=Strict cookies are the first line; this is the second.

use actix_web::dev::ServiceRequest;
use actix_web::http::{header, Method};
use actix_web::web::Bytes;

/// Form field, query parameter and header the token travels in.
pub const FIELD: &str = "csrf";
const HEADER: &str = "x-csrf-token";

/// Whether the request changes state and therefore needs a token.
pub fn needs_token(req: &ServiceRequest) -> bool {
    !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token the request carries, reading a urlencoded body if it must (and putting the
/// body back for the handler).
pub async fn provided_token(req: &mut ServiceRequest) -> Option<String> {
    if let Some(value) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return Some(value.to_owned());
    }
    if let Some(value) = field(req.query_string().as_bytes()) {
        return Some(value);
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return None;
    }
    let body = req.extract::<Bytes>().await.ok()?;
    let token = field(&body);
    req.set_payload(body.into());
    token
}

fn field(encoded: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(encoded)
        .find(|(name, _)| name == FIELD)
        .map(|(_, value)| value.into_owned())
}
