//! Public statistics of whistleblowing cases for the `/stats` page, as a CSV download and as an
//! inline SVG chart.
//!
//! Figures are computed per calendar quarter of receipt, per report kind, per supervisory unit,
//! and over all cases (the totals row). Every row carries the same figures, see [`Row`].
//!
//! # Small-cell suppression
//!
//! A published count of 1 or 2 in a small unit could single out a reporter, so:
//!
//! * a count `c` with `0 < c < min_cell` becomes [`Cell::Suppressed`]; zero stays `0`, because
//!   "nobody" identifies nobody;
//! * a median or a share computed over `n` cases with `0 < n < min_cell` becomes
//!   [`Cell::Suppressed`]; over no case at all it is [`Cell::Empty`] (there is nothing to show);
//! * complementary suppression: the rows of one breakdown (quarters, kinds, units) add up to the
//!   totals row, so a single suppressed cell in a column could be recomputed as the total minus
//!   the other rows. When exactly one cell of an additive column is suppressed, the visible cell
//!   with the smallest non-zero basis (the count itself, or the number of cases a share is
//!   computed over) is suppressed too; ties go to the row listed first. The additive columns are
//!   the two counts and the three shares (a share times its published or guessable denominator
//!   gives back a count). Medians are not additive, so no total can give one back and they only
//!   get the primary rule. The quarter breakdown gets the same treatment as kinds and units,
//!   because quarters add up to the totals row just the same.
//!
//! Both kinds of suppression produce the same [`Cell::Suppressed`], so the page does not say
//! which of the two hidden cells is the small one (a partner cell therefore also reads "<5"
//! although it is larger). This is the usual one-partner rule, not an optimal one: when the
//! hidden pair's sum is just above `min_cell` (say 1 + 5 = 6 with `min_cell = 5`), a reader who
//! knows the rule can still narrow the small cell down, and a median shown for a hidden row
//! tells that the row has at least `min_cell` cases.
//!
//! # Serialized shape (for the tera template)
//!
//! Every [`Cell`] serializes as an object with all three keys present, so a template never has
//! to test for a missing key:
//!
//! ```json
//! {"value": 12,   "suppressed": false, "empty": false}
//! {"value": null, "suppressed": true,  "empty": false}
//! {"value": null, "suppressed": false, "empty": true}
//! ```
//!
//! e.g. `{% if c.suppressed %}{{ stats.suppressed_label }}{% elif c.empty %}—{% else %}{{ c.value
//! }}{% endif %}`, where `stats.suppressed_label` is `"<5"` for `min_cell = 5` (tera's autoescape
//! turns it into `&lt;5`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::disclosure::chart::{chart_id_of, num, open_svg, text as label};

/// The report kind codes in the order the page lists them. These rows are always present (with
/// zeros when a kind has no case) so the table keeps the same shape from one day to the next;
/// codes not in this list follow in alphabetical order.
pub const KINDS: [&str; 6] = [
    "criticism",
    "suggestion",
    "report",
    "exposure",
    "appeal",
    "accusation",
];

/// The key of the totals row, in [`Stats::total`] and in the CSV.
pub const TOTAL_KEY: &str = "total";

/// The facts about one case that the statistics need, filled from SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// Report kind code: criticism|suggestion|report|exposure|appeal|accusation.
    pub kind: String,
    /// Supervisory unit code, e.g. "discipline".
    pub unit: String,
    /// The day the report was received.
    pub received_on: NaiveDate,
    /// The first answer: accepted, declined or referred.
    pub acknowledged_on: Option<NaiveDate>,
    /// The deadline for the first answer.
    pub acknowledge_by: NaiveDate,
    /// The day the case was closed, declined or referred.
    pub concluded_on: Option<NaiveDate>,
    /// The deadline to conclude, set on acceptance.
    pub conclude_by: Option<NaiveDate>,
    /// Whether the case was referred to another body.
    pub referred: bool,
}

/// One published figure: a value, a value hidden by small-cell suppression, or nothing to show.
///
/// Serializes as `{"value": v, "suppressed": bool, "empty": bool}` with all three keys always
/// present (`value` is `null` unless it is [`Cell::Value`]); see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<T> {
    /// The figure, safe to publish.
    Value(T),
    /// Hidden because it rests on fewer than `min_cell` cases, or to protect such a cell
    /// (complementary suppression). Rendered as e.g. "<5".
    Suppressed,
    /// A median or share over no case at all: there is no figure. Rendered as a blank or a dash.
    Empty,
}

impl<T> Cell<T> {
    /// The figure, when it may be shown.
    pub fn value(&self) -> Option<&T> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed | Cell::Empty => None,
        }
    }

    /// Whether the figure is hidden by suppression.
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Cell::Suppressed)
    }
}

// Hand-written because serde's derived enum shapes ({"Value": 3}, "Suppressed") would make the
// template test for keys that are only sometimes there.
impl<T: Serialize> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Cell", 3)?;
        s.serialize_field("value", &self.value())?;
        s.serialize_field("suppressed", &matches!(self, Cell::Suppressed))?;
        s.serialize_field("empty", &matches!(self, Cell::Empty))?;
        s.end()
    }
}

