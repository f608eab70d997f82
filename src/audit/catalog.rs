//! The actions the portal records, and their names for people. A capability that starts
//! recording a new action adds it here and gives it a message `audit_action_<code>` (dots
//! as underscores) in `locales/*/audit.ftl`; the log shows the code itself for an action
//! it has no name for, so an entry is never hidden for want of a translation.

use crate::web::i18n::{Catalog, Lang};

/// Families of actions (the part before the first dot): the log filters by family too.
pub const FAMILIES: &[&str] = &[
    "staff",
    "draft",
    "disclosure",
    "keys",
    "case",
    "routing",
    "reports",
    "audit",
];

/// Every action recorded today, by family.
pub const ACTIONS: &[&str] = &[
    "staff.login",
    "staff.login_failed",
    "staff.logout",
    "staff.logout_everywhere",
    "staff.created",
    "staff.password_set",
    "staff.password_changed",
    "staff.totp_enrolled",
    "staff.disabled",
    "staff.enabled",
    "staff.role_changed",
    "staff.reset",
    "draft.created",
    "draft.updated",
    "draft.submitted",
    "draft.recalled",
    "draft.returned",
    "draft.discarded",
    "draft.approved",
    "disclosure.imported",
    "disclosure.withdrawn",
    "keys.initialised",
    "keys.unit_keys_created",
    "staff.recused",
    "staff.mail_preference",
    "staff.key_created",
    "keys.granted",
    "case.viewed",
    "case.access_refused",
    "case.accepted",
    "case.declined",
    "case.referred",
    "case.investigating",
    "case.concluded",
    "case.rectifying",
    "case.closed",
    "case.message_sent",
    "case.note_added",
    "case.assigned",
    "case.labelled",
    "case.rerouted",
    "case.linked",
    "case.rectification_added",
    "case.rectification_updated",
    "case.outcome_published",
    "case.file_opened",
    "routing.added",
    "routing.enabled",
    "routing.disabled",
    "routing.moved",
    "reports.purged",
    "audit.viewed",
];

/// Reading the log: recorded with its filters (see `pages::log`).
pub const VIEWED: &str = "audit.viewed";

/// The message that names an action or a family.
pub fn message_id(code: &str) -> String {
    format!("audit_action_{}", code.replace('.', "_"))
}

/// The action's name in `lang`, or `None` when the catalog has none.
pub fn label(catalog: &Catalog, lang: Lang, code: &str) -> Option<String> {
    catalog.format(lang, &message_id(code), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_action_and_family_has_a_name_in_every_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let catalog = Catalog::load(&dir).expect("catalogs load");
        for code in ACTIONS.iter().chain(FAMILIES) {
            for lang in Lang::ALL {
                assert!(label(&catalog, lang, code).is_some(), "{code} in {lang:?}");
            }
        }
    }

    #[test]
    fn every_action_belongs_to_a_listed_family() {
        for code in ACTIONS {
            let family = code.split('.').next().unwrap_or_default();
            assert!(FAMILIES.contains(&family), "{code}");
        }
    }
}
