//! `rectification_status` files: dated status updates of rectification items, one row
//! per update, keyed by the enterprise, the inspection report's year and the item code.
//!
//! Updates are not versions of the report: they are appended over time and never
//! changed (see `inspection::record_status`). So an update already on record with the
//! same status and note is "unchanged" (re-importing a file changes nothing), one on
//! record for that day with another status or note is refused, and an update dated
//! before the item's latest one is refused: history is appended in date order.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

use super::apply::Published;
use super::columns::{optional, required, ColumnSpec, Field, FileKind};
use super::header::Layout;
use super::message::Message;
use super::problem::{ColumnRef, FileRef, Problem};
use super::read::Row;
use super::reader::RowReader;
use super::validate::Record;
use super::values;
use super::vocabulary::RECTIFICATION_STATUS;
use crate::disclosure::inspection::{self, StatusUpdate};
use crate::disclosure::model::{Content, Period, Section};
use crate::enterprise::Uscc;

/// The database's length limit of a note.
const MAX_NOTE: usize = 2000;

/// The columns after `uscc` and `year` (the year of the inspection report).
pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::Item, "item", "整改事项编号"),
    required(Field::Status, "status", "整改状态"),
    required(Field::EffectiveOn, "effective_on", "生效日期"),
    optional(Field::Note, "note", "情况说明"),
];

/// A status update row that passed every check that needs no database.
#[derive(Debug, Clone)]
pub(super) struct StatusRecord {
    pub file: FileRef,
    pub row: u32,
    pub uscc: Uscc,
    /// The year of the inspection report the item belongs to.
    pub year: i16,
    pub item: String,
    pub update: StatusUpdate,
    columns: StatusColumns,
}

/// Where the cells are, for problems found against the database.
#[derive(Debug, Clone)]
struct StatusColumns {
    uscc: ColumnRef,
    year: ColumnRef,
    item: ColumnRef,
    effective_on: ColumnRef,
}

impl StatusRecord {
    fn problem(&self, column: &ColumnRef, reason: Message) -> Problem {
        Problem::at(&self.file, self.row, Some(column), reason)
    }

    /// The problem of an update for an enterprise that is not registered.
    pub fn unknown_enterprise(&self) -> Problem {
        self.problem(
            &self.columns.uscc,
            Message::new("import_unknown_enterprise").arg("uscc", &self.uscc),
        )
    }

    fn period(&self) -> Period {
        Period {
            year: self.year,
            quarter: None,
        }
    }
}

/// An update's identity, to find the same one given twice in a run.
type Key = (Uscc, i16, String, NaiveDate);

/// Checks every row of a status file; `seen` spans the whole run.
pub(super) fn validate_rows(
    rows: &[Row],
    layout: &Layout,
    file: &FileRef,
    today: NaiveDate,
    seen: &mut HashMap<Key, (FileRef, u32)>,
    problems: &mut Vec<Problem>,
) -> Vec<StatusRecord> {
    debug_assert_eq!(layout.kind, FileKind::RectificationStatus);
    let this_year = i16::try_from(today.year()).unwrap_or(i16::MAX);
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let mut reader = RowReader::new(layout, row, file, problems);
        reader.check_beyond_header();
        let uscc = reader.required(Field::Uscc, values::uscc);
        let year = reader.required(Field::Year, |c| values::year(c, this_year));
        let item = reader.required(Field::Item, values::item_code);
        let status = reader.required(Field::Status, |c| RECTIFICATION_STATUS.parse(c));
        let effective_on = reader.required(Field::EffectiveOn, values::date);
        let note = reader.optional(Field::Note, |c| values::bounded_text(c, MAX_NOTE));
        if let Some(day) = effective_on.filter(|day| *day > today) {
            reader.problem(
                Field::EffectiveOn,
                Message::new("import_status_future").arg("date", day),
            );
        }
        if reader.failed {
            continue;
        }
        let (Some(uscc), Some(year), Some(item), Some(status), Some(effective_on), Some(note)) =
            (uscc, year, item, status, effective_on, note)
        else {
            continue;
        };
        let key = (uscc.clone(), year, item.clone(), effective_on);
        if let Some((first_file, first_row)) = seen.get(&key) {
            let reason = if first_file.index == file.index {
                Message::new("import_status_twice").arg("first", first_row)
            } else {
                Message::new("import_status_twice_in_file")
                    .arg("file", &first_file.label)
                    .arg("first", first_row)
            };
            problems.push(Problem::at(file, row.number, None, reason));
            continue;
        }
        seen.insert(key, (file.clone(), row.number));
        records.push(StatusRecord {
            file: file.clone(),
            row: row.number,
            uscc,
            year,
            item,
            update: StatusUpdate {
                status,
                effective_on,
                note,
            },
            columns: StatusColumns {
                uscc: layout.column(Field::Uscc),
                year: layout.column(Field::Year),
                item: layout.column(Field::Item),
                effective_on: layout.column(Field::EffectiveOn),
            },
        });
    }
    records
}

