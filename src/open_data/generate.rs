//! Writing one generation of the bulk files: every CSV from one snapshot of the database,
//! the dictionary, the zip, then the manifest.
//!
//! A generation is built in a hidden directory and renamed into place when complete, and
//! the manifest naming it is written under a temporary name and renamed too, so a reader
//! never sees a half-written file or a manifest whose digests do not match.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Datelike, Timelike, Utc};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio_postgres::{Client, IsolationLevel, Transaction};

use super::manifest::{FileEntry, Manifest, MANIFEST_FILE};
use super::tables::{Table, CURRENT_VERSIONS};

/// Excel (and WPS) in China read a CSV as GBK unless it starts with a UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// The data dictionary's file name.
pub const DICTIONARY_FILE: &str = "dictionary.csv";
/// The archive of every other file.
pub const ZIP_FILE: &str = "sunshine-data.zip";

/// Generates every file into a new generation under `dir` and writes its manifest.
pub async fn generate(
    client: &mut Client,
    dir: &Path,
    tables: &[Table],
) -> anyhow::Result<Manifest> {
    let started = Instant::now();
    let generated_at = Utc::now();
    let generation = format!("gen-{}", generated_at.format("%Y%m%dT%H%M%S%.3fZ"));
    let building = dir.join(format!(".building-{generation}"));
    tokio::fs::create_dir_all(&building)
        .await
        .with_context(|| format!("cannot create {}", building.display()))?;
    let mut files = write_csv_files(client, &building, tables, generated_at).await?;
    files.push(write_dictionary(&building, tables, generated_at).await?);
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let zip_dir = building.clone();
    let zip = tokio::task::spawn_blocking(move || write_zip(&zip_dir, &names, generated_at))
        .await
        .context("zip task")??;
    files.push(zip);
    tokio::fs::rename(&building, dir.join(&generation))
        .await
        .context("cannot move the generation into place")?;
    let manifest = Manifest {
        generation,
        generated_at,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        files,
    };
    write_manifest(dir, &manifest).await?;
    Ok(manifest)
}

/// Every table from one snapshot (repeatable read), so the files agree with each other.
async fn write_csv_files(
    client: &mut Client,
    dir: &Path,
    tables: &[Table],
    at: DateTime<Utc>,
) -> anyhow::Result<Vec<FileEntry>> {
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .start()
        .await
        .context("cannot start the snapshot")?;
    tx.batch_execute("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'")
        .await?;
    tx.batch_execute(CURRENT_VERSIONS)
        .await
        .context("cannot list current versions")?;
    tx.batch_execute("ANALYZE open_data_current").await?;
    let mut files = Vec::with_capacity(tables.len() + 2);
    for table in tables {
        let entry = copy_table(&tx, table, &dir.join(table.file), at)
            .await
            .with_context(|| format!("cannot write {}", table.file))?;
        files.push(entry);
    }
    // Nothing was written but a temporary table; committing just ends the snapshot.
    tx.commit().await?;
    Ok(files)
}

async fn copy_table(
    tx: &Transaction<'_>,
    table: &Table,
    path: &Path,
    at: DateTime<Utc>,
) -> anyhow::Result<FileEntry> {
    let rows = tx.copy_out(&table.copy_statement()).await?;
    let mut rows = pin!(rows);
    let mut out = HashingFile::create(path).await?;
    out.write(UTF8_BOM).await?;
    while let Some(chunk) = rows.next().await {
        out.write(&chunk?).await?;
    }
    out.finish(table.file, at).await
}

async fn write_dictionary(
    dir: &Path,
    tables: &[Table],
    at: DateTime<Utc>,
) -> anyhow::Result<FileEntry> {
    let mut csv = csv::Writer::from_writer(UTF8_BOM.to_vec());
    csv.write_record(["file", "field", "meaning_zh", "meaning_en", "unit"])?;
    for table in tables {
        for column in &table.columns {
            csv.write_record([
                table.file,
                &column.name,
                &column.zh,
                &column.en,
                column.unit,
            ])?;
        }
    }
    let bytes = csv.into_inner().context("dictionary")?;
    let mut out = HashingFile::create(&dir.join(DICTIONARY_FILE)).await?;
    out.write(&bytes).await?;
    out.finish(DICTIONARY_FILE, at).await
}

/// Zips `names` from `dir` (blocking: run it on a blocking thread).
fn write_zip(dir: &Path, names: &[String], at: DateTime<Utc>) -> anyhow::Result<FileEntry> {
    let path = dir.join(ZIP_FILE);
    let file = std::fs::File::create(&path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let stamp = zip_time(at);
    for name in names {
        let size = std::fs::metadata(dir.join(name))?.len();
        let mut options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(size >= u64::from(u32::MAX));
        if let Some(stamp) = stamp {
            options = options.last_modified_time(stamp);
        }
        zip.start_file(name.as_str(), options)?;
        std::io::copy(&mut std::fs::File::open(dir.join(name))?, &mut zip)?;
    }
    let mut file = zip.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.flush()?;
    file.sync_all()?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut std::fs::File::open(&path)?, &mut hasher)?;
    Ok(FileEntry {
        name: ZIP_FILE.to_owned(),
        sha256: hex(&hasher.finalize()),
        size,
        generated_at: at,
    })
}

/// Zip stores local time without a zone; Beijing time is what readers here expect.
fn zip_time(at: DateTime<Utc>) -> Option<zip::DateTime> {
    let local = at + chrono::Duration::hours(8);
    let part = |n: u32| u8::try_from(n).ok();
    zip::DateTime::from_date_and_time(
        u16::try_from(local.year()).ok()?,
        part(local.month())?,
        part(local.day())?,
        part(local.hour())?,
        part(local.minute())?,
        part(local.second().min(58))?,
    )
    .ok()
}

async fn write_manifest(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let json = serde_json::to_vec_pretty(manifest)?;
    let temporary = dir.join(format!(".{MANIFEST_FILE}.{}", std::process::id()));
    let mut file = tokio::fs::File::create(&temporary).await?;
    file.write_all(&json).await?;
    file.sync_all().await?;
    tokio::fs::rename(&temporary, dir.join(MANIFEST_FILE))
        .await
        .context("cannot move the manifest into place")
}

/// A file being written, with its digest and size kept as it grows.
struct HashingFile {
    out: tokio::io::BufWriter<tokio::fs::File>,
    hasher: Sha256,
    size: u64,
    path: PathBuf,
}

impl HashingFile {
    async fn create(path: &Path) -> anyhow::Result<HashingFile> {
        let file = tokio::fs::File::create(path)
            .await
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(HashingFile {
            out: tokio::io::BufWriter::with_capacity(1 << 16, file),
            hasher: Sha256::new(),
            size: 0,
            path: path.to_owned(),
        })
    }

    async fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        self.out.write_all(bytes).await?;
        Ok(())
    }

    async fn finish(mut self, name: &str, at: DateTime<Utc>) -> anyhow::Result<FileEntry> {
        self.out.flush().await?;
        self.out
            .into_inner()
            .sync_all()
            .await
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(FileEntry {
            name: name.to_owned(),
            sha256: hex(&self.hasher.finalize()),
            size: self.size,
            generated_at: at,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_entries_carry_beijing_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T17:30:59Z")
            .unwrap()
            .with_timezone(&Utc);
        let stamp = zip_time(at).unwrap();
        assert_eq!((stamp.day(), stamp.hour(), stamp.second()), (26, 1, 58));
    }
}
