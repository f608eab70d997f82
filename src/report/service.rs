//! The report desk: takes reports and follow-up messages, opens a thread for a receipt
//! code. Slow work (Argon2id, sealing, file inspection) goes to the crypto workers; the
//! database sees only sealed bytes.

use std::sync::Arc;

use anyhow::Context as _;
use diesel_async::AsyncPgConnection;
use tokio::sync::OnceCell;
use zeroize::Zeroizing;

use super::choices::EnterpriseChoices;
use super::form::{ReportInput, Upload, UploadBudget};
use super::keys;
use super::limits::ReportLimits;
use super::model::{Answers, AttachmentAbout};
use super::pacing::Pacing;
use super::proof::ProofOfWork;
use super::queries::{self, ReportRow};
use super::receipt::{self, ReceiptCode, ReceiptHasher};
use super::seal::{self, SealedFile};
use super::sealing::{DataKey, Field};
use super::workers::CryptoWorkers;
use crate::config::ReportSettings;
use crate::db::PgPool;
use crate::triage::{routing, Deadlines};

/// Why a report or message was not stored. Either way nothing of it was kept.
#[derive(Debug, thiserror::Error)]
pub enum NotStored {
    /// `sunshine keys init` has not been run: there is no key to seal reports to.
    #[error("reports are not open yet")]
    Closed,
    /// The database (or anything else) failed; the cause is logged without content.
    #[error("not stored")]
    Failed(#[source] anyhow::Error),
}

/// A stored report: what the reporter is shown once.
pub struct Receipt {
    /// The code to keep.
    pub code: ReceiptCode,
    /// What was found in each file.
    pub files: Vec<AttachmentAbout>,
}

/// A report opened with its receipt code.
pub struct Thread {
    /// Row id.
    pub report_id: i64,
    /// Case reference.
    pub reference: String,
    /// `ReportKind` code.
    pub kind: String,
    /// `ReportState` code.
    pub state: String,
    /// The date it arrived.
    pub received_on: chrono::NaiveDate,
    /// The listed enterprise it is about.
    pub enterprise_uscc: Option<String>,
    /// What the reporter wrote.
    pub answers: Answers,
    /// Files sent with the report.
    pub files: Vec<AttachmentAbout>,
    /// The conversation, oldest first.
    pub messages: Vec<ThreadMessage>,
    /// What looking into it found, once concluded (a `Finding` code).
    pub finding: Option<String>,
    /// Whether retention removed its content (only the status is left).
    pub purged: bool,
    /// To whom it was referred and when, if it was.
    pub referral: Option<Referral>,
    /// The outcome the unit published, if any.
    pub outcome: Option<crate::triage::outcomes::Outcome>,
    /// `None` once purged.
    key: Option<DataKey>,
}

/// A referral as the reporter is told of it: the body and the date.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Referral {
    /// `ReferralBody` code.
    pub body: String,
    /// The body's name.
    pub body_name: String,
    /// When the case was sent.
    pub sent_on: chrono::NaiveDate,
}

/// One message of a thread, opened.
#[derive(serde::Serialize)]
pub struct ThreadMessage {
    /// `reporter` or `staff`.
    pub author: String,
    /// The date it was sent.
    pub sent_on: chrono::NaiveDate,
    /// Its text.
    pub body: String,
    /// Files sent with it.
    pub files: Vec<AttachmentAbout>,
}

/// Decodes opened JSON. A failure says only that: serde's message would quote the report,
/// and errors are logged.
fn decode<T: serde::de::DeserializeOwned>(plain: &[u8]) -> anyhow::Result<T> {
    serde_json::from_slice(plain).map_err(|_| anyhow::anyhow!("an opened value did not decode"))
}

/// Takes reports: the configuration, the receipt hasher, the crypto workers, the limits.
pub struct ReportDesk {
    settings: ReportSettings,
    deadlines: Arc<Deadlines>,
    secret: Zeroizing<Vec<u8>>,
    /// Built at first use: it needs the install's salt from the database.
    hasher: OnceCell<Arc<ReceiptHasher>>,
    /// Where slow work runs.
    pub workers: CryptoWorkers,
    /// Rate limits.
    pub limits: ReportLimits,
    /// The optional proof of work that raises a client's allowance.
    pub proof: ProofOfWork,
    /// Memory all requests' uploaded files may hold together.
    pub uploads: UploadBudget,
    /// Submissions take turns, at a steady pace.
    pub pacing: Pacing,
    /// The enterprises the form offers.
    pub choices: EnterpriseChoices,
}

