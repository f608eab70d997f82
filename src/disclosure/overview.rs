//! What the enterprise page shows of its disclosures: key figures over the years with
//! year-on-year change, indicators with formulas, red flags, charts, and the list of
//! disclosures with their version marks.

use std::collections::{BTreeMap, HashMap};

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Serialize;

use super::chart::{bar_chart, Point};
use super::format;
use super::indicators::{
    adjusted_closing_capital, growth, indicator_series, IndicatorSeries, YearFigures,
};
use super::inspection::StatusUpdate;
use super::inspection_view::{inspection_years, InspectionYear, RectificationSummary};
use super::model::{
    Content, FinancialStatement, InspectionReport, MajorEvents, PayStatement, Period,
    RelatedPartyTransactions, Roster, Section, StateCapitalStatement, Unit,
};
use super::pay::PayTable;
use super::people_view::{
    events_view, governance_view, related_party_view, EventView, GovernanceView, TransactionView,
};
use super::queries::{self, DisclosureRecord};
use super::red_flags::{missing_or_late_disclosures, red_flags, OnRecord, RedFlag, Thresholds};
use crate::enterprise::Enterprise;
use crate::web::i18n::{Catalog, Lang};

/// Everything published by one enterprise, with the current figures per year.
pub struct EnterpriseDisclosures {
    records: Vec<DisclosureRecord>,
    financial: BTreeMap<i16, FinancialStatement>,
    capital: BTreeMap<i16, StateCapitalStatement>,
    pay: BTreeMap<i16, PayStatement>,
    inspections: BTreeMap<i16, (i64, InspectionReport)>,
    status_histories: HashMap<(i64, String), Vec<StatusUpdate>>,
    rosters: BTreeMap<i16, Roster>,
    related_party: BTreeMap<i16, RelatedPartyTransactions>,
    events: BTreeMap<i16, MajorEvents>,
    /// The latest year with quarterly financial statements, and those by quarter.
    quarterly: Option<(i16, BTreeMap<i16, FinancialStatement>)>,
}

/// Loads an enterprise's disclosures and the current content of its annual statements.
/// Withdrawn disclosures are listed but feed no figure.
pub async fn load(
    conn: &mut AsyncPgConnection,
    enterprise: &Enterprise,
) -> QueryResult<EnterpriseDisclosures> {
    let records = queries::disclosures_of(conn, &enterprise.uscc).await?;
    let mut financial = BTreeMap::new();
    let mut capital = BTreeMap::new();
    let mut pay = BTreeMap::new();
    let mut inspections = BTreeMap::new();
    let (mut rosters, mut related_party, mut events) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for section in Section::ALL.iter().copied() {
        let current: Vec<(i16, i64)> = records
            .iter()
            .filter(|r| r.disclosure.section == section && r.disclosure.period.quarter.is_none())
            .filter(|r| !r.is_withdrawn())
            .filter_map(|r| Some((r.disclosure.period.year, r.latest_content_version()?.id)))
            .collect();
        let ids: Vec<i64> = current.iter().map(|(_, id)| *id).collect();
        if ids.is_empty() {
            // Nothing of this section is published: skip its round trips to the database.
            continue;
        }
        let disclosure_ids: HashMap<i16, i64> = records
            .iter()
            .filter(|r| r.disclosure.section == section && r.disclosure.period.quarter.is_none())
            .map(|r| (r.disclosure.period.year, r.disclosure.id))
            .collect();
        let mut contents = queries::contents(conn, section, &ids).await?;
        for (year, id) in current {
            match contents.remove(&id) {
                Some(Content::Financial(f)) => {
                    financial.insert(year, f);
                }
                Some(Content::StateCapital(s)) => {
                    capital.insert(year, s);
                }
                Some(Content::ExecutivePay(p)) => {
                    pay.insert(year, p);
                }
                Some(Content::Inspection(r)) => {
                    inspections.insert(year, (disclosure_ids[&year], r));
                }
                Some(Content::Governance(r)) => {
                    rosters.insert(year, r);
                }
                Some(Content::RelatedParty(l)) => {
                    related_party.insert(year, l);
                }
                Some(Content::MajorEvents(l)) => {
                    events.insert(year, l);
                }
                None => {}
            }
        }
    }
    let quarterly = load_latest_quarters(conn, &records).await?;
    let inspection_ids: Vec<i64> = inspections.values().map(|(id, _)| *id).collect();
    let status_histories = if inspection_ids.is_empty() {
        HashMap::new()
    } else {
        super::inspection::status_histories(conn, &inspection_ids).await?
    };
    Ok(EnterpriseDisclosures {
        records,
        financial,
        capital,
        pay,
        inspections,
        status_histories,
        rosters,
        related_party,
        events,
        quarterly,
    })
}

