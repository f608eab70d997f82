//! Rendered public pages, kept in memory until something is published.
//!
//! Published data changes a few times a day and is read all day, so the pages built from
//! it are rendered once and served from memory. Correctness rests on one rule: **a page is
//! served from the cache only while this instance is listening for changes**. PostgreSQL
//! triggers send `NOTIFY sunshine_published` whenever a publication commits, whoever the
//! writer (see migration 000007); every instance listens, and on a notification starts a
//! new generation. While the listening connection is down the cache is off, because a
//! notification could be missed; it comes back on, empty, once the connection is.
//!
//! Only responses a handler marks with [`published`] are stored, so a page that depends on
//! who asks (forms, sessions, staff pages) can never be served to someone else. A response
//! marked [`revalidated`] is validated the same way but never stored. The key
//! holds the language, the path with its query, the day (pages show what is overdue
//! today) and the generation. Pages are stored gzip-compressed: browsers get those bytes
//! as they are, other clients get them inflated, and the memory budget holds several times
//! more pages.
//!
//! Marked responses are validated whether or not the cache is on: they carry a weak ETag
//! computed from the body and answer `If-None-Match` (and, when the handler set a
//! `Last-Modified`, `If-Modified-Since`) with 304. The handler's own headers (content
//! type, `Last-Modified`, CORS) are kept, in memory too, so JSON is cached like HTML.
//! While the cache is on, responses say `x-page-cache: hit` or `miss`.
//!
//! With a read replica, pages are rendered from it, but the notifications come from the
//! primary (a physical replica delivers none), before the replica has replayed the
//! publication. So a notification starts a generation twice: at once, and again once the
//! replica has replayed the primary's WAL position read at that moment
//! ([`crate::db::replica::wait_for_replay`]); pages rendered in between are never served
//! after that. The cache also turns on only once the replica has caught up, and a replica
//! that does not catch up within `database.replica_catch_up_secs` turns it off like a
//! lost connection does.

use std::io::{Read, Write};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{self, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, Encoding, HeaderMap, HeaderValue, HttpDate};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, HttpResponseBuilder};
use chrono::NaiveDate;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::StreamExt;
use secrecy::{ExposeSecret, SecretString};

use super::i18n::Lang;
use crate::db::PgPool;

/// The channel the triggers notify.
const CHANNEL: &str = "sunshine_published";
/// How often the listening connection is checked; a dead link without a FIN would
/// otherwise keep the cache on while notifications go nowhere.
const CHECK_EVERY: Duration = Duration::from_secs(15);
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const RETRY_MAX: Duration = Duration::from_secs(10);
/// The listening connection's name in `pg_stat_activity`, for operators and tests.
pub const LISTENER_APPLICATION_NAME: &str = "sunshine-page-cache";

/// Marks a response as built only from published data, the same for every reader.
pub fn published(mut response: HttpResponse) -> HttpResponse {
    response.extensions_mut().insert(Published);
    response
}

/// The marker [`published`] leaves on a response.
#[derive(Clone, Copy)]
struct Published;

/// Marks a response to be validated (ETag, 304) like a published one, but never kept:
/// it shows data that changes without a publication (the audit log's head), so a kept
/// copy could be served after it changed.
pub fn revalidated(mut response: HttpResponse) -> HttpResponse {
    response.extensions_mut().insert(Revalidated);
    response
}

/// The marker [`revalidated`] leaves on a response.
#[derive(Clone, Copy)]
struct Revalidated;

/// The cache shared by every worker of an instance.
pub struct PageCache {
    pages: moka::sync::Cache<PageKey, Arc<CachedPage>>,
    generation: AtomicU64,
    listening: AtomicBool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    generation: u64,
    day: NaiveDate,
    lang: Lang,
    target: String,
}

/// Says whether a response came from memory (`hit`) or was rendered (`miss`); absent
/// while the cache is off.
pub const CACHE_STATUS_HEADER: &str = "x-page-cache";

/// A rendered page: its gzip bytes, a validator for conditional requests, and the
/// headers its handler set.
struct CachedPage {
    gzip: Bytes,
    etag: HeaderValue,
    headers: HeaderMap,
}

impl PageCache {
    /// A cache holding up to `budget_bytes` of compressed pages. It stays off until
    /// [`follow_publications`] is listening.
    pub fn new(budget_bytes: u64) -> PageCache {
        let pages = moka::sync::Cache::builder()
            .max_capacity(budget_bytes)
            .weigher(|key: &PageKey, page: &Arc<CachedPage>| {
                // What an entry really holds: the bytes, its key, the handler's headers,
                // and the cache's own bookkeeping (about 256 bytes).
                let headers: usize = page
                    .headers
                    .iter()
                    .map(|(name, value)| name.as_str().len() + value.len() + 32)
                    .sum();
                let bytes = key.target.len() + page.gzip.len() + headers + 256;
                u32::try_from(bytes).unwrap_or(u32::MAX)
            })
            .build();
        PageCache {
            pages,
            generation: AtomicU64::new(0),
            listening: AtomicBool::new(false),
        }
    }