/// What importing one update does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StatusAction {
    /// Record it for this published report.
    Record { disclosure_id: i64 },
    /// Record it for the report this run publishes for the enterprise and year.
    RecordForNew,
    /// Nothing: the same update is on record.
    Unchanged,
}

/// Decides the action of each update of one enterprise, against its published reports
/// and the reports `run` publishes or amends for it (whose items are the ones that
/// count after this run).
pub(super) async fn plan(
    conn: &mut AsyncPgConnection,
    published: &Published,
    run: &[&Record],
    updates: &[&StatusRecord],
    problems: &mut Vec<Problem>,
) -> QueryResult<Vec<Option<StatusAction>>> {
    let ids: Vec<i64> = updates
        .iter()
        .filter_map(|u| published.find(Section::Inspection, u.period()))
        .map(|r| r.disclosure.id)
        .collect();
    let histories = inspection::status_histories(conn, &ids).await?;
    let mut actions = Vec::with_capacity(updates.len());
    for update in updates {
        let in_run = run
            .iter()
            .find(|r| r.content.section() == Section::Inspection && r.period == update.period());
        let existing = published.find(Section::Inspection, update.period());
        let content = match (in_run, existing) {
            (Some(record), _) => Some(&record.content),
            (None, Some(existing)) if existing.is_withdrawn() => {
                problems.push(update.problem(
                    &update.columns.year,
                    Message::new("import_status_report_withdrawn").arg("year", update.year),
                ));
                actions.push(None);
                continue;
            }
            (None, Some(existing)) => published.latest_content(existing),
            (None, None) => None,
        };
        let Some(Content::Inspection(report)) = content else {
            problems.push(update.problem(
                &update.columns.year,
                Message::new("import_status_no_report").arg("year", update.year),
            ));
            actions.push(None);
            continue;
        };
        let codes: Vec<&str> = report
            .findings
            .iter()
            .flat_map(|f| &f.rectifications)
            .map(|i| i.code.as_str())
            .collect();
        if !codes.contains(&update.item.as_str()) {
            let listed = if codes.is_empty() {
                Message::new("import_status_items_none")
            } else {
                Message::new("import_status_items").arg("codes", codes.join(", "))
            };
            problems.push(
                update.problem(
                    &update.columns.item,
                    Message::new("import_status_not_an_item")
                        .arg("item", &update.item)
                        .arg("year", update.year)
                        .part("listed", listed),
                ),
            );
            actions.push(None);
            continue;
        }
        let action = match existing {
            None => Some(StatusAction::RecordForNew),
            Some(existing) => {
                let id = existing.disclosure.id;
                let history = histories
                    .get(&(id, update.item.clone()))
                    .map_or(&[][..], Vec::as_slice);
                decide(update, history, problems).map(|record| {
                    if record {
                        StatusAction::Record { disclosure_id: id }
                    } else {
                        StatusAction::Unchanged
                    }
                })
            }
        };
        actions.push(action);
    }
    Ok(actions)
}

/// Whether to record the update (`Some(false)`: it is on record already), given the
/// item's history, oldest first.
fn decide(
    update: &StatusRecord,
    history: &[StatusUpdate],
    problems: &mut Vec<Problem>,
) -> Option<bool> {
    let new = &update.update;
    if let Some(same_day) = history.iter().find(|u| u.effective_on == new.effective_on) {
        if same_day == new {
            return Some(false);
        }
        problems.push(
            update.problem(
                &update.columns.effective_on,
                Message::new("import_status_same_day")
                    .arg("item", &update.item)
                    .arg("date", same_day.effective_on)
                    .arg("status", same_day.status.code()),
            ),
        );
        return None;
    }
    if let Some(latest) = history.last().filter(|l| l.effective_on > new.effective_on) {
        problems.push(
            update.problem(
                &update.columns.effective_on,
                Message::new("import_status_out_of_order")
                    .arg("date", new.effective_on)
                    .arg("item", &update.item)
                    .arg("latest", latest.effective_on)
                    .arg("status", latest.status.code()),
            ),
        );
        return None;
    }
    Some(true)
}

