//! Source documents (PDF reports) published with a version, and their SHA-256 digests,
//! shown publicly so that anyone holding a copy can check it is the published one.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::schema::{disclosure_documents, disclosure_versions};

/// A document to publish with a version. Only PDF is accepted: it is what official
/// reports are, and it keeps the portal from serving anything a browser would run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    /// File name as shown (no path).
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl SourceDocument {
    /// Whether the bytes look like a PDF (they start with `%PDF-`).
    pub fn is_pdf(&self) -> bool {
        self.bytes.starts_with(b"%PDF-")
    }
}

/// A published document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Queryable, Selectable)]
#[diesel(table_name = disclosure_documents, check_for_backend(diesel::pg::Pg))]
pub struct DocumentInfo {
    /// Id, in its download URL.
    pub id: i64,
    /// The version it was published with.
    pub version_id: i64,
    /// File name.
    pub file_name: String,
    /// Size in bytes.
    pub byte_size: i32,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores the documents of `version_id`; the database re-checks size and digest.
pub(super) async fn insert(
    conn: &mut AsyncPgConnection,
    version_id: i64,
    documents: &[SourceDocument],
) -> QueryResult<()> {
    for document in documents {
        if !document.is_pdf() {
            return Err(diesel::result::Error::SerializationError(
                format!("{} is not a PDF", document.file_name).into(),
            ));
        }
        let size = i32::try_from(document.bytes.len())
            .map_err(|_| diesel::result::Error::SerializationError("document too large".into()))?;
        diesel::insert_into(disclosure_documents::table)
            .values((
                disclosure_documents::version_id.eq(version_id),
                disclosure_documents::file_name.eq(&document.file_name),
                disclosure_documents::media_type.eq("application/pdf"),
                disclosure_documents::byte_size.eq(size),
                disclosure_documents::sha256.eq(sha256_hex(&document.bytes)),
                disclosure_documents::content.eq(&document.bytes),
            ))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The documents of the given versions, by version id.
pub async fn documents_of(
    conn: &mut AsyncPgConnection,
    version_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<DocumentInfo>>> {
    let rows: Vec<DocumentInfo> = disclosure_documents::table
        .filter(disclosure_documents::version_id.eq_any(version_ids))
        .order(disclosure_documents::id)
        .select(DocumentInfo::as_select())
        .load(conn)
        .await?;
    let mut out: HashMap<i64, Vec<DocumentInfo>> = HashMap::new();
    for row in rows {
        out.entry(row.version_id).or_default().push(row);
    }
    Ok(out)
}

/// A document with its bytes, if it belongs to that disclosure (so ids cannot be
/// guessed across disclosures).
pub async fn fetch_document(
    conn: &mut AsyncPgConnection,
    disclosure_id: i64,
    document_id: i64,
) -> QueryResult<Option<(DocumentInfo, Vec<u8>)>> {
    disclosure_documents::table
        .inner_join(disclosure_versions::table)
        .filter(disclosure_documents::id.eq(document_id))
        .filter(disclosure_versions::disclosure_id.eq(disclosure_id))
        .select((DocumentInfo::as_select(), disclosure_documents::content))
        .first(conn)
        .await
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_lowercase_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn only_pdfs_are_accepted() {
        let pdf = SourceDocument {
            file_name: "a.pdf".into(),
            bytes: b"%PDF-1.4 ...".to_vec(),
        };
        let html = SourceDocument {
            file_name: "a.pdf".into(),
            bytes: b"<script>".to_vec(),
        };
        assert!(pdf.is_pdf());
        assert!(!html.is_pdf());
    }
}
