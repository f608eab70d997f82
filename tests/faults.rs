//! Fault tests (issue 8): PostgreSQL really restarted while reporters submit, the SMTP
//! server gone for a while, and `sunshine import` killed in the middle of its transaction.
//!
//! Short in CI. `SUNSHINE_FAULT_ROUNDS` (default 1) repeats each fault; `scripts/faults`
//! runs many rounds against the release build and prints the `FAULTS` lines each test
//! writes with its figures.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::multipart::Form;
use secrecy::SecretString;
use support::cluster::PrivateCluster;
use support::process::ServeProcess;
use support::smtp::{free_port, SmtpSink};
use support::staff::{between, receipt_code};
use support::triage::{mail_settings, submit, triager};
use support::{eventually, TestApp, TestDb};

/// How many times each fault is repeated: 1 in CI, more from `scripts/faults`.
fn rounds() -> usize {
    std::env::var("SUNSHINE_FAULT_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1)
}

// ------------------------------------------------------------ PostgreSQL restarted

/// Reporters submitting at once, each from an address of its own.
const REPORTERS: u8 = 4;

/// What the reporters saw, with when they saw it.
#[derive(Default)]
struct Seen {
    attempted: usize,
    /// Receipt codes shown, with the words of the report they were shown for.
    codes: Vec<(String, String)>,
    /// When each submission that got a code was sent, and when its code was shown.
    code_times: Vec<(Instant, Instant)>,
    /// Honest "nothing was saved" pages: 503, no code, the typed text kept.
    not_saved: usize,
    /// Anything else, described: every one is a failure of the test.
    other: Vec<String>,
}

impl Seen {
    /// When the first submission sent after `moment` was shown its code.
    fn first_code_after(&self, moment: Instant) -> Option<Instant> {
        self.code_times
            .iter()
            .find(|(sent, _)| *sent > moment)
            .map(|(_, shown)| *shown)
    }
}

/// Submits reports one after another until `stop`; every report's text is unique, so a
/// receipt code can be matched with what was sent.
async fn reporter(index: u8, url: String, stop: Arc<AtomicBool>, seen: Arc<Mutex<Seen>>) {
    let client = reqwest::Client::builder()
        .local_address(format!("127.0.0.{}", 10 + index).parse::<IpAddr>().unwrap())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let words = format!("仓库的账外资金 fault-marker-{index}-{n}-end");
        let form = Form::new()
            .text("kind", "report")
            .text("what", words.clone());
        let sent = Instant::now();
        let answer = client
            .post(format!("{url}/report?lang=en"))
            .multipart(form)
            .send()
            .await;
        let outcome = match answer {
            Ok(response) => {
                let status = response.status().as_u16();
                (status, response.text().await.unwrap_or_default())
            }
            Err(e) => (0, format!("no answer: {e}")),
        };
        let mut seen = seen.lock().unwrap();
        seen.attempted += 1;
        match outcome {
            (200, body) if receipt_code(&body).is_some() => {
                seen.codes.push((receipt_code(&body).unwrap(), words));
                seen.code_times.push((sent, Instant::now()));
            }
            (503, body)
                if receipt_code(&body).is_none()
                    && body.contains("data-notice=\"not_saved\"")
                    && body.contains(&words) =>
            {
                seen.not_saved += 1;
            }
            (status, body) => {
                let start: String = body.chars().take(400).collect();
                seen.other.push(format!("{status}: {start}"));
            }
        }
    }
}

/// The codes among `codes` that do not open the report they were shown for, looked up
/// at `/report/followup` by as many followers as there are reporters.
async fn codes_not_opening_their_report(url: &str, codes: &[(String, String)]) -> Vec<String> {
    let chunk = codes.len().div_ceil(usize::from(REPORTERS)).max(1);
    let followers: Vec<_> = codes
        .chunks(chunk)
        .map(|part| {
            let (url, part) = (url.to_owned(), part.to_vec());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut lost = Vec::new();
                for (code, words) in part {
                    let thread = client
                        .post(format!("{url}/report/followup?lang=en"))
                        .form(&[("code", &code)])
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap();
                    if !thread.contains(&words) {
                        lost.push(code);
                    }
                }
                lost
            })
        })
        .collect();
    let mut lost = Vec::new();
    for follower in followers {
        lost.extend(follower.await.unwrap());
    }
    lost
}

