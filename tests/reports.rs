//! Anonymous reports: the form, the receipt code, follow-up, sealing at rest, limits, and
//! that nothing identifying a reporter is stored or logged.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::net::IpAddr;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use support::process::ServeProcess;
use support::staff::{between, receipt_code};
use support::{test_settings, TestApp, TestDb};

const PHRASE: &str = "紫色长颈鹿在第七仓库清点了三次 zebra-kumquat-4711";
const ATTACHMENT: &[u8] = b"ATTACHMENT-BYTES-q8Zr71LmXp0-only-in-this-file";

/// A report form with the given text fields and files.
fn report(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Form {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    for (name, bytes) in files {
        let part = Part::bytes(bytes.to_vec()).file_name((*name).to_owned());
        form = form.part("files", part);
    }
    form
}

fn full_report() -> Form {
    report(
        &[
            ("kind", "exposure"),
            ("enterprise", "91450500DEM000001J"),
            ("what", PHRASE),
            ("when", "2025年3月"),
            ("amounts", "约300万元"),
        ],
        &[
            ("evidence.txt", ATTACHMENT),
            ("scan.pdf", b"%PDF-1.4 a scanned page"),
        ],
    )
}

async fn post(app: &TestApp, path: &str, form: Form) -> (u16, reqwest::header::HeaderMap, String) {
    let response = app
        .client
        .post(format!("{}{path}", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

async fn follow_up(app: &TestApp, code: &str) -> (u16, String) {
    let response = app
        .client
        .post(format!("{}/report/followup?lang=en", app.address))
        .form(&[("code", code)])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.db.count(&format!("SELECT count(*) FROM {table}")).await
}

#[tokio::test]
async fn a_reporter_sends_two_files_gets_a_code_and_follows_up_with_a_message() {
    let app = TestApp::seeded().await;
    app.open_reports().await;

    let (status, headers, body) = post(&app, "/report?lang=en", full_report()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(
        headers.get("set-cookie").is_none(),
        "no cookie on a report page"
    );
    let code = receipt_code(&body).expect("a receipt code is shown");
    assert_eq!(code.len(), 19, "16 digits in groups of four: {code}");
    assert!(code
        .split(' ')
        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_digit())));
    assert!(body.contains("evidence.txt") && body.contains("scan.pdf"));
    assert_eq!(count(&app, "reports").await, 1);
    assert_eq!(count(&app, "report_attachments").await, 2);

    // Typed as a person might: without spaces.
    let (status, thread) = follow_up(&app, &code.replace(' ', "")).await;
    assert_eq!(status, 200, "{thread}");
    assert!(thread.contains("Received, awaiting acceptance"));
    assert!(
        thread.contains("zebra-kumquat-4711"),
        "the reporter reads their own report"
    );
    assert!(thread.contains("evidence.txt"));

    let reply = report(
        &[
            ("code", &code),
            ("message", "补充：发票在三号柜 reply-marker-99"),
        ],
        &[("more.txt", b"more evidence")],
    );
    let (status, _, after) = post(&app, "/report/followup/reply?lang=en", reply).await;
    assert_eq!(status, 200, "{after}");
    assert!(after.contains("data-notice=\"sent\""));
    assert!(
        after.contains("reply-marker-99"),
        "the new message is in the thread"
    );
    assert_eq!(count(&app, "report_messages").await, 1);

    let (_, again) = follow_up(&app, &code).await;
    assert!(again.contains("reply-marker-99") && again.contains("more.txt"));
}

#[tokio::test]
async fn the_report_page_sets_no_cookie_and_is_never_cached() {
    let app = TestApp::seeded().await;
    for path in [
        "/report?lang=en",
        "/report",
        "/report/safety?lang=en",
        "/report/followup?lang=en",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
        let body = response.text().await.unwrap();
        // At most the optional proof of work's own file: never inline script.
        let scripts = body.matches("<script").count();
        assert_eq!(
            scripts,
            body.matches("<script src=\"/static/js/pow.js").count(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn before_keys_exist_the_form_says_reports_are_not_open_and_keeps_what_was_typed() {
    let app = TestApp::seeded().await;
    let (_, body) = app.get_text("/report?lang=en").await;
    assert!(body.contains("data-notice=\"closed\""));
    let (status, _, body) = post(&app, "/report?lang=en", full_report()).await;
    assert_eq!(status, 503);
    assert!(body.contains("zebra-kumquat-4711"));
    assert!(receipt_code(&body).is_none());
    assert_eq!(count(&app, "reports").await, 0);
}

#[tokio::test]
async fn problems_are_shown_beside_their_fields_with_everything_typed_kept() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    let form = report(&[("what", PHRASE), ("place", "第七仓库 place-marker")], &[]);
    let (status, _, body) = post(&app, "/report?lang=en", form).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("id=\"kind-problem\""),
        "the kind is asked for"
    );
    assert!(body.contains("zebra-kumquat-4711") && body.contains("place-marker"));
    assert!(receipt_code(&body).is_none());
}

#[tokio::test]
async fn an_oversized_file_is_refused_naming_the_limit_and_the_text_is_kept() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.reports.max_attachment_mb = 1;
    let app = TestApp::spawn_with(db, settings).await;
    app.open_reports().await;
    let big = vec![b'x'; 1_500_000];
    let form = report(
        &[("kind", "report"), ("what", PHRASE)],
        &[("huge-scan.tif", &big)],
    );
    let (status, _, body) = post(&app, "/report?lang=en", form).await;
    assert_eq!(status, 422);
    assert!(body.contains("huge-scan.tif"), "the file is named");
    assert!(body.contains("1 MB limit"), "the limit is named: {body}");
    assert!(body.contains("zebra-kumquat-4711"));
    assert_eq!(count(&app, "reports").await, 0);
}

#[tokio::test]
async fn when_the_limit_is_reached_the_429_page_keeps_everything_typed() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.reports.submissions_per_client = 1;
    let app = TestApp::spawn_with(db, settings).await;
    app.open_reports().await;
    let (status, _, _) = post(&app, "/report?lang=en", full_report()).await;
    assert_eq!(status, 200);
    let (status, headers, body) = post(&app, "/report?lang=en", full_report()).await;
    assert_eq!(status, 429);
    assert!(headers.contains_key("retry-after"));
    assert!(body.contains("data-notice=\"limited\""));
    assert!(body.contains("Please send again in"), "says when to retry");
    assert!(
        body.contains("zebra-kumquat-4711"),
        "what was typed is kept"
    );
    assert!(body.contains("约300万元"));
    assert!(
        body.contains("evidence.txt"),
        "the files to choose again are named"
    );
    assert_eq!(count(&app, "reports").await, 1);
}

#[tokio::test]
async fn the_honeypot_turns_robots_away_without_saying_why() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    let form = report(
        &[
            ("kind", "report"),
            ("what", PHRASE),
            ("website", "http://spam.example"),
        ],
        &[],
    );
    let (status, _, body) = post(&app, "/report?lang=en", form).await;
    assert_eq!(status, 400);
    assert!(receipt_code(&body).is_none());
    assert!(body.contains("data-notice=\"refused\""));
    let notice = between(&body, "id=\"notice\"", "</div>")
        .unwrap()
        .to_lowercase();
    for telltale in ["website", "honeypot", "robot", "bot", "leave this empty"] {
        assert!(
            !notice.contains(telltale),
            "the refusal mentions {telltale}: {notice}"
        );
    }
    assert_eq!(count(&app, "reports").await, 0);
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    let response = app
        .client
        .post(format!("{}/report", app.address))
        .header("Sec-Fetch-Site", "cross-site")
        .multipart(full_report())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(count(&app, "reports").await, 0);
}

#[tokio::test]
async fn a_report_whose_attachment_fails_to_store_leaves_nothing_and_shows_no_receipt() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    // The second file cannot be stored: the report and the first file must go too.
    app.db
        .client()
        .await
        .batch_execute(
            "CREATE FUNCTION refuse_second_file() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               IF (SELECT count(*) FROM report_attachments WHERE report_id = NEW.report_id) >= 1 THEN
                 RAISE EXCEPTION 'disk full';
               END IF;
               RETURN NEW;
             END $$;
             CREATE TRIGGER refuse_second_file BEFORE INSERT ON report_attachments
             FOR EACH ROW EXECUTE FUNCTION refuse_second_file();",
        )
        .await
        .unwrap();
    let (status, _, body) = post(&app, "/report?lang=en", full_report()).await;
    assert_eq!(status, 503);
    assert!(
        receipt_code(&body).is_none(),
        "no receipt for a report not stored"
    );
    assert!(body.contains("data-notice=\"not_saved\""));
    assert!(
        body.contains("zebra-kumquat-4711"),
        "the text comes back to send again"
    );
    assert_eq!(count(&app, "reports").await, 0);
    assert_eq!(count(&app, "report_attachments").await, 0);
}

#[tokio::test]
async fn with_the_database_down_the_reporter_is_told_nothing_was_saved_and_keeps_the_text() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    let (admin, connection) = tokio_postgres::connect(
        &format!("{}/postgres", support::pg_server()),
        tokio_postgres::NoTls,
    )
    .await
    .unwrap();
    tokio::spawn(connection);
    let name = &app.db.name;
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS false;
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';"
        ))
        .await
        .unwrap();
    let (status, _, body) = post(&app, "/report?lang=en", full_report()).await;
    assert_eq!(status, 503);
    assert!(receipt_code(&body).is_none());
    assert!(body.contains("data-notice=\"not_saved\""), "{body}");
    assert!(body.contains("zebra-kumquat-4711"));
    // Let the test database be dropped.
    admin
        .batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
}

