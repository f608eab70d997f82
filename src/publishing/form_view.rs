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
    let columns = layout.disclosure.iter().chain(&layout.rows);
    let labels: Vec<(&str, &str)> = columns.map(|c| (c.key, label(c))).collect();
    for issue in issues {
        place(issue, &labels, &mut fields, &mut rows, &mut general);
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
/// the same problem with one of them may come from several rows: it is shown once). A
/// problem with a cell of a row the form does not have is shown above the form, named by
/// its column's label.
fn place(
    issue: &Issue,
    labels: &[(&str, &'static str)],
    fields: &mut [FieldView],
    rows: &mut [RowView],
    general: &mut Vec<String>,
) {
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
        (None, column) => {
            let label = column.and_then(|c| labels.iter().find(|(key, _)| *key == c));
            let text = match label {
                Some((_, label)) => format!("{label}: {text}"),
                None => text,
            };
            if !general.contains(&text) {
                general.push(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(row: Option<u32>, column: Option<&str>, text: &str) -> Issue {
        Issue {
            file: Some("governance.csv".to_owned()),
            row,
            column: column.map(str::to_owned),
            column_label: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn problems_go_beside_their_field_cell_or_row_and_the_rest_above_the_form() {
        let mut form = EntryForm::blank(Section::Governance);
        form.rows.truncate(2);
        let issues = [
            issue(Some(2), Some("source"), "required"),
            issue(Some(3), Some("source"), "required"),
            issue(Some(3), Some("name"), "bad name"),
            issue(Some(2), None, "row problem"),
            issue(Some(9), Some("title"), "title missing"),
            issue(None, None, "file problem"),
        ];
        let view = form_view(&form, &issues, Lang::Zh, &[]);
        let source = view.fields.iter().find(|f| f.key == "source").unwrap();
        assert_eq!(source.problems, ["required"], "shown once");
        let name = view.rows[1].cells.iter().find(|c| c.key == "name").unwrap();
        assert_eq!(name.problems, ["bad name"]);
        assert_eq!(view.rows[0].problems, ["row problem"]);
        assert_eq!(view.general, ["职务: title missing", "file problem"]);
    }
}