/// The real binary on a cluster of its own, with limits that stay out of the way.
async fn serve_on(cluster: &PrivateCluster) -> (ServeProcess, String) {
    let url = format!("{}/sunshine_faults", cluster.server);
    let migrated = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    // What `sunshine keys init` does: the form opens.
    let mut conn = sunshine::db::connect(&SecretString::from(url.clone()))
        .await
        .unwrap();
    sunshine::report::init_recovery(&mut conn, &sunshine::audit::Actor::cli())
        .await
        .unwrap()
        .unwrap();
    let server = ServeProcess::start(
        &url,
        "127.0.0.1:0",
        &[
            ("SUNSHINE__REPORTS__SUBMISSIONS_PER_CLIENT", "1000000"),
            ("SUNSHINE__REPORTS__SUBMISSIONS_GLOBAL", "1000000"),
            ("SUNSHINE__REPORTS__CODE_CHECKS_PER_CLIENT", "1000000"),
            ("SUNSHINE__DATABASE__ACQUIRE_TIMEOUT_SECS", "2"),
        ],
    );
    (server, url)
}

#[tokio::test]
async fn reports_sent_while_postgresql_restarts_are_either_stored_with_a_code_or_honestly_refused()
{
    let cluster = PrivateCluster::start("restart");
    let (mut server, url) = serve_on(&cluster).await;
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let reporters: Vec<_> = (0..REPORTERS)
        .map(|i| tokio::spawn(reporter(i, server.url.clone(), stop.clone(), seen.clone())))
        .collect();

    let mut downtimes = Vec::new();
    let mut recoveries = Vec::new();
    for _ in 0..rounds() {
        // Reports are flowing before the database goes away.
        let before = seen.lock().unwrap().codes.len();
        let flowing = eventually(Duration::from_secs(30), || async {
            seen.lock().unwrap().codes.len() >= before + usize::from(REPORTERS)
        })
        .await;
        assert!(flowing, "reports are accepted before the restart");

        let began = Instant::now();
        tokio::task::spawn_blocking(cluster.restarter())
            .await
            .unwrap();
        let back = Instant::now();
        downtimes.push(back - began);

        // Sunshine is not restarted: its pool finds the new server by itself.
        let recovered = eventually(Duration::from_secs(30), || async {
            seen.lock().unwrap().first_code_after(back).is_some()
        })
        .await;
        assert!(recovered, "new reports are accepted after the restart");
        recoveries.push(seen.lock().unwrap().first_code_after(back).unwrap() - back);
    }
    stop.store(true, Ordering::Relaxed);
    for reporter in reporters {
        reporter.await.unwrap();
    }

    let seen = Arc::try_unwrap(seen).ok().unwrap().into_inner().unwrap();
    assert!(
        seen.other.is_empty(),
        "every answer is a code or an honest refusal: {:#?}",
        seen.other
    );
    // Every code shown leads its reporter to the report it was shown for.
    let lost = codes_not_opening_their_report(&server.url, &seen.codes).await;
    // ... and nothing refused was stored after all: as many reports as codes.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let stored: i64 = client
        .query_one("SELECT count(*) FROM reports", &[])
        .await
        .unwrap()
        .get(0);
    let kept = (seen.codes.len() - lost.len()) as i64;
    println!(
        "FAULTS restart: rounds={} attempted={} codes={} not_saved={} stored={} lost={} \
         stored_without_code={} {} {}",
        rounds(),
        seen.attempted,
        seen.codes.len(),
        seen.not_saved,
        stored,
        lost.len(),
        stored - kept,
        spread("downtime", &downtimes),
        spread("recovery", &recoveries),
    );
    assert!(
        lost.is_empty(),
        "codes shown for reports not stored: {lost:?}"
    );
    assert_eq!(
        stored, kept,
        "a report refused as not saved was stored after all"
    );
    server.terminate(Duration::from_secs(30));
    assert!(!server.log().contains("panicked"), "{}", server.log());
}

/// `NAME_median_ms=… NAME_max_ms=…`, for the figures line.
fn spread(name: &str, durations: &[Duration]) -> String {
    let mut ms: Vec<u128> = durations.iter().map(Duration::as_millis).collect();
    ms.sort_unstable();
    let median = ms.get(ms.len() / 2).copied().unwrap_or_default();
    let max = ms.last().copied().unwrap_or_default();
    format!("{name}_median_ms={median} {name}_max_ms={max}")
}

