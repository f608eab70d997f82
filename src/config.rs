//! Typed settings: `config/default.toml`, then `config/$SUNSHINE_ENV.toml`, then
//! `SUNSHINE__SECTION__KEY` environment variables, then `DATABASE_URL` and
//! `DATABASE_REPLICA_URL`.
//!
//! Every struct denies unknown fields so that a misspelt key stops start-up instead of
//! being silently ignored, and `validate` checks what serde cannot.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::triage::calendar::Period;
use anyhow::{bail, Context};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// All settings of one Sunshine process.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Listening socket, TLS and shutdown.
    pub server: ServerSettings,
    /// PostgreSQL connection and pool.
    pub database: DatabaseSettings,
    /// Templates, static files, message catalogs and listing sizes.
    pub web: WebSettings,
    /// Log filter and format.
    pub log: LogSettings,
    /// Warning lines for red flags.
    pub indicators: IndicatorSettings,
    /// Bulk downloads under `/data/`.
    pub data: DataSettings,
    /// Staff sign-in: password hashing, two-factor, sessions, login limits.
    pub staff: StaffSettings,
    /// The supervisory units reports are routed to, and their staff belong to.
    pub units: Vec<UnitSettings>,
    /// Anonymous reports: attachments, receipt codes, limits.
    pub reports: ReportSettings,
    /// Triage: routing defaults, deadlines, retention.
    pub triage: TriageSettings,
    /// Outgoing mail (notifications to staff).
    pub mail: MailSettings,
}

/// `[triage]`: how reports become handled cases (docs/triage.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageSettings {
    /// The public holidays and make-up working days of the working-day calendar.
    pub holidays_file: PathBuf,
    /// How soon a report must be accepted, declined or referred, from the day it arrived.
    pub acknowledge_within: Period,
    /// How soon an accepted case must be concluded, from the day it was accepted.
    pub conclude_within: Period,
    /// Working days before a deadline at which the unit is reminded of it.
    pub remind_before_working_days: u32,
    /// How long a finished case keeps its content before purging removes it.
    pub retention: Period,
    /// Hours between the in-process purge runs; 0 leaves purging to `sunshine purge`.
    pub purge_every_hours: u64,
    /// Cases per queue page.
    pub page_size: i64,
    /// Shares of shared words (0–1) from which two reports are suggested as duplicates.
    pub duplicate_similarity: f64,
    /// Counts below this in statistics are shown as "fewer than" it (a small number could
    /// single a reporter out).
    pub stats_min_cell: i64,
    /// The routing rules written on first start (administrators edit them afterwards).
    #[serde(default)]
    pub routes: Vec<RouteSettings>,
}

/// `[[triage.routes]]`: one default routing rule; every condition given must hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSettings {
    /// A report kind code (`accusation`, …).
    #[serde(default)]
    pub kind: Option<String>,
    /// An enterprise's USCC: it and every enterprise below it.
    #[serde(default)]
    pub enterprise: Option<String>,
    /// Words any one of which in the report's text makes the rule apply.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The unit the report goes to.
    pub unit: String,
    /// Why the rule exists, for the administrators.
    #[serde(default)]
    pub note: String,
}

/// `[mail]`: the SMTP relay notifications go through.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// Whether mail is sent at all; off, letters wait in the outbox.
    pub enabled: bool,
    /// The relay's host name.
    pub smtp_host: String,
    /// Its port.
    pub smtp_port: u16,
    /// `none` (a local relay), `starttls` or `tls`.
    pub security: crate::triage::mail::Security,
    /// Sign-in name at the relay, if it needs one.
    #[serde(default)]
    pub username: Option<String>,
    /// Its password.
    #[serde(default)]
    pub password: Option<SecretString>,
    /// The sender address.
    pub from: String,
    /// Seconds an SMTP conversation may take.
    pub timeout_secs: u64,
    /// Seconds between outbox checks.
    pub poll_secs: u64,
    /// First retry after this many seconds; each later one waits twice as long ...
    pub retry_base_secs: u64,
    /// ... up to this many.
    pub retry_max_secs: u64,
    /// Beijing hour (0–23) at which digest letters go out.
    pub digest_hour: u32,
}

