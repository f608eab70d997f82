//! Receipt codes: the reporter's only way back to their report.
//!
//! Sixteen random digits (about 53 bits) from the operating system's generator, shown once
//! in groups of four. The code is never stored. What is stored is an HMAC of its Argon2id
//! hash — keyed with a secret kept outside the database and salted per install — to find
//! the report by; a second key derived from the same hash decrypts the report's data key.
//! A database copy therefore neither lists codes nor lets anyone test guesses without
//! the secret, and even with it each guess costs a full Argon2id hash.

use std::fmt;
use std::path::Path;

use anyhow::Context as _;
use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::config::ReportSettings;

/// Digits in a receipt code.
const DIGITS: usize = 16;
/// 10^16: codes are uniform below it.
const SPACE: u64 = 10_000_000_000_000_000;

/// A receipt code, valid by construction: sixteen ASCII digits.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(String);

impl ReceiptCode {
    /// A fresh code: uniform over all 10^16, by rejection sampling from 64 random bits.
    pub fn generate() -> ReceiptCode {
        // The largest multiple of SPACE below 2^64: values above it would favour low codes.
        let limit = u64::MAX - u64::MAX % SPACE;
        loop {
            let mut bytes = [0u8; 8];
            if let Err(e) = getrandom::fill(&mut bytes) {
                panic!("the operating system's random generator failed: {e}");
            }
            let value = u64::from_le_bytes(bytes);
            if value < limit {
                return ReceiptCode(format!("{:016}", value % SPACE));
            }
        }
    }

    /// Reads a code as a person types it: spaces, dashes and full-width digits (from a
    /// Chinese input method) are accepted; anything else, or a wrong count, is not.
    pub fn parse(typed: &str) -> Option<ReceiptCode> {
        let mut digits = String::with_capacity(DIGITS);
        for c in typed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                ' ' | '-' | '\u{3000}' | '－' | '\t' => {}
                _ => return None,
            }
            if digits.len() > DIGITS {
                return None;
            }
        }
        (digits.len() == DIGITS).then_some(ReceiptCode(digits))
    }

    /// The code in groups of four, as shown to the reporter: `1234 5678 9012 3456`.
    pub fn grouped(&self) -> String {
        let groups: Vec<&str> = (0..DIGITS / 4).map(|i| &self.0[i * 4..i * 4 + 4]).collect();
        groups.join(" ")
    }

    fn digits(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Never printed by accident: a code in a log or an error message would undo it all.
impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptCode(…)")
    }
}

/// What one receipt code opens: the row it finds and the key that opens the data key.
pub struct ReceiptKeys {
    /// Stored in `reports.receipt_lookup`, unique.
    pub lookup: [u8; 32],
    /// Decrypts `reports.data_key_for_reporter`; never stored.
    pub wrap: Zeroizing<[u8; 32]>,
}

/// Hashes receipt codes: Argon2id keyed with the install's secret and salted with its salt.
pub struct ReceiptHasher {
    secret: Zeroizing<Vec<u8>>,
    salt: Vec<u8>,
    params: Params,
}

impl ReceiptHasher {
    /// A hasher with the secret from `settings.receipt_secret_file` and the install's salt.
    pub fn new(
        settings: &ReportSettings,
        secret: Zeroizing<Vec<u8>>,
        salt: Vec<u8>,
    ) -> anyhow::Result<Self> {
        let params = Params::new(
            settings.argon2_memory_kib,
            settings.argon2_iterations,
            1,
            Some(32),
        )
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        Ok(ReceiptHasher {
            secret,
            salt,
            params,
        })
    }