    /// Whether pages are being served from memory right now.
    pub fn is_on(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// The generation of published data now, or `None` while the cache is off (a
    /// publication could go unnoticed). Whatever else is derived from published data may
    /// be kept under it by the same rule as pages: read it before reading the data.
    pub fn generation(&self) -> Option<u64> {
        self.is_on()
            .then(|| self.generation.load(Ordering::Acquire))
    }

    /// Something was published: pages rendered before are never served again.
    fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.pages.invalidate_all();
    }

    /// Listening again: start from an empty generation.
    fn turn_on(&self) {
        self.invalidate();
        self.listening.store(true, Ordering::Release);
    }

    /// Notifications may be missed from now on: serve nothing from memory.
    fn turn_off(&self) {
        self.listening.store(false, Ordering::Release);
        self.invalidate();
    }

    /// The request's key, or `None` when the cache is off or the request is not a read.
    fn key(&self, req: &ServiceRequest) -> Option<PageKey> {
        if !self.is_on() || !matches!(*req.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let target = match req.query_string() {
            "" => req.path().to_owned(),
            query => format!("{}?{query}", req.path()),
        };
        Some(PageKey {
            // Read the generation before rendering: a page rendered while a publication
            // lands is filed under the old generation and never served.
            generation: self.generation.load(Ordering::Acquire),
            day: crate::disclosure::today(),
            lang: Lang::negotiate(req.request()),
            target,
        })
    }
}

impl CachedPage {
    fn compress(html: &[u8], headers: HeaderMap) -> std::io::Result<CachedPage> {
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(html.len() / 4),
            flate2::Compression::default(),
        );
        encoder.write_all(html)?;
        let mut gzip = encoder.finish()?;
        // The buffer was sized for a typical HTML page; a JSON document compresses far
        // better, and the unused capacity would stay allocated, unseen by the weigher,
        // for as long as the page is cached (282 MB resident under the benchmark).
        gzip.shrink_to_fit();
        let gzip = Bytes::from(gzip);
        Ok(CachedPage {
            etag: weak_etag(html),
            gzip,
            headers,
        })
    }

    fn inflate(&self) -> std::io::Result<Vec<u8>> {
        let mut html = Vec::with_capacity(self.gzip.len() * 6);
        flate2::read::GzDecoder::new(&self.gzip[..]).read_to_end(&mut html)?;
        Ok(html)
    }
}

/// A weak validator (the same page in gzip and plain is one representation to us).
fn weak_etag(html: &[u8]) -> HeaderValue {
    let hash = html.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    HeaderValue::from_str(&format!("W/\"{hash:016x}\"")).unwrap_or(HeaderValue::from_static("*"))
}

/// Middleware: answers from the cache, or lets the handler render and keeps what it
/// marked as [`published`]. Marked responses get a validator either way.
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let is_read = matches!(*req.method(), Method::GET | Method::HEAD);
    let cache = req.app_data::<actix_web::web::Data<PageCache>>().cloned();
    let cached = cache.and_then(|c| c.key(&req).map(|key| (c, key)));
    if let Some((cache, key)) = &cached {
        if let Some(page) = cache.pages.get(key) {
            let mut response = respond(req.request(), &page);
            mark_cache_status(&mut response, "hit");
            return Ok(req.into_response(response));
        }
    }
    let response = next.call(req).await?;
    let (published, revalidated) = {
        let extensions = response.response().extensions();
        (
            extensions.contains::<Published>(),
            extensions.contains::<Revalidated>(),
        )
    };
    let marked = is_read && response.status() == StatusCode::OK && (published || revalidated);
    if !marked {
        return Ok(response.map_into_boxed_body());
    }
    let (req, response) = response.into_parts();
    let headers = own_headers(response.headers());
    let body = body::to_bytes(response.into_body())
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("page body"))?;
    let page = CachedPage::compress(&body, headers)?;
    let response = match cached.filter(|_| published) {
        Some((cache, key)) => {
            let page = Arc::new(page);
            cache.pages.insert(key, page.clone());
            let mut response = respond(&req, &page);
            mark_cache_status(&mut response, "miss");
            response
        }
        // Not kept: answer with the body as rendered (compression is done further out).
        None => match validated(&req, &page) {
            Some(mut not_modified) => not_modified.finish(),
            None => {
                let mut response = headed(StatusCode::OK, &page);
                response.body(body)
            }
        },
    };
    Ok(ServiceResponse::new(req, response))
}

