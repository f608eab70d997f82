//! Unit members' own key pairs (docs/security.md, "Staff keys").
//!
//! Each triager and investigator has an X25519 key pair. Its private half is stored only
//! encrypted under a key derived from their password (Argon2id, a salt of its own), so a
//! database copy opens nothing. At sign-in it is decrypted and put into the session row
//! encrypted again, under a key derived from the session cookie's token, which the
//! database never holds (it keeps the token's SHA-256 only). Every later request of that
//! session can therefore open it, and only with the cookie.
//!
//! A unit's private key is sealed to each member's public key ([`crate::triage::access`]);
//! that grant is what lets them read the unit's reports.

use argon2::{Algorithm, Argon2, Params, Version};
use crypto_box::{PublicKey, SecretKey};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::config::StaffSettings;
use crate::report::sealing::{open_bytes, seal_bytes, OpenError};

/// A member's key pair as stored: the public half, the private half sealed under the
/// password-derived key, and that derivation's salt.
#[derive(Debug, Clone)]
pub struct StoredKeyPair {
    /// The X25519 public key (32 bytes).
    pub public_key: Vec<u8>,
    /// The private key, encrypted under the password-derived key.
    pub private_key_sealed: Vec<u8>,
    /// The Argon2id salt of the password-derived key.
    pub key_salt: Vec<u8>,
}

fn password_aad(staff_id: i64) -> Vec<u8> {
    format!("sunshine/staff-key/v1/{staff_id}").into_bytes()
}

/// The key that encrypts a member's private key: Argon2id of the password with the
/// staff cost settings and a salt of its own (not the password hash's, so the stored
/// PHC string tells nothing about it).
fn password_key(
    settings: &StaffSettings,
    password: &str,
    salt: &[u8],
) -> anyhow::Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(
        settings.argon2_memory_kib,
        settings.argon2_iterations,
        settings.argon2_parallelism,
        Some(32),
    )
    .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, key.as_mut_slice())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(key)
}

/// Encrypts `secret` under `password` for member `staff_id`. Takes Argon2id time: call it
/// on a blocking thread.
pub fn wrap(
    settings: &StaffSettings,
    staff_id: i64,
    password: &str,
    secret: &SecretKey,
) -> anyhow::Result<StoredKeyPair> {
    let salt: [u8; 16] = crate::staff::token::random_array();
    let key = password_key(settings, password, &salt)?;
    Ok(StoredKeyPair {
        public_key: secret.public_key().as_bytes().to_vec(),
        private_key_sealed: seal_bytes(&key, &password_aad(staff_id), &secret.to_bytes()),
        key_salt: salt.to_vec(),
    })
}

/// A fresh key pair for member `staff_id`, wrapped under `password`.
pub fn generate(
    settings: &StaffSettings,
    staff_id: i64,
    password: &str,
) -> anyhow::Result<(StoredKeyPair, SecretKey)> {
    let secret = SecretKey::generate(&mut crypto_box::aead::OsRng);
    Ok((wrap(settings, staff_id, password, &secret)?, secret))
}

/// Opens a member's private key with their password. `Ok(None)` when it does not open
/// (a password that no longer matches the wrapping, or damage).
pub fn unwrap(
    settings: &StaffSettings,
    staff_id: i64,
    password: &str,
    stored: &StoredKeyPair,
) -> anyhow::Result<Option<SecretKey>> {
    let key = password_key(settings, password, &stored.key_salt)?;
    let Ok(bytes) = open_bytes(&key, &password_aad(staff_id), &stored.private_key_sealed) else {
        return Ok(None);
    };
    Ok(secret_from(&bytes))
}

fn secret_from(bytes: &[u8]) -> Option<SecretKey> {
    let bytes = Zeroizing::new(<[u8; 32]>::try_from(bytes).ok()?);
    Some(SecretKey::from(*bytes))
}

/// The session key: HMAC of the cookie's token. The database stores SHA-256(token), from
/// which this cannot be computed.
fn session_key(token: &str) -> Zeroizing<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(token.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"sunshine/session-key/v1");
    Zeroizing::new(mac.finalize().into_bytes().into())
}

/// A member's private key encrypted for the session whose cookie holds `token`.
pub fn seal_for_session(token: &str, secret: &SecretKey) -> Vec<u8> {
    seal_bytes(
        &session_key(token),
        b"sunshine/session/v1",
        &secret.to_bytes(),
    )
}

/// The private key a session holds, opened with its cookie's token.
pub fn open_from_session(token: &str, sealed: &[u8]) -> Option<SecretKey> {
    let bytes = open_bytes(&session_key(token), b"sunshine/session/v1", sealed)
        .map_err(|_: OpenError| ())
        .ok()?;
    secret_from(&bytes)
}

/// A stored public key, parsed.
pub fn public_key(bytes: &[u8]) -> Option<PublicKey> {
    <[u8; 32]>::try_from(bytes).ok().map(PublicKey::from)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn settings() -> StaffSettings {
        StaffSettings {
            argon2_memory_kib: 256,
            argon2_iterations: 1,
            argon2_parallelism: 1,
            password_min_length: 12,
            totp_required_roles: Vec::new(),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_attempts_per_account: 5,
            login_attempts_per_client: 20,
            login_window_secs: 900,
            setup_link_hours: 72,
        }
    }

    #[test]
    fn the_private_key_opens_with_the_password_only() {
        let (stored, secret) = generate(&settings(), 7, "correct horse battery").unwrap();
        let opened = unwrap(&settings(), 7, "correct horse battery", &stored)
            .unwrap()
            .unwrap();
        assert_eq!(opened.to_bytes(), secret.to_bytes());
        assert!(unwrap(&settings(), 7, "wrong horse battery", &stored)
            .unwrap()
            .is_none());
        // Bound to the member: another account's row cannot be swapped in.
        assert!(unwrap(&settings(), 8, "correct horse battery", &stored)
            .unwrap()
            .is_none());
        assert_eq!(stored.public_key, secret.public_key().as_bytes().to_vec());
    }

    #[test]
    fn a_session_key_opens_with_its_own_token_only() {
        let secret = SecretKey::generate(&mut crypto_box::aead::OsRng);
        let sealed = seal_for_session("token-a", &secret);
        assert_eq!(
            open_from_session("token-a", &sealed).unwrap().to_bytes(),
            secret.to_bytes()
        );
        assert!(open_from_session("token-b", &sealed).is_none());
    }
}
