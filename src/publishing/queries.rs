//! Every SQL statement on drafts. Who may do what is part of each statement's `WHERE`, so
//! a request that is not allowed changes nothing, whatever the page offered.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::dsl::{not, now};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::model::{Draft, DraftContent, DraftFile, DraftKind, DraftRow, DraftState};
use crate::db::schema::{disclosure_drafts, staff};

/// How many recently finished drafts the list shows.
const RECENT: i64 = 20;

fn states(list: &[DraftState]) -> Vec<&'static str> {
    list.iter().map(|s| s.code()).collect()
}

fn me(staff_id: i64) -> Vec<Option<i64>> {
    vec![Some(staff_id)]
}

/// Creates a draft written by `author`; returns its id.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    content: &DraftContent,
    author: i64,
) -> QueryResult<i64> {
    let values = Values::of(content);
    diesel::insert_into(disclosure_drafts::table)
        .values((
            disclosure_drafts::kind.eq(values.kind.code()),
            disclosure_drafts::section.eq(values.section),
            disclosure_drafts::enterprise_uscc.eq(values.enterprise_uscc),
            disclosure_drafts::disclosure_id.eq(values.disclosure_id),
            disclosure_drafts::file_name.eq(values.file_name),
            disclosure_drafts::file_bytes.eq(values.file_bytes),
            disclosure_drafts::reason.eq(values.reason),
            disclosure_drafts::state.eq(DraftState::Draft.code()),
            disclosure_drafts::authors.eq(me(author)),
        ))
        .returning(disclosure_drafts::id)
        .get_result(conn)
        .await
}

/// The columns a draft's content sets.
struct Values<'a> {
    kind: DraftKind,
    section: Option<&'static str>,
    enterprise_uscc: Option<&'a str>,
    disclosure_id: Option<i64>,
    file_name: Option<&'a str>,
    file_bytes: Option<&'a [u8]>,
    reason: Option<&'a str>,
}

impl Values<'_> {
    fn of(content: &DraftContent) -> Values<'_> {
        match content {
            DraftContent::File {
                kind,
                file,
                section,
                enterprise_uscc,
                disclosure_id,
            } => Values {
                kind: *kind,
                section: section.map(|s| s.code()),
                enterprise_uscc: enterprise_uscc.as_deref(),
                disclosure_id: *disclosure_id,
                file_name: Some(&file.name),
                file_bytes: Some(&file.bytes),
                reason: None,
            },
            DraftContent::Withdrawal {
                disclosure_id,
                reason,
            } => Values {
                kind: DraftKind::Withdrawal,
                section: None,
                enterprise_uscc: None,
                disclosure_id: Some(*disclosure_id),
                file_name: None,
                file_bytes: None,
                reason: Some(reason),
            },
        }
    }
}

/// Replaces an editable draft's content (keeping its kind), adds `editor` to its authors
/// and makes it a draft again; `None` if it is not editable (or does not exist). Run it
/// in a transaction: the row is locked between reading its authors and writing them.
pub(super) async fn update_content(
    conn: &mut AsyncPgConnection,
    id: i64,
    content: &DraftContent,
    editor: i64,
) -> QueryResult<Option<Draft>> {
    let editable = states(&[DraftState::Draft, DraftState::Returned]);
    let current: Option<(String, Vec<Option<i64>>)> = disclosure_drafts::table
        .find(id)
        .filter(disclosure_drafts::state.eq_any(&editable))
        .select((disclosure_drafts::kind, disclosure_drafts::authors))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    let Some((kind, mut authors)) = current else {
        return Ok(None);
    };
    let values = Values::of(content);
    if kind != values.kind.code() {
        return Ok(None);
    }
    if !authors.contains(&Some(editor)) {
        authors.push(Some(editor));
    }
    // The reviewer who returned it may be editing it now: as an author they can no
    // longer be its reviewer, so the last review is cleared (its note stays, and the audit
    // log keeps who returned it).
    let row: DraftRow = diesel::update(disclosure_drafts::table.find(id))
        .set((
            disclosure_drafts::section.eq(values.section),
            disclosure_drafts::enterprise_uscc.eq(values.enterprise_uscc),
            disclosure_drafts::disclosure_id.eq(values.disclosure_id),
            disclosure_drafts::file_name.eq(values.file_name),
            disclosure_drafts::file_bytes.eq(values.file_bytes),
            disclosure_drafts::reason.eq(values.reason),
            disclosure_drafts::state.eq(DraftState::Draft.code()),
            disclosure_drafts::authors.eq(authors),
            disclosure_drafts::updated_at.eq(now),
            disclosure_drafts::reviewed_by.eq(None::<i64>),
            disclosure_drafts::reviewed_at.eq(None::<DateTime<Utc>>),
        ))
        .returning(DraftRow::as_returning())
        .get_result(conn)
        .await?;
    row.try_into().map(Some)
}

