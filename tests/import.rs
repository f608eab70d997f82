//! `sunshine import FILE...`: the documented examples import, bad files are rejected
//! whole with every problem listed, re-importing is a no-op, and a changed figure or
//! table needs a reason and becomes an amendment; rectification status updates are
//! appended once, in date order, to items that exist.

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
const EXECUTIVE_PAY_CSV: &str = "docs/examples/executive_pay.csv";
const GOVERNANCE_XLSX: &str = "docs/examples/governance.xlsx";
const RELATED_PARTY_CSV: &str = "docs/examples/related_party.csv";
const MAJOR_EVENTS_CSV: &str = "docs/examples/major_events.csv";
const INSPECTION_CSV: &str = "docs/examples/inspection.csv";
const RECTIFICATION_STATUS_CSV: &str = "docs/examples/rectification_status.csv";

/// What importing every example into the demo database does.
const EXAMPLES_IMPORTED: &str =
    "imported 9 file(s), 58 row(s): 25 published, 0 amended, 0 unchanged; \
     status updates: 6 recorded, 0 unchanged";

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
    [
        FINANCIAL_CSV,
        FINANCIAL_XLSX,
        STATE_CAPITAL_CSV,
        EXECUTIVE_PAY_CSV,
        GOVERNANCE_XLSX,
        RELATED_PARTY_CSV,
        MAJOR_EVENTS_CSV,
        INSPECTION_CSV,
        RECTIFICATION_STATUS_CSV,
    ]
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

async fn status_update_count(db: &TestDb) -> i64 {
    let client = db.client().await;
    let row = client
        .query_one("SELECT count(*) FROM rectification_updates", &[])
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
    assert_eq!(stdout(&output).trim(), EXAMPLES_IMPORTED);
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
    // Tables: every row of the file, in file order.
    let client = db.client().await;
    let executives: Vec<String> = client
        .query(
            "SELECT r.name FROM disclosures d
             JOIN disclosure_versions v ON v.disclosure_id = d.id
             JOIN executive_pay_rows r ON r.version_id = v.id
             WHERE d.section = 'executive_pay' AND d.enterprise_uscc = '91450500DEM000001J'
               AND d.period_year = 2020 ORDER BY r.position",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(executives, ["林志远", "黄海涛", "陈晓梅", "罗建平"]);
    // Status updates of the report imported in the same run, and after the demo's.
    let history = |year: i16, item: &'static str| {
        let client = &client;
        async move {
            client
                .query(
                    "SELECT u.status || ' ' || u.effective_on FROM rectification_updates u
                     JOIN disclosures d ON d.id = u.disclosure_id
                     WHERE d.enterprise_uscc = '91450500DEM000001J' AND d.period_year = $1
                       AND u.item_code = $2 ORDER BY u.effective_on",
                    &[&year, &item],
                )
                .await
                .unwrap()
                .iter()
                .map(|row| row.get::<_, String>(0))
                .collect::<Vec<String>>()
        }
    };
    assert_eq!(
        history(2020, "R1").await,
        ["in_progress 2020-12-20", "completed 2021-06-25"]
    );
    assert_eq!(
        history(2025, "R1").await,
        ["in_progress 2026-03-01", "completed 2026-09-30"]
    );
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
    let before_updates = status_update_count(&db).await;

    let again = import(&db, &examples());

    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again).trim(),
        "imported 9 file(s), 58 row(s): 0 published, 0 amended, 25 unchanged; \
         status updates: 0 recorded, 6 unchanged"
    );
    assert_eq!(version_count(&db).await, before);
    assert_eq!(status_update_count(&db).await, before_updates);
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

/// The disclosure of a section, enterprise and year, if published.
async fn disclosure_id(db: &TestDb, section: &str, uscc: &str, year: i16) -> Option<i64> {
    let client = db.client().await;
    client
        .query_opt(
            "SELECT id FROM disclosures WHERE section = $1 AND enterprise_uscc = $2
               AND period_year = $3 AND period_quarter IS NULL",
            &[&section, &uscc, &year],
        )
        .await
        .unwrap()
        .map(|row| row.get(0))
}

