//! Previewing a draft exactly as the public will see it: the draft is applied in a
//! transaction on one connection, the public pages are rendered from that connection by
//! their own code and templates, and the transaction is rolled back. Nothing is
//! committed, so no public page, cache, feed, search or data file ever sees it (the
//! publication NOTIFY is only delivered on commit).

use actix_web::HttpResponse;
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, TransactionManager};
use serde::Serialize;
use tera::Context;

use super::check::{check_withdrawal, Report};
use super::model::{Draft, DraftFile, DraftKind};
use crate::disclosure::import::{self, Effect, ImportError, SourceFile};
use crate::disclosure::{render_preview, withdraw, Period, PublicView, Section};
use crate::web::{AppError, Page, Renderer};

/// One disclosure a draft touches, for the preview list.
#[derive(Debug, Clone, Serialize)]
pub struct Touched {
    /// Position in the list (the preview URL's number).
    pub index: usize,
    /// Its enterprise.
    pub uscc: String,
    /// Its section.
    pub section: Section,
    /// Its period.
    pub period: Period,
    /// New, amended, unchanged, or rectification statuses recorded.
    pub effect: Effect,
}

/// What to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The list of disclosures the draft touches.
    List,
    /// The public page of the `n`th of them.
    Page(usize, PublicView),
}

/// What a preview found.
pub enum Preview {
    /// The list of what the draft touches.
    List(Vec<Touched>),
    /// A public page as the public would see it.
    Page(HttpResponse),
    /// The draft no longer applies; nothing to show but why.
    Rejected(Report),
}

/// Applies `draft` (with its `file`) in a transaction, shows what is asked from inside
/// it, and rolls it back whatever happened.
pub async fn preview(
    conn: &mut AsyncPgConnection,
    draft: &Draft,
    file: Option<DraftFile>,
    shown: Shown,
    (page, renderer, banner): (&Page, &Renderer, &Context),
) -> Result<Preview, AppError> {
    AnsiTransactionManager::begin_transaction(conn).await?;
    let result = apply_and_show(conn, draft, file, shown, page, renderer, banner).await;
    // Rolled back on every path: a preview never commits.
    AnsiTransactionManager::rollback_transaction(conn).await?;
    result
}

async fn apply_and_show(
    conn: &mut AsyncPgConnection,
    draft: &Draft,
    file: Option<DraftFile>,
    shown: Shown,
    page: &Page,
    renderer: &Renderer,
    banner: &Context,
) -> Result<Preview, AppError> {
    let touched = match (
        draft.kind,
        file,
        draft.disclosure_id,
        draft.reason.as_deref(),
    ) {
        (DraftKind::Withdrawal, _, Some(disclosure_id), Some(reason)) => {
            let report = check_withdrawal(conn, disclosure_id, reason).await?;
            if !report.is_clean() {
                return Ok(Preview::Rejected(report));
            }
            withdraw(conn, disclosure_id, reason).await?;
            vec![disclosure_id]
        }
        (DraftKind::Entry | DraftKind::Upload, Some(file), _, _) => {
            let checked = import::check(&[SourceFile {
                name: file.name,
                bytes: file.bytes,
            }]);
            let summary = match import::apply_within(conn, &checked).await {
                Ok(summary) => summary,
                Err(ImportError::Rejected { problems, .. }) => {
                    let report = Report {
                        problems,
                        ..Report::default()
                    };
                    return Ok(Preview::Rejected(report));
                }
                Err(ImportError::Conflict) => {
                    return Err(AppError::Unavailable(anyhow::anyhow!("preview conflict")))
                }
                Err(ImportError::Database(e)) => return Err(e.into()),
            };
            if shown == Shown::List {
                let list = summary
                    .outcomes
                    .into_iter()
                    .enumerate()
                    .map(|(index, o)| Touched {
                        index,
                        uscc: o.uscc.as_str().to_owned(),
                        section: o.section,
                        period: o.period,
                        effect: o.effect,
                    })
                    .collect();
                return Ok(Preview::List(list));
            }
            summary.outcomes.iter().map(|o| o.disclosure_id).collect()
        }
        _ => return Err(AppError::NotFound),
    };
    let Shown::Page(index, view) = shown else {
        return Err(AppError::NotFound);
    };
    let id = *touched.get(index).ok_or(AppError::NotFound)?;
    let response = render_preview(page, renderer, conn, id, view, banner).await?;
    Ok(Preview::Page(response))
}
