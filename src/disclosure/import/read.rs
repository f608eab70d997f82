//! Reading a CSV or XLSX file into rows of cells, numbered as a spreadsheet numbers them.
//!
//! Nothing is interpreted here beyond what the file format itself says: a CSV cell is
//! text, an XLSX cell keeps its type (text, number, boolean, date) so that the value
//! parsers can treat a spreadsheet number with the care it needs.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, XlsxError};
use chrono::NaiveDate;

use super::message::Message;
use super::problem::{FileRef, Problem};

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Nothing, or only whitespace.
    Empty,
    /// Text (every CSV cell, and XLSX text and integer cells).
    Text(String),
    /// An XLSX number cell, which the spreadsheet stores as a binary float.
    Number(f64),
    /// An XLSX boolean cell.
    Bool(bool),
    /// An XLSX cell holding a date.
    Date(NaiveDate),
    /// An XLSX cell that cannot hold an import value, with the reason.
    Invalid(Message),
}

impl Cell {
    fn text(value: String) -> Cell {
        if value.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value)
        }
    }
}

/// A row with its spreadsheet number (the first row of the sheet is 1).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// Row number as a spreadsheet shows it.
    pub number: u32,
    /// Cells from the table's first column on.
    pub cells: Vec<Cell>,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| *c == Cell::Empty)
    }
}

/// A sheet: its header row and the data rows below it, blank rows left out.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Table {
    /// Position of the first cell of every row (0 = column A).
    pub first_column: u32,
    /// The first non-blank row.
    pub header: Row,
    /// Every later non-blank row.
    pub rows: Vec<Row>,
}

/// Reads a `.csv` or `.xlsx` file's bytes, the format chosen by the name's extension.
pub(super) fn read_table(name: &str, bytes: &[u8], file: &FileRef) -> Result<Table, Problem> {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let rows = match extension.as_deref() {
        Some("csv") => csv_rows(bytes, file)?,
        Some("xlsx") => xlsx_rows(bytes, file)?,
        _ => {
            return Err(Problem::in_file(
                file,
                Message::new("import_not_csv_or_xlsx"),
            ))
        }
    };
    into_table(rows.0, rows.1, file)
}

/// Whether a file name is one the import reads, by its extension.
pub fn is_importable(name: &str) -> bool {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("csv" | "xlsx"))
}

fn into_table(rows: Vec<Row>, first_column: u32, file: &FileRef) -> Result<Table, Problem> {
    let mut rows = rows.into_iter().filter(|r| !r.is_blank());
    let header = rows
        .next()
        .ok_or_else(|| Problem::in_file(file, Message::new("import_empty")))?;
    Ok(Table {
        first_column,
        header,
        rows: rows.collect(),
    })
}

/// CSV as Excel and WPS save it ("CSV UTF-8"): comma-separated, double quotes, UTF-8
/// with or without a byte-order mark.
fn csv_rows(bytes: &[u8], file: &FileRef) -> Result<(Vec<Row>, u32), Problem> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        // Chinese Excel saves plain "CSV" in GBK; the UTF-8 variant is a separate choice.
        Problem::in_file(file, Message::new("import_not_utf8").arg("line", line))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Rows are numbered by counting line breaks up to where each record starts, with two
    // corrections: the reader reports a record's position before the blank lines it
    // skips (a spreadsheet shows those as rows), and a quoted line break belongs to a
    // cell, not to a new row.
    let mut counted = LineCounter::default();
    let mut breaks_in_cells: u64 = 0;
    for record in reader.records() {
        let record = record
            .map_err(|e| Problem::in_file(file, Message::new("import_bad_csv").arg("error", e)))?;
        let from = record.position().map_or(0, |p| p.byte());
        let start = text
            .get(usize::try_from(from).unwrap_or(usize::MAX)..)
            .map_or(0, |rest| {
                rest.len() - rest.trim_start_matches(['\r', '\n']).len()
            });
        let line = counted.line_at(text, usize::try_from(from).unwrap_or(0) + start);
        let number = u32::try_from(line - breaks_in_cells).unwrap_or(u32::MAX);
        breaks_in_cells += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        let cells = record.iter().map(|f| Cell::text(f.to_owned())).collect();
        rows.push(Row { number, cells });
    }
    Ok((rows, 0))
}

/// Line numbers of byte offsets, counted incrementally as offsets only grow.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    breaks: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> u64 {
        let offset = offset.min(text.len());
        if offset > self.offset {
            let between = text.as_bytes().get(self.offset..offset).unwrap_or_default();
            self.breaks += between.iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = offset;
        }
        self.breaks + 1
    }
}

/// Most cells the rectangle from a worksheet's first cell to its last may hold: calamine
/// fills it all in, so a single cell written far away would make a file of a few hundred
/// bytes take gigabytes. Far more than any disclosure file holds (a thousand enterprises
/// by thirty years by twenty columns is 600,000).
const MAX_SHEET_CELLS: u64 = 4_000_000;

