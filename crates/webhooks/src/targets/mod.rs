//! Which webhook URLs Polyfin is willing to call.
//!
//! A tenant chooses the URL, so without a rule a tenant could make our worker call
//! loopback services, the cloud metadata endpoint or anything on the private network.
//! Two checks, both pure:
//!
//! 1. [`TargetPolicy::check_url`] when the URL is set and again before each delivery:
//!    `http`/`https` only, and an IP-literal host or an internal-looking name is refused
//!    unless an allow rule admits it. The URL is parsed with the WHATWG parser of the
//!    `url` crate, the same one reqwest uses, so `http://2130706433/`, `http://0x7f.1/`
//!    and `http://good.com@127.0.0.1/` are judged by the address the client would connect to.
//! 2. [`TargetPolicy::check_resolved`] after DNS, on every resolved address, so a public
//!    name pointing at 10.0.0.1 is refused too. The worker must then connect to one of
//!    the addresses it checked (e.g. reqwest's `resolve`), not resolve again, or a
//!    rebinding DNS server could answer differently the second time.
//!
//! Allow rules are how tests (`http://127.0.0.1:PORT/`) and deliberate internal
//! deployments opt in: an exact host name, an IP address, or a CIDR.

mod ip;

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
use url::{Host, Url};

pub use ip::{classify, AddressClass};

/// Longest accepted URL. Plaid documents no limit; this one keeps a hostile tenant from
/// storing megabytes in a column that is logged on every failure.
pub const MAX_URL_LEN: usize = 2048;

/// Suffixes (and whole names) that only resolve inside someone's network.
const INTERNAL_SUFFIXES: [&str; 9] = [
    "localhost",
    "local",
    "internal",
    "localdomain",
    "home.arpa",
    "lan",
    "intranet",
    "corp",
    "private",
];

impl fmt::Display for AddressClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a webhook URL or its resolved addresses were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("the URL is longer than {MAX_URL_LEN} characters")]
    TooLong,
    #[error("not a valid URL: {0}")]
    Invalid(String),
    #[error("scheme {0:?} is not http or https")]
    Scheme(String),
    #[error("the URL has no host")]
    MissingHost,
    #[error("{host} is a {class} address")]
    ForbiddenAddress { host: String, class: AddressClass },
    #[error("{0} is an internal host name")]
    InternalHost(String),
    #[error("{0} resolved to no addresses")]
    Unresolved(String),
    #[error("invalid allow rule {0:?}")]
    InvalidRule(String),
}

/// A URL that passed [`TargetPolicy::check_url`]. Deliver to [`url`](Self::url), the
/// parsed form, never to the string the tenant typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    url: Url,
    /// True when an exact host rule admitted the name, so resolved addresses are trusted.
    host_allowed: bool,
}

impl WebhookTarget {
    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// Whether the worker must resolve the host and pass the answers to
    /// [`TargetPolicy::check_resolved`] before connecting.
    pub fn needs_resolution(&self) -> bool {
        matches!(self.url.host(), Some(Host::Domain(_))) && !self.host_allowed
    }
}

/// The allow-list. The default admits nothing internal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetPolicy {
    hosts: Vec<String>,
    networks: Vec<IpNet>,
}

