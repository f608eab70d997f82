//! Builds the actix application: shared state once, middleware, one `routes()` per capability.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use anyhow::Context;

use crate::config::Settings;
use crate::db::ReadPool;
use crate::web::error::{error_pages, not_found};
use crate::web::i18n::remember_language;
use crate::web::request_log::log_request;
use crate::web::security::security_headers;
use crate::web::{client, health, page_cache, PageCache, Renderer};
use crate::{
    api, audit, db, disclosure, enterprise, feeds, home, open_data, publishing, report, search,
    staff, tls, triage,
};

/// Largest urlencoded form a staff page accepts (a long draft table fits).
const ADMIN_FORM_LIMIT: usize = 2 << 20;

/// Largest urlencoded form a public page accepts (the follow-up code form; reports and
/// replies are multipart, with limits of their own).
const REPORT_CODE_FORM_LIMIT: usize = 64 << 10;

/// Writes the configured units; a database not reachable yet is retried by `migrate` and
/// the next start, so serving public pages does not wait for it.
async fn sync_units(pool: &db::PgPool, settings: &Settings) {
    let result = async {
        let mut conn = pool.get().await?;
        staff::sync_units(&mut conn, &settings.units).await?;
        // A unit added to the configuration gets its key pair (once keys are initialised).
        report::ensure_unit_keys(&mut conn, &crate::audit::Actor::system()).await?;
        triage::routing::seed_defaults(&mut conn, &settings.triage.routes).await?;
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %format!("{e:#}"), "could not write the configured units");
    }
}

/// A bound, not yet running, Sunshine server.
pub struct Application {
    server: Server,
    local_addr: SocketAddr,
    https: bool,
}

impl Application {
    /// Binds the listener and builds everything shared (pools, templates, catalogs) once,
    /// outside the per-worker factory. Handlers that only read published data take the
    /// [`ReadPool`] (the replica when configured); the rest take the primary's pool.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let pool = web::Data::new(db::build_pool(&settings.database)?);
        let read_pool = web::Data::new(ReadPool::build(&settings.database, &pool)?);
        let renderer = web::Data::new(Renderer::load(&settings.web)?);
        let web_settings = web::Data::new(settings.web.clone());
        let counts_cache = web::Data::new(home::CountsCache::default());
        let page_cache = web::Data::new(PageCache::new(settings.web.page_cache_mb << 20));
        if settings.web.page_cache_mb > 0 {
            // LISTEN on the primary: a physical replica delivers no notifications.
            let replica = read_pool.is_replica().then(|| page_cache::Replica {
                pool: db::PgPool::clone(&read_pool),
                catch_up: Duration::from_secs(settings.database.replica_catch_up_secs),
            });
            tokio::spawn(page_cache::follow_publications(
                page_cache.clone().into_inner(),
                settings.database.url.clone(),
                replica,
            ));
        }
        let open_data = web::Data::new(open_data::OpenData::new(
            settings.data.dir.clone(),
            open_data::tables(renderer.catalog()),
        ));
        std::fs::create_dir_all(&settings.data.dir)
            .with_context(|| format!("cannot create data.dir {}", settings.data.dir.display()))?;
        tokio::spawn(open_data::keep_generated(
            open_data.clone().into_inner(),
            settings.database.url.clone(),
            Duration::from_secs(settings.data.min_interval_secs),
        ));
        // Behind a TLS-terminating proxy the cookies must still be Secure.
        let secure_cookies =
            settings.server.tls.enabled() || settings.public_url().starts_with("https://");
        let session_policy =
            web::Data::new(staff::SessionPolicy::new(&settings.staff, secure_cookies));
        let staff_settings = web::Data::new(settings.staff.clone());
        let login_limits = web::Data::new(staff::LoginLimits::new(&settings.staff));
        let all_settings = web::Data::new(settings.clone());
        let deadlines = std::sync::Arc::new(triage::Deadlines::load(&settings.triage)?);
        let report_desk = web::Data::new(report::ReportDesk::new(
            &settings.reports,
            deadlines.clone(),
        )?);
        tokio::spawn(triage::jobs::run(
            db::PgPool::clone(&pool),
            deadlines.clone(),
            settings.triage.clone(),
        ));
        let deadlines = web::Data::from(deadlines);
        let stats_cache = web::Data::new(triage::StatsCache::default());
        sync_units(&pool, &settings).await;
        if settings.mail.enabled {
            tokio::spawn(triage::mail::outbox::run(
                db::PgPool::clone(&pool),
                settings.mail.clone(),
                settings.public_url(),
            ));
        }
        let thresholds =
            web::Data::new(disclosure::Thresholds::from_settings(&settings.indicators));
        let listener = TcpListener::bind(settings.server.bind)
            .with_context(|| format!("cannot listen on {}", settings.server.bind))?;
        let local_addr = listener.local_addr()?;
        let tls = &settings.server.tls;
        let tls_config = tls.enabled().then(|| tls::server_config(tls)).transpose()?;
        let hsts = tls_config.as_ref().map(|_| tls.hsts_max_age_secs);
        let trusted_proxies = web::Data::new(client::TrustedProxies(
            settings.server.trusted_proxies.clone(),
        ));
        let public_dir = settings.web.public_dir.clone();
        let static_cache = format!("public, max-age={}", settings.web.static_max_age_secs);

