//! The workflow's state changes, each in one transaction with its audit entry: create and
//! edit (the editor becomes an author), submit, recall, return, discard, and approval,
//! which publishes through the importer (or withdraws) in the same transaction.

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::check::{check_withdrawal, Report};
use super::model::{Draft, DraftContent, DraftKind};
use super::queries::{self, Transition};
use crate::audit::{self, Actor};
use crate::disclosure::import::{self, Effect, ImportError, ImportSummary, SourceFile};
use crate::disclosure::withdraw;

/// Who acts: their staff id (for the authors) and their name in the audit log.
#[derive(Debug, Clone)]
pub struct Editor {
    /// The staff member's id.
    pub id: i64,
    /// Their audit log name.
    pub actor: Actor,
}

fn target(id: i64) -> String {
    format!("draft:{id}")
}

fn describe(content: &DraftContent) -> String {
    match content {
        DraftContent::File {
            kind,
            file,
            section,
            enterprise_uscc,
            disclosure_id,
        } => {
            let mut detail = format!("{} {}", kind.code(), file.name);
            if let Some(section) = section {
                detail.push_str(&format!(" section {}", section.code()));
            }
            if let Some(uscc) = enterprise_uscc {
                detail.push_str(&format!(" enterprise {uscc}"));
            }
            if let Some(id) = disclosure_id {
                detail.push_str(&format!(" amends disclosure:{id}"));
            }
            detail
        }
        DraftContent::Withdrawal {
            disclosure_id,
            reason,
        } => format!("withdrawal of disclosure:{disclosure_id}: {reason}"),
    }
}

/// Creates a draft written by `editor`; returns its id.
pub async fn create(
    conn: &mut AsyncPgConnection,
    editor: &Editor,
    content: &DraftContent,
) -> QueryResult<i64> {
    conn.transaction(async |conn| {
        let id = queries::insert(conn, content, editor.id).await?;
        let detail = describe(content);
        audit::append(conn, &editor.actor, "draft.created", &target(id), &detail).await?;
        Ok(id)
    })
    .await
}

/// Replaces an editable draft's content; `None` when it is not editable.
pub async fn update(
    conn: &mut AsyncPgConnection,
    editor: &Editor,
    id: i64,
    content: &DraftContent,
) -> QueryResult<Option<Draft>> {
    conn.transaction(async |conn| {
        let Some(draft) = queries::update_content(conn, id, content, editor.id).await? else {
            return Ok(None);
        };
        let detail = describe(content);
        audit::append(conn, &editor.actor, "draft.updated", &target(id), &detail).await?;
        Ok(Some(draft))
    })
    .await
}

/// A change of state other than approval.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// Hand in for review (an author).
    Submit,
    /// Take back from review (an author).
    Recall,
    /// Send back with a note (a reviewer).
    Return {
        /// Why.
        note: &'a str,
    },
    /// Give up (an author).
    Discard,
}

/// Applies a change if `editor` may make it now; `None` when not.
pub async fn change(
    conn: &mut AsyncPgConnection,
    editor: &Editor,
    id: i64,
    change: Change<'_>,
) -> QueryResult<Option<Draft>> {
    let (transition, action, detail) = match change {
        Change::Submit => (Transition::Submit, "draft.submitted", String::new()),
        Change::Recall => (Transition::Recall, "draft.recalled", String::new()),
        Change::Return { note } => (
            Transition::Return { note },
            "draft.returned",
            note.to_owned(),
        ),
        Change::Discard => (Transition::Discard, "draft.discarded", String::new()),
    };
    conn.transaction(async |conn| {
        let Some(draft) = queries::transition(conn, id, editor.id, transition).await? else {
            return Ok(None);
        };
        audit::append(conn, &editor.actor, action, &target(id), &detail).await?;
        Ok(Some(draft))
    })
    .await
}

/// Why an approval published nothing.
#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    /// The approver wrote or changed the draft: another publisher must approve it.
    #[error("an author cannot approve their own draft")]
    OwnDraft,
    /// The draft is not awaiting review (any more).
    #[error("the draft is not awaiting review")]
    NotSubmitted,
    /// The draft no longer imports (or withdraws) cleanly; every problem is listed.
    #[error("the draft is rejected by the importer")]
    Rejected(Report),
    /// The draft was changed (recalled, edited, submitted again) after the approver looked.
    #[error("the draft changed since it was reviewed")]
    Changed,
    /// Someone changed the same disclosures meanwhile; nothing was written.
    #[error("a concurrent change; nothing was written")]
    Conflict,
    /// The database failed; nothing was written.
    #[error(transparent)]
    Database(DieselError),
}

