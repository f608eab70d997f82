//! Nothing that identifies a visitor is written anywhere: the real binary's log output is
//! captured while a request comes from a distinctive loopback address.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::TestDb;

const CLIENT_ADDRESS: &str = "127.0.0.77";
const USER_AGENT: &str = "WhistleblowerBrowser/9.9";
const FORWARDED_FOR: &str = "203.0.113.45";

#[tokio::test]
async fn request_logs_never_contain_the_client_address_or_user_agent() {
    let db = TestDb::new().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args(["serve", "--bind", "127.0.0.2:0"])
        .env("DATABASE_URL", &db.url)
        .env("SUNSHINE__LOG__LEVEL", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sunshine");
    let (lines_tx, lines) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = lines_tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let mut log = Vec::new();
    let url = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("sunshine printed its address");
        log.push(line.clone());
        if let Some(at) = line.find("http://127.0.0.2:") {
            break line[at..].split_whitespace().next().unwrap().to_owned();
        }
    };
    let client = reqwest::Client::builder()
        .local_address(CLIENT_ADDRESS.parse::<IpAddr>().unwrap())
        .user_agent(USER_AGENT)
        .build()
        .unwrap();

    for path in ["/", "/enterprises", "/enterprises/NOT-A-CODE", "/nowhere"] {
        let response = client
            .get(format!("{url}{path}"))
            .header("X-Forwarded-For", FORWARDED_FOR)
            .header("X-Real-IP", FORWARDED_FOR)
            .send()
            .await
            .expect("request");
        assert!(response.status().as_u16() < 500, "{path}");
    }
    // Wait for the request log line of the last request, then stop the server.
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(10))
            .expect("request was logged");
        log.push(line.clone());
        if line.contains("/nowhere") {
            break;
        }
    }
    child.kill().ok();
    child.wait().ok();
    log.extend(lines.try_iter());

    let log = log.join("\n");
    assert!(
        log.contains("/enterprises"),
        "requests are logged at all:\n{log}"
    );
    for secret in [CLIENT_ADDRESS, USER_AGENT, FORWARDED_FOR] {
        assert!(!log.contains(secret), "log contains {secret}:\n{log}");
    }
}
