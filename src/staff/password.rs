//! Password hashing (Argon2id with the configured cost) and the password policy.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::StaffSettings;

/// Longest password accepted: Argon2 takes any length, but a megabyte "password" is an
/// attack on the server's time, not a password.
pub const MAX_LENGTH: usize = 256;

/// Why a new password was refused; each has a message in the catalog (`password_…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyProblem {
    /// Shorter than `staff.password_min_length` characters.
    TooShort,
    /// Longer than [`MAX_LENGTH`].
    TooLong,
    /// Contains the email's name part, or is one character repeated.
    Guessable,
    /// The confirmation differs.
    Mismatch,
}

impl PolicyProblem {
    /// The catalog message that explains it.
    pub fn message_id(self) -> &'static str {
        match self {
            PolicyProblem::TooShort => "password_too_short",
            PolicyProblem::TooLong => "password_too_long",
            PolicyProblem::Guessable => "password_guessable",
            PolicyProblem::Mismatch => "password_mismatch",
        }
    }
}

/// Checks a new password against the policy: long enough (no composition rules, following
/// NIST SP 800-63B), not absurdly long, not the account's own name, typed twice alike.
pub fn check_policy(
    settings: &StaffSettings,
    email: &str,
    password: &str,
    confirmation: &str,
) -> Result<(), PolicyProblem> {
    let length = password.chars().count();
    if length < settings.password_min_length {
        return Err(PolicyProblem::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PolicyProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let name = email.split('@').next().unwrap_or_default();
    let one_character = lower.chars().all(|c| lower.starts_with(c));
    if (name.len() >= 3 && lower.contains(name)) || one_character {
        return Err(PolicyProblem::Guessable);
    }
    if password != confirmation {
        return Err(PolicyProblem::Mismatch);
    }
    Ok(())
}

fn argon2(settings: &StaffSettings) -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(
        settings.argon2_memory_kib,
        settings.argon2_iterations,
        settings.argon2_parallelism,
        None,
    )
    .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (algorithm, parameters and salt included, so
/// raising the cost later still verifies old hashes).
pub fn hash(settings: &StaffSettings, password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(argon2(settings)?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

/// Whether `password` matches the stored hash. A malformed hash matches nothing.
pub fn verify(stored: &str, password: &str) -> bool {
    if password.len() > MAX_LENGTH * 4 {
        return false;
    }
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a sign-in for an
/// unknown email takes as long as one for a known email.
pub fn decoy(settings: &StaffSettings) -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(settings, "decoy password for timing").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> StaffSettings {
        StaffSettings {
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            password_min_length: 12,
            totp_required_roles: vec![],
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_attempts_per_account: 5,
            login_attempts_per_client: 20,
            login_window_secs: 900,
            setup_link_hours: 72,
        }
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash(&settings(), "correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(&stored, "correct horse battery"));
        assert!(!verify(&stored, "correct horse battery "));
        assert!(!verify("not a hash", "correct horse battery"));
    }

    #[test]
    fn the_policy_names_the_problem() {
        let s = settings();
        let check = |p: &str, c: &str| check_policy(&s, "wang.fang@example.org", p, c);
        assert_eq!(check("short", "short"), Err(PolicyProblem::TooShort));
        assert_eq!(
            check("my name is wang.fang!", "my name is wang.fang!"),
            Err(PolicyProblem::Guessable)
        );
        assert_eq!(
            check("aaaaaaaaaaaaaa", "aaaaaaaaaaaaaa"),
            Err(PolicyProblem::Guessable)
        );
        assert_eq!(
            check("river stone lantern", "river stone lantern."),
            Err(PolicyProblem::Mismatch)
        );
        assert_eq!(check("river stone lantern", "river stone lantern"), Ok(()));
        assert_eq!(
            check("长城长江黄河泰山华山嵩山", "长城长江黄河泰山华山嵩山"),
            Ok(())
        );
    }
}