#[tokio::test]
async fn wrong_receipt_codes_are_limited_per_client() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.reports.wrong_codes_per_client = 3;
    let app = TestApp::spawn_with(db, settings).await;
    app.open_reports().await;
    let (_, _, body) = post(&app, "/report?lang=en", full_report()).await;
    let code = receipt_code(&body).unwrap();

    let (status, body) = follow_up(&app, "1234 5678 9012 345").await;
    assert_eq!(status, 422, "a malformed code is not a guess");
    assert!(body.contains("16 digits"));
    for guess in [
        "0000 0000 0000 0001",
        "0000 0000 0000 0002",
        "0000 0000 0000 0003",
    ] {
        let (status, body) = follow_up(&app, guess).await;
        assert_eq!(status, 404);
        assert!(body.contains(guess), "the typed code is kept");
    }
    let (status, _) = follow_up(&app, "0000 0000 0000 0004").await;
    assert_eq!(status, 429, "a fourth wrong code is one too many");
    let (status, body) = follow_up(&app, &code).await;
    assert_eq!(
        status, 429,
        "even a right code waits: guesses cannot be confirmed"
    );
    assert!(body.contains("minutes"));
}

#[tokio::test]
async fn the_recovery_key_opens_the_unit_copy_of_a_report() {
    use sunshine::report::sealing::{DataKey, Field};
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    post(&app, "/report?lang=en", full_report()).await;
    let client = app.db.client().await;
    let row = client
        .query_one(
            "SELECT reference, unit_key_id, data_key_for_unit, content FROM reports",
            &[],
        )
        .await
        .unwrap();
    let (reference, unit_key_id): (String, i64) = (row.get(0), row.get(1));
    let mut conn = app.db.connection().await;
    let unit = sunshine::report::keys::unit_secret_by_recovery(&mut conn, &recovery, unit_key_id)
        .await
        .unwrap();
    let key = DataKey::unsealed_by(&unit, row.get::<_, &[u8]>(2)).unwrap();
    let content = key
        .open(&reference, Field::Content, row.get::<_, &[u8]>(3))
        .unwrap();
    assert!(String::from_utf8(content)
        .unwrap()
        .contains("zebra-kumquat-4711"));
}

