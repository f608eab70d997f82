//! What the portal derives from an enterprise's disclosures, with the working shown:
//! `/api/v1/enterprises/{uscc}/indicators` and `/api/v1/enterprises/{uscc}/red-flags`.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use fluent_bundle::FluentArgs;
use serde::Serialize;
use utoipa::ToSchema;

use super::enterprises::parse_uscc;
use super::error::{ApiError, ErrorBody};
use super::respond::{published_json, Bilingual, Decimal};
use crate::db::{PooledConnection, ReadPool};
use crate::disclosure::{
    self, EnterpriseDisclosures, IndicatorId, IndicatorSeries, RedFlag, RedFlagRule, Thresholds,
    Unit,
};
use crate::enterprise::{self, Enterprise};
use crate::web::i18n::{Catalog, Lang};
use crate::web::Renderer;

/// Whether an indicator is a percentage or a multiple.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Percent (`65.50` means 65.50%).
    Percent,
    /// A multiple (`8.50` means 8.50 times).
    Multiple,
}

/// An enterprise's indicators, every year with annual figures, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorsJson {
    /// The enterprise.
    pub enterprise_uscc: String,
    /// One entry per indicator.
    pub indicators: Vec<IndicatorJson>,
}

/// One indicator across the years.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorJson {
    /// Which indicator.
    pub id: IndicatorId,
    /// Percent or multiple.
    pub kind: IndicatorKind,
    /// The formula, in words.
    pub formula: Bilingual,
    /// One entry per year.
    pub years: Vec<IndicatorYear>,
}

/// An indicator's value for one year and the inputs it was computed from.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorYear {
    /// The year.
    pub year: i16,
    /// Rounded half-up to two decimals; `null` when an input is missing or a divisor zero.
    pub value: Option<Decimal>,
    /// Change from the year before (percentage points, or the multiple's difference).
    pub change: Option<Decimal>,
    /// The published figures used, in their own units.
    pub inputs: Vec<InputJson>,
}

/// One input of a computation.
#[derive(Debug, Serialize, ToSchema)]
pub struct InputJson {
    /// What the figure is, e.g. `total_liabilities`, `opening_owners_equity`.
    pub name: String,
    /// The figure.
    pub amount: Decimal,
    /// Its unit.
    pub unit: Unit,
}

/// An enterprise's red flags (重大财务异常) as of a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedFlagsJson {
    /// The enterprise.
    pub enterprise_uscc: String,
    /// The day (China Standard Time) deadlines are judged against.
    pub as_of: NaiveDate,
    /// Every flag raised; empty when none.
    pub red_flags: Vec<RedFlagJson>,
}

/// One red flag with its reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedFlagJson {
    /// The rule that raised it.
    pub rule: RedFlagRule,
    /// The year whose figures or disclosures tripped it.
    pub year: i16,
    /// The offending figure as the reason shows it: a ratio or rate (`85.50%`), a count,
    /// names, or a section code (missing and late disclosures).
    pub value: String,
    /// What it is measured against, as the reason shows it: a warning line, a growth, an
    /// amount, a deadline.
    pub line: String,
    /// Unit of `line` when it is an amount.
    pub unit: Option<Unit>,
    /// The day a late disclosure was published.
    pub when: Option<NaiveDate>,
    /// The reason, in a sentence.
    pub reason: Bilingual,
}

fn both(
    catalog: &Catalog,
    id: &str,
    args: Option<&dyn Fn(Lang) -> FluentArgs<'static>>,
) -> Bilingual {
    let text = |lang| match args {
        Some(args) => catalog
            .format(lang, id, Some(&args(lang)))
            .unwrap_or_else(|| id.to_owned()),
        None => catalog.text(lang, id),
    };
    Bilingual {
        zh: text(Lang::Zh),
        en: text(Lang::En),
    }
}

