//! Authorisation as extractors: a handler that takes a [`Publisher`] cannot run for anyone
//! else. Queries then narrow what a [`UnitStaff`] may load to their own unit.

use std::future::{ready, Ready};
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::guard::CurrentSession;
use super::model::{Role, StaffMember};
use super::session::{Session, Stage};
use crate::audit::Actor;
use crate::web::AppError;

fn current(req: &HttpRequest) -> Option<Arc<Session>> {
    req.extensions()
        .get::<CurrentSession>()
        .and_then(|current| current.0.clone())
}

/// A session at any stage of signing in (the second-factor and enrolment pages).
pub struct AnySession(pub Arc<Session>);

impl FromRequest for AnySession {
    type Error = AppError;
    type Future = Ready<Result<AnySession, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(current(req).map(AnySession).ok_or(AppError::SignIn))
    }
}

/// A fully signed-in staff member of any role.
#[derive(Clone)]
pub struct SignedIn(pub Arc<Session>);

impl SignedIn {
    /// Who is signed in.
    pub fn staff(&self) -> &StaffMember {
        &self.0.staff
    }

    /// The audit log's name for them.
    pub fn actor(&self) -> Actor {
        Actor::staff(self.0.staff.id, &self.0.staff.email)
    }

    /// The session's CSRF token, for forms.
    pub fn csrf(&self) -> &str {
        &self.0.csrf_token
    }

    fn of(req: &HttpRequest) -> Result<SignedIn, AppError> {
        match current(req) {
            Some(session) if session.stage == Stage::SignedIn => Ok(SignedIn(session)),
            _ => Err(AppError::SignIn),
        }
    }

    fn with_role(req: &HttpRequest, role: Role) -> Result<SignedIn, AppError> {
        let signed_in = SignedIn::of(req)?;
        if signed_in.staff().role == role {
            Ok(signed_in)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Ready<Result<SignedIn, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(SignedIn::of(req))
    }
}

macro_rules! role_extractor {
    ($(#[$meta:meta])* $name:ident, $role:expr) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(pub SignedIn);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<$name, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(SignedIn::with_role(req, $role).map($name))
            }
        }

        impl std::ops::Deref for $name {
            type Target = SignedIn;

            fn deref(&self) -> &SignedIn {
                &self.0
            }
        }
    };
}

role_extractor!(
    /// A signed-in administrator.
    Administrator,
    Role::Administrator
);
role_extractor!(
    /// A signed-in publisher.
    Publisher,
    Role::Publisher
);

/// A signed-in triager or investigator, with the unit everything they load is narrowed to.
#[derive(Clone)]
pub struct UnitStaff {
    /// The session.
    pub signed_in: SignedIn,
    /// Their unit's code: queries take it and match nothing outside it.
    pub unit: String,
}

impl FromRequest for UnitStaff {
    type Error = AppError;
    type Future = Ready<Result<UnitStaff, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(SignedIn::of(req).and_then(|signed_in| {
            match (
                signed_in.staff().role.needs_unit(),
                signed_in.staff().unit.clone(),
            ) {
                (true, Some(unit)) => Ok(UnitStaff { signed_in, unit }),
                _ => Err(AppError::Forbidden),
            }
        }))
    }
}
