//! Two instances, one database (issue 8): two `sunshine serve` processes — the real binary —
//! on one PostgreSQL database behave as one system. Staff sessions and their CSRF tokens,
//! the case queue and its state machine, the mail outbox and the page cache's invalidation
//! all live in the database, so a proxy may send any request to either instance.
//!
//! Both instances listen on 127.0.0.1 (on different ports). Cookies do not distinguish
//! ports, so one cookie jar talks to both as one browser behind a load balancer would;
//! where it matters that the server, not the jar, decides, the tests send the session
//! cookie by hand.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::{CookieStore, Jar};
use sunshine::report::RecoveryKey;
use sunshine::staff::Role;
use support::process::ServeProcess;
use support::smtp::{free_port, SmtpSink};
use support::staff::{
    between, create_account, csrf_in, get, location, password_step, StaffUser, PASSWORD,
};
use support::{data_dir_for, eventually, TestApp, TestDb};

/// A demo group company; accusations about it go to discipline inspection.
const GROUP: &str = "91450500DEM000001J";

/// Two instances on one database.
struct Pair {
    // Declared first, so the processes stop before the database is dropped.
    a: ServeProcess,
    b: ServeProcess,
    /// The shared database, with instance A's address: what the shared helpers
    /// (`StaffUser::create`, `open_reports`) need.
    app: TestApp,
}

impl Pair {
    /// Starts instance A, then B (A creates the shared receipt secret; B reads it), both
    /// with `env` on top of the settings every test here uses.
    async fn start(env: &[(&str, &str)]) -> Pair {
        let db = TestDb::seeded().await;
        // Under the database's data directory, which is removed with the database.
        let dir = data_dir_for(&db.name);
        // One receipt secret for both, as docs/reports.md requires of a deployment;
        // bulk files in a directory per instance, as config/default.toml asks.
        let secret = dir.join("receipt-secret").display().to_string();
        let instance = |name: &str| {
            let data = dir.join(name).display().to_string();
            let mut all = vec![
                ("SUNSHINE__SERVER__WORKERS", "1"),
                ("SUNSHINE__SERVER__SHUTDOWN_TIMEOUT_SECS", "1"),
                ("SUNSHINE__DATABASE__POOL_SIZE", "4"),
                ("SUNSHINE__DATA__DIR", data.as_str()),
                ("SUNSHINE__REPORTS__RECEIPT_SECRET_FILE", secret.as_str()),
            ];
            all.extend_from_slice(env);
            ServeProcess::start(&db.url, "127.0.0.1:0", &all)
        };
        let a = instance("a");
        let b = instance("b");
        let app = TestApp {
            address: a.url.clone(),
            client: support::staff::browser(),
            db,
        };
        Pair { a, b, app }
    }

    /// Opens the report form and gives the unit's key to its members.
    async fn open_reports_for(&self, unit: &str) -> RecoveryKey {
        let recovery = self.app.open_reports().await;
        self.grant(&recovery, unit).await;
        recovery
    }

    /// Grants `unit`'s key to members waiting for it, as an administrator does.
    async fn grant(&self, recovery: &RecoveryKey, unit: &str) {
        support::triage::grant(&self.app, recovery, unit).await;
    }

    async fn one<T: for<'a> tokio_postgres::types::FromSql<'a>>(&self, sql: &str) -> T {
        self.app
            .db
            .client()
            .await
            .query_one(sql, &[])
            .await
            .unwrap()
            .get(0)
    }

    /// The reference of the newest report.
    async fn newest(&self) -> String {
        self.one("SELECT reference FROM reports ORDER BY id DESC LIMIT 1")
            .await
    }
}

/// Submits an accusation about the group through the public form at `base`, as a
/// reporter's browser does (multipart); returns the receipt code.
async fn submit(base: &str, what: &str) -> String {
    support::triage::submit_to(base, "accusation", GROUP, what).await
}

