//! Reading an uploaded CSV or XLSX file from a multipart form, within a size limit.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::model::DraftFile;

/// The largest file accepted: far above a real disclosure file, far below what would
/// strain the server (the bytes are held in memory and stored in the draft).
pub const MAX_UPLOAD_BYTES: usize = 10 << 20;

/// Beyond this much, the rest of a request is not even read: the connection is dropped.
const MAX_DRAINED_BYTES: usize = 64 << 20;

/// Why no file came of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    /// No file was chosen.
    Missing,
    /// The file is larger than [`MAX_UPLOAD_BYTES`].
    TooLarge,
    /// The request is not a readable multipart form.
    Unreadable,
}

impl UploadProblem {
    /// The catalog message that explains it.
    pub fn message_id(self) -> &'static str {
        match self {
            UploadProblem::Missing => "publishing_upload_missing",
            UploadProblem::TooLarge => "publishing_upload_too_large",
            UploadProblem::Unreadable => "publishing_upload_unreadable",
        }
    }
}

/// The form's `file` field. A file over the limit is read to its end and thrown away, so
/// the browser gets the answer instead of a broken connection.
pub async fn read_file(mut form: Multipart) -> Result<DraftFile, UploadProblem> {
    let mut found: Option<Result<DraftFile, UploadProblem>> = None;
    while let Some(field) = form.next().await {
        let Ok(mut field) = field else {
            return Err(UploadProblem::Unreadable);
        };
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(clean_name);
        let is_file = field.name() == Some("file") && found.is_none();
        let mut bytes = Vec::new();
        let mut size = 0usize;
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else {
                return Err(UploadProblem::Unreadable);
            };
            size += chunk.len();
            if size > MAX_DRAINED_BYTES {
                return Err(UploadProblem::TooLarge);
            }
            if is_file && size <= MAX_UPLOAD_BYTES {
                bytes.extend_from_slice(&chunk);
            }
        }
        if !is_file {
            continue;
        }
        found = Some(match file_name {
            _ if size > MAX_UPLOAD_BYTES => Err(UploadProblem::TooLarge),
            Some(name) if !name.is_empty() && size > 0 => Ok(DraftFile { name, bytes }),
            _ => Err(UploadProblem::Missing),
        });
    }
    found.unwrap_or(Err(UploadProblem::Missing))
}

/// The file's own name without any folder a browser sent along, at most 255 characters
/// (the extension kept, since it tells CSV from XLSX).
fn clean_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if name.chars().count() <= 255 {
        return name.to_owned();
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let keep = 255usize.saturating_sub(extension.chars().count() + 1);
    let stem: String = stem.chars().take(keep).collect();
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders_and_keep_their_extension_when_shortened() {
        assert_eq!(clean_name("C:\\Users\\x\\财务.xlsx"), "财务.xlsx");
        assert_eq!(clean_name("/tmp/a.csv"), "a.csv");
        let long = format!("{}.csv", "名".repeat(300));
        let cleaned = clean_name(&long);
        assert_eq!(cleaned.chars().count(), 255);
        assert!(cleaned.ends_with(".csv"));
    }
}
