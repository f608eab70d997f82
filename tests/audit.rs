//! The audit trail: the chain verifies and its head is public; rewriting history is caught
//! by `sunshine audit verify`, by the documented SQL and by anyone holding a noted hash;
//! the database refuses to change entries or to append out of order; administrators read
//! the log with filters, and nobody else can.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::process::{Command, Output};
use std::time::Duration;

use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sunshine::audit::{self, Actor, Verification};
use sunshine::staff::Role;
use support::staff::{between, StaffUser};
use support::{eventually, TestApp, TestDb};

/// Appends `n` entries by the command line, numbered in their detail.
async fn append_entries(conn: &mut AsyncPgConnection, n: usize) {
    for i in 0..n {
        let detail = format!("测试 entry {i}");
        audit::append(conn, &Actor::cli(), "staff.created", "staff:99", &detail)
            .await
            .unwrap();
    }
}

/// `sunshine audit verify` on the test's database, as an operator runs it.
fn run_verify(db: &TestDb) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap()
}

/// Runs `sql` as the superuser with the log's triggers off: a database administrator
/// rewriting history.
async fn as_database_admin(db: &TestDb, sql: &str) {
    db.client()
        .await
        .batch_execute(&format!(
            "ALTER TABLE audit_log DISABLE TRIGGER USER; {sql}; \
             ALTER TABLE audit_log ENABLE TRIGGER USER;"
        ))
        .await
        .unwrap();
}

/// Problems the SQL of docs/audit-verify.sql lists: (entry, reason).
async fn documented_sql_problems(db: &TestDb) -> Vec<(i64, String)> {
    let sql = std::fs::read_to_string("docs/audit-verify.sql").unwrap();
    let rows = db.client().await.query(&sql, &[]).await.unwrap();
    rows.iter().map(|r| (r.get(0), r.get(1))).collect()
}

async fn hash_of(db: &TestDb, seq: i64) -> String {
    let row = db
        .client()
        .await
        .query_one(
            "SELECT encode(hash, 'hex') FROM audit_log WHERE seq = $1",
            &[&seq],
        )
        .await
        .unwrap();
    row.get(0)
}

