//! Baseline **B0** of `scripts/bench`: actix-web answering a fixed plaintext body, with
//! no database, template or middleware — the framework's ceiling on this machine. Same
//! worker count as Sunshine.
//!
//! ```sh
//! cargo run --release --example b0_plaintext -- --bind 127.0.0.1:8090 --workers 2
//! ```

use std::net::SocketAddr;

use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090")]
    bind: SocketAddr,
    /// Worker threads (Sunshine's default is one per core).
    #[arg(long, default_value_t = 2)]
    workers: usize,
}

async fn plaintext() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("Hello, World!")
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let server = HttpServer::new(|| App::new().default_service(web::to(plaintext)))
        .workers(args.workers)
        .bind(args.bind)
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    println!("B0 serving http://{}", args.bind);
    server.run().await?;
    Ok(())
}
