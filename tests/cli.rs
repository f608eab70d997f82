//! The `sunshine` command and its configuration: clear one-line failures.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::HashMap;
use std::process::Command;

use sunshine::config::{ConfigSources, Settings};

fn sources_with(extra: &str, vars: &[(&str, &str)]) -> (tempfile::TempDir, ConfigSources) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string("config/default.toml").unwrap();
    text.push_str(extra);
    std::fs::write(dir.path().join("default.toml"), text).unwrap();
    let sources = ConfigSources {
        dir: dir.path().to_owned(),
        environment: None,
        vars: vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<HashMap<_, _>>(),
    };
    (dir, sources)
}

fn load_error(extra: &str, vars: &[(&str, &str)]) -> String {
    let (_dir, sources) = sources_with(extra, vars);
    format!("{:#}", Settings::load(&sources).unwrap_err())
}

#[test]
fn the_shipped_configuration_loads() {
    let (_dir, sources) = sources_with("", &[]);
    let settings = Settings::load(&sources).unwrap();
    assert_eq!(settings.server.bind.to_string(), "127.0.0.1:8080");
}

#[test]
fn an_unknown_key_is_rejected_by_name() {
    let message = load_error("\n[mailbox]\nhost = \"x\"\n", &[]);
    assert!(
        message.contains("unknown field") && message.contains("mailbox"),
        "{message}"
    );
}

#[test]
fn an_invalid_value_is_rejected_with_its_key() {
    let message = load_error("", &[("SUNSHINE__SERVER__BIND", "not-an-address")]);
    assert!(message.contains("bind"), "{message}");
    let message = load_error("", &[("SUNSHINE__DATABASE__POOL_SIZE", "0")]);
    assert!(message.contains("database.pool_size"), "{message}");
    let message = load_error("", &[("SUNSHINE__LOG__FORMAT", "xml")]);
    assert!(message.contains("format"), "{message}");
}

#[test]
fn environment_variables_and_database_url_override_the_files() {
    let (_dir, sources) = sources_with(
        "",
        &[
            ("SUNSHINE__WEB__PAGE_SIZE", "7"),
            ("DATABASE_URL", "postgres://u@db.example:5433/other"),
        ],
    );
    let settings = Settings::load(&sources).unwrap();
    assert_eq!(settings.web.page_size, 7);
    let target = sunshine::config::DatabaseTarget::parse(&settings.database.url).unwrap();
    assert_eq!(target.to_string(), "database \"other\" on db.example:5433");
}

#[test]
fn a_replica_is_optional_and_database_replica_url_sets_it() {
    let (_dir, sources) = sources_with("", &[]);
    assert!(Settings::load(&sources)
        .unwrap()
        .database
        .replica()
        .is_none());
    let (_dir, sources) = sources_with(
        "",
        &[(
            "DATABASE_REPLICA_URL",
            "postgres://reader@replica.example/sunshine",
        )],
    );
    let settings = Settings::load(&sources).unwrap();
    let replica = settings.database.replica().unwrap();
    let target = sunshine::config::DatabaseTarget::parse(replica).unwrap();
    assert_eq!(
        target.to_string(),
        "database \"sunshine\" on replica.example:5432"
    );
}

#[test]
fn a_replica_url_that_is_not_a_postgres_url_is_rejected_by_name() {
    for bad in ["mysql://reader@replica.example/sunshine", "replica.example"] {
        let message = load_error("", &[("DATABASE_REPLICA_URL", bad)]);
        assert!(message.contains("database.replica_url"), "{message}");
        assert!(!message.contains("reader"), "{message}");
    }
}

#[test]
fn an_environment_file_overrides_the_defaults() {
    let (dir, mut sources) = sources_with("", &[]);
    std::fs::write(dir.path().join("staging.toml"), "[web]\npage_size = 11\n").unwrap();
    sources.environment = Some("staging".to_owned());
    assert_eq!(Settings::load(&sources).unwrap().web.page_size, 11);
}

#[test]
fn an_unreachable_database_fails_in_one_line_naming_host_and_database_but_not_the_password() {
    // Port 9 (discard) has no PostgreSQL behind it.
    let output = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("migrate")
        .env(
            "DATABASE_URL",
            "postgres://auditor:hunter2secret@127.0.0.1:9/ledger",
        )
        .output()
        .unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("\"ledger\" on 127.0.0.1:9"), "{stderr}");
    assert!(!stderr.contains("hunter2secret"), "{stderr}");
}

#[test]
fn a_bad_configuration_stops_the_command_with_a_specific_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("migrate")
        .env("SUNSHINE__WEB__PAGE_SIZE", "100000")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("web.page_size must be between 1 and 200"),
        "{stderr}"
    );
}

#[tokio::test]
async fn migrate_creates_a_missing_database_and_is_repeatable() {
    let name = format!("sunshine_cli_{}", std::process::id());
    let url = format!("{}/{name}", support::pg_server());
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_sunshine"))
            .args(["migrate"])
            .env("DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let first = run();
    let second = run();
    let seed = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("seed-demo")
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    // Clean up before asserting, so a failure leaves nothing behind.
    let db = support::TestDb {
        name,
        url: url.clone(),
    };
    drop(db);

    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("created the database"));
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("applied 0 migration"));
    assert!(String::from_utf8_lossy(&seed.stdout).contains("loaded 13 demo enterprises"));
}