/// Records the planned updates, oldest first per item, inside the caller's transaction;
/// `new_reports` gives the id of each inspection report this run published.
pub(super) async fn apply(
    conn: &mut AsyncPgConnection,
    updates: &[StatusRecord],
    actions: &[StatusAction],
    new_reports: &HashMap<(Uscc, Period), i64>,
) -> QueryResult<(StatusCounts, Vec<(i64, Uscc, Period)>)> {
    let mut counts = StatusCounts::default();
    // The reports that received an update, each once.
    let mut reports: Vec<(i64, Uscc, Period)> = Vec::new();
    let mut planned: Vec<(&StatusRecord, &StatusAction)> = updates.iter().zip(actions).collect();
    // The store keeps no order of its own beyond the date; recording in date order keeps
    // the ids in step with it too.
    planned.sort_by_key(|(u, _)| u.update.effective_on);
    for (update, action) in planned {
        let disclosure_id = match action {
            StatusAction::Unchanged => {
                counts.unchanged += 1;
                continue;
            }
            StatusAction::Record { disclosure_id } => *disclosure_id,
            StatusAction::RecordForNew => {
                let key = (update.uscc.clone(), update.period());
                // Planned as "new" only when this run publishes the report.
                let Some(id) = new_reports.get(&key) else {
                    return Err(diesel::result::Error::NotFound);
                };
                *id
            }
        };
        inspection::record_status(conn, disclosure_id, &update.item, &update.update).await?;
        counts.recorded += 1;
        if !reports.iter().any(|(id, _, _)| *id == disclosure_id) {
            reports.push((disclosure_id, update.uscc.clone(), update.period()));
        }
    }
    Ok((counts, reports))
}

/// How many updates did what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct StatusCounts {
    pub recorded: usize,
    pub unchanged: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::RectificationStatus::{self, Completed, InProgress};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn update(status: RectificationStatus, on: &str, note: Option<&str>) -> StatusUpdate {
        StatusUpdate {
            status,
            effective_on: day(on),
            note: note.map(str::to_owned),
        }
    }

    fn record(status: RectificationStatus, on: &str, note: Option<&str>) -> StatusRecord {
        let file = FileRef {
            label: "s.csv".into(),
            index: 0,
        };
        let column = |name: &str| ColumnRef::absent(name);
        StatusRecord {
            file,
            row: 2,
            uscc: Uscc::parse("91450500DEM000001J").unwrap(),
            year: 2024,
            item: "R1".to_owned(),
            update: update(status, on, note),
            columns: StatusColumns {
                uscc: column("uscc"),
                year: column("year"),
                item: column("item"),
                effective_on: column("effective_on"),
            },
        }
    }

    #[test]
    fn an_update_on_record_as_it_is_changes_nothing_and_a_later_one_is_recorded() {
        let history = [update(InProgress, "2025-01-10", Some("a"))];
        let mut problems = Vec::new();
        let same = record(InProgress, "2025-01-10", Some("a"));
        assert_eq!(decide(&same, &history, &mut problems), Some(false));
        let later = record(Completed, "2025-06-01", None);
        assert_eq!(decide(&later, &history, &mut problems), Some(true));
        assert_eq!(problems, []);
    }

    #[test]
    fn an_update_cannot_change_a_recorded_one_nor_go_back_in_time() {
        let history = [
            update(InProgress, "2025-01-10", Some("a")),
            update(Completed, "2025-06-01", None),
        ];
        let mut problems = Vec::new();
        let changed = record(Completed, "2025-01-10", Some("a"));
        assert_eq!(decide(&changed, &history, &mut problems), None);
        let earlier = record(Completed, "2025-03-01", None);
        assert_eq!(decide(&earlier, &history, &mut problems), None);
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "s.csv: row 2, column effective_on: R1 already has an update dated 2025-01-10 \
                 (in_progress); a recorded update cannot be changed, record a new one with a \
                 later date",
                "s.csv: row 2, column effective_on: 2025-03-01 is before the latest update of \
                 R1 (2025-06-01, completed); updates are recorded in date order",
            ]
        );
    }
}
