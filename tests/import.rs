//! `sunshine import FILE...`: the documented examples import, bad files are rejected
//! whole with every problem listed, re-importing is a no-op, and a changed figure needs
//! a reason and becomes an amendment.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use support::{TestApp, TestDb};

const FINANCIAL_CSV: &str = "docs/examples/financial.csv";
const FINANCIAL_XLSX: &str = "docs/examples/financial.xlsx";
const STATE_CAPITAL_CSV: &str = "docs/examples/state_capital.csv";

/// A database with the demo enterprises and their 2021-2025 disclosures.
async fn demo_db() -> TestDb {
    let db = TestDb::new().await;
    sunshine::demo::seed_demo(&mut db.connection().await)
        .await
        .unwrap();
    db
}

/// Runs `sunshine import` on the files against the database.
fn import(db: &TestDb, files: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("import")
        .args(files)
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn examples() -> Vec<&'static Path> {
    [FINANCIAL_CSV, FINANCIAL_XLSX, STATE_CAPITAL_CSV]
        .map(Path::new)
        .to_vec()
}

async fn version_count(db: &TestDb) -> i64 {
    let client = db.client().await;
    let row = client
        .query_one("SELECT count(*) FROM disclosure_versions", &[])
        .await
        .unwrap();
    row.get(0)
}

/// One figure of the latest version of a disclosure, as PostgreSQL prints it.
async fn latest_figure(
    db: &TestDb,
    section: &str,
    uscc: &str,
    period: (i16, Option<i16>),
    sql: &str,
) -> String {
    let client = db.client().await;
    let query = format!(
        "SELECT ({sql})::text FROM disclosures d
         JOIN disclosure_versions v ON v.disclosure_id = d.id
         LEFT JOIN financial_statements f ON f.version_id = v.id
         LEFT JOIN state_capital_statements s ON s.version_id = v.id
         WHERE d.section = $1 AND d.enterprise_uscc = $2 AND d.period_year = $3
           AND d.period_quarter IS NOT DISTINCT FROM $4
         ORDER BY v.version DESC LIMIT 1"
    );
    client
        .query_one(&query, &[&section, &uscc, &period.0, &period.1])
        .await
        .unwrap()
        .get(0)
}

fn write_csv(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn the_example_files_import_into_a_database_with_the_demo_data() {
    let db = demo_db().await;

    let output = import(&db, &examples());

    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).trim(),
        "imported 3 file(s), 14 row(s): 14 published, 0 amended, 0 unchanged"
    );
    // Exact to the fen, from CSV text with thousands separators and from XLSX numbers.
    let assets = latest_figure(
        &db,
        "financial",
        "91450500DEM0000088",
        (2026, Some(3)),
        "f.total_assets",
    )
    .await;
    assert_eq!(assets, "9877213400.00");
    let revenue = latest_figure(
        &db,
        "financial",
        "91450500DEM000002M",
        (2026, Some(3)),
        "f.revenue",
    )
    .await;
    assert_eq!(revenue, "9876.54");
    let closing = latest_figure(
        &db,
        "state_capital",
        "91450500DEM000001J",
        (2020, None),
        "s.closing_state_capital",
    )
    .await;
    assert_eq!(closing, "393196.62");
    // as_of defaults to the end of the period.
    let as_of = latest_figure(
        &db,
        "financial",
        "91450500DEM000001J",
        (2026, Some(1)),
        "v.as_of",
    )
    .await;
    assert_eq!(as_of, "2026-03-31");
}

#[tokio::test]
async fn imported_disclosures_show_on_the_enterprise_page() {
    let app = TestApp::seeded().await;

    let output = import(&app.db, &examples());

    assert!(output.status.success(), "{}", stderr(&output));
    let (status, body) = app
        .get_text("/enterprises/91450500DEM000001J?lang=en")
        .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("2026 Q3"),
        "the quarterly disclosure is listed"
    );
}

#[tokio::test]
async fn importing_the_same_files_again_changes_nothing() {
    let db = demo_db().await;
    assert!(import(&db, &examples()).status.success());
    let before = version_count(&db).await;

    let again = import(&db, &examples());

    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again).trim(),
        "imported 3 file(s), 14 row(s): 0 published, 0 amended, 14 unchanged"
    );
    assert_eq!(version_count(&db).await, before);
}

