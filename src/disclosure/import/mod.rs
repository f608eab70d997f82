//! `sunshine import FILE...`: publishing disclosures from CSV and XLSX files.
//!
//! The format is in `docs/import-format.md`. A run goes: read every file, check every row
//! (collecting every problem of every file), then in one serializable transaction check
//! the rows against what is published and — only if no problem was found anywhere —
//! publish. So a run is all-or-nothing: a rejected run writes nothing, and the operator
//! fixes the files and runs it again, which republishes nothing already published.

mod apply;
mod columns;
mod header;
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

pub use problem::Problem;

use apply::Counts;
use columns::FileKind;
use problem::FileRef;
use status::StatusRecord;
use validate::{FileRows, Record};

/// Below this many rows a run is over before a progress bar could be read.
const PROGRESS_FROM_ROWS: usize = 500;

/// What a successful run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    Database(#[from] DieselError),
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Imports the files in one transaction, or rejects them all with every problem found.
/// `show_progress` draws a bar on stderr for large runs (pass whether it is a terminal).
pub async fn import_files(
    conn: &mut AsyncPgConnection,
    paths: &[PathBuf],
    show_progress: bool,
) -> Result<ImportSummary, ImportError> {
    let mut run = read_and_validate(paths);
    let progress = progress_bar(show_progress, run.records.len() + run.statuses.len());
    progress.set_message("checking");
    let problems = &mut run.problems;
    let (records, statuses) = (&run.records, &run.statuses);
    let result = conn
        .build_transaction()
        .serializable()
        .run(async |conn| {
            let plan = apply::plan(conn, records, statuses, problems, &progress).await?;
            if !plan.is_complete() || !problems.is_empty() {
                return Err(Abort::Rejected);
            }
            progress.set_position(0);
            progress.set_message("publishing");
            Ok(apply::apply(conn, records, statuses, &plan, &progress).await?)
        })
        .await;
    progress.finish_and_clear();
    match result {
        Ok(counts) => Ok(summary(paths.len(), run.rows, counts)),
        Err(Abort::Rejected) => Err(rejection(run.problems)),
        Err(Abort::Database(DieselError::DatabaseError(
            DatabaseErrorKind::SerializationFailure | DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Err(ImportError::Conflict),
        Err(Abort::Database(e)) => Err(ImportError::Database(e)),
    }
}

/// Why the transaction was rolled back.
enum Abort {
    Rejected,
    Database(DieselError),
}

impl From<DieselError> for Abort {
    fn from(e: DieselError) -> Abort {
        Abort::Database(e)
    }
}

/// Every file of a run, read and checked, with the problems of all files together.
struct Run {
    records: Vec<Record>,
    statuses: Vec<StatusRecord>,
    problems: Vec<Problem>,
    /// Data rows read.
    rows: usize,
}

fn read_and_validate(paths: &[PathBuf]) -> Run {
    let today = validate::today();
    let mut run = Run {
        records: Vec::new(),
        statuses: Vec::new(),
        problems: Vec::new(),
        rows: 0,
    };
    let mut seen = HashMap::new();
    let mut seen_statuses = HashMap::new();
    for (index, path) in paths.iter().enumerate() {
        let file = FileRef {
            label: Arc::from(path.display().to_string()),
            index,
        };
        let problems = &mut run.problems;
        let table = match read::read_table(path, &file) {
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
            problems.push(Problem::in_file(&file, "has a header but no rows"));
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
    }
}

fn rejection(mut problems: Vec<Problem>) -> ImportError {
    problems.sort_by_key(Problem::sort_key);
    let mut files: Vec<usize> = problems.iter().map(|p| p.sort_key().0).collect();
    files.dedup();
    let files = files.len();
    ImportError::Rejected { problems, files }
}
