//! Bulk data under `/data/`: one CSV per section of the current, not withdrawn versions,
//! the dictionary, the zip and the manifest, regenerated after publications.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::HashMap;
use std::io::Read;
use std::str::FromStr;
use std::time::Duration;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use reqwest::header;
use sha2::{Digest, Sha256};
use sunshine::disclosure::{
    publish, withdraw, Content, Period, Provenance, StateCapitalStatement, Unit,
};
use sunshine::enterprise::demo_uscc;
use support::{eventually, TestApp};

const GENERATION: Duration = Duration::from_secs(30);

/// The current version of each disclosure, without the withdrawn ones.
const LIVE: &str = "WITH cur AS (SELECT DISTINCT ON (disclosure_id) id, disclosure_id, kind \
    FROM disclosure_versions ORDER BY disclosure_id, version DESC), \
    live AS (SELECT id, disclosure_id FROM cur WHERE kind <> 'withdrawal') ";

/// Each file with the SQL counting the rows it must hold.
fn expected_counts() -> Vec<(&'static str, String)> {
    let by_version = |table: &str| {
        format!("{LIVE} SELECT count(*) FROM {table} x JOIN live ON live.id = x.version_id")
    };
    vec![
        ("enterprises.csv", "SELECT count(*) FROM enterprises".to_owned()),
        ("financial.csv", by_version("financial_statements")),
        ("state_capital.csv", by_version("state_capital_statements")),
        ("executive_pay.csv", by_version("executive_pay_rows")),
        ("governance.csv", by_version("governance_members")),
        ("related_party.csv", by_version("related_party_transactions")),
        ("major_events.csv", by_version("major_events")),
        ("inspection_findings.csv", by_version("inspection_findings")),
        ("rectification_items.csv", by_version("rectification_items")),
        (
            "rectification_updates.csv",
            format!("{LIVE} SELECT count(*) FROM rectification_updates x JOIN live ON live.disclosure_id = x.disclosure_id"),
        ),
    ]
}

