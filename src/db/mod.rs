//! Database plumbing: the connection pool, embedded migrations and the generated schema.
//!
//! Requests use diesel-async through a deadpool pool, so no worker thread ever blocks on
//! PostgreSQL. Migrations need diesel's synchronous harness; they run on a blocking thread
//! through `AsyncConnectionWrapper`.
//!
//! Public reads go through a [`ReadPool`]: the replica's pool when `database.replica_url`
//! is set, else the primary's. Writes, migrations and `/readyz` use the primary's
//! [`PgPool`] itself, so a handler's signature says which database it may touch.

pub mod replica;
pub mod schema;

use std::time::Duration;

use anyhow::Context;
use diesel::result::{ConnectionError, DatabaseErrorKind};
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use secrecy::{ExposeSecret, SecretString};

use crate::config::{DatabaseSettings, DatabaseTarget};

/// The pool every request borrows connections from.
pub type PgPool = Pool<AsyncPgConnection>;

/// A connection checked out of the pool.
pub type PooledConnection = diesel_async::pooled_connection::deadpool::Object<AsyncPgConnection>;

/// Every migration under `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The pool public pages, the API and search read from: the replica's when one is
/// configured, else a handle on the primary's pool (the same connections).
#[derive(Clone)]
pub struct ReadPool {
    pool: PgPool,
    replica: bool,
}

impl ReadPool {
    /// A pool on the configured replica, or `primary` again when there is none.
    pub fn build(settings: &DatabaseSettings, primary: &PgPool) -> anyhow::Result<ReadPool> {
        match settings.replica() {
            Some(url) => Ok(ReadPool {
                pool: pool_for(url, settings).context("cannot build the replica pool")?,
                replica: true,
            }),
            None => Ok(ReadPool {
                pool: primary.clone(),
                replica: false,
            }),
        }
    }

    /// Whether reads go to a replica rather than to the primary.
    pub fn is_replica(&self) -> bool {
        self.replica
    }
}

impl std::ops::Deref for ReadPool {
    type Target = PgPool;

    fn deref(&self) -> &PgPool {
        &self.pool
    }
}

/// Builds the primary's pool. Connections are opened lazily, so this succeeds while the
/// database is down; requests then answer 503 until it is back, and no restart is needed.
pub fn build_pool(settings: &DatabaseSettings) -> anyhow::Result<PgPool> {
    pool_for(&settings.url, settings)
}

fn pool_for(url: &SecretString, settings: &DatabaseSettings) -> anyhow::Result<PgPool> {
    let timeout = Some(Duration::from_secs(settings.acquire_timeout_secs));
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(url.expose_secret());
    Pool::builder(manager)
        .max_size(settings.pool_size)
        .wait_timeout(timeout)
        .create_timeout(timeout)
        .recycle_timeout(timeout)
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .context("cannot build the database pool")
}

/// Checks that the database answers a trivial query.
pub async fn ping(pool: &PgPool) -> anyhow::Result<()> {
    let mut conn = pool.get().await.context("no database connection")?;
    diesel::sql_query("SELECT 1")
        .execute(&mut conn)
        .await
        .context("database did not answer")?;
    Ok(())
}

/// Opens one connection, with an error that names host and database but never the password.
pub async fn connect(url: &SecretString) -> anyhow::Result<AsyncPgConnection> {
    let target = DatabaseTarget::parse(url)?;
    AsyncPgConnection::establish(url.expose_secret())
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to {target}: {}", describe(&e)))
}

/// Creates the configured database when it does not exist yet, through the `postgres`
/// maintenance database on the same server. Returns whether it created one.
pub async fn create_database_if_missing(url: &SecretString) -> anyhow::Result<bool> {
    let target = DatabaseTarget::parse(url)?;
    match AsyncPgConnection::establish(url.expose_secret()).await {
        Ok(_) => return Ok(false),
        Err(e) if !is_missing_database(&e) => {
            anyhow::bail!("cannot connect to {target}: {}", describe(&e))
        }
        Err(_) => {}
    }
    let mut maintenance_url = url::Url::parse(url.expose_secret())?;
    maintenance_url.set_path("/postgres");
    let mut conn = connect(&SecretString::from(maintenance_url.to_string())).await?;
    // Identifiers cannot be bound as parameters; quote it the way PostgreSQL's quote_ident does.
    let quoted = format!("\"{}\"", target.database.replace('"', "\"\""));
    diesel::sql_query(format!(
        "CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0"
    ))
    .execute(&mut conn)
    .await
    .map_err(|e| anyhow::anyhow!("cannot create {target}: {e}"))?;
    Ok(true)
}

/// Applies pending migrations and returns the versions applied.
pub async fn run_migrations(url: &SecretString) -> anyhow::Result<Vec<String>> {
    let target = DatabaseTarget::parse(url)?;
    // Establish on the async side so connection errors get the same one-line wording.
    let conn = connect(url).await?;
    tokio::task::spawn_blocking(move || {
        let mut conn: AsyncConnectionWrapper<AsyncPgConnection> = conn.into();
        conn.run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.iter().map(|v| v.to_string()).collect())
            .map_err(|e| anyhow::anyhow!("migrating {target} failed: {e}"))
    })
    .await
    .context("migration thread panicked")?
}

fn is_missing_database(error: &ConnectionError) -> bool {
    // diesel-async flattens the server's error (SQLSTATE 3D000) into text.
    error.to_string().contains("does not exist")
}

/// A short reason for a connection failure, free of URLs.
fn describe(error: &ConnectionError) -> String {
    let text = match error {
        ConnectionError::BadConnection(msg) => msg.clone(),
        ConnectionError::InvalidConnectionUrl(_) => "invalid connection URL".to_owned(),
        other => other.to_string(),
    };
    // Keep it to one line for the CLI.
    text.lines().next().unwrap_or_default().trim().to_owned()
}

/// Whether an error means the database is unreachable rather than the query being wrong.
pub fn is_unavailable(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
            | diesel::result::Error::BrokenTransactionManager
    )
}
