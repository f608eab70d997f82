//! What a draft would publish and what stops it: the importer's problems, checked against
//! what is published now, and the workflow's own rules (an amendment needs a reason and a
//! change, a withdrawal needs a reason). Shown on the forms, the draft page and the
//! upload report, in the reader's language.

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Serialize;

use super::model::{DraftContent, DraftFile, DraftKind};
use crate::disclosure::find_disclosure;
use crate::disclosure::import::{self, Checked, Effect, Planned, Problem, SourceFile};
use crate::web::i18n::Catalog;
use crate::web::Lang;

/// The longest reason the store keeps (the table's limit).
const MAX_REASON: usize = 2000;

/// A rule of the workflow that a draft breaks, with the form field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnProblem {
    /// Catalog message id.
    pub message: &'static str,
    /// The column key of the form field, if one.
    pub column: Option<&'static str>,
}

impl OwnProblem {
    fn new(message: &'static str, column: Option<&'static str>) -> OwnProblem {
        OwnProblem { message, column }
    }
}

/// Everything that stops a draft, and what it would do otherwise.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The importer's problems.
    pub problems: Vec<Problem>,
    /// The workflow's.
    pub own: Vec<OwnProblem>,
    /// Each disclosure of the file, with what importing it would do.
    pub planned: Vec<Planned>,
}

impl Report {
    /// Whether nothing stops the draft.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.own.is_empty()
    }

    /// Every problem in `lang`, importer's first.
    pub fn issues(&self, catalog: &Catalog, lang: Lang) -> Vec<Issue> {
        let format =
            |id: &str, args: &fluent_bundle::FluentArgs<'_>| catalog.format(lang, id, Some(args));
        let mut issues: Vec<Issue> = self
            .problems
            .iter()
            .map(|p| Issue {
                file: Some(p.file().to_owned()),
                row: p.row(),
                column: p.column().map(str::to_owned),
                column_label: p.column_label(),
                text: p.message().render(&format),
            })
            .collect();
        issues.extend(self.own.iter().map(|o| Issue {
            file: None,
            row: None,
            column: o.column.map(str::to_owned),
            column_label: None,
            text: catalog.text(lang, o.message),
        }));
        issues
    }
}

/// A problem as a reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// The file, for the importer's problems.
    pub file: Option<String>,
    /// The spreadsheet row, if the problem is in one.
    pub row: Option<u32>,
    /// The column's header as written in the file (a key, in the entry form's file).
    pub column: Option<String>,
    /// The column with its spreadsheet letter, for reports.
    pub column_label: Option<String>,
    /// Why, in the reader's language.
    pub text: String,
}

/// What a file draft is for, which decides the workflow's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A new disclosure typed into the form.
    New,
    /// A correction of this published disclosure, typed into the form.
    Amend(i64),
    /// An uploaded file, whatever it holds.
    Upload,
}

/// Reads and checks a draft's file, then compares it with what is published, without
/// writing anything.
pub async fn check_file(
    conn: &mut AsyncPgConnection,
    file: &DraftFile,
    purpose: Purpose,
) -> QueryResult<(Report, Checked)> {
    let checked = import::check(&[SourceFile {
        name: file.name.clone(),
        bytes: file.bytes.clone(),
    }]);
    let plan = import::plan(conn, &checked).await?;
    let mut report = Report {
        problems: plan.problems,
        own: Vec::new(),
        planned: plan.disclosures,
    };
    own_rules(&mut report, purpose, file, checked.has_status_updates());
    Ok((report, checked))
}

fn own_rules(report: &mut Report, purpose: Purpose, file: &DraftFile, statuses: bool) {
    let clean = report.problems.is_empty();
    let effects: Vec<Option<Effect>> = report.planned.iter().map(|p| p.effect).collect();
    match purpose {
        Purpose::Amend(target) => {
            if reason_is_empty(file) {
                // The importer says much the same when the figures changed; one message
                // at the reason field is enough.
                report.problems.retain(|p| p.column() != Some("reason"));
                report.own.push(OwnProblem::new(
                    "publishing_reason_required",
                    Some("reason"),
                ));
            }
            let planned = report.planned.first();
            let same_disclosure = planned.and_then(|p| p.disclosure_id) == Some(target);
            if clean && !same_disclosure {
                report
                    .own
                    .push(OwnProblem::new("publishing_amend_other", None));
            } else if clean && effects == [Some(Effect::Unchanged)] {
                report
                    .own
                    .push(OwnProblem::new("publishing_nothing_changed", None));
            }
        }
        Purpose::New => {
            if clean && effects == [Some(Effect::Unchanged)] {
                report
                    .own
                    .push(OwnProblem::new("publishing_already_published", None));
            }
        }
        Purpose::Upload => {
            let nothing = effects.iter().all(|e| *e == Some(Effect::Unchanged));
            if clean && nothing && !statuses {
                report
                    .own
                    .push(OwnProblem::new("publishing_upload_changes_nothing", None));
            }
        }
    }
}

/// Whether the entry form's file leaves the reason empty.
fn reason_is_empty(file: &DraftFile) -> bool {
    let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
    let Some(column) = reader
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|name| name == "reason"))
    else {
        return true;
    };
    !reader
        .records()
        .flatten()
        .any(|record| record.get(column).is_some_and(|v| !v.trim().is_empty()))
}

/// Checks a withdrawal: a reason, and a disclosure that is published and not withdrawn.
pub async fn check_withdrawal(
    conn: &mut AsyncPgConnection,
    disclosure_id: i64,
    reason: &str,
) -> QueryResult<Report> {
    let mut report = Report::default();
    if reason.trim().is_empty() {
        report.own.push(OwnProblem::new(
            "publishing_withdraw_reason_required",
            Some("reason"),
        ));
    } else if reason.trim().chars().count() > MAX_REASON {
        report.own.push(OwnProblem::new(
            "publishing_reason_too_long",
            Some("reason"),
        ));
    }
    match find_disclosure(conn, disclosure_id).await? {
        Some(record) if record.is_withdrawn() => report
            .own
            .push(OwnProblem::new("publishing_already_withdrawn", None)),
        Some(_) => {}
        None => report
            .own
            .push(OwnProblem::new("publishing_no_such_disclosure", None)),
    }
    Ok(report)
}

/// A file draft's content, summarised from what its check found: the section and the
/// enterprise when there is one of each, and the disclosure when it amends exactly one.
pub fn file_content(kind: DraftKind, file: DraftFile, report: &Report) -> DraftContent {
    let planned = &report.planned;
    let first = planned.first();
    let section = first
        .filter(|p| planned.iter().all(|q| q.section == p.section))
        .map(|p| p.section);
    let enterprise_uscc = first
        .filter(|p| planned.iter().all(|q| q.uscc == p.uscc))
        .map(|p| p.uscc.to_string());
    let disclosure_id = match planned.as_slice() {
        [one] if one.effect == Some(Effect::Amended) => one.disclosure_id,
        _ => None,
    };
    DraftContent::File {
        kind,
        file,
        section,
        enterprise_uscc,
        disclosure_id,
    }
}
