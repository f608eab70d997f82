//! Every SQL statement on reports. Each report, or follow-up message, is stored with all
//! its files in one transaction: the receipt is shown only once that has committed.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::seal::{SealedFile, SealedReport};
use crate::db::schema::{disclosures, enterprises, report_attachments, report_messages, reports};

/// What is stored in the clear beside a sealed report: what routing and statistics need.
pub struct ReportRow<'a> {
    /// `ReportKind` code.
    pub kind: &'a str,
    /// The enterprise, when it is one of the register's.
    pub enterprise_uscc: Option<&'a str>,
    /// The unit it is routed to.
    pub unit_code: &'a str,
    /// The unit key it is sealed to.
    pub unit_key_id: i64,
    /// The date (Beijing) it arrived.
    pub received_on: NaiveDate,
    /// The day it must be answered by (the working-day calendar).
    pub acknowledge_by: NaiveDate,
}

/// Stores a report and its files; returns its id.
pub async fn store_report(
    conn: &mut AsyncPgConnection,
    row: &ReportRow<'_>,
    sealed: &SealedReport,
) -> QueryResult<i64> {
    conn.transaction(async |conn| {
        let id: i64 = diesel::insert_into(reports::table)
            .values((
                reports::reference.eq(&sealed.reference),
                reports::receipt_lookup.eq(sealed.lookup.as_slice()),
                reports::kind.eq(row.kind),
                reports::enterprise_uscc.eq(row.enterprise_uscc),
                reports::unit_code.eq(row.unit_code),
                reports::received_on.eq(row.received_on),
                reports::acknowledge_by.eq(row.acknowledge_by),
                reports::due_on.eq(row.acknowledge_by),
                reports::unit_key_id.eq(row.unit_key_id),
                reports::data_key_for_unit.eq(&sealed.key_for_unit),
                reports::data_key_for_reporter.eq(&sealed.key_for_reporter),
                reports::content.eq(&sealed.content),
            ))
            .returning(reports::id)
            .get_result(conn)
            .await?;
        store_files(conn, id, None, &sealed.files).await?;
        // In the same transaction: a stored report always has its letters queued.
        let chain = crate::triage::routing::chain(conn, row.enterprise_uscc).await?;
        crate::triage::notify::new_report(conn, row.unit_code, &sealed.reference, &chain).await?;
        Ok(id)
    })
    .await
}

async fn store_files(
    conn: &mut AsyncPgConnection,
    report_id: i64,
    message_id: Option<i64>,
    files: &[SealedFile],
) -> QueryResult<()> {
    for file in files {
        let original: i64 = diesel::insert_into(report_attachments::table)
            .values((
                report_attachments::report_id.eq(report_id),
                report_attachments::message_id.eq(message_id),
                report_attachments::about.eq(&file.about),
                report_attachments::content.eq(&file.content),
            ))
            .returning(report_attachments::id)
            .get_result(conn)
            .await?;
        if let Some((about, content)) = &file.cleaned {
            diesel::insert_into(report_attachments::table)
                .values((
                    report_attachments::report_id.eq(report_id),
                    report_attachments::message_id.eq(message_id),
                    report_attachments::cleaned_from.eq(original),
                    report_attachments::about.eq(about),
                    report_attachments::content.eq(content),
                ))
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

/// Stores a reporter's follow-up message and its files.
pub async fn store_reporter_message(
    conn: &mut AsyncPgConnection,
    report_id: i64,
    sent_on: NaiveDate,
    body: &[u8],
    files: &[SealedFile],
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        let id: i64 = diesel::insert_into(report_messages::table)
            .values((
                report_messages::report_id.eq(report_id),
                report_messages::author.eq("reporter"),
                report_messages::sent_on.eq(sent_on),
                report_messages::body.eq(body),
            ))
            .returning(report_messages::id)
            .get_result(conn)
            .await?;
        store_files(conn, report_id, Some(id), files).await?;
        crate::triage::notify::reporter_message(conn, report_id).await
    })
    .await
}

/// A stored report as its reporter's code finds it (still sealed).
#[derive(Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct StoredReport {
    /// Row id.
    pub id: i64,
    /// Case reference (bound into every sealed value).
    pub reference: String,
    /// `ReportKind` code.
    pub kind: String,
    /// `ReportState` code.
    pub state: String,
    /// The date it arrived.
    pub received_on: NaiveDate,
    /// The enterprise, when listed.
    pub enterprise_uscc: Option<String>,
    /// What looking into it found, once concluded.
    pub finding: Option<String>,
    /// The data key under the receipt code's wrap key (gone once purged).
    pub data_key_for_reporter: Option<Vec<u8>>,
    /// The sealed answers (gone once purged).
    pub content: Option<Vec<u8>>,
}

