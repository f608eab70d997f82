//! HTTPS as real clients meet it: `sunshine serve` with `[server.tls]` set through the
//! environment, a certificate made at test time, and OpenSSL's `s_client` and `curl` —
//! other TLS stacks than the server's rustls — connecting to it.
//!
//! These tests need the `openssl` and `curl` programs; without them they fail, saying
//! what to install, rather than pass without having checked anything.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::process::ServeProcess;
use support::TestDb;

/// How long one client run may take before the test gives up on it.
const CLIENT_DEADLINE: Duration = Duration::from_secs(20);

/// Panics with what to install when `program` cannot be run.
fn require(program: &str, version_flag: &str) {
    let found = Command::new(program)
        .arg(version_flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "the TLS tests run the `{program}` program, which is not installed: \
         `apt-get install {program}` (Debian), then run them again"
    );
}

/// A self-signed RSA certificate for localhost and 127.0.0.1, made by the openssl CLI.
/// RSA rather than ECDSA on purpose: legacy suites such as AES128-SHA need an RSA key,
/// so with one their refusal is the server's policy, not a certificate that cannot serve
/// them.
fn make_certificate(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}

/// `sunshine serve` over HTTPS only, configured as an operator would, through the
/// environment; every other setting is the default (HSTS max-age included).
struct Https {
    // Declared first: the process stops before its files and database go.
    _server: ServeProcess,
    port: u16,
    _dir: tempfile::TempDir,
    _db: TestDb,
}

impl Https {
    async fn start() -> Https {
        require("openssl", "version");
        require("curl", "--version");
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = make_certificate(dir.path());
        let db = TestDb::new().await;
        let (cert, key) = (cert.display().to_string(), key.display().to_string());
        // Its files in the temporary directory too, removed with it.
        let data = dir.path().join("data").display().to_string();
        let secret = dir.path().join("receipt-secret").display().to_string();
        let server = ServeProcess::start(
            &db.url,
            "127.0.0.1:0",
            &[
                ("SUNSHINE__SERVER__TLS__CERT_PATH", cert.as_str()),
                ("SUNSHINE__SERVER__TLS__KEY_PATH", key.as_str()),
                ("SUNSHINE__SERVER__WORKERS", "1"),
                ("SUNSHINE__DATA__DIR", data.as_str()),
                ("SUNSHINE__REPORTS__RECEIPT_SECRET_FILE", secret.as_str()),
            ],
        );
        assert!(server.url.starts_with("https://"), "{}", server.url);
        let port = server.url.rsplit(':').next().unwrap().parse().unwrap();
        Https {
            _server: server,
            port,
            _dir: dir,
            _db: db,
        }
    }

    /// Runs `openssl s_client` against the server with `args`; whether the handshake
    /// succeeded, and everything it printed.
    async fn s_client(&self, args: &[&str]) -> (bool, String) {
        let connect = format!("127.0.0.1:{}", self.port);
        let mut command = tokio::process::Command::new("openssl");
        // -brief prints the negotiated protocol and suite; stdin at its end makes the
        // client close the connection as soon as the handshake is done.
        command
            .args(["s_client", "-connect", &connect, "-brief"])
            .args(args)
            .stdin(Stdio::null())
            .kill_on_drop(true);
        run(command, "openssl s_client").await
    }
}

