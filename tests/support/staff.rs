//! Staff members for tests: accounts created as `sunshine user create` does, then set up,
//! signed in and enrolled in TOTP through the real pages, each with a cookie jar of its own.

use std::sync::Mutex;

use sunshine::audit::Actor;
use sunshine::staff::{NewAccount, Role};

use super::TestApp;

/// The password every test account gets.
pub const PASSWORD: &str = "river stone lantern 7";

/// A signed-in staff member and their own browser.
pub struct StaffUser {
    /// Their cookie jar; does not follow redirects.
    pub client: reqwest::Client,
    /// Sign-in email.
    pub email: String,
    /// Database id.
    pub id: i64,
    /// The enrolled TOTP secret.
    pub totp_secret: Vec<u8>,
    /// Recovery codes shown at enrolment.
    pub recovery_codes: Vec<String>,
    base: String,
    last_step: Mutex<u64>,
}

/// A client with its own cookie jar that does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

/// The value of the first hidden `csrf` field of a page.
pub fn csrf_in(html: &str) -> String {
    between(html, r#"name="csrf" value=""#, "\"").unwrap_or_else(|| {
        panic!(
            "no csrf field on the page: {}",
            &html[..html.len().min(3000)]
        )
    })
}

/// Undoes tera's escaping of `/` (`&#x2F;`) and `&`, to read a link out of a page.
pub fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/").replace("&amp;", "&")
}

/// The text between `start` and the next `end`.
/// The receipt code a report's answer shows, if it shows one.
pub fn receipt_code(body: &str) -> Option<String> {
    between(body, "<code id=\"receipt-code\">", "</code>")
}

pub fn between(html: &str, start: &str, end: &str) -> Option<String> {
    let from = html.find(start)? + start.len();
    let to = html[from..].find(end)? + from;
    Some(html[from..to].to_owned())
}

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// Creates an account directly (as the CLI does) and returns its setup path.
pub async fn create_account(
    app: &TestApp,
    email: &str,
    role: Role,
    unit: Option<&str>,
) -> (i64, String) {
    let mut conn = app.db.connection().await;
    let account = NewAccount {
        email: email.to_owned(),
        display_name: email.split('@').next().unwrap_or(email).to_owned(),
        role,
        unit: unit.map(str::to_owned),
    };
    let (member, link) = sunshine::staff::create(&mut conn, &Actor::cli(), &account, 72)
        .await
        .expect("create account");
    (member.id, link.path())
}

impl StaffUser {
    /// A member with this role (and unit), password set, TOTP enrolled, signed in.
    pub async fn create(app: &TestApp, email: &str, role: Role, unit: Option<&str>) -> StaffUser {
        let (id, setup_path) = create_account(app, email, role, unit).await;
        let client = browser();
        let base = app.address.clone();
        let page = get(&client, &base, &setup_path).await.1;
        let response = client
            .post(format!("{base}{setup_path}"))
            .form(&[
                ("csrf", csrf_in(&page).as_str()),
                ("password", PASSWORD),
                ("confirmation", PASSWORD),
            ])
            .send()
            .await
            .expect("setup");
        assert_eq!(response.status(), 303, "setting the password");
        let response = password_step(&client, &base, email, PASSWORD).await;
        assert_eq!(
            location(&response),
            "/admin/account/totp",
            "enrolment comes first"
        );
        let page = get(&client, &base, "/admin/account/totp").await.1;
        let typed = between(&page, r#"<code class="secret">"#, "</code>").expect("secret shown");
        let totp_secret = totp_rs::Secret::Encoded(typed.replace(' ', ""))
            .to_bytes()
            .expect("base32 secret");
        let step = now_unix() / 30;
        let code = sunshine::staff::totp_code_at(&totp_secret, step * 30);
        let response = client
            .post(format!("{base}/admin/account/totp"))
            .form(&[("csrf", csrf_in(&page).as_str()), ("code", code.as_str())])
            .send()
            .await
            .expect("enrol");
        assert_eq!(response.status(), 200, "enrolment confirmed");
        let page = response.text().await.expect("body");
        let recovery_codes = page
            .split("<li><code>")
            .skip(1)
            .filter_map(|s| s.split("</code>").next().map(str::to_owned))
            .collect();
        StaffUser {
            client,
            email: email.to_owned(),
            id,
            totp_secret,
            recovery_codes,
            base,
            last_step: Mutex::new(step),
        }
    }

    /// A TOTP code not used yet (the next time step when the current one is used up).
    pub fn fresh_code(&self) -> String {
        let mut last = self.last_step.lock().expect("lock");
        let step = (now_unix() / 30).max(*last + 1);
        assert!(
            step <= now_unix() / 30 + 1,
            "no fresh TOTP step left in this window"
        );
        *last = step;
        sunshine::staff::totp_code_at(&self.totp_secret, step * 30)
    }

    /// Signs in again from a new browser (password and code); returns that browser.
    pub async fn sign_in_again(&self) -> reqwest::Client {
        let client = browser();
        let response = password_step(&client, &self.base, &self.email, PASSWORD).await;
        assert_eq!(location(&response), "/admin/login/code");
        let page = get(&client, &self.base, "/admin/login/code").await.1;
        let code = self.fresh_code();
        let response = client
            .post(format!("{}/admin/login/code", self.base))
            .form(&[("csrf", csrf_in(&page).as_str()), ("code", code.as_str())])
            .send()
            .await
            .expect("code");
        assert_eq!(location(&response), "/admin", "signed in");
        client
    }

    /// GET a path as this member: status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        get(&self.client, &self.base, path).await
    }

    /// POST a form as this member, with the CSRF token of `form_page` (a page that has a form).
    pub async fn post(
        &self,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let page = self.get(form_page).await.1;
        let csrf = csrf_in(&page);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .expect("post")
    }
}

/// GET with a client: status and body.
pub async fn get(client: &reqwest::Client, base: &str, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{base}{path}"))
        .send()
        .await
        .expect("get");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// The sign-in form's first step, as a browser submits it.
pub async fn password_step(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let page = get(client, base, "/admin/login").await.1;
    client
        .post(format!("{base}/admin/login"))
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .expect("sign in")
}

/// A redirect's target.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