/// The figures for one group of cases (a quarter, a kind, a unit, or all cases).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The group: a quarter label like "2026Q3", a kind code, a unit code, or [`TOTAL_KEY`].
    pub key: String,
    /// Cases received.
    pub received: Cell<i64>,
    /// Cases of this group that have been concluded (closed, declined or referred). For
    /// quarters this counts by the quarter of receipt, so it is comparable with `received`.
    pub handled: Cell<i64>,
    /// Median working days from receipt to the first answer, over acknowledged cases, rounded
    /// to one decimal.
    pub median_working_days_to_acknowledge: Cell<f64>,
    /// Median working days from receipt to conclusion, over handled cases, rounded to one
    /// decimal.
    pub median_working_days_to_conclude: Cell<f64>,
    /// Percentage (rounded) of acknowledged cases answered by their deadline.
    pub acknowledged_on_time_pct: Cell<i64>,
    /// Percentage (rounded) of handled cases concluded by their deadline. A case concluded
    /// without a conclusion deadline (declined or referred at the first answer) counts as on
    /// time when that answer was on time.
    pub concluded_on_time_pct: Cell<i64>,
    /// Percentage (rounded) of handled cases that were referred.
    pub referred_pct: Cell<i64>,
}

/// Everything the `/stats` page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The suppression threshold the figures were computed with.
    pub min_cell: i64,
    /// What a suppressed cell reads as, e.g. "<5"; the template, the CSV and the chart all use
    /// it so they agree.
    pub suppressed_label: String,
    /// One row per calendar quarter of receipt, oldest first, with no gaps between the first
    /// and the last quarter that has a case.
    pub quarters: Vec<Row>,
    /// One row per report kind: [`KINDS`] first, then other codes alphabetically.
    pub kinds: Vec<Row>,
    /// One row per supervisory unit that has a case, by code.
    pub units: Vec<Row>,
    /// All cases.
    pub total: Row,
}

/// Computes the statistics page from per-case facts.
///
/// `working_days(a, b)` counts the working days `d` with `a < d <= b` on the official
/// calendar. Figures resting on fewer than `min_cell` cases are suppressed as described in the
/// module documentation; `min_cell <= 1` suppresses nothing.
pub fn compute(
    facts: &[CaseFacts],
    working_days: &dyn Fn(NaiveDate, NaiveDate) -> i64,
    min_cell: i64,
) -> Stats {
    let first = facts.iter().map(|f| quarter_index(f.received_on)).min();
    let last = facts.iter().map(|f| quarter_index(f.received_on)).max();
    let (first, span) = match (first, last) {
        (Some(first), Some(last)) => (first, usize::try_from(last - first + 1).unwrap_or(0)),
        _ => (0, 0),
    };

    let mut quarters = vec![Tally::default(); span];
    let mut kinds: BTreeMap<&str, Tally> = KINDS.iter().map(|k| (*k, Tally::default())).collect();
    let mut units: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for fact in facts {
        let case = Measured::new(fact, working_days);
        let slot = usize::try_from(quarter_index(fact.received_on) - first).ok();
        if let Some(tally) = slot.and_then(|i| quarters.get_mut(i)) {
            tally.add(&case);
        }
        kinds.entry(&fact.kind).or_default().add(&case);
        units.entry(&fact.unit).or_default().add(&case);
        total.add(&case);
    }

    let quarters = (0..)
        .map(|i| quarter_label(first + i))
        .zip(quarters)
        .collect::<Vec<_>>();
    // KINDS first in their fixed order; the BTreeMap already sorts the rest alphabetically.
    let mut kind_tallies: Vec<(String, Tally)> = Vec::with_capacity(kinds.len());
    for kind in KINDS {
        if let Some(tally) = kinds.remove(kind) {
            kind_tallies.push((kind.to_owned(), tally));
        }
    }
    kind_tallies.extend(kinds.into_iter().map(|(k, t)| (k.to_owned(), t)));
    let units = units.into_iter().map(|(k, t)| (k.to_owned(), t)).collect();

    Stats {
        min_cell,
        suppressed_label: format!("<{min_cell}"),
        quarters: breakdown(quarters, min_cell),
        kinds: breakdown(kind_tallies, min_cell),
        units: breakdown(units, min_cell),
        total: total.row(TOTAL_KEY.to_owned(), min_cell),
    }
}

/// What one case contributes, worked out once and added to its quarter, kind, unit and total.
struct Measured {
    days_to_acknowledge: Option<i64>,
    acknowledged_on_time: Option<bool>,
    days_to_conclude: Option<i64>,
    concluded_on_time: Option<bool>,
    referred: bool,
}

impl Measured {
    fn new(fact: &CaseFacts, working_days: &dyn Fn(NaiveDate, NaiveDate) -> i64) -> Self {
        let acknowledged_on_time = fact.acknowledged_on.map(|a| a <= fact.acknowledge_by);
        let concluded_on_time = fact.concluded_on.map(|c| match fact.conclude_by {
            Some(by) => c <= by,
            // Declined or referred at the first answer: that answer was the whole duty. A
            // conclusion with no recorded first answer is taken as that answer itself.
            None => acknowledged_on_time.unwrap_or(c <= fact.acknowledge_by),
        });
        Measured {
            days_to_acknowledge: fact
                .acknowledged_on
                .map(|a| working_days(fact.received_on, a)),
            acknowledged_on_time,
            days_to_conclude: fact.concluded_on.map(|c| working_days(fact.received_on, c)),
            concluded_on_time,
            referred: fact.referred,
        }
    }
}

