//! The entry form as a template shows it: every field with what was typed and the
//! problems that concern it, the importer's file rows and columns mapped back to the
//! form's fields and cells.

use serde::Serialize;

use super::check::Issue;
use super::entry::EntryForm;
use crate::disclosure::import::{FormColumn, Input};
use crate::disclosure::Section;
use crate::web::Lang;

/// One input.
#[derive(Debug, Serialize)]
pub struct FieldView {
    /// The column key.
    pub key: &'static str,
    /// The form field's name (`d.year`, `r2.name`).
    pub name: String,
    /// Its label in the reader's language.
    pub label: &'static str,
    /// Whether the import needs a value.
    pub required: bool,
    /// How it is typed in.
    pub input: Input,
    /// What was typed.
    pub value: String,
    /// Whether it may not change (the identity of a disclosure being amended).
    pub locked: bool,
    /// What is wrong with it.
    pub problems: Vec<String>,
}

/// A column heading of the table.
#[derive(Debug, Serialize)]
pub struct Heading {
    /// The label in the reader's language.
    pub label: &'static str,
    /// Whether the import needs a value.
    pub required: bool,
}

/// One row of the table.
#[derive(Debug, Serialize)]
pub struct RowView {
    /// Its position (row 1 of the form is 0).
    pub index: usize,
    /// Its cells, in column order.
    pub cells: Vec<FieldView>,
    /// Problems with the row as a whole.
    pub problems: Vec<String>,
}

/// The whole form.
#[derive(Debug, Serialize)]
pub struct FormView {
    /// The section.
    pub section: Section,
    /// Whether it has a table.
    pub is_table: bool,
    /// The disclosure's own fields.
    pub fields: Vec<FieldView>,
    /// The table's column headings.
    pub headings: Vec<Heading>,
    /// The table's rows.
    pub rows: Vec<RowView>,
    /// Problems that concern no single field.
    pub general: Vec<String>,
}

/// Builds the form's view; `locked` lists the keys that may not change.
pub fn form_view(form: &EntryForm, issues: &[Issue], lang: Lang, locked: &[&str]) -> FormView {
    let layout = form.layout();
    let label = |c: &FormColumn| if lang == Lang::En { c.key } else { c.chinese };
    let mut fields: Vec<FieldView> = layout
        .disclosure
        .iter()
        .map(|c| FieldView {
            key: c.key,
            name: format!("d.{}", c.key),
            label: label(c),
            required: c.required,
            input: c.input.clone(),
            value: form.disclosure.get(c.key).cloned().unwrap_or_default(),
            locked: locked.contains(&c.key),
            problems: Vec::new(),
        })
        .collect();
    let mut rows: Vec<RowView> = form
        .rows
        .iter()
        .enumerate()
        .map(|(index, values)| RowView {
            index,
            cells: layout
                .rows
                .iter()
                .map(|c| FieldView {
                    key: c.key,
                    name: format!("r{index}.{}", c.key),
                    label: label(c),
                    required: c.required,
                    input: c.input.clone(),
                    value: values.get(c.key).cloned().unwrap_or_default(),
                    locked: false,
                    problems: Vec::new(),
                })
                .collect(),
            problems: Vec::new(),
        })
        .collect();
    let mut general = Vec::new();
    for issue in issues {
        place(issue, &mut fields, &mut rows, &mut general);
    }
    FormView {
        section: form.section,
        is_table: layout.is_table(),
        fields,
        headings: layout
            .rows
            .iter()
            .map(|c| Heading {
                label: label(c),
                required: c.required,
            })
            .collect(),
        rows,
        general,
    }
}

/// Puts a problem next to what it concerns. The form's file has a header row, then form
/// row `i` as file row `i + 2`, with the disclosure's fields repeated on every row (so
/// the same problem with one of them may come from several rows: it is shown once).
fn place(issue: &Issue, fields: &mut [FieldView], rows: &mut [RowView], general: &mut Vec<String>) {
    let text = issue.text.clone();
    let column = issue.column.as_deref();
    if let Some(field) = column.and_then(|c| fields.iter_mut().find(|f| f.key == c)) {
        if !field.problems.contains(&text) {
            field.problems.push(text);
        }
        return;
    }
    let row = issue
        .row
        .and_then(|r| r.checked_sub(2))
        .and_then(|i| rows.get_mut(i as usize));
    match (row, column) {
        (Some(row), Some(column)) => match row.cells.iter_mut().find(|cell| cell.key == column) {
            Some(cell) => cell.problems.push(text),
            None => row.problems.push(text),
        },
        (Some(row), None) => row.problems.push(text),
        (None, _) => {
            if !general.contains(&text) {
                general.push(text);
            }
        }
    }
}
