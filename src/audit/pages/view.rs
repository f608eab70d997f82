//! What the log page shows of each entry, and the choices of its filter form: names from
//! the catalog, Beijing times, short hashes, and links that add one filter to the others
//! or move to the next page with every filter kept.

use serde::Serialize;
use tera::Context;

use super::beijing_time;
use crate::audit::catalog::{self, ACTIONS, FAMILIES};
use crate::audit::filter::{Cursor, FilterProblem, LogFilter, LogQuery};
use crate::audit::queries::LogPage;
use crate::audit::Entry;
use crate::web::i18n::Catalog;
use crate::web::Page;

/// Hex digits of a hash shown in the table (the full hash is in the cell's title).
const SHORT_HASH: usize = 12;

/// One row of the table.
#[derive(Debug, Serialize)]
struct Row {
    seq: i64,
    time: String,
    actor: String,
    actor_href: Option<String>,
    action: String,
    action_label: Option<String>,
    action_href: String,
    target: String,
    target_href: Option<String>,
    detail: String,
    hash: String,
    short_hash: String,
}

/// This page with `name` set to `value`, starting again at the newest entries.
fn filtered_href(page: &Page, name: &str, value: &str) -> String {
    page.href_with(&[(name, Some(value)), ("before", None), ("after", None)])
}

/// The table's rows, in the order given.
fn rows(page: &Page, catalog: &Catalog, entries: Vec<Entry>) -> Vec<Row> {
    entries
        .into_iter()
        .map(|e| {
            let hash = hex::encode(&e.hash);
            Row {
                seq: e.seq,
                time: beijing_time(e.at),
                actor_href: e
                    .actor_id
                    .map(|id| filtered_href(page, "actor", &id.to_string())),
                action_label: catalog::label(catalog, page.lang, &e.action),
                action_href: filtered_href(page, "action", &e.action),
                target_href: Some(&e.target)
                    .filter(|t| !t.is_empty())
                    .map(|t| filtered_href(page, "target", t)),
                short_hash: hash[..SHORT_HASH.min(hash.len())].to_owned(),
                hash,
                actor: e.actor,
                action: e.action,
                target: e.target,
                detail: e.detail,
            }
        })
        .collect()
}

/// A choice of the action filter.
#[derive(Debug, Serialize)]
struct ActionChoice {
    value: String,
    label: String,
}

/// A family of actions: "all of them", then each one.
#[derive(Debug, Serialize)]
struct ActionGroup {
    label: String,
    all: ActionChoice,
    actions: Vec<ActionChoice>,
}

/// The action filter's choices, by family.
fn action_groups(page: &Page, catalog: &Catalog) -> Vec<ActionGroup> {
    let name = |code: &str| catalog::label(catalog, page.lang, code).unwrap_or(code.to_owned());
    FAMILIES
        .iter()
        .map(|family| {
            let prefix = format!("{family}.");
            let label = name(family);
            let all = catalog.format(
                page.lang,
                "audit_family_all",
                Some(&fluent_bundle::FluentArgs::from_iter([(
                    "family",
                    label.clone(),
                )])),
            );
            ActionGroup {
                all: ActionChoice {
                    value: format!("{prefix}*"),
                    label: all.unwrap_or_else(|| format!("{prefix}*")),
                },
                actions: ACTIONS
                    .iter()
                    .filter(|code| code.starts_with(&prefix))
                    .map(|code| ActionChoice {
                        value: (*code).to_owned(),
                        label: name(code),
                    })
                    .collect(),
                label,
            }
        })
        .collect()
}

/// Whether `value` is one of the choices (else the form offers it as typed).
fn is_listed(value: &str) -> bool {
    value.is_empty()
        || ACTIONS.contains(&value)
        || FAMILIES.iter().any(|f| value == format!("{f}.*"))
}

/// Everything the log page shows but who is signed in, the head and the accounts.
pub fn log_context(
    page: &Page,
    catalog: &Catalog,
    query: &LogQuery,
    filter: Result<LogFilter, FilterProblem>,
    cursor: Cursor,
    log: LogPage,
) -> Context {
    let mut context = Context::new();
    context.insert("actions", &action_groups(page, catalog));
    let selected = match &filter {
        Ok(LogFilter {
            action: Some(a), ..
        }) => a.code(),
        _ => query.action.trim().to_owned(),
    };
    context.insert("action_unlisted", &!is_listed(&selected));
    context.insert("selected_action", &selected);
    context.insert(
        "selected_actor",
        &filter.as_ref().ok().and_then(|f| f.actor),
    );
    context.insert("query", query);
    context.insert(
        "filtered",
        &filter.as_ref().map_or(true, LogFilter::is_active),
    );
    context.insert("problem", &filter.err().map(|p| p.0));
    context.insert("rows", &rows(page, catalog, log.entries));
    let href = |changes: &[(&str, Option<&str>)]| page.href_with(changes);
    let newer = log.newer.map(|s| s.to_string());
    let older = log.older.map(|s| s.to_string());
    let newest = (cursor != Cursor::Newest).then(|| href(&[("before", None), ("after", None)]));
    context.insert("newest_href", &newest);
    context.insert(
        "newer_href",
        &newer.map(|s| href(&[("after", Some(&s)), ("before", None)])),
    );
    context.insert(
        "older_href",
        &older.map(|s| href(&[("before", Some(&s)), ("after", None)])),
    );
    context
}