    /// The code's keys. Slow on purpose (one Argon2id): call it on the crypto workers.
    pub fn keys(&self, code: &ReceiptCode) -> anyhow::Result<ReceiptKeys> {
        let argon2 = Argon2::new_with_secret(
            &self.secret,
            Algorithm::Argon2id,
            Version::V0x13,
            self.params.clone(),
        )
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
        let mut hashed = Zeroizing::new([0u8; 32]);
        argon2
            .hash_password_into(code.digits(), &self.salt, hashed.as_mut())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
        Ok(ReceiptKeys {
            lookup: derive(&hashed, b"sunshine receipt lookup v1"),
            wrap: Zeroizing::new(derive(&hashed, b"sunshine receipt wrap v1")),
        })
    }
}

/// HMAC-SHA256 as a key-derivation step: two unrelated keys from one hash.
fn derive(key: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

/// Reads the receipt secret, creating it (32 random bytes, owner-only) when missing. Two
/// processes starting at once agree: the file appears whole, by a hard link, or not at all.
pub fn load_or_create_secret(path: &Path) -> anyhow::Result<(Zeroizing<Vec<u8>>, bool)> {
    match std::fs::read(path) {
        Ok(bytes) => return Ok((check_secret(path, bytes)?, false)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let secret = Zeroizing::new(crate::staff::random_bytes().to_vec());
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    write_private(&partial, &secret)?;
    let linked = std::fs::hard_link(&partial, path);
    let _ = std::fs::remove_file(&partial);
    match linked {
        Ok(()) => Ok((secret, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok((check_secret(path, bytes)?, false))
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

fn check_secret(path: &Path, bytes: Vec<u8>) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let bytes = Zeroizing::new(bytes);
    if bytes.len() < 32 {
        anyhow::bail!(
            "{} holds {} bytes; a receipt secret needs at least 32",
            path.display(),
            bytes.len()
        );
    }
    Ok(bytes)
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_are_sixteen_digits_and_differ() {
        let a = ReceiptCode::generate();
        let b = ReceiptCode::generate();
        assert_eq!(a.0.len(), 16);
        assert!(a.0.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(a, b);
        assert_eq!(a.grouped().len(), 19);
    }

    #[test]
    fn typed_codes_forgive_spacing_and_full_width_digits_only() {
        let code = ReceiptCode::parse("1234 5678-9012 3456").unwrap();
        assert_eq!(code.grouped(), "1234 5678 9012 3456");
        assert_eq!(
            ReceiptCode::parse("１２３４　５６７８　９０１２　３４５６"),
            Some(code)
        );
        assert_eq!(ReceiptCode::parse("1234 5678 9012 345"), None);
        assert_eq!(ReceiptCode::parse("1234 5678 9012 34567"), None);
        assert_eq!(ReceiptCode::parse("1234 5678 9012 345a"), None);
        assert!(!format!("{:?}", ReceiptCode::generate()).contains(char::is_numeric));
    }

    #[test]
    fn keys_depend_on_code_secret_and_salt() {
        let settings = crate::report::tests::settings();
        let hasher = |secret: u8, salt: u8| {
            ReceiptHasher::new(&settings, Zeroizing::new(vec![secret; 32]), vec![salt; 16]).unwrap()
        };
        let code = ReceiptCode::parse("0000111122223333").unwrap();
        let other = ReceiptCode::parse("0000111122223334").unwrap();
        let base = hasher(1, 1).keys(&code).unwrap();
        assert_eq!(base.lookup, hasher(1, 1).keys(&code).unwrap().lookup);
        assert_ne!(base.lookup, *base.wrap);
        for keys in [
            hasher(1, 1).keys(&other).unwrap(),
            hasher(2, 1).keys(&code).unwrap(),
            hasher(1, 2).keys(&code).unwrap(),
        ] {
            assert_ne!(base.lookup, keys.lookup);
        }
    }

    #[test]
    fn the_secret_file_is_created_once_and_then_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("receipt-secret");
        let (first, created) = load_or_create_secret(&path).unwrap();
        assert!(created);
        let (again, created) = load_or_create_secret(&path).unwrap();
        assert!(!created);
        assert_eq!(*first, *again);
        std::fs::write(&path, b"short").unwrap();
        assert!(load_or_create_secret(&path).is_err());
    }
}
