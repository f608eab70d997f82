//! Synthetic yearly statements with the shapes real ones have: sizes by tier, debt ratios,
//! turnover and margins by industry, growth with noise, a few enterprises in trouble,
//! dividends and capital injections as objective factors.
//!
//! Amounts are integers in hundredths of the statement's unit and never pass through
//! floats, so the same enterprise gets the same figures on every machine.

use std::ops::RangeInclusive;

use super::dice::{Dice, Stream};
use super::registry::SyntheticEnterprise;
use crate::disclosure::model::{AuditOpinion, CapitalFactor, Unit};
use crate::enterprise::{FunctionType, Industry};

/// The latest year with statements; the same as the hand-written demo.
pub(super) const LAST_YEAR: i16 = 2025;

/// How many years back the figures can go.
pub(super) const MAX_YEARS: u16 = 30;

/// Key items of one financial statement, in hundredths of `unit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Financial {
    pub unit: Unit,
    pub total_assets: i64,
    pub total_liabilities: i64,
    pub current_liabilities: i64,
    pub owners_equity: i64,
    pub state_owned_equity: i64,
    pub revenue: i64,
    pub total_profit: i64,
    pub net_profit: i64,
    pub operating_cash_flow: Option<i64>,
    pub interest_bearing_debt: Option<i64>,
    /// Auditor and opinion; `None` when the statement is unaudited.
    pub audit: Option<(&'static str, AuditOpinion)>,
}

/// One state capital statement, in hundredths of `unit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Capital {
    pub unit: Unit,
    pub opening: i64,
    pub closing: i64,
    /// Each factor at most once, amounts positive.
    pub factors: Vec<(CapitalFactor, i64)>,
}

/// Both statements of one year.
#[derive(Debug, Clone)]
pub(super) struct Statements {
    pub year: i16,
    pub financial: Financial,
    pub capital: Capital,
}

/// Per-mille bands (low, high) of an industry: debt ratio, asset turnover, net margin.
struct Profile {
    debt: (i64, i64),
    turnover: (i64, i64),
    margin: (i64, i64),
}

const fn profile(industry: Industry) -> Profile {
    let (debt, turnover, margin) = match industry {
        Industry::Finance => ((850, 930), (40, 100), (100, 300)),
        Industry::RealEstate => ((700, 880), (100, 250), (20, 120)),
        Industry::Construction => ((650, 820), (400, 900), (10, 40)),
        Industry::Trade => ((550, 750), (1_200, 2_500), (5, 25)),
        Industry::Manufacturing => ((500, 650), (600, 1_100), (20, 80)),
        Industry::Utilities => ((550, 700), (150, 350), (20, 90)),
        Industry::Transport => ((550, 700), (80, 250), (20, 120)),
        Industry::PublicFacilities => ((550, 720), (30, 120), (20, 150)),
        Industry::Culture | Industry::Hospitality => ((400, 600), (200, 500), (-30, 80)),
        _ => ((400, 650), (300, 800), (20, 100)),
    };
    Profile {
        debt,
        turnover,
        margin,
    }
}

const AUDITORS: [&str; 5] = [
    "华夏示范会计师事务所（演示）",
    "长江示范会计师事务所（演示）",
    "珠江示范会计师事务所（演示）",
    "天山示范会计师事务所（演示）",
    "泰山示范会计师事务所（演示）",
];

fn hundredths_of_wan(dice: &mut Dice, level: i16) -> i64 {
    // Groups hold 1亿 to 1万亿 (10^4..10^8 万元), each tier below about a tenth of that.
    let exponent = dice.between(4, 7) - i64::from(level - 1);
    dice.between(100, 999) * 10_i64.pow(exponent.clamp(1, 7) as u32)
}

fn per_mille(amount: i64, rate: i64) -> i64 {
    (i128::from(amount) * i128::from(rate) / 1000) as i64
}

