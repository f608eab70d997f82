//! What the triage and fault tests share: reports submitted through the public form, a
//! unit's triager holding its key, and settings that send mail to a test SMTP server.

use reqwest::multipart::Form;
use sunshine::audit::Actor;
use sunshine::config::Settings;
use sunshine::report::RecoveryKey;
use sunshine::staff::Role;
use sunshine::triage::access::{self, Granter};

use super::staff::{receipt_code, StaffUser};
use super::{test_settings, TestApp, TestDb};

/// Submits a report through the public form; returns its receipt code.
pub async fn submit(app: &TestApp, kind: &str, enterprise: &str, what: &str) -> String {
    submit_to(&app.address, kind, enterprise, what).await
}

/// Submits a report through the public form of the instance at `base`, as a reporter's
/// browser does (multipart, no cookies); returns its receipt code.
pub async fn submit_to(base: &str, kind: &str, enterprise: &str, what: &str) -> String {
    let form = Form::new()
        .text("kind", kind.to_owned())
        .text("enterprise", enterprise.to_owned())
        .text("what", what.to_owned());
    let response = reqwest::Client::new()
        .post(format!("{base}/report?lang=en"))
        .multipart(form)
        .send()
        .await
        .expect("post the report form");
    let body = response.text().await.expect("body");
    receipt_code(&body).unwrap_or_else(|| panic!("no receipt code: {body}"))
}

/// Grants `unit`'s key to its members with the recovery key, as an administrator does.
pub async fn grant(app: &TestApp, recovery: &RecoveryKey, unit: &str) {
    let mut conn = app.db.connection().await;
    access::grant_missing(
        &mut conn,
        &Actor::cli(),
        unit,
        Granter::Recovery(recovery),
        None,
    )
    .await
    .expect("grant the unit's key");
}

/// A triager of `unit` who holds its key.
pub async fn triager(app: &TestApp, recovery: &RecoveryKey, email: &str, unit: &str) -> StaffUser {
    let member = StaffUser::create(app, email, Role::Triager, Some(unit)).await;
    grant(app, recovery, unit).await;
    member
}

/// Test settings with mail on, sent to 127.0.0.1:`port`, retried every second.
pub fn mail_settings(db: &TestDb, port: u16) -> Settings {
    let mut settings = test_settings(&db.url);
    settings.mail.enabled = true;
    settings.mail.smtp_port = port;
    settings.mail.poll_secs = 1;
    settings.mail.retry_base_secs = 1;
    settings.mail.retry_max_secs = 1;
    settings.mail.timeout_secs = 5;
    settings.mail.from = "阳光 <noreply@sunshine.example>".into();
    settings.server.public_url = "https://sunshine.example".into();
    settings
}