/// One draft, without its file.
pub(super) async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Draft>> {
    let row: Option<DraftRow> = disclosure_drafts::table
        .find(id)
        .select(DraftRow::as_select())
        .first(conn)
        .await
        .optional()?;
    row.map(Draft::try_from).transpose()
}

/// The file of an entry or upload draft.
pub(super) async fn file_of(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<DraftFile>> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> = disclosure_drafts::table
        .find(id)
        .select((disclosure_drafts::file_name, disclosure_drafts::file_bytes))
        .first(conn)
        .await
        .optional()?;
    Ok(match row {
        Some((Some(name), Some(bytes))) => Some(DraftFile { name, bytes }),
        _ => None,
    })
}

/// A change of state, with who asks.
#[derive(Debug, Clone, Copy)]
pub(super) enum Transition<'a> {
    /// An author hands an editable draft in for review.
    Submit,
    /// An author takes a submitted draft back.
    Recall,
    /// A publisher who is none of the authors sends it back with a note.
    Return { note: &'a str },
    /// An author gives an editable draft up.
    Discard,
    /// A publisher who is none of the authors approves it as it was when they looked: its
    /// submission time must still be `seen` (a recall, edit and resubmission changes it).
    /// The publication itself is the caller's, in the same transaction.
    Approve { seen: DateTime<Utc> },
}

/// Applies a transition if `staff_id` may make it in the draft's current state; `None`
/// when not (wrong state, or an author where a reviewer is needed, or the reverse).
pub(super) async fn transition(
    conn: &mut AsyncPgConnection,
    id: i64,
    staff_id: i64,
    change: Transition<'_>,
) -> QueryResult<Option<Draft>> {
    let editable = states(&[DraftState::Draft, DraftState::Returned]);
    let submitted = states(&[DraftState::Submitted]);
    let by_author = disclosure_drafts::authors.contains(me(staff_id));
    let mine = disclosure_drafts::table.find(id).filter(by_author);
    let theirs = disclosure_drafts::table
        .find(id)
        .filter(not(disclosure_drafts::authors.contains(me(staff_id))));
    let no_time = None::<DateTime<Utc>>;
    let row: Option<DraftRow> = match change {
        Transition::Submit => {
            diesel::update(mine.filter(disclosure_drafts::state.eq_any(&editable)))
                .set((
                    disclosure_drafts::state.eq(DraftState::Submitted.code()),
                    disclosure_drafts::submitted_at.eq(Some(Utc::now())),
                    disclosure_drafts::updated_at.eq(now),
                    disclosure_drafts::reviewed_by.eq(None::<i64>),
                    disclosure_drafts::reviewed_at.eq(no_time),
                ))
                .returning(DraftRow::as_returning())
                .get_result(conn)
                .await
        }
        Transition::Recall => {
            diesel::update(mine.filter(disclosure_drafts::state.eq_any(&submitted)))
                .set((
                    disclosure_drafts::state.eq(DraftState::Draft.code()),
                    disclosure_drafts::submitted_at.eq(no_time),
                    disclosure_drafts::updated_at.eq(now),
                ))
                .returning(DraftRow::as_returning())
                .get_result(conn)
                .await
        }
        Transition::Discard => {
            diesel::update(mine.filter(disclosure_drafts::state.eq_any(&editable)))
                .set((
                    disclosure_drafts::state.eq(DraftState::Discarded.code()),
                    disclosure_drafts::updated_at.eq(now),
                ))
                .returning(DraftRow::as_returning())
                .get_result(conn)
                .await
        }
        Transition::Return { note } => {
            diesel::update(theirs.filter(disclosure_drafts::state.eq_any(&submitted)))
                .set((
                    disclosure_drafts::state.eq(DraftState::Returned.code()),
                    disclosure_drafts::updated_at.eq(now),
                    disclosure_drafts::reviewed_by.eq(Some(staff_id)),
                    disclosure_drafts::reviewed_at.eq(Some(Utc::now())),
                    disclosure_drafts::review_note.eq(Some(note)),
                ))
                .returning(DraftRow::as_returning())
                .get_result(conn)
                .await
        }
        Transition::Approve { seen } => {
            let as_seen = theirs
                .filter(disclosure_drafts::state.eq_any(&submitted))
                .filter(disclosure_drafts::submitted_at.eq(seen));
            diesel::update(as_seen)
                .set((
                    disclosure_drafts::state.eq(DraftState::Published.code()),
                    disclosure_drafts::updated_at.eq(now),
                    disclosure_drafts::reviewed_by.eq(Some(staff_id)),
                    disclosure_drafts::reviewed_at.eq(Some(Utc::now())),
                ))
                .returning(DraftRow::as_returning())
                .get_result(conn)
                .await
        }
    }
    .optional()?;
    row.map(Draft::try_from).transpose()
}