// ------------------------------------------------------------ SMTP server away

/// A demo group company; accusations about it go to discipline inspection.
const GROUP: &str = "91450500DEM000001J";
/// Reports per phase (server up, server down) of each round.
const LETTERS_PER_PHASE: usize = 3;

async fn submit_several(app: &TestApp, round: usize, phase: &str) {
    for n in 0..LETTERS_PER_PHASE {
        let what = format!("副总经理收受回扣 round {round} {phase} {n}");
        submit(app, "accusation", GROUP, &what).await;
    }
}

/// The case each letter links to, in the order the server received them.
fn references_in(letters: &[String]) -> Vec<String> {
    letters
        .iter()
        .map(|raw| {
            let letter = mail_parser::MessageParser::default()
                .parse(raw.as_bytes())
                .unwrap();
            let body = letter.body_text(0).unwrap_or_default();
            between(&body, "/admin/cases/", "\n")
                .unwrap_or_else(|| panic!("no link: {body}"))
                .trim()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn letters_queued_while_the_smtp_server_is_down_are_delivered_once_each_when_it_returns() {
    let db = TestDb::seeded().await;
    let port = free_port();
    let mut settings = mail_settings(&db, port);
    settings.reports.submissions_per_client = 1000;
    settings.reports.submissions_global = 1000;
    let sink_dir = settings.data.dir.join("smtp");
    let app = TestApp::spawn_with(db, settings).await;
    let recovery = app.open_reports().await;
    let _member = triager(&app, &recovery, "ma@example.org", "discipline").await;
    let queued = || app.db.count("SELECT count(*) FROM mail_outbox");
    let sent = || {
        app.db
            .count("SELECT count(*) FROM mail_outbox WHERE sent_on IS NOT NULL")
    };

    let mut sink = SmtpSink::start(port, &sink_dir).await;
    let mut outage_attempts = Vec::new();
    for round in 0..rounds() {
        submit_several(&app, round, "up").await;
        let expected = queued().await;
        let delivered = eventually(Duration::from_secs(20), || async {
            sent().await == expected
        })
        .await;
        assert!(delivered, "letters go out while the server is up");

        // The server goes away, and reports keep arriving.
        sink.stop().await;
        submit_several(&app, round, "down").await;
        let tried = eventually(Duration::from_secs(20), || async {
            app.db
                .count("SELECT count(*) FROM mail_outbox WHERE sent_on IS NULL AND attempts >= 2")
                .await
                == LETTERS_PER_PHASE as i64
        })
        .await;
        assert!(tried, "the outbox keeps trying while the server is down");
        outage_attempts.push(
            app.db
                .count("SELECT coalesce(sum(attempts), 0) FROM mail_outbox WHERE sent_on IS NULL")
                .await,
        );

        // Back on the same port; the sink numbers its files on from where it stopped.
        sink = SmtpSink::start(port, &sink_dir).await;
        let expected = queued().await;
        let caught_up = eventually(Duration::from_secs(20), || async {
            sent().await == expected
        })
        .await;
        assert!(
            caught_up,
            "every waiting letter goes out once the server is back"
        );
    }

    // The relay accepts before the outbox commits: the last letter is on disk by now.
    let references = references_in(&sink.letters());
    let rows = app
        .db
        .client()
        .await
        .query("SELECT reference FROM mail_outbox ORDER BY reference", &[])
        .await
        .unwrap();
    let mut expected: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    let mut received = references.clone();
    received.sort();
    expected.sort();
    let mut distinct = received.clone();
    distinct.dedup();
    println!(
        "FAULTS smtp: rounds={} queued={} delivered={} duplicates={} failed_attempts_during_outages={}",
        rounds(),
        expected.len(),
        received.len(),
        received.len() - distinct.len(),
        outage_attempts.iter().sum::<i64>(),
    );
    assert_eq!(
        received, expected,
        "every letter arrives, each exactly once"
    );
    sink.stop().await;
}

// ------------------------------------------------------------ import killed

/// Years the demo does not publish, for the generated file: enough of them that its
/// import takes seconds, so it can be caught in the middle (a release build is faster).
fn years() -> std::ops::RangeInclusive<i16> {
    if cfg!(debug_assertions) {
        2010..=2019
    } else {
        1990..=2019
    }
}

/// A valid `financial` file: every demo enterprise, every year of [`years`], the year and
/// each quarter. Returns its path and its row count.
fn large_financial_file(dir: &Path) -> (PathBuf, usize) {
    let mut text = String::from(
        "uscc,year,quarter,unit,total_assets,total_liabilities,owners_equity,\
         revenue,total_profit,net_profit,audited,source\n",
    );
    let mut rows = 0;
    for index in 0..sunshine::enterprise::DEMO_ENTERPRISE_COUNT {
        let uscc = sunshine::enterprise::demo_uscc(index);
        for year in years() {
            for quarter in ["", "1", "2", "3", "4"] {
                let assets = 100_000 + rows * 7;
                text.push_str(&format!(
                    "{uscc},{year},{quarter},wan_yuan,{assets}.25,{}.50,{}.75,{}.00,12.30,9.20,false,{year}年财务快报（故障测试）\n",
                    assets / 2,
                    assets - assets / 2,
                    assets / 10,
                ));
                rows += 1;
            }
        }
    }
    let path = dir.join("financial-large.csv");
    std::fs::write(&path, text).unwrap();
    (path, rows)
}

fn import_command(db: &TestDb, file: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sunshine"));
    command
        .arg("import")
        .arg(file)
        .env("DATABASE_URL", &db.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// The one number `sql` returns, read through `watcher`.
async fn number(
    watcher: &tokio_postgres::Client,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> i64 {
    let row = watcher.query_one(sql, params).await;
    row.unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

/// Disclosures of the generated file's years, as anyone reading the database sees them.
async fn imported(watcher: &tokio_postgres::Client) -> i64 {
    let sql = "SELECT count(*) FROM disclosures WHERE period_year BETWEEN $1 AND $2";
    number(watcher, sql, &[years().start(), years().end()]).await
}

/// Another session of this database whose transaction has written something.
async fn writing_sessions(watcher: &tokio_postgres::Client) -> i64 {
    let sql = "SELECT count(*) FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid()
                 AND backend_xid IS NOT NULL";
    number(watcher, sql, &[]).await
}

/// Other sessions of this database.
async fn other_sessions(watcher: &tokio_postgres::Client) -> i64 {
    let sql = "SELECT count(*) FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid()
                 AND backend_type = 'client backend'";
    number(watcher, sql, &[]).await
}

#[tokio::test]
async fn an_import_killed_in_the_middle_leaves_nothing_and_the_next_run_imports_the_whole_file() {
    let db = TestDb::seeded().await;
    let dir = tempfile::tempdir().unwrap();
    let (file, rows) = large_financial_file(dir.path());
    // One connection watches, so the watching leaves no sessions of its own behind.
    let watcher = db.client().await;
    let audit_before: i64 = watcher
        .query_one("SELECT count(*) FROM audit_log", &[])
        .await
        .unwrap()
        .get(0);

    let mut to_the_middle = Vec::new();
    for _ in 0..rounds() {
        let started = Instant::now();
        let mut child = import_command(&db, &file).spawn().unwrap();
        // "In the middle": its transaction has written rows it has not committed.
        let writing = eventually(Duration::from_secs(60), || async {
            writing_sessions(&watcher).await > 0
        })
        .await;
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be caught writing; make the file larger"
        );
        assert!(writing, "the import's transaction never started writing");
        to_the_middle.push(started.elapsed());
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();

        // PostgreSQL notices the closed connection and rolls the transaction back.
        let gone = eventually(Duration::from_secs(20), || async {
            other_sessions(&watcher).await == 0
        })
        .await;
        assert!(gone, "the killed import's session ends");
        assert_eq!(
            imported(&watcher).await,
            0,
            "nothing of a killed run is visible"
        );
    }
    let audit_after: i64 = watcher
        .query_one("SELECT count(*) FROM audit_log", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(audit_after, audit_before, "a killed run is not on record");

    let started = Instant::now();
    let done = import_command(&db, &file).output().unwrap();
    let whole_run = started.elapsed();
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(
        stdout.contains(&format!("{rows} row(s): {rows} published")),
        "{stdout}"
    );
    assert_eq!(
        imported(&watcher).await,
        rows as i64,
        "the whole file is published"
    );
    println!(
        "FAULTS import: rounds={} rows={} kills={} left_after_kill=0 {} whole_run_ms={}",
        rounds(),
        rows,
        to_the_middle.len(),
        spread("killed_after", &to_the_middle),
        whole_run.as_millis(),
    );
}