/// Raw, unsuppressed totals for one group; kept next to the rows so that complementary
/// suppression can see the true bases.
#[derive(Debug, Clone, Default)]
struct Tally {
    received: i64,
    days_to_acknowledge: Vec<i64>,
    acknowledged_on_time: i64,
    /// One entry per handled case, so its length is the handled count.
    days_to_conclude: Vec<i64>,
    concluded_on_time: i64,
    referred: i64,
}

impl Tally {
    fn add(&mut self, case: &Measured) {
        self.received += 1;
        if let Some(days) = case.days_to_acknowledge {
            self.days_to_acknowledge.push(days);
        }
        self.acknowledged_on_time += i64::from(case.acknowledged_on_time == Some(true));
        if let Some(days) = case.days_to_conclude {
            self.days_to_conclude.push(days);
            self.concluded_on_time += i64::from(case.concluded_on_time == Some(true));
            self.referred += i64::from(case.referred);
        }
    }

    fn acknowledged(&self) -> i64 {
        len(&self.days_to_acknowledge)
    }

    fn handled(&self) -> i64 {
        len(&self.days_to_conclude)
    }

    fn row(&self, key: String, min_cell: i64) -> Row {
        let acknowledged = self.acknowledged();
        let handled = self.handled();
        Row {
            key,
            received: count(self.received, min_cell),
            handled: count(handled, min_cell),
            median_working_days_to_acknowledge: over(acknowledged, min_cell, || {
                median(&self.days_to_acknowledge)
            }),
            median_working_days_to_conclude: over(handled, min_cell, || {
                median(&self.days_to_conclude)
            }),
            acknowledged_on_time_pct: over(acknowledged, min_cell, || {
                percent(self.acknowledged_on_time, acknowledged)
            }),
            concluded_on_time_pct: over(handled, min_cell, || {
                percent(self.concluded_on_time, handled)
            }),
            referred_pct: over(handled, min_cell, || percent(self.referred, handled)),
        }
    }
}

fn len(values: &[i64]) -> i64 {
    i64::try_from(values.len()).unwrap_or(i64::MAX)
}

/// Primary suppression of a count: zero reveals nobody, so only 0 < c < min_cell is hidden.
fn count(c: i64, min_cell: i64) -> Cell<i64> {
    if c > 0 && c < min_cell {
        Cell::Suppressed
    } else {
        Cell::Value(c)
    }
}

/// Primary suppression of a figure computed over `n` cases.
fn over<T>(n: i64, min_cell: i64, figure: impl FnOnce() -> T) -> Cell<T> {
    if n <= 0 {
        Cell::Empty
    } else if n < min_cell {
        Cell::Suppressed
    } else {
        Cell::Value(figure())
    }
}

/// The usual median (mean of the two middle values for an even count), to one decimal.
fn median(values: &[i64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    let m = match (sorted.len() % 2, sorted.get(mid)) {
        (1, Some(&v)) => v as f64,
        (_, Some(&hi)) => {
            let lo = mid.checked_sub(1).and_then(|i| sorted.get(i)).copied();
            (lo.unwrap_or(hi) as f64 + hi as f64) / 2.0
        }
        (_, None) => 0.0,
    };
    (m * 10.0).round() / 10.0
}

/// `part / whole` as a percentage rounded half up, in integers so no float noise can flip a
/// boundary value like 62.5.
fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    (200 * part + whole) / (2 * whole)
}

/// The additive columns, which complementary suppression protects.
#[derive(Clone, Copy)]
enum Additive {
    Received,
    Handled,
    AcknowledgedOnTime,
    ConcludedOnTime,
    Referred,
}

impl Additive {
    const ALL: [Additive; 5] = [
        Additive::Received,
        Additive::Handled,
        Additive::AcknowledgedOnTime,
        Additive::ConcludedOnTime,
        Additive::Referred,
    ];

    /// How many cases the cell rests on: the count itself, or a share's denominator.
    fn basis(self, tally: &Tally) -> i64 {
        match self {
            Additive::Received => tally.received,
            Additive::Handled | Additive::ConcludedOnTime | Additive::Referred => tally.handled(),
            Additive::AcknowledgedOnTime => tally.acknowledged(),
        }
    }

    fn get(self, row: &Row) -> &Cell<i64> {
        match self {
            Additive::Received => &row.received,
            Additive::Handled => &row.handled,
            Additive::AcknowledgedOnTime => &row.acknowledged_on_time_pct,
            Additive::ConcludedOnTime => &row.concluded_on_time_pct,
            Additive::Referred => &row.referred_pct,
        }
    }

    fn get_mut(self, row: &mut Row) -> &mut Cell<i64> {
        match self {
            Additive::Received => &mut row.received,
            Additive::Handled => &mut row.handled,
            Additive::AcknowledgedOnTime => &mut row.acknowledged_on_time_pct,
            Additive::ConcludedOnTime => &mut row.concluded_on_time_pct,
            Additive::Referred => &mut row.referred_pct,
        }
    }
}

