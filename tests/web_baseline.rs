//! What every response shares: security headers, TLS, static files, probes, error pages.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::time::Duration;

use support::proxy::ToggleProxy;
use support::{eventually, test_settings, TestApp, TestDb};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/enterprises",
        "/no-such-page",
        "/static/css/site.css",
        "/healthz",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("permissions-policy"), "{path}");
        // Plain HTTP (behind a proxy, or in development) must not pin HSTS.
        assert!(!headers.contains_key("strict-transport-security"), "{path}");
    }
}

#[tokio::test]
async fn head_requests_to_pages_answer_like_get() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .head(format!("{}/", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("content-security-policy"));
}

#[tokio::test]
async fn pages_use_no_inline_script_or_style() {
    let app = TestApp::seeded().await;
    for path in ["/", "/enterprises", "/enterprises/NOT-A-CODE"] {
        let (_, body) = app.get_text(path).await;
        assert!(!body.contains("<script"), "{path} has a script");
        assert!(!body.contains("style="), "{path} has an inline style");
        assert!(!body.contains("<style"), "{path} has a style element");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{path} links off-site"
        );
    }
}

#[tokio::test]
async fn https_is_served_with_hsts_when_a_certificate_is_configured() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.key_pair.serialize_pem()).unwrap();
    let db = TestDb::new().await;
    let mut settings = test_settings(&db.url);
    settings.server.tls.cert_path = cert_path;
    settings.server.tls.key_path = key_path;
    let app = TestApp::spawn_with(db, settings).await;

    assert!(app.address.starts_with("https://"));
    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

#[tokio::test]
async fn static_files_have_validators_and_answer_304_when_unchanged() {
    let app = TestApp::spawn().await;
    let first = app.get("/static/css/site.css").await;
    assert_eq!(first.status(), 200);
    assert!(first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    let etag = first.headers()["etag"].clone();
    assert!(first.headers().contains_key("last-modified"));

    let again = app
        .client
        .get(format!("{}/static/css/site.css", app.address))
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();

    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn an_unknown_path_is_a_404_page_in_the_site_layout() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(body.contains("<main"), "not in the layout: {body}");
    assert!(body.contains("页面不存在"));
    assert!(body.contains("href=\"/static/css/site.css?v="));
}

#[tokio::test]
async fn probes_report_the_process_and_the_database_separately() {
    let db = TestDb::new().await;
    let upstream = db
        .url
        .split('@')
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let proxy = ToggleProxy::start(upstream).await;
    let via_proxy = format!("postgres://postgres@{}/{}", proxy.addr, db.name);
    let app = TestApp::spawn_with(db, test_settings(&via_proxy)).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(app.get("/enterprises").await.status(), 200);

    proxy.cut();

    let not_ready = eventually(Duration::from_secs(10), || async {
        app.get("/readyz").await.status() == 503
    })
    .await;
    assert!(
        not_ready,
        "/readyz kept answering 200 with the database gone"
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
    let (status, body) = app.get_text("/enterprises").await;
    assert_eq!(status, 503);
    assert!(body.contains("服务暂时不可用"), "{body}");

    proxy.restore();

    let ready_again = eventually(Duration::from_secs(10), || async {
        app.get("/readyz").await.status() == 200
    })
    .await;
    assert!(ready_again, "/readyz did not recover without a restart");
    assert_eq!(app.get("/enterprises").await.status(), 200);
}
