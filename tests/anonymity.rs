//! Nothing that identifies a visitor is written anywhere: the real binary's log output is
//! captured while requests come from a distinctive loopback address.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::net::IpAddr;
use std::time::Duration;

use support::process::ServeProcess;
use support::TestDb;

const CLIENT_ADDRESS: &str = "127.0.0.77";
const USER_AGENT: &str = "WhistleblowerBrowser/9.9";
const FORWARDED_FOR: &str = "203.0.113.45";

#[tokio::test]
async fn request_logs_never_contain_the_client_address_or_user_agent() {
    let db = TestDb::new().await;
    // Trace level: not even a debug line of a dependency may carry the address.
    let mut server =
        ServeProcess::start(&db.url, "127.0.0.2:0", &[("SUNSHINE__LOG__LEVEL", "trace")]);
    let client = reqwest::Client::builder()
        .local_address(CLIENT_ADDRESS.parse::<IpAddr>().unwrap())
        .user_agent(USER_AGENT)
        .build()
        .unwrap();

    for path in ["/", "/enterprises", "/enterprises/NOT-A-CODE", "/nowhere"] {
        let response = client
            .get(format!("{}{path}", server.url))
            .header("X-Forwarded-For", FORWARDED_FOR)
            .header("X-Real-IP", FORWARDED_FOR)
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() < 500, "{path}");
    }
    server.wait_for_line(Duration::from_secs(10), |l| l.contains("/nowhere"));
    server.terminate(Duration::from_secs(10));

    let log = server.log();
    assert!(
        log.contains("/enterprises"),
        "requests are logged at all:\n{log}"
    );
    for secret in [CLIENT_ADDRESS, USER_AGENT, FORWARDED_FOR] {
        assert!(!log.contains(secret), "log contains {secret}:\n{log}");
    }
}
