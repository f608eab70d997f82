//! A read replica: public pages, the API and search read from it, while `/readyz`, the
//! page cache's LISTEN connection and writes stay on the primary. The "replica" here is a
//! second database holding what the primary does not, so every answer shows where it was
//! read; real streaming replication (and its lag) is not set up in tests.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::str::FromStr;
use std::time::Duration;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use secrecy::SecretString;
use sunshine::disclosure::{publish, Content, Period, Provenance, StateCapitalStatement, Unit};
use sunshine::enterprise::demo_uscc;
use sunshine::web::page_cache::CACHE_STATUS_HEADER;
use support::proxy::ToggleProxy;
use support::{eventually, test_settings, TestApp, TestDb};

const WAIT: Duration = Duration::from_secs(10);

/// `host:port` of the test server, for a proxy in front of it.
fn upstream_of(db: &TestDb) -> String {
    let after_user = db.url.split('@').nth(1).unwrap();
    after_user.split('/').next().unwrap().to_owned()
}

/// The app on `primary`, reading from `replica` (reached at `replica_url`).
async fn spawn_with_replica(primary: TestDb, primary_url: &str, replica_url: &str) -> TestApp {
    let mut settings = test_settings(primary_url);
    settings.database.replica_url = SecretString::from(replica_url.to_owned());
    TestApp::spawn_with(primary, settings).await
}

#[tokio::test]
async fn pages_api_and_search_read_from_the_replica_while_readyz_checks_the_primary() {
    // Arrange: an empty primary behind a proxy we can cut, the demo data only on the replica.
    let primary = TestDb::new().await;
    let replica = TestDb::seeded().await;
    let proxy = ToggleProxy::start(upstream_of(&primary)).await;
    let via_proxy = format!("postgres://postgres@{}/{}", proxy.addr, primary.name);
    let app = spawn_with_replica(primary, &via_proxy, &replica.url).await;
    let uscc = demo_uscc(1);

    // Act and assert: everything public is read from the replica.
    for path in [
        format!("/enterprises/{uscc}"),
        format!("/api/v1/enterprises/{uscc}"),
        "/search?q=%E8%B5%84%E4%BA%A7".to_owned(),
        "/api/v1/search?q=%E8%B5%84%E4%BA%A7".to_owned(),
    ] {
        let (status, body) = app.get_text(&path).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(
            body.contains(uscc.as_str()),
            "{path} was not read from the replica"
        );
    }
    let (_, csv) = app.get_text("/search.csv?q=%E8%B5%84%E4%BA%A7").await;
    assert!(
        csv.contains(uscc.as_str()),
        "the CSV was not read from the replica"
    );
    assert_eq!(app.get("/readyz").await.status(), 200);

    // The primary goes down: readiness says so, pages keep coming from the replica.
    proxy.cut();
    let not_ready = eventually(WAIT, || async { app.get("/readyz").await.status() == 503 }).await;
    assert!(not_ready, "/readyz did not check the primary");
    let (status, _) = app.get_text(&format!("/enterprises/{uscc}")).await;
    assert_eq!(status, 200);
}

/// State capital for a year the demo does not publish, written to the primary.
async fn publish_on(db: &TestDb, year: i16) {
    let mut conn = db.connection().await;
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
    publish(&mut conn, &demo_uscc(1), period, &provenance, &content)
        .await
        .unwrap();
}

async fn cache_status(app: &TestApp, path: &str) -> Option<String> {
    let response = app.get(path).await;
    let status = response.headers().get(CACHE_STATUS_HEADER)?;
    Some(status.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_publication_on_the_primary_drops_pages_rendered_from_the_replica() {
    // Arrange: the demo on both; pages kept in memory, rendered from the replica.
    let primary = TestDb::seeded().await;
    let replica = TestDb::seeded().await;
    let primary_url = primary.url.clone();
    let app = spawn_with_replica(primary, &primary_url, &replica.url).await;
    let path = format!("/enterprises/{}", demo_uscc(1));
    let on = eventually(WAIT, || async { cache_status(&app, &path).await.is_some() }).await;
    assert!(on, "the page cache never turned on with a replica");
    assert_eq!(cache_status(&app, &path).await.as_deref(), Some("hit"));

    // Act: a publication on the primary (notified there, never on the replica).
    publish_on(&app.db, 2019).await;

    // Assert: the page is rendered again, and the cache stays on (the replica, not in
    // recovery here, counts as having replayed it).
    let dropped = eventually(WAIT, || async {
        cache_status(&app, &path).await.as_deref() == Some("miss")
    })
    .await;
    assert!(
        dropped,
        "the page from before the publication was still served"
    );
    let back = eventually(WAIT, || async {
        cache_status(&app, &path).await.as_deref() == Some("hit")
    })
    .await;
    assert!(
        back,
        "the cache did not stay on after the replica had replayed"
    );
}

#[tokio::test]
async fn waiting_for_the_replica_to_replay_ends_at_once_when_caught_up_and_fails_when_unreachable()
{
    let primary = TestDb::new().await;
    let replica = TestDb::new().await;
    let mut primary_conn = primary.connection().await;
    let mut settings = test_settings(&primary.url);
    settings.database.replica_url = SecretString::from(replica.url.clone());
    let primary_pool = sunshine::db::build_pool(&settings.database).unwrap();
    let pool = sunshine::db::ReadPool::build(&settings.database, &primary_pool).unwrap();
    assert!(pool.is_replica());

    let waited =
        sunshine::db::replica::wait_for_replay(&mut primary_conn, &pool, Duration::from_secs(5))
            .await;
    assert_eq!(waited, Ok(()));

    let proxy = ToggleProxy::start(upstream_of(&replica)).await;
    settings.database.replica_url = SecretString::from(format!(
        "postgres://postgres@{}/{}",
        proxy.addr, replica.name
    ));
    let pool = sunshine::db::ReadPool::build(&settings.database, &primary_pool).unwrap();
    proxy.cut();
    let waited =
        sunshine::db::replica::wait_for_replay(&mut primary_conn, &pool, Duration::from_secs(5))
            .await;
    assert!(
        waited.is_err(),
        "an unreachable replica was taken as caught up"
    );
}
