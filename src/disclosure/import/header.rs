//! Reading a header row into a layout: the file's kind and the field of each column.
//!
//! A file declares its kind by its columns: `total_assets` is only in financial files,
//! `pretax_total` only in pay tables. Columns that several kinds share (`name`,
//! `amount`, `description`...) decide nothing. Detection looks at every distinctive
//! column, so a header with one misspelt column is still recognised and the misspelling
//! is reported by name.

use std::collections::HashMap;

use super::columns::{columns, find, normalise, Field, FileKind};
use super::message::Message;
use super::problem::{ColumnRef, FileRef, Problem};
use super::read::{Cell, Table};

/// How to read a file's rows: its section and the field of each column.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub kind: FileKind,
    /// Position of the first header cell (0 = column A).
    pub first_column: u32,
    /// One entry per header cell; `None` for a column without a header (left unread).
    pub fields: Vec<Option<Field>>,
    /// Where each field is, as the operator named it.
    pub columns: HashMap<Field, ColumnRef>,
}

impl Layout {
    /// The column of `field` as the operator named it, or its key if the file lacks it.
    pub fn column(&self, field: Field) -> ColumnRef {
        self.columns.get(&field).cloned().unwrap_or_else(|| {
            let key = columns(self.kind)
                .into_iter()
                .find(|c| c.field == field)
                .map_or("?", |c| c.key);
            ColumnRef::absent(key)
        })
    }
}