fn indicator_json(series: IndicatorSeries, catalog: &Catalog) -> IndicatorJson {
    let id = series.id;
    IndicatorJson {
        id,
        kind: if id.is_multiple() {
            IndicatorKind::Multiple
        } else {
            IndicatorKind::Percent
        },
        formula: both(catalog, &format!("indicator_{}_formula", id.code()), None),
        years: series
            .years
            .into_iter()
            .map(|y| IndicatorYear {
                year: y.year,
                value: y.value.as_ref().map(Decimal::from),
                change: Decimal::from_signed_text(&y.change),
                inputs: y
                    .inputs
                    .iter()
                    .filter_map(|input| {
                        Some(InputJson {
                            name: input
                                .label
                                .trim_start_matches("field_")
                                .trim_start_matches("pay_")
                                .to_owned(),
                            amount: Decimal::from(&input.amount),
                            unit: Unit::from_code(input.unit)?,
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn red_flag_json(flag: RedFlag, catalog: &Catalog) -> RedFlagJson {
    let unit = Unit::from_code(flag.unit);
    let is_section = matches!(
        flag.rule,
        RedFlagRule::MissingDisclosure | RedFlagRule::LateDisclosure
    );
    let args = |lang: Lang| {
        let mut args = FluentArgs::new();
        args.set("year", flag.year.to_string());
        let value = if is_section {
            catalog.text(lang, &format!("section_{}", flag.value))
        } else {
            flag.value.clone()
        };
        args.set("value", value);
        args.set("line", flag.line.clone());
        let unit = unit.map(|u| catalog.text(lang, &format!("unit_{}", u.code())));
        args.set("unit", unit.unwrap_or_default());
        args.set("when", flag.when.clone());
        args
    };
    RedFlagJson {
        reason: both(
            catalog,
            &format!("red_flag_{}", flag.rule.code()),
            Some(&args),
        ),
        rule: flag.rule,
        year: flag.year,
        unit,
        when: flag.when.parse().ok(),
        value: flag.value,
        line: flag.line,
    }
}

async fn load(
    pool: &ReadPool,
    path: &str,
) -> Result<(PooledConnection, Enterprise, EnterpriseDisclosures), ApiError> {
    let uscc = parse_uscc(path)?;
    let mut conn = pool.get().await?;
    let enterprise = enterprise::find_enterprise(&mut conn, &uscc)
        .await?
        .ok_or(ApiError::NotFound("No such enterprise."))?;
    let disclosures = disclosure::load_enterprise_disclosures(&mut conn, &enterprise).await?;
    Ok((conn, enterprise, disclosures))
}

/// Indicators computed from the current annual figures, with formulas and inputs.
#[utoipa::path(
    get,
    path = "/api/v1/enterprises/{uscc}/indicators",
    tag = "analysis",
    params(("uscc" = String, Path, description = "统一社会信用代码")),
    responses(
        (status = 200, description = "The indicators", body = IndicatorsJson,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed USCC", body = ErrorBody),
        (status = 404, description = "No such enterprise", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn indicators(
    pool: web::Data<ReadPool>,
    renderer: web::Data<Renderer>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (_conn, enterprise, disclosures) = load(&pool, &path).await?;
    let body = IndicatorsJson {
        enterprise_uscc: enterprise.uscc.to_string(),
        indicators: disclosures
            .indicators()
            .into_iter()
            .map(|series| indicator_json(series, renderer.catalog()))
            .collect(),
    };
    published_json(&body, disclosures.last_published())
}

/// Red flags as of today (China Standard Time), each with its figures and reason.
#[utoipa::path(
    get,
    path = "/api/v1/enterprises/{uscc}/red-flags",
    tag = "analysis",
    params(("uscc" = String, Path, description = "统一社会信用代码")),
    responses(
        (status = 200, description = "The red flags", body = RedFlagsJson,
            headers(("ETag" = String), ("Last-Modified" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Malformed USCC", body = ErrorBody),
        (status = 404, description = "No such enterprise", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn red_flags(
    pool: web::Data<ReadPool>,
    renderer: web::Data<Renderer>,
    thresholds: web::Data<Thresholds>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (mut conn, enterprise, disclosures) = load(&pool, &path).await?;
    let today = disclosure::today();
    let flags = disclosures.red_flags(&enterprise, &thresholds, today);
    let status_update = disclosure::last_status_update(&mut conn, &enterprise.uscc).await?;
    let body = RedFlagsJson {
        enterprise_uscc: enterprise.uscc.to_string(),
        as_of: today,
        red_flags: flags
            .into_iter()
            .map(|flag| red_flag_json(flag, renderer.catalog()))
            .collect(),
    };
    // Overdue and missing are judged against today, so the answer can change at
    // midnight in Beijing without anything being published.
    let start_of_day = beijing_midnight(today);
    let last_modified = [
        disclosures.last_published(),
        status_update,
        Some(start_of_day),
    ]
    .into_iter()
    .flatten()
    .max();
    published_json(&body, last_modified)
}

fn beijing_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .map(|midnight| midnight.and_utc() - chrono::Duration::hours(8))
        .unwrap_or_else(Utc::now)
}