impl ReportDesk {
    /// Reads (or creates) the receipt secret; fails if its file cannot be read or written.
    pub fn new(settings: &ReportSettings, deadlines: Arc<Deadlines>) -> anyhow::Result<ReportDesk> {
        let (secret, created) = receipt::load_or_create_secret(&settings.receipt_secret_file)
            .context("reports.receipt_secret_file")?;
        if created {
            tracing::info!(
                path = %settings.receipt_secret_file.display(),
                "created a new receipt secret; every instance on this database must share this file"
            );
        }
        Ok(ReportDesk {
            settings: settings.clone(),
            deadlines,
            proof: ProofOfWork::new(&secret, settings.proof_of_work_bits),
            uploads: UploadBudget::new(settings.upload_memory_mb.saturating_mul(1 << 20)),
            secret,
            hasher: OnceCell::new(),
            workers: CryptoWorkers::new(settings.crypto_workers),
            limits: ReportLimits::new(settings),
            pacing: Pacing::new(settings.intake_per_second),
            choices: EnterpriseChoices::default(),
        })
    }

    /// The settings it was made with.
    pub fn settings(&self) -> &ReportSettings {
        &self.settings
    }

    /// The receipt hasher; the first call reads the install's salt (a connection is taken
    /// only then).
    async fn hasher(&self, pool: &PgPool) -> anyhow::Result<Arc<ReceiptHasher>> {
        self.hasher
            .get_or_try_init(|| async {
                let keyring = keys::keyring(&mut *pool.get().await?).await?;
                let hasher =
                    ReceiptHasher::new(&self.settings, self.secret.clone(), keyring.receipt_salt)?;
                anyhow::Ok(Arc::new(hasher))
            })
            .await
            .cloned()
    }

    /// Whether reports can be taken (the unit keys exist).
    pub async fn is_open(&self, pool: &PgPool) -> anyhow::Result<bool> {
        let conn = &mut *pool.get().await?;
        Ok(keys::current_unit_key(conn, &self.settings.intake_unit)
            .await?
            .is_some())
    }

    /// Seals and stores a report with its files, all or nothing. No database connection
    /// is held while the report waits for, or runs on, the crypto workers.
    pub async fn submit(
        &self,
        pool: &PgPool,
        input: ReportInput,
        enterprise_uscc: Option<String>,
        uploads: Vec<Upload>,
    ) -> Result<Receipt, NotStored> {
        let failed = |e: anyhow::Error| NotStored::Failed(e);
        let (routed, unit_key) = {
            let mut conn = pool.get().await.map_err(|e| failed(e.into()))?;
            let routed = routing::route(
                &mut conn,
                input.kind,
                enterprise_uscc.as_deref(),
                &input.answers,
                &self.settings.intake_unit,
            )
            .await
            .map_err(|e| failed(e.into()))?;
            let key = keys::current_unit_key(&mut conn, &routed.unit)
                .await
                .map_err(|e| failed(e.into()))?
                .ok_or(NotStored::Closed)?;
            (routed, key)
        };
        let hasher = self.hasher(pool).await.map_err(failed)?;
        let public = unit_key.key.clone();
        let answers = input.answers;
        let sealed = self
            .workers
            .run(move || seal::seal_report(&hasher, &public, &answers, uploads))
            .await
            .and_then(|sealed| sealed)
            .map_err(failed)?;
        let received_on = seal::beijing_today();
        let row = ReportRow {
            kind: input.kind.code(),
            enterprise_uscc: enterprise_uscc.as_deref(),
            unit_code: &routed.unit,
            unit_key_id: unit_key.id,
            received_on,
            acknowledge_by: self.deadlines.acknowledge_by(received_on),
        };
        let mut conn = pool.get().await.map_err(|e| failed(e.into()))?;
        queries::store_report(&mut conn, &row, &sealed)
            .await
            .map_err(|e| failed(e.into()))?;
        Ok(Receipt {
            code: sealed.code,
            files: sealed.files.into_iter().map(|f| f.note).collect(),
        })
    }

