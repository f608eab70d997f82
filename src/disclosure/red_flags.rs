//! Red flags (重大财务异常): rules over published figures, each with a plain reason.

use std::collections::HashMap;

use bigdecimal::{BigDecimal, Zero};
use serde::Serialize;

use super::format;
use super::indicators::{debt_ratio, growth, preservation_rate, YearFigures};
use chrono::{Datelike, NaiveDate};

use super::model::Section;
use crate::config::IndicatorSettings;
use crate::enterprise::Industry;

coded_enum! {
    /// Which rule raised a flag; the reason text is `red_flag_<code>` in the catalog.
    RedFlagRule {
        /// 资产负债率 above the warning line for the industry.
        DebtRatioAboveLine = "debt_ratio_above_line",
        /// 国有资本保值增值率 below 100%: state capital was not preserved.
        CapitalNotPreserved = "capital_not_preserved",
        /// Executive pay rose while net profit fell (薪酬与业绩倒挂).
        PayUpProfitDown = "pay_up_profit_down",
        /// An executive was also paid by a shareholder or other related party.
        RelatedPartyPay = "related_party_pay",
        /// A rectification item is past its deadline and still open.
        OverdueRectification = "overdue_rectification",
        /// A required annual disclosure is missing after its deadline; `value` is the
        /// section code.
        MissingDisclosure = "missing_disclosure",
        /// A required annual disclosure came out after its deadline; `value` is the
        /// section code, `when` the day it was published.
        LateDisclosure = "late_disclosure",
    }
}

/// One flag: the rule, the year, and the figures that tripped it, formatted. What
/// `value` and `line` hold depends on the rule; its message (`red_flag_<rule>`) says it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlag {
    /// The rule.
    pub rule: RedFlagRule,
    /// The year whose figures tripped it.
    pub year: i16,
    /// The offending figure (ratio, rate, pay growth, names).
    pub value: String,
    /// What it is measured against (warning line, profit growth, amount).
    pub line: String,
    /// Unit code of `line` when it is an amount, else empty.
    pub unit: &'static str,
    /// A day the reason names besides the line (when a late disclosure came out), else
    /// empty.
    pub when: String,
}

/// Warning lines, resolved from configuration once at start-up.
#[derive(Debug, Clone)]
pub struct Thresholds {
    default_debt_ratio: BigDecimal,
    debt_ratio_by_industry: HashMap<Industry, BigDecimal>,
    settings: IndicatorSettings,
}

/// Sections every enterprise must publish every year.
pub const REQUIRED_ANNUAL_SECTIONS: [Section; 4] = [
    Section::Financial,
    Section::StateCapital,
    Section::ExecutivePay,
    Section::Governance,
];

/// A required annual disclosure on record: its section, year and the day (Beijing time)
/// its first version was published.
pub type OnRecord = (Section, i16, NaiveDate);

/// Flags each required annual section of the latest reporting year whose deadline has
/// passed by `today` that was not published, or was published only after the deadline.
/// Earlier years are left alone: records loaded long after the fact (back-filled history)
/// would otherwise all look late.
pub fn missing_or_late_disclosures(
    on_record: &[OnRecord],
    thresholds: &Thresholds,
    today: NaiveDate,
) -> Vec<RedFlag> {
    let due = (today.year() - 2..today.year()).rev().find_map(|y| {
        let deadline = thresholds.settings.deadline_for(y)?;
        (deadline < today).then_some((i16::try_from(y).ok()?, deadline))
    });
    let Some((year, deadline)) = due else {
        return Vec::new();
    };
    REQUIRED_ANNUAL_SECTIONS
        .iter()
        .filter_map(|&section| {
            let published_on = on_record
                .iter()
                .find(|(s, y, _)| *s == section && *y == year)
                .map(|(_, _, day)| *day);
            let (rule, when) = match published_on {
                None => (RedFlagRule::MissingDisclosure, String::new()),
                Some(day) if day > deadline => (RedFlagRule::LateDisclosure, day.to_string()),
                Some(_) => return None,
            };
            Some(RedFlag {
                rule,
                year,
                value: section.code().to_owned(),
                line: deadline.to_string(),
                unit: "",
                when,
            })
        })
        .collect()
}

