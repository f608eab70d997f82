//! Staff: accounts and units, sign-in with Argon2id passwords and TOTP, server-side
//! sessions, CSRF, login limits, and the extractors that authorise handlers
//! (docs/staff.md).

mod accounts;
mod extract;
mod guard;
mod keys;
mod limits;
mod model;
mod pages;
mod password;
mod session;
mod token;
mod totp;
mod unlock;

pub use accounts::{
    create, list as list_accounts, list_units, normal_email, sync_units, unit_for_member,
    AccountError, NewAccount, SetupLink,
};
pub use extract::{Administrator, AnySession, Publisher, SignedIn, UnitStaff};
pub use guard::guard;
pub use keys::public_key as staff_public_key;
pub use limits::LoginLimits;
pub use model::{Role, StaffMember, Unit};
pub use pages::{routes, staff_context};
pub use session::{Session, SessionPolicy, StaffKey, Stage, ADMIN_PATH};
pub use token::random_bytes;
pub use totp::code_at as totp_code_at;
