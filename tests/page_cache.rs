//! Rendered pages kept in memory: what is published shows up without a restart, whoever
//! publishes, and nothing stale is served while the instance cannot hear publications.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::str::FromStr;
use std::time::Duration;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel_async::RunQueryDsl;
use reqwest::header;
use sunshine::disclosure::{publish, Content, Period, Provenance, StateCapitalStatement, Unit};
use sunshine::enterprise::demo_uscc;
use sunshine::web::page_cache::{CACHE_STATUS_HEADER, LISTENER_APPLICATION_NAME};
use support::{eventually, TestApp};

const WAIT: Duration = Duration::from_secs(10);

/// State capital for a year the demo does not publish, so the year appears on the page.
async fn publish_capital(app: &TestApp, year: i16) -> String {
    let mut conn = app.db.connection().await;
    let content = Content::StateCapital(StateCapitalStatement {
        unit: Unit::WanYuan,
        opening_state_capital: BigDecimal::from_str("1000").unwrap(),
        closing_state_capital: BigDecimal::from_str("1234.56").unwrap(),
        factors: Vec::new(),
    });
    let provenance = Provenance {
        source: format!("{year}年度国有资本保值增值情况报告"),
        as_of: NaiveDate::from_ymd_opt(i32::from(year), 12, 31).unwrap(),
        documents: Vec::new(),
        published_at: None,
    };
    let period = Period {
        year,
        quarter: None,
    };
    let id = publish(&mut conn, &demo_uscc(1), period, &provenance, &content)
        .await
        .unwrap();
    // The enterprise page links every disclosure it shows.
    format!("href=\"/disclosures/{id}\"")
}

fn profile_path() -> String {
    format!("/enterprises/{}", demo_uscc(1))
}

/// Waits until pages come from memory (they then say whether they were a hit).
async fn cache_is_on(app: &TestApp) {
    let on = eventually(WAIT, || async {
        app.get(&profile_path())
            .await
            .headers()
            .contains_key(CACHE_STATUS_HEADER)
    })
    .await;
    assert!(on, "the page cache never turned on");
}

async fn page_shows(app: &TestApp, text: &str) -> bool {
    let (status, body) = app.get_text(&profile_path()).await;
    status == 200 && body.contains(text)
}

#[tokio::test]
async fn a_publication_by_another_process_reaches_a_page_already_in_memory() {
    let app = TestApp::seeded().await;
    cache_is_on(&app).await;
    let link = publish_capital(&app, 2019).await;
    assert!(
        eventually(WAIT, || page_shows(&app, &link)).await,
        "the published year never appeared on the enterprise page"
    );
}

/// The report form's list of enterprises is kept in memory too (a flood of refused
/// submissions shows it again and again), under the same rule as pages.
#[tokio::test]
async fn the_report_form_offers_an_enterprise_by_its_new_name_once_renamed() {
    let app = TestApp::seeded().await;
    cache_is_on(&app).await;
    let uscc = demo_uscc(1);
    let (_, form) = app.get_text("/report").await;
    assert!(
        form.contains(uscc.as_ref()),
        "the form does not list the enterprise"
    );
    let mut conn = app.db.connection().await;
    diesel::sql_query("UPDATE enterprises SET name_zh = '更名后的城投集团' WHERE uscc = $1")
        .bind::<diesel::sql_types::Text, _>(uscc.as_ref())
        .execute(&mut conn)
        .await
        .unwrap();
    let renamed = format!("更名后的城投集团（{uscc}）");
    let offered = eventually(WAIT, || async {
        app.get_text("/report").await.1.contains(&renamed)
    })
    .await;
    assert!(offered, "the report form still offers the old name");
}

