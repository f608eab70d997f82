//! The entry form's values: what a publisher typed, the import file it becomes, and back.
//! A form is read by column key (`d.<key>` for the disclosure's fields, `r<i>.<key>` for
//! row `i` of its table), so the form holds exactly the import format's columns.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::disclosure::import::{content_rows, form_layout, FormLayout};
use crate::disclosure::{Content, Period, Section, Version};

/// Empty rows a new table form starts with.
pub const FIRST_ROWS: usize = 3;
/// Rows the "add rows" button adds.
pub const ADDED_ROWS: usize = 5;
/// More rows than this in one form is a file to upload, not a form to type.
pub const MAX_ROWS: usize = 500;

/// Column values by key.
pub type Values = BTreeMap<String, String>;

/// What the entry form of one section holds.
#[derive(Debug, Clone, Serialize)]
pub struct EntryForm {
    /// The section, which decides the columns.
    pub section: Section,
    /// The disclosure's own fields.
    pub disclosure: Values,
    /// The rows of its table (empty for one-row sections).
    pub rows: Vec<Values>,
}

impl EntryForm {
    /// An empty form; a table starts with a few empty rows.
    pub fn blank(section: Section) -> EntryForm {
        let rows = if form_layout(section).is_table() {
            FIRST_ROWS
        } else {
            0
        };
        EntryForm {
            section,
            disclosure: Values::new(),
            rows: vec![Values::new(); rows],
        }
    }

    /// The form as posted: `d.<key>` and `r<i>.<key>` fields of the section's columns;
    /// anything else is ignored.
    pub fn from_pairs(section: Section, pairs: &[(String, String)]) -> EntryForm {
        let layout = form_layout(section);
        let mut form = EntryForm {
            section,
            disclosure: Values::new(),
            rows: Vec::new(),
        };
        for (name, value) in pairs {
            if let Some(key) = name.strip_prefix("d.") {
                if layout.disclosure.iter().any(|c| c.key == key) {
                    form.disclosure.insert(key.to_owned(), value.clone());
                }
                continue;
            }
            let Some((row, key)) = name.strip_prefix('r').and_then(|n| n.split_once('.')) else {
                continue;
            };
            let Ok(row) = row.parse::<usize>() else {
                continue;
            };
            if row >= MAX_ROWS || !layout.rows.iter().any(|c| c.key == key) {
                continue;
            }
            if form.rows.len() <= row {
                form.rows.resize(row + 1, Values::new());
            }
            form.rows[row].insert(key.to_owned(), value.clone());
        }
        form
    }

    /// The value typed for a disclosure field, trimmed.
    #[cfg(test)]
    pub fn value(&self, key: &str) -> &str {
        self.disclosure.get(key).map_or("", |v| v.trim())
    }

