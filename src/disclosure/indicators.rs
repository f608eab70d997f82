//! Derived indicators, computed from published figures, never typed in. Each comes with
//! its formula (in the message catalog as `indicator_<id>_formula`) and the inputs used,
//! so a reader can redo the arithmetic.

use bigdecimal::{BigDecimal, RoundingMode, Zero};
use serde::Serialize;

use super::format;
use super::model::{FinancialStatement, PayStatement, StateCapitalStatement};

coded_enum! {
    /// The indicators shown for every enterprise.
    IndicatorId {
        /// 资产负债率 = 负债总额 / 资产总额 × 100%
        DebtRatio = "debt_ratio",
        /// 国有资本保值增值率 = (年末国有资本及权益 − 客观增加因素 + 客观减少因素) / 年初国有资本及权益 × 100%
        PreservationRate = "preservation_rate",
        /// 净资产收益率 = 净利润 / 平均所有者权益 × 100%
        ReturnOnEquity = "return_on_equity",
        /// 现金流动负债比率 = 经营活动现金流量净额 / 流动负债 × 100%
        OperatingCashRatio = "operating_cash_ratio",
        /// 薪酬倍数 = 负责人最高税前报酬 / 在岗职工年平均工资 (a multiple, not a percentage)
        PayRatio = "pay_ratio",
    }
}

impl IndicatorId {
    /// Whether the value is a multiple ("8.50×") rather than a percentage.
    pub fn is_multiple(self) -> bool {
        self == IndicatorId::PayRatio
    }
}

/// What was published for one year (current versions only).
#[derive(Debug, Clone, Copy)]
pub struct YearFigures<'a> {
    /// The year.
    pub year: i16,
    /// Its financial statement, if disclosed.
    pub financial: Option<&'a FinancialStatement>,
    /// Its state capital statement, if disclosed.
    pub state_capital: Option<&'a StateCapitalStatement>,
    /// Its executive pay table, if disclosed.
    pub pay: Option<&'a PayStatement>,
}

/// One input of a computation, as shown next to the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// Message id of the input's name.
    pub label: &'static str,
    /// The figure, formatted, with its unit code.
    pub value: String,
    /// Unit code (`yuan`, `wan_yuan`), or empty for a plain number.
    pub unit: &'static str,
    /// The figure itself, exact, for the JSON API (pages show `value`).
    #[serde(skip)]
    pub amount: BigDecimal,
}

/// An indicator for one year: its value and what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearValue {
    /// The year.
    pub year: i16,
    /// Percentage, two decimals; `None` when the inputs are missing or the divisor is zero.
    pub value: Option<BigDecimal>,
    /// Formatted value, or empty.
    pub text: String,
    /// Change from the previous year in percentage points, formatted, or empty.
    pub change: String,
    /// The inputs used.
    pub inputs: Vec<Input>,
}

/// An indicator across the years, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSeries {
    /// Which indicator.
    pub id: IndicatorId,
    /// "percent" or "multiple", for the unit of the change column.
    pub kind: &'static str,
    /// One entry per year given.
    pub years: Vec<YearValue>,
}

/// 薪酬倍数: the best-paid executive's pre-tax total over average employee pay.
pub fn pay_ratio(p: &PayStatement) -> Option<BigDecimal> {
    let average = p.average_employee_pay.as_ref().filter(|a| !a.is_zero())?;
    quotient(p.highest()?, average, 0)
}

/// `numerator / denominator × 100`, rounded half-up to two decimals.
fn percent_of(numerator: &BigDecimal, denominator: &BigDecimal) -> Option<BigDecimal> {
    quotient(numerator, denominator, 2)
}

/// `numerator / denominator × 10^shift`, rounded half-up to two decimals, in integer
/// arithmetic. BigDecimal's `/` computes 100 significant digits only for us to round them
/// away, and it was the enterprise page's single largest cost (docs/performance.md).
/// Three decimals are computed exactly (integer division truncates toward zero), which is
/// all that half-up rounding to two needs.
fn quotient(numerator: &BigDecimal, denominator: &BigDecimal, shift: i64) -> Option<BigDecimal> {
    if denominator.is_zero() {
        return None;
    }
    let scale = numerator
        .fractional_digit_count()
        .max(denominator.fractional_digit_count());
    let (n, _) = numerator.with_scale(scale).into_bigint_and_exponent();
    let (d, _) = denominator.with_scale(scale).into_bigint_and_exponent();
    let truncated = n * num_bigint::BigInt::from(10).pow((shift + 3) as u32) / d;
    Some(BigDecimal::new(truncated, 3).with_scale_round(2, RoundingMode::HalfUp))
}

