//! `executive_pay` files: the SASAC pay table (企业负责人薪酬信息披露表), one row per
//! executive; the rows of one enterprise and year are its table. The unit and the
//! average employee pay belong to the whole table.

use bigdecimal::{BigDecimal, Zero};

use super::super::columns::{optional, required, ColumnSpec, Field};
use super::super::message::Message;
use super::super::reader::RowReader;
use super::super::validate::{this_disclosure, Line, RowMapping, TableCheck};
use super::super::values;
use super::term;
use crate::disclosure::model::{Content, ExecutivePay, PayStatement, Section, Unit};

/// The database's length limits.
const MAX_NAME: usize = 100;
const MAX_TITLE: usize = 200;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    required(Field::Unit, "unit", "单位"),
    optional(
        Field::AverageEmployeePay,
        "average_employee_pay",
        "在岗职工年平均工资",
    ),
    required(Field::Name, "name", "姓名"),
    required(Field::Title, "title", "职务"),
    required(Field::TermStart, "term_start", "任职起始日期"),
    optional(Field::TermEnd, "term_end", "任职终止日期"),
    required(
        Field::AnnualSalaryPayable,
        "annual_salary_payable",
        "应付年薪",
    ),
    optional(Field::BaseSalary, "base_salary", "基本年薪"),
    optional(Field::PerformancePay, "performance_pay", "绩效年薪"),
    optional(Field::TermIncentive, "term_incentive", "任期激励收入"),
    required(
        Field::EmployerContributions,
        "employer_contributions",
        "社会保险、企业年金、补充医疗保险及住房公积金的单位缴存部分",
    ),
    required(
        Field::OtherMonetaryIncome,
        "other_monetary_income",
        "其他货币性收入",
    ),
    required(Field::PretaxTotal, "pretax_total", "税前报酬合计"),
    optional(
        Field::RelatedPartyAmount,
        "related_party_amount",
        "在股东单位或其他关联方领取的报酬",
    ),
];

/// One executive's row, with the table's values where the row gives them.
pub(super) struct PayLine {
    unit: Option<Unit>,
    average_employee_pay: Option<BigDecimal>,
    executive: ExecutivePay,
}

/// The pay table row mapping.
pub(super) struct Rows;

impl RowMapping for Rows {
    type Line = PayLine;
    const SECTION: Section = Section::ExecutivePay;

    fn read(row: &mut RowReader<'_>) -> Option<PayLine> {
        let unit = row.optional(Field::Unit, values::unit);
        let average = row.optional(Field::AverageEmployeePay, positive_amount);
        let name = row.text(Field::Name, MAX_NAME);
        let title = row.text(Field::Title, MAX_TITLE);
        let term = term(row);
        let mut amount = |field| row.required(field, values::non_negative_amount);
        let annual = amount(Field::AnnualSalaryPayable);
        let contributions = amount(Field::EmployerContributions);
        let other = amount(Field::OtherMonetaryIncome);
        let pretax_total = row.required(Field::PretaxTotal, values::amount);
        let mut part = |field| row.optional(field, values::non_negative_amount);
        let base = part(Field::BaseSalary);
        let performance = part(Field::PerformancePay);
        let incentive = part(Field::TermIncentive);
        let related = part(Field::RelatedPartyAmount);
        let (term_start, term_end) = term?;
        let executive = ExecutivePay {
            name: name?,
            title: title?,
            term_start,
            term_end,
            annual_salary_payable: annual?,
            base_salary: base?,
            performance_pay: performance?,
            term_incentive: incentive?,
            employer_contributions: contributions?,
            other_monetary_income: other?,
            pretax_total: pretax_total?,
            related_party_amount: related?,
        };
        adds_up(row, &executive).then_some(())?;
        Some(PayLine {
            unit: unit?,
            average_employee_pay: average?,
            executive,
        })
    }

    fn assemble(table: &mut TableCheck<'_>, lines: Vec<Line<PayLine>>) -> Option<Content> {
        let scope = this_disclosure();
        let unit = table.agreed_required(
            Field::Unit,
            &scope,
            lines.iter().map(|l| (l.row, l.value.unit)),
        );
        let average = table.agreed(
            Field::AverageEmployeePay,
            &scope,
            lines
                .iter()
                .map(|l| (l.row, l.value.average_employee_pay.clone())),
        );
        Some(Content::ExecutivePay(PayStatement {
            unit: unit?,
            average_employee_pay: average?.map(|(_, a)| a),
            executives: lines.into_iter().map(|l| l.value.executive).collect(),
        }))
    }
}

/// The form's sums: 税前报酬合计 = 应付年薪 + 单位缴存部分 + 其他货币性收入, and, when all
/// three parts are given, 基本年薪 + 绩效年薪 + 任期激励收入 = 应付年薪. The database
/// checks both too; here the operator learns which cell is off.
fn adds_up(row: &mut RowReader<'_>, e: &ExecutivePay) -> bool {
    let mut ok = true;
    let total = &e.annual_salary_payable + &e.employer_contributions + &e.other_monetary_income;
    if total != e.pretax_total {
        row.problem(
            Field::PretaxTotal,
            Message::new("import_pretax_total_sum")
                .arg("given", e.pretax_total.with_scale(2))
                .arg("sum", total.with_scale(2)),
        );
        ok = false;
    }
    if let (Some(base), Some(performance), Some(incentive)) =
        (&e.base_salary, &e.performance_pay, &e.term_incentive)
    {
        let parts = base + performance + incentive;
        if parts != e.annual_salary_payable {
            row.problem(
                Field::AnnualSalaryPayable,
                Message::new("import_annual_salary_sum")
                    .arg("given", e.annual_salary_payable.with_scale(2))
                    .arg("sum", parts.with_scale(2)),
            );
            ok = false;
        }
    }
    ok
}

/// An amount above zero (an average pay of nothing would divide the pay ratio by zero).
fn positive_amount(cell: &super::super::read::Cell) -> Result<BigDecimal, Message> {
    let value = values::non_negative_amount(cell)?;
    if value.is_zero() {
        return Err(Message::new("import_must_be_positive"));
    }
    Ok(value)
}
