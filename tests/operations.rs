//! Operations: `scripts/backup` and `scripts/restore-check` run as an operator runs them,
//! against a test database (docs/deploy.md, "Backups").

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

use reqwest::multipart::{Form, Part};
use support::TestApp;

fn script(name: &str) -> String {
    format!("{}/scripts/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn backup(database_url: &str, file: &Path) -> Output {
    Command::new(script("backup"))
        .arg(file)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap()
}

/// Runs restore-check against the test server; returns its output and its process id
/// (the script's PID ends the name of the database it creates).
fn restore_check(database_url: &str, dump: &Path) -> (Output, u32) {
    let child = Command::new(script("restore-check"))
        .arg(dump)
        .env("DATABASE_URL", database_url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    (child.wait_with_output().unwrap(), pid)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `name: N` lines restore-check prints.
fn counts(stdout: &str) -> HashMap<String, i64> {
    stdout
        .lines()
        .filter_map(|line| {
            let (name, n) = line.split_once(": ")?;
            Some((name.to_owned(), n.trim().parse().ok()?))
        })
        .collect()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.db.count(&format!("SELECT count(*) FROM {table}")).await
}

async fn leftover_check_databases(app: &TestApp, pid: u32) -> i64 {
    app.db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'sunshine_restore_check_%\\_' || $1::text",
            &[&pid.to_string()],
        )
        .await
        .unwrap()
        .get(0)
}

/// A demo portal that has taken a report: every table restore-check counts has rows.
async fn portal_with_a_report() -> TestApp {
    let app = TestApp::seeded().await;
    app.open_reports().await;
    let form = Form::new()
        .text("kind", "exposure")
        .text("enterprise", "91450500DEM000001J")
        .text("what", "仓库的账目与实物不符 backup-marker")
        .part(
            "files",
            Part::bytes(b"evidence".to_vec()).file_name("evidence.txt"),
        );
    let response = app
        .client
        .post(format!("{}/report?lang=en", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    app
}

#[tokio::test]
async fn a_backup_restores_into_a_fresh_database_that_passes_its_checks() {
    let app = portal_with_a_report().await;
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("sunshine.pgc");

    let made = backup(&app.db.url, &dump);
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(text(&made.stdout).starts_with("backup: wrote "));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dump).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a dump is readable by its owner only");
    }
    // A second run never overwrites a backup silently.
    let again = backup(&app.db.url, &dump);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("exists"));

    let (checked, pid) = restore_check(&app.db.url, &dump);
    let stdout = text(&checked.stdout);
    assert!(
        checked.status.success(),
        "{stdout}\n{}",
        text(&checked.stderr)
    );
    assert!(stdout.contains("migrations: "), "{stdout}");
    assert!(stdout.contains("audit chain: intact, head "), "{stdout}");
    assert!(stdout.trim_end().ends_with("restore-check: ok"), "{stdout}");
    let printed = counts(&stdout);
    for (label, table) in [
        ("enterprises", "enterprises"),
        ("disclosures", "disclosures"),
        ("reports", "reports"),
        ("audit log entries", "audit_log"),
    ] {
        let source = count(&app, table).await;
        assert!(source > 0, "{table} has rows in the source");
        assert_eq!(printed.get(label), Some(&source), "{label}: {stdout}");
    }
    assert_eq!(
        leftover_check_databases(&app, pid).await,
        0,
        "the restored database is dropped"
    );
}

#[tokio::test]
async fn a_truncated_backup_fails_the_check_in_one_line_and_leaves_nothing_behind() {
    let app = portal_with_a_report().await;
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("sunshine.pgc");
    let made = backup(&app.db.url, &dump);
    assert!(made.status.success(), "{}", text(&made.stderr));

    let bytes = std::fs::read(&dump).unwrap();
    let truncated = dir.path().join("truncated.pgc");
    std::fs::write(&truncated, &bytes[..bytes.len() - 100]).unwrap();

    let (checked, pid) = restore_check(&app.db.url, &truncated);
    let stderr = text(&checked.stderr);
    assert!(!checked.status.success(), "{}", text(&checked.stdout));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("restore-check: ") && lines[0].contains("pg_restore"),
        "{stderr}"
    );
    assert!(!text(&checked.stdout).contains("restore-check: ok"));
    assert_eq!(leftover_check_databases(&app, pid).await, 0);
}
