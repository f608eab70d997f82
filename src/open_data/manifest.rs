//! The manifest of a generation (`manifest.json`) and the one this instance serves.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::tables::Table;

/// The manifest's file name in the data directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// One generation of the bulk files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The directory (under the data directory) holding this generation's files.
    pub generation: String,
    /// When generation started; every file shows the database as of this moment.
    pub generated_at: DateTime<Utc>,
    /// How long generating took, in milliseconds.
    pub duration_ms: u64,
    /// Every file, CSVs first, then the dictionary and the zip.
    pub files: Vec<FileEntry>,
}

/// One file of a generation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    /// File name, e.g. `financial.csv`.
    pub name: String,
    /// SHA-256 of the bytes, lowercase hex; also the download's ETag.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// When the snapshot it was written from was taken.
    pub generated_at: DateTime<Utc>,
}

impl Manifest {
    /// The entry for `name`, if this generation has such a file.
    pub fn file(&self, name: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// The bulk files of this instance: where they live, what they hold, and the generation
/// being served (none until the first one is ready).
pub struct OpenData {
    dir: PathBuf,
    tables: Vec<Table>,
    current: RwLock<Option<Arc<Manifest>>>,
}

impl OpenData {
    /// Files in `dir`; serves the generation an earlier run left there, if it is complete,
    /// until a new one is ready.
    pub fn new(dir: PathBuf, tables: Vec<Table>) -> OpenData {
        let current = read_manifest(&dir).map(Arc::new);
        OpenData {
            dir,
            tables,
            current: RwLock::new(current),
        }
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What every CSV file holds.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The generation being served.
    pub fn current(&self) -> Option<Arc<Manifest>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `manifest` from now on; returns the generation it replaces.
    pub fn install(&self, manifest: Manifest) -> Option<Arc<Manifest>> {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.replace(Arc::new(manifest))
    }

    /// Where a file of the served generation is on disk.
    pub fn path_of(&self, manifest: &Manifest, file: &FileEntry) -> PathBuf {
        self.dir.join(&manifest.generation).join(&file.name)
    }
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join(MANIFEST_FILE)).ok()?;
    let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
    let complete = manifest
        .files
        .iter()
        .all(|f| dir.join(&manifest.generation).join(&f.name).is_file());
    complete.then_some(manifest)
}