/// `[reports]`: taking anonymous reports and letting reporters follow them up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The unit a report goes to when no routing rule takes it.
    pub intake_unit: String,
    /// File holding the receipt codes' secret key (created when missing); outside the
    /// database, shared by every instance.
    pub receipt_secret_file: PathBuf,
    /// Argon2id memory cost in KiB for receipt codes.
    pub argon2_memory_kib: u32,
    /// Argon2id passes for receipt codes.
    pub argon2_iterations: u32,
    /// Threads hashing and sealing reports off the web workers; 0 means one per core.
    pub crypto_workers: usize,
    /// Most files with one report or message.
    pub max_attachments: usize,
    /// Largest file accepted, in MB (10^6 bytes).
    pub max_attachment_mb: usize,
    /// Memory, in MiB, that uploaded files of all requests together may hold.
    pub upload_memory_mb: usize,
    /// Reports (and follow-up messages) accepted per client in `window_secs`.
    pub submissions_per_client: u32,
    /// The same for a client that solved the optional proof of work.
    pub submissions_per_client_with_proof: u32,
    /// Reports and follow-up messages accepted from everyone together in `window_secs`.
    pub submissions_global: u32,
    /// Wrong receipt codes tolerated per client in `window_secs`.
    pub wrong_codes_per_client: u32,
    /// Wrong receipt codes tolerated from everyone together in `window_secs`.
    pub wrong_codes_global: u32,
    /// Receipt codes checked per client in `window_secs`, right or wrong (each costs a hash).
    pub code_checks_per_client: u32,
    /// The window the limits above are counted over.
    pub window_secs: u64,
    /// Leading zero bits the optional proof of work must find (0 turns it off).
    pub proof_of_work_bits: u32,
    /// Submissions (reports, follow-up messages) an instance starts reading each second;
    /// the rest wait their turn.
    pub intake_per_second: u32,
}

impl ReportSettings {
    /// The largest attachment in bytes.
    pub fn max_attachment_bytes(&self) -> usize {
        self.max_attachment_mb.saturating_mul(1_000_000)
    }
}

/// `[staff]`: how staff sign in and how long they stay signed in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSettings {
    /// Argon2id memory cost in KiB (OWASP's minimum: 19456 with 2 passes).
    pub argon2_memory_kib: u32,
    /// Argon2id passes.
    pub argon2_iterations: u32,
    /// Argon2id lanes.
    pub argon2_parallelism: u32,
    /// Shortest password accepted.
    pub password_min_length: usize,
    /// Roles that must use a TOTP second factor; they enrol at their first sign-in.
    pub totp_required_roles: Vec<String>,
    /// Minutes without a request after which a session ends.
    pub session_idle_minutes: u32,
    /// Hours after sign-in at which a session ends, however active.
    pub session_absolute_hours: u32,
    /// Failed sign-in attempts allowed per account in `login_window_secs`.
    pub login_attempts_per_account: u32,
    /// Failed sign-in attempts allowed per client address in `login_window_secs`.
    pub login_attempts_per_client: u32,
    /// The window the two limits above are counted over.
    pub login_window_secs: u64,
    /// Hours a one-time setup or reset link stays valid.
    pub setup_link_hours: u32,
}

/// `[[units]]`: one supervisory unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSettings {
    /// Stable identifier, lowercase letters, digits and `_`; never reuse one for another unit.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

/// `[data]`: the bulk CSV files served under `/data/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSettings {
    /// Directory the files are generated into; private to this instance.
    pub dir: PathBuf,
    /// Least time between two generations; a publication waits at most this long.
    pub min_interval_secs: u64,
}

/// `[indicators]`: where an indicator becomes a red flag.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSettings {
    /// Asset-liability ratio (percent) above which an enterprise is flagged.
    pub debt_ratio_warning_percent: u32,
    /// The same line for particular industries, by GB/T 4754 section letter.
    pub debt_ratio_warning_by_industry: HashMap<String, u32>,
    /// Month and day ("MM-DD") of the year after a reporting year by which its annual
    /// disclosures must be published; a required one still missing then is flagged.
    pub annual_disclosure_deadline: String,
}