#[tokio::test]
async fn a_file_with_several_errors_is_rejected_whole_with_every_error_listed() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let financial = write_csv(
        dir.path(),
        "financial.csv",
        "uscc,year,quarter,unit,total_assets,total_liabilities,owners_equity,revenue,total_profit,net_profit,audited,auditor,audit_opinion,source\n\
         91450500DEM000004U,2026,1,wan_yuan,100,50,50,10,2,1.5,false,,,valid row\n\
         91450500DEM000001K,2026,5,亿元,1.234,-5,50,10,2,1,false,某会计师事务所,,bad row\n\
         \n\
         91450500DEM000006X,2026,2,yuan,100,50,50,10,2,1,true,,,\n",
    );
    let capital = write_csv(
        dir.path(),
        "capital.csv",
        "uscc,year,unit,opening_state_capital,closing_state_capital,decrease_dividends,source,reason\n\
         91450500DEM000001J,2021,wan_yuan,1,2,3,changed figures without a reason,\n\
         91450500DEM000004U,2020,wan_yuan,1,2,3,a reason on a first publication,typo\n",
    );
    let workbook = dir.path().join("hidden-decimals.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "uscc",
        "year",
        "unit",
        "opening_state_capital",
        "closing_state_capital",
        "source",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_string(0, col, name).unwrap();
    }
    sheet.write_string(1, 0, "91450500DEM000002M").unwrap();
    sheet.write_number(1, 1, 2019).unwrap();
    sheet.write_string(1, 2, "万元").unwrap();
    // What a formula such as =0.1+0.2 leaves in the cell: shown as 0.3, stored otherwise.
    sheet.write_number(1, 3, 0.1 + 0.2).unwrap();
    sheet.write_number(1, 4, 1.5).unwrap();
    sheet.write_string(1, 5, "xlsx row").unwrap();
    book.save(&workbook).unwrap();
    let before = version_count(&db).await;

    let output = import(&db, &[&financial, &capital, &workbook]);

    assert!(!output.status.success());
    let err = stderr(&output);
    let f = financial.display();
    let c = capital.display();
    let w = workbook.display();
    let expected = [
        format!("{f}: row 3, column uscc (A): \"91450500DEM000001K\" is not a valid code: the check character should be 'J', found 'K'"),
        format!("{f}: row 3, column quarter (C): \"5\" is not a quarter"),
        format!("{f}: row 3, column unit (D): \"亿元\" is not a unit"),
        format!("{f}: row 3, column total_assets (E): \"1.234\" has 3 decimal places"),
        format!("{f}: row 3, column total_liabilities (F): -5 cannot be negative"),
        format!("{f}: row 3, column auditor (L): given although audited is false"),
        // Row 4 is blank; the next row is row 5, as the spreadsheet shows it.
        format!("{f}: row 5, column uscc (A): \"91450500DEM000006X\""),
        format!("{f}: row 5, column auditor (L): required when audited is true"),
        format!("{f}: row 5, column audit_opinion (M): required when audited is true"),
        format!("{f}: row 5, column source (N): a value is required"),
        format!("{c}: row 2, column reason (H): already published with different figures; give a reason to amend"),
        format!("{c}: row 3, column reason (H): nothing is published for this enterprise and period"),
        format!("{w}: row 2, column opening_state_capital (D): the spreadsheet stores 0.30000000000000004"),
    ];
    let lines: Vec<&str> = err.lines().collect();
    for (line, wanted) in lines.iter().zip(&expected) {
        assert!(
            line.starts_with(wanted.as_str()),
            "expected {wanted}\n   got {line}\n\n{err}"
        );
    }
    assert_eq!(lines.len(), expected.len() + 1, "{err}");
    assert_eq!(
        lines.last().unwrap(),
        &format!(
            "sunshine: import rejected: {} errors in 3 files",
            expected.len()
        )
    );
    // The valid row of the first file was not written either.
    assert_eq!(version_count(&db).await, before);
}