/// Builds the rows of one breakdown, then applies complementary suppression column by column.
fn breakdown(groups: Vec<(String, Tally)>, min_cell: i64) -> Vec<Row> {
    let mut rows: Vec<Row> = groups
        .iter()
        .map(|(key, tally)| tally.row(key.clone(), min_cell))
        .collect();
    for column in Additive::ALL {
        let suppressed = rows
            .iter()
            .filter(|row| column.get(row).is_suppressed())
            .count();
        if suppressed != 1 {
            // None: nothing to protect. Two or more: the total minus the others only gives
            // their sum.
            continue;
        }
        // min_by_key keeps the first of equal bases, so ties go to the row listed first.
        let partner = rows
            .iter()
            .zip(&groups)
            .enumerate()
            .filter(|(_, (row, (_, tally)))| {
                matches!(column.get(row), Cell::Value(_)) && column.basis(tally) > 0
            })
            .min_by_key(|(_, (_, (_, tally)))| column.basis(tally))
            .map(|(i, _)| i);
        // Without a partner every other row is zero, so the total equals the suppressed cell and
        // is itself suppressed by the primary rule.
        if let Some(row) = partner.and_then(|i| rows.get_mut(i)) {
            *column.get_mut(row) = Cell::Suppressed;
        }
    }
    rows
}

/// Quarters as consecutive integers, so gaps are easy to fill.
fn quarter_index(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 4 + i64::from(day.month0() / 3)
}

fn quarter_label(index: i64) -> String {
    format!("{}Q{}", index.div_euclid(4), index.rem_euclid(4) + 1)
}

/// The CSV column names after "breakdown" and "key"; they match the JSON field names of
/// [`Row`].
const FIGURES: [&str; 7] = [
    "received",
    "handled",
    "median_working_days_to_acknowledge",
    "median_working_days_to_conclude",
    "acknowledged_on_time_pct",
    "concluded_on_time_pct",
    "referred_pct",
];

