//! Who a client is, for rate limits only: an HMAC of its address under a random key that
//! lives in memory and changes every day. The address itself is never kept, logged or
//! written anywhere (DESIGN.md section 4), and yesterday's keys cannot be linked to today's.

use std::net::IpAddr;
use std::sync::RwLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
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
    /// The key for the client a request comes from: the address a trusted proxy vouched
    /// for ([`vouch_for_client`]), else the peer's. The only place either is read: it is
    /// hashed here and goes nowhere else.
    pub fn client_of(&self, req: &actix_web::HttpRequest) -> LimitKey {
        let vouched = req.extensions().get::<VouchedClient>().map(|c| c.0);
        self.client(vouched.or_else(|| req.peer_addr().map(|a| a.ip())))
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

/// The reverse proxies whose `X-Forwarded-For` is believed (`server.trusted_proxies`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl TrustedProxies {
    /// The client behind a trusted proxy: the right-most `X-Forwarded-For` entry, which the
    /// proxy wrote itself (anything to its left came from the client and proves nothing).
    /// `None` when the peer is not a trusted proxy or the header is missing or malformed.
    pub fn client_behind(
        &self,
        peer: Option<IpAddr>,
        forwarded_for: Option<&str>,
    ) -> Option<IpAddr> {
        if !self.0.contains(&peer?) {
            return None;
        }
        forwarded_for?.rsplit(',').next()?.trim().parse().ok()
    }
}

/// The client address a trusted proxy vouched for, kept in the request's extensions for
/// [`Keyer::client_of`] and never anywhere else.
#[derive(Debug, Clone, Copy)]
struct VouchedClient(IpAddr);

/// Middleware: notes the client a trusted proxy vouches for.
pub async fn vouch_for_client(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let vouched = req
        .app_data::<actix_web::web::Data<TrustedProxies>>()
        .and_then(|proxies| {
            let header = req
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok());
            proxies.client_behind(req.peer_addr().map(|a| a.ip()), header)
        });
    if let Some(address) = vouched {
        req.extensions_mut().insert(VouchedClient(address));
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies() -> TrustedProxies {
        TrustedProxies(vec!["127.0.0.1".parse().unwrap()])
    }

    #[test]
    fn the_proxys_own_entry_is_believed_and_what_the_client_wrote_is_not() {
        let from_proxy = Some("127.0.0.1".parse().unwrap());
        assert_eq!(
            proxies().client_behind(from_proxy, Some("6.6.6.6, 203.0.113.9")),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            proxies().client_behind(from_proxy, Some(" 2001:db8::1 ")),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(proxies().client_behind(from_proxy, Some("nonsense")), None);
        assert_eq!(proxies().client_behind(from_proxy, None), None);
    }

    #[test]
    fn a_client_reaching_the_instance_directly_cannot_choose_its_address() {
        let direct = Some("198.51.100.7".parse().unwrap());
        assert_eq!(proxies().client_behind(direct, Some("203.0.113.9")), None);
        assert_eq!(
            TrustedProxies::default().client_behind(direct, Some("203.0.113.9")),
            None
        );
    }
}
