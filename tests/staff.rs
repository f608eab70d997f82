//! Staff accounts: signing in with a password and TOTP, limits, CSRF, sessions shared
//! across instances, authorisation by role and by unit.

mod support;

use sunshine::staff::Role;
use support::staff::{
    browser, create_account, csrf_in, get, location, password_step, StaffUser, PASSWORD,
};
use support::{test_settings, TestApp, TestDb};

#[tokio::test]
async fn a_new_account_sets_its_password_enrols_totp_and_reaches_the_dashboard() {
    let app = TestApp::spawn().await;

    let admin = StaffUser::create(&app, "admin@example.org", Role::Administrator, None).await;

    assert_eq!(admin.recovery_codes.len(), 10, "recovery codes shown once");
    let (status, body) = admin.get("/admin").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("admin@example.org") || body.contains("admin"),
        "{body}"
    );
    assert!(
        body.contains("/admin/staff"),
        "an administrator manages accounts"
    );
}