impl Thresholds {
    /// Reads the lines from `[indicators]` (validated there).
    pub fn from_settings(settings: &IndicatorSettings) -> Thresholds {
        Thresholds {
            settings: settings.clone(),
            default_debt_ratio: BigDecimal::from(settings.debt_ratio_warning_percent),
            debt_ratio_by_industry: settings
                .debt_ratio_warning_by_industry
                .iter()
                .filter_map(|(code, line)| {
                    Some((Industry::from_code(code)?, BigDecimal::from(*line)))
                })
                .collect(),
        }
    }

    /// The asset-liability warning line for an industry.
    pub fn debt_ratio_line(&self, industry: Industry) -> &BigDecimal {
        self.debt_ratio_by_industry
            .get(&industry)
            .unwrap_or(&self.default_debt_ratio)
    }
}

/// Flags raised by the most recent year that has the figures each rule needs.
pub fn red_flags(
    industry: Industry,
    years: &[YearFigures],
    thresholds: &Thresholds,
) -> Vec<RedFlag> {
    let mut flags = Vec::new();
    let latest_financial = years
        .iter()
        .rev()
        .find_map(|y| Some((y.year, y.financial?)));
    if let Some((year, f)) = latest_financial {
        let line = thresholds.debt_ratio_line(industry);
        if let Some(ratio) = debt_ratio(f).filter(|ratio| ratio > line) {
            flags.push(RedFlag {
                rule: RedFlagRule::DebtRatioAboveLine,
                year,
                value: format::percent(&ratio),
                line: format::percent(line),
                unit: "",
                when: String::new(),
            });
        }
    }
    let latest_capital = years
        .iter()
        .rev()
        .find_map(|y| Some((y.year, y.state_capital?)));
    if let Some((year, s)) = latest_capital {
        let hundred = BigDecimal::from(100);
        if let Some(rate) = preservation_rate(s).filter(|rate| *rate < hundred) {
            flags.push(RedFlag {
                rule: RedFlagRule::CapitalNotPreserved,
                year,
                value: format::percent(&rate),
                line: format::percent(&hundred),
                unit: "",
                when: String::new(),
            });
        }
    }
    flags.extend(pay_flags(years));
    flags
}