impl ApproveError {
    /// A collision with a concurrent transaction, worth trying again.
    fn is_collision(&self) -> bool {
        matches!(
            self,
            ApproveError::Conflict
                | ApproveError::Database(DieselError::DatabaseError(
                    DatabaseErrorKind::UniqueViolation,
                    _
                ))
        )
    }
}

impl From<DieselError> for ApproveError {
    fn from(error: DieselError) -> ApproveError {
        match error {
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApproveError::Conflict
            }
            e => ApproveError::Database(e),
        }
    }
}

impl From<ImportError> for ApproveError {
    fn from(error: ImportError) -> ApproveError {
        match error {
            ImportError::Rejected { problems, .. } => ApproveError::Rejected(Report {
                problems,
                ..Report::default()
            }),
            ImportError::Conflict => ApproveError::Conflict,
            ImportError::Database(e) => ApproveError::Database(e),
        }
    }
}

/// Approves a submitted draft and publishes it, in one serializable transaction that
/// also marks the draft published and records both in the audit log. The approver must
/// be none of its authors: checked here for a clear answer, in the query, and by the
/// table's CHECK. Nothing is written if anything fails. Returns the disclosures that
/// changed.
pub async fn approve(
    conn: &mut AsyncPgConnection,
    editor: &Editor,
    draft: &Draft,
    seen: DateTime<Utc>,
) -> Result<Vec<i64>, ApproveError> {
    if draft.is_author(editor.id) {
        return Err(ApproveError::OwnDraft);
    }
    if draft.submitted_at != Some(seen) {
        return Err(ApproveError::Changed);
    }
    // A serializable transaction reads from a snapshot taken at its first statement, so an
    // audit entry appended meanwhile by anyone makes the append here collide; the whole
    // approval is then simply done again.
    let mut attempt = 0;
    loop {
        attempt += 1;
        match approve_once(conn, editor, draft, seen).await {
            Err(error) if error.is_collision() && attempt < APPROVE_ATTEMPTS => continue,
            result => return result,
        }
    }
}

/// How many times an approval that collided with a concurrent change is tried.
const APPROVE_ATTEMPTS: u32 = 3;

async fn approve_once(
    conn: &mut AsyncPgConnection,
    editor: &Editor,
    draft: &Draft,
    seen: DateTime<Utc>,
) -> Result<Vec<i64>, ApproveError> {
    let id = draft.id;
    let (kind, disclosure_id, reason) = (draft.kind, draft.disclosure_id, draft.reason.clone());
    conn.build_transaction()
        .serializable()
        .run(async |conn| {
            queries::transition(conn, id, editor.id, Transition::Approve { seen })
                .await?
                .ok_or(ApproveError::NotSubmitted)?;
            // Read after the transition, in the same transaction: what is published is
            // exactly what the approver saw submitted.
            let file = match kind {
                DraftKind::Withdrawal => None,
                DraftKind::Entry | DraftKind::Upload => {
                    let file = queries::file_of(conn, id)
                        .await?
                        .ok_or(ApproveError::NotSubmitted)?;
                    Some(import::check(&[SourceFile {
                        name: file.name,
                        bytes: file.bytes,
                    }]))
                }
            };
            let (approved, detail) = match (&file, disclosure_id, reason.as_deref()) {
                (Some(checked), _, _) => {
                    let summary = import::publish_within(conn, checked, &editor.actor).await?;
                    let detail = published_detail(&summary);
                    let changed = summary
                        .outcomes
                        .iter()
                        .filter(|o| o.effect != Effect::Unchanged)
                        .map(|o| o.disclosure_id)
                        .collect();
                    (changed, detail)
                }
                (None, Some(disclosure_id), Some(reason)) => {
                    let report = check_withdrawal(conn, disclosure_id, reason).await?;
                    if !report.is_clean() {
                        return Err(ApproveError::Rejected(report));
                    }
                    let number = withdraw(conn, disclosure_id, reason).await?;
                    let target = format!("disclosure:{disclosure_id}");
                    let detail = format!("version {number}: {reason}");
                    audit::append(
                        conn,
                        &editor.actor,
                        "disclosure.withdrawn",
                        &target,
                        &detail,
                    )
                    .await?;
                    let detail = format!("withdrew disclosure:{disclosure_id}");
                    (vec![disclosure_id], detail)
                }
                (None, _, _) => return Err(ApproveError::NotSubmitted),
            };
            audit::append(conn, &editor.actor, "draft.approved", &target(id), &detail).await?;
            Ok(approved)
        })
        .await
}

fn published_detail(summary: &ImportSummary) -> String {
    let list: Vec<String> = summary
        .outcomes
        .iter()
        .filter(|o| o.effect != Effect::Unchanged)
        .map(|o| format!("disclosure:{} {:?}", o.disclosure_id, o.effect).to_lowercase())
        .collect();
    format!("published {}", list.join(", "))
}
