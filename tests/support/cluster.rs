//! A PostgreSQL cluster of one test's own, which the test may really stop and restart:
//! the shared server of the other tests is never touched. Started by
//! `scripts/ensure-postgres` on a free port with a data directory under
//! `target/fault-pg/`, and stopped and removed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::smtp::free_port;

/// A running private cluster; dropping it stops it and deletes its files.
pub struct PrivateCluster {
    /// `postgres://postgres@127.0.0.1:PORT`, without a database name.
    pub server: String,
    root: PathBuf,
    data: PathBuf,
}

impl PrivateCluster {
    /// Initialises and starts a cluster named `name` (a few seconds: `initdb`).
    pub fn start(name: &str) -> PrivateCluster {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/fault-pg")
            .join(format!("{name}-{}", std::process::id()));
        // A leftover of a killed run would be taken for a cluster already initialised.
        let _ = std::fs::remove_dir_all(&root);
        let data = root.join("data");
        let out = Command::new("scripts/ensure-postgres")
            .env("PGHOST", "127.0.0.1")
            .env("PGPORT", free_port().to_string())
            .env("SUNSHINE_PG_DATA", &data)
            .output()
            .expect("run scripts/ensure-postgres");
        // Whatever happened, the guard stops and removes what may have been started.
        let mut cluster = PrivateCluster {
            server: String::new(),
            root,
            data,
        };
        let printed = String::from_utf8_lossy(&out.stdout);
        match printed.trim().strip_prefix("export SUNSHINE_PG_SERVER=") {
            Some(server) => cluster.server = server.to_owned(),
            None => panic!("ensure-postgres failed: {}", text(&out)),
        }
        cluster
    }

    /// `pg_ctl restart -m fast`, to run on a blocking thread: every session is ended, the
    /// server shut down cleanly and started again with the same options; it returns once
    /// the server accepts connections.
    pub fn restarter(&self) -> impl FnOnce() + Send + 'static {
        let (root, data) = (self.root.clone(), self.data.clone());
        move || {
            let out = pg_ctl(&root, &data, &["restart", "-m", "fast", "-w", "-t", "60"]);
            assert!(out.status.success(), "pg_ctl restart: {}", text(&out));
        }
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        if self.data.join("PG_VERSION").exists() {
            let _ = pg_ctl(&self.root, &self.data, &["stop", "-m", "immediate", "-w"]);
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn pg_ctl(root: &Path, data: &Path, args: &[&str]) -> Output {
    let pg_ctl = bindir(data).join("pg_ctl");
    let mut command = if running_as_root() {
        // PostgreSQL refuses to run as root; ensure-postgres made `postgres` its owner.
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(pg_ctl);
        c
    } else {
        Command::new(pg_ctl)
    };
    command
        .arg("-D")
        .arg(data)
        .args(args)
        // The server's output goes on to the log ensure-postgres chose: a server holding
        // our pipe open would keep `output()` waiting forever.
        .arg("-l")
        .arg(root.join("postgres.log"))
        .current_dir("/")
        .output()
        .expect("run pg_ctl")
}

/// The server binaries of the version that initialised `data`.
fn bindir(data: &Path) -> PathBuf {
    let version = std::fs::read_to_string(data.join("PG_VERSION")).expect("PG_VERSION");
    PathBuf::from(format!("/usr/lib/postgresql/{}/bin", version.trim()))
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