/// 资产负债率.
pub fn debt_ratio(f: &FinancialStatement) -> Option<BigDecimal> {
    percent_of(&f.total_liabilities, &f.total_assets)
}

/// Closing state capital with the objective factors taken out.
pub fn adjusted_closing_capital(s: &StateCapitalStatement) -> BigDecimal {
    s.factors.iter().fold(
        s.closing_state_capital.clone(),
        |total, (factor, amount)| {
            if factor.is_increase() {
                total - amount
            } else {
                total + amount
            }
        },
    )
}

/// 国有资本保值增值率; undefined when the opening capital is not positive.
pub fn preservation_rate(s: &StateCapitalStatement) -> Option<BigDecimal> {
    if s.opening_state_capital <= BigDecimal::zero() {
        return None;
    }
    percent_of(&adjusted_closing_capital(s), &s.opening_state_capital)
}

/// 净资产收益率 on the average of opening and closing equity; the opening equity is the
/// previous year's closing equity, or this year's when that was not disclosed.
pub fn return_on_equity(
    f: &FinancialStatement,
    previous: Option<&FinancialStatement>,
) -> Option<BigDecimal> {
    let closing = &f.owners_equity * f.unit.yuan_factor();
    let opening = previous
        .map(|p| &p.owners_equity * p.unit.yuan_factor())
        .unwrap_or_else(|| closing.clone());
    // Halving exactly: 0.5 has one decimal, so no long division is involved.
    let average = (opening + closing) * BigDecimal::new(5.into(), 1);
    if average <= BigDecimal::zero() {
        return None;
    }
    percent_of(&(&f.net_profit * f.unit.yuan_factor()), &average)
}

/// 现金流动负债比率; needs both inputs disclosed.
pub fn operating_cash_ratio(f: &FinancialStatement) -> Option<BigDecimal> {
    percent_of(
        f.operating_cash_flow.as_ref()?,
        f.current_liabilities.as_ref()?,
    )
}

fn input(label: &'static str, value: &BigDecimal, unit: &'static str) -> Input {
    Input {
        label,
        value: format::amount(value),
        unit,
        amount: value.clone(),
    }
}

fn year_value(id: IndicatorId, year: &YearFigures, previous: Option<&YearFigures>) -> YearValue {
    let (value, inputs) = match (id, year.financial, year.state_capital) {
        (IndicatorId::DebtRatio, Some(f), _) => (
            debt_ratio(f),
            vec![
                input(
                    "field_total_liabilities",
                    &f.total_liabilities,
                    f.unit.code(),
                ),
                input("field_total_assets", &f.total_assets, f.unit.code()),
            ],
        ),
        (IndicatorId::PreservationRate, _, Some(s)) => (
            preservation_rate(s),
            vec![
                input(
                    "field_closing_state_capital",
                    &s.closing_state_capital,
                    s.unit.code(),
                ),
                input(
                    "field_adjusted_closing_capital",
                    &adjusted_closing_capital(s),
                    s.unit.code(),
                ),
                input(
                    "field_opening_state_capital",
                    &s.opening_state_capital,
                    s.unit.code(),
                ),
            ],
        ),
        (IndicatorId::ReturnOnEquity, Some(f), _) => {
            let previous = previous.and_then(|p| p.financial);
            let mut inputs = vec![
                input("field_net_profit", &f.net_profit, f.unit.code()),
                input("field_owners_equity", &f.owners_equity, f.unit.code()),
            ];
            if let Some(p) = previous {
                inputs.push(input(
                    "field_opening_owners_equity",
                    &p.owners_equity,
                    p.unit.code(),
                ));
            }
            (return_on_equity(f, previous), inputs)
        }
        (IndicatorId::OperatingCashRatio, Some(f), _) => {
            let mut inputs = Vec::new();
            if let Some(ocf) = &f.operating_cash_flow {
                inputs.push(input("field_operating_cash_flow", ocf, f.unit.code()));
            }
            if let Some(cl) = &f.current_liabilities {
                inputs.push(input("field_current_liabilities", cl, f.unit.code()));
            }
            (operating_cash_ratio(f), inputs)
        }
        (IndicatorId::PayRatio, ..) => match year.pay {
            Some(p) => {
                let mut inputs = Vec::new();
                if let Some(highest) = p.highest() {
                    inputs.push(input("pay_highest_pretax_total", highest, p.unit.code()));
                }
                if let Some(average) = &p.average_employee_pay {
                    inputs.push(input("pay_average_employee_pay", average, p.unit.code()));
                }
                (pay_ratio(p), inputs)
            }
            None => (None, Vec::new()),
        },
        _ => (None, Vec::new()),
    };
    let text = match &value {
        Some(v) if id.is_multiple() => format::multiple(v),
        Some(v) => format::percent(v),
        None => String::new(),
    };
    YearValue {
        year: year.year,
        text,
        value,
        change: String::new(),
        inputs,
    }
}

