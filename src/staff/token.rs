//! Random tokens (session ids, setup links, CSRF tokens, recovery codes) and the digests
//! they are stored as: the database only ever holds SHA-256 of a bearer token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// 32 random bytes.
pub fn random_bytes() -> [u8; 32] {
    random_array()
}

/// `N` random bytes.
pub fn random_array<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator failing is not something a request can recover from.
    if let Err(e) = getrandom::fill(&mut bytes) {
        panic!("the operating system's random generator failed: {e}");
    }
    bytes
}

/// A 256-bit token for a cookie or a link (43 URL-safe characters).
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes())
}

/// The digest a token is stored and looked up by.
pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares two secrets in constant time.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
