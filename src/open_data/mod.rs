//! Bulk data under `/data/`: one CSV per section plus the registry, a data dictionary and
//! a zip of everything, generated into `data.dir` in the background whenever something is
//! published, each file listed with its SHA-256, size and generation time.
//! See `docs/open-data.md`.

mod follow;
mod generate;
mod manifest;
mod pages;
mod tables;

pub use follow::{keep_generated, GENERATOR_APPLICATION_NAME};
pub use generate::{generate, DICTIONARY_FILE, UTF8_BOM, ZIP_FILE};
pub use manifest::{FileEntry, Manifest, OpenData, MANIFEST_FILE};
pub use pages::routes;
pub use tables::{tables, Column, Table};

use std::path::Path;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};

/// Generates the files once into `dir` (`sunshine export-data`), outside any server.
pub async fn export(
    url: &SecretString,
    locales_dir: &Path,
    dir: &Path,
) -> anyhow::Result<Manifest> {
    let catalog = crate::web::i18n::Catalog::load(locales_dir)?;
    let target = crate::config::DatabaseTarget::parse(url)?;
    let (mut client, connection) =
        tokio_postgres::connect(url.expose_secret(), tokio_postgres::NoTls)
            .await
            .with_context(|| format!("cannot connect to {target}"))?;
    tokio::spawn(connection);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    generate(&mut client, dir, &tables(&catalog)).await
}
