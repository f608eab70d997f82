//! Rows of CSV text through header, row mapping and grouping, as `sunshine import` reads
//! them, checked on 2026-11-25.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::super::problem::FileRef;
use super::super::validate::{FileRows, Record};
use super::super::{header, read};
use super::records;
use crate::disclosure::model::{Content, Section};

/// The disclosures of a CSV file and its problems, as displayed.
fn import(csv: &str) -> (Vec<Record>, Vec<String>) {
    let file = FileRef {
        label: "v.csv".into(),
        index: 0,
    };
    let table = read::csv_table(csv, &file).unwrap();
    let mut problems = Vec::new();
    let layout = header::layout(&table, &file, &mut problems).unwrap();
    let super::super::columns::FileKind::Disclosure(section) = layout.kind else {
        panic!("not a disclosure file");
    };
    let input = FileRows {
        rows: &table.rows,
        layout: &layout,
        file: &file,
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    };
    let found = records(section, &input, &mut HashMap::new(), &mut problems);
    // In the order the run prints them.
    problems.sort_by_key(|p| p.sort_key());
    (found, problems.iter().map(ToString::to_string).collect())
}

fn problems_of(csv: &str) -> Vec<String> {
    import(csv).1
}

const CAPITAL: &str = "uscc,year,quarter,unit,opening_state_capital,closing_state_capital,source\n";

#[test]
fn a_valid_row_has_no_problems() {
    let csv = format!("{CAPITAL}91450500DEM000001J,2025,,万元,100,110,report\n");
    assert_eq!(problems_of(&csv), Vec::<String>::new());
}

#[test]
fn state_capital_is_disclosed_by_year_only() {
    let csv = format!("{CAPITAL}91450500DEM000001J,2025,2,万元,100,110,report\n");
    assert_eq!(
        problems_of(&csv),
        ["v.csv: row 2, column quarter (C): state capital is disclosed by year; leave quarter empty"]
    );
}

#[test]
fn a_period_that_has_not_ended_cannot_be_disclosed() {
    let csv = format!("{CAPITAL}91450500DEM000001J,2026,,万元,100,110,report\n");
    let problems = problems_of(&csv);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("v.csv: row 2, column as_of: 2026-12-31 is in the future"),
        "{problems:?}"
    );
}

#[test]
fn a_missing_column_is_reported_once_not_on_every_row() {
    let csv = "uscc,year,unit,opening_state_capital,source\n\
               91450500DEM000001J,2024,万元,100,report\n\
               91450500DEM000001J,2025,万元,100,report\n";
    let problems = problems_of(csv);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("closing_state_capital"),
        "{problems:?}"
    );
}

#[test]
fn a_bad_column_does_not_hide_the_problems_of_the_rows() {
    let csv = "uscc,year,unit,opening_state_capital,closing_state_capital,source,colour\n\
               91450500DEM000001J,2025,亿元,100,110,report,red\n";
    let problems = problems_of(csv);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("\"colour\" is not a column"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("row 2, column unit (C)"),
        "{problems:?}"
    );
}

#[test]
fn a_one_row_disclosure_given_twice_in_a_file_is_refused() {
    let csv = format!(
        "{CAPITAL}91450500DEM000001J,2025,,万元,100,110,report\n\
         91450500DEM000001J,2025,,万元,100,111,report\n"
    );
    assert_eq!(
        problems_of(&csv),
        ["v.csv: row 3: the same enterprise and period as row 2; give each disclosure once"]
    );
}

const PAY: &str = "uscc,year,unit,average_employee_pay,name,title,term_start,\
                   annual_salary_payable,employer_contributions,other_monetary_income,\
                   pretax_total,source,reason\n";

#[test]
fn the_rows_of_one_enterprise_and_year_are_one_table_in_file_order() {
    let csv = format!(
        "{PAY}91450500DEM000001J,2024,万元,9.5,甲,董事长,2019-03-01,30,6,0.3,36.3,表,\n\
         91450500DEM000002M,2024,万元,,丙,董事长,2019-03-01,30,6,0.3,36.3,表,\n\
         91450500DEM000001J,2024,wan_yuan,,乙,总经理,2019-03-01,28,5,0.3,33.3,,\n"
    );
    let (records, problems) = import(&csv);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].rows, [2, 4]);
    let Content::ExecutivePay(table) = &records[0].content else {
        panic!("a pay table");
    };
    let names: Vec<&str> = table.executives.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["甲", "乙"]);
    assert_eq!(
        table.average_employee_pay.as_ref().unwrap().to_string(),
        "9.50"
    );
    assert_eq!(records[0].provenance.source, "表");
}

