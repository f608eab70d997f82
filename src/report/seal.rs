//! Preparing what is stored: the receipt code's keys, the data key, and every answer,
//! message and file sealed. Pure CPU work, run on the crypto workers.

use chrono::NaiveDate;

use super::evidence;
use super::form::Upload;
use super::model::{Answers, AttachmentAbout, FindingNote};
use super::receipt::{ReceiptCode, ReceiptHasher};
use super::sealing::{DataKey, Field};

/// Characters of a case reference: no 0/O or 1/I to confuse.
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A new random case reference, such as `7K3M-9QXD` (40 bits).
pub fn new_reference() -> String {
    let random = crate::staff::random_bytes();
    let chars: Vec<char> = random[..8]
        .iter()
        .map(|b| char::from(REFERENCE_ALPHABET[usize::from(*b) % REFERENCE_ALPHABET.len()]))
        .collect();
    let (left, right) = chars.split_at(4);
    format!(
        "{}-{}",
        left.iter().collect::<String>(),
        right.iter().collect::<String>()
    )
}

/// Today in Beijing: reports carry the date only.
pub fn beijing_today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// One file, sealed, with its metadata-stripped copy when one was made.
pub struct SealedFile {
    /// Sealed [`AttachmentAbout`] of the original.
    pub about: Vec<u8>,
    /// The original's sealed bytes.
    pub content: Vec<u8>,
    /// The cleaned copy's sealed about and bytes.
    pub cleaned: Option<(Vec<u8>, Vec<u8>)>,
    /// What the reporter is told about the file.
    pub note: AttachmentAbout,
}

/// A report ready to be stored.
pub struct SealedReport {
    /// Its case reference.
    pub reference: String,
    /// The code to show the reporter, once.
    pub code: ReceiptCode,
    /// `reports.receipt_lookup`.
    pub lookup: [u8; 32],
    /// `reports.data_key_for_unit`.
    pub key_for_unit: Vec<u8>,
    /// `reports.data_key_for_reporter`.
    pub key_for_reporter: Vec<u8>,
    /// `reports.content`.
    pub content: Vec<u8>,
    /// Its files.
    pub files: Vec<SealedFile>,
}

/// Seals a new report for `unit` (its public key), with a fresh code and reference.
pub fn seal_report(
    hasher: &ReceiptHasher,
    unit: &crypto_box::PublicKey,
    answers: &Answers,
    uploads: Vec<Upload>,
) -> anyhow::Result<SealedReport> {
    let reference = new_reference();
    let code = ReceiptCode::generate();
    let keys = hasher.keys(&code)?;
    let data_key = DataKey::generate();
    let content = data_key.seal(&reference, Field::Content, &serde_json::to_vec(answers)?);
    let files = seal_files(&data_key, &reference, uploads)?;
    Ok(SealedReport {
        key_for_unit: data_key.sealed_to(unit),
        key_for_reporter: data_key.wrapped_for_reporter(&reference, &keys.wrap),
        lookup: keys.lookup,
        reference,
        code,
        content,
        files,
    })
}

/// Inspects and seals files: each one's type is read from its bytes, and an image with
/// identifying metadata gets a cleaned copy beside the original. Each upload's bytes are
/// dropped as soon as they are sealed, to keep memory near one copy.
pub fn seal_files(
    key: &DataKey,
    reference: &str,
    uploads: Vec<Upload>,
) -> anyhow::Result<Vec<SealedFile>> {
    let mut sealed = Vec::with_capacity(uploads.len());
    for upload in uploads {
        let inspected = evidence::inspect(&upload.bytes);
        let findings: Vec<FindingNote> = inspected
            .findings
            .iter()
            .map(|finding| {
                let (message, args) = finding.message();
                FindingNote {
                    message: message.to_owned(),
                    args: args
                        .into_iter()
                        .map(|(name, value)| (name.to_owned(), value))
                        .collect(),
                }
            })
            .collect();
        let note = AttachmentAbout {
            name: upload.name,
            media_type: inspected.media_type.to_owned(),
            size: upload.bytes.len(),
            findings,
            cleaned: inspected.cleaned.is_some(),
        };
        let cleaned = match inspected.cleaned {
            Some(bytes) => {
                let about = AttachmentAbout {
                    name: cleaned_name(&note.name, inspected.extension),
                    size: bytes.len(),
                    findings: Vec::new(),
                    ..note.clone()
                };
                Some((
                    key.seal(
                        reference,
                        Field::AttachmentAbout,
                        &serde_json::to_vec(&about)?,
                    ),
                    key.seal(reference, Field::AttachmentContent, &bytes),
                ))
            }
            None => None,
        };
        sealed.push(SealedFile {
            about: key.seal(
                reference,
                Field::AttachmentAbout,
                &serde_json::to_vec(&note)?,
            ),
            content: key.seal(reference, Field::AttachmentContent, &upload.bytes),
            cleaned,
            note,
        });
    }
    Ok(sealed)
}

/// `photo.jpg` → `photo (cleaned).jpg`, with the extension of the detected type.
fn cleaned_name(name: &str, extension: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{stem} (cleaned).{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_use_the_unambiguous_alphabet() {
        for _ in 0..100 {
            let reference = new_reference();
            assert_eq!(reference.len(), 9);
            assert!(reference
                .chars()
                .all(|c| c == '-' || REFERENCE_ALPHABET.contains(&(c as u8))));
        }
        assert_eq!(cleaned_name("IMG_001.JPG", "jpg"), "IMG_001 (cleaned).jpg");
    }
}