/// The current quarterly financial statements of the latest year that has any; one
/// query, and none for the many enterprises that report yearly only.
async fn load_latest_quarters(
    conn: &mut AsyncPgConnection,
    records: &[DisclosureRecord],
) -> QueryResult<Option<(i16, BTreeMap<i16, FinancialStatement>)>> {
    let quarterly = || {
        records.iter().filter(|r| {
            r.disclosure.section == Section::Financial
                && r.disclosure.period.quarter.is_some()
                && !r.is_withdrawn()
        })
    };
    let Some(year) = quarterly().map(|r| r.disclosure.period.year).max() else {
        return Ok(None);
    };
    let current: Vec<(i16, i64)> = quarterly()
        .filter(|r| r.disclosure.period.year == year)
        .filter_map(|r| {
            let quarter = r.disclosure.period.quarter?;
            Some((quarter, r.latest_content_version()?.id))
        })
        .collect();
    let ids: Vec<i64> = current.iter().map(|(_, id)| *id).collect();
    let mut contents = queries::contents(conn, Section::Financial, &ids).await?;
    let quarters = current
        .into_iter()
        .filter_map(|(quarter, id)| match contents.remove(&id)? {
            Content::Financial(f) => Some((quarter, f)),
            _ => None,
        })
        .collect();
    Ok(Some((year, quarters)))
}

/// A row of a figures-by-year table, all in 万元.
#[derive(Debug, Serialize)]
pub struct FigureRow {
    /// Message id of the figure's name.
    pub label: &'static str,
    /// One cell per year (empty where not disclosed).
    pub values: Vec<String>,
    /// Latest year's change over the year before, in percent, or empty.
    pub growth: String,
}

/// An entry of the list of disclosures.
#[derive(Debug, Serialize)]
pub struct ListedDisclosure {
    /// Disclosure id, for `/disclosures/{id}`.
    pub id: i64,
    /// Section code.
    pub section: Section,
    /// Period covered.
    pub period: Period,
    /// Newest version number.
    pub version: i32,
    /// Whether the newest version withdraws it.
    pub withdrawn: bool,
    /// Whether it was ever amended.
    pub amended: bool,
    /// Date the newest figures describe.
    pub as_of: String,
}

/// A chart with its caption.
#[derive(Debug, Serialize)]
pub struct Chart {
    /// Visible caption, also the SVG's accessible name.
    pub caption: String,
    /// `<svg>` markup.
    pub svg: String,
}

/// The template-ready overview.
#[derive(Debug, Serialize)]
pub struct OverviewView {
    /// Years with any current figure, oldest first.
    pub years: Vec<i16>,
    /// Key financial figures.
    pub financial_rows: Vec<FigureRow>,
    /// State capital figures.
    pub capital_rows: Vec<FigureRow>,
    /// Indicators with values per year.
    pub indicators: Vec<IndicatorSeries>,
    /// Red flags, with their figures.
    pub red_flags: Vec<RedFlag>,
    /// Charts: a visible caption and the inline SVG (already escaped markup).
    pub charts: Vec<Chart>,
    /// Every disclosure as a table: one row per period, one cell per section (empty = not
    /// published), so a gap is visible at a glance.
    pub disclosure_table: Vec<PeriodRow>,
    /// Column order of `disclosure_table`.
    pub sections: &'static [Section],
    /// The latest year's executive pay table, with its year.
    pub pay: Option<(i16, PayTable)>,
    /// Supervision findings of every year, newest first.
    pub inspections: Vec<InspectionYear>,
    /// Counts of findings and rectification items.
    pub rectification: RectificationSummary,
    /// The latest roster, and who was on the board on the date asked.
    pub governance: Option<GovernanceView>,
    /// The latest year's related-party transactions.
    pub related_party: Option<(i16, Vec<TransactionView>)>,
    /// Major events of every year, newest first.
    pub events: Vec<EventView>,
    /// The latest year's quarterly financial figures, when the enterprise reports them.
    pub quarterly: Option<QuarterlyView>,
}

