//! The `sunshine` command: serve the portal, migrate the database, load demo data, import
//! disclosures.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sunshine::config::{ConfigSources, Settings};
use sunshine::disclosure::{seed_scale, Scale};
use sunshine::{db, demo, telemetry, Application};

/// mimalloc instead of glibc's malloc: the page cache keeps thousands of small compressed
/// pages alive between the large short-lived buffers of rendering and compressing, and
/// glibc's arenas then could not give the freed space back (282 MB resident for 64 MiB of
/// cached pages in the benchmark; see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sunshine",
    version,
    about = "Sunshine (阳光): SOE disclosure and reporting portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal until SIGINT or SIGTERM.
    Serve {
        /// Address to listen on, overriding server.bind (e.g. 0.0.0.0:8080).
        #[arg(long, value_name = "ADDR")]
        bind: Option<SocketAddr>,
    },
    /// Create the database if missing and apply pending migrations.
    Migrate,
    /// Load the fictional demo enterprises (idempotent).
    SeedDemo {
        /// Also generate this many synthetic enterprises with yearly disclosures
        /// (national scale; idempotent, resumable).
        #[arg(long, value_name = "N")]
        enterprises: Option<u32>,
        /// Years of disclosures per synthetic enterprise, ending with the latest demo year.
        #[arg(long, value_name = "Y", requires = "enterprises")]
        years: Option<u16>,
    },
    /// Publish disclosures from CSV or XLSX files (format: docs/import-format.md).
    Import {
        /// Files to import, all in one transaction.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Manage the keys anonymous reports are sealed to.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Delete the content of finished cases past `triage.retention`, keeping the figures,
    /// the audit log and published outcomes (a running server does this daily by itself).
    Purge,
    /// Generate the bulk files of /data/ once (a running server does this by itself).
    ExportData {
        /// Directory to write to, instead of data.dir.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account and print its one-time setup link.
    Create {
        /// Sign-in email.
        #[arg(long)]
        email: String,
        /// administrator, publisher, triager or investigator.
        #[arg(long)]
        role: String,
        /// The unit of a triager or investigator (a code from [[units]]).
        #[arg(long)]
        unit: Option<String>,
        /// The name colleagues know them by (default: the email's name part).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create the offline recovery key and every unit's key pair, which opens the report
    /// form. Prints the recovery key once: keep it offline.
    Init,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exits non-zero naming the first broken entry.
    Verify,
}

/// `sunshine keys init`: the recovery key, printed once, and the units' key pairs.
async fn init_keys(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = db::connect(&settings.database.url).await?;
    sunshine::staff::sync_units(&mut conn, &settings.units).await?;
    let actor = sunshine::audit::Actor::cli();
    let Some(recovery) = sunshine::report::init_recovery(&mut conn, &actor).await? else {
        anyhow::bail!(
            "the keys are initialised already; the recovery key was printed when they were"
        );
    };
    println!(
        "Reports are open. Every unit has a key pair; their private keys are stored only\n\
         sealed to this recovery key, which is NOT stored anywhere:\n\n\
         {}\n\n\
         Write it down or print it, keep it offline (in a safe, with a second copy elsewhere)\n\
         and never on this server. It is needed to give staff access to their unit's reports\n\
         and to recover them if every member of a unit loses their password.",
        recovery.to_text().as_str()
    );
    Ok(())
}

/// `sunshine user create`: the first administrator comes from here.
async fn create_user(
    settings: &Settings,
    email: &str,
    role: &str,
    unit: Option<String>,
    name: Option<String>,
) -> anyhow::Result<()> {
    use sunshine::audit::Actor;
    use sunshine::staff::{self, NewAccount, Role};
    let role = Role::from_code(role).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown role {role:?}: use administrator, publisher, triager or investigator"
        )
    })?;
    let mut conn = db::connect(&settings.database.url).await?;
    staff::sync_units(&mut conn, &settings.units).await?;
    let account = NewAccount {
        email: email.to_owned(),
        display_name: name.unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned()),
        role,
        unit,
    };
    let (member, link) = staff::create(
        &mut conn,
        &Actor::cli(),
        &account,
        settings.staff.setup_link_hours,
    )
    .await
    .map_err(|e| match e {
        staff::AccountError::UnitMismatch | staff::AccountError::UnknownUnit => {
            let units: Vec<&str> = settings.units.iter().map(|u| u.code.as_str()).collect();
            anyhow::anyhow!(
                "{e}: triagers and investigators need --unit (one of {}), other roles take none",
                units.join(", ")
            )
        }
        e => anyhow::anyhow!("cannot create the account: {e}"),
    })?;
    println!(
        "created {} ({}); to choose a password, open within {} hours:\n{}{}",
        member.email,
        member.role.code(),
        settings.staff.setup_link_hours,
        settings.public_url(),
        link.path()
    );
    Ok(())
}