/// Writes all rows as one CSV: columns "breakdown" (quarter|kind|unit|total), "key", then one
/// per figure (named as the fields of [`Row`]). Suppressed cells read as
/// [`Stats::suppressed_label`] (e.g. "<5"), empty ones as "". Medians have one decimal.
///
/// The text starts with a UTF-8 byte order mark and uses CRLF line ends, because Excel
/// otherwise opens UTF-8 as the local ANSI code page and garbles Chinese.
pub fn to_csv(stats: &Stats) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let mut header = vec!["breakdown", "key"];
    header.extend(FIGURES);
    writer.write_record(&header)?;

    let sections = [
        ("quarter", stats.quarters.as_slice()),
        ("kind", stats.kinds.as_slice()),
        ("unit", stats.units.as_slice()),
        ("total", std::slice::from_ref(&stats.total)),
    ];
    let label = stats.suppressed_label.as_str();
    for (breakdown, rows) in sections {
        for row in rows {
            let whole = |cell: &Cell<i64>| text(cell, label, |v| v.to_string());
            let tenths = |cell: &Cell<f64>| text(cell, label, |v| format!("{v:.1}"));
            writer.write_record([
                breakdown.to_owned(),
                row.key.clone(),
                whole(&row.received),
                whole(&row.handled),
                tenths(&row.median_working_days_to_acknowledge),
                tenths(&row.median_working_days_to_conclude),
                whole(&row.acknowledged_on_time_pct),
                whole(&row.concluded_on_time_pct),
                whole(&row.referred_pct),
            ])?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every field came from a &str, so this cannot fail; an error is still reported, not unwrapped.
    String::from_utf8(bytes)
        .map_err(|e| csv::Error::from(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

fn text<T>(cell: &Cell<T>, suppressed: &str, show: impl Fn(&T) -> String) -> String {
    match cell {
        Cell::Value(v) => show(v),
        Cell::Suppressed => suppressed.to_owned(),
        Cell::Empty => String::new(),
    }
}

// Chart geometry, following the disclosure charts of the main site: a 640x240 box, bars between
// TOP and BOTTOM, period labels underneath.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const SIDE: f64 = 16.0;
/// Highest a bar reaches; the space above holds its value text.
const TOP: f64 = 24.0;
/// The baseline all bars stand on.
const BOTTOM: f64 = 200.0;
const LABEL_Y: f64 = 230.0;
const GAP: &str = "\u{2014}";
/// Share of a quarter's slot taken by each of its two bars.
const BAR_SHARE: f64 = 0.36;
/// Room a "2026Q3" label needs at font size 12; closer quarters only label every n-th one.
const LABEL_ROOM: f64 = 48.0;
/// Below this slot width the numbers above bars would overlap, so only "<5" marks are drawn.
const VALUE_ROOM: f64 = 48.0;
/// Handled bars are drawn fainter so the pair reads without a stylesheet.
const HANDLED_OPACITY: &str = "0.5";

/// Renders a grouped bar chart of cases received and handled per quarter as an inline `<svg>`.
///
/// Safe under a CSP without inline styles: only presentation attributes and the classes
/// "chart", "chart-axis", "chart-bar" (received), "chart-bar chart-bar-handled" (handled, also
/// drawn at half opacity), "chart-value", "chart-value chart-suppressed", "chart-label" and
/// "chart-gap". `title` and `desc` become `<title>` and `<desc>` for screen readers; put the
/// figures in `desc` (or next to the chart) as the text alternative, and the received/handled
/// legend on the page, which keeps this function free of wording in any one language.
/// A suppressed value gets no bar, only the label "<5"; a chart without quarters shows a dash.
pub fn quarter_chart_svg(stats: &Stats, title: &str, desc: &str) -> String {
    let quarters = &stats.quarters;
    let id = chart_id(title, desc, stats);
    let mut svg = open_svg(WIDTH, HEIGHT, &id, title, desc);
    if quarters.is_empty() {
        label(&mut svg, "chart-gap", WIDTH / 2.0, HEIGHT / 2.0, GAP);
        svg.push_str("</svg>");
        return svg;
    }

    let max = quarters
        .iter()
        .flat_map(|row| [&row.received, &row.handled])
        .filter_map(Cell::value)
        .fold(0_i64, |m, &v| m.max(v));
    let unit = if max > 0 {
        (BOTTOM - TOP) / max as f64
    } else {
        0.0
    };
    let _ = write!(
        svg,
        "<line class=\"chart-axis\" x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"currentColor\"/>",
        num(SIDE),
        num(WIDTH - SIDE),
        b = num(BOTTOM),
    );
    let slot = (WIDTH - 2.0 * SIDE) / quarters.len() as f64;
    let width = slot * BAR_SHARE;
    let show_values = slot >= VALUE_ROOM;
    // After `ceil` and `max(1.0)` this is a small whole number, so the cast is exact.
    let label_every = (LABEL_ROOM / slot).ceil().max(1.0) as usize;
    let last = quarters.len() - 1;
    for (i, row) in quarters.iter().enumerate() {
        let centre = SIDE + slot * (i as f64 + 0.5);
        let bars = [
            (&row.received, centre - width / 2.0 - 1.0, "chart-bar", None),
            (
                &row.handled,
                centre + width / 2.0 + 1.0,
                "chart-bar chart-bar-handled",
                Some(HANDLED_OPACITY),
            ),
        ];
        for (cell, middle, class, opacity) in bars {
            match cell {
                Cell::Value(v) => {
                    let height = *v as f64 * unit;
                    let opacity = opacity
                        .map(|o| format!(" opacity=\"{o}\""))
                        .unwrap_or_default();
                    let _ = write!(
                        svg,
                        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{opacity}/>",
                        num(middle - width / 2.0),
                        num(BOTTOM - height),
                        num(width),
                        num(height),
                    );
                    if show_values {
                        let y = BOTTOM - height - 5.0;
                        label(&mut svg, "chart-value", middle, y, &v.to_string());
                    }
                }
                Cell::Suppressed => {
                    let text = &stats.suppressed_label;
                    label(
                        &mut svg,
                        "chart-value chart-suppressed",
                        middle,
                        BOTTOM - 4.0,
                        text,
                    );
                }
                Cell::Empty => {}
            }
        }
        // Counting from the newest quarter keeps the most recent one always labelled.
        if (last - i).is_multiple_of(label_every) {
            label(&mut svg, "chart-label", centre, LABEL_Y, &row.key);
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Ids must be unique when several charts share a page: derived from what it shows.
fn chart_id(title: &str, desc: &str, stats: &Stats) -> String {
    let cells: Vec<String> = stats
        .quarters
        .iter()
        .flat_map(|row| {
            let shown = [&row.received, &row.handled].map(|c| text(c, "-", |v| v.to_string()));
            std::iter::once(row.key.clone()).chain(shown)
        })
        .collect();
    chart_id_of(
        [title, desc]
            .into_iter()
            .chain(cells.iter().map(String::as_str)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Calendar days stand in for working days, so expected medians are easy to check by hand.
    fn calendar_days(a: NaiveDate, b: NaiveDate) -> i64 {
        (b - a).num_days()
    }

    /// A case received on `received`, still open, with a 15-day acknowledgement deadline.
    fn case(kind: &str, unit: &str, received: &str) -> CaseFacts {
        let received_on = day(received);
        CaseFacts {
            kind: kind.to_owned(),
            unit: unit.to_owned(),
            received_on,
            acknowledged_on: None,
            acknowledge_by: received_on + chrono::Days::new(15),
            concluded_on: None,
            conclude_by: None,
            referred: false,
        }
    }

    fn acked(mut c: CaseFacts, after_days: u64) -> CaseFacts {
        c.acknowledged_on = Some(c.received_on + chrono::Days::new(after_days));
        c
    }

    fn concluded(mut c: CaseFacts, after_days: u64, by_days: Option<u64>) -> CaseFacts {
        c.concluded_on = Some(c.received_on + chrono::Days::new(after_days));
        c.conclude_by = by_days.map(|d| c.received_on + chrono::Days::new(d));
        c
    }

    fn run(facts: &[CaseFacts], min_cell: i64) -> Stats {
        compute(facts, &calendar_days, min_cell)
    }

    fn keys(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.key.as_str()).collect()
    }

    #[test]
    fn cases_are_bucketed_by_quarter_of_receipt_with_gaps_filled() {
        let facts = [
            case("report", "discipline", "2025-12-31"),
            // Concluded in 2026Q1, but handled counts in the quarter it was received.
            concluded(case("report", "discipline", "2025-10-01"), 100, None),
            case("report", "discipline", "2026-04-01"),
            case("appeal", "audit", "2026-06-30"),
        ];
        let stats = run(&facts, 1);
        assert_eq!(keys(&stats.quarters), ["2025Q4", "2026Q1", "2026Q2"]);
        let q = &stats.quarters;
        assert_eq!(
            (q[0].received, q[0].handled),
            (Cell::Value(2), Cell::Value(1))
        );
        assert_eq!(
            (q[1].received, q[1].handled),
            (Cell::Value(0), Cell::Value(0))
        );
        assert_eq!(q[1].median_working_days_to_conclude, Cell::Empty);
        assert_eq!(
            (q[2].received, q[2].handled),
            (Cell::Value(2), Cell::Value(0))
        );
        assert_eq!(stats.total.key, TOTAL_KEY);
        assert_eq!(stats.total.received, Cell::Value(4));
    }

    #[test]
    fn an_empty_input_has_no_quarters_and_a_zero_total() {
        let stats = run(&[], 5);
        assert!(stats.quarters.is_empty() && stats.units.is_empty());
        assert_eq!(keys(&stats.kinds), KINDS);
        assert_eq!(stats.total.received, Cell::Value(0));
        assert_eq!(stats.total.median_working_days_to_acknowledge, Cell::Empty);
        assert_eq!(stats.total.referred_pct, Cell::Empty);
    }

    #[test]
    fn kinds_keep_their_fixed_order_and_units_are_sorted() {
        let facts = [
            case("zzz-new", "police", "2026-01-05"),
            case("appeal", "audit", "2026-01-05"),
            case("criticism", "discipline", "2026-01-05"),
        ];
        let stats = run(&facts, 1);
        let mut expected = KINDS.to_vec();
        expected.push("zzz-new");
        assert_eq!(keys(&stats.kinds), expected);
        assert_eq!(keys(&stats.units), ["audit", "discipline", "police"]);
        assert_eq!(stats.kinds[1].received, Cell::Value(0));
    }

    #[test]
    fn medians_use_the_mean_of_the_middle_pair_for_even_counts() {
        let odd: Vec<_> = [3, 1, 10]
            .iter()
            .map(|&d| acked(case("report", "u", "2026-01-05"), d))
            .collect();
        let stats = run(&odd, 1);
        assert_eq!(
            stats.total.median_working_days_to_acknowledge,
            Cell::Value(3.0)
        );

        let even: Vec<_> = [(4, 20), (1, 7), (2, 30), (9, 12)]
            .iter()
            .map(|&(a, c)| concluded(acked(case("report", "u", "2026-01-05"), a), c, None))
            .collect();
        let stats = run(&even, 1);
        assert_eq!(
            stats.total.median_working_days_to_acknowledge,
            Cell::Value(3.0)
        );
        assert_eq!(
            stats.total.median_working_days_to_conclude,
            Cell::Value(16.0)
        );
        let two: Vec<_> = [1, 2]
            .iter()
            .map(|&d| acked(case("report", "u", "2026-01-05"), d))
            .collect();
        assert_eq!(
            run(&two, 1).total.median_working_days_to_acknowledge,
            Cell::Value(1.5)
        );
    }

    #[test]
    fn medians_count_working_days_from_the_supplied_calendar() {
        // A calendar where every day is a working day except the 2026-01-06.
        let holiday = day("2026-01-06");
        let working = |a: NaiveDate, b: NaiveDate| {
            (b - a).num_days() - i64::from(a < holiday && holiday <= b)
        };
        let facts = [acked(case("report", "u", "2026-01-05"), 3)];
        let stats = compute(&facts, &working, 1);
        assert_eq!(
            stats.total.median_working_days_to_acknowledge,
            Cell::Value(2.0)
        );
    }

    #[test]
    fn on_time_shares_follow_the_deadlines() {
        let facts = [
            // Acknowledged on the deadline (on time), concluded one day late.
            concluded(acked(case("report", "u", "2026-01-05"), 15), 61, Some(60)),
            // Acknowledged late, concluded on time.
            concluded(acked(case("report", "u", "2026-01-05"), 16), 30, Some(60)),
            // Declined on time: no conclusion deadline, so on time because the answer was.
            concluded(acked(case("report", "u", "2026-01-05"), 10), 10, None),
            // Referred late: no conclusion deadline, late because the answer was.
            {
                let mut c = concluded(acked(case("report", "u", "2026-01-05"), 20), 20, None);
                c.referred = true;
                c
            },
            // Acknowledged on time, still open: counts for acknowledgement only.
            acked(case("report", "u", "2026-01-05"), 1),
            // Not yet acknowledged: counts for neither share.
            case("report", "u", "2026-01-05"),
        ];
        let total = run(&facts, 1).total;
        assert_eq!(total.acknowledged_on_time_pct, Cell::Value(60)); // 3 of 5
        assert_eq!(total.concluded_on_time_pct, Cell::Value(50)); // 2 of 4
        assert_eq!(total.referred_pct, Cell::Value(25)); // 1 of 4
        assert_eq!(total.handled, Cell::Value(4));
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(1, 8), 13); // 12.5
        assert_eq!(percent(5, 8), 63); // 62.5
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 7), 0);
        assert_eq!(percent(7, 7), 100);
    }

    #[test]
    fn small_counts_and_figures_over_few_cases_are_suppressed() {
        let mut facts = vec![
            concluded(acked(case("report", "small", "2026-01-05"), 2), 9, Some(30)),
            acked(case("report", "small", "2026-01-05"), 3),
        ];
        for _ in 0..6 {
            facts.push(concluded(
                acked(case("report", "large", "2026-01-05"), 4),
                20,
                Some(30),
            ));
        }
        // Two small units protect each other's received counts, so "large" keeps its own.
        for _ in 0..2 {
            facts.push(case("report", "tiny", "2026-01-05"));
        }
        let stats = run(&facts, 5);
        let small = &stats.units[1];
        assert_eq!(small.key, "small");
        assert_eq!(small.received, Cell::Suppressed);
        assert_eq!(small.handled, Cell::Suppressed);
        assert_eq!(small.median_working_days_to_acknowledge, Cell::Suppressed);
        assert_eq!(small.concluded_on_time_pct, Cell::Suppressed);

        let tiny = &stats.units[2];
        assert_eq!(tiny.received, Cell::Suppressed);
        // Zero reveals nobody, and a figure over no case is empty rather than hidden.
        assert_eq!(tiny.handled, Cell::Value(0));
        assert_eq!(tiny.median_working_days_to_conclude, Cell::Empty);
        assert_eq!(tiny.acknowledged_on_time_pct, Cell::Empty);

        let large = &stats.units[0];
        assert_eq!(large.received, Cell::Value(6));
        assert_eq!(large.median_working_days_to_acknowledge, Cell::Value(4.0));
        assert_eq!(stats.suppressed_label, "<5");
    }

    #[test]
    fn a_lone_suppressed_cell_takes_the_next_smallest_with_it() {
        let mut facts = Vec::new();
        for (unit, n) in [("a", 12), ("b", 2), ("c", 7), ("d", 0), ("e", 9)] {
            for _ in 0..n {
                facts.push(case("report", unit, "2026-01-05"));
            }
        }
        let stats = run(&facts, 5);
        let received: Vec<_> = stats
            .units
            .iter()
            .map(|r| (r.key.as_str(), r.received))
            .collect();
        // "d" does not appear: units come from the facts. Without hiding "c", 30 - 12 - 7 - 9
        // would give "b" away.
        assert_eq!(
            received,
            [
                ("a", Cell::Value(12)),
                ("b", Cell::Suppressed),
                ("c", Cell::Suppressed),
                ("e", Cell::Value(9)),
            ]
        );
        assert_eq!(stats.total.received, Cell::Value(30));
        // Handled is zero everywhere: nothing suppressed, nothing to protect.
        assert!(stats.units.iter().all(|r| r.handled == Cell::Value(0)));
    }

    #[test]
    fn complementary_suppression_skips_zeros_and_leaves_pairs_alone() {
        // Kinds: report 3 (suppressed), appeal 5, all others zero. The zeros must not be picked.
        let mut facts = Vec::new();
        for _ in 0..3 {
            facts.push(case("report", "u", "2026-01-05"));
        }
        for _ in 0..5 {
            facts.push(case("appeal", "u", "2026-01-05"));
        }
        let stats = run(&facts, 5);
        for row in &stats.kinds {
            let expected = match row.key.as_str() {
                "report" | "appeal" => Cell::Suppressed,
                _ => Cell::Value(0),
            };
            assert_eq!(row.received, expected, "{}", row.key);
        }

        // Two small cells already protect each other: the larger ones stay visible.
        let mut facts = Vec::new();
        for (unit, n) in [("a", 1), ("b", 2), ("c", 6), ("d", 8)] {
            for _ in 0..n {
                facts.push(case("report", unit, "2026-01-05"));
            }
        }
        let stats = run(&facts, 5);
        let received: Vec<_> = stats.units.iter().map(|r| r.received).collect();
        assert_eq!(
            received,
            [
                Cell::Suppressed,
                Cell::Suppressed,
                Cell::Value(6),
                Cell::Value(8)
            ]
        );
    }

    #[test]
    fn complementary_suppression_covers_shares_and_quarters() {
        // Unit "a": 6 acknowledged; "b": 2 acknowledged; "c": 8 acknowledged. The share over
        // "b" is suppressed, so the share over "a" (the next smallest basis) goes too.
        let mut facts = Vec::new();
        for (unit, n) in [("a", 6), ("b", 2), ("c", 8)] {
            for _ in 0..n {
                facts.push(acked(case("report", unit, "2026-01-05"), 1));
            }
        }
        // Pad "b" so its received count is visible and only the share is the lone cell.
        for _ in 0..5 {
            facts.push(case("report", "b", "2026-01-05"));
        }
        // One case in another quarter: suppressed there, so the smallest other quarter too.
        facts.push(case("report", "c", "2026-04-01"));
        let stats = run(&facts, 5);
        let shares: Vec<_> = stats
            .units
            .iter()
            .map(|r| r.acknowledged_on_time_pct)
            .collect();
        assert_eq!(
            shares,
            [Cell::Suppressed, Cell::Suppressed, Cell::Value(100)]
        );
        // Medians are not additive and keep only the primary rule.
        assert_eq!(
            stats.units[0].median_working_days_to_acknowledge,
            Cell::Value(1.0)
        );
        let quarters: Vec<_> = stats.quarters.iter().map(|r| r.received).collect();
        assert_eq!(quarters, [Cell::Suppressed, Cell::Suppressed]);
    }

    #[test]
    fn cells_serialize_with_every_key_present() {
        // The csv serializer accepts flat structs, so it shows the keys and values a JSON
        // serializer gets, in order, without another dependency.
        let mut out = csv::Writer::from_writer(Vec::new());
        out.serialize(Cell::Value(12)).unwrap();
        out.serialize(Cell::<i64>::Suppressed).unwrap();
        out.serialize(Cell::<f64>::Empty).unwrap();
        out.serialize(Cell::Value(2.5)).unwrap();
        let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "value,suppressed,empty\n12,false,false\n,true,false\n,false,true\n2.5,false,false\n"
        );
    }

    #[test]
    fn csv_has_a_bom_a_header_and_suppressed_labels() {
        let mut facts = vec![concluded(
            acked(case("report", "small", "2026-01-05"), 2),
            9,
            Some(30),
        )];
        for _ in 0..6 {
            facts.push(concluded(
                acked(case("appeal", "large", "2025-11-05"), 4),
                20,
                None,
            ));
        }
        let stats = run(&facts, 3);
        let csv = to_csv(&stats).unwrap();
        assert!(csv.starts_with("\u{feff}breakdown,key,received,handled,"));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "breakdown,key,received,handled,median_working_days_to_acknowledge,\
             median_working_days_to_conclude,acknowledged_on_time_pct,concluded_on_time_pct,\
             referred_pct"
        );
        // Header, 2 quarters, 6 kinds, 2 units, total.
        assert_eq!(lines.len(), 1 + 2 + 6 + 2 + 1);
        assert!(csv.contains("\r\n"));
        // The lone small quarter takes the other with it, except for the medians.
        assert!(lines.contains(&"quarter,2025Q4,<3,<3,4.0,20.0,<3,<3,<3"));
        assert!(lines.contains(&"quarter,2026Q1,<3,<3,<3,<3,<3,<3,<3"));
        assert!(lines.contains(&"kind,criticism,0,0,,,,,"));
        assert!(lines.contains(&"unit,small,<3,<3,<3,<3,<3,<3,<3"));
        assert_eq!(lines[lines.len() - 1], "total,total,7,7,4.0,20.0,100,100,0");
    }

    fn chart_stats() -> Stats {
        let mut facts = vec![case("report", "u", "2025-08-01")];
        for _ in 0..8 {
            facts.push(concluded(case("report", "u", "2026-01-05"), 5, None));
        }
        for _ in 0..6 {
            facts.push(case("report", "u", "2026-07-05"));
        }
        run(&facts, 5)
    }

    #[test]
    fn the_chart_uses_no_styles_and_escapes_its_text() {
        let svg = quarter_chart_svg(&chart_stats(), "Cases <&> \"received\"", "a < b & c");
        assert!(!svg.contains("style"));
        assert!(!svg.contains("<script"));
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 640 240\""
        ));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(">Cases &lt;&amp;&gt; &quot;received&quot;</title>"));
        assert!(svg.contains(">a &lt; b &amp; c</desc>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn the_chart_draws_suppressed_values_as_a_label_without_a_bar() {
        let stats = chart_stats();
        // 2025Q3 has 1 case (and, by complementary suppression, 2026Q3 with 6 goes too).
        assert_eq!(stats.quarters[0].received, Cell::Suppressed);
        let svg = quarter_chart_svg(&stats, "t", "d");
        assert_eq!(svg.matches(">&lt;5</text>").count(), 2);
        assert!(svg.contains("class=\"chart-value chart-suppressed\""));
        // Five quarters, two bars each; two received cells suppressed, none for handled
        // (handled is 0 or 8).
        assert_eq!(svg.matches("<rect").count(), 10 - 2);
        assert_eq!(
            svg.matches("class=\"chart-bar chart-bar-handled\"").count(),
            5
        );
        assert!(svg.contains("opacity=\"0.5\""));
        for quarter in ["2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"] {
            assert!(svg.contains(&format!(">{quarter}</text>")), "{quarter}");
        }
        // The tallest bar spans TOP to BOTTOM.
        assert!(svg.contains("y=\"24\""));
        assert!(svg.contains("height=\"176\""));
    }

    #[test]
    fn the_chart_handles_no_quarters_and_many_quarters() {
        let empty = quarter_chart_svg(&run(&[], 5), "t", "d");
        assert!(!empty.contains("<rect") && empty.contains(">\u{2014}</text>"));

        let facts: Vec<_> = (2015..2026)
            .flat_map(|y| (1..=12).step_by(3).map(move |m| (y, m)))
            .map(|(y, m)| case("report", "u", &format!("{y}-{m:02}-10")))
            .collect();
        let svg = quarter_chart_svg(&run(&facts, 1), "t", "d");
        assert_eq!(svg.matches("<rect").count(), 88);
        // 44 quarters in 608 units: only every fourth is labelled, the newest included.
        assert!(svg.contains(">2025Q4</text>") && !svg.contains(">2025Q3</text>"));
        assert_eq!(svg.matches("class=\"chart-label\"").count(), 11);
        for number in svg.split('"').filter(|s| s.parse::<f64>().is_ok()) {
            let decimals = number.split('.').nth(1).map_or(0, str::len);
            assert!(decimals <= 1, "{number}");
        }
    }
}