/// The statements of `enterprise` for `years`. The simulation always starts
/// `MAX_YEARS` before `LAST_YEAR`, so a year's figures do not depend on how many years
/// were asked for.
pub(super) fn statements(
    enterprise: &SyntheticEnterprise,
    years: RangeInclusive<i16>,
) -> Vec<Statements> {
    let mut dice = Dice::new(enterprise.member.index, Stream::Figures);
    let band = profile(enterprise.industry);
    let share = enterprise.state_share;
    let mut assets = hundredths_of_wan(&mut dice, enterprise.member.level);
    // Small companies often report in yuan; the page converts.
    let unit = if assets < 1_000_000 && dice.chance(500) {
        Unit::Yuan
    } else {
        Unit::WanYuan
    };
    let in_unit = |hundredths_of_wan: i64| match unit {
        Unit::Yuan => hundredths_of_wan * 10_000,
        Unit::WanYuan => hundredths_of_wan,
    };
    let trend = dice.between(-20, 80);
    let debt_base = dice.between(band.debt.0, band.debt.1);
    let turnover = dice.between(band.turnover.0, band.turnover.1);
    let margin_base = dice.between(band.margin.0, band.margin.1);
    // About one enterprise in fifteen runs into trouble at some point and stays there.
    let first = LAST_YEAR - MAX_YEARS as i16;
    let trouble_from = dice
        .chance(70)
        .then(|| dice.between(i64::from(first) + 15, i64::from(LAST_YEAR)) as i16);
    let omits_optional = enterprise.member.level == 4 && dice.chance(300);
    let pays_dividends = enterprise.function_type != FunctionType::PublicWelfare;

    let mut out = Vec::new();
    let mut previous_state_equity = 0_i64;
    let mut previous_net_profit = 0_i64;
    let mut closing = 0_i64;
    for year in first..=LAST_YEAR {
        let troubled = trouble_from.is_some_and(|from| year >= from);
        let growth = if troubled {
            dice.between(-90, -10)
        } else {
            trend + dice.between(-40, 40)
        };
        assets = per_mille(assets, 1000 + growth).max(10_000);
        let debt = if troubled { debt_base + 120 } else { debt_base };
        let liabilities = per_mille(assets, (debt + dice.between(-25, 25)).clamp(50, 960));
        let equity = assets - liabilities;
        let state_equity = (i128::from(equity) * i128::from(share) / 10_000) as i64;
        let revenue = per_mille(assets, turnover * dice.between(900, 1100) / 1000);
        let margin = if troubled {
            dice.between(-150, -20)
        } else {
            margin_base + dice.between(-15, 15)
        };
        let net_profit = per_mille(revenue, margin);
        let total_profit = if net_profit > 0 {
            per_mille(net_profit, 1333)
        } else {
            net_profit
        };
        // Cash flow: profit plus depreciation, with noise.
        let cash_flow = per_mille(net_profit, dice.between(600, 1600)) + per_mille(assets, 20);
        let audit = match dice.between(0, 999) {
            0..=39 => None,
            roll => Some((
                *dice.pick(&AUDITORS),
                match (troubled, roll) {
                    (true, 40..=300) | (false, 40..=69) => AuditOpinion::UnqualifiedWithEmphasis,
                    (true, 301..=450) | (false, 70..=84) => AuditOpinion::Qualified,
                    (_, 85..=89) => AuditOpinion::Disclaimer,
                    (_, 90..=92) => AuditOpinion::Adverse,
                    _ => AuditOpinion::Unqualified,
                },
            )),
        };
        let opening = if year == first {
            // The first simulated year opens a little below its own state equity.
            per_mille(state_equity, 970)
        } else {
            closing
        };
        let organic = if previous_state_equity > 0 {
            (i128::from(opening) * i128::from(state_equity) / i128::from(previous_state_equity))
                as i64
        } else {
            opening
        };
        let factors = factors(
            &mut dice,
            opening,
            previous_net_profit,
            share,
            pays_dividends,
        );
        let moved: i64 = factors
            .iter()
            .map(|(f, amount)| if f.is_increase() { *amount } else { -amount })
            .sum();
        closing = (organic + moved).max(100);
        // Drawn every year, asked for or not, to keep later years' draws in place.
        let current_liabilities = per_mille(liabilities, dice.between(450, 750));
        let interest_bearing_debt = per_mille(liabilities, dice.between(300, 650));
        if years.contains(&year) {
            out.push(Statements {
                year,
                financial: Financial {
                    unit,
                    total_assets: in_unit(assets),
                    total_liabilities: in_unit(liabilities),
                    current_liabilities: in_unit(current_liabilities),
                    owners_equity: in_unit(equity),
                    state_owned_equity: in_unit(state_equity),
                    revenue: in_unit(revenue),
                    total_profit: in_unit(total_profit),
                    net_profit: in_unit(net_profit),
                    operating_cash_flow: (!omits_optional).then(|| in_unit(cash_flow)),
                    interest_bearing_debt: (!omits_optional)
                        .then(|| in_unit(interest_bearing_debt)),
                    audit,
                },
                capital: Capital {
                    unit,
                    opening: in_unit(opening),
                    closing: in_unit(closing),
                    factors: factors.into_iter().map(|(f, a)| (f, in_unit(a))).collect(),
                },
            });
        }
        previous_state_equity = state_equity;
        previous_net_profit = net_profit;
    }
    out
}

