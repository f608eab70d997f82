//! Reading one data row cell by cell, recording a problem for every bad cell, so that a
//! row's problems all show at once and not only the first.

use super::columns::Field;
use super::header::Layout;
use super::message::Message;
use super::problem::{ColumnRef, FileRef, Problem};
use super::read::{Cell, Row};
use super::values;

/// One data row of a file, read by its file's layout.
pub(super) struct RowReader<'a> {
    pub layout: &'a Layout,
    pub row: &'a Row,
    pub file: &'a FileRef,
    pub problems: &'a mut Vec<Problem>,
    /// Whether a problem was recorded for this row.
    pub failed: bool,
}

impl<'a> RowReader<'a> {
    /// A reader of `row`; every problem goes to `problems`.
    pub fn new(
        layout: &'a Layout,
        row: &'a Row,
        file: &'a FileRef,
        problems: &'a mut Vec<Problem>,
    ) -> RowReader<'a> {
        RowReader {
            layout,
            row,
            file,
            problems,
            failed: false,
        }
    }

    fn cell(&self, field: Field) -> &Cell {
        let index = self.layout.fields.iter().position(|f| *f == Some(field));
        index
            .and_then(|i| self.row.cells.get(i))
            .unwrap_or(&Cell::Empty)
    }

    /// Whether the row leaves the column empty (or the file lacks it).
    pub fn is_empty(&self, field: Field) -> bool {
        *self.cell(field) == Cell::Empty
    }

    /// Records a problem with this row's cell of `field`.
    pub fn problem(&mut self, field: Field, reason: Message) {
        let column = self.layout.column(field);
        self.failed = true;
        self.problems.push(Problem::at(
            self.file,
            self.row.number,
            Some(&column),
            reason,
        ));
    }

    /// `Some(None)` for an empty cell, `None` after recording a problem.
    pub fn optional<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&Cell) -> Result<T, Message>,
    ) -> Option<Option<T>> {
        let cell = self.cell(field);
        if *cell == Cell::Empty {
            return Some(None);
        }
        match parse(cell) {
            Ok(value) => Some(Some(value)),
            Err(reason) => {
                self.problem(field, reason);
                None
            }
        }
    }

    /// The value of a column every row must fill.
    pub fn required<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&Cell) -> Result<T, Message>,
    ) -> Option<T> {
        let value = self.optional(field, parse)?;
        // A missing column was reported once, at the header; not again on every row.
        if value.is_none() {
            if self.layout.columns.contains_key(&field) {
                self.problem(field, Message::new("import_required"));
            } else {
                self.failed = true;
            }
        }
        value
    }

    /// Free text of at most `max` characters, required.
    pub fn text(&mut self, field: Field, max: usize) -> Option<String> {
        self.required(field, |c| values::bounded_text(c, max))
    }

    /// Records a problem for a value in a column beyond the header's last, if any.
    pub fn check_beyond_header(&mut self) {
        let beyond_header = self
            .row
            .cells
            .iter()
            .skip(self.layout.fields.len())
            .position(|cell| *cell != Cell::Empty);
        if let Some(extra) = beyond_header {
            let column = ColumnRef {
                index: u32::try_from(self.layout.fields.len() + extra)
                    .ok()
                    .map(|i| i + self.layout.first_column),
                name: String::new(),
            };
            self.failed = true;
            self.problems.push(Problem::at(
                self.file,
                self.row.number,
                Some(&column),
                Message::new("import_beyond_header"),
            ));
        }
    }
}