fn mark_cache_status(response: &mut HttpResponse, status: &'static str) {
    response.headers_mut().insert(
        header::HeaderName::from_static(CACHE_STATUS_HEADER),
        HeaderValue::from_static(status),
    );
}

/// The headers a handler set that belong to the page itself; transfer details are
/// recomputed and a cookie must never be replayed to another reader.
fn own_headers(headers: &HeaderMap) -> HeaderMap {
    let mut own = HeaderMap::new();
    for (name, value) in headers {
        let skip = [
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
            header::TRANSFER_ENCODING,
            header::ETAG,
            header::SET_COOKIE,
        ]
        .contains(name);
        if !skip {
            own.append(name.clone(), value.clone());
        }
    }
    own
}

/// A response carrying the page's headers and validator; a 304 leaves out the content
/// type, since it describes no body of its own.
fn headed(status: StatusCode, page: &CachedPage) -> HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    let not_modified = status == StatusCode::NOT_MODIFIED;
    for (name, value) in &page.headers {
        if !(not_modified && *name == header::CONTENT_TYPE) {
            response.append_header((name.clone(), value.clone()));
        }
    }
    response
        .insert_header((header::ETAG, page.etag.clone()))
        .insert_header((header::VARY, "accept-encoding"));
    if !page.headers.contains_key(header::CACHE_CONTROL) {
        // Browsers keep the page but ask (cheaply, with the ETag) before showing it again.
        response.insert_header((header::CACHE_CONTROL, "no-cache"));
    }
    response
}

/// A 304 when the client's copy is current: its `If-None-Match` names the page's ETag,
/// or, without one, its `If-Modified-Since` is not before the page's `Last-Modified`.
fn validated(req: &actix_web::HttpRequest, page: &CachedPage) -> Option<HttpResponseBuilder> {
    let has_it = match req.headers().get(header::IF_NONE_MATCH) {
        Some(tags) => tags
            .to_str()
            .is_ok_and(|tags| tags.split(',').any(|tag| same_tag(tag, &page.etag))),
        None => not_modified_since(req.headers(), &page.headers),
    };
    has_it.then(|| headed(StatusCode::NOT_MODIFIED, page))
}

/// Weak comparison (RFC 9110 8.8.3.2): `W/"x"` and `"x"` name the same page.
fn same_tag(tag: &str, etag: &HeaderValue) -> bool {
    let tag = tag.trim();
    let ours = etag.to_str().unwrap_or_default();
    tag == "*" || tag.trim_start_matches("W/") == ours.trim_start_matches("W/")
}

fn not_modified_since(request: &HeaderMap, page: &HeaderMap) -> bool {
    let date = |headers: &HeaderMap, name| {
        let text = headers.get(name)?.to_str().ok()?;
        text.parse::<HttpDate>()
            .ok()
            .map(std::time::SystemTime::from)
    };
    match (
        date(request, header::IF_MODIFIED_SINCE),
        date(page, header::LAST_MODIFIED),
    ) {
        (Some(since), Some(modified)) => modified <= since,
        _ => false,
    }
}

