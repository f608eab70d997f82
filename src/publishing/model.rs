//! Drafts as the workflow sees them: what kind, in which state, written by whom.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::disclosure_drafts;
use crate::disclosure::Section;

coded_enum! {
    /// How a draft was made.
    DraftKind {
        /// Typed into the entry form (stored as the CSV the form writes).
        Entry = "entry",
        /// An uploaded CSV or XLSX file, stored as it came.
        Upload = "upload",
        /// A published disclosure to withdraw, with the reason.
        Withdrawal = "withdrawal",
    }
}

coded_enum! {
    /// Where a draft is in the workflow (docs/publishing.md).
    DraftState {
        /// Being written; any publisher may edit it, and becomes an author by doing so.
        Draft = "draft",
        /// Locked, awaiting a publisher who is none of its authors.
        Submitted = "submitted",
        /// Approved and published.
        Published = "published",
        /// Sent back by a reviewer with a note; editable again.
        Returned = "returned",
        /// Given up by an author; kept for the record.
        Discarded = "discarded",
    }
}

impl DraftState {
    /// Whether the draft can still be edited, submitted or discarded.
    pub fn is_editable(self) -> bool {
        matches!(self, DraftState::Draft | DraftState::Returned)
    }

    /// Whether the draft is not finished with (its preview still means something).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DraftState::Draft | DraftState::Returned | DraftState::Submitted
        )
    }
}

/// A draft as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = disclosure_drafts)]
pub(super) struct DraftRow {
    pub id: i64,
    pub kind: String,
    pub section: Option<String>,
    pub enterprise_uscc: Option<String>,
    pub disclosure_id: Option<i64>,
    pub file_name: Option<String>,
    pub reason: Option<String>,
    pub state: String,
    pub authors: Vec<Option<i64>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

/// A draft, without its file (loaded only where it is read).
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// Database id, used in `/admin/drafts/{id}`.
    pub id: i64,
    /// How it was made.
    pub kind: DraftKind,
    /// The section, when it holds one section's disclosures only.
    pub section: Option<Section>,
    /// The enterprise, when it concerns one enterprise only.
    pub enterprise_uscc: Option<String>,
    /// The published disclosure it amends or withdraws.
    pub disclosure_id: Option<i64>,
    /// The file's name (entry and upload drafts).
    pub file_name: Option<String>,
    /// Why the disclosure is withdrawn (withdrawal drafts).
    pub reason: Option<String>,
    /// Where it is in the workflow.
    pub state: DraftState,
    /// Everyone who wrote or changed it; none of them may approve it.
    pub authors: Vec<i64>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was last submitted for review.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who approved or returned it.
    pub reviewed_by: Option<i64>,
    /// When it was approved or returned.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The note it was last returned with.
    pub review_note: Option<String>,
}

impl Draft {
    /// Whether `staff_id` wrote or changed it.
    pub fn is_author(&self, staff_id: i64) -> bool {
        self.authors.contains(&staff_id)
    }
}

impl TryFrom<DraftRow> for Draft {
    type Error = diesel::result::Error;

    fn try_from(row: DraftRow) -> Result<Draft, Self::Error> {
        let bad = |what: &str, value: &str| {
            diesel::result::Error::DeserializationError(format!("unknown {what} {value:?}").into())
        };
        let kind = DraftKind::from_code(&row.kind).ok_or_else(|| bad("kind", &row.kind))?;
        let state = DraftState::from_code(&row.state).ok_or_else(|| bad("state", &row.state))?;
        let section = match row.section.as_deref() {
            Some(code) => Some(Section::from_code(code).ok_or_else(|| bad("section", code))?),
            None => None,
        };
        Ok(Draft {
            id: row.id,
            kind,
            section,
            enterprise_uscc: row.enterprise_uscc,
            disclosure_id: row.disclosure_id,
            file_name: row.file_name,
            reason: row.reason,
            state,
            authors: row.authors.into_iter().flatten().collect(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            submitted_at: row.submitted_at,
            reviewed_by: row.reviewed_by,
            reviewed_at: row.reviewed_at,
            review_note: row.review_note,
        })
    }
}

/// The file of an entry or upload draft.
#[derive(Debug, Clone)]
pub struct DraftFile {
    /// Its name (the extension tells CSV from XLSX).
    pub name: String,
    /// Its bytes, as uploaded or as the form wrote them.
    pub bytes: Vec<u8>,
}

/// What a new or changed draft holds.
#[derive(Debug, Clone)]
pub enum DraftContent {
    /// An entry or upload draft's file.
    File {
        /// Entry or upload.
        kind: DraftKind,
        /// The file.
        file: DraftFile,
        /// The section, when the file holds one section only.
        section: Option<Section>,
        /// The enterprise, when the file concerns one only.
        enterprise_uscc: Option<String>,
        /// The published disclosure it amends, if it amends exactly one.
        disclosure_id: Option<i64>,
    },
    /// A withdrawal of a published disclosure.
    Withdrawal {
        /// The disclosure.
        disclosure_id: i64,
        /// Why.
        reason: String,
    },
}