#[tokio::test]
async fn a_disclosure_given_twice_in_one_run_is_refused_with_both_places() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.csv");
    std::fs::copy(STATE_CAPITAL_CSV, &copy).unwrap();

    let output = import(&db, &[Path::new(STATE_CAPITAL_CSV), &copy]);

    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{}: row 2: the same enterprise and period as {STATE_CAPITAL_CSV} row 2",
            copy.display()
        )),
        "{err}"
    );
    assert!(
        err.ends_with("import rejected: 5 errors in 1 file\n"),
        "{err}"
    );
}

#[tokio::test]
async fn a_changed_figure_needs_a_reason_and_then_becomes_version_2() {
    let db = demo_db().await;
    assert!(import(&db, &[Path::new(STATE_CAPITAL_CSV)])
        .status
        .success());
    let original = std::fs::read_to_string(STATE_CAPITAL_CSV).unwrap();
    let changed = original.replace("393196.62", "393296.62");
    assert_ne!(changed, original);
    let dir = tempfile::tempdir().unwrap();

    let without_reason = import(&db, &[&write_csv(dir.path(), "changed.csv", &changed)]);

    assert!(!without_reason.status.success());
    assert!(
        stderr(&without_reason).contains("row 2, column reason (L): already published with different figures; give a reason to amend"),
        "{}",
        stderr(&without_reason)
    );

    let reason = "审计调整：年末国有资本更正";
    let with_reason = changed.replacen(
        "2020年度国有资本保值增值情况报告（演示）,,\n",
        &format!("2020年度国有资本保值增值情况报告（更正）,,{reason}\n"),
        1,
    );
    let amended_file = write_csv(dir.path(), "amended.csv", &with_reason);
    let amended = import(&db, &[&amended_file]);

    assert!(amended.status.success(), "{}", stderr(&amended));
    assert_eq!(
        stdout(&amended).trim(),
        "imported 1 file(s), 5 row(s): 0 published, 1 amended, 4 unchanged"
    );
    let figure = |sql| {
        latest_figure(
            &db,
            "state_capital",
            "91450500DEM000001J",
            (2020, None),
            sql,
        )
    };
    let version = figure("v.version").await;
    let kind = figure("v.kind").await;
    let stored_reason = figure("v.reason").await;
    let closing = figure("s.closing_state_capital").await;
    assert_eq!(
        (
            version.as_str(),
            kind.as_str(),
            stored_reason.as_str(),
            closing.as_str()
        ),
        ("2", "amendment", reason, "393296.62")
    );

    // The amended file is now what is published: running it again does nothing.
    let again = import(&db, &[&amended_file]);
    assert!(stdout(&again).contains("0 published, 0 amended, 5 unchanged"));
}

#[tokio::test]
async fn a_withdrawn_disclosure_is_published_again_only_with_a_reason() {
    // The demo withdraws the microcredit company's 2022 state capital statement.
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let header = "uscc,year,unit,opening_state_capital,closing_state_capital,source,reason\n";
    let row = "91450500DEM000010G,2022,wan_yuan,20000,19500.5,2022年度国有资本保值增值情况报告（重新核实）";

    let without = import(
        &db,
        &[&write_csv(
            dir.path(),
            "a.csv",
            &format!("{header}{row},\n"),
        )],
    );
    let with = import(
        &db,
        &[&write_csv(
            dir.path(),
            "b.csv",
            &format!("{header}{row},年初口径核实完毕，重新公开\n"),
        )],
    );

    assert!(
        stderr(&without).contains("row 2, column reason (G): this disclosure was withdrawn; give a reason to publish it again"),
        "{}",
        stderr(&without)
    );
    assert!(with.status.success(), "{}", stderr(&with));
    let kind = latest_figure(
        &db,
        "state_capital",
        "91450500DEM000010G",
        (2022, None),
        "v.kind",
    )
    .await;
    assert_eq!(kind, "amendment");
}

#[tokio::test]
async fn a_workbook_with_two_filled_sheets_is_refused_rather_than_half_read() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-sheets.xlsx");
    let mut book = example_workbook();
    book.add_worksheet()
        .write_string(0, 0, "说明：本表为财务快报")
        .unwrap();
    book.save(&path).unwrap();

    let output = import(&db, &[&path]);

    assert!(!output.status.success());
    assert!(
        stderr(&output).starts_with(&format!(
            "{}: has 2 non-empty worksheets (\"财务报表\", \"Sheet2\")",
            path.display()
        )),
        "{}",
        stderr(&output)
    );
}

