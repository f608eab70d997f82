//! Five years of fictional disclosures for every demo enterprise, generated from a few
//! parameters so that a newcomer sees every feature: an amendment, a withdrawal, and
//! figures that raise each red flag.
//!
//! Amounts are computed in integer hundredths of 万元 and never pass through floats.

use std::collections::HashMap;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use num_bigint::BigInt;

use super::documents::SourceDocument;
use super::events::{EventKind, MajorEvent, MajorEvents};
use super::governance::{GoverningBody, Member, Roster};
use super::inspection::{
    self, Finding, FindingCategory, InspectionBody, InspectionReport, RectificationItem,
    RectificationStatus, Severity, StatusUpdate,
};
use super::model::{
    AuditOpinion, CapitalFactor, Content, ExecutivePay, FinancialStatement, PayStatement, Period,
    Section, StateCapitalStatement, Unit,
};
use super::queries::{self, DisclosureRecord, Provenance};
use super::related_party::{
    PricingBasis, RelatedPartyTransaction, RelatedPartyTransactions, Relationship, TransactionType,
};
use crate::enterprise::{demo_name, demo_parent, demo_uscc, Uscc, DEMO_ENTERPRISE_COUNT};

/// The demo years.
pub const DEMO_YEARS: std::ops::RangeInclusive<i16> = 2021..=2025;

/// Total assets in 2021 (万元) of each demo enterprise, in seed order.
const ASSETS_2021: [i64; DEMO_ENTERPRISE_COUNT] = [
    852_000, 121_500, 310_200, 8_050, 563_400, 45_300, 98_700, 721_600, 150_900, 30_400, 210_800,
    65_200, 180_300,
];

/// Index of the property company, whose debt is above real estate's warning line.
const INDEBTED: usize = 2;
/// Index of the microcredit company in liquidation, which loses state capital.
const LOSS_MAKING: usize = 9;
/// Index of the group whose 2024 financial statement is amended.
const AMENDED: usize = 0;
/// Index of the group that raised pay in 2025 while its profit fell.
const PAY_RAISER: usize = 10;
/// Index of the company whose deputy manager is also paid by its minority shareholder.
const PAID_BY_SHAREHOLDER: usize = 6;

/// Index of the group with a rectification item past its deadline.
const OVERDUE: usize = 4;
/// Index of the group that has not published its 2025 pay table.
const MISSING_PAY: usize = 12;
/// Index of the company that published its 2025 state capital after the deadline.
const LATE_CAPITAL: usize = 11;

/// Fictional names; every demo enterprise takes a different run of them.
const NAMES: [&str; 16] = [
    "林志远",
    "黄海涛",
    "陈晓梅",
    "李建国",
    "周文斌",
    "吴海燕",
    "郑国强",
    "王丽华",
    "赵明辉",
    "孙立新",
    "何春燕",
    "梁振华",
    "罗建平",
    "谢文静",
    "韦海东",
    "莫晓东",
];

/// Positions in the order the SASAC form lists them.
const TITLES: [&str; 4] = [
    "党委书记、董事长",
    "党委副书记、董事、总经理",
    "党委委员、副总经理",
    "党委委员、总会计师",
];

fn wan(hundredths: i64) -> BigDecimal {
    BigDecimal::new(BigInt::from(hundredths), 2)
}

/// Hundredths of 万元 times a per-mille rate, rounded down: integer arithmetic only.
fn per_mille(hundredths: i64, rate: i64) -> i64 {
    hundredths * rate / 1000
}

/// One year of one enterprise, in hundredths of 万元.
struct Year {
    assets: i64,
    liabilities: i64,
    revenue: i64,
    net_profit: i64,
}

fn year_of(index: usize, year: i16) -> Year {
    let step = i64::from(year - 2021);
    let i = index as i64;
    let mut assets = ASSETS_2021[index] * 100;
    for past in 1..=step {
        // Growth between 0% and 8% a year, varying by enterprise; the loss maker shrinks.
        let growth = match index {
            LOSS_MAKING if past >= 3 => 920,
            _ => 1000 + ((i * 7 + past * 3) % 9) * 10,
        };
        assets = per_mille(assets, growth);
    }
    let debt_ratio = match index {
        INDEBTED => 880,
        LOSS_MAKING => 450,
        _ => 520 + (i % 5) * 35,
    };
    let revenue = per_mille(assets, 150 + (i % 4) * 50);
    let margin = match (index, year) {
        (LOSS_MAKING, 2024..) => -90,
        (PAY_RAISER, 2025) => 20,
        _ => 30 + (i % 3) * 15 - step % 2 * 5,
    };
    Year {
        assets,
        liabilities: per_mille(assets, debt_ratio),
        revenue,
        net_profit: per_mille(revenue, margin),
    }
}