#[tokio::test]
async fn imported_tables_show_on_the_enterprise_page_and_their_disclosure_pages() {
    let app = TestApp::seeded().await;

    let output = import(&app.db, &examples());

    assert!(output.status.success(), "{}", stderr(&output));
    let uscc = "91450500DEM000001J";
    let (status, profile) = app.get_text(&format!("/enterprises/{uscc}")).await;
    assert_eq!(status, 200);
    for (section, shown) in [
        ("executive_pay", "罗建平"),
        ("governance", "蒙秋生"),
        ("related_party", "北海市城投置业有限公司（演示）"),
        ("major_events", "股权无偿划入本集团"),
        ("inspection", "以邀请招标代替公开招标"),
    ] {
        let id = disclosure_id(&app.db, section, uscc, 2020).await.unwrap();
        assert!(
            profile.contains(&format!("/disclosures/{id}\"")),
            "{section} 2020 is listed on the enterprise page"
        );
        let (status, page) = app.get_text(&format!("/disclosures/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains(shown), "{section}: {shown} is on its page");
    }
}

#[tokio::test]
async fn a_file_of_tables_with_several_errors_is_rejected_whole_with_every_error_listed() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let pay = write_csv(
        dir.path(),
        "pay.csv",
        "uscc,year,unit,name,title,term_start,annual_salary_payable,employer_contributions,other_monetary_income,pretax_total,source\n\
         91450500DEM000001J,2019,wan_yuan,甲,董事长,2019-03-01,30,6,0.3,36.30,2019年度薪酬表\n\
         91450500DEM000001J,2019,yuan,乙,总经理,2019-03-01,28,5,0.3,33.30,\n\
         91450500DEM000002M,2019,wan_yuan,丙,董事长,2019-03-01,30,6,0.3,36.00,2019年度薪酬表\n\
         91450500DEM000003Q,2019,wan_yuan,丁,董事长,2019-03-01,30,6,0.3,36.30,\n\
         91450500DEM000003Q,2019,wan_yuan,戊,总经理,2019-03-01,30,6,0.3,36.30,\n",
    );
    let governance = write_csv(
        dir.path(),
        "governance.csv",
        "uscc,year,body,name,title,term_start,term_end,source\n\
         91450500DEM000001J,2019,董事局,甲,董事长,2019-03-01,,2019年度法人治理结构\n\
         91450500DEM000001J,2019,board,乙,董事,2019-03-01,2018-12-31,2019年度法人治理结构\n",
    );
    let related = write_csv(
        dir.path(),
        "related.csv",
        "uscc,year,counterparty,counterparty_uscc,relationship,transaction_type,unit,amount,pricing_basis,approval,source\n\
         91450500DEM000001J,2019,某公司,91450500DEM000001K,parent,purchase,万元,-5,market,董事会,2019年度关联交易\n",
    );
    let events = write_csv(
        dir.path(),
        "events.csv",
        "uscc,year,occurred_on,kind,description,amount,unit,source\n\
         91450500DEM000001J,2019,2019-05-01,other,说明,,万元,2019年度重大事项\n\
         91450500DEM000002M,2019,2018-12-30,other,说明,,,2019年度重大事项\n",
    );
    let inspection = write_csv(
        dir.path(),
        "inspection.csv",
        "uscc,year,unit,finding,inspected_by,inspected_on,category,description,severity,item,measure,responsible_department,due_date,source\n\
         91450500DEM000001J,2019,wan_yuan,1,audit,2019-05-01,other,问题一,general,R1,措施,部门,2019-12-31,2019年度监督检查\n\
         91450500DEM000001J,2019,,1,sasac,,,,,R1,措施二,部门,2019-12-31,\n\
         91450500DEM000001J,2019,,3,audit,2019-06-01,other,问题三,general,,,,,\n\
         91450500DEM000002M,2019,wan_yuan,1,audit,2019-06-01,other,问题,general,,措施,,,2019年度监督检查\n",
    );
    let status = write_csv(
        dir.path(),
        "status.csv",
        "uscc,year,item,status,effective_on,note\n\
         91450500DEM000001J,2025,R9,completed,2026-10-01,\n\
         91450500DEM000001J,2025,R1,completed,2026-02-01,\n\
         91450500DEM000003Q,2024,R1,completed,2026-10-01,\n\
         91450500DEM000001J,2024,R1,completed,2025-06-15,另一说明\n\
         91450500DEM000001J,2025,R1,done,2099-01-01,\n",
    );
    let before = (version_count(&db).await, status_update_count(&db).await);

    let output = import(
        &db,
        &[&pay, &governance, &related, &events, &inspection, &status],
    );

    assert!(!output.status.success());
    let err = stderr(&output);
    let [p, g, r, e, i, s] = [&pay, &governance, &related, &events, &inspection, &status]
        .map(|path| path.display().to_string());
    let expected = [
        format!("{p}: row 3, column unit (C): differs from row 2; the rows of this disclosure must give the same value"),
        format!("{p}: row 4, column pretax_total (J): 36.00 is not annual_salary_payable + employer_contributions + other_monetary_income = 36.30"),
        format!("{p}: row 5, column source (K): a value is required in at least one of the rows of this disclosure (rows 5-6)"),
        format!("{g}: row 2, column body (C): \"董事局\" is not a governing body: write one of board (董事会)"),
        format!("{g}: row 3, column term_end (G): 2018-12-31 is before the start of the term (2019-03-01)"),
        format!("{r}: row 2, column counterparty_uscc (D): \"91450500DEM000001K\" is not a valid code"),
        format!("{r}: row 2, column relationship (E): \"parent\" is not a relationship: write one of controlling_shareholder (控股股东)"),
        format!("{r}: row 2, column amount (H): -5 cannot be negative"),
        format!("{e}: row 2, column unit (G): given although amount is empty"),
        format!("{e}: row 3, column occurred_on (C): 2018-12-30 is not in 2019, the year this disclosure covers"),
        format!("{i}: row 3, column inspected_by (E): differs from row 2; the rows of finding 1 must give the same value"),
        format!("{i}: row 3, column item (J): R1 is already the code of the item in row 2; give each item its own code"),
        format!("{i}: row 4, column finding (D): findings are numbered 1, 2, 3... without gaps; finding 2 is missing"),
        format!("{i}: row 5, column measure (K): given without an item code"),
        format!("{s}: row 2, column item (C): R9 is not an item of the 2025 inspection report (its items are R1)"),
        format!("{s}: row 3, column effective_on (E): 2026-02-01 is before the latest update of R1 (2026-03-01, in_progress); updates are recorded in date order"),
        format!("{s}: row 4, column year (B): no 2024 inspection report of this enterprise is published, nor given in this run"),
        format!("{s}: row 5, column effective_on (E): R1 already has an update dated 2025-06-15 (completed); a recorded update cannot be changed"),
        format!("{s}: row 6, column status (D): \"done\" is not a rectification status"),
        format!("{s}: row 6, column effective_on (E): 2099-01-01 is in the future"),
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
            "sunshine: import rejected: {} errors in 6 files",
            expected.len()
        )
    );
    let after = (version_count(&db).await, status_update_count(&db).await);
    assert_eq!(after, before, "nothing was written");
}