/// The drafts the list page shows a publisher.
#[derive(Debug, Default)]
pub(super) struct DraftLists {
    /// Theirs, not finished with.
    pub mine: Vec<Draft>,
    /// Submitted by others: theirs to review.
    pub to_review: Vec<Draft>,
    /// Others' drafts being written (any publisher may help).
    pub others: Vec<Draft>,
    /// Recently published or returned.
    pub recent: Vec<Draft>,
}

/// The lists of `/admin/drafts` for `staff_id`.
pub(super) async fn lists(conn: &mut AsyncPgConnection, staff_id: i64) -> QueryResult<DraftLists> {
    let open = states(&[
        DraftState::Draft,
        DraftState::Returned,
        DraftState::Submitted,
    ]);
    let editable = states(&[DraftState::Draft, DraftState::Returned]);
    let finished = states(&[DraftState::Published, DraftState::Returned]);
    let load = |rows: Vec<DraftRow>| -> QueryResult<Vec<Draft>> {
        rows.into_iter().map(Draft::try_from).collect()
    };
    let mine = disclosure_drafts::table
        .filter(disclosure_drafts::authors.contains(me(staff_id)))
        .filter(disclosure_drafts::state.eq_any(&open))
        .order(disclosure_drafts::updated_at.desc())
        .select(DraftRow::as_select())
        .load(conn)
        .await?;
    let to_review = disclosure_drafts::table
        .filter(not(disclosure_drafts::authors.contains(me(staff_id))))
        .filter(disclosure_drafts::state.eq(DraftState::Submitted.code()))
        .order(disclosure_drafts::submitted_at.asc())
        .select(DraftRow::as_select())
        .load(conn)
        .await?;
    let others = disclosure_drafts::table
        .filter(not(disclosure_drafts::authors.contains(me(staff_id))))
        .filter(disclosure_drafts::state.eq_any(&editable))
        .order(disclosure_drafts::updated_at.desc())
        .select(DraftRow::as_select())
        .load(conn)
        .await?;
    let recent = disclosure_drafts::table
        .filter(disclosure_drafts::state.eq_any(&finished))
        .filter(disclosure_drafts::reviewed_at.is_not_null())
        .order(disclosure_drafts::reviewed_at.desc())
        .limit(RECENT)
        .select(DraftRow::as_select())
        .load(conn)
        .await?;
    Ok(DraftLists {
        mine: load(mine)?,
        to_review: load(to_review)?,
        others: load(others)?,
        recent: load(recent)?,
    })
}

/// The display names of staff members, by id (for authors and reviewers).
pub(super) async fn staff_names(
    conn: &mut AsyncPgConnection,
    ids: &[i64],
) -> QueryResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = staff::table
        .filter(staff::id.eq_any(ids))
        .select((staff::id, staff::display_name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
