//! Baseline **B1** of `scripts/bench`: the least a page served by actix-web from
//! PostgreSQL through a template can cost on our own stack. One pooled diesel-async query
//! by primary key, one tiny tera template, no middleware; same worker count and pool size
//! as Sunshine. Every endpoint's figures are printed as a ratio to this one's.
//!
//! ```sh
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine_bench \
//!     cargo run --release --example b1_query_page -- --bind 127.0.0.1:8091 --workers 2
//! ```

use std::net::SocketAddr;

use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use clap::Parser;
use diesel::prelude::*;
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sunshine::db::schema::enterprises;

const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ name }}</title></head>
<body><h1>{{ name }}</h1><p>{{ uscc }}</p></body></html>
"#;

#[derive(Parser)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8091")]
    bind: SocketAddr,
    /// Worker threads (Sunshine's default is one per core).
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// Pooled connections (Sunshine's default is 16).
    #[arg(long, default_value_t = 16)]
    pool_size: usize,
    /// PostgreSQL URL.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
}

type PgPool = Pool<AsyncPgConnection>;

async fn enterprise(
    code: web::Path<String>,
    pool: web::Data<PgPool>,
    templates: web::Data<tera::Tera>,
) -> HttpResponse {
    let Ok(mut conn) = pool.get().await else {
        return HttpResponse::ServiceUnavailable().finish();
    };
    let name: Option<String> = match enterprises::table
        .find(code.as_str())
        .select(enterprises::name_zh)
        .first(&mut conn)
        .await
        .optional()
    {
        Ok(name) => name,
        Err(_) => return HttpResponse::InternalServerError().finish(),
    };
    let Some(name) = name else {
        return HttpResponse::NotFound().finish();
    };
    let mut context = tera::Context::new();
    context.insert("name", &name);
    context.insert("uscc", code.as_str());
    match templates.render("page.html", &context) {
        Ok(body) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(&args.database_url);
    let pool = web::Data::new(
        Pool::builder(manager)
            .max_size(args.pool_size)
            .build()
            .context("cannot build the pool")?,
    );
    let mut templates = tera::Tera::default();
    templates.add_raw_template("page.html", PAGE)?;
    let templates = web::Data::new(templates);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(pool.clone())
            .app_data(templates.clone())
            .route("/enterprises/{uscc}", web::get().to(enterprise))
    })
    .workers(args.workers)
    .bind(args.bind)
    .with_context(|| format!("cannot listen on {}", args.bind))?;
    println!("B1 serving http://{}", args.bind);
    server.run().await?;
    Ok(())
}