/// Quarterly figures of one year (财务快报): one column per quarter disclosed.
#[derive(Debug, Serialize)]
pub struct QuarterlyView {
    /// The year.
    pub year: i16,
    /// Quarters with figures, in order.
    pub quarters: Vec<i16>,
    /// Key figures, in 万元; the growth column is left empty (quarters are year to date).
    pub rows: Vec<FigureRow>,
}

/// Converts to 万元 by moving the decimal point, never by long division.
fn in_wan_yuan(value: &BigDecimal, unit: Unit) -> BigDecimal {
    match unit {
        Unit::WanYuan => value.clone(),
        Unit::Yuan => {
            let (digits, scale) = value.as_bigint_and_exponent();
            BigDecimal::new(digits, scale + 4)
        }
    }
}

impl EnterpriseDisclosures {
    fn year_figures(&self) -> (Vec<i16>, Vec<YearFigures<'_>>) {
        let years: Vec<i16> = self
            .financial
            .keys()
            .chain(self.capital.keys())
            .chain(self.pay.keys())
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let figures = years
            .iter()
            .map(|&year| YearFigures {
                year,
                financial: self.financial.get(&year),
                state_capital: self.capital.get(&year),
                pay: self.pay.get(&year),
            })
            .collect();
        (years, figures)
    }

    /// Builds the overview in `lang` (chart titles need words).
    pub fn view(
        &self,
        enterprise: &Enterprise,
        thresholds: &Thresholds,
        catalog: &Catalog,
        lang: Lang,
        today: NaiveDate,
        board_on: Option<NaiveDate>,
    ) -> OverviewView {
        let (years, figures) = self.year_figures();
        let reports: Vec<(i16, i64, &InspectionReport)> = self
            .inspections
            .iter()
            .map(|(year, (id, report))| (*year, *id, report))
            .collect();
        let (inspections, rectification, overdue) =
            inspection_years(&reports, &self.status_histories, today);
        let mut flags = red_flags(enterprise.industry, &figures, thresholds);
        flags.extend(overdue);
        let on_record: Vec<OnRecord> = self
            .records
            .iter()
            .filter(|r| r.disclosure.period.quarter.is_none() && !r.is_withdrawn())
            .map(|r| {
                let first = &r.versions[0];
                let day = super::beijing_day(first.published_at);
                (r.disclosure.section, r.disclosure.period.year, day)
            })
            .collect();
        flags.extend(missing_or_late_disclosures(&on_record, thresholds, today));
        let financial_rows = financial_figures(&years, &self.financial);
        let quarterly = self.quarterly.as_ref().map(|(year, by_quarter)| {
            let quarters: Vec<i16> = by_quarter.keys().copied().collect();
            let mut rows = financial_figures(&quarters, by_quarter);
            for row in &mut rows {
                row.growth.clear();
            }
            QuarterlyView {
                year: *year,
                quarters,
                rows,
            }
        });
        let capital_figure =
            |label: &'static str, pick: fn(&StateCapitalStatement) -> BigDecimal| {
                figure_row(label, &years, |year| {
                    let s = self.capital.get(&year)?;
                    Some(in_wan_yuan(&pick(s), s.unit))
                })
            };
        let capital_rows = vec![
            capital_figure("field_opening_state_capital", |s| {
                s.opening_state_capital.clone()
            }),
            capital_figure("field_closing_state_capital", |s| {
                s.closing_state_capital.clone()
            }),
            capital_figure("field_adjusted_closing_capital", adjusted_closing_capital),
        ];
        let charts = self.charts(&years, catalog, lang);
        OverviewView {
            red_flags: flags,
            inspections,
            rectification,
            governance: governance_view(&self.rosters, board_on),
            related_party: related_party_view(&self.related_party),
            events: events_view(&self.events),
            indicators: indicator_series(&figures),
            years,
            financial_rows,
            capital_rows,
            charts,
            quarterly,
            disclosure_table: period_rows(&self.records),
            sections: Section::ALL,
            pay: self
                .pay
                .iter()
                .next_back()
                .map(|(year, p)| (*year, p.table())),
        }
    }

    fn charts(&self, years: &[i16], catalog: &Catalog, lang: Lang) -> Vec<Chart> {
        let series = |pick: &dyn Fn(i16) -> Option<BigDecimal>| -> Vec<Point> {
            years
                .iter()
                .map(|&year| Point {
                    label: year.to_string(),
                    value: pick(year),
                })
                .collect()
        };
        let revenue = series(&|y| {
            self.financial
                .get(&y)
                .map(|f| in_wan_yuan(&f.revenue, f.unit))
        });
        let profit = series(&|y| {
            self.financial
                .get(&y)
                .map(|f| in_wan_yuan(&f.net_profit, f.unit))
        });
        let capital = series(&|y| {
            self.capital
                .get(&y)
                .map(|s| in_wan_yuan(&s.closing_state_capital, s.unit))
        });
        [
            ("field_revenue", revenue),
            ("field_net_profit", profit),
            ("field_closing_state_capital", capital),
        ]
        .into_iter()
        .filter(|(_, points)| points.iter().any(|p| p.value.is_some()))
        .map(|(label, points)| {
            let title = format!(
                "{}（{}）",
                catalog.text(lang, label),
                catalog.text(lang, "unit_wan_yuan")
            );
            let description = points
                .iter()
                .map(|p| match &p.value {
                    Some(v) => format!("{}: {}", p.label, format::amount(v)),
                    None => format!("{}: —", p.label),
                })
                .collect::<Vec<_>>()
                .join("; ");
            Chart {
                svg: bar_chart(&title, &description, &points, &|v| format::amount(v)),
                caption: title,
            }
        })
        .collect()
    }
}

