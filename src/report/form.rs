//! Reading a report or follow-up form (multipart: text fields and files) within limits,
//! and checking it. Whatever happens, every text field the person typed comes back, so
//! the form can be shown again with nothing lost.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::model::{Answers, HowKnown, ReportKind};
use crate::config::ReportSettings;

/// Longest value of a one-line field, in characters.
const SHORT_FIELD_CHARS: usize = 500;
/// Longest value of a free-text field, in characters.
const LONG_FIELD_CHARS: usize = 20_000;
/// Bytes read of any one text field; beyond it the rest is dropped (and reported).
const TEXT_FIELD_BYTES: usize = 4 * LONG_FIELD_CHARS + 1024;
/// Parts read from one form; a real form has about twenty.
const MAX_PARTS: usize = 100;

/// Memory for uploaded files held by all requests together. A file that would take it
/// past its limit is refused (the reporter is asked to send it again shortly) instead of
/// letting parallel uploads exhaust the server's memory before any other limit applies.
pub struct UploadBudget {
    used: Arc<AtomicUsize>,
    limit: usize,
}

impl UploadBudget {
    /// A budget of `limit` bytes.
    pub fn new(limit: usize) -> UploadBudget {
        UploadBudget {
            used: Arc::new(AtomicUsize::new(0)),
            limit,
        }
    }

    /// Takes `bytes` from the budget, or `None` when they do not fit.
    fn take(&self, bytes: usize) -> Option<Reservation> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(bytes).filter(|total| *total <= self.limit)
            })
            .ok()
            .map(|_| Reservation {
                used: self.used.clone(),
                bytes,
            })
    }
}