/// The only non-empty worksheet of a workbook. A second one is refused rather than
/// ignored, so that no sheet of figures is ever silently left out.
fn xlsx_rows(bytes: &[u8], file: &FileRef) -> Result<(Vec<Row>, u32), Problem> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Problem::in_file(file, Message::new("import_bad_xlsx").arg("error", e)))?;
    let mut filled = Vec::new();
    for name in workbook.sheet_names() {
        // A sheet the cell reader cannot read gets its message from worksheet_range below.
        if let Ok((rows, columns)) = sheet_extent(&mut workbook, &name) {
            if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
                let message = Message::new("import_sheet_too_large")
                    .arg("name", &name)
                    .arg("rows", rows)
                    .arg("columns", columns)
                    .arg("max", MAX_SHEET_CELLS);
                return Err(Problem::in_file(file, message));
            }
        }
        let range = workbook.worksheet_range(&name).map_err(|e| {
            let message = Message::new("import_bad_sheet")
                .arg("name", &name)
                .arg("error", e);
            Problem::in_file(file, message)
        })?;
        if range.used_cells().any(|(_, _, cell)| !is_blank(cell)) {
            filled.push((name, range));
        }
    }
    let (_, range) = match filled.len() {
        1 => filled.remove(0),
        0 => return Err(Problem::in_file(file, Message::new("import_empty"))),
        _ => {
            let names: Vec<String> = filled.iter().map(|(n, _)| format!("\"{n}\"")).collect();
            let message = Message::new("import_many_sheets")
                .arg("count", names.len())
                .arg("names", names.join(", "));
            return Err(Problem::in_file(file, message));
        }
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .zip(first_row..)
        .map(|(cells, index)| Row {
            number: index + 1,
            cells: cells.iter().map(xlsx_cell).collect(),
        })
        .collect();
    Ok((rows, first_column))
}

/// Rows and columns from a worksheet's first cell to its last, empty cells included,
/// read cell by cell without filling anything in.
fn sheet_extent(workbook: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<(u64, u64), XlsxError> {
    let mut cells = workbook.worksheet_cells_reader(name)?;
    let mut extent: Option<((u32, u32), (u32, u32))> = None;
    while let Some(cell) = cells.next_cell()? {
        let (row, column) = cell.get_position();
        let ((top, left), (bottom, right)) = extent.unwrap_or(((row, column), (row, column)));
        extent = Some((
            (top.min(row), left.min(column)),
            (bottom.max(row), right.max(column)),
        ));
    }
    Ok(extent.map_or((0, 0), |((top, left), (bottom, right))| {
        let span = |first: u32, last: u32| u64::from(last - first) + 1;
        (span(top, bottom), span(left, right))
    }))
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn xlsx_cell(cell: &Data) -> Cell {
    match cell {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) => Cell::text(s.clone()),
        Data::Int(i) => Cell::Text(i.to_string()),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => match d.as_datetime() {
            Some(dt) => Cell::Date(dt.date()),
            None => Cell::Invalid(Message::new("import_cell_bad_date")),
        },
        Data::DateTime(_) | Data::DurationIso(_) => {
            Cell::Invalid(Message::new("import_cell_duration"))
        }
        Data::Error(e) => Cell::Invalid(Message::new("import_cell_error").arg("error", e)),
    }
}

/// A table from CSV text, for tests of the later steps.
#[cfg(test)]
pub(super) fn csv_table(text: &str, file: &FileRef) -> Result<Table, Problem> {
    let (rows, first) = csv_rows(text.as_bytes(), file)?;
    into_table(rows, first, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> FileRef {
        FileRef {
            label: "t.csv".into(),
            index: 0,
        }
    }

    fn numbers(table: &Table) -> Vec<u32> {
        table.rows.iter().map(|r| r.number).collect()
    }

    fn table(text: &str) -> Table {
        csv_table(text, &file()).unwrap()
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let table = table("a,b\n1,2\n\n3,\"x\ny\"\n4,5\n");
        assert_eq!(table.header.number, 1);
        // The blank line is row 3; the quoted line break does not start a row.
        assert_eq!(numbers(&table), vec![2, 4, 5]);
        assert_eq!(table.rows[1].cells[1], Cell::Text("x\ny".to_owned()));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_header() {
        let table = table("\u{feff}uscc,year\nx,2026\n");
        assert_eq!(table.header.cells[0], Cell::Text("uscc".to_owned()));
    }

    #[test]
    fn csv_that_is_not_utf8_is_refused_with_advice() {
        // "资产" in GBK.
        let problem = csv_rows(b"uscc,year\n\xd7\xca\xb2\xfa,1\n", &file()).unwrap_err();
        assert!(problem.reason().contains("line 2"), "{problem}");
        assert!(problem.reason().contains("CSV UTF-8"), "{problem}");
    }

    #[test]
    fn whitespace_only_cells_are_empty() {
        let table = table("a,b\n  ,1\n");
        assert_eq!(table.rows[0].cells[0], Cell::Empty);
    }

    #[test]
    fn a_cell_written_far_away_is_refused_before_the_sheet_is_filled_in() {
        // Found by fuzzing (fuzz/fuzz_targets/import_xlsx.rs): calamine allocates every
        // cell of the rectangle, here 17 billion of them, for a file of a few kilobytes.
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "uscc").unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let problem = read_table("far.xlsx", &bytes, &file()).unwrap_err();
        assert_eq!(problem.message().id(), "import_sheet_too_large");
        assert!(problem.reason().contains("1048576 rows by 16384 columns"));
    }
}