fn financial(index: usize, year: i16) -> FinancialStatement {
    let y = year_of(index, year);
    let equity = y.assets - y.liabilities;
    let qualified = index == LOSS_MAKING && year == 2024;
    FinancialStatement {
        unit: Unit::WanYuan,
        total_assets: wan(y.assets),
        total_liabilities: wan(y.liabilities),
        current_liabilities: Some(wan(per_mille(y.liabilities, 600))),
        owners_equity: wan(equity),
        state_owned_equity: Some(wan(equity)),
        revenue: wan(y.revenue),
        total_profit: wan(per_mille(y.net_profit, 1333)),
        net_profit: wan(y.net_profit),
        operating_cash_flow: Some(wan(per_mille(y.net_profit, 1300))),
        interest_bearing_debt: Some(wan(per_mille(y.liabilities, 500))),
        audited: true,
        auditor: Some("北海示范会计师事务所（演示）".to_owned()),
        audit_opinion: Some(if qualified {
            AuditOpinion::Qualified
        } else {
            AuditOpinion::Unqualified
        }),
    }
}

/// The demo's quarterly reports (Q1-Q3, as 财务快报 go) are 2025's: 2026's quarters are
/// left to the import examples (docs/examples/), which must import cleanly into the demo.
const QUARTERLY_YEAR: i16 = 2025;

/// Unaudited quarterly figures (财务快报): balance-sheet items at the quarter's end moving
/// from last year's closing toward this year's, income and cash flow year to date.
fn quarterly_financial(index: usize, quarter: i16) -> FinancialStatement {
    let (before, after) = (
        year_of(index, QUARTERLY_YEAR - 1),
        year_of(index, QUARTERLY_YEAR),
    );
    let q = i64::from(quarter);
    let at_quarter_end = |from: i64, to: i64| from + (to - from) * q / 4;
    let assets = at_quarter_end(before.assets, after.assets);
    let liabilities = at_quarter_end(before.liabilities, after.liabilities);
    let year_to_date = |full: i64| per_mille(full, 250 * q);
    FinancialStatement {
        unit: Unit::WanYuan,
        total_assets: wan(assets),
        total_liabilities: wan(liabilities),
        current_liabilities: Some(wan(per_mille(liabilities, 600))),
        owners_equity: wan(assets - liabilities),
        state_owned_equity: Some(wan(assets - liabilities)),
        revenue: wan(year_to_date(after.revenue)),
        total_profit: wan(year_to_date(per_mille(after.net_profit, 1333))),
        net_profit: wan(year_to_date(after.net_profit)),
        operating_cash_flow: Some(wan(year_to_date(per_mille(after.net_profit, 1300)))),
        interest_bearing_debt: Some(wan(per_mille(liabilities, 500))),
        audited: false,
        auditor: None,
        audit_opinion: None,
    }
}

fn state_capital(index: usize, year: i16) -> StateCapitalStatement {
    let equity = |year: i16| {
        let y = year_of(index, year);
        i128::from(y.assets - y.liabilities)
    };
    // Each year opens with last year's closing capital, grows with equity, and moves by
    // the objective factors; so the preservation rate is the equity growth.
    let mut opening = equity(2021) * 96 / 100;
    let mut previous_equity = opening;
    let mut statement = None;
    for y in *DEMO_YEARS.start()..=year {
        let organic = opening * equity(y) / previous_equity.max(1);
        let mut factors = Vec::new();
        // Groups got fresh capital in 2023, an objective increase taken out of the rate.
        let injection = if y == 2023 && index.is_multiple_of(4) {
            opening / 20
        } else {
            0
        };
        if injection > 0 {
            factors.push((
                CapitalFactor::IncreaseAdditionalInvestment,
                wan128(injection),
            ));
        }
        let dividends = i128::from(year_of(index, y - 1).net_profit.max(0)) * 3 / 10;
        if dividends > 0 {
            factors.push((CapitalFactor::DecreaseDividends, wan128(dividends)));
        }
        let closing = organic + injection - dividends;
        statement = Some(StateCapitalStatement {
            unit: Unit::WanYuan,
            opening_state_capital: wan128(opening),
            closing_state_capital: wan128(closing),
            factors,
        });
        opening = closing;
        previous_equity = equity(y);
    }
    statement.unwrap_or_else(|| StateCapitalStatement {
        unit: Unit::WanYuan,
        opening_state_capital: wan128(opening),
        closing_state_capital: wan128(opening),
        factors: Vec::new(),
    })
}

