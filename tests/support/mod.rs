//! Shared test harness: a fresh database per test, cloned from a migrated template, and
//! the real application on a random port.
//!
//! The PostgreSQL server is `SUNSHINE_PG_SERVER` (as printed by `scripts/ensure-postgres`),
//! or `postgres://postgres@127.0.0.1:5432`. Tests in other processes (nextest runs one
//! process per test) coordinate through an advisory lock.

#![allow(dead_code)]

pub mod cluster;
pub mod process;
pub mod proxy;
pub mod smtp;
pub mod staff;
pub mod triage;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use sunshine::config::{ConfigSources, Settings};
use sunshine::Application;

/// The PostgreSQL server tests use, without a database name.
pub fn pg_server() -> String {
    std::env::var("SUNSHINE_PG_SERVER")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

async fn admin_client() -> tokio_postgres::Client {
    let url = format!("{}/postgres", pg_server());
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("tests need PostgreSQL at {}: {e}", pg_server()));
    tokio::spawn(connection);
    client
}

/// Template name derived from the migrations, so a changed migration gets a new template.
fn template_name() -> String {
    let mut hasher = DefaultHasher::new();
    let mut files: Vec<_> = walk(Path::new("migrations"));
    files.sort();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file)
            .expect("read migration")
            .hash(&mut hasher);
    }
    format!("sunshine_tpl_{:016x}", hasher.finish())
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("read migrations dir")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Which template a test database is copied from.
#[derive(Clone, Copy)]
enum Template {
    /// Migrated, empty.
    Migrated,
    /// Migrated, with `sunshine seed-demo`'s data.
    Demo,
}

/// Identifies the build: the demo data is produced by code, so a seeded template is only
/// valid for the binary that seeded it.
fn binary_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let bytes = std::fs::read(env!("CARGO_BIN_EXE_sunshine")).expect("read sunshine binary");
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        format!("{:08x}", hasher.finish() >> 32)
    })
    .clone()
}

/// Creates template `name` unless it exists: migrated, or copied from `from` and seeded.
/// Built under a temporary name and renamed, so a crash never leaves a half-made one.
async fn ensure_template(client: &tokio_postgres::Client, name: &str, from: Option<&str>) {
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await
        .expect("look up template")
        .is_some();
    if exists {
        return;
    }
    let building = format!("{name}_building");
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
        .await
        .expect("drop half-built template");
    let create = match from {
        Some(source) => format!("CREATE DATABASE {building} TEMPLATE {source}"),
        None => format!("CREATE DATABASE {building}"),
    };
    client
        .batch_execute(&create)
        .await
        .expect("create template");
    let url = SecretString::from(format!("{}/{building}", pg_server()));
    match from {
        None => {
            sunshine::db::run_migrations(&url)
                .await
                .expect("migrate template");
        }
        Some(_) => {
            let mut conn = sunshine::db::connect(&url).await.expect("connect template");
            sunshine::demo::seed_demo(&mut conn)
                .await
                .expect("seed template");
        }
    }
    client
        .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
        .await
        .expect("publish template");
}

/// Every build seeds a template of its own; keep only the current one, so a developer's
/// disk does not fill up with them. Runs under the advisory lock.
async fn drop_stale_demo_templates(client: &tokio_postgres::Client, current: &str) {
    let stale = client
        .query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'sunshine_tpl_%_demo_%' AND datname <> $1",
            &[&current],
        )
        .await
        .expect("list templates");
    for row in stale {
        let name: String = row.get(0);
        let _ = client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
}

/// A database of its own for one test, dropped when the test ends.
pub struct TestDb {
    /// Database name.
    pub name: String,
    /// Full connection URL.
    pub url: String,
}

impl TestDb {
    /// A freshly migrated, empty database.
    pub async fn new() -> TestDb {
        Self::copy_of(Template::Migrated).await
    }

    /// A migrated database with the demo data loaded.
    pub async fn seeded() -> TestDb {
        Self::copy_of(Template::Demo).await
    }

