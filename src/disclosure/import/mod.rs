//! `sunshine import FILE...` and the publishing workflow's drafts: publishing disclosures
//! from CSV and XLSX files.
//!
//! The format is in `docs/import-format.md`. A run goes: read every file (from disk, or
//! bytes the admin site holds), check every row (collecting every problem of every file),
//! then in one serializable transaction check the rows against what is published and —
//! only if no problem was found anywhere — publish. So a run is all-or-nothing: a rejected
//! run writes nothing, and the operator fixes the files and runs it again, which
//! republishes nothing already published.
//!
//! The steps are public on their own for the admin site: [`check`] reads and checks bytes
//! without the database, [`plan`] compares them with what is published without writing,
//! [`apply_within`] publishes inside the caller's transaction (a preview rolls it back),
//! and [`publish_within`] does the same and records it in the audit log.

mod apply;
mod columns;
mod export;
mod form;
mod header;
mod message;
mod problem;
mod read;
mod reader;
mod sections;
mod status;
mod validate;
mod values;
mod vocabulary;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncPgConnection;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub use apply::{Effect, Outcome};
pub use export::content_rows;
pub use form::{form_layout, FormColumn, FormLayout, Input};
pub use message::Message;
pub use problem::Problem;
pub use read::is_importable;

use crate::audit::{self, Actor};
use crate::disclosure::model::{Period, Section};
use crate::enterprise::Uscc;
use apply::Counts;
use columns::FileKind;
use problem::FileRef;
use status::StatusRecord;
use validate::{FileRows, Record};

/// Below this many rows a run is over before a progress bar could be read.
const PROGRESS_FROM_ROWS: usize = 500;

/// What a successful run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Files read.
    pub files: usize,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    /// Disclosures published for the first time (a table of several rows counts once).
    pub published: usize,
    /// Disclosures published as amendments of existing ones.
    pub amended: usize,
    /// Disclosures already published as they are.
    pub unchanged: usize,
    /// Rectification status updates recorded.
    pub statuses_recorded: usize,
    /// Rectification status updates already on record as they are.
    pub statuses_unchanged: usize,
    /// Every disclosure the run published, amended, left unchanged or updated the
    /// rectification status of, in file order.
    pub outcomes: Vec<Outcome>,
}

/// Why a run wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The files have problems; every one of them is listed.
    #[error("import rejected: {} in {}", plural(problems.len(), "error"), plural(*files, "file"))]
    Rejected {
        /// Every problem, file by file, row by row.
        problems: Vec<Problem>,
        /// How many files have at least one problem.
        files: usize,
    },
    /// Another change to the same disclosures committed while this run was checking.
    #[error("the disclosures changed while the import ran; nothing was written, run it again")]
    Conflict,
    /// The database failed; nothing was written.
    #[error("import failed, nothing was written")]
    Database(DieselError),
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A file to import: its name (whose extension tells CSV from XLSX, and which problems
/// name) and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name problems give it: a path on the command line, a file name on the web.
    pub name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// Imports the files in one transaction, or rejects them all with every problem found;
/// the run is recorded in the audit log as `disclosure.imported` by `actor`.
/// `show_progress` draws a bar on stderr for large runs (pass whether it is a terminal).
pub async fn import_files(
    conn: &mut AsyncPgConnection,
    paths: &[PathBuf],
    actor: &Actor,
    show_progress: bool,
) -> Result<ImportSummary, ImportError> {
    let mut unreadable = Vec::new();
    let mut files = Vec::with_capacity(paths.len());
    for (index, path) in paths.iter().enumerate() {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => files.push(SourceFile { name, bytes }),
            Err(e) => {
                let file = FileRef {
                    label: Arc::from(name.as_str()),
                    index,
                };
                let message = Message::new("import_unreadable").arg("error", e);
                unreadable.push(Problem::in_file(&file, message));
                // Keeps the other files' positions, so problems stay in command-line order.
                files.push(SourceFile {
                    name,
                    bytes: Vec::new(),
                });
            }
        }
    }
    let mut checked = check_skipping(&files, &unreadable);
    checked.problems.extend(unreadable);
    let progress = progress_bar(
        show_progress,
        checked.records.len() + checked.statuses.len(),
    );
    let result = conn
        .build_transaction()
        .serializable()
        .run(async |conn| publish_with_progress(conn, &checked, actor, &progress).await)
        .await;
    progress.finish_and_clear();
    result
}

/// Every file read and checked, without the database: the disclosures they hold and
/// every problem found so far.
#[derive(Debug)]
pub struct Checked {
    records: Vec<Record>,
    statuses: Vec<StatusRecord>,
    problems: Vec<Problem>,
    names: Vec<String>,
    /// Data rows read.
    rows: usize,
}

