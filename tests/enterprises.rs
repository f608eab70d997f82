//! The enterprise registry as citizens browse it, and the demo data behind it.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use sunshine::enterprise::{demo_uscc, seed_demo, DEMO_ENTERPRISE_COUNT};
use support::TestApp;

#[tokio::test]
async fn the_listing_shows_the_demo_enterprises_marked_as_demo() {
    let app = TestApp::seeded().await;

    let (status, body) = app.get_text("/enterprises").await;

    assert_eq!(status, 200);
    assert!(body.contains("北海市城市建设投资集团有限公司（演示）"));
    assert!(body.contains("演示数据"), "no demo banner");
    assert!(body.contains("badge-demo"), "no demo badge");
    assert!(body.contains(&format!("共 {DEMO_ENTERPRISE_COUNT} 家企业")));
}

#[tokio::test]
async fn the_listing_in_english_shows_english_names() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get_text("/enterprises?lang=en").await;
    assert!(body.contains("Beihai Urban Construction Investment Group Co., Ltd. (demo)"));
    assert!(body.contains("13 enterprises"));
    assert!(body.contains("Finance"));
}

#[tokio::test]
async fn filters_narrow_the_listing_and_show_their_choice_back() {
    let app = TestApp::seeded().await;

    let (_, finance) = app.get_text("/enterprises?industry=J").await;
    assert!(finance.contains("北海市金融控股集团有限公司（演示）"));
    assert!(!finance.contains("北海市公共交通有限公司（演示）"));
    assert!(finance.contains("<option value=\"J\" selected>"));

    let (_, groups) = app.get_text("/enterprises?level=1").await;
    assert!(groups.contains("共 5 家企业"), "five demo groups");

    let (_, welfare) = app
        .get_text("/enterprises?function_type=public_welfare&industry=G")
        .await;
    assert!(welfare.contains("共 1 家企业"));
    assert!(welfare.contains("北海市公共交通有限公司（演示）"));
}

#[tokio::test]
async fn unknown_filter_values_are_ignored_rather_than_an_error() {
    let app = TestApp::seeded().await;
    let (status, body) = app
        .get_text("/enterprises?industry=ZZ&level=9&page=abc")
        .await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!("共 {DEMO_ENTERPRISE_COUNT} 家企业")));
}

#[tokio::test]
async fn the_listing_is_paginated_with_links_that_keep_the_filters() {
    let db = support::TestDb::new().await;
    let mut settings = support::test_settings(&db.url);
    settings.web.page_size = 5;
    let app = TestApp::spawn_with(db, settings).await;
    seed_demo(&mut app.db.connection().await).await.unwrap();

    let (_, first) = app
        .get_text("/enterprises?function_type=commercial_competitive")
        .await;
    assert!(first.contains("第 1 页，共 2 页"), "{first}");
    assert!(first.contains("function_type=commercial_competitive&amp;page=2"));

    let (_, last) = app
        .get_text("/enterprises?function_type=commercial_competitive&page=99")
        .await;
    assert!(
        last.contains("第 2 页，共 2 页"),
        "a page past the end shows the last one"
    );
    assert!(last.contains("rel=\"prev\""));
    assert!(!last.contains("rel=\"next\""));
}

#[tokio::test]
async fn a_profile_shows_the_group_above_and_the_subsidiaries_below() {
    let app = TestApp::seeded().await;
    // Index 2 is the property company: parent is the urban construction group (0),
    // and it has one subsidiary of its own (3).
    let (status, body) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(2)))
        .await;

    assert_eq!(status, 200);
    assert!(body.contains("<h1>北海市城投置业有限公司（演示）"));
    assert!(body.contains(&format!("href=\"/enterprises/{}\"", demo_uscc(0))));
    assert!(body.contains(&format!("href=\"/enterprises/{}\"", demo_uscc(3))));
    assert!(body.contains("70.00%"));
    assert!(body.contains("商业一类"));
}

#[tokio::test]
async fn a_lowercase_code_redirects_to_the_canonical_profile() {
    let app = TestApp::seeded().await;
    let code = demo_uscc(0).to_string();
    let response = app
        .get(&format!("/enterprises/{}", code.to_lowercase()))
        .await;
    assert_eq!(response.status(), 301);
    assert_eq!(
        response.headers()["location"],
        format!("/enterprises/{code}")
    );
}

#[tokio::test]
async fn a_malformed_or_unregistered_code_is_a_404_page() {
    let app = TestApp::seeded().await;
    let (status, body) = app.get_text("/enterprises/NOT-A-CODE").await;
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"));
    // Valid check character, but nobody registered it.
    let unregistered = sunshine::enterprise::Uscc::from_body("91450500MA5K00000").unwrap();
    let (status, _) = app.get_text(&format!("/enterprises/{unregistered}")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_home_page_counts_the_registry() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get_text("/").await;
    assert!(
        body.contains("目前收录 13 家企业，其中集团企业 5 家"),
        "{body}"
    );
}

#[tokio::test]
async fn seeding_twice_leaves_the_database_exactly_as_seeding_once() {
    let app = TestApp::spawn().await;
    let client = app.db.client().await;
    let dump = || async {
        client
            .query(
                "SELECT row_to_json(e)::text FROM enterprises e ORDER BY uscc",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<_, String>(0))
            .collect::<Vec<_>>()
    };
    let mut conn = app.db.connection().await;

    seed_demo(&mut conn).await.unwrap();
    let once = dump().await;
    seed_demo(&mut conn).await.unwrap();
    let twice = dump().await;

    assert_eq!(once.len(), DEMO_ENTERPRISE_COUNT);
    assert_eq!(
        once, twice,
        "a second seed changed rows (or their updated_at)"
    );
}