    async fn copy_of(kind: Template) -> TestDb {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "sunshine_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        let client = admin_client().await;
        // One lock for every test process: creating templates, and copying them (a copy
        // fails while another session is connected to the template).
        client
            .execute("SELECT pg_advisory_lock(7315001)", &[])
            .await
            .expect("advisory lock");
        let migrated = template_name();
        ensure_template(&client, &migrated, None).await;
        let template = match kind {
            Template::Migrated => migrated,
            Template::Demo => {
                let demo = format!("{migrated}_demo_{}", binary_hash());
                ensure_template(&client, &demo, Some(&migrated)).await;
                drop_stale_demo_templates(&client, &demo).await;
                demo
            }
        };
        client
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .await
            .expect("copy template");
        client
            .execute("SELECT pg_advisory_unlock(7315001)", &[])
            .await
            .expect("advisory unlock");
        let url = format!("{}/{name}", pg_server());
        TestDb { name, url }
    }

    /// A connection for arranging and inspecting data directly.
    pub async fn client(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(&self.url, tokio_postgres::NoTls)
            .await
            .expect("connect to test database");
        tokio::spawn(connection);
        client
    }

    /// The one number a query like `SELECT count(*) ...` returns.
    pub async fn count(&self, sql: &str) -> i64 {
        let row = self.client().await.query_one(sql, &[]).await;
        row.unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
    }

    /// A diesel-async connection, to call the library's queries directly.
    pub async fn connection(&self) -> diesel_async::AsyncPgConnection {
        sunshine::db::connect(&SecretString::from(self.url.clone()))
            .await
            .expect("connect with diesel")
    }
}

/// Where an app on database `name` generates its bulk files: one directory per test.
pub fn data_dir_for(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("sunshine-data-{name}"))
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let _ = std::fs::remove_dir_all(data_dir_for(&name));
        // Drop runs inside the test's runtime; a separate thread can block on its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let client = admin_client().await;
                client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop test database: {e}");
        }
    }
}

/// Settings as `config/default.toml` gives them, pointed at `db` and a random port.
pub fn test_settings(database_url: &str) -> Settings {
    let sources = ConfigSources {
        dir: "config".into(),
        environment: None,
        vars: HashMap::from([("DATABASE_URL".to_owned(), database_url.to_owned())]),
    };
    let mut settings = Settings::load(&sources).expect("default configuration loads");
    settings.server.bind = "127.0.0.1:0".parse().expect("address");
    settings.server.workers = 1;
    settings.server.shutdown_timeout_secs = 1;
    settings.database.pool_size = 4;
    settings.database.acquire_timeout_secs = 2;
    let database = database_url.rsplit('/').next().unwrap_or("default");
    settings.data.dir = data_dir_for(database);
    settings.data.min_interval_secs = 0;
    settings.reports.receipt_secret_file = data_dir_for(database).join("receipt-secret");
    settings
}

/// The running application and what a test needs to talk to it.
pub struct TestApp {
    /// Base URL, e.g. `http://127.0.0.1:43127`.
    pub address: String,
    /// A client that keeps cookies and does not follow redirects.
    pub client: reqwest::Client,
    /// The test's own database.
    pub db: TestDb,
}

impl TestApp {
    /// The app on an empty, migrated database.
    pub async fn spawn() -> TestApp {
        let db = TestDb::new().await;
        let settings = test_settings(&db.url);
        Self::spawn_with(db, settings).await
    }

    /// The app with the demo data loaded (enterprises and their disclosures).
    pub async fn seeded() -> TestApp {
        let db = TestDb::seeded().await;
        let settings = test_settings(&db.url);
        Self::spawn_with(db, settings).await
    }

    /// The app with custom settings (their database must be `db`, or reach it).
    pub async fn spawn_with(db: TestDb, settings: Settings) -> TestApp {
        let app = Application::build(settings).await.expect("build app");
        let address = app.base_url();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .danger_accept_invalid_certs(true)
            .build()
            .expect("client");
        TestApp {
            address,
            client,
            db,
        }
    }

    /// Opens the report form, as `sunshine keys init` does; returns the recovery key.
    pub async fn open_reports(&self) -> sunshine::report::RecoveryKey {
        let mut conn = self.db.connection().await;
        sunshine::report::init_recovery(&mut conn, &sunshine::audit::Actor::cli())
            .await
            .expect("initialise report keys")
            .expect("keys were not initialised before")
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// GET a path and return status and body.
    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// Polls `check` until it returns true or `deadline` passes; never a fixed sleep.
pub async fn eventually<F, Fut>(deadline: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return true;
        }
        if start.elapsed() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
