//! Journeys in a real headless Chromium (Debian's `chromium`, driven by playwright-core
//! from `tests/browser/*.js`) against the real application on its own database, and
//! axe-core on the main pages in both languages. `scripts/ensure-browser` installs what
//! they need. Each journey writes screenshots of its key pages to
//! `target/screenshots/<journey>/`; the journey script's own checks say what failed.

mod support;

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use sunshine::staff::Role;
use support::staff::create_account;
use support::{eventually, TestApp};

/// A journey that has not finished by then is stuck, not slow.
const JOURNEY_DEADLINE: Duration = Duration::from_secs(300);

fn ensure_browser() {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        let status = std::process::Command::new("scripts/ensure-browser")
            .status()
            .expect("run scripts/ensure-browser");
        assert!(status.success(), "scripts/ensure-browser failed: {status}");
    });
}

/// Where a journey's screenshots go, emptied first so that they are this run's.
fn screenshots(journey: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(journey);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs `tests/browser/<journey>.js` against `app`, with `facts` in its environment, and
/// fails with everything it printed if any of its checks failed.
async fn run_journey(app: &TestApp, journey: &str, facts: &[(&str, String)]) {
    ensure_browser();
    let mut command = tokio::process::Command::new("node");
    command
        .arg(format!("tests/browser/{journey}.js"))
        .env("BASE", &app.address)
        .env("OUT", screenshots(journey))
        .envs(facts.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = command.spawn().expect("start node");
    let output = tokio::time::timeout(JOURNEY_DEADLINE, child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("the {journey} journey did not finish within 5 minutes"))
        .expect("journey output");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the {journey} journey failed:\n{printed}"
    );
    println!("{printed}");
}

/// An administrator's one-time setup link, as `sunshine user create` prints it.
async fn administrator(app: &TestApp) -> Vec<(&'static str, String)> {
    let email = "chief@example.org";
    let (_, link) = create_account(app, email, Role::Administrator, None).await;
    vec![("ADMIN_LINK", link), ("ADMIN_EMAIL", email.to_owned())]
}

#[tokio::test]
async fn a_citizen_browses_searches_and_downloads() {
    let app = TestApp::seeded().await;
    // The bulk files are written in the background after start.
    let generated = eventually(Duration::from_secs(60), || async {
        app.get("/data/manifest.json").await.status() == 200
    })
    .await;
    assert!(generated, "the bulk files were never generated");
    run_journey(&app, "citizen", &[]).await;
}

#[tokio::test]
async fn a_reporter_without_javascript_submits_with_an_attachment_and_follows_up() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    run_journey(&app, "reporter", &[]).await;
    assert_eq!(app.db.count("SELECT count(*) FROM reports").await, 1);
}

#[tokio::test]
async fn a_triager_signs_in_with_totp_and_works_a_case_to_a_published_outcome() {
    let app = TestApp::seeded().await;
    let recovery = app.open_reports().await;
    let mut facts = administrator(&app).await;
    facts.push(("RECOVERY", recovery.to_text().to_string()));
    run_journey(&app, "triager", &facts).await;
    assert_eq!(app.db.count("SELECT count(*) FROM case_outcomes").await, 1);
}

#[tokio::test]
async fn a_publisher_drafts_and_a_second_publisher_approves() {
    let app = TestApp::seeded().await;
    let before = app.db.count("SELECT count(*) FROM disclosures").await;
    run_journey(&app, "publisher", &administrator(&app).await).await;
    assert_eq!(
        app.db.count("SELECT count(*) FROM disclosures").await,
        before + 1
    );
}

#[tokio::test]
async fn the_main_pages_have_no_serious_accessibility_violations_in_either_language() {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    run_journey(&app, "accessibility", &[]).await;
}
