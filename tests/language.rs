//! Chinese by default, English on request: by query, cookie or Accept-Language.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use support::TestApp;

#[tokio::test]
async fn pages_are_in_simplified_chinese_by_default() {
    let app = TestApp::spawn().await;
    let (_, body) = app.get_text("/").await;
    assert!(body.contains("<html lang=\"zh-CN\">"));
    assert!(body.contains("企业名录"));
}

#[tokio::test]
async fn lang_en_switches_to_english_and_is_remembered_in_a_cookie() {
    let app = TestApp::spawn().await;

    let response = app.get("/enterprises?lang=en").await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();

    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("Enterprises"));
    assert!(!body.contains("企业名录"));
    assert!(cookie.starts_with("lang=en"), "{cookie}");

    // The next page, without ?lang, stays in English through the cookie.
    let (_, next) = app.get_text("/").await;
    assert!(next.contains("<html lang=\"en\">"));

    // And ?lang=zh switches back.
    let (_, back) = app.get_text("/?lang=zh").await;
    assert!(back.contains("<html lang=\"zh-CN\">"));
}

#[tokio::test]
async fn accept_language_picks_english_for_an_english_browser() {
    let app = TestApp::spawn().await;
    let body = app
        .client
        .get(format!("{}/", app.address))
        .header("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn the_language_links_keep_the_current_page_and_filters() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get_text("/enterprises?industry=J").await;
    assert!(
        body.contains("href=\"&#x2F;enterprises?industry=J&amp;lang=en\""),
        "no link to this page in English"
    );
}

#[tokio::test]
async fn error_pages_follow_the_readers_language() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_text("/enterprises/NOT-A-CODE?lang=en").await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}
