//! Who is asking (the client address) and how often they may ask: the
//! limits on sign-in attempts and on filings, counted by
//! [`crate::store::throttle`].

use std::{net::IpAddr, time::Duration};

use actix_web::{HttpRequest, http::header::HeaderName};
use ipnet::IpNet;
use uuid::Uuid;

use crate::store::throttle::Limit;

/// The throttling rules of one deployment.
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Proxies whose `X-Forwarded-For` is believed (`HUYING_TRUSTED_PROXIES`).
    /// Empty: the client address is the TCP peer, whatever the header says.
    pub trusted_proxies: Vec<IpNet>,
    /// Password checks per login from one address per window; beyond them
    /// that address waits for the window to end.
    pub per_login_and_address: u32,
    /// Password checks from one address, whatever the logins, per window.
    pub per_address: u32,
    /// Password checks of one login from all addresses per window; beyond
    /// them one check per `login_slow_down` (against distributed guessing:
    /// it slows the guessing down without locking the owner out).
    pub per_login: u32,
    pub login_slow_down: Duration,
    pub window: Duration,
    /// Filings per user per hour (`HUYING_FILING_LIMIT_PER_HOUR`); `None`: no limit.
    pub filings_per_hour: Option<u32>,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            trusted_proxies: Vec::new(),
            per_login_and_address: 5,
            per_address: 50,
            per_login: 100,
            login_slow_down: Duration::from_secs(10),
            window: Duration::from_secs(15 * 60),
            filings_per_hour: None,
        }
    }
}

const FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The client's address: the TCP peer, unless the peer is a trusted proxy;
/// then `X-Forwarded-For` is read from the right (each proxy appends the
/// address it saw) and the first address not itself a trusted proxy is the
/// client. Entries a client wrote further left cannot be told from lies.
pub fn client_address(req: &HttpRequest, trusted: &[IpNet]) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let Some(mut client) = peer else {
        return "unknown".to_string();
    };
    if is_trusted(&client) {
        let hops = req
            .headers()
            .get_all(FORWARDED_FOR)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !is_trusted(&ip) {
                break;
            }
        }
    }
    client.to_string()
}

impl ThrottleConfig {
    /// The three limits a sign-in attempt is counted against.
    pub fn sign_in(&self, login: &str, address: &str) -> SignInKeys {
        SignInKeys {
            pair: Limit {
                key: format!("login@addr:{login}@{address}"),
                max_attempts: self.per_login_and_address,
                window: self.window,
                slow: None,
            },
            address: Limit {
                key: format!("addr:{address}"),
                max_attempts: self.per_address,
                window: self.window,
                slow: None,
            },
            login: Limit {
                key: format!("login:{login}"),
                max_attempts: self.per_login,
                window: self.window,
                slow: Some(self.login_slow_down),
            },
        }
    }

    /// The filing limit of `user`, if there is one.
    pub fn filing(&self, user: Uuid) -> Option<Limit> {
        self.filings_per_hour.map(|max| Limit {
            key: format!("file:{user}"),
            max_attempts: max,
            window: Duration::from_secs(3600),
            slow: None,
        })
    }
}

pub struct SignInKeys {
    pub pair: Limit,
    pub address: Limit,
    pub login: Limit,
}

impl SignInKeys {
    pub fn all(&self) -> [Limit; 3] {
        [self.pair.clone(), self.address.clone(), self.login.clone()]
    }
}

/// Parses `HUYING_TRUSTED_PROXIES`: addresses or CIDR ranges, comma-separated.
pub fn parse_proxies(text: &str) -> Result<Vec<IpNet>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an IP address or CIDR range"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn addr(peer: &str, xff: Option<&str>, trusted: &str) -> String {
        let mut req = TestRequest::default().peer_addr(format!("{peer}:4000").parse().unwrap());
        if let Some(xff) = xff {
            req = req.insert_header(("x-forwarded-for", xff));
        }
        client_address(&req.to_http_request(), &parse_proxies(trusted).unwrap())
    }

    #[test]
    fn forwarded_for_counts_only_behind_trusted_proxies() {
        assert_eq!(addr("10.0.0.2", Some("203.0.113.9"), ""), "10.0.0.2");
        assert_eq!(
            addr("10.0.0.2", Some("203.0.113.9"), "10.0.0.0/8"),
            "203.0.113.9"
        );
        // A client cannot hide behind an entry it wrote itself.
        assert_eq!(
            addr(
                "10.0.0.2",
                Some("1.1.1.1, 203.0.113.9, 10.0.0.7"),
                "10.0.0.0/8"
            ),
            "203.0.113.9"
        );
        assert_eq!(
            addr("192.0.2.1", Some("203.0.113.9"), "10.0.0.0/8"),
            "192.0.2.1"
        );
        assert_eq!(addr("10.0.0.2", Some("garbage"), "10.0.0.2"), "10.0.0.2");
        assert_eq!(addr("10.0.0.2", None, "10.0.0.2"), "10.0.0.2");
        assert!(parse_proxies("10.0.0.1, ::1, 192.168.0.0/16").is_ok());
        assert!(parse_proxies("nope").is_err());
    }
}