impl TargetPolicy {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse configuration rules: `"127.0.0.0/8"`, `"::1"`, `"127.0.0.1"` (one address)
    /// or `"hooks.corp.example"` (one exact host name; no wildcards, on purpose).
    pub fn from_rules<I, S>(rules: I) -> Result<Self, TargetError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        rules
            .into_iter()
            .try_fold(Self::new(), |policy, rule| policy.with_rule(rule.as_ref()))
    }

    /// Add one rule in the [`from_rules`](Self::from_rules) syntax.
    pub fn with_rule(mut self, rule: &str) -> Result<Self, TargetError> {
        let rule = rule.trim();
        let invalid = || TargetError::InvalidRule(rule.to_owned());
        if let Ok(net) = rule.parse::<IpNet>() {
            self.networks.push(net.trunc());
        } else if let Ok(addr) = rule.trim_matches(['[', ']']).parse::<IpAddr>() {
            self.networks.push(IpNet::from(addr));
        } else {
            match Host::parse(rule).map_err(|_| invalid())? {
                Host::Domain(name) if !name.is_empty() => self.hosts.push(normalise_name(&name)),
                Host::Domain(_) => return Err(invalid()),
                Host::Ipv4(v4) => self.networks.push(IpNet::from(IpAddr::V4(v4))),
                Host::Ipv6(v6) => self.networks.push(IpNet::from(IpAddr::V6(v6))),
            }
        }
        Ok(self)
    }

    /// Check a webhook URL before storing it and before each delivery.
    pub fn check_url(&self, raw: &str) -> Result<WebhookTarget, TargetError> {
        if raw.len() > MAX_URL_LEN {
            return Err(TargetError::TooLong);
        }
        let url = Url::parse(raw.trim()).map_err(|e| TargetError::Invalid(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(TargetError::Scheme(url.scheme().to_owned()));
        }
        let host_allowed = match url.host().ok_or(TargetError::MissingHost)? {
            Host::Ipv4(v4) => self.check_ip(IpAddr::V4(v4)).map(|()| false)?,
            Host::Ipv6(v6) => self.check_ip(IpAddr::V6(v6)).map(|()| false)?,
            Host::Domain(name) => self.check_name(name)?,
        };
        Ok(WebhookTarget { url, host_allowed })
    }

    /// Check the addresses DNS returned for `target`'s host. Every one must pass, since
    /// the HTTP client may use any of them.
    pub fn check_resolved(
        &self,
        target: &WebhookTarget,
        resolved: &[IpAddr],
    ) -> Result<(), TargetError> {
        if target.host_allowed {
            return Ok(());
        }
        // An IP literal is not resolved: judge the literal, whatever list came with it.
        match target.url.host() {
            Some(Host::Ipv4(v4)) => return self.check_ip(IpAddr::V4(v4)),
            Some(Host::Ipv6(v6)) => return self.check_ip(IpAddr::V6(v6)),
            _ => {}
        }
        let host = target.url.host_str().unwrap_or_default();
        if resolved.is_empty() {
            return Err(TargetError::Unresolved(host.to_owned()));
        }
        resolved.iter().try_for_each(|ip| self.check_ip(*ip))
    }

    /// `Ok(true)` when an exact host rule admits the name.
    fn check_name(&self, name: &str) -> Result<bool, TargetError> {
        let name = normalise_name(name);
        if self.hosts.contains(&name) {
            return Ok(true);
        }
        // A name the WHATWG parser left as a domain but a resolver would read as an
        // address (it should not happen; this is the belt to `url`'s braces).
        if let Ok(ip) = name.parse::<IpAddr>() {
            return self.check_ip(ip).map(|()| false);
        }
        let internal = !name.contains('.')
            || INTERNAL_SUFFIXES
                .iter()
                .any(|suffix| name == *suffix || name.ends_with(&format!(".{suffix}")));
        if internal {
            return Err(TargetError::InternalHost(name));
        }
        Ok(false)
    }

    fn check_ip(&self, ip: IpAddr) -> Result<(), TargetError> {
        let Some(class) = classify(ip) else {
            return Ok(());
        };
        // Match the address as written and its IPv4 form, so a `127.0.0.0/8` rule also
        // admits `[::ffff:127.0.0.1]`: same destination, same decision.
        let candidates = [ip, ip.to_canonical()];
        let admitted = self.networks.iter().any(|net| {
            let exact = net.prefix_len() == net.max_prefix_len();
            (class != AddressClass::Metadata || exact) && candidates.iter().any(|c| net.contains(c))
        });
        if admitted {
            Ok(())
        } else {
            Err(TargetError::ForbiddenAddress {
                host: ip.to_string(),
                class,
            })
        }
    }
}

/// Lowercase and without the trailing root dot, so `LocalHost.` and `localhost` are
/// one name for both the allow-list and the internal-name rule.
fn normalise_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}