#[test]
fn a_table_wide_value_may_be_in_any_row_but_rows_that_give_it_must_agree() {
    let csv = format!(
        "{PAY}91450500DEM000001J,2024,万元,,甲,董事长,2019-03-01,30,6,0.3,36.3,表,更正\n\
         91450500DEM000001J,2024,yuan,,乙,总经理,2019-03-01,28,5,0.3,33.3,表,另一原因\n"
    );
    assert_eq!(
        problems_of(&csv),
        [
            "v.csv: row 3, column unit (C): differs from row 2; the rows of this disclosure must \
             give the same value, or leave it empty",
            "v.csv: row 3, column reason (M): differs from row 2; the rows of this disclosure \
             must give the same value, or leave it empty",
        ]
    );
}

#[test]
fn the_pay_form_must_add_up() {
    let header = "uscc,year,unit,name,title,term_start,annual_salary_payable,base_salary,\
                  performance_pay,term_incentive,employer_contributions,other_monetary_income,\
                  pretax_total,source\n";
    let csv = format!(
        "{header}91450500DEM000001J,2024,万元,甲,董事长,2019-03-01,30,10,15,0,6,0.3,36.3,表\n"
    );
    let problems = problems_of(&csv);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains(
            "column annual_salary_payable (G): 30.00 is not base_salary + performance_pay + \
             term_incentive = 25.00"
        ),
        "{problems:?}"
    );
}

const INSPECTION: &str = "uscc,year,unit,finding,inspected_by,inspected_on,category,\
                          description,severity,item,measure,responsible_department,due_date,\
                          source\n";

#[test]
fn an_inspection_report_groups_items_under_numbered_findings() {
    let csv = format!(
        "{INSPECTION}91450500DEM000001J,2024,万元,2,审计,2024-05-01,采购招标,问题二,较重,R3,措施三,部门,2025-01-31,报告\n\
         91450500DEM000001J,2024,,1,audit,2024-04-01,other,问题一,general,,,,,\n\
         91450500DEM000001J,2024,,2,,,,,,r2,措施二,部门,2024-12-31,\n"
    );
    let (records, problems) = import(&csv);
    assert_eq!(problems, Vec::<String>::new());
    let Content::Inspection(report) = &records[0].content else {
        panic!("an inspection report");
    };
    assert_eq!(report.findings.len(), 2);
    assert_eq!(report.findings[0].description, "问题一");
    assert!(report.findings[0].rectifications.is_empty());
    let codes: Vec<&str> = report.findings[1]
        .rectifications
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(codes, ["R3", "R2"]);
}

#[test]
fn a_required_finding_column_must_be_in_one_of_its_rows() {
    let csv = format!(
        "{INSPECTION}91450500DEM000001J,2024,万元,1,审计,2024-05-01,采购招标,,较重,R1,措施,部门,2025-01-31,报告\n\
         91450500DEM000001J,2024,,1,,,,,,R2,措施,部门,2025-01-31,\n"
    );
    assert_eq!(
        problems_of(&csv),
        [
            "v.csv: row 2, column description (H): a value is required in at least one of the \
          rows of finding 1 (rows 2-3)"
        ]
    );
}

#[test]
fn an_event_has_an_amount_with_its_unit_or_neither() {
    let header = "uscc,year,occurred_on,kind,description,amount,unit,source\n";
    let csv = format!(
        "{header}91450500DEM000001J,2024,2024-05-01,重大投资,投资,100,,报告\n\
         91450500DEM000001J,2024,2024-06-01,other,说明,,,报告\n"
    );
    assert_eq!(
        problems_of(&csv),
        ["v.csv: row 2, column unit (G): required when amount is given"]
    );
}

#[test]
fn a_roster_lists_the_seats_held_during_its_year() {
    let header = "uscc,year,body,name,title,term_start,term_end,source\n";
    let csv = format!(
        "{header}91450500DEM000001J,2024,董事会,甲,董事长,2025-01-01,,报告\n\
         91450500DEM000001J,2024,board,乙,董事,2019-01-01,2023-12-31,报告\n\
         91450500DEM000001J,2024,management,丙,总经理,2019-01-01,2024-01-01,报告\n"
    );
    let problems = problems_of(&csv);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("row 2, column term_start (F): 2025-01-01 is after 2024"));
    assert!(problems[1].contains("row 3, column term_end (G): 2023-12-31 is before 2024"));
    assert_eq!(
        Section::Governance,
        import(
            &csv.replace("2025-01-01", "2024-01-01")
                .replace("2023-12-31", "")
        )
        .0[0]
            .content
            .section()
    );
}