/// `sunshine audit verify`: the whole chain, in batches, with a progress bar on a
/// terminal (a national portal's log takes a while) and the time it took.
async fn verify_audit(settings: &Settings) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use sunshine::audit::{head, verify_with_progress, Verification};
    let mut conn = db::connect(&settings.database.url).await?;
    let started = std::time::Instant::now();
    let bar = if std::io::stderr().is_terminal() {
        let expected = head(&mut conn).await?.count;
        let bar = ProgressBar::with_draw_target(
            Some(expected.max(0) as u64),
            ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = ProgressStyle::with_template("[{bar:40}] {pos}/{len} entries") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let outcome =
        verify_with_progress(&mut conn, |checked| bar.set_position(checked as u64)).await?;
    bar.finish_and_clear();
    let took = started.elapsed().as_secs_f64();
    match outcome {
        Verification::Intact { count, head } => {
            println!("audit log intact: {count} entries, head {head} (checked in {took:.2} s)");
            Ok(())
        }
        Verification::Broken { seq, reason } => {
            anyhow::bail!("audit log broken at entry {seq}: {reason} (checked in {took:.2} s)")
        }
    }
}

/// Prints the summary, or every problem on stderr before the one-line failure.
async fn import(settings: &Settings, files: &[PathBuf]) -> anyhow::Result<()> {
    use sunshine::disclosure::import::{import_files, ImportError};
    let mut conn = db::connect(&settings.database.url).await?;
    let actor = sunshine::audit::Actor::cli();
    match import_files(&mut conn, files, &actor, std::io::stderr().is_terminal()).await {
        Ok(s) => {
            let mut line = format!(
                "imported {} file(s), {} row(s): {} published, {} amended, {} unchanged",
                s.files, s.rows, s.published, s.amended, s.unchanged
            );
            if s.statuses_recorded + s.statuses_unchanged > 0 {
                line.push_str(&format!(
                    "; status updates: {} recorded, {} unchanged",
                    s.statuses_recorded, s.statuses_unchanged
                ));
            }
            println!("{line}");
            Ok(())
        }
        Err(e) => {
            if let ImportError::Rejected { problems, .. } = &e {
                for problem in problems {
                    eprintln!("{problem}");
                }
            }
            Err(e.into())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&anyhow::anyhow!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// One line on stderr: the error and its causes, joined.
fn fail(error: &anyhow::Error) -> ExitCode {
    let line = format!("{error:#}").replace('\n', " ");
    eprintln!("sunshine: {line}");
    ExitCode::FAILURE
}

async fn run(command: Command) -> anyhow::Result<()> {
    let mut settings = Settings::load(&ConfigSources::from_process())?;
    telemetry::init_logging(&settings.log);
    telemetry::install_panic_hook();
    match command {
        Command::Serve { bind } => {
            if let Some(bind) = bind {
                settings.server.bind = bind;
            }
            let app = Application::build(settings).await?;
            tracing::info!(url = %app.base_url(), "serving");
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            if db::create_database_if_missing(&settings.database.url).await? {
                println!("created the database");
            }
            let applied = db::run_migrations(&settings.database.url).await?;
            let mut conn = db::connect(&settings.database.url).await?;
            sunshine::staff::sync_units(&mut conn, &settings.units).await?;
            println!("applied {} migration(s)", applied.len());
        }
        Command::SeedDemo { enterprises, years } => {
            // Checked before anything is written, so a typo changes nothing.
            let scale = enterprises
                .map(|n| Scale::new(n, years.unwrap_or(Scale::DEFAULT_YEARS)))
                .transpose()?;
            let mut conn = db::connect(&settings.database.url).await?;
            let seeded = demo::seed_demo(&mut conn).await.map_err(|e| {
                anyhow::anyhow!("seeding failed (has `sunshine migrate` run?): {e}")
            })?;
            println!(
                "loaded {} demo enterprises, published {} new disclosure versions",
                seeded.enterprises, seeded.disclosure_versions
            );
            if let Some(scale) = scale {
                let added = seed_scale(&settings.database.url, scale).await?;
                println!(
                    "generated {} synthetic enterprises and {} disclosures in {:.1} s",
                    added.enterprises,
                    added.disclosures,
                    added.elapsed.as_secs_f64()
                );
            }
        }
        Command::Import { files } => import(&settings, &files).await?,
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    role,
                    unit,
                    name,
                },
        } => create_user(&settings, &email, &role, unit, name).await?,
        Command::Audit {
            command: AuditCommand::Verify,
        } => verify_audit(&settings).await?,
        Command::Keys {
            command: KeysCommand::Init,
        } => init_keys(&settings).await?,
        Command::Purge => {
            let pool = db::build_pool(&settings.database)?;
            let deadlines = sunshine::triage::Deadlines::load(&settings.triage)?;
            let today = sunshine::report::beijing_today();
            let purged =
                sunshine::triage::jobs::purge(&pool, &deadlines, &settings.triage, today).await?;
            println!(
                "purged {purged} case(s) finished more than {} ago",
                settings.triage.retention
            );
        }
        Command::ExportData { dir } => {
            let dir = dir.unwrap_or_else(|| settings.data.dir.clone());
            let manifest = sunshine::open_data::export(
                &settings.database.url,
                &settings.web.locales_dir,
                &dir,
            )
            .await?;
            for file in &manifest.files {
                println!("{:>12}  {}  {}", file.size, file.sha256, file.name);
            }
            println!(
                "generated {} in {:.1} s",
                dir.join(&manifest.generation).display(),
                manifest.duration_ms as f64 / 1000.0
            );
        }
    }
    Ok(())
}