        let server = HttpServer::new(move || {
            App::new()
                .app_data(pool.clone())
                .app_data(read_pool.clone())
                .app_data(renderer.clone())
                .app_data(web_settings.clone())
                .app_data(thresholds.clone())
                .app_data(counts_cache.clone())
                .app_data(page_cache.clone())
                .app_data(open_data.clone())
                .app_data(session_policy.clone())
                .app_data(staff_settings.clone())
                .app_data(login_limits.clone())
                .app_data(all_settings.clone())
                .app_data(report_desk.clone())
                .app_data(deadlines.clone())
                .app_data(stats_cache.clone())
                .app_data(trusted_proxies.clone())
                .app_data(web::FormConfig::default().limit(REPORT_CODE_FORM_LIMIT))
                // Listed innermost first: the request log sees the final status.
                .wrap(from_fn(page_cache::serve_cached))
                .wrap(error_pages())
                .wrap(Compress::default())
                .wrap(from_fn(remember_language))
                .wrap(security_headers(hsts))
                .wrap(from_fn(log_request))
                .wrap(from_fn(client::vouch_for_client))
                .configure(health::routes)
                .configure(home::routes)
                .configure(enterprise::routes)
                .configure(disclosure::routes)
                .configure(api::routes)
                .configure(search::routes)
                .configure(open_data::routes)
                .configure(feeds::routes)
                .configure(audit::routes)
                .configure(report::routes)
                .configure(triage::routes)
                .service(
                    // Every staff page: session, CSRF and no-store in one place.
                    web::scope(staff::ADMIN_PATH)
                        .wrap(from_fn(staff::guard))
                        .app_data(web::FormConfig::default().limit(ADMIN_FORM_LIMIT))
                        .app_data(web::PayloadConfig::new(ADMIN_FORM_LIMIT))
                        .configure(staff::routes)
                        .configure(audit::admin_routes)
                        .configure(publishing::admin_routes)
                        .configure(triage::admin_routes)
                        .default_service(web::to(not_found)),
                )
                .service(
                    web::scope("/static")
                        .wrap(
                            DefaultHeaders::new()
                                .add((header::CACHE_CONTROL, static_cache.clone())),
                        )
                        .service(actix_files::Files::new("", &public_dir)),
                )
                .default_service(web::to(not_found))
        })
        .shutdown_timeout(settings.server.shutdown_timeout_secs)
        .client_request_timeout(Duration::from_secs(10));
        let server = match settings.server.workers {
            0 => server,
            n => server.workers(n),
        };
        let https = tls_config.is_some();
        let server = match tls_config {
            Some(config) => server.listen_rustls_0_23(listener, config)?,
            None => server.listen(listener)?,
        }
        .run();
        Ok(Application {
            server,
            local_addr,
            https,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL clients reach this server at.
    pub fn base_url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.local_addr)
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped by a signal or the handle; in-flight requests finish first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
