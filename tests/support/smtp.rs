//! A real SMTP server for tests: `smtp_sink.py` (aiosmtpd from PyPI, installed into
//! `var/venv` by `scripts/ensure-aiosmtpd`), storing each accepted letter as a file.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};
use tokio::time::timeout;

/// How long the sink may take to start listening.
const START: Duration = Duration::from_secs(20);

/// The venv's python with aiosmtpd, prepared once per test binary (the script locks, so
/// test binaries running it at once are safe).
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let out = StdCommand::new("scripts/ensure-aiosmtpd")
            .stderr(Stdio::inherit())
            .output()
            .expect("run scripts/ensure-aiosmtpd");
        assert!(
            out.status.success(),
            "ensure-aiosmtpd failed: {}",
            out.status
        );
        PathBuf::from(
            String::from_utf8(out.stdout)
                .expect("utf-8 path")
                .trim_end(),
        )
    })
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local address").port()
}

/// A running SMTP sink; dropping it kills the process.
pub struct SmtpSink {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    /// Where letters land, one `<n>.eml` each.
    pub dir: PathBuf,
}

impl SmtpSink {
    /// Starts the sink on `port`, writing into `dir`, and waits for it to listen.
    pub async fn start(port: u16, dir: &Path) -> SmtpSink {
        std::fs::create_dir_all(dir).expect("sink directory");
        let mut child = Command::new(python())
            .arg("tests/support/smtp_sink.py")
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn smtp_sink.py");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        let read = timeout(START, stdout.read_line(&mut line)).await;
        assert!(
            matches!(read, Ok(Ok(n)) if n > 0) && line == "ready\n",
            "the SMTP sink did not start: {read:?} {line:?}"
        );
        SmtpSink {
            child,
            _stdout: stdout,
            dir: dir.to_owned(),
        }
    }

    /// Stops the sink (the port is closed when this returns).
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }

    /// The letters received so far, raw, in order.
    pub fn letters(&self) -> Vec<String> {
        let mut numbered: Vec<(u32, PathBuf)> = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| {
                        let name = e.file_name().into_string().ok()?;
                        let n = name.strip_suffix(".eml")?.parse().ok()?;
                        Some((n, e.path()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        numbered.sort();
        numbered
            .into_iter()
            .map(|(_, path)| {
                String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
            })
            .collect()
    }
}
