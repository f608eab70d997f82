//! What is wrong with an import, said where a spreadsheet user would look for it.

use std::fmt;
use std::sync::Arc;

use super::message::Message;

/// A column as the operator sees it: the header they wrote and, when the file has the
/// column, its spreadsheet letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ColumnRef {
    /// Position in the sheet (0 = column A); `None` for a column the file lacks.
    pub index: Option<u32>,
    /// The header as written in the file, or the canonical key when the file lacks it.
    pub name: String,
}

impl ColumnRef {
    /// A column the file does not have, named by its canonical key.
    pub fn absent(key: &str) -> ColumnRef {
        ColumnRef {
            index: None,
            name: key.to_owned(),
        }
    }
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            // A column without a header is known by its letter alone.
            Some(index) if self.name.is_empty() => f.write_str(&column_letters(index)),
            Some(index) => write!(f, "{} ({})", self.name, column_letters(index)),
            None => f.write_str(&self.name),
        }
    }
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub(super) fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26, so the byte is an ASCII capital letter.
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One reason the import is rejected, with the file, row and column it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    file: Arc<str>,
    /// Position of the file on the command line, to list problems file by file.
    file_index: usize,
    row: Option<u32>,
    column: Option<ColumnRef>,
    reason: Message,
}

impl Problem {
    /// A problem with a whole file (unreadable, wrong type, no header).
    pub(super) fn in_file(file: &FileRef, reason: Message) -> Problem {
        Problem {
            file: file.label.clone(),
            file_index: file.index,
            row: None,
            column: None,
            reason,
        }
    }

    /// A problem with one cell (or, without a column, one row).
    pub(super) fn at(
        file: &FileRef,
        row: u32,
        column: Option<&ColumnRef>,
        reason: Message,
    ) -> Problem {
        Problem {
            file: file.label.clone(),
            file_index: file.index,
            row: Some(row),
            column: column.cloned(),
            reason,
        }
    }

    /// The file, as given on the command line.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The spreadsheet row (the header is row 1), if the problem is in a row.
    pub fn row(&self) -> Option<u32> {
        self.row
    }

    /// The column's header as written in the file (or its key when missing), if any.
    pub fn column(&self) -> Option<&str> {
        self.column.as_ref().map(|c| c.name.as_str())
    }

    /// The column as a report names it: its header and spreadsheet letter, `total_assets (E)`.
    pub fn column_label(&self) -> Option<String> {
        self.column.as_ref().map(ToString::to_string)
    }

    /// Why the value, row or file was refused, in plain English.
    pub fn reason(&self) -> String {
        self.reason.english()
    }

    /// Why, as a catalog message, to show in the reader's language.
    pub fn message(&self) -> &Message {
        &self.reason
    }

    /// File order, then row, then column: the order an operator fixes things in.
    pub(super) fn sort_key(&self) -> (usize, u32, u32) {
        let column = self
            .column
            .as_ref()
            .map_or(0, |c| c.index.map_or(u32::MAX, |i| i + 1));
        (self.file_index, self.row.unwrap_or(0), column)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        match (self.row, &self.column) {
            (Some(row), Some(column)) => write!(f, "row {row}, column {column}: ")?,
            (Some(row), None) => write!(f, "row {row}: ")?,
            (None, _) => {}
        }
        f.write_str(&self.reason.english())
    }
}

/// A file of the run: its label for messages and its position on the command line.
#[derive(Debug, Clone)]
pub(super) struct FileRef {
    /// The path as the operator typed it.
    pub label: Arc<str>,
    /// Position on the command line.
    pub index: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_in_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn a_problem_names_file_row_column_and_reason() {
        let file = FileRef {
            label: "a.csv".into(),
            index: 0,
        };
        let column = ColumnRef {
            index: Some(3),
            name: "total_assets".to_owned(),
        };
        let problem = Problem::at(&file, 3, Some(&column), Message::new("import_required"));
        assert_eq!(
            problem.to_string(),
            "a.csv: row 3, column total_assets (D): a value is required"
        );
        let unreadable = Message::new("import_unreadable").arg("error", "no such file");
        assert_eq!(
            Problem::in_file(&file, unreadable).to_string(),
            "a.csv: cannot be read: no such file"
        );
    }
}