impl IndicatorSettings {
    /// The deadline for reporting year `year`, if `annual_disclosure_deadline` is valid.
    pub fn deadline_for(&self, year: i32) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(
            &format!("{}-{}", year + 1, self.annual_disclosure_deadline),
            "%Y-%m-%d",
        )
        .ok()
    }
}

/// `[server]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    /// Grace period for in-flight requests on shutdown.
    pub shutdown_timeout_secs: u64,
    /// The address people reach the portal at, for links printed outside a request (a new
    /// account's setup link); empty means `http://` + `bind`.
    pub public_url: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed: when a request comes from one
    /// of these addresses, its client (for rate limits only) is the header's right-most
    /// entry. Empty: the peer address is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// HTTPS, when configured.
    pub tls: TlsSettings,
}

/// `[server.tls]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSettings {
    /// PEM certificate chain; empty disables TLS.
    pub cert_path: PathBuf,
    /// PEM private key; empty disables TLS.
    pub key_path: PathBuf,
    /// Strict-Transport-Security max-age in seconds.
    pub hsts_max_age_secs: u64,
}

impl TlsSettings {
    /// Whether HTTPS is configured (both paths set).
    pub fn enabled(&self) -> bool {
        !self.cert_path.as_os_str().is_empty() && !self.key_path.as_os_str().is_empty()
    }
}

/// `[database]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Connection URL; secret because it may hold a password.
    pub url: SecretString,
    /// Maximum pooled connections.
    pub pool_size: usize,
    /// How long a request waits for a connection before answering 503.
    pub acquire_timeout_secs: u64,
    /// A read-only replica for public reads; empty means none (reads use `url`).
    pub replica_url: SecretString,
    /// How long, after a publication, the page cache waits for the replica to replay it
    /// before it turns itself off until the replica has caught up.
    pub replica_catch_up_secs: u64,
}

impl DatabaseSettings {
    /// The replica's URL, when one is configured.
    pub fn replica(&self) -> Option<&SecretString> {
        Some(&self.replica_url).filter(|url| !url.expose_secret().trim().is_empty())
    }
}

/// `[web]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSettings {
    /// Tera templates.
    pub templates_dir: PathBuf,
    /// Files served under `/static/`.
    pub public_dir: PathBuf,
    /// Fluent message catalogs, one folder per language.
    pub locales_dir: PathBuf,
    /// Rows per page in listings.
    pub page_size: i64,
    /// Cache-Control max-age for static files.
    pub static_max_age_secs: u64,
    /// Memory for rendered public pages, in MiB; 0 disables the page cache.
    pub page_cache_mb: u64,
}

/// `[log]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// tracing filter directive.
    pub level: String,
    /// Output format.
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where settings come from; tests build one by hand instead of touching the process env.
#[derive(Debug, Clone)]
pub struct ConfigSources {
    /// Directory holding `default.toml` and `$SUNSHINE_ENV.toml`.
    pub dir: PathBuf,
    /// Value of `SUNSHINE_ENV`, naming an optional extra file.
    pub environment: Option<String>,
    /// Environment variables to consider (only `SUNSHINE__*`, `DATABASE_URL` and
    /// `DATABASE_REPLICA_URL` are read).
    pub vars: HashMap<String, String>,
}

