//! Who a client is, for rate limits only: an HMAC of its address under a random key that
//! lives in memory and changes every day. The address itself is never kept, logged or
//! written anywhere (DESIGN.md section 4), and yesterday's keys cannot be linked to today's.

use std::net::IpAddr;
use std::sync::RwLock;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A keyed digest standing for a client address or an account name.
pub type LimitKey = [u8; 32];

/// The day's random key.
pub struct Keyer {
    current: RwLock<(i64, [u8; 32])>,
}

impl Default for Keyer {
    fn default() -> Self {
        Keyer {
            current: RwLock::new((day_now(), fresh_key())),
        }
    }
}

impl Keyer {
    /// The key for the client a request comes from. The only place the peer address is
    /// read: it is hashed here and goes nowhere else.
    pub fn client_of(&self, req: &actix_web::HttpRequest) -> LimitKey {
        self.client(req.peer_addr().map(|a| a.ip()))
    }

    /// The key for a client address (`None` — a Unix socket, a test — is one client).
    pub fn client(&self, address: Option<IpAddr>) -> LimitKey {
        let bytes = match address {
            Some(IpAddr::V4(v4)) => v4.octets().to_vec(),
            // A /64 is what one IPv6 client controls.
            Some(IpAddr::V6(v6)) => v6.octets()[..8].to_vec(),
            None => Vec::new(),
        };
        self.digest(b"client", &bytes)
    }

    /// The key for a name (an account's email), so it is not kept in clear either.
    pub fn name(&self, name: &str) -> LimitKey {
        self.digest(b"name", name.as_bytes())
    }

    fn digest(&self, domain: &[u8], bytes: &[u8]) -> LimitKey {
        let key = self.todays_key();
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key) else {
            return [0; 32];
        };
        mac.update(domain);
        mac.update(b"\0");
        mac.update(bytes);
        mac.finalize().into_bytes().into()
    }

    fn todays_key(&self) -> [u8; 32] {
        let today = day_now();
        if let Ok(current) = self.current.read() {
            if current.0 == today {
                return current.1;
            }
        }
        let Ok(mut current) = self.current.write() else {
            return fresh_key();
        };
        if current.0 != today {
            *current = (today, fresh_key());
        }
        current.1
    }
}

fn day_now() -> i64 {
    chrono::Utc::now().timestamp().div_euclid(86_400)
}

fn fresh_key() -> [u8; 32] {
    crate::staff::random_bytes()
}