fn wan128(hundredths: i128) -> BigDecimal {
    BigDecimal::new(BigInt::from(hundredths), 2)
}

fn pay(index: usize, year: i16) -> PayStatement {
    let step = i64::from(year - 2021);
    let is_group = ASSETS_2021[index] > 200_000;
    // Chairman's base salary in hundredths of 万元; performance pay grows 6% a year,
    // and 10% more for the pay raiser in 2025.
    let base = if is_group { 1_400 } else { 1_000 };
    let mut performance = base * 13 / 10;
    for past in 1..=step {
        performance = performance
            * if index == PAY_RAISER && past == 4 {
                116
            } else {
                106
            }
            / 100;
    }
    let incentive = if year % 3 == 0 { base / 2 } else { 0 };
    let executives = (0..if is_group { 4 } else { 3 })
        .map(|rank| {
            let share = [100, 90, 80, 80][rank];
            let (b, p, t) = (
                base * share / 100,
                performance * share / 100,
                incentive * share / 100,
            );
            let annual = b + p + t;
            let contributions = 650 * share / 100;
            let other = 30;
            let related =
                (index == PAID_BY_SHAREHOLDER && year == 2025 && rank == 2).then_some(800);
            ExecutivePay {
                name: NAMES[(index * 3 + rank) % NAMES.len()].to_owned(),
                title: TITLES[rank].to_owned(),
                term_start: NaiveDate::from_ymd_opt(2019 + rank as i32, 3, 1).unwrap_or_default(),
                term_end: None,
                annual_salary_payable: wan(annual),
                base_salary: Some(wan(b)),
                performance_pay: Some(wan(p)),
                term_incentive: Some(wan(t)),
                employer_contributions: wan(contributions),
                other_monetary_income: wan(other),
                pretax_total: wan(annual + contributions + other),
                related_party_amount: related.map(wan),
            }
        })
        .collect();
    PayStatement {
        unit: Unit::WanYuan,
        average_employee_pay: Some(wan(980 + step * 40 + (index as i64 % 4) * 60)),
        executives,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn item(code: &str, measure: &str, department: &str, due: NaiveDate) -> RectificationItem {
    RectificationItem {
        code: code.to_owned(),
        measure: measure.to_owned(),
        responsible_department: department.to_owned(),
        due_date: due,
    }
}

/// Whether the demo enterprise was inspected that year (two in three are, from 2023).
fn inspected(index: usize, year: i16) -> bool {
    year >= 2023 && index % 3 != 2
}

fn inspection(year: i16) -> InspectionReport {
    let finding = match year {
        2023 => Finding {
            body: InspectionBody::Audit,
            inspected_on: date(2023, 9, 12),
            category: FindingCategory::Procurement,
            description: "部分工程项目未按规定履行招标程序，直接指定施工单位（演示）。".to_owned(),
            amount_involved: Some(wan(128_000)),
            severity: Severity::Serious,
            rectifications: vec![item(
                "R1",
                "对相关项目补充履行决策程序，修订招标采购管理办法",
                "招标采购部",
                date(2024, 6, 30),
            )],
        },
        2024 => Finding {
            body: InspectionBody::SupervisoryBoard,
            inspected_on: date(2024, 10, 18),
            category: FindingCategory::FinancialManagement,
            description: "对外担保未经董事会审议，被担保方为非国有控股企业（演示）。".to_owned(),
            amount_involved: Some(wan(350_000)),
            severity: Severity::Major,
            rectifications: vec![
                item(
                    "R1",
                    "解除违规担保，追究相关人员责任",
                    "财务部",
                    date(2025, 6, 30),
                ),
                item(
                    "R2",
                    "建立对外担保台账，纳入董事会年度审议事项",
                    "董事会办公室",
                    date(2025, 3, 31),
                ),
            ],
        },
        _ => Finding {
            body: InspectionBody::InspectionTour,
            inspected_on: date(i32::from(year), 8, 20),
            category: FindingCategory::PayAndBenefits,
            description: "公务用车管理不规范，存在超标准配备车辆问题（演示）。".to_owned(),
            amount_involved: None,
            severity: Severity::General,
            rectifications: vec![item(
                "R1",
                "清理超标准车辆，完善公务用车管理制度",
                "综合办公室",
                date(2026, 12, 31),
            )],
        },
    };
    InspectionReport {
        unit: Unit::WanYuan,
        findings: vec![finding],
    }
}

/// How each demo item progressed, as (code, status, date, note).
fn progress(
    index: usize,
    year: i16,
) -> Vec<(&'static str, RectificationStatus, NaiveDate, &'static str)> {
    use RectificationStatus::{Completed, InProgress, LongTerm};
    match year {
        2023 => vec![
            (
                "R1",
                InProgress,
                date(2023, 12, 15),
                "已完成补充决策程序，正在修订制度",
            ),
            (
                "R1",
                Completed,
                date(2024, 5, 20),
                "新的招标采购管理办法已印发执行",
            ),
        ],
        2024 if index == OVERDUE => vec![
            (
                "R1",
                InProgress,
                date(2025, 1, 10),
                "已与债权人协商解除担保，尚未完成",
            ),
            (
                "R2",
                LongTerm,
                date(2025, 3, 20),
                "担保台账已建立，按年度持续审议",
            ),
        ],
        2024 => vec![
            (
                "R1",
                InProgress,
                date(2025, 1, 10),
                "已与债权人协商解除担保",
            ),
            (
                "R1",
                Completed,
                date(2025, 6, 15),
                "担保已解除，相关人员已问责",
            ),
            (
                "R2",
                LongTerm,
                date(2025, 3, 20),
                "担保台账已建立，按年度持续审议",
            ),
        ],
        _ => vec![("R1", InProgress, date(2026, 3, 1), "已清理超标准车辆两台")],
    }
}

/// Records the demo progress of every inspected year that is not on record yet.
async fn record_progress(
    conn: &mut AsyncPgConnection,
    index: usize,
    uscc: &Uscc,
) -> QueryResult<usize> {
    let records = queries::disclosures_of(conn, uscc).await?;
    let reports: Vec<(i16, i64)> = records
        .iter()
        .filter(|r| r.disclosure.section == Section::Inspection)
        .map(|r| (r.disclosure.period.year, r.disclosure.id))
        .collect();
    let ids: Vec<i64> = reports.iter().map(|(_, id)| *id).collect();
    let known = inspection::status_histories(conn, &ids).await?;
    let mut recorded = 0;
    for (year, disclosure_id) in reports {
        for (code, status, effective_on, note) in progress(index, year) {
            let already = known
                .get(&(disclosure_id, code.to_owned()))
                .is_some_and(|h| h.iter().any(|u| u.effective_on == effective_on));
            if !already {
                let update = StatusUpdate {
                    status,
                    effective_on,
                    note: Some(format!("{note}（演示）")),
                };
                inspection::record_status(conn, disclosure_id, code, &update).await?;
                recorded += 1;
            }
        }
    }
    Ok(recorded)
}

/// External directors: the first left the board in May 2022 and the second took the seat.
const EXTERNAL_DIRECTORS: [&str; 3] = ["蒙秋生", "覃雅琴", "黎卫东"];

fn roster(index: usize, year: i16) -> Roster {
    use GoverningBody::{Board, Management, PartyCommittee, SupervisoryBoard};
    let name = |rank: usize| NAMES[(index * 3 + rank) % NAMES.len()].to_owned();
    let seat = |body, name: String, title: &str, start: NaiveDate, end: Option<NaiveDate>| Member {
        body,
        name,
        title: title.to_owned(),
        is_external: title.contains("外部董事"),
        is_employee_representative: title.contains("职工"),
        term_start: start,
        term_end: end,
    };
    let mut members = vec![
        seat(Board, name(0), "董事长", date(2019, 3, 1), None),
        seat(Board, name(1), "董事、总经理", date(2020, 3, 1), None),
    ];
    // Each roster lists who held a seat during its year, so the departing director
    // still appears in 2022, with the end of his term.
    if year <= 2022 {
        members.push(seat(
            Board,
            EXTERNAL_DIRECTORS[0].to_owned(),
            "外部董事",
            date(2019, 6, 1),
            Some(date(2022, 5, 31)),
        ));
    }
    if year >= 2022 {
        members.push(seat(
            Board,
            EXTERNAL_DIRECTORS[1].to_owned(),
            "外部董事",
            date(2022, 6, 1),
            None,
        ));
    }
    members.push(seat(
        Board,
        EXTERNAL_DIRECTORS[2].to_owned(),
        "外部董事",
        date(2020, 1, 1),
        None,
    ));
    members.push(seat(Board, name(3), "职工董事", date(2021, 1, 1), None));
    members.push(seat(
        SupervisoryBoard,
        name(4),
        "监事会主席",
        date(2019, 3, 1),
        None,
    ));
    members.push(seat(
        SupervisoryBoard,
        name(5),
        "职工监事",
        date(2021, 1, 1),
        None,
    ));
    members.push(seat(Management, name(1), "总经理", date(2020, 3, 1), None));
    members.push(seat(
        Management,
        name(2),
        "副总经理",
        date(2021, 3, 1),
        None,
    ));
    members.push(seat(
        PartyCommittee,
        name(0),
        "党委书记",
        date(2019, 3, 1),
        None,
    ));
    members.push(seat(
        PartyCommittee,
        name(1),
        "党委副书记",
        date(2020, 3, 1),
        None,
    ));
    Roster { members }
}

fn related_party(index: usize, year: i16) -> RelatedPartyTransactions {
    let approval = format!("董事会{year}年第2次会议审议通过");
    let scale = ASSETS_2021[index] / 100;
    let transaction = |counterparty: usize, relationship, transaction_type, amount: i64| {
        RelatedPartyTransaction {
            counterparty: demo_name(counterparty).to_owned(),
            counterparty_uscc: Some(demo_uscc(counterparty).to_string()),
            relationship,
            transaction_type,
            unit: Unit::WanYuan,
            amount: wan(amount),
            pricing_basis: PricingBasis::Market,
            approval: approval.clone(),
        }
    };
    let transactions = match demo_parent(index) {
        Some(parent) => vec![transaction(
            parent,
            Relationship::ControllingShareholder,
            TransactionType::Purchase,
            scale * (100 + i64::from(year - 2021) * 7),
        )],
        // Groups lend to their first subsidiary, if they have one.
        None => (0..DEMO_ENTERPRISE_COUNT)
            .find(|&i| demo_parent(i) == Some(index))
            .map(|child| {
                vec![transaction(
                    child,
                    Relationship::Subsidiary,
                    TransactionType::Financing,
                    scale * 300,
                )]
            })
            .unwrap_or_default(),
    };
    RelatedPartyTransactions { transactions }
}

fn events(index: usize, year: i16) -> MajorEvents {
    let event = |occurred_on, kind, description: &str, amount: Option<i64>| MajorEvent {
        occurred_on,
        kind,
        description: format!("{description}（演示）"),
        amount: amount.map(|a| (Unit::WanYuan, wan(a))),
    };
    let mut list = vec![event(
        date(i32::from(year), 6, 28),
        EventKind::ProfitDistribution,
        "按规定向出资人上缴上年度国有资本收益",
        Some(year_of(index, year - 1).net_profit.max(0) * 3 / 10),
    )];
    match (index, year) {
        (_, 2022) => list.push(event(
            date(2022, 6, 1),
            EventKind::PersonnelChange,
            "外部董事蒙秋生任期届满离任，覃雅琴任外部董事",
            None,
        )),
        (0 | 4, 2023) => list.push(event(
            date(2023, 11, 20),
            EventKind::Restructuring,
            "市国资委向本集团追加注入资本金，用于城市基础设施项目",
            Some(year_of(index, 2022).assets / 40),
        )),
        (LOSS_MAKING, 2024) => list.push(event(
            date(2024, 9, 3),
            EventKind::MajorLitigation,
            "因借款人违约提起诉讼，追偿贷款本息",
            Some(420_000),
        )),
        _ => {}
    }
    MajorEvents { events: list }
}

fn provenance(year: i16, what: &str, published_on: NaiveDate) -> Provenance {
    Provenance {
        source: format!("{year}年度{what}（演示）"),
        // Every demo year is a closed calendar year.
        as_of: NaiveDate::from_ymd_opt(i32::from(year), 12, 31).unwrap_or_default(),
        documents: Vec::new(),
        published_at: Some(beijing_morning(published_on)),
    }
}

/// When a demo enterprise put out a year's disclosures: in April of the next year, a
/// few days apart from one enterprise to the next, as publication calendars go; the late
/// publisher's 2025 state capital only in July, after the 31 May deadline.
fn published_on(index: usize, year: i16, section: Section) -> NaiveDate {
    let next = i32::from(year) + 1;
    let date = if index == LATE_CAPITAL && year == 2025 && section == Section::StateCapital {
        NaiveDate::from_ymd_opt(next, 7, 20)
    } else {
        NaiveDate::from_ymd_opt(next, 4, 8 + index as u32)
    };
    date.unwrap_or_default()
}

/// 10:00 in Beijing on `day`.
fn beijing_morning(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    (day.and_hms_opt(10, 0, 0).unwrap_or_default() - chrono::Duration::hours(8)).and_utc()
}

/// A one-page PDF saying it is a fictional report, so the demo has real documents with
/// digests to check. Written by hand: the format needs only byte offsets in its table.
fn demo_pdf(uscc: &Uscc, year: i16) -> Vec<u8> {
    let text = format!("Sunshine demo - FICTIONAL audit report {year} - {uscc}");
    let stream = format!("BT /F1 14 Tf 50 780 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", n + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// Publishes whatever of the demo disclosures is missing; running it again changes nothing.
pub async fn seed_demo_disclosures(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    let mut published = 0;
    for index in 0..DEMO_ENTERPRISE_COUNT {
        let uscc = demo_uscc(index);
        let existing: HashMap<(Section, i16), DisclosureRecord> =
            queries::disclosures_of(conn, &uscc)
                .await?
                .into_iter()
                .map(|r| ((r.disclosure.section, r.disclosure.period.year), r))
                .collect();
        for year in DEMO_YEARS {
            let wanted = [
                (Content::Financial(financial(index, year)), "财务决算报告"),
                (
                    Content::StateCapital(state_capital(index, year)),
                    "国有资本保值增值情况报告",
                ),
                (
                    Content::ExecutivePay(pay(index, year)),
                    "企业负责人薪酬信息披露表",
                ),
            ];
            let wanted = wanted.into_iter().chain([
                (Content::Governance(roster(index, year)), "法人治理结构情况"),
                (
                    Content::RelatedParty(related_party(index, year)),
                    "关联交易情况",
                ),
                (Content::MajorEvents(events(index, year)), "重大事项情况"),
            ]);
            let inspection_report = inspected(index, year).then(|| {
                (
                    Content::Inspection(inspection(year)),
                    "监督检查发现问题及整改情况",
                )
            });
            let published_by_demo = |content: &Content| {
                !(index == MISSING_PAY
                    && year == 2025
                    && content.section() == Section::ExecutivePay)
            };
            for (content, what) in wanted
                .chain(inspection_report)
                .filter(|(c, _)| published_by_demo(c))
            {
                if !existing.contains_key(&(content.section(), year)) {
                    let published_on = published_on(index, year, content.section());
                    let mut provenance = provenance(year, what, published_on);
                    if content.section() == Section::Financial {
                        provenance.documents.push(SourceDocument {
                            file_name: format!("{year}年度审计报告（演示）.pdf"),
                            bytes: demo_pdf(&uscc, year),
                        });
                    }
                    publish(conn, &uscc, year, &provenance, &content).await?;
                    published += 1;
                }
            }
        }
        published += publish_quarters(conn, index, &uscc).await?;
        published += corrections(conn, index, &uscc).await?;
        published += record_progress(conn, index, &uscc).await?;
    }
    Ok(published)
}

async fn publish(
    conn: &mut AsyncPgConnection,
    uscc: &Uscc,
    year: i16,
    provenance: &Provenance,
    content: &Content,
) -> QueryResult<i64> {
    let period = Period {
        year,
        quarter: None,
    };
    queries::publish(conn, uscc, period, provenance, content).await
}

/// The first three quarters of [`QUARTERLY_YEAR`], each published about three weeks after
/// it closed.
async fn publish_quarters(
    conn: &mut AsyncPgConnection,
    index: usize,
    uscc: &Uscc,
) -> QueryResult<usize> {
    let existing: Vec<Period> = queries::disclosures_of(conn, uscc)
        .await?
        .into_iter()
        .filter(|r| r.disclosure.section == Section::Financial)
        .map(|r| r.disclosure.period)
        .collect();
    let mut published = 0;
    for quarter in 1..=3_i16 {
        let period = Period {
            year: QUARTERLY_YEAR,
            quarter: Some(quarter),
        };
        if existing.contains(&period) {
            continue;
        }
        let closed = NaiveDate::from_ymd_opt(i32::from(QUARTERLY_YEAR), 3 * quarter as u32 + 1, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or_default();
        let provenance = Provenance {
            source: format!("{QUARTERLY_YEAR}年第{quarter}季度财务快报（演示）"),
            as_of: closed,
            documents: Vec::new(),
            published_at: Some(beijing_morning(closed + chrono::Duration::days(25))),
        };
        let content = Content::Financial(quarterly_financial(index, quarter));
        queries::publish(conn, uscc, period, &provenance, &content).await?;
        published += 1;
    }
    Ok(published)
}

/// The amendment and the withdrawal, each applied once.
async fn corrections(
    conn: &mut AsyncPgConnection,
    index: usize,
    uscc: &Uscc,
) -> QueryResult<usize> {
    let records = queries::disclosures_of(conn, uscc).await?;
    let find = |section: Section, year: i16| {
        records
            .iter()
            .find(|r| r.disclosure.section == section && r.disclosure.period.year == year)
    };
    let mut done = 0;
    if index == AMENDED {
        if let Some(record) = find(Section::Financial, 2024).filter(|r| r.versions.len() == 1) {
            let mut corrected = financial(index, 2024);
            corrected.revenue = &corrected.revenue * BigDecimal::new(BigInt::from(1031), 3);
            corrected.net_profit = &corrected.net_profit * BigDecimal::new(BigInt::from(1052), 3);
            corrected.revenue = corrected.revenue.with_scale(2);
            corrected.net_profit = corrected.net_profit.with_scale(2);
            let reason = "审计调整：部分工程项目收入确认期间更正，营业收入和净利润相应调增（演示）";
            let corrected_on = NaiveDate::from_ymd_opt(2025, 8, 18).unwrap_or_default();
            let provenance = provenance(2024, "财务决算报告（更正后）", corrected_on);
            queries::amend(
                conn,
                record.disclosure.id,
                reason,
                &provenance,
                &Content::Financial(corrected),
            )
            .await?;
            done += 1;
        }
    }
    if index == LOSS_MAKING {
        if let Some(record) = find(Section::StateCapital, 2022).filter(|r| !r.is_withdrawn()) {
            let reason = "原披露的年初国有资本口径有误，核实后将重新公开（演示）";
            queries::withdraw(conn, record.disclosure.id, reason).await?;
            done += 1;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::indicators::{debt_ratio, preservation_rate};

    #[test]
    fn the_indebted_company_is_above_real_estates_line_and_others_are_below_70_percent() {
        let ratio = debt_ratio(&financial(INDEBTED, 2025)).unwrap();
        assert!(ratio > 85, "{ratio}");
        for index in (0..DEMO_ENTERPRISE_COUNT).filter(|&i| i != INDEBTED) {
            assert!(debt_ratio(&financial(index, 2025)).unwrap() < 70);
        }
    }

    #[test]
    fn the_loss_maker_does_not_preserve_capital_while_the_others_do() {
        let rate = preservation_rate(&state_capital(LOSS_MAKING, 2025)).unwrap();
        assert!(rate < 100, "{rate}");
        let rate = preservation_rate(&state_capital(1, 2025)).unwrap();
        assert!(rate >= 100, "{rate}");
    }
}
