//! Staff accounts, their roles and the supervisory units they belong to.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{staff, units};

coded_enum! {
    /// What a staff member may do (DESIGN.md section 2).
    Role {
        /// Manages accounts, units and settings; reads the audit log.
        Administrator = "administrator",
        /// Drafts, reviews and publishes disclosures.
        Publisher = "publisher",
        /// Works the report queue of their unit.
        Triager = "triager",
        /// Investigates the reports of their unit assigned to them.
        Investigator = "investigator",
    }
}

impl Role {
    /// Whether the role belongs to a supervisory unit.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::Triager | Role::Investigator)
    }
}

/// A staff account as stored (without its secrets).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff)]
pub struct StaffRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub unit_code: Option<String>,
    pub totp_enrolled_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A staff account, parsed.
#[derive(Debug, Clone, Serialize)]
pub struct StaffMember {
    /// Database id.
    pub id: i64,
    /// Sign-in name, lowercase.
    pub email: String,
    /// The name colleagues know them by.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their unit (triagers and investigators only).
    pub unit: Option<String>,
    /// Whether a TOTP authenticator is enrolled.
    pub totp_enrolled: bool,
    /// Set when the account was disabled; a disabled account cannot sign in.
    pub disabled_at: Option<DateTime<Utc>>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

impl TryFrom<StaffRow> for StaffMember {
    type Error = diesel::result::Error;

    fn try_from(row: StaffRow) -> Result<StaffMember, Self::Error> {
        let role = Role::from_code(&row.role).ok_or_else(|| {
            diesel::result::Error::DeserializationError(
                format!("unknown role {:?}", row.role).into(),
            )
        })?;
        Ok(StaffMember {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role,
            unit: row.unit_code,
            totp_enrolled: row.totp_enrolled_at.is_some(),
            disabled_at: row.disabled_at,
            created_at: row.created_at,
        })
    }
}

/// A supervisory unit.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = units)]
pub struct Unit {
    /// Stable identifier.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Whether it is still configured.
    pub active: bool,
}