/// The page in the encoding the client takes, or 304 when it already has it.
fn respond(req: &actix_web::HttpRequest, page: &CachedPage) -> HttpResponse {
    if let Some(mut not_modified) = validated(req, page) {
        return not_modified.finish();
    }
    let mut response = headed(StatusCode::OK, page);
    if accepts_gzip(req) {
        return response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(page.gzip.clone());
    }
    match page.inflate() {
        Ok(html) => response.body(html),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

fn accepts_gzip(req: &actix_web::HttpRequest) -> bool {
    use actix_web::http::header::Header;
    AcceptEncoding::parse(req).is_ok_and(|accept| {
        accept.negotiate([Encoding::gzip(), Encoding::identity()].iter()) == Some(Encoding::gzip())
    })
}

/// The replica pages are read from, and how long it may take to replay a publication.
pub struct Replica {
    /// Its pool (the read pool).
    pub pool: PgPool,
    /// `database.replica_catch_up_secs`.
    pub catch_up: Duration,
}

impl Replica {
    /// Waits until the replica has replayed what the primary (`conn`) has written.
    async fn catch_up(&self, conn: &mut AsyncPgConnection) -> Result<(), String> {
        crate::db::replica::wait_for_replay(conn, &self.pool, self.catch_up).await
    }
}

/// Keeps `cache` in step with publications for as long as the process runs: listens on
/// its own connection to the primary (`url`), starts a new generation on every
/// notification, and turns the cache off whenever the connection is lost, or `replica`
/// falls behind, until it is back.
pub async fn follow_publications(
    cache: Arc<PageCache>,
    url: SecretString,
    replica: Option<Replica>,
) {
    let mut retry = Duration::from_millis(200);
    loop {
        match listen(&url, replica.as_ref()).await {
            Ok(mut conn) => {
                retry = Duration::from_millis(200);
                cache.turn_on();
                tracing::info!("page cache on: listening for publications");
                let why = wait_until_lost(&cache, &mut conn, replica.as_ref()).await;
                cache.turn_off();
                tracing::warn!("page cache off until the database is back: {why}");
            }
            Err(why) => tracing::debug!("page cache still off: {why}"),
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(RETRY_MAX);
    }
}

/// A connection listening for publications, once the replica (if any) has replayed
/// everything written before it started listening.
async fn listen(
    url: &SecretString,
    replica: Option<&Replica>,
) -> Result<AsyncPgConnection, String> {
    // Imported here only: its blanket `load` would shadow the atomics' own above.
    use diesel_async::RunQueryDsl;
    let mut url = url::Url::parse(url.expose_secret()).map_err(|_| "invalid database URL")?;
    url.query_pairs_mut()
        .append_pair("application_name", LISTENER_APPLICATION_NAME);
    let mut conn =
        tokio::time::timeout(CONNECT_TIMEOUT, AsyncPgConnection::establish(url.as_str()))
            .await
            .map_err(|_| "connecting timed out".to_owned())?
            .map_err(|_| "cannot connect".to_owned())?;
    diesel::sql_query(format!("LISTEN {CHANNEL}"))
        .execute(&mut conn)
        .await
        .map_err(|e| format!("LISTEN failed: {e}"))?;
    if let Some(replica) = replica {
        replica.catch_up(&mut conn).await?;
    }
    Ok(conn)
}

/// Returns why the connection is no longer trustworthy.
async fn wait_until_lost(
    cache: &PageCache,
    conn: &mut AsyncPgConnection,
    replica: Option<&Replica>,
) -> String {
    use diesel_async::RunQueryDsl;
    let mut check = tokio::time::interval(CHECK_EVERY);
    check.tick().await;
    loop {
        let notification = {
            let mut notifications = pin!(conn.notifications_stream());
            tokio::select! {
                next = notifications.next() => Some(next),
                _ = check.tick() => None,
            }
        };
        match notification {
            Some(Some(Ok(_))) => {
                cache.invalidate();
                if let Some(replica) = replica {
                    // Pages rendered before the replica replayed this are dropped too.
                    if let Err(why) = replica.catch_up(conn).await {
                        return why;
                    }
                    cache.invalidate();
                }
            }
            Some(Some(Err(_))) | Some(None) => return "the listening connection failed".into(),
            None => {
                let answered = tokio::time::timeout(
                    CHECK_TIMEOUT,
                    diesel::sql_query("SELECT 1").execute(conn),
                )
                .await;
                if !matches!(answered, Ok(Ok(_))) {
                    return "the listening connection stopped answering".into();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_pages_inflate_to_what_was_rendered() {
        let html = "<p>资产总额 1,234.56 万元</p>".repeat(200);
        let page = CachedPage::compress(html.as_bytes(), HeaderMap::new()).unwrap();
        assert!(page.gzip.len() < html.len() / 10);
        assert_eq!(page.inflate().unwrap(), html.as_bytes());
    }

    #[test]
    fn the_validator_changes_with_the_page() {
        assert_eq!(weak_etag(b"a"), weak_etag(b"a"));
        assert_ne!(weak_etag(b"a"), weak_etag(b"b"));
        assert!(weak_etag(b"a").to_str().unwrap().starts_with("W/\""));
    }

    #[test]
    fn a_new_generation_hides_every_earlier_page() {
        let cache = PageCache::new(1 << 20);
        cache.turn_on();
        let key = |generation| PageKey {
            generation,
            day: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            lang: Lang::Zh,
            target: "/enterprises".to_owned(),
        };
        let before = cache.generation.load(Ordering::Acquire);
        let page = Arc::new(CachedPage::compress(b"old", HeaderMap::new()).unwrap());
        cache.pages.insert(key(before), page);
        cache.invalidate();
        let now = cache.generation.load(Ordering::Acquire);
        assert_ne!(before, now);
        assert!(cache.pages.get(&key(now)).is_none());
        cache.turn_off();
        assert!(!cache.is_on());
    }
}