/// Bytes taken from the [`UploadBudget`], given back when the request is done with them.
pub struct Reservation {
    used: Arc<AtomicUsize>,
    bytes: usize,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.used.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

/// A file as uploaded.
pub struct Upload {
    /// Its name, without any folder the browser sent.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Something wrong with one field, with the catalog message that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The form field it belongs beside.
    pub field: &'static str,
    /// Catalog message id.
    pub message: &'static str,
    /// Its arguments.
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    fn new(field: &'static str, message: &'static str) -> Problem {
        Problem {
            field,
            message,
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Problem {
        self.args.push((name, value.to_string()));
        self
    }
}

/// A form as received: text fields, files, and problems found while reading it.
#[derive(Default)]
pub struct Received {
    /// Text fields by name (the last value of a repeated name wins).
    pub fields: HashMap<String, String>,
    /// Files actually chosen (empty file inputs are skipped).
    pub files: Vec<Upload>,
    /// Names of files that could not be taken, so the page can say which to choose again.
    pub refused_files: Vec<String>,
    /// Problems with files (too many, too large) or the request itself.
    pub problems: Vec<Problem>,
    /// The memory its files hold, given back when it is dropped.
    pub reservations: Vec<Reservation>,
}

impl Received {
    /// A text field's value, or "".
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    /// The names of every file that came with the form, taken or not.
    pub fn file_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.files.iter().map(|f| f.name.clone()).collect();
        names.extend(self.refused_files.iter().cloned());
        names
    }
}

/// Reads a multipart form. Files go in `files` (the field name is `files`), up to the
/// configured count and size; a file over the limit is read to its end and dropped, so
/// the browser gets the answer instead of a broken connection.
pub async fn read(
    mut form: Multipart,
    settings: &ReportSettings,
    budget: &UploadBudget,
) -> Received {
    let mut received = Received::default();
    let max_bytes = settings.max_attachment_bytes();
    // Past this, the request is not a person's form: stop reading.
    let max_total = max_bytes
        .saturating_mul(settings.max_attachments + 1)
        .saturating_add(1 << 20);
    let mut total = 0usize;
    let mut parts = 0usize;
    while let Some(field) = form.next().await {
        parts += 1;
        let Ok(mut field) = field else {
            received
                .problems
                .push(Problem::new("form", "report_problem_unreadable"));
            break;
        };
        if parts > MAX_PARTS {
            received
                .problems
                .push(Problem::new("form", "report_problem_unreadable"));
            break;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(clean_file_name);
        let limit = if file_name.is_some() {
            max_bytes
        } else {
            TEXT_FIELD_BYTES
        };
        let mut bytes = Vec::new();
        let mut size = 0usize;
        let mut broken = false;
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else {
                broken = true;
                break;
            };
            size += chunk.len();
            total += chunk.len();
            if size <= limit {
                bytes.extend_from_slice(&chunk);
            }
            if total > max_total {
                broken = true;
                break;
            }
        }
        if broken {
            received
                .problems
                .push(Problem::new("form", "report_problem_unreadable"));
            break;
        }
        match file_name {
            Some(file) if name == "files" => {
                if file.is_empty() && size == 0 {
                    continue; // the browser's part for an empty file input
                }
                if size > max_bytes {
                    received.problems.push(
                        Problem::new("files", "report_problem_file_too_large")
                            .with("name", &file)
                            .with("limit", settings.max_attachment_mb),
                    );
                    received.refused_files.push(file);
                } else if received.files.len() >= settings.max_attachments {
                    let told = received
                        .problems
                        .iter()
                        .any(|p| p.message == "report_problem_too_many_files");
                    if !told {
                        received.problems.push(
                            Problem::new("files", "report_problem_too_many_files")
                                .with("limit", settings.max_attachments),
                        );
                    }
                    received.refused_files.push(file);
                } else if let Some(reservation) = budget.take(bytes.len()) {
                    received.reservations.push(reservation);
                    received.files.push(Upload { name: file, bytes });
                } else {
                    received
                        .problems
                        .push(Problem::new("files", "report_problem_busy").with("name", &file));
                    received.refused_files.push(file);
                }
            }
            Some(_) => {}
            None => {
                // Browsers count a line break as one character for `maxlength` but send
                // two (CR LF): count as they do.
                let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
                if size > limit {
                    // Only a client ignoring `maxlength` gets here; the text was cut, so
                    // it must not pass as if whole.
                    let field = known_field(&name);
                    received.problems.push(
                        Problem::new(field, "report_problem_too_long")
                            .with("limit", LONG_FIELD_CHARS)
                            .with("length", text.chars().count()),
                    );
                }
                received.fields.insert(name, text);
            }
        }
    }
    received
}

/// The form field a problem belongs beside, for a part's name.
fn known_field(name: &str) -> &'static str {
    REPORT_FIELDS
        .iter()
        .chain(&["message", "code"])
        .find(|known| **known == name)
        .copied()
        .unwrap_or("form")
}

/// The file's own name without any folder, at most 200 characters (extension kept).
fn clean_file_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    if name.chars().count() <= 200 {
        return name;
    }
    match name.rsplit_once('.') {
        // Kept only when it leaves room for the dot: else it alone would pass the limit.
        Some((stem, extension)) if extension.chars().count() < 200 => {
            let keep = 200 - extension.chars().count() - 1;
            let stem: String = stem.chars().take(keep).collect();
            format!("{stem}.{extension}")
        }
        _ => name.chars().take(200).collect(),
    }
}

/// The report form's fields, as typed.
pub const REPORT_FIELDS: &[&str] = &[
    "kind",
    "enterprise",
    "record",
    "what",
    "when",
    "place",
    "amounts",
    "positions",
    "how_known",
    "evidence",
    "contact",
];

/// A report that passed the checks.
pub struct ReportInput {
    /// Its kind.
    pub kind: ReportKind,
    /// The enterprise field as typed (matched against the register by the caller).
    pub enterprise: String,
    /// The answers to seal.
    pub answers: Answers,
}