#[tokio::test]
async fn a_browser_revalidating_its_copy_gets_304_and_gzip_bytes_otherwise() {
    let app = TestApp::seeded().await;
    cache_is_on(&app).await;
    let url = format!("{}{}", app.address, profile_path());
    let first = app.client.get(&url).send().await.unwrap();
    let etag = first.headers()[header::ETAG].clone();
    let plain = first.text().await.unwrap();
    assert!(
        plain.contains("</html>"),
        "plain clients get the page inflated"
    );

    let revalidated = app
        .client
        .get(&url)
        .header(header::IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);

    let compressed = app
        .client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(compressed.headers()[header::ETAG], etag);
    let bytes = compressed.bytes().await.unwrap();
    assert!(bytes.len() < plain.len() / 3, "stored compressed");
}

#[tokio::test]
async fn nothing_stale_is_served_after_the_listening_connection_was_lost() {
    let app = TestApp::seeded().await;
    cache_is_on(&app).await;
    let client = app.db.client().await;
    // Cut the instance off from notifications, then publish while it cannot hear.
    let killed = client
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND application_name = $2",
            &[&app.db.name, &LISTENER_APPLICATION_NAME],
        )
        .await
        .unwrap();
    assert_eq!(killed.len(), 1, "one listening connection per instance");
    let link = publish_capital(&app, 2019).await;
    assert!(
        eventually(WAIT, || page_shows(&app, &link)).await,
        "a page from before the lost connection was still served"
    );
    // And it listens again: a later publication reaches the page too.
    cache_is_on(&app).await;
    let link = publish_capital(&app, 2018).await;
    assert!(
        eventually(WAIT, || page_shows(&app, &link)).await,
        "a publication after reconnecting never reached the page"
    );
}

#[tokio::test]
async fn pages_for_one_language_are_never_served_in_the_other() {
    let app = TestApp::seeded().await;
    cache_is_on(&app).await;
    let url = format!("{}{}", app.address, profile_path());
    let zh = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let en = app
        .client
        .get(&url)
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .header(header::COOKIE, "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.contains("lang=\"zh-CN\""), "{}", &zh[..200]);
    assert!(en.contains("lang=\"en\""), "{}", &en[..200]);
}

#[tokio::test]
async fn api_responses_come_from_memory_with_their_own_headers() {
    let app = TestApp::seeded().await;
    cache_is_on(&app).await;
    let url = format!("{}/api/v1/enterprises/{}", app.address, demo_uscc(1));
    let first = app.client.get(&url).send().await.unwrap();
    assert_eq!(first.headers()[CACHE_STATUS_HEADER], "miss");
    let second = app.client.get(&url).send().await.unwrap();
    assert_eq!(second.headers()[CACHE_STATUS_HEADER], "hit");
    for response in [&first, &second] {
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert!(headers.contains_key(header::LAST_MODIFIED));
    }
    assert_eq!(
        first.headers()[header::ETAG],
        second.headers()[header::ETAG]
    );
    let modified = second.headers()[header::LAST_MODIFIED].clone();
    let body: serde_json::Value = serde_json::from_slice(&second.bytes().await.unwrap()).unwrap();
    assert_eq!(body["uscc"], demo_uscc(1).to_string());

    let revalidated = app
        .client
        .get(&url)
        .header(header::IF_MODIFIED_SINCE, modified)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);
    assert_eq!(revalidated.headers()[CACHE_STATUS_HEADER], "hit");
}

#[tokio::test]
async fn pages_carry_a_validator_even_while_the_cache_is_off() {
    let db = support::TestDb::seeded().await;
    let mut settings = support::test_settings(&db.url);
    settings.web.page_cache_mb = 0;
    let app = TestApp::spawn_with(db, settings).await;
    let url = format!("{}{}", app.address, profile_path());
    let first = app.client.get(&url).send().await.unwrap();
    assert!(!first.headers().contains_key(CACHE_STATUS_HEADER));
    assert_eq!(
        first.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    let etag = first.headers()[header::ETAG].clone();
    let revalidated = app
        .client
        .get(&url)
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), 304);
}
