//! Staff accounts: signing in with a password and TOTP, limits, CSRF, sessions shared
//! across instances, authorisation by role and by unit.

mod support;

use sunshine::staff::Role;
use support::staff::{
    browser, create_account, csrf_in, get, location, password_step, StaffUser, PASSWORD,
};
use support::{test_settings, TestApp};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sunshine_staff=") && !v.starts_with("sunshine_staff=;"))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_new_account_sets_its_password_enrols_totp_and_reaches_the_dashboard() {
    let app = TestApp::spawn().await;

    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;

    assert_eq!(admin.recovery_codes.len(), 10, "recovery codes shown once");
    let response = admin
        .client
        .get(format!("{}/admin", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    assert!(
        body.contains("/admin/staff"),
        "an administrator manages accounts"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_renewed_at_each_sign_in_step() {
    let app = TestApp::spawn().await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let client = browser();

    let first = password_step(&client, &app.address, &member.email, PASSWORD).await;
    let before = session_cookie(&first).expect("a session after the password");
    let page = get(&client, &app.address, "/admin/login/code").await.1;
    let code = member.fresh_code();
    let second = client
        .post(format!("{}/admin/login/code", app.address))
        .form(&[("csrf", csrf_in(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    let after = session_cookie(&second).expect("a new session id after the code");

    for cookie in [&before, &after] {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/admin"), "{cookie}");
    }
    assert_ne!(
        before.split(';').next(),
        after.split(';').next(),
        "session id renewed"
    );
    let stale = browser();
    let old_value = before
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("sunshine_staff=");
    let response = stale
        .get(format!("{}/admin/account", app.address))
        .header("cookie", format!("sunshine_staff={old_value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&response),
        "/admin/login",
        "the pre-sign-in id is worthless"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;

    let wrong = password_step(
        &browser(),
        &app.address,
        "pub@example.org",
        "not the password",
    )
    .await;
    let unknown = password_step(&browser(), &app.address, "nobody@example.org", PASSWORD).await;

    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(session_cookie(&wrong).is_none() && session_cookie(&unknown).is_none());
    let (wrong, unknown) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(wrong.contains("邮箱或密码不正确"), "{wrong}");
    let message = |page: &str| support::staff::between(page, "role=\"alert\">", "<").unwrap();
    assert_eq!(message(&wrong), message(&unknown));
}

#[tokio::test]
async fn a_wrong_totp_code_is_refused_and_a_right_code_works_only_once() {
    let app = TestApp::spawn().await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let client = browser();
    password_step(&client, &app.address, &member.email, PASSWORD).await;
    let page = get(&client, &app.address, "/admin/login/code").await.1;
    let csrf = csrf_in(&page);

    let code = member.fresh_code();
    let wrong: String = code
        .chars()
        .map(|c| if c == '9' { '0' } else { '9' })
        .collect();
    let refused = client
        .post(format!("{}/admin/login/code", app.address))
        .form(&[("csrf", csrf.as_str()), ("code", wrong.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        get(&client, &app.address, "/admin/account").await.0,
        303,
        "not signed in"
    );

    let accepted = client
        .post(format!("{}/admin/login/code", app.address))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&accepted), "/admin");

    let replay = browser();
    password_step(&replay, &app.address, &member.email, PASSWORD).await;
    let page = get(&replay, &app.address, "/admin/login/code").await.1;
    let replayed = replay
        .post(format!("{}/admin/login/code", app.address))
        .form(&[("csrf", csrf_in(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 401, "a code works once");
}

#[tokio::test]
async fn a_recovery_code_replaces_the_authenticator_once() {
    let app = TestApp::spawn().await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let recovery = member.recovery_codes[3].to_uppercase();

    let mut outcomes = Vec::new();
    for _ in 0..2 {
        let client = browser();
        password_step(&client, &app.address, &member.email, PASSWORD).await;
        let page = get(&client, &app.address, "/admin/login/code").await.1;
        let response = client
            .post(format!("{}/admin/login/code", app.address))
            .form(&[
                ("csrf", csrf_in(&page).as_str()),
                ("code", recovery.as_str()),
            ])
            .send()
            .await
            .unwrap();
        outcomes.push(response.status().as_u16());
    }

    assert_eq!(outcomes, vec![303, 401]);
    let account = member.get("/admin/account").await.1;
    assert!(account.contains("剩余 9 个恢复码"), "{account}");
}

#[tokio::test]
async fn the_sign_in_limit_answers_429_and_says_when_to_retry() {
    let db = support::TestDb::new().await;
    let mut settings = test_settings(&db.url);
    settings.staff.login_attempts_per_account = 3;
    let app = TestApp::spawn_with(db, settings).await;
    create_account(&app, "pub@example.org", Role::Publisher, None).await;
    let client = browser();

    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response = password_step(&client, &app.address, "pub@example.org", "wrong guess").await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            let body = response.text().await.unwrap();
            assert!(body.contains("分钟后重试"), "{body}");
        }
    }

    assert_eq!(statuses, vec![401, 401, 401, 429]);
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_is_counted_one_after_another() {
    let db = support::TestDb::new().await;
    let mut settings = test_settings(&db.url);
    settings.staff.login_attempts_per_account = 3;
    settings.server.workers = 2;
    let app = TestApp::spawn_with(db, settings).await;
    create_account(&app, "pub@example.org", Role::Publisher, None).await;

    let guesses = (0..8).map(|i| {
        let address = app.address.clone();
        async move {
            let client = browser();
            let guess = format!("wrong guess number {i}");
            password_step(&client, &address, "pub@example.org", &guess)
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;

    // Three wrong guesses spend the allowance, the fourth finds it spent; the other four
    // wait their turn and are refused before any password is checked.
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        5,
        "{statuses:?}"
    );
    let checked: i64 = app
        .db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM audit_log WHERE action = 'staff.login_failed'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(checked, 4, "only four passwords were ever checked");
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let url = format!("{}/admin/staff", app.address);
    let fields = [
        ("email", "new@example.org"),
        ("display_name", "New"),
        ("role", "publisher"),
    ];

    let missing = admin.client.post(&url).form(&fields).send().await.unwrap();
    let mut forged = fields.to_vec();
    forged.push(("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    let wrong = admin.client.post(&url).form(&forged).send().await.unwrap();
    let sign_in_without_cookie = browser()
        .post(format!("{}/admin/login", app.address))
        .form(&[("email", "admin@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();

    assert_eq!(missing.status(), 403);
    assert_eq!(wrong.status(), 403);
    assert_eq!(sign_in_without_cookie.status(), 403);
    let accounts = admin.get("/admin/staff").await.1;
    assert!(!accounts.contains("new@example.org"), "nothing was created");
    let created = admin.post("/admin/staff", "/admin/staff", &fields).await;
    assert_eq!(created.status(), 200, "with the token it works");
    let created = support::staff::unescape(&created.text().await.unwrap());
    assert!(created.contains("/admin/setup/"), "{created}");
}

#[tokio::test]
async fn a_session_is_shared_by_two_app_instances_on_one_database() {
    let first = TestApp::spawn().await;
    let second_app = sunshine::Application::build(test_settings(&first.db.url))
        .await
        .unwrap();
    let second = second_app.base_url();
    tokio::spawn(second_app.run_until_stopped());
    let member = StaffUser::create(&first, "pub@example.org", Role::Publisher, None).await;
    let cookie = member
        .client
        .get(format!("{}/admin/account", first.address))
        .send()
        .await
        .unwrap();
    assert_eq!(cookie.status(), 200);

    // The same browser (its cookie is scoped to 127.0.0.1) asks the other instance.
    let (status, body) = get(&member.client, &second, "/admin/account").await;

    assert_eq!(status, 200, "signed in on the second instance too");
    assert!(body.contains("pub@example.org"));
    let signed_out = member.post("/admin/account", "/admin/logout", &[]).await;
    assert_eq!(location(&signed_out), "/admin/login?done=logout");
    assert_eq!(get(&member.client, &second, "/admin/account").await.0, 303);
}

#[tokio::test]
async fn signing_out_everywhere_ends_the_sessions_of_every_browser() {
    let app = TestApp::spawn().await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let other_browser = member.sign_in_again().await;
    assert_eq!(
        get(&other_browser, &app.address, "/admin/account").await.0,
        200
    );

    let response = member
        .post("/admin/account", "/admin/logout/everywhere", &[])
        .await;

    assert_eq!(response.status(), 303);
    assert_eq!(
        get(&other_browser, &app.address, "/admin/account").await.0,
        303
    );
    assert_eq!(member.get("/admin/account").await.0, 303);
}

#[tokio::test]
async fn a_session_ends_after_its_idle_timeout() {
    let app = TestApp::spawn().await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    assert_eq!(member.get("/admin/account").await.0, 200);

    app.db
        .client()
        .await
        .execute(
            "UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes'",
            &[],
        )
        .await
        .unwrap();

    assert_eq!(member.get("/admin/account").await.0, 303, "idle timeout");
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_at_once_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let page = format!("/admin/staff/{}", member.id);

    let response = admin.post(&page, &format!("{page}/disable"), &[]).await;

    assert_eq!(response.status(), 303);
    assert_eq!(member.get("/admin/account").await.0, 303, "session ended");
    let again = password_step(&browser(), &app.address, &member.email, PASSWORD).await;
    assert_eq!(again.status(), 401, "the same answer as a wrong password");
    let shown = admin.get(&page).await.1;
    assert!(
        shown.contains("已停用"),
        "history kept, account shown as disabled"
    );
    let own = admin
        .post(
            "/admin/account",
            &format!("/admin/staff/{}/disable", admin.id),
            &[],
        )
        .await;
    assert_eq!(
        own.status(),
        422,
        "an administrator cannot disable themselves"
    );
}

#[tokio::test]
async fn a_reset_clears_the_password_and_gives_a_new_setup_link() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let page = format!("/admin/staff/{}", member.id);

    let response = admin.post(&page, &format!("{page}/reset"), &[]).await;

    let body = response.text().await.unwrap();
    let body = support::staff::unescape(&body);
    let link = support::staff::between(&body, "<code class=\"setup-link\">", "</code>").unwrap();
    assert!(link.contains("/admin/setup/"), "{link}");
    assert_eq!(member.get("/admin/account").await.0, 303, "sessions ended");
    let old = password_step(&browser(), &app.address, &member.email, PASSWORD).await;
    assert_eq!(old.status(), 401, "the old password is gone");
    let path = &link[link.find("/admin/setup/").unwrap()..];
    assert_eq!(get(&browser(), &app.address, path).await.0, 200);
}

#[tokio::test]
async fn a_weak_password_is_refused_with_a_clear_message_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let (_, setup) = create_account(&app, "wang.fang@example.org", Role::Publisher, None).await;
    let client = browser();

    let mut messages = Vec::new();
    for (lang, password) in [("zh", "short"), ("en", "wang.fang is me!")] {
        let path = format!("{setup}?lang={lang}");
        let page = get(&client, &app.address, &path).await.1;
        let response = client
            .post(format!("{}{path}", app.address))
            .form(&[
                ("csrf", csrf_in(&page).as_str()),
                ("password", password),
                ("confirmation", password),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        messages.push(response.text().await.unwrap());
    }

    assert!(
        messages[0].contains("密码太短：至少需要 12 个字符"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("must not contain your email"),
        "{}",
        messages[1]
    );
}

#[tokio::test]
async fn a_triager_of_one_unit_gets_404_for_another_units_page() {
    let app = TestApp::spawn().await;
    let audit = StaffUser::create(&app, "t1@example.org", Role::Triager, Some("audit")).await;
    StaffUser::create(&app, "t2@example.org", Role::Triager, Some("discipline")).await;

    let (own, own_page) = audit.get("/admin/units/audit").await;
    let (other, _) = audit.get("/admin/units/discipline").await;

    assert_eq!(own, 200);
    assert!(own_page.contains("t1"), "{own_page}");
    assert!(
        !own_page.contains("t2"),
        "members of another unit are not listed"
    );
    assert_eq!(
        other, 404,
        "another unit's page does not exist for this triager"
    );
}

#[tokio::test]
async fn a_publisher_cannot_manage_accounts_and_an_anonymous_visitor_is_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    let publisher = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;

    assert_eq!(publisher.get("/admin/staff").await.0, 403);
    assert_eq!(publisher.get("/admin/units/audit").await.0, 403);
    let anonymous = browser()
        .get(format!("{}/admin/staff", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303);
    assert_eq!(location(&anonymous), "/admin/login");
}

#[tokio::test]
async fn an_administrator_changes_a_role_and_the_unit_must_fit_it() {
    let app = TestApp::spawn().await;
    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;
    let member = StaffUser::create(&app, "pub@example.org", Role::Publisher, None).await;
    let page = format!("/admin/staff/{}", member.id);

    let without_unit = admin
        .post(
            &page,
            &format!("{page}/role"),
            &[("role", "triager"), ("unit", "")],
        )
        .await;
    let with_unit = admin
        .post(
            &page,
            &format!("{page}/role"),
            &[("role", "triager"), ("unit", "audit")],
        )
        .await;

    assert_eq!(without_unit.status(), 422);
    assert!(without_unit
        .text()
        .await
        .unwrap()
        .contains("线索分办员和核查人员必须选择单位"));
    assert_eq!(with_unit.status(), 303);
    assert!(admin.get(&page).await.1.contains("线索分办员"));
    assert_eq!(
        member.get("/admin/account").await.0,
        303,
        "signed out to take the new role"
    );
}

#[tokio::test]
async fn the_cli_creates_an_account_and_prints_its_setup_link() {
    let db = support::TestDb::new().await;

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args([
            "user",
            "create",
            "--email",
            "First.Admin@Example.org",
            "--role",
            "administrator",
        ])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args([
            "user",
            "create",
            "--email",
            "t@example.org",
            "--role",
            "triager",
        ])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("created first.admin@example.org (administrator)"),
        "{printed}"
    );
    assert!(printed.contains("/admin/setup/"), "{printed}");
    assert!(!refused.status.success());
    let reason = String::from_utf8_lossy(&refused.stderr);
    assert!(reason.contains("--unit"), "{reason}");
}