/// Reads the header row, adding every problem with it to `problems`. The layout is
/// `None` only when the kind of file cannot be told; otherwise the rows can still be checked
/// (bad columns are left unread), so that one run reports everything.
pub(super) fn layout(table: &Table, file: &FileRef, problems: &mut Vec<Problem>) -> Option<Layout> {
    let header = &table.header;
    let names: Vec<String> = header
        .cells
        .iter()
        .map(|c| match c {
            Cell::Empty => String::new(),
            other => super::values::text(other).unwrap_or_default(),
        })
        .collect();
    let kind = match detect_kind(&names, file, header.number) {
        Ok(kind) => kind,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let mut fields = Vec::with_capacity(names.len());
    let mut located: HashMap<Field, ColumnRef> = HashMap::new();
    for (offset, name) in (0u32..).zip(&names) {
        let at = ColumnRef {
            index: Some(table.first_column + offset),
            name: name.trim().to_owned(),
        };
        if name.trim().is_empty() {
            fields.push(None);
            let used = table.rows.iter().any(|r| {
                r.cells
                    .get(offset as usize)
                    .is_some_and(|c| *c != Cell::Empty)
            });
            if used {
                problems.push(Problem::at(
                    file,
                    header.number,
                    Some(&at),
                    Message::new("import_column_without_header"),
                ));
            }
            continue;
        }
        let Some(spec) = find(kind, &normalise(name)) else {
            fields.push(None);
            problems.push(Problem::at(
                file,
                header.number,
                Some(&at),
                Message::new("import_unknown_column")
                    .arg("name", &at.name)
                    .arg("kind", kind.code()),
            ));
            continue;
        };
        if let Some(first) = located.get(&spec.field) {
            problems.push(Problem::at(
                file,
                header.number,
                Some(&at),
                Message::new("import_column_twice")
                    .arg("key", spec.key)
                    .arg("first", first),
            ));
            fields.push(None);
            continue;
        }
        located.insert(spec.field, at);
        fields.push(Some(spec.field));
    }
    for spec in columns(kind) {
        if spec.required && !located.contains_key(&spec.field) {
            problems.push(Problem::at(
                file,
                header.number,
                None,
                Message::new("import_column_missing")
                    .arg("key", spec.key)
                    .arg("chinese", spec.chinese),
            ));
        }
    }
    Some(Layout {
        kind,
        first_column: table.first_column,
        fields,
        columns: located,
    })
}

/// The kind whose distinctive columns the header has; exactly one must match.
fn detect_kind(names: &[String], file: &FileRef, row: u32) -> Result<FileKind, Problem> {
    let matching: Vec<FileKind> = FileKind::ALL
        .into_iter()
        .filter(|&kind| {
            names.iter().any(|name| {
                find(kind, &normalise(name)).is_some_and(|spec| is_distinctive(kind, spec.field))
            })
        })
        .collect();
    match matching.as_slice() {
        [kind] => Ok(*kind),
        [] => {
            let markers: Vec<String> = FileKind::ALL
                .into_iter()
                .map(|kind| format!("{} ({})", marker(kind), kind.code()))
                .collect();
            Err(Problem::at(
                file,
                row,
                None,
                Message::new("import_no_section").arg("markers", markers.join(", ")),
            ))
        }
        kinds => {
            let codes: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
            Err(Problem::at(
                file,
                row,
                None,
                Message::new("import_mixed_sections").arg("kinds", codes.join(" and ")),
            ))
        }
    }
}

/// Whether a column of `kind` belongs to no other kind of file, by key or Chinese name.
fn is_distinctive(kind: FileKind, field: Field) -> bool {
    let Some(spec) = columns(kind).into_iter().find(|c| c.field == field) else {
        return false;
    };
    FileKind::ALL
        .into_iter()
        .filter(|&other| other != kind)
        .all(|other| {
            columns(other)
                .iter()
                .all(|c| c.key != spec.key && c.chinese != spec.chinese)
        })
}

/// The first distinctive required column of a kind, named in messages.
fn marker(kind: FileKind) -> &'static str {
    columns(kind)
        .into_iter()
        .find(|c| c.required && is_distinctive(kind, c.field))
        .map_or("?", |c| c.key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::import::columns::Field;
    use crate::disclosure::import::read::Row;
    use crate::disclosure::model::{CapitalFactor, Section};

    fn file() -> FileRef {
        FileRef {
            label: "h.csv".into(),
            index: 0,
        }
    }

    fn table(header: &[&str]) -> Table {
        Table {
            first_column: 0,
            header: Row {
                number: 1,
                cells: header.iter().map(|h| Cell::Text((*h).to_owned())).collect(),
            },
            rows: Vec::new(),
        }
    }

    fn layout_of(header: &[&str]) -> Result<Layout, Vec<Problem>> {
        let mut problems = Vec::new();
        let found = layout(&table(header), &file(), &mut problems);
        match found {
            Some(found) if problems.is_empty() => Ok(found),
            _ => Err(problems),
        }
    }

    const FINANCIAL_HEADER: &[&str] = &[
        "uscc",
        "year",
        "unit",
        "source",
        "total_assets",
        "total_liabilities",
        "owners_equity",
        "revenue",
        "total_profit",
        "net_profit",
        "audited",
    ];

    #[test]
    fn the_header_tells_the_section() {
        let found = layout_of(FINANCIAL_HEADER).unwrap();
        assert_eq!(found.kind, FileKind::Disclosure(Section::Financial));
        let capital = [
            "uscc",
            "year",
            "unit",
            "source",
            "opening_state_capital",
            "closing_state_capital",
            "decrease_dividends",
        ];
        let found = layout_of(&capital).unwrap();
        assert_eq!(found.kind, FileKind::Disclosure(Section::StateCapital));
        assert_eq!(
            found.fields[6],
            Some(Field::Factor(CapitalFactor::DecreaseDividends))
        );
    }

    #[test]
    fn chinese_headers_and_any_case_are_accepted() {
        let header = [
            "统一社会信用代码",
            "年度",
            "单位",
            "来源",
            "资产总额",
            "负债总额",
            "所有者权益",
            "营业收入",
            "利润总额",
            "净利润",
            "是否审计",
            " Quarter ",
        ];
        let found = layout_of(&header).unwrap();
        assert_eq!(found.kind, FileKind::Disclosure(Section::Financial));
        assert_eq!(found.fields[11], Some(Field::Quarter));
        assert_eq!(
            found.column(Field::Uscc).to_string(),
            "统一社会信用代码 (A)"
        );
    }

    #[test]
    fn a_header_without_any_section_column_is_refused() {
        let problems = layout_of(&["uscc", "year", "amount"]).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].reason().contains("total_assets"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn a_header_mixing_sections_is_refused() {
        let mut header = FINANCIAL_HEADER.to_vec();
        header.push("opening_state_capital");
        let problems = layout_of(&header).unwrap_err();
        assert!(problems[0].reason().contains("mixes"), "{}", problems[0]);
    }

    #[test]
    fn misspelt_duplicate_and_missing_columns_are_each_reported() {
        let mut header = FINANCIAL_HEADER.to_vec();
        header[4] = "total_asset";
        header.push("revenue");
        let problems = layout_of(&header).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{text:#?}");
        assert!(text[0].contains("column total_asset (E)"), "{text:#?}");
        assert!(
            text[1].contains("appears twice (first as revenue (H))"),
            "{text:#?}"
        );
        assert!(
            text[2].contains("total_assets (资产总额) is missing"),
            "{text:#?}"
        );
    }
}
