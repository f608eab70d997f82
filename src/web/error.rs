//! Errors at the HTTP edge.
//!
//! Policy: `anyhow` outside requests, `QueryResult` in queries, `AppError` only in
//! handlers. A missing record is 404; an unreachable database or an exhausted pool is 503;
//! anything else is logged once, with its cause, and answered with a bare "internal error"
//! page. No cause, query or stack ever reaches the client. Every error becomes a page in
//! the site layout and in the reader's language, rendered by `error_pages`; under `/api/`
//! it becomes JSON instead (`api::error`).

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{web, HttpResponse, ResponseError};
use tera::Context;

use super::render::{Page, Renderer};

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The record or page does not exist (or is not the reader's to see).
    #[error("not found")]
    NotFound,
    /// The request needs a signed-in staff member (answered by a redirect to sign in).
    #[error("sign-in required")]
    SignIn,
    /// Signed in, but the role may not do this; or a state-changing request without a
    /// valid CSRF token.
    #[error("forbidden")]
    Forbidden,
    /// A dependency, such as the database, cannot be reached right now.
    #[error("service unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A bug or an unexpected state; the cause is logged, never shown.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => AppError::NotFound,
            e if crate::db::is_unavailable(&e) => AppError::Unavailable(e.into()),
            e => AppError::Internal(e.into()),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for AppError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        AppError::Unavailable(error.into())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::SignIn => StatusCode::SEE_OTHER,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::NotFound | AppError::Forbidden => {}
            AppError::SignIn => {
                return HttpResponse::SeeOther()
                    .insert_header((actix_web::http::header::LOCATION, "/admin/login"))
                    .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
                    .finish();
            }
            AppError::Unavailable(cause) => {
                tracing::warn!(error = %format!("{cause:#}"), "unavailable")
            }
            AppError::Internal(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "internal error")
            }
        }
        // A placeholder: `error_pages` replaces the body with a page in the layout.
        HttpResponse::build(self.status_code()).finish()
    }
}

/// The fallback service: any path no capability claims.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Middleware turning every error response into a page in the reader's language.
/// Responses a handler built on purpose (such as `/readyz` answering 503) carry no error
/// and pass through unchanged.
pub fn error_pages<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(render_error_page)
}

/// Under `/api/` errors are JSON: the API's own pass through, anything else (unknown
/// path, wrong method, unparsable query) gets the same shape with a generic message.
fn api_error<B>(
    req: actix_web::HttpRequest,
    original: HttpResponse<B>,
) -> ServiceResponse<EitherBody<B>> {
    let is_json = original
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return ServiceResponse::new(req, original).map_into_left_body();
    }
    let status = original.status();
    let mut response = crate::api::error_response(status, crate::api::generic_message(status));
    for (name, value) in original.headers() {
        if !response.headers().contains_key(name) && name != actix_web::http::header::CONTENT_LENGTH
        {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(req, response).map_body(|_, body| EitherBody::right(body))
}

fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    // A redirect to sign in is an error to the handler but a plain answer to the browser.
    if res.response().error().is_none() || res.status().is_redirection() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (req, original) = res.into_parts();
    if req.path().starts_with("/api/") {
        return Ok(ErrorHandlerResponse::Response(api_error(req, original)));
    }
    let page = Page::of(&req);
    let key = match status.as_u16() {
        400 => "bad_request",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        503 => "unavailable",
        code if code >= 500 => "internal",
        _ => "bad_request",
    };
    let mut context = Context::new();
    context.insert("status", &status.as_u16());
    context.insert("error_key", key);
    let rendered = req
        .app_data::<web::Data<Renderer>>()
        .map(|renderer| page.render_with_status(renderer, "error.html", context, status));
    let mut response = match rendered {
        Some(Ok(response)) => response,
        // The error page itself failed: answer with the bare status rather than loop.
        _ => HttpResponse::build(status).body(status.canonical_reason().unwrap_or("error")),
    };
    for (name, value) in original.headers() {
        if !response.headers().contains_key(name) {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let response: HttpResponse<BoxBody> = response;
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_body(|_, body| EitherBody::right(body)),
    ))
}
