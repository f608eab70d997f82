//! Triage: routing, the queue and case page, the state machine, deadlines on the
//! working-day calendar, recusal, unit boundaries, notifications through a real SMTP
//! server, published outcomes, statistics and purging.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::time::Duration;

use chrono::{Datelike, NaiveDate, Weekday};
use reqwest::multipart::Form;
use sunshine::staff::Role;
use support::smtp::{free_port, SmtpSink};
use support::staff::{between, StaffUser};
use support::triage::{grant, mail_settings, submit, triager};
use support::{eventually, test_settings, TestApp, TestDb};

const PHRASE: &str = "仓库管理员把七号库的铜缆低价卖给亲戚 copper-heron-5521";
/// A demo group company, and one of its subsidiaries.
const GROUP: &str = "91450500DEM000001J";

fn subsidiary() -> String {
    let index = (0..sunshine::enterprise::DEMO_ENTERPRISE_COUNT)
        .find(|i| sunshine::enterprise::demo_parent(*i) == Some(0))
        .expect("the demo group has a subsidiary");
    sunshine::enterprise::demo_uscc(index).to_string()
}

/// The reporter's view through follow-up.
async fn follow_up(app: &TestApp, code: &str) -> String {
    reqwest::Client::new()
        .post(format!("{}/report/followup?lang=en", app.address))
        .form(&[("code", code)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn one<T: for<'a> tokio_postgres::types::FromSql<'a>>(app: &TestApp, sql: &str) -> T {
    app.db
        .client()
        .await
        .query_one(sql, &[])
        .await
        .unwrap()
        .get(0)
}

/// The reference and unit of the newest report.
async fn newest(app: &TestApp) -> (String, String) {
    let row = app
        .db
        .client()
        .await
        .query_one(
            "SELECT reference, unit_code FROM reports ORDER BY id DESC LIMIT 1",
            &[],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

/// Posts a case action from the case page; returns the status and the page's body.
async fn act(
    member: &StaffUser,
    reference: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    // The queue's sign-out form carries the session's CSRF token.
    let path = format!("/admin/cases/{reference}/{action}");
    let response = member.post("/admin/cases", &path, fields).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn state_of(app: &TestApp, reference: &str) -> String {
    one(
        app,
        &format!("SELECT state FROM reports WHERE reference = '{reference}'"),
    )
    .await
}

async fn audited(app: &TestApp, action: &str, actor_id: i64) -> i64 {
    one(
        app,
        &format!(
            "SELECT count(*) FROM audit_log WHERE action = '{action}' AND actor_id = {actor_id}"
        ),
    )
    .await
}

#[tokio::test]
async fn routing_rules_send_each_report_to_exactly_one_unit() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let _ = recovery;

    submit(&app, "accusation", GROUP, "副总经理打压举报人").await;
    assert_eq!(
        newest(&app).await.1,
        "discipline",
        "accusations: discipline inspection"
    );
    submit(&app, "report", GROUP, "财务部做假账虚增利润").await;
    assert_eq!(newest(&app).await.1, "audit", "financial anomalies: audit");
    submit(&app, "suggestion", GROUP, "食堂菜价可以公开").await;
    assert_eq!(newest(&app).await.1, "sasac", "no rule: the intake unit");

    // An administrator adds a rule for one group: it covers its subsidiaries too.
    let response = admin
        .post(
            "/admin/routing",
            "/admin/routing",
            &[
                ("enterprise", GROUP),
                ("unit", "inspection_tour"),
                ("note", "巡察中"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    submit(&app, "criticism", &subsidiary(), "会议太多").await;
    assert_eq!(newest(&app).await.1, "inspection_tour");
    let rules: i64 = one(
        &app,
        "SELECT count(*) FROM audit_log WHERE action = 'routing.added'",
    )
    .await;
    assert_eq!(rules, 1, "the change is on record");
    let total: i64 = one(&app, "SELECT count(*) FROM reports").await;
    assert_eq!(total, 4);
}

#[tokio::test]
async fn a_case_goes_from_the_queue_through_rectification_to_a_published_outcome() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.triage.stats_min_cell = 1;
    let app = TestApp::spawn_with(db, settings).await;
    let recovery = app.open_reports().await;
    let member = triager(&app, &recovery, "li@example.org", "discipline").await;

    let (_, before) = app.get_text("/stats?lang=en").await;
    let code = submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, unit) = newest(&app).await;
    assert_eq!(unit, "discipline");

    // The queue lists it, and the case page shows the report, decrypted; reading is audited.
    let (status, queue) = member.get("/admin/cases?lang=en").await;
    assert_eq!(status, 200);
    assert!(queue.contains(&reference), "{queue}");
    let (status, page) = member.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("copper-heron-5521"),
        "the triager reads the report"
    );
    assert_eq!(audited(&app, "case.viewed", member.id).await, 1);

    // A message to the reporter, who reads it and answers with the code.
    let (status, _) = act(
        &member,
        &reference,
        "message",
        &[("message", "请说明铜缆的数量 ask-quantity-77")],
    )
    .await;
    assert_eq!(status, 303);
    let thread = follow_up(&app, &code).await;
    assert!(
        thread.contains("ask-quantity-77"),
        "the reporter sees the unit's message"
    );
    let reply = Form::new()
        .text("code", code.clone())
        .text("message", "大约两吨 two-tonnes-88");
    let response = reqwest::Client::new()
        .post(format!("{}/report/followup/reply?lang=en", app.address))
        .multipart(reply)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // An internal note, never shown to the reporter.
    let (status, _) = act(
        &member,
        &reference,
        "note",
        &[("note", "internal-only-note-31")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = member.get(&format!("/admin/cases/{reference}")).await;
    assert!(page.contains("two-tonnes-88") && page.contains("internal-only-note-31"));
    assert!(!follow_up(&app, &code)
        .await
        .contains("internal-only-note-31"));

    for (to, extra) in [
        ("accepted", vec![]),
        ("investigating", vec![]),
        ("concluded", vec![("finding", "substantiated")]),
        ("rectifying", vec![]),
    ] {
        let mut fields = vec![("to", to)];
        fields.extend(extra);
        let (status, body) = act(&member, &reference, "move", &fields).await;
        assert_eq!(status, 303, "{to}: {body}");
        assert_eq!(state_of(&app, &reference).await, to);
    }
    let (status, _) = act(
        &member,
        &reference,
        "rectification",
        &[
            ("description", "追回铜缆价款 recover-proceeds"),
            ("department", "物资部"),
            ("due_on", "2027-03-31"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    // Not closed while an item is open; what was typed is not lost.
    let (status, body) = act(&member, &reference, "move", &[("to", "closed")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("case_refused_rectification_open"));
    let item: i64 = one(&app, "SELECT id FROM case_rectifications").await;
    let (status, _) = act(
        &member,
        &reference,
        "item",
        &[
            ("item", &item.to_string()),
            ("status", "completed"),
            ("item_note", "已追回"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (status, _) = act(&member, &reference, "move", &[("to", "closed")]).await;
    assert_eq!(status, 303);
    assert_eq!(state_of(&app, &reference).await, "closed");

    let (status, _) = act(
        &member,
        &reference,
        "outcome",
        &[
            (
                "summary_zh",
                "经核查，反映的问题属实，已追回价款 published-summary-9",
            ),
            ("summary_en", ""),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, outcomes) = app.get_text("/outcomes").await;
    assert!(outcomes.contains("published-summary-9"));
    let (_, enterprise) = app.get_text(&format!("/enterprises/{GROUP}")).await;
    assert!(
        enterprise.contains("published-summary-9"),
        "the outcome is on the enterprise's page"
    );
    assert!(
        enterprise.contains("recover-proceeds"),
        "with its rectification items"
    );
    let thread = follow_up(&app, &code).await;
    assert!(thread.contains("published-summary-9") && thread.contains("Closed"));
    assert!(thread.contains("Substantiated"));

    let (_, after) = app.get_text("/stats?lang=en").await;
    assert_ne!(before, after, "the statistics count the case");
    let (_, csv) = app.get_text("/stats.csv").await;
    assert!(csv.contains("accusation"));
}

#[tokio::test]
async fn the_state_machine_refuses_illegal_moves() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let member = triager(&app, &recovery, "wang@example.org", "discipline").await;
    submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, _) = newest(&app).await;

    let (status, body) = act(&member, &reference, "move", &[("to", "closed")]).await;
    assert_eq!(status, 409, "received cannot be closed");
    assert!(body.contains("case_refused_illegal"));
    let (status, _) = act(&member, &reference, "move", &[("to", "rectifying")]).await;
    assert_eq!(status, 409);
    assert_eq!(state_of(&app, &reference).await, "received");

    // Not only hidden: the database refuses the move whatever the code asks.
    let refused = app
        .db
        .client()
        .await
        .execute(
            &format!("UPDATE reports SET state = 'closed' WHERE reference = '{reference}'"),
            &[],
        )
        .await;
    assert!(refused.is_err(), "the trigger refuses received → closed");

    // A decline needs its reason; the reporter gets it.
    let (status, _) = act(
        &member,
        &reference,
        "move",
        &[("to", "declined"), ("reason", "")],
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = act(
        &member,
        &reference,
        "move",
        &[
            ("to", "declined"),
            ("reason", "不属于本单位职责 outside-remit-12"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (status, _) = act(&member, &reference, "move", &[("to", "accepted")]).await;
    assert_eq!(status, 409, "a declined case is final");

    // An investigator does not take reports on.
    let code = submit(&app, "accusation", GROUP, "另一件事").await;
    let (second, _) = newest(&app).await;
    let investigator = StaffUser::create(
        &app,
        "zhao@example.org",
        Role::Investigator,
        Some("discipline"),
    )
    .await;
    grant(&app, &recovery, "discipline").await;
    let assignee = investigator.id.to_string();
    let (status, _) = act(&member, &second, "assign", &[("assignee", &assignee)]).await;
    assert_eq!(status, 303);
    let (status, _) = act(&investigator, &second, "move", &[("to", "accepted")]).await;
    assert_eq!(status, 403);
    assert_eq!(state_of(&app, &second).await, "received");
    let thread = follow_up(&app, &code).await;
    assert!(thread.contains("Received"));
}

/// A holiday file with the next three weekdays after `today` off, and the next Saturday
/// worked; and the date two working days after `today` counted by hand.
fn holidays_around(today: NaiveDate) -> (String, NaiveDate) {
    let mut holidays = Vec::new();
    let mut day = today;
    while holidays.len() < 3 {
        day = day.succ_opt().unwrap();
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            holidays.push(day);
        }
    }
    let mut saturday = today.succ_opt().unwrap();
    while saturday.weekday() != Weekday::Sat {
        saturday = saturday.succ_opt().unwrap();
    }
    let working = |d: NaiveDate| {
        d == saturday
            || (!holidays.contains(&d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
    };
    let (mut due, mut counted) = (today, 0);
    while counted < 2 {
        due = due.succ_opt().unwrap();
        if working(due) {
            counted += 1;
        }
    }
    let mut toml = String::new();
    for year in [today.year(), today.year() + 1] {
        let list = |dates: &[NaiveDate]| {
            dates
                .iter()
                .filter(|d| d.year() == year)
                .map(|d| format!("\"{d}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        toml.push_str(&format!(
            "[{year}]\nholidays = [{}]\nworking_weekends = [{}]\n",
            list(&holidays),
            list(&[saturday])
        ));
    }
    (toml, due)
}

#[tokio::test]
async fn deadlines_follow_the_working_day_calendar_across_a_holiday() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    let today = sunshine::report::beijing_today();
    let (toml, expected) = holidays_around(today);
    let file = settings.data.dir.join("holidays.toml");
    std::fs::create_dir_all(&settings.data.dir).unwrap();
    std::fs::write(&file, toml).unwrap();
    settings.triage.holidays_file = file;
    settings.triage.acknowledge_within = "2 working days".parse().unwrap();
    let app = TestApp::spawn_with(db, settings).await;
    let recovery = app.open_reports().await;
    let member = triager(&app, &recovery, "sun@example.org", "discipline").await;

    submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, _) = newest(&app).await;
    let due: String = one(&app, "SELECT acknowledge_by::text FROM reports").await;
    let due: NaiveDate = due.parse().unwrap();
    assert_eq!(
        due, expected,
        "two working days after {today}, past three days off"
    );
    assert!(
        due - today >= chrono::Duration::days(3),
        "the holiday pushed it out"
    );
    let (_, page) = member
        .get(&format!("/admin/cases/{reference}?lang=en"))
        .await;
    assert!(page.contains(&expected.to_string()));
    assert!(
        page.contains("data-standing=\"due_soon\""),
        "marked as due soon"
    );
}

#[tokio::test]
async fn a_recused_reviewer_gets_404_and_the_attempt_is_in_the_audit_log() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let recused = triager(&app, &recovery, "chen@example.org", "discipline").await;
    let colleague = triager(&app, &recovery, "zhou@example.org", "discipline").await;
    // Declared for the group: its subsidiaries are covered too.
    let response = recused
        .post(
            "/admin/recusals",
            "/admin/recusals",
            &[("enterprise", GROUP), ("reason", "配偶在该集团任职")],
        )
        .await;
    assert_eq!(response.status(), 303);

    submit(&app, "accusation", &subsidiary(), PHRASE).await;
    let (reference, _) = newest(&app).await;
    let (status, _) = recused.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 404);
    let refused: i64 = one(
        &app,
        &format!(
            "SELECT count(*) FROM audit_log WHERE action = 'case.access_refused' AND actor_id = {} \
             AND target = 'report:{reference}' AND detail LIKE '%recused%'",
            recused.id
        ),
    )
    .await;
    assert_eq!(refused, 1);
    let link = format!("href=\"/admin/cases/{reference}\"");
    let (_, queue) = recused.get("/admin/cases").await;
    assert!(!queue.contains(&link), "not in their queue");
    let (_, queue) = recused
        .get(&format!("/admin/cases?reference={reference}"))
        .await;
    assert!(!queue.contains(&link), "nor found by searching");

    // Their colleague sees it, and cannot assign it to them.
    let (status, _) = colleague.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 200);
    let (status, _) = act(
        &colleague,
        &reference,
        "assign",
        &[("assignee", &recused.id.to_string())],
    )
    .await;
    assert_eq!(status, 422);
    let assignee: Option<i64> = one(&app, "SELECT assignee_id FROM reports").await;
    assert_eq!(assignee, None);
}

#[tokio::test]
async fn staff_of_another_unit_cannot_read_the_case() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let owner = triager(&app, &recovery, "he@example.org", "discipline").await;
    let outsider = triager(&app, &recovery, "lu@example.org", "audit").await;
    submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, _) = newest(&app).await;

    let (status, page) = outsider.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 404);
    assert!(!page.contains("copper-heron-5521"));
    let (status, _) = outsider
        .get(&format!("/admin/cases/{reference}/files/1"))
        .await;
    assert_eq!(status, 404);
    let (_, queue) = outsider
        .get(&format!("/admin/cases?state=all&reference={reference}"))
        .await;
    assert!(!queue.contains(&format!("href=\"/admin/cases/{reference}\"")));
    let (status, _) = act(&outsider, &reference, "move", &[("to", "accepted")]).await;
    assert_eq!(status, 404);
    assert_eq!(state_of(&app, &reference).await, "received");
    assert_eq!(audited(&app, "case.access_refused", outsider.id).await, 3);
    let (status, _) = owner.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 200);

    // A member without the unit's key sees the case's facts, never its content.
    let newcomer =
        StaffUser::create(&app, "xu@example.org", Role::Triager, Some("discipline")).await;
    let (status, page) = newcomer.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"no-key\"") && !page.contains("copper-heron-5521"));
}

#[tokio::test]
async fn a_letter_reaches_the_smtp_server_without_report_text_even_after_an_outage() {
    let db = TestDb::seeded().await;
    let port = free_port();
    let settings = mail_settings(&db, port);
    let sink_dir = settings.data.dir.join("smtp");
    let app = TestApp::spawn_with(db, settings).await;
    let recovery = app.open_reports().await;
    let _member = triager(&app, &recovery, "ma@example.org", "discipline").await;

    // The SMTP server is down when the report arrives.
    submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, _) = newest(&app).await;
    let tried = eventually(Duration::from_secs(20), || async {
        one::<i32>(&app, "SELECT max(attempts) FROM mail_outbox").await >= 2
    })
    .await;
    assert!(tried, "the outbox retries while the server is down");
    let waiting: i64 = one(
        &app,
        "SELECT count(*) FROM mail_outbox WHERE sent_on IS NULL",
    )
    .await;
    assert_eq!(waiting, 1, "nothing is dropped");

    let sink = SmtpSink::start(port, &sink_dir).await;
    let delivered = eventually(Duration::from_secs(20), || async {
        !sink.letters().is_empty()
    })
    .await;
    assert!(delivered, "the letter goes out once the server is back");
    let raw = sink.letters().remove(0);
    let letter = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    let subject = letter.subject().unwrap_or_default().to_owned();
    let body = letter.body_text(0).unwrap_or_default().into_owned();
    assert!(subject.contains(&reference), "{subject}");
    assert!(
        body.contains(&format!("https://sunshine.example/admin/cases/{reference}")),
        "{body}"
    );
    for secret in ["copper-heron-5521", "铜缆", "仓库", GROUP] {
        assert!(
            !raw.contains(secret) && !body.contains(secret) && !subject.contains(secret),
            "{secret} leaked"
        );
    }
    // The relay accepts before the outbox commits: wait for the row to be marked sent.
    let marked = eventually(Duration::from_secs(10), || async {
        one::<i64>(
            &app,
            "SELECT count(*) FROM mail_outbox WHERE sent_on IS NOT NULL",
        )
        .await
            == 1
    })
    .await;
    assert!(marked, "the letter is marked sent");
    let waiting: i64 = one(
        &app,
        "SELECT count(*) FROM mail_outbox WHERE sent_on IS NULL",
    )
    .await;
    assert_eq!(waiting, 0, "nothing left to send: no letter goes twice");
    assert_eq!(sink.letters().len(), 1);
    sink.stop().await;
}

#[tokio::test]
async fn purging_removes_content_but_keeps_the_statistics_and_the_record() {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.triage.stats_min_cell = 1;
    let purge_settings = settings.clone();
    let app = TestApp::spawn_with(db, settings).await;
    let recovery = app.open_reports().await;
    let member = triager(&app, &recovery, "qian@example.org", "discipline").await;
    let code = submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, _) = newest(&app).await;
    let (status, _) = act(
        &member,
        &reference,
        "move",
        &[("to", "declined"), ("reason", "证据不足 no-evidence-5")],
    )
    .await;
    assert_eq!(status, 303);

    let pool = sunshine::db::build_pool(&purge_settings.database).unwrap();
    let deadlines = sunshine::triage::Deadlines::load(&purge_settings.triage).unwrap();
    let today = sunshine::report::beijing_today();
    let purged = sunshine::triage::jobs::purge(&pool, &deadlines, &purge_settings.triage, today)
        .await
        .unwrap();
    assert_eq!(purged, 0, "within its retention the case is kept");
    let later = today + chrono::Duration::days(5 * 366);
    let purged = sunshine::triage::jobs::purge(&pool, &deadlines, &purge_settings.triage, later)
        .await
        .unwrap();
    assert_eq!(purged, 1);

    let content: Option<Vec<u8>> = one(&app, "SELECT content FROM reports").await;
    assert!(content.is_none());
    for table in ["report_messages", "report_attachments", "case_notes"] {
        let n: i64 = one(&app, &format!("SELECT count(*) FROM {table}")).await;
        assert_eq!(n, 0, "{table} emptied");
    }
    let record: i64 = one(
        &app,
        "SELECT count(*) FROM audit_log WHERE action = 'reports.purged'",
    )
    .await;
    assert_eq!(record, 1, "the purge is audited");
    let declined: i64 = one(
        &app,
        "SELECT count(*) FROM audit_log WHERE action = 'case.declined'",
    )
    .await;
    assert_eq!(declined, 1, "the case's history stays");
    let (_, stats) = app.get_text("/stats.csv").await;
    let total = stats
        .lines()
        .find(|l| l.starts_with("total,"))
        .unwrap()
        .to_owned();
    assert!(
        total.starts_with("total,total,1,1,"),
        "still counted: {total}"
    );
    let thread = follow_up(&app, &code).await;
    assert!(thread.contains("Declined") && !thread.contains("copper-heron-5521"));
    let (status, page) = member.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("copper-heron-5521"));
}

#[tokio::test]
async fn possible_duplicates_are_suggested_and_each_reporter_is_still_answered() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let member = triager(&app, &recovery, "fang@example.org", "discipline").await;
    let first = submit(
        &app,
        "accusation",
        GROUP,
        "采购部经理在设备招标中收取供应商回扣约五十万元",
    )
    .await;
    let (one_ref, _) = newest(&app).await;
    submit(&app, "accusation", GROUP, "食堂承包合同没有公开招标").await;
    let (unrelated, _) = newest(&app).await;
    let second = submit(
        &app,
        "accusation",
        GROUP,
        "采购部经理在设备招标时收取了供应商约五十万元回扣",
    )
    .await;
    let (two_ref, _) = newest(&app).await;

    let (_, page) = member.get(&format!("/admin/cases/{two_ref}")).await;
    let suggested = between(&page, "id=\"suggestions\"", "</ul>").expect("suggestions shown");
    assert!(suggested.contains(&one_ref), "the retelling is suggested");
    assert!(!suggested.contains(&unrelated), "a different matter is not");

    let (status, _) = act(&member, &two_ref, "link", &[("other", &one_ref)]).await;
    assert_eq!(status, 303);
    assert_eq!(audited(&app, "case.linked", member.id).await, 1);
    let (_, page) = member.get(&format!("/admin/cases/{one_ref}")).await;
    assert!(
        page.contains(&format!("href=\"/admin/cases/{two_ref}\"")),
        "linked both ways"
    );

    for (reference, code, text) in [
        (&one_ref, &first, "answer-one-41"),
        (&two_ref, &second, "answer-two-42"),
    ] {
        let (status, _) = act(&member, reference, "message", &[("message", text)]).await;
        assert_eq!(status, 303);
        assert!(follow_up(&app, code).await.contains(text));
    }
    assert!(!follow_up(&app, &first).await.contains("answer-two-42"));
}

#[tokio::test]
async fn a_rerouted_case_moves_to_the_other_unit_with_its_key() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let discipline = triager(&app, &recovery, "tang@example.org", "discipline").await;
    let audit = triager(&app, &recovery, "song@example.org", "audit").await;
    submit(&app, "accusation", GROUP, PHRASE).await;
    let (reference, _) = newest(&app).await;

    let (status, _) = act(
        &discipline,
        &reference,
        "route",
        &[
            ("unit", "audit"),
            ("route_reason", "主要是资产处置问题 asset-disposal-reason"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(newest(&app).await.1, "audit");
    let (status, _) = discipline.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 404, "no longer the first unit's");
    let (status, page) = audit.get(&format!("/admin/cases/{reference}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("copper-heron-5521"),
        "the new unit opens it with its own key"
    );
    assert!(
        page.contains("asset-disposal-reason"),
        "the reason is in the notes"
    );
    let history: i64 = one(
        &app,
        "SELECT count(*) FROM audit_log WHERE action = 'case.rerouted'",
    )
    .await;
    assert_eq!(history, 1);
}

#[tokio::test]
async fn deadline_reminders_and_alerts_are_queued_once_each() {
    let db = TestDb::seeded().await;
    let settings = test_settings(&db.url);
    let jobs_settings = settings.clone();
    let app = TestApp::spawn_with(db, settings).await;
    let recovery = app.open_reports().await;
    let member = triager(&app, &recovery, "yang@example.org", "discipline").await;
    // A member who asked for a daily digest gets new reports that way.
    let response = member
        .post("/admin/account", "/admin/account/mail", &[("digest", "on")])
        .await;
    assert_eq!(response.status(), 200);
    submit(&app, "accusation", GROUP, PHRASE).await;
    let digest: bool = one(
        &app,
        "SELECT digest FROM mail_outbox WHERE kind = 'new_report'",
    )
    .await;
    assert!(digest);

    let pool = sunshine::db::build_pool(&jobs_settings.database).unwrap();
    let deadlines = sunshine::triage::Deadlines::load(&jobs_settings.triage).unwrap();
    let due: String = one(&app, "SELECT acknowledge_by::text FROM reports").await;
    let due: NaiveDate = due.parse().unwrap();
    let remind = |today| sunshine::triage::jobs::remind(&pool, &deadlines, today);
    assert_eq!(
        remind(due).await.unwrap(),
        1,
        "a reminder on the day it is due"
    );
    assert_eq!(remind(due).await.unwrap(), 0, "once");
    let late = due + chrono::Duration::days(7);
    assert_eq!(
        remind(late).await.unwrap(),
        1,
        "an alert once it has passed"
    );
    assert_eq!(remind(late).await.unwrap(), 0);
    let kinds: i64 = one(
        &app,
        "SELECT count(DISTINCT kind) FROM mail_outbox WHERE kind LIKE 'deadline_%' AND digest = false",
    )
    .await;
    assert_eq!(kinds, 2);
}
