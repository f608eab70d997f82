//! Everything the case page shows, opened with the member's key: the report and its
//! files, the conversation with the reporter, the internal notes (kept apart: the
//! reporter never sees them), the referral, rectification, links, possible duplicates
//! and the case's history from the audit log.

use chrono::{DateTime, NaiveDate, Utc};
use crypto_box::SecretKey;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use super::cases::{self, CaseRow, Member, QueueItem};
use super::deadlines::{Deadlines, Standing};
use super::duplicates;
use super::outcomes::{self, Outcome};
use super::rectification::{self, Item};
use crate::audit::Entry;
use crate::db::schema::{
    audit_log, case_notes, case_referrals, enterprises, report_links, report_messages, reports,
    staff,
};
use crate::report::model::{Answers, AttachmentAbout, ReportState};
use crate::report::queries as report_queries;
use crate::report::sealing::{DataKey, Field};

/// A file as the case page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// Attachment id (for the download link).
    pub id: i64,
    /// Name, type, size and metadata findings.
    pub about: AttachmentAbout,
    /// The metadata-stripped copy's id, for images.
    pub cleaned_id: Option<i64>,
    /// Name, size and findings in the reader's language (filled by the page).
    pub shown: Option<crate::report::pages::FileView>,
}

/// A message of the conversation.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    /// `reporter` or `staff`.
    pub author: String,
    /// The staff member who wrote it.
    pub staff_name: Option<String>,
    pub sent_on: NaiveDate,
    pub body: String,
    pub files: Vec<FileView>,
}

/// An internal note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub by: String,
    /// Beijing time.
    pub written_at: String,
    pub body: String,
}

/// One line of the case's history (from the audit log).
#[derive(Debug, Clone, Serialize)]
pub struct HistoryLine {
    /// Beijing time.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// The referral on record.
#[derive(Debug, Clone, Serialize)]
pub struct ReferralView {
    pub body: String,
    pub body_name: String,
    pub sent_on: NaiveDate,
    /// What was sent, opened (`None` without the key).
    pub what_sent: Option<String>,
}

/// A possible duplicate and how alike it is (percent).
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub case: QueueItem,
    pub similarity: u32,
}

/// The case page's content.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub case: QueueItem,
    pub unit_code: String,
    pub acknowledge_by: NaiveDate,
    pub conclude_by: Option<NaiveDate>,
    pub acknowledge_standing: Option<Standing>,
    pub assignee_id: Option<i64>,
    /// Whether the member holds the key this case is sealed to.
    pub readable: bool,
    /// Whether retention removed the content.
    pub purged_on: Option<NaiveDate>,
    pub answers: Option<Answers>,
    pub files: Vec<FileView>,
    pub messages: Vec<MessageView>,
    pub notes: Vec<NoteView>,
    pub referral: Option<ReferralView>,
    pub items: Vec<Item>,
    pub links: Vec<QueueItem>,
    pub suggestions: Vec<Suggestion>,
    pub history: Vec<HistoryLine>,
    pub outcome: Option<Outcome>,
    /// States the member may move the case to.
    pub next: Vec<&'static str>,
    /// Members the case may be assigned to.
    pub assignable: Vec<(i64, String)>,
}

/// A message row: id, author, staff id, date, sealed body.
type StoredMessage = (i64, String, Option<i64>, NaiveDate, Vec<u8>);

/// Opens the case's data key through the member's grant, caching the unit secret.
pub async fn data_key(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
) -> QueryResult<Option<DataKey>> {
    let Some(sealed) = &case.data_key_for_unit else {
        return Ok(None);
    };
    super::access::data_key(
        conn,
        member.id,
        member.key.as_ref(),
        case.unit_key_id,
        sealed,
    )
    .await
}

/// Decodes opened JSON. A failure says only that: serde's message would quote the report.
fn decode<T: serde::de::DeserializeOwned>(plain: &[u8]) -> anyhow::Result<T> {
    serde_json::from_slice(plain).map_err(|_| anyhow::anyhow!("an opened value did not decode"))
}

