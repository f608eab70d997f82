//! Keeps the bulk files in step with publications: a background task that listens for the
//! same `NOTIFY sunshine_published` the page cache uses (migration 000007) and regenerates,
//! at most once per `data.min_interval_secs`.
//!
//! It generates once as soon as it is listening (a publication may have happened while it
//! was not), then after every notification. Notifications that arrive while a generation
//! runs are folded into one more generation afterwards, so a burst of publications costs
//! two generations, not one per publication.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client};

use super::generate::generate;
use super::manifest::OpenData;

const CHANNEL: &str = "sunshine_published";
/// How often the connection is checked; a dead link without a FIN would otherwise leave
/// the files stale without anyone noticing.
const CHECK_EVERY: Duration = Duration::from_secs(30);
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);
const RETRY_MAX: Duration = Duration::from_secs(30);
/// The connection's name in `pg_stat_activity`.
pub const GENERATOR_APPLICATION_NAME: &str = "sunshine-open-data";

/// Runs for as long as the process: regenerates `data`'s files after publications.
pub async fn keep_generated(data: Arc<OpenData>, url: SecretString, min_interval: Duration) {
    let mut retry = Duration::from_millis(500);
    let mut last_started: Option<Instant> = None;
    loop {
        match listen(&url).await {
            Ok((mut client, notifications)) => {
                retry = Duration::from_millis(500);
                let why = follow(
                    &data,
                    &mut client,
                    notifications,
                    min_interval,
                    &mut last_started,
                )
                .await;
                tracing::warn!("open data: stopped following publications: {why}");
            }
            Err(why) => tracing::debug!("open data: cannot listen yet: {why}"),
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(RETRY_MAX);
    }
}

/// A connection listening on the channel, and its notifications.
async fn listen(url: &SecretString) -> Result<(Client, mpsc::UnboundedReceiver<()>), String> {
    let mut config: tokio_postgres::Config = url
        .expose_secret()
        .parse()
        .map_err(|_| "invalid database URL")?;
    config
        .application_name(GENERATOR_APPLICATION_NAME)
        .connect_timeout(Duration::from_secs(10));
    let (client, mut connection) = config
        .connect(tokio_postgres::NoTls)
        .await
        .map_err(|_| "cannot connect".to_owned())?;
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        // Polling for messages also drives the connection's queries.
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(_)) => {
                    if sender.send(()).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .await
        .map_err(|e| format!("LISTEN failed: {e}"))?;
    Ok((client, receiver))
}

/// Generates now and after every notification; returns why it stopped.
async fn follow(
    data: &OpenData,
    client: &mut Client,
    mut notifications: mpsc::UnboundedReceiver<()>,
    min_interval: Duration,
    last_started: &mut Option<Instant>,
) -> String {
    let mut check = tokio::time::interval(CHECK_EVERY);
    check.tick().await;
    let mut pending = true;
    loop {
        if pending {
            if let Some(at) = *last_started {
                tokio::time::sleep_until((at + min_interval).into()).await;
            }
            // Everything notified so far is in the snapshot about to be taken.
            while notifications.try_recv().is_ok() {}
            *last_started = Some(Instant::now());
            if let Err(why) = regenerate(data, client).await {
                return format!("{why:#}");
            }
            pending = false;
        }
        tokio::select! {
            notified = notifications.recv() => match notified {
                Some(()) => pending = true,
                None => return "the listening connection failed".to_owned(),
            },
            _ = check.tick() => {
                let answered =
                    tokio::time::timeout(CHECK_TIMEOUT, client.simple_query("SELECT 1")).await;
                if !matches!(answered, Ok(Ok(_))) {
                    return "the listening connection stopped answering".to_owned();
                }
            }
        }
    }
}

async fn regenerate(data: &OpenData, client: &mut Client) -> anyhow::Result<()> {
    let manifest = generate(client, data.dir(), data.tables()).await?;
    tracing::info!(
        generation = %manifest.generation,
        duration_ms = manifest.duration_ms,
        "open data files generated"
    );
    let keep = manifest.generation.clone();
    let previous = data.install(manifest).map(|m| m.generation.clone());
    remove_old_generations(data, &keep, previous.as_deref()).await;
    Ok(())
}

/// Keeps the new generation and the one before it (a download may still be reading it).
async fn remove_old_generations(data: &OpenData, keep: &str, previous: Option<&str>) {
    let Ok(mut entries) = tokio::fs::read_dir(data.dir()).await else {
        return;
    };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with("gen-") || name.starts_with(".building-");
        if ours && name != keep && Some(name.as_str()) != previous {
            if let Err(e) = tokio::fs::remove_dir_all(entry.path()).await {
                tracing::warn!("open data: cannot remove old generation {name}: {e}");
            }
        }
    }
}
