//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock skew
//! either way), the enrolment QR code drawn on the server as SVG, and recovery codes.

use qrcode::render::svg;
use qrcode::QrCode;
use totp_rs::{Algorithm, TOTP};

use super::token;

/// Issuer shown in authenticator apps (no ':' allowed).
const ISSUER: &str = "Sunshine 阳光";
const STEP: u64 = 30;

fn totp(secret: &[u8], email: &str) -> Option<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP,
        secret.to_vec(),
        Some(ISSUER.to_owned()),
        email.to_owned(),
    )
    .ok()
}

/// A new 160-bit secret (RFC 4226's recommended length).
pub fn new_secret() -> Vec<u8> {
    token::random_bytes()[..20].to_vec()
}

/// The secret as people type it into an authenticator by hand (base32, in groups of 4).
pub fn secret_for_typing(secret: &[u8]) -> String {
    let encoded = totp(secret, "x")
        .map(|t| t.get_secret_base32())
        .unwrap_or_default();
    encoded
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` URL as an inline SVG QR code, drawn here so nothing leaves the server.
pub fn qr_svg(secret: &[u8], email: &str) -> Option<String> {
    let url = totp(secret, email)?.get_url();
    let code = QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// The time step a code is valid for, if it is valid now (within one step of skew) and
/// later than `last_step`, the last one accepted: a code cannot be replayed.
pub fn accepted_step(
    secret: &[u8],
    code: &str,
    last_step: Option<i64>,
    now_unix: u64,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "x")?;
    let current = now_unix / STEP;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|&step| {
            let fresh = last_step.is_none_or(|last| step as i64 > last);
            fresh && token::same(&totp.generate(step * STEP), &code)
        })
        .map(|step| step as i64)
}

/// The code for a moment (tests and the command line use it; people use their app).
pub fn code_at(secret: &[u8], now_unix: u64) -> String {
    totp(secret, "x")
        .map(|t| t.generate(now_unix))
        .unwrap_or_default()
}

/// Ten recovery codes of 10 characters from an alphabet without look-alikes, shown once.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..10)
        .map(|_| {
            let bytes = token::random_bytes();
            let code: String = bytes[..10]
                .iter()
                .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &code[..5], &code[5..])
        })
        .collect()
}

/// How a recovery code is stored: its digest, ignoring case, spaces and dashes.
pub fn recovery_digest(code: &str) -> Vec<u8> {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    token::digest(&normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_once_and_only_near_its_time() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        let step = accepted_step(&secret, &code, None, now).unwrap();
        assert_eq!(step, (now / 30) as i64);
        assert_eq!(
            accepted_step(&secret, &code, Some(step), now),
            None,
            "replayed"
        );
        assert!(
            accepted_step(&secret, &code, None, now + 30).is_some(),
            "skew"
        );
        assert_eq!(
            accepted_step(&secret, &code, None, now + 120),
            None,
            "too late"
        );
        assert_eq!(accepted_step(&secret, "12345", None, now), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_forgiving_to_type() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(
            recovery_digest(&codes[0]),
            recovery_digest(&codes[0].to_uppercase().replace('-', " "))
        );
    }

    #[test]
    fn the_qr_code_is_inline_svg() {
        let svg = qr_svg(&new_secret(), "a@example.org").unwrap();
        assert!(svg.contains("<svg"));
    }
}