/// Checks the report form's text fields; every problem is returned, each beside its field.
pub fn check_report(received: &Received) -> Result<ReportInput, Vec<Problem>> {
    let mut problems = Vec::new();
    let kind = ReportKind::from_code(received.text("kind").trim());
    if kind.is_none() {
        problems.push(Problem::new("kind", "report_problem_kind"));
    }
    if received.text("what").trim().is_empty() {
        problems.push(Problem::new("what", "report_problem_what"));
    }
    let how_known = received.text("how_known").trim();
    if !how_known.is_empty() && HowKnown::from_code(how_known).is_none() {
        problems.push(Problem::new("how_known", "report_problem_how_known"));
    }
    for &field in REPORT_FIELDS {
        let limit = match field {
            "what" | "evidence" | "contact" | "positions" => LONG_FIELD_CHARS,
            _ => SHORT_FIELD_CHARS,
        };
        let length = received.text(field).chars().count();
        if length > limit {
            problems.push(
                Problem::new(field, "report_problem_too_long")
                    .with("limit", limit)
                    .with("length", length),
            );
        }
    }
    match kind {
        Some(kind) if problems.is_empty() => Ok(ReportInput {
            kind,
            enterprise: received.text("enterprise").trim().to_owned(),
            answers: Answers {
                enterprise_other: String::new(),
                record: received.text("record").trim().to_owned(),
                what: received.text("what").trim().to_owned(),
                when: received.text("when").trim().to_owned(),
                place: received.text("place").trim().to_owned(),
                amounts: received.text("amounts").trim().to_owned(),
                positions: received.text("positions").trim().to_owned(),
                how_known: how_known.to_owned(),
                evidence: received.text("evidence").trim().to_owned(),
                contact: received.text("contact").trim().to_owned(),
            },
        }),
        _ => Err(problems),
    }
}

/// Checks a follow-up message: some text or at least one file.
pub fn check_reply(received: &Received) -> Result<String, Vec<Problem>> {
    let message = received.text("message").trim();
    let length = message.chars().count();
    if length > LONG_FIELD_CHARS {
        return Err(vec![Problem::new("message", "report_problem_too_long")
            .with("limit", LONG_FIELD_CHARS)
            .with("length", length)]);
    }
    if message.is_empty() && received.files.is_empty() {
        return Err(vec![Problem::new("message", "report_problem_reply_empty")]);
    }
    Ok(message.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn received(pairs: &[(&str, &str)]) -> Received {
        Received {
            fields: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..Received::default()
        }
    }

    #[test]
    fn a_report_needs_a_kind_and_what_happened() {
        let problems = check_report(&received(&[("what", " ")])).err().unwrap();
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["kind", "what"]);
        let input =
            check_report(&received(&[("kind", "exposure"), ("what", " 账外资金 ")])).unwrap();
        assert_eq!(input.kind, ReportKind::Exposure);
        assert_eq!(input.answers.what, "账外资金");
    }

    #[test]
    fn overlong_fields_are_named_with_their_limit() {
        let long = "字".repeat(501);
        let problems = check_report(&received(&[
            ("kind", "report"),
            ("what", "x"),
            ("when", &long),
        ]))
        .err()
        .unwrap();
        assert_eq!(problems[0].field, "when");
        assert_eq!(problems[0].args[0], ("limit", "500".to_owned()));
    }

    #[test]
    fn file_names_lose_folders_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\张三\\证据.jpg"), "证据.jpg");
        assert_eq!(clean_file_name("a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(
            clean_file_name(&format!("{}.pdf", "长".repeat(300)))
                .chars()
                .count(),
            200
        );
    }

    #[test]
    fn a_long_file_name_is_cut_to_200_characters_whatever_its_extension() {
        // Caught by the file-name property of fuzz/fuzz_targets/report_form.rs: a 300-character
        // extension came back whole, and a name without a dot gained one.
        let name = format!("a.{}", "x".repeat(300));
        assert_eq!(clean_file_name(&name), format!("a.{}", "x".repeat(198)));
        assert_eq!(clean_file_name(&"长".repeat(300)), "长".repeat(200));
    }
}
