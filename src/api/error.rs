//! Errors of the JSON API, in one stable shape:
//! `{"error": {"code": "not_found", "message": "No such enterprise."}}`.
//!
//! The same policy as the pages (`web::error`): a missing record is 404, bad input 400,
//! an unreachable database 503, anything else is logged once and answered with a bare
//! "internal error". Messages are written here, never taken from a cause.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::web::AppError;

/// What an API handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request names something malformed; the message says what.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The record does not exist; the message says which kind.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The database cannot be reached right now.
    #[error("service unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A bug or an unexpected state; the cause is logged, never shown.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

/// Machine-readable error codes; they never change meaning.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: a parameter is malformed.
    BadRequest,
    /// 404: no such record or endpoint.
    NotFound,
    /// 405: the API is read-only.
    MethodNotAllowed,
    /// 503: try again later.
    Unavailable,
    /// 500: our fault; nothing more is said.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// An error's code and a sentence for people.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code to branch on.
    pub code: ErrorCode,
    /// English sentence; may be reworded, do not parse it.
    pub message: String,
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => ApiError::NotFound("No such record."),
            AppError::Unavailable(cause) => ApiError::Unavailable(cause),
            AppError::Internal(cause) => ApiError::Internal(cause),
            // The API is public and read-only: it has no signed-in or forbidden answers.
            AppError::SignIn | AppError::Forbidden => ApiError::NotFound("No such record."),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        AppError::from(error).into()
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        AppError::from(error).into()
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let message = match self {
            ApiError::BadRequest(message) | ApiError::NotFound(message) => message,
            ApiError::Unavailable(cause) => {
                tracing::warn!(error = %format!("{cause:#}"), "unavailable");
                "The database cannot be reached; try again shortly."
            }
            ApiError::Internal(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "internal error");
                "Internal error."
            }
        };
        error_response(self.status_code(), message)
    }
}

/// A JSON error response; also used for errors raised outside API handlers (unknown
/// paths, methods, malformed query strings) on `/api/` paths.
pub fn error_response(status: StatusCode, message: &str) -> HttpResponse {
    let code = match status.as_u16() {
        400 => ErrorCode::BadRequest,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        503 => ErrorCode::Unavailable,
        code if code >= 500 => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let body = ErrorBody {
        error: ErrorDetail {
            code,
            message: message.to_owned(),
        },
    };
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// The generic sentence for a status, for errors that carry no message of their own.
pub fn generic_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The request is malformed.",
        404 => "No such endpoint; see /api/v1/openapi.json.",
        405 => "The API is read-only: use GET, HEAD or OPTIONS.",
        503 => "The database cannot be reached; try again shortly.",
        _ => "Internal error.",
    }
}

/// The fallback service of the API scope: a path it does not know, or a method other
/// than GET and HEAD on one it does (the API is read-only).
pub async fn no_such_endpoint(req: actix_web::HttpRequest) -> HttpResponse {
    use actix_web::http::Method;
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return ApiError::NotFound("No such endpoint; see /api/v1/openapi.json.").error_response();
    }
    let status = StatusCode::METHOD_NOT_ALLOWED;
    let mut response = error_response(status, generic_message(status));
    response.headers_mut().insert(
        header::ALLOW,
        header::HeaderValue::from_static(super::cors::ALLOWED_METHODS),
    );
    response
}