fn pay_flags(years: &[YearFigures]) -> Vec<RedFlag> {
    let mut flags = Vec::new();
    let Some((index, pay)) = years
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, y)| Some((i, y.pay?)))
    else {
        return flags;
    };
    let year = years[index].year;
    let previous = index
        .checked_sub(1)
        .map(|i| &years[i])
        .filter(|p| p.year + 1 == year);
    if let (Some(before), Some(profit_now)) = (previous, years[index].financial) {
        if let (Some(pay_before), Some(profit_before)) = (before.pay, before.financial) {
            let pay_growth = growth(&pay.total(), &pay_before.total());
            let profit_growth = growth(&profit_now.net_profit, &profit_before.net_profit);
            if let (Some(pay_growth), Some(profit_growth)) = (pay_growth, profit_growth) {
                if pay_growth > BigDecimal::zero() && profit_growth < BigDecimal::zero() {
                    flags.push(RedFlag {
                        rule: RedFlagRule::PayUpProfitDown,
                        year,
                        value: format::signed(&pay_growth) + "%",
                        line: format::signed(&profit_growth) + "%",
                        unit: "",
                        when: String::new(),
                    });
                }
            }
        }
    }
    let paid_elsewhere: Vec<_> = pay
        .executives
        .iter()
        .filter_map(|e| Some((e, e.related_party_amount.as_ref()?)))
        .collect();
    if !paid_elsewhere.is_empty() {
        let total: BigDecimal = paid_elsewhere.iter().map(|(_, amount)| *amount).sum();
        flags.push(RedFlag {
            rule: RedFlagRule::RelatedPartyPay,
            year,
            value: paid_elsewhere
                .iter()
                .map(|(e, _)| format!("{}（{}）", e.name, e.title))
                .collect::<Vec<_>>()
                .join("、"),
            line: format::amount(&total),
            unit: pay.unit.code(),
            when: String::new(),
        });
    }
    flags
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::disclosure::model::{FinancialStatement, StateCapitalStatement, Unit};

    fn d(s: &str) -> BigDecimal {
        BigDecimal::from_str(s).unwrap()
    }

    fn thresholds() -> Thresholds {
        Thresholds::from_settings(&IndicatorSettings {
            debt_ratio_warning_percent: 70,
            debt_ratio_warning_by_industry: HashMap::from([("K".to_owned(), 85)]),
            annual_disclosure_deadline: "05-31".to_owned(),
        })
    }

    fn financial(assets: &str, liabilities: &str) -> FinancialStatement {
        FinancialStatement {
            unit: Unit::WanYuan,
            total_assets: d(assets),
            total_liabilities: d(liabilities),
            current_liabilities: None,
            owners_equity: d(assets) - d(liabilities),
            state_owned_equity: None,
            revenue: d("1"),
            total_profit: d("1"),
            net_profit: d("1"),
            operating_cash_flow: None,
            interest_bearing_debt: None,
            audited: false,
            auditor: None,
            audit_opinion: None,
        }
    }

    fn capital(opening: &str, closing: &str) -> StateCapitalStatement {
        StateCapitalStatement {
            unit: Unit::WanYuan,
            opening_state_capital: d(opening),
            closing_state_capital: d(closing),
            factors: vec![],
        }
    }

    #[test]
    fn debt_above_the_industry_line_is_flagged_with_both_figures() {
        let f = financial("100", "80");
        let years = [YearFigures {
            year: 2025,
            financial: Some(&f),
            state_capital: None,
            pay: None,
        }];
        // 80% is above the default 70% line ...
        let flags = red_flags(Industry::Transport, &years, &thresholds());
        assert_eq!(flags.len(), 1);
        assert_eq!(
            (flags[0].value.as_str(), flags[0].line.as_str()),
            ("80.00%", "70.00%")
        );
        // ... but within real estate's 85% line.
        assert!(red_flags(Industry::RealEstate, &years, &thresholds()).is_empty());
    }

    #[test]
    fn debt_exactly_on_the_line_is_not_flagged() {
        let f = financial("100", "70");
        let years = [YearFigures {
            year: 2025,
            financial: Some(&f),
            state_capital: None,
            pay: None,
        }];
        assert!(red_flags(Industry::Transport, &years, &thresholds()).is_empty());
    }

    #[test]
    fn capital_not_preserved_is_flagged_and_only_for_the_latest_year() {
        let lost = capital("100", "95");
        let kept = capital("95", "101");
        let years = [
            YearFigures {
                year: 2024,
                financial: None,
                state_capital: Some(&lost),
                pay: None,
            },
            YearFigures {
                year: 2025,
                financial: None,
                state_capital: Some(&kept),
                pay: None,
            },
        ];
        assert!(red_flags(Industry::Finance, &years, &thresholds()).is_empty());
        let flags = red_flags(Industry::Finance, &years[..1], &thresholds());
        assert_eq!(flags[0].rule, RedFlagRule::CapitalNotPreserved);
        assert_eq!((flags[0].year, flags[0].value.as_str()), (2024, "95.00%"));
    }

    fn pay_table(total: i64, related: Option<i64>) -> crate::disclosure::model::PayStatement {
        use crate::disclosure::model::{ExecutivePay, PayStatement};
        let amount = BigDecimal::from(total);
        PayStatement {
            unit: Unit::WanYuan,
            average_employee_pay: Some(d("10")),
            executives: vec![ExecutivePay {
                name: "甲".into(),
                title: "董事长".into(),
                term_start: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                term_end: None,
                annual_salary_payable: amount.clone(),
                base_salary: None,
                performance_pay: None,
                term_incentive: None,
                employer_contributions: d("0"),
                other_monetary_income: d("0"),
                pretax_total: amount,
                related_party_amount: related.map(BigDecimal::from),
            }],
        }
    }

    #[test]
    fn pay_rising_while_profit_falls_is_flagged_with_both_changes() {
        let (f1, f2) = (financial("100", "50"), {
            let mut f = financial("100", "50");
            f.net_profit = d("0.8");
            f
        });
        let (p1, p2) = (pay_table(40, None), pay_table(50, None));
        let years = [
            YearFigures {
                year: 2024,
                financial: Some(&f1),
                state_capital: None,
                pay: Some(&p1),
            },
            YearFigures {
                year: 2025,
                financial: Some(&f2),
                state_capital: None,
                pay: Some(&p2),
            },
        ];
        let flags = red_flags(Industry::Transport, &years, &thresholds());
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].rule, RedFlagRule::PayUpProfitDown);
        // Pay 40 -> 50 is +25%; profit 1 -> 0.8 is -20%.
        assert_eq!(
            (flags[0].value.as_str(), flags[0].line.as_str()),
            ("+25.00%", "-20.00%")
        );
    }

    #[test]
    fn pay_rising_with_profit_is_not_flagged() {
        let f = financial("100", "50");
        let (p1, p2) = (pay_table(40, None), pay_table(50, None));
        let years = [
            YearFigures {
                year: 2024,
                financial: Some(&f),
                state_capital: None,
                pay: Some(&p1),
            },
            YearFigures {
                year: 2025,
                financial: Some(&f),
                state_capital: None,
                pay: Some(&p2),
            },
        ];
        assert!(red_flags(Industry::Transport, &years, &thresholds()).is_empty());
    }

    #[test]
    fn pay_from_a_related_party_is_flagged_with_the_names_and_amount() {
        let p = pay_table(40, Some(8));
        let years = [YearFigures {
            year: 2025,
            financial: None,
            state_capital: None,
            pay: Some(&p),
        }];
        let flags = red_flags(Industry::Transport, &years, &thresholds());
        assert_eq!(flags[0].rule, RedFlagRule::RelatedPartyPay);
        assert_eq!(
            (flags[0].value.as_str(), flags[0].line.as_str()),
            ("甲（董事长）", "8.00")
        );
    }

    #[test]
    fn a_required_disclosure_missing_after_its_deadline_is_flagged() {
        let on_time = day("2026-04-20");
        let all_but_pay = [
            (Section::Financial, 2025, on_time),
            (Section::StateCapital, 2025, on_time),
            (Section::Governance, 2025, on_time),
        ];
        // Before 2026-05-31 the latest year due is 2024, which has nothing at all.
        let early = missing_or_late_disclosures(&all_but_pay, &thresholds(), day("2026-05-31"));
        assert_eq!(early.len(), 4);
        assert!(early.iter().all(|f| f.year == 2024));
        // From 2026-06-01, 2025 is due and only its pay table is missing.
        let late = missing_or_late_disclosures(&all_but_pay, &thresholds(), day("2026-06-01"));
        assert_eq!(late.len(), 1);
        assert_eq!(
            (
                late[0].rule,
                late[0].year,
                late[0].value.as_str(),
                late[0].line.as_str()
            ),
            (
                RedFlagRule::MissingDisclosure,
                2025,
                "executive_pay",
                "2026-05-31"
            )
        );
    }

    #[test]
    fn a_required_disclosure_published_after_its_deadline_is_flagged_late() {
        let on_record = [
            (Section::Financial, 2025, day("2026-05-31")),
            (Section::StateCapital, 2025, day("2026-06-01")),
            (Section::ExecutivePay, 2025, day("2026-04-01")),
            (Section::Governance, 2025, day("2026-04-01")),
            // Back-filled years are not judged.
            (Section::Financial, 2021, day("2026-11-25")),
        ];
        let flags = missing_or_late_disclosures(&on_record, &thresholds(), day("2026-11-25"));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(
            (
                flags[0].rule,
                flags[0].value.as_str(),
                flags[0].line.as_str(),
                flags[0].when.as_str()
            ),
            (
                RedFlagRule::LateDisclosure,
                "state_capital",
                "2026-05-31",
                "2026-06-01"
            )
        );
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }
}
