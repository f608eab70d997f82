//! The optional proof of work: a browser with JavaScript finds a number that makes
//! SHA-256(challenge ":" number) start with `reports.proof_of_work_bits` zero bits, and a
//! report carrying it draws on a larger allowance. It costs a person a second or two of
//! their browser's time and a robot as much per report; a reporter without JavaScript
//! (Tor Browser at "safest") loses nothing but the larger allowance.
//!
//! Challenges are signed (HMAC under a key derived from the receipt secret, so that every
//! instance accepts every instance's challenges), valid the day they are issued and the
//! next, and each is accepted once.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Issues and checks proof-of-work challenges.
pub struct ProofOfWork {
    key: [u8; 32],
    bits: u32,
    spent: moka::sync::Cache<String, ()>,
}

impl ProofOfWork {
    /// `bits` = 0 turns the proof of work off.
    pub fn new(secret: &[u8], bits: u32) -> ProofOfWork {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"sunshine proof-of-work key v1");
        ProofOfWork {
            key: mac.finalize().into_bytes().into(),
            bits,
            spent: moka::sync::Cache::builder()
                .max_capacity(1_000_000)
                .time_to_live(Duration::from_secs(2 * 86_400))
                .build(),
        }
    }

    /// Leading zero bits asked for; 0 when off.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// A new challenge for a form, `None` when the proof of work is off.
    pub fn challenge(&self) -> Option<String> {
        if self.bits == 0 {
            return None;
        }
        let random = hex::encode(&crate::staff::random_bytes()[..16]);
        let body = format!("{}.{random}", day_now());
        Some(format!("{body}.{}", self.sign(&body)))
    }

    fn sign(&self, body: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(body.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// Whether `nonce` solves `challenge`, a challenge of ours from today or yesterday not
    /// used before. A solved challenge is spent.
    pub fn accept(&self, challenge: &str, nonce: &str) -> bool {
        if self.bits == 0 || nonce.is_empty() || nonce.len() > 20 {
            return false;
        }
        let Some((body, signature)) = challenge.rsplit_once('.') else {
            return false;
        };
        let day = body.split('.').next().and_then(|d| d.parse::<i64>().ok());
        let fresh = day.is_some_and(|d| (0..=1).contains(&(day_now() - d)));
        let signed = {
            use subtle::ConstantTimeEq;
            bool::from(self.sign(body).as_bytes().ct_eq(signature.as_bytes()))
        };
        if !fresh || !signed || !solves(challenge, nonce, self.bits) {
            return false;
        }
        let mut first = false;
        self.spent
            .entry(challenge.to_owned())
            .or_insert_with(|| first = true);
        first
    }
}

/// Whether SHA-256(`challenge:nonce`) starts with `bits` zero bits.
pub fn solves(challenge: &str, nonce: &str, bits: u32) -> bool {
    let digest = Sha256::digest(format!("{challenge}:{nonce}").as_bytes());
    let mut zeros = 0;
    for byte in digest {
        zeros += byte.leading_zeros();
        if byte != 0 {
            break;
        }
    }
    zeros >= bits
}

fn day_now() -> i64 {
    chrono::Utc::now().timestamp().div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solve(challenge: &str, bits: u32) -> String {
        (0u64..)
            .map(|n| n.to_string())
            .find(|n| solves(challenge, n, bits))
            .unwrap_or_default()
    }

    #[test]
    fn a_solved_challenge_is_accepted_once() {
        let pow = ProofOfWork::new(&[1; 32], 8);
        let challenge = pow.challenge().unwrap_or_default();
        let nonce = solve(&challenge, 8);
        assert!(!pow.accept(&challenge, "not-a-solution-probably-x"));
        assert!(pow.accept(&challenge, &nonce));
        assert!(!pow.accept(&challenge, &nonce), "spent");
    }

    #[test]
    fn forged_or_foreign_challenges_are_refused() {
        let pow = ProofOfWork::new(&[1; 32], 4);
        let other = ProofOfWork::new(&[2; 32], 4);
        let foreign = other.challenge().unwrap_or_default();
        assert!(!pow.accept(&foreign, &solve(&foreign, 4)));
        let forged = format!("{}.00112233445566778899aabbccddeeff.00", day_now());
        assert!(!pow.accept(&forged, &solve(&forged, 4)));
        let old = format!("{}.00112233445566778899aabbccddeeff", day_now() - 2);
        let old = format!("{old}.{}", pow.sign(&old));
        assert!(!pow.accept(&old, &solve(&old, 4)), "expired");
        assert!(ProofOfWork::new(&[1; 32], 0).challenge().is_none());
    }
}