impl Checked {
    /// Every problem found without the database, in the order an operator fixes them.
    pub fn problems(&self) -> Vec<Problem> {
        sorted(self.problems.clone())
    }

    /// The disclosures the files hold, with their enterprise, section and period.
    pub fn disclosures(&self) -> Vec<(Uscc, Section, Period)> {
        self.records
            .iter()
            .map(|r| (r.uscc.clone(), r.content.section(), r.period))
            .collect()
    }

    /// Whether the files hold rectification status updates.
    pub fn has_status_updates(&self) -> bool {
        !self.statuses.is_empty()
    }

    /// Data rows read (blank rows not counted).
    pub fn rows(&self) -> usize {
        self.rows
    }
}

/// Reads and checks files held in memory, without the database.
pub fn check(files: &[SourceFile]) -> Checked {
    check_skipping(files, &[])
}

/// [`check`], leaving out the files `unreadable` already has a problem for.
fn check_skipping(files: &[SourceFile], unreadable: &[Problem]) -> Checked {
    let today = validate::today();
    let mut run = Checked {
        records: Vec::new(),
        statuses: Vec::new(),
        problems: Vec::new(),
        names: files.iter().map(|f| f.name.clone()).collect(),
        rows: 0,
    };
    let mut seen = HashMap::new();
    let mut seen_statuses = HashMap::new();
    for (index, source) in files.iter().enumerate() {
        if unreadable.iter().any(|p| p.sort_key().0 == index) {
            continue;
        }
        let file = FileRef {
            label: Arc::from(source.name.as_str()),
            index,
        };
        let problems = &mut run.problems;
        let table = match read::read_table(&source.name, &source.bytes, &file) {
            Ok(table) => table,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let Some(layout) = header::layout(&table, &file, problems) else {
            continue;
        };
        if table.rows.is_empty() {
            problems.push(Problem::in_file(&file, Message::new("import_no_rows")));
        }
        run.rows += table.rows.len();
        match layout.kind {
            FileKind::Disclosure(section) => {
                let input = FileRows {
                    rows: &table.rows,
                    layout: &layout,
                    file: &file,
                    today,
                };
                let records = sections::records(section, &input, &mut seen, problems);
                run.records.extend(records);
            }
            FileKind::RectificationStatus => {
                let statuses = status::validate_rows(
                    &table.rows,
                    &layout,
                    &file,
                    today,
                    &mut seen_statuses,
                    problems,
                );
                run.statuses.extend(statuses);
            }
        }
    }
    run
}

/// One disclosure as a run would import it, decided against what is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Its enterprise.
    pub uscc: Uscc,
    /// Its section.
    pub section: Section,
    /// Its period.
    pub period: Period,
    /// What importing it would do; `None` where a problem stops it.
    pub effect: Option<Effect>,
    /// The published disclosure it amends or equals, if any.
    pub disclosure_id: Option<i64>,
}

/// What importing checked files would do, and every problem, without writing anything.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Every problem, with and without the database, in the order an operator fixes them.
    pub problems: Vec<Problem>,
    /// Each disclosure of the files, in file order.
    pub disclosures: Vec<Planned>,
}

/// Compares checked files with what is published, in a read-only transaction that is
/// then rolled back: nothing is written, and every problem is reported.
pub async fn plan(conn: &mut AsyncPgConnection, checked: &Checked) -> Result<Plan, DieselError> {
    let mut problems = checked.problems.clone();
    let planned = conn
        .build_transaction()
        .read_only()
        .repeatable_read()
        .run(async |conn| {
            let progress = ProgressBar::hidden();
            apply::plan(
                conn,
                &checked.records,
                &checked.statuses,
                &mut problems,
                &progress,
            )
            .await
        })
        .await?;
    let disclosures = checked
        .records
        .iter()
        .zip(&planned.disclosures)
        .map(|(record, action)| Planned {
            uscc: record.uscc.clone(),
            section: record.content.section(),
            period: record.period,
            effect: action.as_ref().map(apply::Action::effect),
            disclosure_id: match action {
                Some(apply::Action::Amend { disclosure_id, .. })
                | Some(apply::Action::Unchanged { disclosure_id }) => Some(*disclosure_id),
                _ => None,
            },
        })
        .collect();
    Ok(Plan {
        problems: sorted(problems),
        disclosures,
    })
}

/// Publishes checked files inside the caller's transaction, which should be serializable
/// (as [`import_files`]'s is) and must be rolled back on an error: a rejection writes
/// nothing, but a database error may leave the transaction half done. Nothing is
/// recorded in the audit log; a preview rolls the transaction back.
pub async fn apply_within(
    conn: &mut AsyncPgConnection,
    checked: &Checked,
) -> Result<ImportSummary, ImportError> {
    run_within(conn, checked, None, &ProgressBar::hidden()).await
}