impl ConfigSources {
    /// The sources of a real process: `SUNSHINE_CONFIG_DIR` (default `config`), its env vars.
    pub fn from_process() -> Self {
        let vars: HashMap<String, String> = std::env::vars().collect();
        ConfigSources {
            dir: vars
                .get("SUNSHINE_CONFIG_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("config")),
            environment: vars.get("SUNSHINE_ENV").cloned(),
            vars,
        }
    }
}

impl Settings {
    /// Loads and validates settings from `sources`.
    pub fn load(sources: &ConfigSources) -> anyhow::Result<Settings> {
        let default_file = sources.dir.join("default.toml");
        if !default_file.is_file() {
            bail!("configuration file {} not found", default_file.display());
        }
        let mut builder = config::Config::builder().add_source(toml_file(&default_file, true));
        if let Some(env) = sources.environment.as_deref().filter(|e| !e.is_empty()) {
            builder =
                builder.add_source(toml_file(&sources.dir.join(format!("{env}.toml")), false));
        }
        let sunshine_vars: HashMap<String, String> = sources
            .vars
            .iter()
            .filter(|(k, _)| k.starts_with("SUNSHINE__"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        builder = builder.add_source(
            config::Environment::with_prefix("SUNSHINE")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("server.trusted_proxies")
                .source(Some(sunshine_vars)),
        );
        if let Some(url) = sources.vars.get("DATABASE_URL").filter(|u| !u.is_empty()) {
            builder = builder.set_override("database.url", url.as_str())?;
        }
        if let Some(url) = sources.vars.get("DATABASE_REPLICA_URL") {
            builder = builder.set_override("database.replica_url", url.as_str())?;
        }
        let settings: Settings = builder
            .build()
            .and_then(|c| c.try_deserialize())
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the values serde accepted but Sunshine cannot run with.
    fn validate(&self) -> anyhow::Result<()> {
        if self.server.shutdown_timeout_secs > 3600 {
            bail!("invalid configuration: server.shutdown_timeout_secs must be at most 3600");
        }
        let tls = &self.server.tls;
        let (has_cert, has_key) = (
            !tls.cert_path.as_os_str().is_empty(),
            !tls.key_path.as_os_str().is_empty(),
        );
        if has_cert != has_key {
            bail!("invalid configuration: server.tls.cert_path and server.tls.key_path must be set together");
        }
        for path in [&tls.cert_path, &tls.key_path]
            .into_iter()
            .filter(|_| has_cert)
        {
            if !path.is_file() {
                bail!(
                    "invalid configuration: TLS file {} not found",
                    path.display()
                );
            }
        }
        DatabaseTarget::parse(&self.database.url)?;
        if let Some(replica) = self.database.replica() {
            DatabaseTarget::parse_setting("database.replica_url", replica)?;
        }
        if !(1..=600).contains(&self.database.replica_catch_up_secs) {
            bail!(
                "invalid configuration: database.replica_catch_up_secs must be between 1 and 600"
            );
        }
        if !(1..=1000).contains(&self.database.pool_size) {
            bail!("invalid configuration: database.pool_size must be between 1 and 1000");
        }
        if !(1..=300).contains(&self.database.acquire_timeout_secs) {
            bail!("invalid configuration: database.acquire_timeout_secs must be between 1 and 300");
        }
        if !(1..=200).contains(&self.web.page_size) {
            bail!("invalid configuration: web.page_size must be between 1 and 200");
        }
        if self.web.page_cache_mb > 4096 {
            bail!("invalid configuration: web.page_cache_mb must be at most 4096 (MiB)");
        }
        for (key, dir) in [
            ("web.templates_dir", &self.web.templates_dir),
            ("web.public_dir", &self.web.public_dir),
            ("web.locales_dir", &self.web.locales_dir),
        ] {
            if !dir.is_dir() {
                bail!(
                    "invalid configuration: {key}: directory {} not found",
                    dir.display()
                );
            }
        }
        if self.data.dir.as_os_str().is_empty() {
            bail!("invalid configuration: data.dir must name a directory");
        }
        if self.data.dir.exists() && !self.data.dir.is_dir() {
            bail!(
                "invalid configuration: data.dir: {} is not a directory",
                self.data.dir.display()
            );
        }
        if self.data.min_interval_secs > 86_400 {
            bail!("invalid configuration: data.min_interval_secs must be at most 86400 (a day)");
        }
        let lines = &self.indicators;
        if lines.deadline_for(2023).is_none() {
            bail!(
                "invalid configuration: indicators.annual_disclosure_deadline must be a month and day like \"05-31\", got {:?}",
                lines.annual_disclosure_deadline
            );
        }
        if lines.debt_ratio_warning_percent > 100 {
            bail!(
                "invalid configuration: indicators.debt_ratio_warning_percent must be at most 100"
            );
        }
        for (industry, line) in &lines.debt_ratio_warning_by_industry {
            if crate::enterprise::Industry::from_code(industry).is_none() {
                bail!("invalid configuration: indicators.debt_ratio_warning_by_industry: {industry:?} is not a GB/T 4754 section letter (A-T)");
            }
            if *line > 100 {
                bail!("invalid configuration: indicators.debt_ratio_warning_by_industry.{industry} must be at most 100");
            }
        }
        self.validate_staff()?;
        self.validate_reports()?;
        self.validate_triage()?;
        tracing_subscriber::EnvFilter::try_new(&self.log.level)
            .with_context(|| format!("invalid configuration: log.level {:?}", self.log.level))?;
        Ok(())
    }
}

impl Settings {
    fn validate_triage(&self) -> anyhow::Result<()> {
        let triage = &self.triage;
        for (index, route) in triage.routes.iter().enumerate() {
            let n = index + 1;
            if !self.units.iter().any(|u| u.code == route.unit) {
                bail!("invalid configuration: triage.routes #{n}: unit {:?} is not one of the [[units]]", route.unit);
            }
            if let Some(kind) = &route.kind {
                if crate::report::ReportKind::from_code(kind).is_none() {
                    bail!("invalid configuration: triage.routes #{n}: kind {kind:?} is not a report kind");
                }
            }
            if route.kind.is_none() && route.enterprise.is_none() && route.keywords.is_empty() {
                bail!("invalid configuration: triage.routes #{n} has no condition (kind, enterprise or keywords)");
            }
        }
        if !(1..=200).contains(&triage.page_size) {
            bail!("invalid configuration: triage.page_size must be between 1 and 200");
        }
        if !(0.0..=1.0).contains(&triage.duplicate_similarity) {
            bail!("invalid configuration: triage.duplicate_similarity must be between 0 and 1");
        }
        if triage.stats_min_cell < 1 {
            bail!("invalid configuration: triage.stats_min_cell must be at least 1");
        }
        let mail = &self.mail;
        if mail.digest_hour > 23 {
            bail!("invalid configuration: mail.digest_hour must be between 0 and 23");
        }
        if mail.poll_secs == 0
            || mail.retry_base_secs == 0
            || mail.retry_max_secs < mail.retry_base_secs
        {
            bail!("invalid configuration: mail.poll_secs and mail.retry_base_secs must be positive, and mail.retry_max_secs at least mail.retry_base_secs");
        }
        Ok(())
    }

    fn validate_reports(&self) -> anyhow::Result<()> {
        let reports = &self.reports;
        if !self.units.iter().any(|u| u.code == reports.intake_unit) {
            bail!(
                "invalid configuration: reports.intake_unit {:?} is not one of the [[units]]",
                reports.intake_unit
            );
        }
        if reports.receipt_secret_file.as_os_str().is_empty() {
            bail!("invalid configuration: reports.receipt_secret_file must name a file");
        }
        // The same floor as staff passwords: a receipt code is a password too.
        if reports.argon2_memory_kib < 19_456 || reports.argon2_iterations < 2 {
            bail!("invalid configuration: reports.argon2_memory_kib must be at least 19456 and reports.argon2_iterations at least 2 (OWASP's minimum for Argon2id)");
        }
        if reports.upload_memory_mb < reports.max_attachment_mb {
            bail!("invalid configuration: reports.upload_memory_mb must be at least reports.max_attachment_mb");
        }
        if reports.crypto_workers > 256 {
            bail!("invalid configuration: reports.crypto_workers must be at most 256");
        }
        if !(1..=50).contains(&reports.max_attachments) {
            bail!("invalid configuration: reports.max_attachments must be between 1 and 50");
        }
        if !(1..=200).contains(&reports.max_attachment_mb) {
            bail!("invalid configuration: reports.max_attachment_mb must be between 1 and 200");
        }
        let limits = [
            reports.submissions_per_client,
            reports.submissions_per_client_with_proof,
            reports.submissions_global,
            reports.wrong_codes_per_client,
            reports.wrong_codes_global,
            reports.code_checks_per_client,
            reports.intake_per_second,
        ];
        if limits.contains(&0) || reports.window_secs == 0 {
            bail!("invalid configuration: the reports.* limits and reports.window_secs must be positive");
        }
        if reports.proof_of_work_bits > 28 {
            bail!("invalid configuration: reports.proof_of_work_bits must be at most 28");
        }
        Ok(())
    }

    fn validate_staff(&self) -> anyhow::Result<()> {
        let staff = &self.staff;
        // OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB and 2 passes.
        if staff.argon2_memory_kib < 19_456 || staff.argon2_iterations < 2 {
            bail!("invalid configuration: staff.argon2_memory_kib must be at least 19456 and staff.argon2_iterations at least 2 (OWASP's minimum for Argon2id)");
        }
        if !(1..=16).contains(&staff.argon2_parallelism) {
            bail!("invalid configuration: staff.argon2_parallelism must be between 1 and 16");
        }
        if !(12..=128).contains(&staff.password_min_length) {
            bail!("invalid configuration: staff.password_min_length must be between 12 and 128");
        }
        for role in &staff.totp_required_roles {
            if crate::staff::Role::from_code(role).is_none() {
                bail!("invalid configuration: staff.totp_required_roles: {role:?} is not a role (administrator, publisher, triager, investigator)");
            }
        }
        if staff.session_idle_minutes == 0 || staff.session_absolute_hours == 0 {
            bail!("invalid configuration: staff.session_idle_minutes and staff.session_absolute_hours must be positive");
        }
        if staff.login_attempts_per_account == 0
            || staff.login_attempts_per_client == 0
            || staff.login_window_secs == 0
        {
            bail!("invalid configuration: staff.login_attempts_per_account, staff.login_attempts_per_client and staff.login_window_secs must be positive");
        }
        if !(1..=720).contains(&staff.setup_link_hours) {
            bail!("invalid configuration: staff.setup_link_hours must be between 1 and 720");
        }
        let mut codes = std::collections::HashSet::new();
        for unit in &self.units {
            let valid = unit.code.len() >= 2
                && unit.code.len() <= 40
                && unit.code.starts_with(|c: char| c.is_ascii_lowercase())
                && unit
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                bail!("invalid configuration: units: code {:?} must be 2-40 lowercase letters, digits or _ and start with a letter", unit.code);
            }
            if !codes.insert(unit.code.as_str()) {
                bail!(
                    "invalid configuration: units: code {:?} is listed twice",
                    unit.code
                );
            }
            if unit.name_zh.trim().is_empty() || unit.name_en.trim().is_empty() {
                bail!(
                    "invalid configuration: units: {:?} needs name_zh and name_en",
                    unit.code
                );
            }
        }
        if !self.server.public_url.is_empty() && url::Url::parse(&self.server.public_url).is_err() {
            bail!(
                "invalid configuration: server.public_url {:?} is not a URL",
                self.server.public_url
            );
        }
        Ok(())
    }

    /// Where people reach the portal, without a trailing slash.
    pub fn public_url(&self) -> String {
        if self.server.public_url.is_empty() {
            let scheme = if self.server.tls.enabled() {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{}", self.server.bind)
        } else {
            self.server.public_url.trim_end_matches('/').to_owned()
        }
    }
}

fn toml_file(
    path: &Path,
    required: bool,
) -> config::File<config::FileSourceFile, config::FileFormat> {
    config::File::from(path)
        .format(config::FileFormat::Toml)
        .required(required)
}

/// The parts of a database URL that may be shown to an operator: never the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseTarget {
    /// Host name or address (or socket directory).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Database name.
    pub database: String,
}

impl DatabaseTarget {
    /// Parses a `postgres://` URL, rejecting other schemes.
    pub fn parse(url: &SecretString) -> anyhow::Result<DatabaseTarget> {
        Self::parse_setting("database.url", url)
    }

    /// Parses the URL of setting `key`, naming that key in any error.
    pub fn parse_setting(key: &str, url: &SecretString) -> anyhow::Result<DatabaseTarget> {
        // The url crate's error never echoes the input, so the password cannot leak here.
        let parsed = url::Url::parse(url.expose_secret())
            .map_err(|e| anyhow::anyhow!("invalid configuration: {key} is not a URL ({e})"))?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            bail!("invalid configuration: {key} must start with postgres://");
        }
        let database = parsed.path().trim_start_matches('/').to_owned();
        if database.is_empty() {
            bail!("invalid configuration: {key} names no database");
        }
        Ok(DatabaseTarget {
            host: parsed.host_str().unwrap_or("localhost").to_owned(),
            port: parsed.port().unwrap_or(5432),
            database,
        })
    }
}

impl std::fmt::Display for DatabaseTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "database \"{}\" on {}:{}",
            self.database, self.host, self.port
        )
    }
}