/// Runs a client program with a deadline; whether it succeeded, and its output.
async fn run(mut command: tokio::process::Command, what: &str) -> (bool, String) {
    let out = tokio::time::timeout(CLIENT_DEADLINE, command.output())
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {CLIENT_DEADLINE:?}"))
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Whether OpenSSL's output reports a fatal alert received from the server. A client that
/// refuses on its own ("no protocols available", "no ciphers available") sends nothing
/// and reports no alert number.
fn refused_by_server(out: &str) -> bool {
    out.contains("SSL alert number")
}

#[tokio::test]
async fn openssl_connects_with_tls_1_3_and_with_tls_1_2_and_an_aead_suite() {
    let https = Https::start().await;

    let (ok, out) = https.s_client(&["-tls1_3"]).await;
    assert!(ok, "TLS 1.3 refused:\n{out}");
    assert!(out.contains("Protocol version: TLSv1.3"), "{out}");

    let (ok, out) = https.s_client(&["-tls1_2"]).await;
    assert!(ok, "TLS 1.2 refused:\n{out}");
    assert!(out.contains("Protocol version: TLSv1.2"), "{out}");
    // Forward secret (ECDHE) and authenticated encryption (GCM or ChaCha20-Poly1305).
    let suite = out
        .lines()
        .find_map(|l| l.strip_prefix("Ciphersuite: "))
        .unwrap_or_else(|| panic!("no suite named:\n{out}"));
    assert!(
        suite.starts_with("ECDHE-") && (suite.contains("GCM") || suite.contains("CHACHA20")),
        "{suite}"
    );
}

#[tokio::test]
async fn tls_1_1_and_tls_1_0_are_refused_by_the_server() {
    let https = Https::start().await;
    // Security level 0 lets this OpenSSL offer the old protocols at all, so a failure is
    // the server's answer: a fatal alert it sends (rustls answers "handshake failure").
    for version in ["-tls1_1", "-tls1"] {
        let (ok, out) = https
            .s_client(&[version, "-cipher", "DEFAULT@SECLEVEL=0"])
            .await;
        assert!(!ok, "{version} was accepted:\n{out}");
        assert!(
            refused_by_server(&out),
            "{version} failed, but not by the server's refusal:\n{out}"
        );
    }
    // The same client still connects with TLS 1.2: the refusal is about the version.
    let (ok, out) = https
        .s_client(&["-tls1_2", "-cipher", "DEFAULT@SECLEVEL=0"])
        .await;
    assert!(ok, "{out}");
}

#[tokio::test]
async fn tls_1_2_suites_without_aead_or_forward_secrecy_are_refused() {
    let https = Https::start().await;
    // RSA key exchange with CBC (neither forward secret nor AEAD), and ECDHE with CBC
    // (forward secret, not AEAD).
    for suite in [
        "AES128-SHA",
        "AES256-SHA256",
        "ECDHE-RSA-AES128-SHA",
        "ECDHE-RSA-AES256-SHA384",
    ] {
        let (ok, out) = https
            .s_client(&["-tls1_2", "-cipher", &format!("{suite}@SECLEVEL=0")])
            .await;
        assert!(!ok, "{suite} was accepted:\n{out}");
        assert!(
            refused_by_server(&out),
            "{suite} failed, but not by the server's refusal:\n{out}"
        );
    }
}

#[tokio::test]
async fn curl_gets_pages_over_https_with_strict_transport_security_for_at_least_a_year() {
    let https = Https::start().await;
    let mut command = tokio::process::Command::new("curl");
    // -k: the certificate is self-signed; -D -: the response headers on stdout.
    command
        .args(["-sS", "-k", "-D", "-", "-o", "/dev/null"])
        .arg(format!("https://127.0.0.1:{}/", https.port))
        .kill_on_drop(true);
    let (ok, headers) = run(command, "curl").await;
    assert!(ok, "curl failed:\n{headers}");
    let status = headers.lines().next().unwrap_or_default();
    assert!(
        status.starts_with("HTTP/") && status.contains(" 200"),
        "{headers}"
    );
    let hsts = headers
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("strict-transport-security")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no Strict-Transport-Security:\n{headers}"));
    let max_age: u64 = hsts
        .split(';')
        .find_map(|part| part.trim().strip_prefix("max-age="))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no max-age in {hsts:?}"));
    assert!(
        max_age >= 365 * 24 * 3600,
        "max-age {max_age} is under a year"
    );

    // Plain HTTP on the same port gets no page: Sunshine serves HTTPS only.
    let mut command = tokio::process::Command::new("curl");
    command
        .args(["-sS", "-o", "/dev/null", "-w", "%{http_code}"])
        .arg(format!("http://127.0.0.1:{}/", https.port))
        .kill_on_drop(true);
    let (ok, out) = run(command, "curl").await;
    assert!(!ok || !out.starts_with("200"), "plain HTTP served: {out}");
}