/// The objective factors of one year, in hundredths of 万元.
fn factors(
    dice: &mut Dice,
    opening: i64,
    previous_net_profit: i64,
    share: i64,
    pays_dividends: bool,
) -> Vec<(CapitalFactor, i64)> {
    let mut out = Vec::new();
    let state_profit = (i128::from(previous_net_profit) * i128::from(share) / 10_000) as i64;
    if pays_dividends && state_profit > 0 {
        let dividends = per_mille(state_profit, dice.between(200, 400));
        out.push((CapitalFactor::DecreaseDividends, dividends));
    }
    let mut occasional = |per_mille_chance: u64, factor: CapitalFactor, rate: (i64, i64)| {
        if dice.chance(per_mille_chance) {
            out.push((factor, per_mille(opening, dice.between(rate.0, rate.1))));
        }
    };
    occasional(60, CapitalFactor::IncreaseAdditionalInvestment, (30, 150));
    occasional(25, CapitalFactor::IncreaseFreeTransferIn, (20, 100));
    occasional(20, CapitalFactor::IncreaseAssetRevaluation, (5, 40));
    occasional(15, CapitalFactor::DecreaseFreeTransferOut, (10, 60));
    occasional(5, CapitalFactor::DecreaseForceMajeure, (5, 30));
    out.retain(|(_, amount)| *amount > 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::scale::groups::layout;
    use crate::disclosure::scale::registry::SyntheticEnterprise;

    fn sample() -> Vec<SyntheticEnterprise> {
        layout(2_000)
            .into_iter()
            .map(|m| SyntheticEnterprise::new(m).unwrap())
            .collect()
    }

    #[test]
    fn a_years_figures_do_not_depend_on_how_many_years_were_asked_for() {
        let enterprise = &sample()[3];
        let ten = statements(enterprise, 2016..=2025);
        let three = statements(enterprise, 2023..=2025);
        assert_eq!(ten.len(), 10);
        assert_eq!(three[0].financial, ten[7].financial);
        assert_eq!(three[2].capital, ten[9].capital);
    }

    #[test]
    fn figures_satisfy_the_tables_constraints_and_chain_from_year_to_year() {
        for enterprise in sample() {
            let years = statements(&enterprise, 2016..=2025);
            for pair in years.windows(2) {
                assert_eq!(pair[0].capital.closing, pair[1].capital.opening);
            }
            for s in years {
                let f = &s.financial;
                assert!(f.total_assets > 0 && f.total_liabilities >= 0);
                assert!(
                    f.total_liabilities < f.total_assets,
                    "equity stays positive"
                );
                assert!(f.current_liabilities >= 0);
                assert!(f.interest_bearing_debt.unwrap_or(0) >= 0);
                assert!(s.capital.factors.iter().all(|(_, a)| *a > 0));
                // numeric(20, 2) holds at most 18 digits before the point.
                assert!(f.total_assets < 10_i64.pow(18));
            }
        }
    }

    #[test]
    fn the_mix_has_losses_qualified_opinions_and_capital_injections() {
        let all: Vec<Statements> = sample()
            .iter()
            .flat_map(|e| statements(e, 2016..=2025))
            .collect();
        let losses = all.iter().filter(|s| s.financial.net_profit < 0).count();
        let qualified = all
            .iter()
            .filter(|s| matches!(s.financial.audit, Some((_, AuditOpinion::Qualified))))
            .count();
        let injections = all
            .iter()
            .filter(|s| s.capital.factors.iter().any(|(f, _)| f.is_increase()))
            .count();
        let n = all.len();
        assert!(losses * 100 > n && losses * 5 < n, "{losses} of {n}");
        assert!(
            qualified > 0 && injections * 100 > n,
            "{qualified} {injections}"
        );
    }
}
