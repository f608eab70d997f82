//! `/search.csv`: every match, not only a page, streamed as it is read so a frequent word
//! costs neither memory nor a timeout. Not marked for the page cache (a stream is not a
//! page). A query that cannot be run is sent to the help page.

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::HttpResponse;
use diesel::sql_types::{BigInt, Bool, Nullable, SmallInt, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use futures_util::TryStreamExt;
use tokio::sync::mpsc;

use super::query::{SearchParams, SearchQuery};
use super::results::{bind_filters, DISCLOSURE_MATCH};
use crate::db::ReadPool;
use crate::web::AppError;

/// Rows per chunk sent to the client.
const ROWS_PER_CHUNK: usize = 500;
/// Column names, stable for scripts; values are codes (see docs/search.md).
const HEADER: [&str; 10] = [
    "kind",
    "uscc",
    "enterprise_name_zh",
    "enterprise_name_en",
    "section",
    "period_year",
    "period_quarter",
    "red_flagged",
    "url",
    "text",
];

#[derive(QueryableByName)]
struct CsvRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    uscc: String,
    #[diesel(sql_type = Text)]
    name_zh: String,
    #[diesel(sql_type = Nullable<Text>)]
    name_en: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    section: Option<String>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    period_year: Option<i16>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    period_quarter: Option<i16>,
    #[diesel(sql_type = Bool)]
    red_flagged: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    disclosure_id: Option<i64>,
    #[diesel(sql_type = Text)]
    body: String,
}

impl CsvRow {
    fn record(&self) -> [String; 10] {
        let url = match self.disclosure_id {
            Some(id) => format!("/disclosures/{id}"),
            None => format!("/enterprises/{}", self.uscc),
        };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<i16>| v.map(|n| n.to_string()).unwrap_or_default();
        [
            self.kind.clone(),
            self.uscc.clone(),
            self.name_zh.clone(),
            text(&self.name_en),
            text(&self.section),
            number(self.period_year),
            number(self.period_quarter),
            self.red_flagged.to_string(),
            url,
            self.body.clone(),
        ]
    }
}

/// Streams every matching enterprise, then every matching disclosure.
pub(super) async fn download(
    pool: web::Data<ReadPool>,
    params: web::Query<SearchParams>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, AppError> {
    let Ok(query) = params.parse() else {
        let location = format!("/search?{}", req.query_string());
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish());
    };
    let conn = pool.get().await?;
    let (sender, receiver) = mpsc::channel::<Bytes>(4);
    tokio::spawn(async move {
        if let Err(e) = write_rows(conn, &query, &sender).await {
            // The status line is gone; the client sees a truncated file.
            tracing::error!(error = %format!("{e:#}"), "search download failed");
        }
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let chunk = receiver.recv().await?;
        Some((Ok::<_, std::io::Error>(chunk), receiver))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"sunshine-search.csv\"",
        ))
        .streaming(body))
}

async fn write_rows(
    mut conn: crate::db::PooledConnection,
    query: &SearchQuery,
    sender: &mpsc::Sender<Bytes>,
) -> anyhow::Result<()> {
    let tsquery = query.tsquery();
    let f = &query.filters;
    let sql = format!("{ENTERPRISE_ROWS} UNION ALL {DISCLOSURE_ROWS} WHERE {DISCLOSURE_MATCH}");
    let mut rows = bind_filters!(diesel::sql_query(sql), tsquery.as_deref(), f)
        .load_stream::<CsvRow>(&mut *conn)
        .await?;
    // A byte-order mark, so spreadsheet programs read the file as UTF-8.
    let mut writer = chunk_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(HEADER)?;
    let mut in_chunk = 0;
    while let Some(row) = rows.try_next().await? {
        writer.write_record(row.record())?;
        in_chunk += 1;
        if in_chunk == ROWS_PER_CHUNK {
            let bytes = writer.into_inner().map_err(|e| e.into_error())?;
            if sender.send(Bytes::from(bytes)).await.is_err() {
                return Ok(()); // the client went away
            }
            writer = chunk_writer(Vec::new());
            in_chunk = 0;
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    let _ = sender.send(Bytes::from(bytes)).await;
    Ok(())
}

fn chunk_writer(buffer: Vec<u8>) -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(buffer)
}

/// Enterprises match only while no disclosure filter is chosen, as on the page.
const ENTERPRISE_ROWS: &str = "
SELECT 'enterprise' AS kind, e.uscc, e.name_zh, e.name_en, NULL::text AS section,
       NULL::smallint AS period_year, NULL::smallint AS period_quarter, s.red_flagged,
       NULL::bigint AS disclosure_id, ''::text AS body
  FROM search_enterprises s JOIN enterprises e ON e.uscc = s.uscc
 WHERE $1::tsquery IS NOT NULL AND s.tokens @@ $1::tsquery AND (NOT $4 OR s.red_flagged)
   AND $2::text IS NULL AND $3::smallint IS NULL AND $5::text IS NULL";

const DISCLOSURE_ROWS: &str = "
SELECT 'disclosure', s.enterprise_uscc, e.name_zh, e.name_en, s.section, s.period_year,
       s.period_quarter, s.red_flagged, s.disclosure_id, s.body
  FROM search_disclosures s JOIN enterprises e ON e.uscc = s.enterprise_uscc";