/// The key financial figures, one column per period (years, or quarters of a year).
fn financial_figures(
    periods: &[i16],
    statements: &BTreeMap<i16, FinancialStatement>,
) -> Vec<FigureRow> {
    let figure = |label: &'static str, pick: fn(&FinancialStatement) -> Option<&BigDecimal>| {
        figure_row(label, periods, |period| {
            let f = statements.get(&period)?;
            Some(in_wan_yuan(pick(f)?, f.unit))
        })
    };
    vec![
        figure("field_total_assets", |f| Some(&f.total_assets)),
        figure("field_total_liabilities", |f| Some(&f.total_liabilities)),
        figure("field_owners_equity", |f| Some(&f.owners_equity)),
        figure("field_revenue", |f| Some(&f.revenue)),
        figure("field_total_profit", |f| Some(&f.total_profit)),
        figure("field_net_profit", |f| Some(&f.net_profit)),
        figure("field_operating_cash_flow", |f| {
            f.operating_cash_flow.as_ref()
        }),
        figure("field_interest_bearing_debt", |f| {
            f.interest_bearing_debt.as_ref()
        }),
    ]
}

fn figure_row(
    label: &'static str,
    years: &[i16],
    value: impl Fn(i16) -> Option<BigDecimal>,
) -> FigureRow {
    let values: Vec<Option<BigDecimal>> = years.iter().map(|&y| value(y)).collect();
    let growth = match values.as_slice() {
        [.., Some(before), Some(now)] if years.len() >= 2 => growth(now, before)
            .map(|g| format::signed(&g) + "%")
            .unwrap_or_default(),
        _ => String::new(),
    };
    FigureRow {
        label,
        values: values
            .iter()
            .map(|v| v.as_ref().map(format::amount).unwrap_or_default())
            .collect(),
        growth,
    }
}

/// A period's row of the disclosure table.
#[derive(Debug, Serialize)]
pub struct PeriodRow {
    /// The period.
    pub period: Period,
    /// One cell per section, in `Section::ALL` order.
    pub cells: Vec<Option<ListedDisclosure>>,
}

fn period_rows(records: &[DisclosureRecord]) -> Vec<PeriodRow> {
    let mut periods: Vec<Period> = records.iter().map(|r| r.disclosure.period).collect();
    periods.sort_by(|a, b| b.cmp(a));
    periods.dedup();
    periods
        .into_iter()
        .map(|period| PeriodRow {
            period,
            cells: Section::ALL
                .iter()
                .map(|&section| {
                    records
                        .iter()
                        .find(|r| r.disclosure.period == period && r.disclosure.section == section)
                        .map(listed)
                })
                .collect(),
        })
        .collect()
}

fn listed(record: &DisclosureRecord) -> ListedDisclosure {
    let latest = record.latest();
    ListedDisclosure {
        id: record.disclosure.id,
        section: record.disclosure.section,
        period: record.disclosure.period,
        version: latest.number,
        withdrawn: record.is_withdrawn(),
        amended: record.is_amended(),
        as_of: latest.as_of.to_string(),
    }
}