/// The real binary, logging at trace level, takes a report from a distinctive address and
/// browser; then neither the database (as `pg_dump` writes it) nor the log holds the
/// report's words, its file's bytes, the address or the browser.
#[tokio::test]
async fn nothing_a_reporter_sent_or_who_they_are_appears_in_a_database_dump_or_the_logs() {
    const ADDRESS: &str = "127.0.0.78";
    const USER_AGENT: &str = "WhistleblowerBrowser/9.9 (unique-ua-5521)";
    let db = TestDb::seeded().await;
    let mut conn = db.connection().await;
    sunshine::report::init_recovery(&mut conn, &sunshine::audit::Actor::cli())
        .await
        .unwrap()
        .unwrap();
    let mut server =
        ServeProcess::start(&db.url, "127.0.0.2:0", &[("SUNSHINE__LOG__LEVEL", "trace")]);
    let client = reqwest::Client::builder()
        .local_address(ADDRESS.parse::<IpAddr>().unwrap())
        .user_agent(USER_AGENT)
        .build()
        .unwrap();
    let response = client
        .post(format!("{}/report?lang=en", server.url))
        .multipart(full_report())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let code = receipt_code(&response.text().await.unwrap()).unwrap();
    let thread = client
        .post(format!("{}/report/followup", server.url))
        .form(&[("code", &code)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(thread.contains("zebra-kumquat-4711"));
    // A page that is logged, so the log is known to be flowing before it is read.
    client
        .get(format!("{}/enterprises?end-marker", server.url))
        .send()
        .await
        .unwrap();
    server.wait_for_line(Duration::from_secs(10), |l| l.contains("/enterprises"));
    server.terminate(Duration::from_secs(10));

    let dump = std::process::Command::new("pg_dump")
        .args(["--no-owner", "--data-only", &db.url])
        .output()
        .expect("pg_dump runs");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dump = String::from_utf8_lossy(&dump.stdout).into_owned();
    assert!(
        dump.contains("report_attachments"),
        "the dump has the report tables"
    );
    let attachment_hex = hex::encode(ATTACHMENT);
    let log = server.log();
    // The report's reference and lookup hash, as a driver's debug line would print them.
    let row = db
        .client()
        .await
        .query_one("SELECT reference, receipt_lookup FROM reports", &[])
        .await
        .unwrap();
    let reference: String = row.get(0);
    let lookup: Vec<u8> = row.get(1);
    for (what, secret) in [
        ("the reference", reference.clone()),
        (
            "the reference as bytes",
            format!("{:?}", reference.as_bytes()),
        ),
        ("the lookup hash as bytes", format!("{:?}", &lookup[..8])),
    ] {
        assert!(!log.contains(&secret), "the log contains {what}:\n{log}");
    }
    let digits = code.replace(' ', "");
    for (what, secret) in [
        ("the report's words", "zebra-kumquat-4711"),
        ("the report's Chinese words", "紫色长颈鹿"),
        (
            "the attachment's bytes",
            std::str::from_utf8(ATTACHMENT).unwrap(),
        ),
        ("the attachment's bytes in hex", attachment_hex.as_str()),
        ("the client address", ADDRESS),
        ("the User-Agent", "unique-ua-5521"),
        ("the receipt code", digits.as_str()),
    ] {
        assert!(!dump.contains(secret), "the database dump contains {what}");
        assert!(!log.contains(secret), "the log contains {what}:\n{log}");
    }
    assert!(
        !log.contains("/report"),
        "report pages leave no log line:\n{log}"
    );
}

/// The number that solves a proof-of-work challenge, as `public/js/pow.js` finds it.
fn solve(challenge: &str, bits: u32) -> String {
    use sha2::{Digest, Sha256};
    (0u64..)
        .find(|n| {
            let digest = Sha256::digest(format!("{challenge}:{n}").as_bytes());
            let zeros: u32 = digest
                .iter()
                .scan(true, |going, byte| {
                    let z = if *going { byte.leading_zeros() } else { 0 };
                    *going = *going && *byte == 0;
                    Some(z)
                })
                .sum();
            zeros >= bits
        })
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_solved_proof_of_work_raises_the_allowance_once_per_challenge() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.reports.submissions_per_client = 1;
    settings.reports.submissions_per_client_with_proof = 5;
    settings.reports.proof_of_work_bits = 8;
    let app = TestApp::spawn_with(db, settings).await;
    app.open_reports().await;
    let response = app.get("/report?lang=en").await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let page = response.text().await.unwrap();
    assert!(page.contains("src=\"/static/js/pow.js"));
    let challenge =
        between(&page, "name=\"pow_challenge\" value=\"", "\"").expect("a challenge in the form");

    assert_eq!(post(&app, "/report?lang=en", full_report()).await.0, 200);
    assert_eq!(
        post(&app, "/report?lang=en", full_report()).await.0,
        429,
        "no proof: limited"
    );
    let nonce = solve(&challenge, 8);
    let proven = || {
        report(
            &[
                ("kind", "report"),
                ("what", PHRASE),
                ("pow_challenge", &challenge),
                ("pow_nonce", &nonce),
            ],
            &[],
        )
    };
    assert_eq!(
        post(&app, "/report?lang=en", proven()).await.0,
        200,
        "proof: allowed"
    );
    assert_eq!(
        post(&app, "/report?lang=en", proven()).await.0,
        429,
        "a challenge works once"
    );
    let script = app.get("/static/js/pow.js").await;
    assert_eq!(script.status(), 200);
}

/// `tests/fixtures/gps-photo.jpg`: a 32×24 JPEG whose EXIF says a Huawei P40 Pro took it
/// at 21°28'52.32" N, 109°7'13.08" E (made with Pillow and piexif; see docs/testing.md).
const GPS_PHOTO: &[u8] = include_bytes!("fixtures/gps-photo.jpg");

#[tokio::test]
async fn a_photo_is_stripped_of_its_position_and_the_reporter_is_told_what_was_found() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    let form = report(
        &[("kind", "report"), ("what", PHRASE)],
        &[
            ("IMG_20250314.jpg", GPS_PHOTO),
            ("notes.txt", b"plain notes"),
        ],
    );
    let (status, _, body) = post(&app, "/report?lang=en", form).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("21.48120"),
        "the position found is named: {body}"
    );
    assert!(body.contains("Huawei"), "the camera found is named");
    assert!(body.contains("saved a copy without this hidden information"));
    assert!(
        body.contains("image&#x2F;jpeg"),
        "the type comes from the content"
    );
    let client = app.db.client().await;
    let cleaned: i64 = client
        .query_one(
            "SELECT count(*) FROM report_attachments WHERE cleaned_from IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(cleaned, 1, "one cleaned copy, beside the original");
    assert_eq!(count(&app, "report_attachments").await, 3);
}

#[tokio::test]
async fn files_beyond_the_servers_upload_memory_are_refused_and_the_text_kept() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.reports.max_attachment_mb = 1;
    settings.reports.upload_memory_mb = 1;
    let app = TestApp::spawn_with(db, settings).await;
    app.open_reports().await;
    let part = vec![b'y'; 600_000];
    let form = report(
        &[("kind", "report"), ("what", PHRASE)],
        &[("first.bin", &part), ("second.bin", &part)],
    );
    let (status, _, body) = post(&app, "/report?lang=en", form).await;
    assert_eq!(status, 422);
    assert!(body.contains("server is busy"), "{body}");
    assert!(body.contains("second.bin") && body.contains("zebra-kumquat-4711"));
    assert_eq!(count(&app, "reports").await, 0);
    // The memory is given back: one file alone now fits.
    let form = report(
        &[("kind", "report"), ("what", PHRASE)],
        &[("first.bin", &part)],
    );
    assert_eq!(post(&app, "/report?lang=en", form).await.0, 200);
}

/// A flood keeps more submissions waiting than the line holds (`report::pacing`): the
/// ones past it are answered at once, with everything typed, instead of waiting on.
#[tokio::test]
async fn a_submission_finding_the_line_full_is_shown_again_with_what_was_typed() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    // One a second: the line holds two.
    settings.reports.intake_per_second = 1;
    settings.reports.submissions_per_client = 100;
    let app = TestApp::spawn_with(db, settings).await;
    app.open_reports().await;
    let answers = futures_util::future::join_all(
        (0..6).map(|_| post(&app, "/report?lang=en", full_report())),
    )
    .await;
    let stored = answers.iter().filter(|(status, ..)| *status == 200).count();
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == 503)
        .collect();
    assert_eq!(
        stored + busy.len(),
        6,
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    assert!(
        !busy.is_empty(),
        "six at once, yet the line of two never filled"
    );
    for (_, headers, body) in busy {
        assert!(body.contains("data-notice=\"busy\""), "{body}");
        assert!(body.contains(PHRASE), "what was typed is lost: {body}");
        assert_eq!(headers["retry-after"], "60");
    }
    assert_eq!(count(&app, "reports").await, stored as i64);
}