#[tokio::test]
async fn a_table_given_partly_in_two_files_is_refused_with_both_places() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(RELATED_PARTY_CSV).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first = write_csv(
        dir.path(),
        "a.csv",
        &format!("{}\n{}\n", lines[0], lines[1]),
    );
    let second = write_csv(
        dir.path(),
        "b.csv",
        &format!("{}\n{}\n", lines[0], lines[2]),
    );

    let output = import(&db, &[&first, &second]);

    assert!(!output.status.success());
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        format!(
            "{}: row 2: the same enterprise and period as {} row 2; give a disclosure's whole \
             table in one file",
            second.display(),
            first.display()
        )
    );
}

#[tokio::test]
async fn a_changed_table_needs_a_reason_in_any_of_its_rows_and_then_becomes_an_amendment() {
    let db = demo_db().await;
    assert!(import(&db, &examples()).status.success());
    let dir = tempfile::tempdir().unwrap();
    // (file, its disclosures, the changed table's section, enterprise and rows, a text in
    // one of them and what it becomes)
    let changes = [
        (
            EXECUTIVE_PAY_CSV,
            3,
            "executive_pay",
            "91450500DEM000002M",
            "rows 6-8",
            ",0.30,23.10,1.20,",
            ",0.30,23.10,1.50,",
        ),
        (
            RELATED_PARTY_CSV,
            2,
            "related_party",
            "91450500DEM000001J",
            "rows 2-3",
            "36000.00",
            "36500.00",
        ),
        (
            MAJOR_EVENTS_CSV,
            2,
            "major_events",
            "91450500DEM000005Y",
            "rows 5-6",
            "10000.00",
            "10500.00",
        ),
        (
            INSPECTION_CSV,
            2,
            "inspection",
            "91450500DEM000001J",
            "rows 2-4",
            "修订招标采购管理办法，明确公开招标范围",
            "修订招标采购管理办法",
        ),
    ];
    for (example, disclosures, section, uscc, rows, from, to) in changes {
        let original = std::fs::read_to_string(example).unwrap();
        let changed = original.replace(from, to);
        assert_ne!(changed, original, "{example}");
        let name = Path::new(example).file_name().unwrap().to_str().unwrap();

        let without_reason = import(&db, &[&write_csv(dir.path(), name, &changed)]);

        assert!(!without_reason.status.success(), "{example}");
        assert!(
            stderr(&without_reason).contains(&format!(
                "already published with a different table; give a reason in any of its rows \
                 ({rows}) to amend"
            )),
            "{}",
            stderr(&without_reason)
        );

        // The reason is the last column: give it in the changed row only.
        let reason = "数据核对后更正（演示）";
        let with_reason: String = changed
            .lines()
            .map(|line| {
                if line.contains(to) {
                    format!("{line}{reason}\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
        let amended = import(&db, &[&write_csv(dir.path(), name, &with_reason)]);

        assert!(amended.status.success(), "{}", stderr(&amended));
        assert!(
            stdout(&amended).contains(&format!(
                "0 published, 1 amended, {} unchanged",
                disclosures - 1
            )),
            "{example}: {}",
            stdout(&amended)
        );
        let id = disclosure_id(&db, section, uscc, 2020).await.unwrap();
        let client = db.client().await;
        let latest = client
            .query_one(
                "SELECT version, kind, reason FROM disclosure_versions WHERE disclosure_id = $1
                 ORDER BY version DESC LIMIT 1",
                &[&id],
            )
            .await
            .unwrap();
        let latest: (i32, String, String) = (latest.get(0), latest.get(1), latest.get(2));
        assert_eq!(
            latest,
            (2, "amendment".to_owned(), reason.to_owned()),
            "{example}"
        );
        let again = import(&db, &[&write_csv(dir.path(), name, &with_reason)]);
        assert!(
            stdout(&again).contains(&format!("0 published, 0 amended, {disclosures} unchanged")),
            "{example}: {}",
            stdout(&again)
        );
    }
    // The amended inspection report kept R1 and R2, so their histories still apply.
    assert!(import(&db, &[Path::new(RECTIFICATION_STATUS_CSV)])
        .status
        .success());
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

/// The committed examples are regenerated with
/// `SUNSHINE_WRITE_EXAMPLES=1 cargo test --test import the_xlsx_example`.
#[test]
fn the_xlsx_examples_are_the_workbooks_this_test_writes() {
    let dir = tempfile::tempdir().unwrap();
    for (committed_path, mut book) in [
        (FINANCIAL_XLSX, example_workbook()),
        (GOVERNANCE_XLSX, governance_workbook()),
    ] {
        let fresh = dir.path().join("fresh.xlsx");
        book.save(&fresh).unwrap();
        if std::env::var_os("SUNSHINE_WRITE_EXAMPLES").is_some() {
            std::fs::copy(&fresh, committed_path).unwrap();
        }

        let committed = first_sheet(Path::new(committed_path));

        assert_eq!(committed, first_sheet(&fresh), "{committed_path}");
    }
    let financial = first_sheet(Path::new(FINANCIAL_XLSX));
    assert!(matches!(financial.get((1, 4)), Some(Data::Float(_))));
    assert!(matches!(financial.get((1, 15)), Some(Data::DateTime(_))));
    let governance = first_sheet(Path::new(GOVERNANCE_XLSX));
    assert!(matches!(governance.get((1, 5)), Some(Data::Bool(_))));
    assert!(matches!(governance.get((1, 7)), Some(Data::DateTime(_))));
}

/// One seat of the governance example: body, name, title, external, employee
/// representative, term start and end.
type Seat = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    bool,
    (u16, u8, u8),
    Option<(u16, u8, u8)>,
);

/// The governance example: Chinese headers and bodies, boolean and date cells, two
/// rosters of 2020 (the second leaves the flags empty, which means no).
fn governance_workbook() -> Workbook {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("法人治理结构").unwrap();
    let header = [
        "统一社会信用代码",
        "年度",
        "所在机构",
        "姓名",
        "职务",
        "外部董事",
        "职工代表",
        "任职起始日期",
        "任职终止日期",
        "来源",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_string(0, col, name).unwrap();
    }
    let group: [Seat; 11] = [
        (
            "董事会",
            "林志远",
            "董事长",
            false,
            false,
            (2019, 3, 1),
            None,
        ),
        (
            "董事会",
            "黄海涛",
            "董事、总经理",
            false,
            false,
            (2020, 3, 1),
            None,
        ),
        (
            "董事会",
            "蒙秋生",
            "外部董事",
            true,
            false,
            (2019, 6, 1),
            None,
        ),
        (
            "董事会",
            "黎卫东",
            "外部董事",
            true,
            false,
            (2020, 1, 1),
            None,
        ),
        (
            "董事会",
            "谢文静",
            "职工董事",
            false,
            true,
            (2018, 1, 1),
            Some((2020, 12, 31)),
        ),
        (
            "监事会",
            "周文斌",
            "监事会主席",
            false,
            false,
            (2019, 3, 1),
            None,
        ),
        (
            "监事会",
            "吴海燕",
            "职工监事",
            false,
            true,
            (2018, 1, 1),
            None,
        ),
        (
            "经理层",
            "罗建平",
            "总经理",
            false,
            false,
            (2016, 3, 1),
            Some((2020, 2, 29)),
        ),
        (
            "经理层",
            "黄海涛",
            "总经理",
            false,
            false,
            (2020, 3, 1),
            None,
        ),
        (
            "经理层",
            "陈晓梅",
            "副总经理",
            false,
            false,
            (2020, 5, 1),
            None,
        ),
        (
            "党委",
            "林志远",
            "党委书记",
            false,
            false,
            (2019, 3, 1),
            None,
        ),
    ];
    let water: [Seat; 4] = [
        (
            "董事会",
            "李建国",
            "董事长",
            false,
            false,
            (2019, 3, 1),
            None,
        ),
        (
            "董事会",
            "周文斌",
            "董事、总经理",
            false,
            false,
            (2020, 3, 1),
            None,
        ),
        (
            "董事会",
            "覃雅琴",
            "外部董事",
            true,
            false,
            (2019, 1, 1),
            None,
        ),
        (
            "经理层",
            "周文斌",
            "总经理",
            false,
            false,
            (2020, 3, 1),
            None,
        ),
    ];
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let rosters = [
        ("91450500DEM000001J", &group[..], true),
        ("91450500DEM000002M", &water[..], false),
    ];
    let mut row = 1u32;
    for (uscc, seats, flags_written) in rosters {
        for &(body, name, title, external, employee, start, end) in seats {
            sheet.write_string(row, 0, uscc).unwrap();
            sheet.write_number(row, 1, 2020).unwrap();
            sheet.write_string(row, 2, body).unwrap();
            sheet.write_string(row, 3, name).unwrap();
            sheet.write_string(row, 4, title).unwrap();
            if flags_written || external || employee {
                sheet.write_boolean(row, 5, external).unwrap();
                sheet.write_boolean(row, 6, employee).unwrap();
            }
            for (col, day) in [(7u16, Some(start)), (8, end)] {
                if let Some((y, m, d)) = day {
                    let day = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    sheet.write_date_with_format(row, col, &day, &date).unwrap();
                }
            }
            sheet
                .write_string(row, 9, "2020年度法人治理结构情况（演示）")
                .unwrap();
            row += 1;
        }
    }
    sheet.autofit();
    book
}

#[tokio::test]
async fn a_command_line_import_is_recorded_in_the_audit_log_and_a_rejected_one_is_not() {
    let db = demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = write_csv(
        dir.path(),
        "bad.csv",
        "uscc,year,unit,opening_state_capital,closing_state_capital,source\n\
         91450500DEM000001J,2020,亿元,1,2,s\n",
    );
    assert!(!import(&db, &[&bad]).status.success());

    let output = import(&db, &[Path::new(STATE_CAPITAL_CSV)]);

    assert!(output.status.success(), "{}", stderr(&output));
    let client = db.client().await;
    let rows = client
        .query(
            "SELECT actor, actor_id, target, detail FROM audit_log \
             WHERE action = 'disclosure.imported'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "one entry, for the run that wrote");
    let (actor, actor_id): (String, Option<i64>) = (rows[0].get(0), rows[0].get(1));
    assert_eq!((actor.as_str(), actor_id), ("cli", None));
    let target: String = rows[0].get(2);
    assert_eq!(target, format!("import:{STATE_CAPITAL_CSV}"));
    let detail: String = rows[0].get(3);
    assert!(
        detail.starts_with(&format!(
            "files: {STATE_CAPITAL_CSV}; 5 rows: 5 published, 0 amended"
        )),
        "{detail}"
    );
    assert_eq!(
        detail.matches(" published").count(),
        6,
        "each disclosure by id: {detail}"
    );
}