/// Every indicator for every year given (oldest first), with year-on-year changes.
pub fn indicator_series(years: &[YearFigures]) -> Vec<IndicatorSeries> {
    IndicatorId::ALL
        .iter()
        .map(|&id| {
            let mut values: Vec<YearValue> = years
                .iter()
                .enumerate()
                .map(|(i, year)| {
                    let previous = i.checked_sub(1).map(|p| &years[p]);
                    // Only the directly preceding year counts as "previous".
                    let previous = previous.filter(|p| p.year + 1 == year.year);
                    year_value(id, year, previous)
                })
                .collect();
            for i in 1..values.len() {
                if values[i - 1].year + 1 != values[i].year {
                    continue;
                }
                if let (Some(now), Some(before)) = (&values[i].value, &values[i - 1].value) {
                    values[i].change = format::signed(&(now - before));
                }
            }
            IndicatorSeries {
                id,
                kind: if id.is_multiple() {
                    "multiple"
                } else {
                    "percent"
                },
                years: values,
            }
        })
        .collect()
}

/// Year-on-year growth of a figure in percent, or `None` when last year's was zero.
pub fn growth(now: &BigDecimal, before: &BigDecimal) -> Option<BigDecimal> {
    percent_of(&(now - before), &before.abs())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::disclosure::model::{CapitalFactor, Unit};

    fn d(s: &str) -> BigDecimal {
        BigDecimal::from_str(s).unwrap()
    }

    pub(crate) fn statement(
        assets: &str,
        liabilities: &str,
        equity: &str,
        profit: &str,
    ) -> FinancialStatement {
        FinancialStatement {
            unit: Unit::Yuan,
            total_assets: d(assets),
            total_liabilities: d(liabilities),
            current_liabilities: Some(d("120")),
            owners_equity: d(equity),
            state_owned_equity: None,
            revenue: d("1000"),
            total_profit: d(profit),
            net_profit: d(profit),
            operating_cash_flow: Some(d("30")),
            interest_bearing_debt: None,
            audited: false,
            auditor: None,
            audit_opinion: None,
        }
    }

    #[test]
    fn debt_ratio_is_liabilities_over_assets() {
        // 655,000 / 1,000,000 = 65.50%
        assert_eq!(
            debt_ratio(&statement("1000000", "655000", "345000", "1")),
            Some(d("65.50"))
        );
        // 2 / 3 = 66.666...% rounds half-up to 66.67%
        assert_eq!(debt_ratio(&statement("3", "2", "1", "0")), Some(d("66.67")));
        assert_eq!(debt_ratio(&statement("0", "0", "0", "0")), None);
    }

    #[test]
    fn preservation_rate_takes_the_objective_factors_out() {
        // (1150 − (100 + 20) + 30) / 1000 = 106.00%
        let s = StateCapitalStatement {
            unit: Unit::WanYuan,
            opening_state_capital: d("1000"),
            closing_state_capital: d("1150"),
            factors: vec![
                (CapitalFactor::IncreaseAdditionalInvestment, d("100")),
                (CapitalFactor::IncreaseFreeTransferIn, d("20")),
                (CapitalFactor::DecreaseDividends, d("30")),
            ],
        };
        assert_eq!(adjusted_closing_capital(&s), d("1060"));
        assert_eq!(preservation_rate(&s), Some(d("106.00")));
    }

    #[test]
    fn preservation_below_100_percent_means_capital_was_lost() {
        // (950 − 0 + 0) / 1000 = 95.00%
        let s = StateCapitalStatement {
            unit: Unit::Yuan,
            opening_state_capital: d("1000"),
            closing_state_capital: d("950"),
            factors: vec![],
        };
        assert_eq!(preservation_rate(&s), Some(d("95.00")));
    }

    #[test]
    fn return_on_equity_uses_average_equity_across_units() {
        // Opening 0.04 万元 = 400 元, closing 600 元: average 500; 45 / 500 = 9.00%
        let mut previous = statement("1", "0", "0.04", "0");
        previous.unit = Unit::WanYuan;
        let current = statement("1000", "400", "600", "45");
        assert_eq!(return_on_equity(&current, Some(&previous)), Some(d("9.00")));
        // Without last year: 45 / 600 = 7.50%
        assert_eq!(return_on_equity(&current, None), Some(d("7.50")));
    }

    #[test]
    fn operating_cash_ratio_needs_both_inputs() {
        // 30 / 120 = 25.00%
        let mut f = statement("1", "1", "0", "0");
        assert_eq!(operating_cash_ratio(&f), Some(d("25.00")));
        f.current_liabilities = None;
        assert_eq!(operating_cash_ratio(&f), None);
    }

    #[test]
    fn series_show_year_on_year_change_in_percentage_points() {
        let y1 = statement("100", "60", "40", "4");
        let y2 = statement("100", "65.5", "34.5", "4");
        let years = [
            YearFigures {
                year: 2023,
                financial: Some(&y1),
                state_capital: None,
                pay: None,
            },
            YearFigures {
                year: 2024,
                financial: Some(&y2),
                state_capital: None,
                pay: None,
            },
        ];
        let series = indicator_series(&years);
        let debt = series
            .iter()
            .find(|s| s.id == IndicatorId::DebtRatio)
            .unwrap();
        assert_eq!(debt.years[1].text, "65.50%");
        assert_eq!(debt.years[1].change, "+5.50");
        assert_eq!(debt.years[0].change, "");
    }

    #[test]
    fn growth_is_relative_to_the_size_of_last_years_figure() {
        assert_eq!(growth(&d("120"), &d("100")), Some(d("20.00")));
        // From a loss of 100 to a loss of 50 is an improvement: +50%.
        assert_eq!(growth(&d("-50"), &d("-100")), Some(d("50.00")));
        assert_eq!(growth(&d("5"), &d("0")), None);
    }

    #[test]
    fn pay_ratio_is_the_best_paid_executive_over_average_employee_pay() {
        use crate::disclosure::model::{ExecutivePay, PayStatement};
        let executive = |total: &str| ExecutivePay {
            name: "甲".into(),
            title: "董事长".into(),
            term_start: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            term_end: None,
            annual_salary_payable: d(total),
            base_salary: None,
            performance_pay: None,
            term_incentive: None,
            employer_contributions: d("0"),
            other_monetary_income: d("0"),
            pretax_total: d(total),
            related_party_amount: None,
        };
        // max(51, 45.5) / 12 = 4.25
        let p = PayStatement {
            unit: Unit::WanYuan,
            average_employee_pay: Some(d("12")),
            executives: vec![executive("45.5"), executive("51")],
        };
        assert_eq!(pay_ratio(&p), Some(d("4.25")));
        assert_eq!(format::multiple(&pay_ratio(&p).unwrap()), "4.25×");
        let no_average = PayStatement {
            average_employee_pay: None,
            ..p
        };
        assert_eq!(pay_ratio(&no_average), None);
    }

    #[test]
    fn quotients_round_half_up_away_from_zero_like_the_long_division() {
        for (n, dd) in [
            ("2", "3"),
            ("-2", "3"),
            ("1", "8"),
            ("-1", "8"),
            ("0.01", "0.03"),
            ("123456789.12", "7"),
            ("5", "-16"),
        ] {
            let (n, dd) = (d(n), d(dd));
            let long = (&n * BigDecimal::from(100) / &dd).with_scale_round(2, RoundingMode::HalfUp);
            assert_eq!(percent_of(&n, &dd), Some(long), "{n} / {dd}");
        }
        // 1/8 = 12.5%: exactly on the half, rounds up.
        assert_eq!(quotient(&d("1"), &d("800"), 2), Some(d("0.13")));
    }
}