    /// Opens the report a code belongs to; `None` when no report has this code.
    pub async fn open(&self, pool: &PgPool, code: ReceiptCode) -> anyhow::Result<Option<Thread>> {
        let hasher = self.hasher(pool).await?;
        // No connection is held while the hash waits for, or runs on, the crypto workers.
        let keys = self.workers.run(move || hasher.keys(&code)).await??;
        let conn = &mut *pool.get().await?;
        let Some(stored) = queries::find_by_lookup(conn, &keys.lookup).await? else {
            return Ok(None);
        };
        let key = match &stored.data_key_for_reporter {
            Some(wrapped) => Some(DataKey::unwrapped_by_reporter(
                &stored.reference,
                &keys.wrap,
                wrapped,
            )?),
            None => None,
        };
        Ok(Some(Self::load(conn, stored, key).await?))
    }

    /// The thread as it stands now, without hashing the code again (after a reply).
    pub async fn reload(&self, pool: &PgPool, thread: &Thread) -> anyhow::Result<Thread> {
        let conn = &mut *pool.get().await?;
        let stored = queries::find_by_id(conn, thread.report_id).await?;
        Self::load(conn, stored, thread.key.clone()).await
    }

    /// Opens a stored report and its conversation with its data key (`None` once purged:
    /// only the status is left).
    async fn load(
        conn: &mut AsyncPgConnection,
        stored: queries::StoredReport,
        key: Option<DataKey>,
    ) -> anyhow::Result<Thread> {
        let referral =
            queries::referral(conn, stored.id)
                .await?
                .map(|(body, body_name, sent_on)| Referral {
                    body,
                    body_name,
                    sent_on,
                });
        let outcome = crate::triage::outcomes::of_report(conn, stored.id).await?;
        let (Some(key), Some(content)) = (key, &stored.content) else {
            return Ok(Thread {
                referral,
                outcome,
                report_id: stored.id,
                reference: stored.reference,
                kind: stored.kind,
                state: stored.state,
                received_on: stored.received_on,
                enterprise_uscc: stored.enterprise_uscc,
                answers: Answers::default(),
                files: Vec::new(),
                messages: Vec::new(),
                finding: stored.finding,
                purged: true,
                key: None,
            });
        };
        let reference = stored.reference;
        let answers: Answers = decode(&key.open(&reference, Field::Content, content)?)?;
        let mut messages = Vec::new();
        let mut message_ids = Vec::new();
        for message in queries::messages(conn, stored.id).await? {
            let body = key.open(&reference, Field::Message, &message.body)?;
            message_ids.push(message.id);
            messages.push(ThreadMessage {
                author: message.author,
                sent_on: message.sent_on,
                body: String::from_utf8_lossy(&body).into_owned(),
                files: Vec::new(),
            });
        }
        let mut files = Vec::new();
        // The reporter sees what they sent; cleaned copies are for the unit's convenience.
        for attachment in queries::attachments(conn, stored.id).await? {
            if attachment.cleaned_from.is_some() {
                continue;
            }
            let about: AttachmentAbout =
                decode(&key.open(&reference, Field::AttachmentAbout, &attachment.about)?)?;
            let slot = attachment
                .message_id
                .and_then(|id| message_ids.iter().position(|m| *m == id));
            match slot {
                Some(index) => messages[index].files.push(about),
                None => files.push(about),
            }
        }
        Ok(Thread {
            report_id: stored.id,
            reference,
            kind: stored.kind,
            state: stored.state,
            received_on: stored.received_on,
            enterprise_uscc: stored.enterprise_uscc,
            answers,
            files,
            messages,
            finding: stored.finding,
            purged: false,
            referral,
            outcome,
            key: Some(key),
        })
    }

    /// Adds the reporter's message (and files) to an opened thread, all or nothing.
    pub async fn reply(
        &self,
        pool: &PgPool,
        thread: &Thread,
        message: String,
        uploads: Vec<Upload>,
    ) -> Result<Vec<AttachmentAbout>, NotStored> {
        let key = thread.key.clone().ok_or(NotStored::Closed)?;
        let reference = thread.reference.clone();
        let (body, files) = self
            .workers
            .run(move || -> anyhow::Result<(Vec<u8>, Vec<SealedFile>)> {
                let body = key.seal(&reference, Field::Message, message.as_bytes());
                Ok((body, seal::seal_files(&key, &reference, uploads)?))
            })
            .await
            .and_then(|sealed| sealed)
            .map_err(NotStored::Failed)?;
        let conn = &mut *pool.get().await.map_err(|e| NotStored::Failed(e.into()))?;
        queries::store_reporter_message(
            conn,
            thread.report_id,
            seal::beijing_today(),
            &body,
            &files,
        )
        .await
        .map_err(|e| NotStored::Failed(e.into()))?;
        Ok(files.into_iter().map(|f| f.note).collect())
    }
}