    /// Sets a disclosure field.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.disclosure.insert(key.to_owned(), value.into());
    }

    /// Adds empty rows (the "add rows" button), up to [`MAX_ROWS`].
    pub fn add_rows(&mut self, count: usize) {
        let rows = (self.rows.len() + count).min(MAX_ROWS);
        self.rows.resize(rows, Values::new());
    }

    /// The form without the rows nothing was typed into: those are not part of the
    /// disclosure, and leaving them out keeps form rows and file rows in step.
    pub fn without_blank_rows(mut self) -> EntryForm {
        self.rows
            .retain(|row| row.values().any(|value| !value.trim().is_empty()));
        self
    }

    /// The import file the form stands for: a header of the section's keys, and one line
    /// per row of the table (the disclosure's fields repeated on each), or one line.
    /// Form row `i` is therefore file row `i + 2`.
    pub fn to_csv(&self) -> Vec<u8> {
        let layout = form_layout(self.section);
        let keys = layout.keys();
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing into a Vec cannot fail.
        let _ = writer.write_record(&keys);
        let mut write = |row: Option<&Values>| {
            let record: Vec<&str> = keys
                .iter()
                .map(|key| {
                    let value = self
                        .disclosure
                        .get(*key)
                        .or_else(|| row.and_then(|r| r.get(*key)));
                    value.map_or("", |v| v.trim())
                })
                .collect();
            let _ = writer.write_record(&record);
        };
        if self.rows.is_empty() {
            write(None);
        }
        for row in &self.rows {
            write(Some(row));
        }
        writer.into_inner().unwrap_or_default()
    }

    /// The form a CSV written by [`EntryForm::to_csv`] came from; `None` if it is not one.
    pub fn from_csv(section: Section, bytes: &[u8]) -> Option<EntryForm> {
        let layout = form_layout(section);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes);
        let header: Vec<String> = reader.headers().ok()?.iter().map(str::to_owned).collect();
        let mut form = EntryForm {
            section,
            disclosure: Values::new(),
            rows: Vec::new(),
        };
        for (index, record) in reader.records().enumerate() {
            let record = record.ok()?;
            let mut row = Values::new();
            for (key, value) in header.iter().zip(record.iter()) {
                if layout.disclosure.iter().any(|c| c.key == key) {
                    if index == 0 {
                        form.disclosure.insert(key.clone(), value.to_owned());
                    }
                } else if layout.rows.iter().any(|c| c.key == key) {
                    row.insert(key.clone(), value.to_owned());
                }
            }
            if layout.is_table() {
                form.rows.push(row);
            }
        }
        Some(form.without_blank_rows())
    }

    /// A form holding a published version, to amend it: the same figures, source and date,
    /// and an empty reason for the publisher to give.
    pub fn from_published(
        uscc: &str,
        period: Period,
        version: &Version,
        content: &Content,
    ) -> EntryForm {
        let section = content.section();
        let layout = form_layout(section);
        let mut form = EntryForm {
            section,
            disclosure: Values::new(),
            rows: Vec::new(),
        };
        form.set("uscc", uscc);
        form.set("year", period.year.to_string());
        if let Some(quarter) = period.quarter {
            form.set("quarter", quarter.to_string());
        }
        form.set("source", version.source.clone());
        form.set("as_of", version.as_of.format("%Y-%m-%d").to_string());
        for exported in content_rows(content) {
            let mut row = Values::new();
            for (key, value) in exported {
                if layout.disclosure.iter().any(|c| c.key == key) {
                    form.disclosure.insert(key.to_owned(), value);
                } else {
                    row.insert(key.to_owned(), value);
                }
            }
            if layout.is_table() {
                form.rows.push(row);
            }
        }
        form
    }

    /// The section's form layout.
    pub fn layout(&self) -> FormLayout {
        form_layout(self.section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_posted_form_keeps_known_columns_by_row() {
        let form = EntryForm::from_pairs(
            Section::Governance,
            &pairs(&[
                ("d.uscc", "X"),
                ("r1.name", "张三"),
                ("r0.name", "李四"),
                ("r0.salary", "ignored"),
                ("csrf", "ignored"),
                ("r9999.name", "ignored"),
            ]),
        );
        assert_eq!(form.value("uscc"), "X");
        assert_eq!(form.rows.len(), 2);
        assert_eq!(form.rows[0].get("name").unwrap(), "李四");
        assert!(!form.rows[0].contains_key("salary"));
    }

    #[test]
    fn the_file_repeats_the_disclosure_fields_on_every_row_and_reads_back() {
        let mut form = EntryForm::from_pairs(
            Section::Governance,
            &pairs(&[
                ("d.uscc", "91450500DEM000001J"),
                ("d.year", "2025"),
                ("d.source", "年报, 第 3 页"),
                ("r0.name", "李四"),
                ("r2.name", "张三"),
            ]),
        );
        form = form.without_blank_rows();
        let csv = String::from_utf8(form.to_csv()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3, "{csv}");
        assert!(lines[0].starts_with("uscc,year,source,as_of,"), "{csv}");
        assert!(lines[2].contains("\"年报, 第 3 页\""), "{csv}");
        let back = EntryForm::from_csv(Section::Governance, csv.as_bytes()).unwrap();
        assert_eq!(back.value("source"), "年报, 第 3 页");
        assert_eq!(back.rows.len(), 2);
        assert_eq!(back.rows[1].get("name").unwrap(), "张三");
    }

    #[test]
    fn a_one_row_section_is_one_line() {
        let form = EntryForm::from_pairs(Section::Financial, &pairs(&[("d.revenue", "1")]));
        let csv = String::from_utf8(form.to_csv()).unwrap();
        assert_eq!(csv.lines().count(), 2, "{csv}");
    }
}
