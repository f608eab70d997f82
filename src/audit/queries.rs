//! Reading the log: a filtered page by keyset on the entry number, and single entries.
//!
//! Every page is `... WHERE <filters> AND seq < $cursor ORDER BY seq DESC LIMIT n`, read
//! through the primary key or the filter's own index (migration 10), so page 10,000 costs
//! what page 1 does, however long the log grows. A date range is first turned into a
//! range of numbers (times never go backwards along the chain), so that filtering an old
//! year reads only that year's part of the key instead of everything after it.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::chain::Entry;
use super::filter::{ActionFilter, Cursor, LogFilter};
use crate::db::schema::audit_log;

/// A page of the log, newest first, and where its neighbours start.
#[derive(Debug, Clone, Default)]
pub struct LogPage {
    /// The entries shown, newest first.
    pub entries: Vec<Entry>,
    /// `after=` of the newer page, when there is one.
    pub newer: Option<i64>,
    /// `before=` of the older page, when there is one.
    pub older: Option<i64>,
}

/// The numbers a date range covers, or `None` when no entry falls in it.
async fn seq_range(
    conn: &mut AsyncPgConnection,
    filter: &LogFilter,
) -> QueryResult<Option<(i64, i64)>> {
    let mut range = (1, i64::MAX);
    if let Some(from) = filter.starts_at() {
        let first: Option<i64> = audit_log::table
            .filter(audit_log::at.ge(from))
            .order((audit_log::at, audit_log::seq))
            .select(audit_log::seq)
            .first(conn)
            .await
            .optional()?;
        let Some(first) = first else { return Ok(None) };
        range.0 = first;
    }
    if let Some(until) = filter.ends_before() {
        let last: Option<i64> = audit_log::table
            .filter(audit_log::at.lt(until))
            .order((audit_log::at.desc(), audit_log::seq.desc()))
            .select(audit_log::seq)
            .first(conn)
            .await
            .optional()?;
        let Some(last) = last else { return Ok(None) };
        range.1 = last;
    }
    Ok((range.0 <= range.1).then_some(range))
}

/// Up to `size + 1` entries matching `filter` from `cursor` on (the extra one says whether
/// there are more), newest first for `Newest` and `Before`, oldest first for `After`.
async fn load(
    conn: &mut AsyncPgConnection,
    filter: &LogFilter,
    (first, last): (i64, i64),
    cursor: Cursor,
    size: i64,
) -> QueryResult<Vec<Entry>> {
    let mut query = audit_log::table
        .select(Entry::as_select())
        .filter(audit_log::seq.between(first, last))
        .into_boxed();
    if let Some(actor) = filter.actor {
        query = query.filter(audit_log::actor_id.eq(actor));
    }
    match &filter.action {
        Some(ActionFilter::Exact(code)) => query = query.filter(audit_log::action.eq(code.clone())),
        // Codes are [a-z0-9_.]: only `_` is special to LIKE (backslash is its escape).
        Some(ActionFilter::Family(prefix)) => {
            let pattern = format!("{}%", prefix.replace('_', "\\_"));
            query = query.filter(audit_log::action.like(pattern));
        }
        None => {}
    }
    if let Some(target) = &filter.target {
        query = query.filter(audit_log::target.eq(target.clone()));
    }
    query = match cursor {
        Cursor::Newest => query.order(audit_log::seq.desc()),
        Cursor::Before(seq) => query
            .filter(audit_log::seq.lt(seq))
            .order(audit_log::seq.desc()),
        Cursor::After(seq) => query
            .filter(audit_log::seq.gt(seq))
            .order(audit_log::seq.asc()),
    };
    query.limit(size + 1).load(conn).await
}

/// A page of `size` entries matching `filter`, starting at `cursor`.
pub async fn log_page(
    conn: &mut AsyncPgConnection,
    filter: &LogFilter,
    cursor: Cursor,
    size: i64,
) -> QueryResult<LogPage> {
    let Some(range) = seq_range(conn, filter).await? else {
        return Ok(LogPage::default());
    };
    let limit = usize::try_from(size).unwrap_or(usize::MAX);
    let mut entries = load(conn, filter, range, cursor, size).await?;
    let more = entries.len() > limit;
    entries.truncate(limit);
    let (newer, older) = match cursor {
        Cursor::Newest => (None, more),
        // Reached from a newer page, so one exists; a hand-made `before=` that is past the
        // newest entry leads to `After`, which then falls back to the newest page.
        Cursor::Before(_) => (Some(()), more),
        Cursor::After(_) if !more => {
            // Nothing newer beyond this page: show the newest page, full, instead.
            return Box::pin(log_page(conn, filter, Cursor::Newest, size)).await;
        }
        Cursor::After(_) => {
            entries.reverse();
            (Some(()), true)
        }
    };
    Ok(LogPage {
        newer: newer.and(<[Entry]>::first(&entries).map(|e| e.seq)),
        older: older.then(|| entries.last().map(|e| e.seq)).flatten(),
        entries,
    })
}

/// The hash of entry `seq`, if the log has that entry.
pub async fn hash_of(conn: &mut AsyncPgConnection, seq: i64) -> QueryResult<Option<Vec<u8>>> {
    audit_log::table
        .find(seq)
        .select(audit_log::hash)
        .first(conn)
        .await
        .optional()
}

/// The last entry a staff member appended, if any.
pub async fn last_entry_by(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
) -> QueryResult<Option<Entry>> {
    audit_log::table
        .filter(audit_log::actor_id.eq(actor_id))
        .order(audit_log::seq.desc())
        .select(Entry::as_select())
        .first(conn)
        .await
        .optional()
}
