//! National-scale synthetic data (`seed-demo --enterprises N --years Y`), run small:
//! counts, codes, group trees, idempotence, and pages that answer.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::process::Command;

use secrecy::SecretString;
use sunshine::disclosure::{seed_scale, Scale, ScaleSeeded};
use sunshine::enterprise::Uscc;
use support::TestApp;

async fn generate(app: &TestApp, enterprises: u32, years: u16) -> ScaleSeeded {
    let url = SecretString::from(app.db.url.clone());
    seed_scale(&url, Scale::new(enterprises, years).unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_small_run_generates_every_enterprise_with_both_statements_for_every_year() {
    let app = TestApp::spawn().await;

    let seeded = generate(&app, 200, 3).await;

    assert_eq!((seeded.enterprises, seeded.disclosures), (200, 1_200));
    assert_eq!(
        app.db
            .count("SELECT count(*) FROM enterprises WHERE is_demo")
            .await,
        200
    );
    assert_eq!(
        app.db.count("SELECT count(*) FROM disclosures").await,
        1_200
    );
    assert_eq!(
        app.db
            .count("SELECT count(*) FROM disclosure_versions")
            .await,
        1_200
    );
    assert_eq!(
        app.db
            .count("SELECT count(*) FROM financial_statements")
            .await,
        600
    );
    assert_eq!(
        app.db
            .count("SELECT count(*) FROM state_capital_statements")
            .await,
        600
    );
    assert!(
        app.db
            .count("SELECT count(*) FROM state_capital_factors")
            .await
            > 100
    );
    let per_year = "SELECT count(*) FROM disclosures \
                    WHERE period_year BETWEEN 2023 AND 2025 AND period_quarter IS NULL";
    assert_eq!(app.db.count(per_year).await, 1_200);
}

#[tokio::test]
async fn generated_codes_are_valid_and_names_are_marked_as_demo() {
    let app = TestApp::spawn().await;
    generate(&app, 200, 1).await;

    let rows = app
        .db
        .client()
        .await
        .query("SELECT uscc, name_zh, name_en FROM enterprises", &[])
        .await
        .unwrap();

    assert_eq!(rows.len(), 200);
    for row in rows {
        let (code, zh, en): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        assert_eq!(Uscc::parse(&code).unwrap().as_str(), code);
        assert!(zh.contains("演示") && en.contains("demo"), "{zh} / {en}");
    }
}

#[tokio::test]
async fn about_one_in_twenty_is_a_group_with_subsidiaries_two_or_three_levels_below() {
    let app = TestApp::spawn().await;
    generate(&app, 200, 1).await;

    let groups = app
        .db
        .count("SELECT count(*) FROM enterprises WHERE parent_uscc IS NULL")
        .await;
    let deepest = app
        .db
        .count("SELECT max(level)::bigint FROM enterprises")
        .await;
    let inconsistent = app
        .db
        .count(
            "SELECT count(*) FROM enterprises c JOIN enterprises p ON c.parent_uscc = p.uscc \
         WHERE c.level <> p.level + 1",
        )
        .await;
    let orphans = app
        .db
        .count("SELECT count(*) FROM enterprises WHERE (parent_uscc IS NULL) <> (level = 1)")
        .await;

    assert!((5..=20).contains(&groups), "{groups} groups of 200");
    assert_eq!(deepest, 4);
    assert_eq!((inconsistent, orphans), (0, 0));
}

#[tokio::test]
async fn running_again_adds_nothing_and_a_larger_run_adds_only_what_is_missing() {
    let app = TestApp::spawn().await;
    generate(&app, 120, 2).await;

    let again = generate(&app, 120, 2).await;
    let larger = generate(&app, 150, 3).await;

    assert_eq!((again.enterprises, again.disclosures), (0, 0));
    assert_eq!(
        (larger.enterprises, larger.disclosures),
        (30, 150 * 3 * 2 - 120 * 2 * 2)
    );
    assert_eq!(app.db.count("SELECT count(*) FROM disclosures").await, 900);
}

#[tokio::test]
async fn the_pages_of_generated_enterprises_answer() {
    let app = TestApp::spawn().await;
    generate(&app, 60, 3).await;
    let client = app.db.client().await;
    let group: String = client
        .query_one(
            "SELECT uscc FROM enterprises WHERE level = 1 ORDER BY uscc LIMIT 1",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let deep: String = client
        .query_one(
            "SELECT uscc FROM enterprises WHERE level >= 3 ORDER BY uscc LIMIT 1",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let disclosure: i64 = client
        .query_one(
            "SELECT id FROM disclosures WHERE enterprise_uscc = $1 LIMIT 1",
            &[&deep],
        )
        .await
        .unwrap()
        .get(0);

    for path in [
        format!("/enterprises/{group}"),
        format!("/enterprises/{deep}"),
        format!("/enterprises/{deep}?lang=en"),
        format!("/disclosures/{disclosure}"),
        format!("/disclosures/{disclosure}/history"),
        "/enterprises".to_owned(),
    ] {
        let (status, body) = app.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("demo-banner"), "{path} has no demo banner");
    }
    let (_, page) = app.get_text(&format!("/enterprises/{group}")).await;
    assert!(page.contains("<svg"), "no chart");
    assert!(
        page.contains("2023") && page.contains("2025"),
        "years missing"
    );
}

#[tokio::test]
async fn seed_demo_with_flags_loads_the_demo_and_the_synthetic_enterprises() {
    let app = TestApp::spawn().await;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sunshine"))
            .arg("seed-demo")
            .args(args)
            .env("DATABASE_URL", &app.db.url)
            .output()
            .unwrap()
    };

    let output = run(&["--enterprises", "30", "--years", "2"]);
    let without_enterprises = run(&["--years", "2"]);

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("loaded 13 demo enterprises"), "{stdout}");
    assert!(
        stdout.contains("generated 30 synthetic enterprises and 120 disclosures"),
        "{stdout}"
    );
    assert!(!without_enterprises.status.success());
    assert_eq!(app.db.count("SELECT count(*) FROM enterprises").await, 43);
}
