//! The middleware in front of every staff page: finds the session, refuses a
//! state-changing request without its CSRF token, and marks every answer `no-store`.

use std::sync::Arc;

use actix_web::body::{EitherBody, MessageBody};
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
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let session = match req.cookie(COOKIE) {
        Some(cookie) => match find_session(&req, cookie.value()).await {
            Ok(session) => session,
            Err(error) => return Ok(refuse(req, error)),
        },
        None => None,
    };
    if csrf::needs_token(&req) {
        let expected = match &session {
            Some(session) => Some(session.csrf_token.clone()),
            // Only a value this server could have issued (43 base64url characters).
            None => req
                .cookie(LOGIN_COOKIE)
                .map(|c| c.value().to_owned())
                .filter(|v| v.len() == 43),
        };
        let provided = csrf::provided_token(&mut req).await;
        let valid = matches!((&expected, &provided), (Some(e), Some(p)) if token::same(e, p));
        if !valid {
            return Ok(refuse(req, AppError::Forbidden));
        }
    }
    req.extensions_mut().insert(CurrentSession(session));
    let mut response = next.call(req).await?;
    mark_no_store(response.headers_mut());
    Ok(response.map_into_left_body())
}

/// An error answered here rather than returned: a returned `Err` would bypass the
/// middleware further out (error pages, security headers).
fn refuse<B>(req: ServiceRequest, error: AppError) -> ServiceResponse<EitherBody<B>> {
    let mut response = req.error_response(error);
    mark_no_store(response.headers_mut());
    response.map_into_right_body()
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