/// [`apply_within`], and the run recorded in the audit log as `disclosure.imported` by
/// `actor`, in the same transaction.
pub async fn publish_within(
    conn: &mut AsyncPgConnection,
    checked: &Checked,
    actor: &Actor,
) -> Result<ImportSummary, ImportError> {
    run_within(conn, checked, Some(actor), &ProgressBar::hidden()).await
}

async fn publish_with_progress(
    conn: &mut AsyncPgConnection,
    checked: &Checked,
    actor: &Actor,
    progress: &ProgressBar,
) -> Result<ImportSummary, ImportError> {
    run_within(conn, checked, Some(actor), progress).await
}

async fn run_within(
    conn: &mut AsyncPgConnection,
    checked: &Checked,
    actor: Option<&Actor>,
    progress: &ProgressBar,
) -> Result<ImportSummary, ImportError> {
    let mut problems = checked.problems.clone();
    progress.set_message("checking");
    let (records, statuses) = (&checked.records, &checked.statuses);
    let planned = apply::plan(conn, records, statuses, &mut problems, progress).await;
    let planned = planned.map_err(database_error)?;
    if !planned.is_complete() || !problems.is_empty() {
        return Err(rejection(problems));
    }
    progress.set_position(0);
    progress.set_message("publishing");
    let counts = apply::apply(conn, records, statuses, &planned, progress)
        .await
        .map_err(database_error)?;
    let summary = summary(checked.names.len(), checked.rows, counts);
    if let Some(actor) = actor {
        // The target stays short (the log's index holds it); every file name is in the detail.
        let target = match checked.names.as_slice() {
            [one] => format!("import:{}", one.chars().take(180).collect::<String>()),
            names => format!("import:{} files", names.len()),
        };
        let detail = format!(
            "files: {}; {}",
            checked.names.join(", "),
            audit_detail(&summary)
        );
        audit::append(conn, actor, "disclosure.imported", &target, &detail)
            .await
            .map_err(database_error)?;
    }
    Ok(summary)
}

/// Disclosures listed by id in an audit entry at most; a larger run says how many more.
const AUDITED_IDS: usize = 1000;

/// The audit entry's detail: the counts, then each disclosure touched with what was done.
fn audit_detail(summary: &ImportSummary) -> String {
    let mut detail = format!(
        "{} rows: {} published, {} amended, {} unchanged; status updates: {} recorded, {} \
         unchanged",
        summary.rows,
        summary.published,
        summary.amended,
        summary.unchanged,
        summary.statuses_recorded,
        summary.statuses_unchanged
    );
    let touched: Vec<String> = summary
        .outcomes
        .iter()
        .filter(|o| o.effect != Effect::Unchanged)
        .map(|o| {
            let effect = match o.effect {
                Effect::Published => "published",
                Effect::Amended => "amended",
                Effect::StatusesRecorded => "statuses",
                Effect::Unchanged => "unchanged",
            };
            format!("disclosure:{} {effect}", o.disclosure_id)
        })
        .collect();
    if !touched.is_empty() {
        let shown = touched.len().min(AUDITED_IDS);
        detail.push_str("; ");
        detail.push_str(&touched[..shown].join(", "));
        if touched.len() > shown {
            detail.push_str(&format!(" and {} more", touched.len() - shown));
        }
    }
    detail
}

/// A conflicting concurrent change is the operator's to retry; the rest is a failure.
fn database_error(error: DieselError) -> ImportError {
    match error {
        DieselError::DatabaseError(
            DatabaseErrorKind::SerializationFailure | DatabaseErrorKind::UniqueViolation,
            _,
        ) => ImportError::Conflict,
        e => ImportError::Database(e),
    }
}

impl From<DieselError> for ImportError {
    fn from(error: DieselError) -> ImportError {
        database_error(error)
    }
}

fn progress_bar(show: bool, rows: usize) -> ProgressBar {
    if !show || rows < PROGRESS_FROM_ROWS {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(rows as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} rows") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn summary(files: usize, rows: usize, counts: Counts) -> ImportSummary {
    ImportSummary {
        files,
        rows,
        published: counts.published,
        amended: counts.amended,
        unchanged: counts.unchanged,
        statuses_recorded: counts.statuses.recorded,
        statuses_unchanged: counts.statuses.unchanged,
        outcomes: counts.outcomes,
    }
}

fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(Problem::sort_key);
    problems
}

fn rejection(problems: Vec<Problem>) -> ImportError {
    let problems = sorted(problems);
    let mut files: Vec<usize> = problems.iter().map(|p| p.sort_key().0).collect();
    files.dedup();
    let files = files.len();
    ImportError::Rejected { problems, files }
}