fn text(key: &DataKey, reference: &str, field: Field, sealed: &[u8]) -> String {
    key.open(reference, field, sealed)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// Builds the case page's content.
pub async fn load(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    deadlines: &Deadlines,
    today: NaiveDate,
    duplicate_threshold: f64,
) -> anyhow::Result<CaseView> {
    let reference = &case.reference;
    let key = data_key(conn, member, case).await?;
    let mut answers = None;
    let mut files = Vec::new();
    let mut messages = Vec::new();
    let mut notes = Vec::new();
    if let (Some(key), Some(content)) = (&key, &case.content) {
        answers = Some(serde_json::from_slice::<Answers>(&key.open(
            reference,
            Field::Content,
            content,
        )?)?);
        let stored: Vec<StoredMessage> = report_messages::table
            .filter(report_messages::report_id.eq(case.id))
            .order(report_messages::id)
            .select((
                report_messages::id,
                report_messages::author,
                report_messages::staff_id,
                report_messages::sent_on,
                report_messages::body,
            ))
            .load(conn)
            .await?;
        let names = staff_names(conn, stored.iter().filter_map(|m| m.2).collect()).await?;
        let mut message_ids = Vec::new();
        for (id, author, staff_id, sent_on, body) in stored {
            message_ids.push(id);
            messages.push(MessageView {
                author,
                staff_name: staff_id
                    .and_then(|s| names.iter().find(|n| n.0 == s).map(|n| n.1.clone())),
                sent_on,
                body: text(key, reference, Field::Message, &body),
                files: Vec::new(),
            });
        }
        let attachments = report_queries::attachments(conn, case.id).await?;
        for attachment in &attachments {
            if attachment.cleaned_from.is_some() {
                continue;
            }
            let about: AttachmentAbout =
                decode(&key.open(reference, Field::AttachmentAbout, &attachment.about)?)?;
            let view = FileView {
                id: attachment.id,
                about,
                cleaned_id: attachments
                    .iter()
                    .find(|a| a.cleaned_from == Some(attachment.id))
                    .map(|a| a.id),
                shown: None,
            };
            match attachment
                .message_id
                .and_then(|id| message_ids.iter().position(|m| *m == id))
            {
                Some(index) => messages[index].files.push(view),
                None => files.push(view),
            }
        }
        let stored_notes: Vec<(String, DateTime<Utc>, Vec<u8>)> = case_notes::table
            .inner_join(staff::table)
            .filter(case_notes::report_id.eq(case.id))
            .order(case_notes::id)
            .select((
                staff::display_name,
                case_notes::written_at,
                case_notes::body,
            ))
            .load(conn)
            .await?;
        notes = stored_notes
            .into_iter()
            .map(|(by, written_at, body)| NoteView {
                by,
                written_at: crate::audit::beijing_time(written_at),
                body: text(key, reference, Field::Note, &body),
            })
            .collect();
    }
    let referral = case_referrals::table
        .find(case.id)
        .select((
            case_referrals::body,
            case_referrals::body_name,
            case_referrals::sent_on,
            case_referrals::what_sent,
        ))
        .first::<(String, String, NaiveDate, Option<Vec<u8>>)>(conn)
        .await
        .optional()?
        .map(|(body, body_name, sent_on, what_sent)| ReferralView {
            body,
            body_name,
            sent_on,
            what_sent: match (&key, what_sent) {
                (Some(key), Some(sealed)) => Some(text(key, reference, Field::Referral, &sealed)),
                _ => None,
            },
        });
    let items = rectification::items(conn, case.id).await?;
    let links = linked(conn, member, case, deadlines, today).await?;
    let suggestions = match (&key, &answers) {
        (Some(_), Some(answers)) if !case.state().is_final() => {
            suggest(
                conn,
                member,
                case,
                answers,
                &links,
                deadlines,
                today,
                duplicate_threshold,
            )
            .await?
        }
        _ => Vec::new(),
    };
    let history: Vec<HistoryLine> = audit_log::table
        .filter(audit_log::target.eq(format!("report:{reference}")))
        .order(audit_log::seq)
        .select(Entry::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(|e: Entry| HistoryLine {
            at: crate::audit::beijing_time(e.at),
            actor: e.actor,
            action: e.action,
            detail: e.detail,
        })
        .collect();
    let outcome = outcomes::of_report(conn, case.id).await?;
    let assignable = if member.is_triager() && !case.state().is_final() {
        cases::assignable(conn, &case.unit_code, case.enterprise_uscc.as_deref()).await?
    } else {
        Vec::new()
    };
    let next = case
        .state()
        .next()
        .iter()
        .filter(|to| {
            member.is_triager()
                || !matches!(
                    to,
                    ReportState::Accepted | ReportState::Declined | ReportState::Referred
                )
        })
        .map(|to| to.code())
        .collect();
    let acknowledge_standing = (case.state() == ReportState::Received)
        .then(|| deadlines.standing(case.acknowledge_by, today));
    let item = cases::describe(conn, vec![case.clone()], deadlines, today)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("a described case went missing"))?;
    Ok(CaseView {
        case: item,
        unit_code: case.unit_code.clone(),
        acknowledge_by: case.acknowledge_by,
        conclude_by: case.conclude_by,
        acknowledge_standing,
        assignee_id: case.assignee_id,
        readable: key.is_some(),
        purged_on: case.purged_on,
        answers,
        files,
        messages,
        notes,
        referral,
        items,
        links,
        suggestions,
        history,
        outcome,
        next,
        assignable,
    })
}

async fn staff_names(
    conn: &mut AsyncPgConnection,
    ids: Vec<i64>,
) -> QueryResult<Vec<(i64, String)>> {
    staff::table
        .filter(staff::id.eq_any(ids))
        .select((staff::id, staff::display_name))
        .load(conn)
        .await
}

/// Cases linked with this one that the member may see.
async fn linked(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    deadlines: &Deadlines,
    today: NaiveDate,
) -> QueryResult<Vec<QueueItem>> {
    let pairs: Vec<(i64, i64)> = report_links::table
        .filter(
            report_links::report_id
                .eq(case.id)
                .or(report_links::linked_to.eq(case.id)),
        )
        .select((report_links::report_id, report_links::linked_to))
        .load(conn)
        .await?;
    let ids: Vec<i64> = pairs
        .into_iter()
        .map(|(a, b)| if a == case.id { b } else { a })
        .collect();
    let recused = cases::recused_enterprises(conn, member.id).await?;
    let rows: Vec<CaseRow> = reports::table
        .filter(reports::id.eq_any(ids))
        .filter(reports::unit_code.eq(&member.unit))
        .select(CaseRow::as_select())
        .load(conn)
        .await?;
    let rows = rows
        .into_iter()
        .filter(|r| {
            r.enterprise_uscc
                .as_ref()
                .is_none_or(|u| !recused.contains(u))
        })
        .collect();
    cases::describe(conn, rows, deadlines, today).await
}

/// Other open-or-recent cases about the same enterprise whose text is alike.
#[allow(clippy::too_many_arguments)]
async fn suggest(
    conn: &mut AsyncPgConnection,
    member: &Member,
    case: &CaseRow,
    answers: &Answers,
    links: &[QueueItem],
    deadlines: &Deadlines,
    today: NaiveDate,
    threshold: f64,
) -> anyhow::Result<Vec<Suggestion>> {
    let Some(uscc) = &case.enterprise_uscc else {
        return Ok(Vec::new());
    };
    if cases::recused_enterprises(conn, member.id)
        .await?
        .contains(uscc)
    {
        return Ok(Vec::new());
    }
    let candidates: Vec<CaseRow> = reports::table
        .filter(reports::unit_code.eq(&member.unit))
        .filter(reports::enterprise_uscc.eq(uscc))
        .filter(reports::id.ne(case.id))
        .filter(reports::purged_on.is_null())
        .order(reports::id.desc())
        .limit(200)
        .select(CaseRow::as_select())
        .load(conn)
        .await?;
    let mut secrets: Vec<(i64, Option<SecretKey>)> = Vec::new();
    let mine = format!("{}\n{}", answers.what, answers.place);
    let mut alike = Vec::new();
    for other in candidates {
        if links.iter().any(|l| l.reference == other.reference) {
            continue;
        }
        let secret = match secrets.iter().find(|(id, _)| *id == other.unit_key_id) {
            Some((_, secret)) => secret.clone(),
            None => {
                let secret = super::access::unit_secret(
                    conn,
                    member.id,
                    member.key.as_ref(),
                    other.unit_key_id,
                )
                .await?;
                secrets.push((other.unit_key_id, secret.clone()));
                secret
            }
        };
        let (Some(secret), Some(sealed), Some(content)) =
            (secret, &other.data_key_for_unit, &other.content)
        else {
            continue;
        };
        let Ok(key) = DataKey::unsealed_by(&secret, sealed) else {
            continue;
        };
        let Ok(plain) = key.open(&other.reference, Field::Content, content) else {
            continue;
        };
        let theirs: Answers = decode(&plain)?;
        let score = duplicates::similarity(&mine, &format!("{}\n{}", theirs.what, theirs.place));
        if score >= threshold {
            alike.push((other, score));
        }
    }
    alike.sort_by(|a, b| b.1.total_cmp(&a.1));
    alike.truncate(5);
    let scores: Vec<f64> = alike.iter().map(|(_, s)| *s).collect();
    let described = cases::describe(
        conn,
        alike.into_iter().map(|(r, _)| r).collect(),
        deadlines,
        today,
    )
    .await?;
    Ok(described
        .into_iter()
        .zip(scores)
        .map(|(case, score)| Suggestion {
            case,
            similarity: (score * 100.0).round() as u32,
        })
        .collect())
}

/// An enterprise's name, for pages that name it.
pub async fn enterprise_name(
    conn: &mut AsyncPgConnection,
    uscc: &str,
) -> QueryResult<Option<String>> {
    enterprises::table
        .find(uscc)
        .select(enterprises::name_zh)
        .first(conn)
        .await
        .optional()
}