async fn manifest(app: &TestApp) -> serde_json::Value {
    let ready = eventually(GENERATION, || async {
        app.get("/data/manifest.json").await.status() == 200
    })
    .await;
    assert!(ready, "no generation appeared");
    let body = app.get("/data/manifest.json").await.bytes().await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

async fn bytes(app: &TestApp, path: &str) -> Vec<u8> {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.bytes().await.unwrap().to_vec()
}

/// Header and records of a CSV file, checking it starts with a UTF-8 BOM.
fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let body = bytes
        .strip_prefix(sunshine::open_data::UTF8_BOM)
        .expect("starts with a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(body);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let records = reader.records().collect::<Result<_, _>>().unwrap();
    (header, records)
}

async fn csv_of(app: &TestApp, file: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    parse_csv(&bytes(app, &format!("/data/{file}")).await)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[tokio::test]
async fn every_file_lists_every_current_row_under_the_dictionarys_header() {
    let app = TestApp::seeded().await;
    manifest(&app).await;
    let (_, dictionary) = csv_of(&app, "dictionary.csv").await;
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    for row in &dictionary {
        fields
            .entry(row[0].to_owned())
            .or_default()
            .push(row[1].to_owned());
        assert!(
            !row[2].is_empty() && !row[3].is_empty(),
            "{row:?} lacks a meaning"
        );
    }
    let db = app.db.client().await;
    for (file, count) in expected_counts() {
        let (header, records) = csv_of(&app, file).await;
        assert_eq!(
            Some(&header),
            fields.get(file),
            "{file}: header differs from the dictionary"
        );
        let expected: i64 = db.query_one(&count, &[]).await.unwrap().get(0);
        assert!(expected > 0, "{file}: the demo should have rows");
        assert_eq!(records.len() as i64, expected, "{file}");
    }
}

#[tokio::test]
async fn the_manifest_digests_match_the_bytes_and_the_zip_holds_every_file() {
    let app = TestApp::seeded().await;
    let manifest = manifest(&app).await;
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), expected_counts().len() + 2);
    let mut contents = HashMap::new();
    for file in files {
        let name = file["name"].as_str().unwrap();
        let body = bytes(&app, &format!("/data/{name}")).await;
        assert_eq!(hex(&Sha256::digest(&body)), file["sha256"], "{name}");
        assert_eq!(body.len() as u64, file["size"].as_u64().unwrap(), "{name}");
        assert!(file["generated_at"].is_string());
        contents.insert(name.to_owned(), body);
    }
    let zip = contents.remove("sunshine-data.zip").expect("a zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(archive.len(), contents.len());
    for (name, body) in contents {
        let mut inside = Vec::new();
        archive
            .by_name(&name)
            .unwrap_or_else(|_| panic!("{name} missing from the zip"))
            .read_to_end(&mut inside)
            .unwrap();
        assert_eq!(inside, body, "{name} differs inside the zip");
    }
}

#[tokio::test]
async fn downloads_are_csv_attachments_validated_by_their_sha256() {
    let app = TestApp::seeded().await;
    let manifest = manifest(&app).await;
    let digest = manifest["files"][1]["sha256"].as_str().unwrap().to_owned();
    let response = app.get("/data/financial.csv").await;
    let headers = response.headers();
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"financial.csv\""
    );
    assert_eq!(headers[header::ETAG], format!("\"{digest}\"").as_str());
    let again = app
        .client
        .get(format!("{}/data/financial.csv", app.address))
        .header(header::IF_NONE_MATCH, format!("\"{digest}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let zip = app.get("/data/sunshine-data.zip").await;
    assert_eq!(zip.headers()[header::CONTENT_TYPE], "application/zip");
    assert_eq!(app.get("/data/nothing.csv").await.status(), 404);
    assert_eq!(app.get("/data/..%2Fmanifest.json").await.status(), 404);
}

#[tokio::test]
async fn a_publication_is_in_the_files_after_the_next_generation() {
    let app = TestApp::seeded().await;
    manifest(&app).await;
    let mut conn = app.db.connection().await;
    let content = Content::StateCapital(StateCapitalStatement {
        unit: Unit::WanYuan,
        opening_state_capital: BigDecimal::from_str("1000").unwrap(),
        closing_state_capital: BigDecimal::from_str("1234.56").unwrap(),
        factors: Vec::new(),
    });
    let provenance = Provenance {
        source: "2031年度国有资本保值增值情况报告".to_owned(),
        as_of: NaiveDate::from_ymd_opt(2031, 12, 31).unwrap(),
        documents: Vec::new(),
        published_at: None,
    };
    let period = Period {
        year: 2031,
        quarter: None,
    };
    let id = publish(&mut conn, &demo_uscc(1), period, &provenance, &content)
        .await
        .unwrap();

    let appeared = eventually(GENERATION, || async {
        let (header, records) = csv_of(&app, "state_capital.csv").await;
        let (id_at, closing_at) = (
            column(&header, "disclosure_id"),
            column(&header, "closing_state_capital"),
        );
        records
            .iter()
            .any(|r| r[id_at] == id.to_string() && r[closing_at] == *"1234.56")
    })
    .await;
    assert!(
        appeared,
        "the new statement never reached state_capital.csv"
    );
}

#[tokio::test]
async fn a_withdrawn_disclosures_rows_leave_the_files() {
    let app = TestApp::seeded().await;
    manifest(&app).await;
    let db = app.db.client().await;
    // The demo withdraws one state capital statement already (enterprise 9, 2022).
    let withdrawn: i64 = db
        .query_one(
            "SELECT disclosure_id FROM disclosure_versions WHERE kind = 'withdrawal' LIMIT 1",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let (header, records) = csv_of(&app, "state_capital.csv").await;
    let id_at = column(&header, "disclosure_id");
    assert!(!records.iter().any(|r| r[id_at] == withdrawn.to_string()));
    // Withdrawing one more takes its rows out at the next generation.
    let pay: i64 = db
        .query_one(
            "SELECT id FROM disclosures WHERE section = 'executive_pay' ORDER BY id LIMIT 1",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let has_pay = |records: &[csv::StringRecord], header: &[String]| {
        let at = column(header, "disclosure_id");
        records.iter().any(|r| r[at] == pay.to_string())
    };
    let (header, records) = csv_of(&app, "executive_pay.csv").await;
    assert!(has_pay(&records, &header));
    let mut conn = app.db.connection().await;
    withdraw(&mut conn, pay, "测试撤回").await.unwrap();

    let gone = eventually(GENERATION, || async {
        let (header, records) = csv_of(&app, "executive_pay.csv").await;
        !has_pay(&records, &header)
    })
    .await;
    assert!(gone, "the withdrawn pay table stayed in executive_pay.csv");
}

#[tokio::test]
async fn the_data_page_lists_every_file_and_the_dictionary_in_both_languages() {
    let app = TestApp::seeded().await;
    let manifest = manifest(&app).await;
    let (status, zh) = app.get_text("/data/").await;
    assert_eq!(status, 200);
    for file in manifest["files"].as_array().unwrap() {
        assert!(zh.contains(&format!(
            "href=\"/data/{}\"",
            file["name"].as_str().unwrap()
        )));
        assert!(zh.contains(file["sha256"].as_str().unwrap()));
    }
    assert!(zh.contains("开放数据") && zh.contains("年末国有资本及权益"));
    let (_, en) = app.get_text("/data/?lang=en").await;
    assert!(en.contains("Open data") && en.contains("State capital at the end of the year"));
    let (_, home) = app.get_text("/").await;
    assert!(
        home.contains("href=\"/data/\""),
        "the navigation links /data/"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