#[tokio::test]
async fn after_staff_actions_the_chain_verifies_and_the_public_page_shows_the_verified_head() {
    let app = TestApp::spawn().await;
    StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    member.sign_in_again().await;
    let mut conn = app.db.connection().await;

    let verification = audit::verify(&mut conn).await.unwrap();
    let (status, page) = app.get_text("/audit?lang=en").await;
    let cli = run_verify(&app.db);

    let Verification::Intact { count, head } = verification else {
        panic!("{verification:?}");
    };
    let stored: i64 = app
        .db
        .client()
        .await
        .query_one("SELECT count(*) FROM audit_log", &[])
        .await
        .unwrap()
        .get(0);
    assert!(
        count > 6,
        "two accounts created, set up, enrolled, signed in"
    );
    assert_eq!(count, stored);
    assert_eq!(status, 200);
    assert_eq!(
        between(&page, r#"<dd id="audit-count">"#, "</dd>").as_deref(),
        Some(count.to_string().as_str())
    );
    assert_eq!(
        between(&page, r#"<code id="audit-head" class="digest">"#, "</code>"),
        Some(head.clone())
    );
    assert!(
        page.contains("(UTC+8)"),
        "the time of the last entry, in Beijing"
    );
    let stdout = String::from_utf8(cli.stdout).unwrap();
    assert!(cli.status.success(), "{stdout}");
    assert!(
        stdout.starts_with(&format!(
            "audit log intact: {count} entries, head {head} (checked in "
        )),
        "{stdout}"
    );
    assert!(documented_sql_problems(&app.db).await.is_empty());
}

#[tokio::test]
async fn the_public_page_and_the_api_are_never_served_stale_by_the_page_cache() {
    let app = TestApp::spawn().await;
    let cache_on = eventually(Duration::from_secs(10), || async {
        app.get("/api/v1/openapi.json")
            .await
            .headers()
            .contains_key("x-page-cache")
    })
    .await;
    assert!(cache_on, "the page cache serves published pages");
    let mut conn = app.db.connection().await;
    append_entries(&mut conn, 1).await;
    let (_, before) = app.get_text("/audit").await;
    app.get_text("/api/v1/audit/head").await;

    append_entries(&mut conn, 1).await;
    let response = app.get("/audit").await;
    let headers = response.headers().clone();
    let after = response.text().await.unwrap();
    let (_, json) = app.get_text("/api/v1/audit/head").await;

    assert!(before.contains(r#"<dd id="audit-count">1</dd>"#));
    assert!(after.contains(r#"<dd id="audit-count">2</dd>"#));
    assert!(!headers.contains_key("x-page-cache"), "not kept in memory");
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(headers.contains_key("etag"));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["count"], 2);
    assert_eq!(json["hash"], hash_of(&app.db, 2).await);
}

#[tokio::test]
async fn a_citizen_checks_a_noted_entry_against_the_log() {
    let app = TestApp::spawn().await;
    append_entries(&mut app.db.connection().await, 3).await;
    let noted = hash_of(&app.db, 2).await;
    let other = hash_of(&app.db, 3).await;

    let (matching, same) = app
        .get_text(&format!(
            "/audit?lang=en&at=2&hash={}",
            noted.to_uppercase()
        ))
        .await;
    let (short, prefix) = app
        .get_text(&format!("/audit?lang=en&at=2&hash={}", &noted[..8]))
        .await;
    let (differing, differs) = app
        .get_text(&format!("/audit?lang=en&at=2&hash={other}"))
        .await;
    let (missing, gone) = app.get_text("/audit?lang=en&at=9").await;
    let (malformed, bad) = app.get_text("/audit?lang=en&at=two").await;

    assert_eq!((matching, short), (200, 200));
    assert!(
        same.contains(&noted) && same.contains("Same as your note"),
        "{same}"
    );
    assert!(prefix.contains("Same as your note"));
    assert_eq!(differing, 200);
    assert!(differs.contains("Not the same as your note"));
    assert_eq!(missing, 404);
    assert!(gone.contains("The log has no entry 9: it has 3 entries."));
    assert_eq!(malformed, 422);
    assert!(bad.contains("Enter an entry number"));
}

#[tokio::test]
async fn a_row_rewritten_in_the_database_makes_verify_fail_and_name_that_entry() {
    let db = TestDb::new().await;
    append_entries(&mut db.connection().await, 6).await;

    as_database_admin(
        &db,
        "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 4",
    )
    .await;
    let output = run_verify(&db);

    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("sunshine: audit log broken at entry 4: entry 4 (cli staff.created at "),
        "{stderr}"
    );
    assert!(stderr.contains("does not match its hash"), "{stderr}");
    assert_eq!(
        documented_sql_problems(&db).await,
        [(4, "its content does not match its hash".to_owned())]
    );
}

#[tokio::test]
async fn a_deleted_middle_entry_is_reported_missing() {
    let db = TestDb::new().await;
    append_entries(&mut db.connection().await, 6).await;

    as_database_admin(&db, "DELETE FROM audit_log WHERE seq = 3").await;
    let output = run_verify(&db);

    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("audit log broken at entry 3: entry 3 is missing (the next entry is 4)"),
        "{stderr}"
    );
    assert_eq!(
        documented_sql_problems(&db).await,
        [(4, "entry 3 is missing".to_owned())]
    );
}

#[tokio::test]
async fn history_rewritten_with_every_hash_recomputed_passes_verify_but_not_a_noted_hash() {
    let app = TestApp::spawn().await;
    append_entries(&mut app.db.connection().await, 5).await;
    let noted = hash_of(&app.db, 5).await;

    // The careful forger: change entry 2, then recompute every hash from it on, with the
    // documented encoding (the SQL file's own expression, entry by entry).
    let mut rewrite =
        String::from("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 2");
    for seq in 2..=5 {
        rewrite.push_str(&format!(
            "; UPDATE audit_log a SET prev_hash = coalesce((SELECT hash FROM audit_log WHERE seq = {seq} - 1), prev_hash) WHERE seq = {seq}\
             ; UPDATE audit_log a SET hash = sha256(convert_to('sunshine-audit-v1' || chr(10) || (\
                 SELECT string_agg(octet_length(f) || ':' || f || chr(10), '' ORDER BY n) FROM unnest(ARRAY[\
                 a.seq::text, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),\
                 coalesce(a.actor_id::text, ''), a.actor, a.action, a.target, a.detail, encode(a.nonce, 'hex')]) WITH ORDINALITY AS t (f, n)),\
                 'UTF8') || a.prev_hash) WHERE seq = {seq}"
        ));
    }
    as_database_admin(&app.db, &rewrite).await;
    let verification = audit::verify(&mut app.db.connection().await).await.unwrap();
    let (status, page) = app
        .get_text(&format!("/audit?lang=en&at=5&hash={noted}"))
        .await;

    assert!(
        matches!(verification, Verification::Intact { count: 5, .. }),
        "{verification:?}"
    );
    assert_eq!(status, 200);
    assert!(page.contains("Not the same as your note"), "{page}");
}

#[tokio::test]
async fn the_applications_own_connection_cannot_delete_update_or_truncate_the_log() {
    let app = TestApp::spawn().await;
    // The connection the app itself uses: its configured URL, through its own connect.
    let settings = support::test_settings(&app.db.url);
    let mut conn = sunshine::db::connect(&settings.database.url).await.unwrap();
    append_entries(&mut conn, 3).await;

    let mut errors = Vec::new();
    for sql in [
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_log SET detail = 'x' WHERE seq = 2",
        "TRUNCATE audit_log",
    ] {
        let error = diesel::sql_query(sql).execute(&mut conn).await.unwrap_err();
        errors.push(error.to_string());
    }
    let verification = audit::verify(&mut conn).await.unwrap();

    assert_eq!(
        errors,
        [
            "the audit log is append-only: DELETE refused",
            "the audit log is append-only: UPDATE refused",
            "the audit log is append-only: TRUNCATE refused",
        ]
    );
    assert!(matches!(
        verification,
        Verification::Intact { count: 3, .. }
    ));
}

#[tokio::test]
async fn the_documented_app_role_appends_but_can_neither_rewrite_nor_unguard_the_log() {
    let db = TestDb::new().await;
    append_entries(&mut db.connection().await, 2).await;
    let role = format!("{}_app", db.name);
    let setup = std::fs::read_to_string("docs/audit-app-role.sql")
        .unwrap()
        .replace("sunshine_app", &role);
    let owner = db.client().await;
    owner.batch_execute(&setup).await.unwrap();
    let mut url = url::Url::parse(&db.url).unwrap();
    url.set_username(&role).unwrap();
    let app_url = secrecy::SecretString::from(url.to_string());

    let mut conn = sunshine::db::connect(&app_url).await.unwrap();
    let appended = audit::append(&mut conn, &Actor::cli(), "staff.created", "staff:1", "ok").await;
    let mut errors = Vec::new();
    for sql in [
        "DELETE FROM audit_log",
        "UPDATE audit_log SET detail = 'x'",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
    ] {
        errors.push(
            diesel::sql_query(sql)
                .execute(&mut conn)
                .await
                .unwrap_err()
                .to_string(),
        );
    }
    let verification = audit::verify(&mut conn).await.unwrap();
    drop(conn);
    owner
        .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .await
        .unwrap();

    assert_eq!(appended.unwrap().seq, 3);
    assert_eq!(
        errors,
        [
            "permission denied for table audit_log",
            "permission denied for table audit_log",
            "permission denied for table audit_log",
            "must be owner of table audit_log",
        ]
    );
    assert!(matches!(
        verification,
        Verification::Intact { count: 3, .. }
    ));
}

#[tokio::test]
async fn an_insert_that_does_not_extend_the_head_is_refused_by_the_database() {
    let db = TestDb::new().await;
    let client = db.client().await;
    let insert = |seq: i64, prev: &str, at: &str| {
        format!(
            "INSERT INTO audit_log (seq, at, actor, action, target, detail, nonce, prev_hash, hash) \
             VALUES ({seq}, '{at}', 'cli', 'staff.created', '', '', decode(repeat('ab', 16), 'hex'), decode('{prev}', 'hex'), \
             sha256('{seq}{at}'::bytea))"
        )
    };
    let zero = "00".repeat(32);
    let not_first = client
        .batch_execute(&insert(2, &zero, "2026-12-01 10:00+08"))
        .await
        .unwrap_err();
    append_entries(&mut db.connection().await, 3).await;
    let head = hash_of(&db, 3).await;
    let now = "2999-01-01 00:00+08";

    let mut refused = vec![not_first];
    for sql in [
        insert(5, &head, now),                   // skips a number
        insert(3, &hash_of(&db, 2).await, now),  // a second entry 3
        insert(4, &zero, now),                   // does not link to entry 3
        insert(4, &head, "2000-01-01 00:00+08"), // dated before entry 3
    ] {
        refused.push(client.batch_execute(&sql).await.unwrap_err());
    }

    let messages: Vec<String> = refused
        .iter()
        .map(|e| e.as_db_error().unwrap().message().to_owned())
        .collect();
    assert_eq!(
        messages,
        [
            "the first audit entry must be number 1 with a zero previous hash",
            "an audit entry must extend the head of the chain (entry 3)",
            "an audit entry must extend the head of the chain (entry 3)",
            "an audit entry must extend the head of the chain (entry 3)",
            "an audit entry cannot be dated before the head of the chain (entry 3)",
        ]
    );
    let count: i64 = client
        .query_one("SELECT count(*) FROM audit_log", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_from_many_tasks_keep_the_chain_intact() {
    let db = TestDb::new().await;
    let tasks: Vec<_> = (0..8)
        .map(|task| {
            let url = secrecy::SecretString::from(db.url.clone());
            tokio::spawn(async move {
                let mut conn = sunshine::db::connect(&url).await.unwrap();
                for i in 0..25 {
                    let detail = format!("task {task} entry {i}");
                    audit::append(&mut conn, &Actor::cli(), "staff.created", "", &detail)
                        .await
                        .unwrap();
                }
            })
        })
        .collect();

    for task in tasks {
        task.await.unwrap();
    }
    let verification = audit::verify(&mut db.connection().await).await.unwrap();

    assert!(
        matches!(verification, Verification::Intact { count: 200, .. }),
        "{verification:?}"
    );
}

/// The rows of the log table: (number, actor, action code, target).
fn rows_of(page: &str) -> Vec<(i64, String, String, String)> {
    let Some(body) = between(page, "<tbody>", "</tbody>") else {
        return Vec::new();
    };
    let text = |cell: &str| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in cell.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.trim().to_owned()
    };
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split("<td").skip(1).collect();
            let action = between(cells[3], r#"<code class="action-code">"#, "</code>").unwrap();
            (
                text(&format!("<td{}", cells[0])).parse().unwrap(),
                text(&format!("<td{}", cells[2])),
                action,
                text(&format!("<td{}", cells[4])),
            )
        })
        .collect()
}

/// The `href` of the link with this `rel`, unescaped.
fn link(page: &str, rel: &str) -> Option<String> {
    between(page, &format!(r#"<a rel="{rel}" href=""#), "\"").map(|h| support::staff::unescape(&h))
}

async fn viewed_details(db: &TestDb, actor_id: i64) -> Vec<String> {
    let rows = db
        .client()
        .await
        .query(
            "SELECT detail FROM audit_log WHERE actor_id = $1 AND action = 'audit.viewed' ORDER BY seq",
            &[&actor_id],
        )
        .await
        .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

#[tokio::test]
async fn the_log_page_is_refused_to_a_publisher_and_sends_a_visitor_to_sign_in() {
    let app = TestApp::spawn().await;
    let publisher = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;

    let (as_publisher, _) = publisher.get("/admin/audit").await;
    let anonymous = app.get("/admin/audit").await;

    assert_eq!(as_publisher, 403);
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/admin/login");
}

#[tokio::test]
async fn an_administrator_reads_the_log_filtered_by_actor_action_target_and_date() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let publisher = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let wrong = support::staff::password_step(
        &support::staff::browser(),
        &app.address,
        &publisher.email,
        "not the password",
    )
    .await;
    assert_eq!(wrong.status(), 401);
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();

    let by_actor = rows_of(
        &admin
            .get(&format!("/admin/audit?lang=en&actor={}", publisher.id))
            .await
            .1,
    );
    let failed = rows_of(
        &admin
            .get("/admin/audit?lang=en&action=staff.login_failed")
            .await
            .1,
    );
    let family = rows_of(&admin.get("/admin/audit?lang=en&action=staff.*").await.1);
    let target = format!("staff:{}", publisher.id);
    let about = rows_of(
        &admin
            .get(&format!("/admin/audit?lang=en&target={target}"))
            .await
            .1,
    );
    let (status, page) = admin
        .get(&format!("/admin/audit?lang=en&from={today}&to={today}"))
        .await;
    let dated = rows_of(&page);
    let (_, long_ago) = admin
        .get("/admin/audit?lang=en&from=2000-01-01&to=2000-12-31")
        .await;
    let (bad_status, bad) = admin.get("/admin/audit?lang=en&from=yesterday").await;

    assert!(!by_actor.is_empty());
    assert!(
        by_actor.iter().all(|r| r.1 == publisher.email),
        "{by_actor:?}"
    );
    assert!(by_actor.iter().any(|r| r.2 == "staff.login_failed"));
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        (failed[0].1.as_str(), failed[0].3.as_str()),
        (publisher.email.as_str(), target.as_str())
    );
    assert!(family.iter().all(|r| r.2.starts_with("staff.")) && family.len() > 6);
    assert!(family.iter().any(|r| r.2 == "staff.login"));
    assert!(
        !about.is_empty() && about.iter().all(|r| r.3 == target),
        "{about:?}"
    );
    assert_eq!(status, 200);
    assert!(dated.len() > 6, "everything happened today");
    assert!(dated.windows(2).all(|w| w[0].0 > w[1].0), "newest first");
    assert!(rows_of(&long_ago).is_empty());
    assert!(long_ago.contains("No entries match these filters."));
    assert_eq!(bad_status, 422);
    assert!(bad.contains("Dates are written YYYY-MM-DD"));
    assert!(page.contains("Signed in"), "actions are named");
    assert!(page.contains("(UTC+8)"));
}

#[tokio::test]
async fn the_log_pages_newest_first_by_number_and_keeps_the_filters_in_its_links() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    append_entries(&mut app.db.connection().await, 120).await;
    let mut path = Some("/admin/audit?lang=en&action=staff.created".to_owned());
    let mut pages = Vec::new();

    while let Some(current) = path {
        let page = admin.get(&current).await.1;
        path = link(&page, "next");
        pages.push(page);
    }
    let back = link(&pages[1], "prev").unwrap();
    let first_again = rows_of(&admin.get(&back).await.1);

    let seen: Vec<i64> = pages.iter().flat_map(|p| rows_of(p)).map(|r| r.0).collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(rows_of(&pages[0]).len(), 50);
    assert_eq!(
        seen.len(),
        121,
        "the 120 entries and the administrator's own account"
    );
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, each once"
    );
    assert!(
        link(&pages[0], "prev").is_none(),
        "nothing newer than the first page"
    );
    let older = link(&pages[0], "next").unwrap();
    assert!(
        older.contains("action=staff.created") && older.contains("before="),
        "{older}"
    );
    assert_eq!(first_again, rows_of(&pages[0]));
}

#[tokio::test]
async fn reading_the_log_is_recorded_once_per_look_with_its_filters() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    append_entries(&mut app.db.connection().await, 60).await;

    let first = admin.get("/admin/audit?action=staff.*").await.1;
    admin.get("/admin/audit?action=staff.*").await;
    admin.get(&link(&first, "next").unwrap()).await;
    let after_reload_and_paging = viewed_details(&app.db, admin.id).await;
    admin.get(&format!("/admin/audit?actor={}", admin.id)).await;
    admin.get("/admin/audit?action=staff.*").await;

    assert_eq!(after_reload_and_paging, ["action=staff.*"]);
    assert_eq!(
        viewed_details(&app.db, admin.id).await,
        [
            "action=staff.*".to_owned(),
            format!("actor={}", admin.id),
            "action=staff.*".to_owned()
        ]
    );
    let (_, page) = admin.get("/admin/audit?lang=en&action=audit.viewed").await;
    assert!(page.contains("Audit log read"));
}
