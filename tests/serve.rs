//! `sunshine serve` as an operator runs it.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::time::Duration;

use support::process::ServeProcess;
use support::TestDb;

#[tokio::test]
async fn sigterm_stops_the_server_gracefully_with_a_zero_exit() {
    let db = TestDb::new().await;
    let mut server = ServeProcess::start(&db.url, "127.0.0.1:0", &[]);
    let response = reqwest::get(format!("{}/healthz", server.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let status = server.terminate(Duration::from_secs(20));

    assert!(status.success(), "exit status {status}\n{}", server.log());
    assert!(server.log().contains("stopped"), "{}", server.log());
}
