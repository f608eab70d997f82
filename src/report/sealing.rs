//! Sealing report content: envelope encryption with well-reviewed primitives only.
//!
//! * Every report has a random 256-bit **data key**. Its answers, messages, attachments
//!   and their descriptions are each encrypted with XChaCha20-Poly1305 under it, with a
//!   fresh random 192-bit nonce and, as associated data, the report's reference and what
//!   the value is — so a sealed value cannot be moved to another report or field.
//! * The data key is stored **sealed to the unit's X25519 public key** (libsodium's sealed
//!   box, `crypto_box`): writing needs no secret, reading needs the unit's private key.
//! * It is stored a second time **encrypted under the receipt code's wrap key**
//!   ([`super::receipt`]), so the reporter can read their own thread.
//!
//! Sealed values are `version (1 byte) ‖ nonce (24) ‖ ciphertext with tag`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use crypto_box::aead::OsRng;
use zeroize::Zeroizing;

/// The format byte of every sealed value.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// A sealed value failed to open: wrong key, wrong report or field, or damaged bytes.
#[derive(Debug, thiserror::Error)]
#[error("a sealed value did not open")]
pub struct OpenError;

/// What a sealed value is, bound into its authentication tag.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// The report's answers.
    Content,
    /// A message's body.
    Message,
    /// An attachment's name, type and findings.
    AttachmentAbout,
    /// An attachment's bytes.
    AttachmentContent,
    /// The data key, encrypted for the reporter.
    ReporterKey,
    /// A staff member's internal note on the case (never shown to the reporter).
    Note,
    /// What was sent with a referral.
    Referral,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Content => "content",
            Field::Message => "message",
            Field::AttachmentAbout => "attachment-about",
            Field::AttachmentContent => "attachment-content",
            Field::ReporterKey => "reporter-key",
            Field::Note => "note",
            Field::Referral => "referral",
        }
    }
}

fn associated_data(reference: &str, field: Field) -> Vec<u8> {
    format!("sunshine/report/v1/{reference}/{}", field.label()).into_bytes()
}

/// Encrypts `plaintext` under `key`, bound to `reference` and `field`.
fn seal_with(key: &[u8; 32], reference: &str, field: Field, plaintext: &[u8]) -> Vec<u8> {
    seal_bytes(key, &associated_data(reference, field), plaintext)
}

fn open_with(
    key: &[u8; 32],
    reference: &str,
    field: Field,
    sealed: &[u8],
) -> Result<Vec<u8>, OpenError> {
    open_bytes(key, &associated_data(reference, field), sealed)
}

/// Encrypts `plaintext` under `key` with XChaCha20-Poly1305, a fresh random nonce and
/// `aad` bound into the tag. Also used for staff keys, which are not a report's.
pub(crate) fn seal_bytes(key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; NONCE_LEN];
    if let Err(e) = getrandom::fill(&mut nonce) {
        panic!("the operating system's random generator failed: {e}");
    }
    let payload = Payload {
        msg: plaintext,
        aad,
    };
    // Encryption fails only for inputs beyond 256 GiB, far past any limit here.
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), payload)
        .expect("XChaCha20-Poly1305 encrypts any input below 256 GiB");
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Opens a value sealed by [`seal_bytes`] with the same key and associated data.
pub(crate) fn open_bytes(key: &[u8; 32], aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
    let (&version, rest) = sealed.split_first().ok_or(OpenError)?;
    if version != VERSION || rest.len() < NONCE_LEN {
        return Err(OpenError);
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map_err(|_| OpenError)
}

/// One report's data key.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    /// A fresh random key, for a new report.
    pub fn generate() -> DataKey {
        DataKey(Zeroizing::new(crate::staff::random_bytes()))
    }

    /// Seals a value of report `reference`.
    pub fn seal(&self, reference: &str, field: Field, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.0, reference, field, plaintext)
    }

    /// Opens a value sealed by [`DataKey::seal`] with the same reference and field.
    pub fn open(&self, reference: &str, field: Field, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        open_with(&self.0, reference, field, sealed)
    }

    /// The key sealed to a unit's public key: anyone can write it, only the unit read it.
    pub fn sealed_to(&self, unit: &crypto_box::PublicKey) -> Vec<u8> {
        unit.seal(&mut OsRng, self.0.as_slice())
            .expect("a sealed box takes any 32-byte message")
    }

    /// The key, opened with a unit's private key.
    pub fn unsealed_by(unit: &crypto_box::SecretKey, sealed: &[u8]) -> Result<DataKey, OpenError> {
        let bytes = Zeroizing::new(unit.unseal(sealed).map_err(|_| OpenError)?);
        Self::from_slice(&bytes)
    }

    /// The key encrypted for the reporter, under their receipt code's wrap key.
    pub fn wrapped_for_reporter(&self, reference: &str, wrap: &[u8; 32]) -> Vec<u8> {
        seal_with(wrap, reference, Field::ReporterKey, self.0.as_slice())
    }

    /// The key, opened with the reporter's wrap key.
    pub fn unwrapped_by_reporter(
        reference: &str,
        wrap: &[u8; 32],
        wrapped: &[u8],
    ) -> Result<DataKey, OpenError> {
        let bytes = Zeroizing::new(open_with(wrap, reference, Field::ReporterKey, wrapped)?);
        Self::from_slice(&bytes)
    }

    fn from_slice(bytes: &[u8]) -> Result<DataKey, OpenError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| OpenError)?;
        Ok(DataKey(Zeroizing::new(array)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn sealed_values_open_only_for_their_report_and_field() {
        let key = DataKey::generate();
        let sealed = key.seal("ABCD-EFGH", Field::Content, b"secret words");
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        assert_eq!(
            key.open("ABCD-EFGH", Field::Content, &sealed).unwrap(),
            b"secret words"
        );
        assert!(key.open("ABCD-EFGJ", Field::Content, &sealed).is_err());
        assert!(key.open("ABCD-EFGH", Field::Message, &sealed).is_err());
        assert!(DataKey::generate()
            .open("ABCD-EFGH", Field::Content, &sealed)
            .is_err());
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(key.open("ABCD-EFGH", Field::Content, &damaged).is_err());
        // The same plaintext seals differently each time (fresh nonces).
        assert_ne!(
            sealed,
            key.seal("ABCD-EFGH", Field::Content, b"secret words")
        );
    }

    #[test]
    fn the_data_key_opens_for_the_unit_and_the_reporter_only() {
        let key = DataKey::generate();
        let unit = crypto_box::SecretKey::generate(&mut OsRng);
        let sealed = key.sealed_to(&unit.public_key());
        let opened = DataKey::unsealed_by(&unit, &sealed).unwrap();
        assert_eq!(*opened.0, *key.0);
        let stranger = crypto_box::SecretKey::generate(&mut OsRng);
        assert!(DataKey::unsealed_by(&stranger, &sealed).is_err());

        let wrap = [7u8; 32];
        let wrapped = key.wrapped_for_reporter("ABCD-EFGH", &wrap);
        let opened = DataKey::unwrapped_by_reporter("ABCD-EFGH", &wrap, &wrapped).unwrap();
        assert_eq!(*opened.0, *key.0);
        assert!(DataKey::unwrapped_by_reporter("ABCD-EFGH", &[8u8; 32], &wrapped).is_err());
    }
}