/// One row of the XLSX example; `figures` are total assets to net profit, in 万元.
struct ExampleRow {
    uscc: &'static str,
    year: u16,
    quarter: Option<u16>,
    figures: [f64; 7],
    opinion: Option<&'static str>,
    source: &'static str,
    as_of: (u16, u8, u8),
}

/// The XLSX example, as written by this test: Chinese headers, number cells, a boolean
/// and a date cell, so that the example exercises what real spreadsheets hold.
fn example_workbook() -> Workbook {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("财务报表").unwrap();
    let header = [
        "统一社会信用代码",
        "年度",
        "季度",
        "单位",
        "资产总额",
        "负债总额",
        "流动负债",
        "所有者权益",
        "营业收入",
        "利润总额",
        "净利润",
        "是否审计",
        "审计机构",
        "审计意见",
        "来源",
        "截止日期",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_string(0, col, name).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let auditor = "北海示范会计师事务所（演示）";
    let quarterly = |uscc, figures| ExampleRow {
        uscc,
        year: 2026,
        quarter: Some(3),
        figures,
        opinion: None,
        source: "2026年第三季度财务快报（演示）",
        as_of: (2026, 9, 30),
    };
    let rows = [
        quarterly(
            "91450500DEM000002M",
            [
                168420.55, 90127.31, 54076.39, 78293.24, 9876.54, 1024.10, 768.08,
            ],
        ),
        quarterly(
            "91450500DEM000003Q",
            [
                402817.90, 354479.75, 212687.85, 48338.15, 30211.34, -1520.66, -1520.66,
            ],
        ),
        quarterly(
            "91450500DEM0000062",
            [
                60412.00, 34435.84, 20661.50, 25976.16, 6107.43, 152.69, 114.52,
            ],
        ),
        ExampleRow {
            uscc: "91450500DEM000002M",
            year: 2020,
            quarter: None,
            figures: [
                128004.70, 70402.59, 42241.55, 57602.11, 25600.94, 1535.38, 1152.06,
            ],
            opinion: Some("标准无保留意见"),
            source: "2020年度财务决算报告（演示）",
            as_of: (2020, 12, 31),
        },
    ];
    for (row, example) in (1u32..).zip(rows) {
        sheet.write_string(row, 0, example.uscc).unwrap();
        sheet.write_number(row, 1, example.year).unwrap();
        if let Some(quarter) = example.quarter {
            sheet.write_number(row, 2, quarter).unwrap();
        }
        sheet.write_string(row, 3, "万元").unwrap();
        for (col, figure) in (4u16..).zip(example.figures) {
            sheet.write_number(row, col, figure).unwrap();
        }
        sheet
            .write_boolean(row, 11, example.opinion.is_some())
            .unwrap();
        if let Some(opinion) = example.opinion {
            sheet.write_string(row, 12, auditor).unwrap();
            sheet.write_string(row, 13, opinion).unwrap();
        }
        sheet.write_string(row, 14, example.source).unwrap();
        let (y, m, d) = example.as_of;
        let as_of = ExcelDateTime::from_ymd(y, m, d).unwrap();
        sheet
            .write_date_with_format(row, 15, &as_of, &date)
            .unwrap();
    }
    sheet.autofit();
    book
}

fn first_sheet(path: &Path) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let name = book.sheet_names()[0].clone();
    book.worksheet_range(&name).unwrap()
}

/// The committed example is regenerated with
/// `SUNSHINE_WRITE_EXAMPLES=1 cargo test --test import the_xlsx_example`.
#[test]
fn the_xlsx_example_is_the_workbook_this_test_writes() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("financial.xlsx");
    example_workbook().save(&fresh).unwrap();
    if std::env::var_os("SUNSHINE_WRITE_EXAMPLES").is_some() {
        std::fs::copy(&fresh, FINANCIAL_XLSX).unwrap();
    }

    let committed = first_sheet(Path::new(FINANCIAL_XLSX));

    assert_eq!(committed, first_sheet(&fresh));
    assert!(matches!(committed.get((1, 4)), Some(Data::Float(_))));
    assert!(matches!(committed.get((1, 15)), Some(Data::DateTime(_))));
}
