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
//! who asks (forms, sessions, staff pages) can never be served to someone else. The key
//! holds the language, the path with its query, the day (pages show what is overdue
//! today) and the generation. Pages are stored gzip-compressed: browsers get those bytes
//! as they are, other clients get them inflated, and the memory budget holds several times
//! more pages.

use std::io::{Read, Write};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{self, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, Encoding, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use chrono::NaiveDate;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::StreamExt;
use secrecy::{ExposeSecret, SecretString};

use super::i18n::Lang;

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

/// A rendered page: its gzip bytes and a validator for conditional requests.
struct CachedPage {
    gzip: Bytes,
    etag: HeaderValue,
}

impl PageCache {
    /// A cache holding up to `budget_bytes` of compressed pages. It stays off until
    /// [`follow_publications`] is listening.
    pub fn new(budget_bytes: u64) -> PageCache {
        let pages = moka::sync::Cache::builder()
            .max_capacity(budget_bytes)
            .weigher(|key: &PageKey, page: &Arc<CachedPage>| {
                let bytes = key.target.len() + page.gzip.len() + 128;
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
    fn compress(html: &[u8]) -> std::io::Result<CachedPage> {
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(html.len() / 4),
            flate2::Compression::default(),
        );
        encoder.write_all(html)?;
        let gzip = Bytes::from(encoder.finish()?);
        Ok(CachedPage {
            etag: weak_etag(html),
            gzip,
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
/// marked as [`published`].
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let cache = req.app_data::<actix_web::web::Data<PageCache>>().cloned();
    let Some((cache, key)) = cache.and_then(|c| c.key(&req).map(|key| (c, key))) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if let Some(page) = cache.pages.get(&key) {
        let response = respond(req.request(), &page);
        return Ok(req.into_response(response));
    }
    let response = next.call(req).await?;
    let cacheable = response.status() == StatusCode::OK
        && response.response().extensions().contains::<Published>();
    if !cacheable {
        return Ok(response.map_into_boxed_body());
    }
    let (req, response) = response.into_parts();
    let html = body::to_bytes(response.into_body())
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("page body"))?;
    let page = Arc::new(CachedPage::compress(&html)?);
    cache.pages.insert(key, page.clone());
    let response = respond(&req, &page);
    Ok(ServiceResponse::new(req, response))
}

/// The page in the encoding the client takes, or 304 when it already has it.
fn respond(req: &actix_web::HttpRequest, page: &CachedPage) -> HttpResponse {
    let has_it = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == page.etag));
    let mut response = if has_it {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, page.etag.clone()))
        .insert_header((header::VARY, "accept-encoding"))
        // Browsers keep the page but ask (cheaply, with the ETag) before showing it again.
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    if has_it {
        return response.finish();
    }
    response.content_type("text/html; charset=utf-8");
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

/// Keeps `cache` in step with publications for as long as the process runs: listens on
/// its own connection, starts a new generation on every notification, and turns the
/// cache off whenever the connection is lost until it is back.
pub async fn follow_publications(cache: Arc<PageCache>, url: SecretString) {
    let mut retry = Duration::from_millis(200);
    loop {
        match listen(&url).await {
            Ok(mut conn) => {
                retry = Duration::from_millis(200);
                cache.turn_on();
                tracing::info!("page cache on: listening for publications");
                let why = wait_until_lost(&cache, &mut conn).await;
                cache.turn_off();
                tracing::warn!("page cache off until the database is back: {why}");
            }
            Err(why) => tracing::debug!("page cache still off: {why}"),
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(RETRY_MAX);
    }
}

async fn listen(url: &SecretString) -> Result<AsyncPgConnection, String> {
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
    Ok(conn)
}

/// Returns why the connection is no longer trustworthy.
async fn wait_until_lost(cache: &PageCache, conn: &mut AsyncPgConnection) -> &'static str {
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
            Some(Some(Ok(_))) => cache.invalidate(),
            Some(Some(Err(_))) | Some(None) => return "the listening connection failed",
            None => {
                let answered = tokio::time::timeout(
                    CHECK_TIMEOUT,
                    diesel::sql_query("SELECT 1").execute(conn),
                )
                .await;
                if !matches!(answered, Ok(Ok(_))) {
                    return "the listening connection stopped answering";
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
        let page = CachedPage::compress(html.as_bytes()).unwrap();
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
        let page = Arc::new(CachedPage::compress(b"old").unwrap());
        cache.pages.insert(key(before), page);
        cache.invalidate();
        let now = cache.generation.load(Ordering::Acquire);
        assert_ne!(before, now);
        assert!(cache.pages.get(&key(now)).is_none());
        cache.turn_off();
        assert!(!cache.is_on());
    }
}