/// Posts a case action to the instance at `base`, with the CSRF token of that
/// instance's queue page; returns the status and the page's body.
async fn act_at(
    member: &StaffUser,
    base: &str,
    reference: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let csrf = csrf_in(&get(&member.client, base, "/admin/cases").await.1);
    let response = post_case(&member.client, base, reference, action, &csrf, fields).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn post_case(
    client: &reqwest::Client,
    base: &str,
    reference: &str,
    action: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    client
        .post(format!("{base}/admin/cases/{reference}/{action}"))
        .form(&all)
        .send()
        .await
        .unwrap()
}

/// The state a case page shows (`data-state` of the state line).
fn shown_state(page: &str) -> String {
    between(page, "id=\"case-state\" data-state=\"", "\"")
        .unwrap_or_else(|| panic!("no state on the case page: {page}"))
}

/// A client without a cookie jar: it sends exactly the cookie it is given.
fn bare() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// GET `path` at `base` carrying only `cookie`.
async fn with_cookie(base: &str, path: &str, cookie: &str) -> reqwest::Response {
    bare()
        .get(format!("{base}{path}"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

/// Whether a response sends the browser to the sign-in page.
fn to_sign_in(response: &reqwest::Response) -> bool {
    response.status().is_redirection() && location(response).starts_with("/admin/login")
}

#[tokio::test]
async fn a_staff_session_is_one_session_on_both_instances_and_signing_out_on_either_ends_it() {
    let pair = Pair::start(&[]).await;
    let (a, b) = (pair.a.url.clone(), pair.b.url.clone());
    let admin = StaffUser::create(&pair.app, "admin@example.org", Role::Administrator, None).await;

    // A new browser types the password on A and the code on B: the half-finished
    // sign-in (and the sign-in form's double-submitted token) is honoured across them.
    let jar = Arc::new(Jar::default());
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    let response = password_step(&browser, &a, &admin.email, PASSWORD).await;
    assert_eq!(location(&response), "/admin/login/code", "password on A");
    let page = get(&browser, &b, "/admin/login/code").await.1;
    let code = admin.fresh_code();
    let response = browser
        .post(format!("{b}/admin/login/code"))
        .form(&[("csrf", csrf_in(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&response),
        "/admin",
        "the code typed on B signs in"
    );
    let cookies = jar.cookies(&format!("{b}/admin").parse().unwrap()).unwrap();
    let session = cookies
        .to_str()
        .unwrap()
        .split("; ")
        .find(|c| c.starts_with("sunshine_staff="))
        .expect("a session cookie")
        .to_owned();

    // That cookie alone is signed in on either instance.
    for base in [&a, &b] {
        let response = with_cookie(base, "/admin", &session).await;
        assert_eq!(response.status(), 200, "signed in at {base}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains(r#"<span class="admin-who">admin · "#),
            "{page}"
        );
    }

    // B checks CSRF tokens (a made-up one is refused) and accepts the one from A's page.
    let sign_out = |token: String| {
        let (b, session) = (b.clone(), session.clone());
        async move {
            bare()
                .post(format!("{b}/admin/logout"))
                .header(reqwest::header::COOKIE, session)
                .form(&[("csrf", token)])
                .send()
                .await
                .unwrap()
        }
    };
    let forged = sign_out("A".repeat(43)).await;
    assert_eq!(forged.status(), 403, "a token the session was not given");
    assert_eq!(with_cookie(&a, "/admin", &session).await.status(), 200);
    let page_on_a = with_cookie(&a, "/admin/account", &session).await;
    let token = csrf_in(&page_on_a.text().await.unwrap());
    let response = sign_out(token).await;
    assert_eq!(response.status(), 303, "signed out on B with A's token");
    assert_eq!(location(&response), "/admin/login?done=logout");

    // The session is over on both: the server refuses the old cookie, whatever a
    // browser kept.
    for base in [&a, &b] {
        let response = with_cookie(base, "/admin", &session).await;
        assert!(
            to_sign_in(&response),
            "{base} still takes the session: {} {}",
            response.status(),
            location(&response)
        );
    }
}

#[tokio::test]
async fn a_report_sent_through_one_instance_is_worked_from_the_other_and_both_show_the_move() {
    let pair = Pair::start(&[]).await;
    let (a, b) = (pair.a.url.clone(), pair.b.url.clone());
    // Signs in (and gets the key pair the case is opened with) through A.
    let member = StaffUser::create(
        &pair.app,
        "li@example.org",
        Role::Triager,
        Some("discipline"),
    )
    .await;
    pair.open_reports_for("discipline").await;

    submit(&a, "仓库的铜缆被低价卖给亲戚 copper-heron-5521").await;
    let reference = pair.newest().await;

    // B lists it and opens it: the member's key, wrapped for the session at sign-in on
    // A, is unwrapped on B.
    let (status, queue) = get(&member.client, &b, "/admin/cases").await;
    assert_eq!(status, 200);
    assert!(queue.contains(&reference), "B's queue lists it: {queue}");
    let case = format!("/admin/cases/{reference}");
    let (status, page) = get(&member.client, &b, &case).await;
    assert_eq!(status, 200);
    assert!(page.contains("copper-heron-5521"), "B decrypts the report");
    assert_eq!(shown_state(&page), "received");

    let (status, body) = act_at(&member, &b, &reference, "move", &[("to", "accepted")]).await;
    assert_eq!(status, 303, "accepted on B: {body}");

    let (_, page) = get(&member.client, &a, &case).await;
    assert_eq!(shown_state(&page), "accepted", "A shows the move made on B");
}

#[tokio::test]
async fn two_members_acting_on_one_case_at_once_through_both_instances_cannot_both_win() {
    let pair = Pair::start(&[]).await;
    let (a, b) = (pair.a.url.clone(), pair.b.url.clone());
    let li = StaffUser::create(
        &pair.app,
        "li@example.org",
        Role::Triager,
        Some("discipline"),
    )
    .await;
    let wang = StaffUser::create(
        &pair.app,
        "wang@example.org",
        Role::Triager,
        Some("discipline"),
    )
    .await;
    pair.open_reports_for("discipline").await;
    submit(&a, "会计把差旅费报成会议费 ledger-owl-3391").await;
    let reference = pair.newest().await;
    let li_csrf = csrf_in(&get(&li.client, &a, "/admin/cases").await.1);
    let wang_csrf = csrf_in(&get(&wang.client, &b, "/admin/cases").await.1);

    // "At once" made certain: the test holds the case's row lock, so both requests read
    // the case as received and then wait at the lock every move takes; released, one
    // commits first and the other finds the case changed. Without the lock the second
    // could arrive after the first and be refused as an illegal move instead (still a
    // 409, but not the race this is about).
    let holder = pair.app.db.client().await;
    holder.batch_execute("BEGIN").await.unwrap();
    holder
        .execute(
            "SELECT 1 FROM reports WHERE reference = $1 FOR UPDATE",
            &[&reference],
        )
        .await
        .unwrap();
    let accept = tokio::spawn({
        let (client, a, reference) = (li.client.clone(), a.clone(), reference.clone());
        async move {
            let response = post_case(
                &client,
                &a,
                &reference,
                "move",
                &li_csrf,
                &[("to", "accepted")],
            )
            .await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    });
    let decline = tokio::spawn({
        let (client, b, reference) = (wang.client.clone(), b.clone(), reference.clone());
        async move {
            let response = post_case(
                &client,
                &b,
                &reference,
                "move",
                &wang_csrf,
                &[("to", "declined"), ("reason", "线索不具体 too-vague-12")],
            )
            .await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    });
    let watcher = pair.app.db.client().await;
    let database = pair.app.db.name.clone();
    let both_waiting = eventually(Duration::from_secs(20), || async {
        let waiting: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
                &[&database],
            )
            .await
            .unwrap()
            .get(0);
        waiting == 2
    })
    .await;
    assert!(both_waiting, "both requests should be waiting for the case");
    holder.batch_execute("COMMIT").await.unwrap();
    let (accepted, declined) = (accept.await.unwrap(), decline.await.unwrap());

    let statuses = [accepted.0, declined.0];
    assert!(
        statuses.contains(&303) && statuses.contains(&409),
        "exactly one wins: {statuses:?}"
    );
    let (winner, loser) = if accepted.0 == 303 {
        ("accepted", &declined.1)
    } else {
        ("declined", &accepted.1)
    };
    assert!(
        loser.contains("case_refused_conflict"),
        "the other is told the case changed meanwhile: {loser}"
    );
    assert_eq!(
        shown_state(loser),
        winner,
        "and shown the case as it stands now"
    );
    for (member, base) in [(&li, &a), (&wang, &b)] {
        let (_, page) = get(&member.client, base, &format!("/admin/cases/{reference}")).await;
        assert_eq!(shown_state(&page), winner, "on {base}");
    }
    let moves: i64 = pair
        .one(&format!(
            "SELECT count(*) FROM audit_log WHERE action IN ('case.accepted', 'case.declined') AND target = 'report:{reference}'"
        ))
        .await;
    assert_eq!(moves, 1, "one move on record");
}

#[tokio::test]
async fn letters_queued_through_both_instances_are_each_delivered_exactly_once() {
    let port = free_port().to_string();
    // Both send: mail on, polled every second, retried after a second.
    let pair = Pair::start(&[
        ("SUNSHINE__MAIL__ENABLED", "true"),
        ("SUNSHINE__MAIL__SMTP_PORT", port.as_str()),
        ("SUNSHINE__MAIL__POLL_SECS", "1"),
        ("SUNSHINE__MAIL__RETRY_BASE_SECS", "1"),
        ("SUNSHINE__MAIL__RETRY_MAX_SECS", "1"),
        ("SUNSHINE__MAIL__TIMEOUT_SECS", "5"),
        ("SUNSHINE__SERVER__PUBLIC_URL", "https://sunshine.example"),
    ])
    .await;
    pair.app.open_reports().await;
    // Each report is announced to every triager of the unit: 12 triagers and 5 reports
    // make 60 letters, more than one pass of the sender takes (50), so the instances'
    // passes overlap.
    let triagers: Vec<String> = (1..=12)
        .map(|n| format!("triager{n:02}@example.org"))
        .collect();
    for email in &triagers {
        create_account(&pair.app, email, Role::Triager, Some("discipline")).await;
    }
    for (n, base) in [
        &pair.a.url,
        &pair.a.url,
        &pair.a.url,
        &pair.b.url,
        &pair.b.url,
    ]
    .into_iter()
    .enumerate()
    {
        submit(base, &format!("食堂采购吃回扣 kickback-{n}")).await;
    }
    let expected = triagers.len() * 5;
    let queued: i64 = pair.one("SELECT count(*) FROM mail_outbox").await;
    assert_eq!(queued as usize, expected, "a letter per triager and report");

    // The relay is down at first, so the whole backlog is due at once at both instances
    // when it comes up: the moment two senders are likeliest to pick the same letter.
    let tried = eventually(Duration::from_secs(30), || async {
        pair.one::<i64>("SELECT count(*) FROM mail_outbox WHERE attempts > 0")
            .await
            == expected as i64
    })
    .await;
    assert!(tried, "every letter was tried while the relay was down");
    let sink_dir = data_dir_for(&pair.app.db.name).join("smtp");
    let sink = SmtpSink::start(port.parse().unwrap(), &sink_dir).await;
    let delivered = eventually(Duration::from_secs(60), || async {
        sink.letters().len() >= expected
    })
    .await;
    assert!(
        delivered,
        "{} of {expected} letters arrived",
        sink.letters().len()
    );
    // The relay accepts before the sender commits: wait for every row to be marked.
    let marked = eventually(Duration::from_secs(20), || async {
        pair.one::<i64>("SELECT count(*) FROM mail_outbox WHERE sent_on IS NULL")
            .await
            == 0
    })
    .await;
    assert!(marked, "every letter is marked sent");
    // Both senders keep polling every second; for a few more passes nothing may arrive.
    let more = eventually(Duration::from_secs(3), || async {
        sink.letters().len() > expected
    })
    .await;
    assert!(!more, "a letter arrived after all were marked sent");

    // A Message-ID is made per sending, so a letter sent twice would differ there:
    // letters are told apart by recipient and case.
    let references: Vec<String> = pair
        .app
        .db
        .client()
        .await
        .query("SELECT reference FROM reports", &[])
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.get(0))
        .collect();
    let letters = sink.letters();
    let mut seen = BTreeSet::new();
    for raw in &letters {
        let letter = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap();
        let to = letter
            .to()
            .and_then(|to| to.first())
            .and_then(|addr| addr.address())
            .unwrap()
            .to_owned();
        let subject = letter.subject().unwrap_or_default();
        let reference = references
            .iter()
            .find(|r| subject.contains(r.as_str()))
            .unwrap_or_else(|| panic!("a letter about no case: {subject}"));
        assert!(
            seen.insert((to.clone(), reference.clone())),
            "{to} got the letter about {reference} twice"
        );
    }
    let wanted: BTreeSet<(String, String)> = triagers
        .iter()
        .flat_map(|t| references.iter().map(move |r| (t.clone(), r.clone())))
        .collect();
    assert_eq!(seen, wanted, "every triager hears of every report, once");
    sink.stop().await;
}

#[tokio::test]
async fn an_outcome_published_through_one_instance_replaces_the_other_instances_cached_page_of_the_enterprise(
) {
    let pair = Pair::start(&[]).await;
    let (a, b) = (pair.a.url.clone(), pair.b.url.clone());
    let member = StaffUser::create(
        &pair.app,
        "zhao@example.org",
        Role::Triager,
        Some("discipline"),
    )
    .await;
    pair.open_reports_for("discipline").await;
    submit(&a, "招标前泄露标底 tender-lark-8812").await;
    let reference = pair.newest().await;
    for fields in [
        vec![("to", "accepted")],
        vec![("to", "investigating")],
        vec![("to", "concluded"), ("finding", "unsubstantiated")],
        vec![("to", "closed")],
    ] {
        let (status, body) = act_at(&member, &a, &reference, "move", &fields).await;
        assert_eq!(status, 303, "{fields:?}: {body}");
    }

    // B serves the group's page, where outcomes about it are listed, from its page
    // cache (which is on once B listens for publications). `/outcomes` itself is not
    // kept in the cache, so it is no test of invalidation.
    let reader = reqwest::Client::new();
    let profile = format!("{b}/enterprises/{GROUP}");
    let fetch = || async {
        let response = reader.get(&profile).send().await.unwrap();
        let cache = response
            .headers()
            .get("x-page-cache")
            .map(|v| v.to_str().unwrap().to_owned());
        (cache, response.text().await.unwrap())
    };
    let cached = eventually(Duration::from_secs(20), || async {
        fetch().await.0.as_deref() == Some("hit")
    })
    .await;
    assert!(cached, "B keeps the group's page in its page cache");
    assert!(!fetch().await.1.contains("summary-heron-4"));

    let (status, body) = act_at(
        &member,
        &a,
        &reference,
        "outcome",
        &[
            ("summary_zh", "经核查，反映的问题不属实 summary-heron-4"),
            ("summary_en", ""),
        ],
    )
    .await;
    assert_eq!(status, 303, "published on A: {body}");

    let shown = eventually(Duration::from_secs(10), || async {
        fetch().await.1.contains("summary-heron-4")
    })
    .await;
    assert!(
        shown,
        "B's cached page still lacks the outcome published on A"
    );
    let (_, outcomes) = get(&reader, &b, "/outcomes").await;
    assert!(
        outcomes.contains("summary-heron-4"),
        "and B's /outcomes has it"
    );
}
