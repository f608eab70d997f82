//! The middleware in front of every staff page: finds the session, refuses a
//! state-changing request without its CSRF token, and marks every answer `no-store`.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};

use super::session::{self, Session, SessionPolicy, COOKIE, LOGIN_COOKIE};
use super::token;
use crate::db::PgPool;
use crate::web::{csrf, AppError};

/// The session found for this request, if any (set by [`guard`], read by the extractors).
#[derive(Clone)]
pub struct CurrentSession(pub Option<Arc<Session>>);

/// See the module documentation.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let session = match req.cookie(COOKIE) {
        Some(cookie) => find_session(&req, cookie.value()).await?,
        None => None,
    };
    if csrf::needs_token(&req) {
        let expected = match &session {
            Some(session) => Some(session.csrf_token.clone()),
            None => req.cookie(LOGIN_COOKIE).map(|c| c.value().to_owned()),
        };
        let provided = csrf::provided_token(&mut req).await;
        let valid = matches!((&expected, &provided), (Some(e), Some(p)) if !e.is_empty() && token::same(e, p));
        if !valid {
            return Err(no_store(AppError::Forbidden.into()));
        }
    }
    req.extensions_mut().insert(CurrentSession(session));
    let mut response = next.call(req).await.map_err(no_store)?;
    mark_no_store(response.headers_mut());
    Ok(response)
}

async fn find_session(
    req: &ServiceRequest,
    cookie: &str,
) -> Result<Option<Arc<Session>>, AppError> {
    let (Some(pool), Some(policy)) = (
        req.app_data::<web::Data<PgPool>>(),
        req.app_data::<web::Data<SessionPolicy>>(),
    ) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "staff pages need the pool and the session policy"
        )));
    };
    let mut conn = pool.get().await?;
    Ok(session::load(&mut conn, policy, cookie).await?)
}

fn mark_no_store(headers: &mut header::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
}

/// Errors become pages further out; the `no-store` must survive that.
fn no_store(error: actix_web::Error) -> actix_web::Error {
    let mut response = error.error_response();
    mark_no_store(response.headers_mut());
    actix_web::error::InternalError::from_response(error.to_string(), response).into()
}