/// The report a receipt code's lookup hash finds.
pub async fn find_by_lookup(
    conn: &mut AsyncPgConnection,
    lookup: &[u8; 32],
) -> QueryResult<Option<StoredReport>> {
    reports::table
        .filter(reports::receipt_lookup.eq(lookup.as_slice()))
        .select(StoredReport::as_select())
        .first(conn)
        .await
        .optional()
}

/// A stored report by id.
pub async fn find_by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<StoredReport> {
    reports::table
        .find(id)
        .select(StoredReport::as_select())
        .first(conn)
        .await
}

/// A stored message (still sealed).
#[derive(Queryable)]
pub struct StoredMessage {
    /// Row id.
    pub id: i64,
    /// `reporter` or `staff`.
    pub author: String,
    /// The date it was sent.
    pub sent_on: NaiveDate,
    /// The sealed body.
    pub body: Vec<u8>,
}

/// A report's conversation, oldest first.
pub async fn messages(
    conn: &mut AsyncPgConnection,
    report_id: i64,
) -> QueryResult<Vec<StoredMessage>> {
    report_messages::table
        .filter(report_messages::report_id.eq(report_id))
        .order(report_messages::id)
        .select((
            report_messages::id,
            report_messages::author,
            report_messages::sent_on,
            report_messages::body,
        ))
        .load(conn)
        .await
}

/// A stored attachment's description (the bytes are not loaded).
#[derive(Queryable)]
pub struct StoredAttachment {
    /// Row id.
    pub id: i64,
    /// The message it came with; `None`: with the report.
    pub message_id: Option<i64>,
    /// Whether it is a cleaned copy of another.
    pub cleaned_from: Option<i64>,
    /// Sealed description.
    pub about: Vec<u8>,
}

/// A report's attachments, without their bytes.
pub async fn attachments(
    conn: &mut AsyncPgConnection,
    report_id: i64,
) -> QueryResult<Vec<StoredAttachment>> {
    report_attachments::table
        .filter(report_attachments::report_id.eq(report_id))
        .order(report_attachments::id)
        .select((
            report_attachments::id,
            report_attachments::message_id,
            report_attachments::cleaned_from,
            report_attachments::about,
        ))
        .load(conn)
        .await
}

/// An enterprise a report can be about.
#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct EnterpriseChoice {
    /// Unified social credit code.
    pub uscc: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name, when there is one.
    pub name_en: Option<String>,
}

/// Every enterprise in the register, by Chinese name.
pub async fn enterprise_choices(
    conn: &mut AsyncPgConnection,
) -> QueryResult<Vec<EnterpriseChoice>> {
    enterprises::table
        .order(enterprises::name_zh)
        .select((
            enterprises::uscc,
            enterprises::name_zh,
            enterprises::name_en,
        ))
        .load(conn)
        .await
}

/// A published disclosure a report starts from: its enterprise, section and period.
pub async fn disclosure_about(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> QueryResult<Option<(String, String, i16, Option<i16>)>> {
    disclosures::table
        .find(id)
        .select((
            disclosures::enterprise_uscc,
            disclosures::section,
            disclosures::period_year,
            disclosures::period_quarter,
        ))
        .first(conn)
        .await
        .optional()
}

/// The referral of a report: the body's code and name, and the date it was sent.
pub async fn referral(
    conn: &mut AsyncPgConnection,
    report_id: i64,
) -> QueryResult<Option<(String, String, NaiveDate)>> {
    crate::db::schema::case_referrals::table
        .find(report_id)
        .select((
            crate::db::schema::case_referrals::body,
            crate::db::schema::case_referrals::body_name,
            crate::db::schema::case_referrals::sent_on,
        ))
        .first(conn)
        .await
        .optional()
}
