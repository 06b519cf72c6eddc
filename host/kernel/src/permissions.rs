//! The runtime's permission policy, checked by the kernel on every operation it governs.
//!
//! [`Permissions::default`] is the secure default of the seed: file system, child processes,
//! process control and environment allowed; network denied. Embedders change fields of the
//! default (`Permissions { network: NetworkPolicy::Allow, ..Default::default() }`), which is
//! the Rust form of the seed's "merged over the secure default".

use crate::errno::{Errno, KernelResult};
use std::collections::BTreeSet;
use std::net::IpAddr;

/// An all-or-nothing capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    #[default]
    Allow,
    Deny,
}

/// What guests may do with the virtual file system.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FsPolicy {
    #[default]
    Allow,
    Deny,
    /// Reads anywhere, writes nowhere.
    ReadOnly,
    /// Only paths under the listed prefixes, each readable and optionally writable.
    Rules(Vec<FsRule>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsRule {
    /// An absolute virtual path; the rule covers it and everything below it.
    pub path: String,
    pub write: bool,
}

/// Which host-provided environment variables a guest may see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EnvPolicy {
    #[default]
    Allow,
    Deny,
    /// Only these names.
    Only(BTreeSet<String>),
}

/// Network egress beyond the kernel's virtual loopback (which is always open).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum NetworkPolicy {
    /// Any public address. Private, loopback and link-local ranges stay closed unless a
    /// rule names them.
    Allow,
    #[default]
    Deny,
    /// Only destinations a rule covers.
    Rules(Vec<NetRule>),
}

/// One destination a guest may reach: a host name or an address range, and optionally
/// one port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetRule {
    pub host: HostPattern,
    /// `None` covers every port.
    pub port: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPattern {
    /// A host name, matched without case; `*.example.com` covers its subdomains. Only the
    /// addresses the kernel's resolver returned for a covered name are reachable, and never
    /// private ones.
    Name(String),
    /// Addresses in `address/prefix` (a single address has the full prefix). This is how a
    /// rule opens a private range.
    Network { address: IpAddr, prefix: u8 },
}

impl std::str::FromStr for NetRule {
    type Err = String;

    /// `example.com`, `example.com:443`, `*.example.com`, `10.0.0.0/8`, `10.0.0.0/8:5432`,
    /// `127.0.0.1:8080`, `[::1]:80`, `fd00::/8`.
    fn from_str(text: &str) -> Result<Self, String> {
        let invalid = || {
            format!("invalid network rule {text:?}: expected HOST, HOST:PORT, CIDR or CIDR:PORT")
        };
        let (host, port) = split_port(text).ok_or_else(invalid)?;
        let host = if let Some((address, prefix)) = host.split_once('/') {
            let address: IpAddr = address.parse().map_err(|_| invalid())?;
            let max = if address.is_ipv4() { 32 } else { 128 };
            let prefix: u8 = prefix
                .parse()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(invalid)?;
            HostPattern::Network { address, prefix }
        } else if let Ok(address) = host.parse::<IpAddr>() {
            let prefix = if address.is_ipv4() { 32 } else { 128 };
            HostPattern::Network { address, prefix }
        } else if !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.*".contains(c))
        {
            HostPattern::Name(host.to_ascii_lowercase())
        } else {
            return Err(invalid());
        };
        Ok(NetRule { host, port })
    }
}

/// Splits `HOST[:PORT]`, where an IPv6 host with a port is bracketed (`[::1]:80`) and a
/// bare IPv6 address or range has no port.
fn split_port(text: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some((host, port));
    }
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => Some((host, Some(port.parse().ok()?))),
        _ => Some((text, None)),
    }
}

impl NetRule {
    fn covers_port(&self, port: u16) -> bool {
        self.port.is_none_or(|p| p == port)
    }
}

/// A destination a guest asks the host to dial, as the permission check sees it.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub address: IpAddr,
    pub port: u16,
    /// The names the kernel's resolver turned into `address`.
    pub resolved_from: &'a [String],
    /// The name a TLS connection will verify (and send as SNI). Under name rules it must
    /// be covered too, so an allowed name's address cannot front for another site.
    pub tls_server_name: Option<&'a str>,
    /// `address` is one of the host's own: its services are the host's loopback by
    /// another name, so it is closed like the private ranges.
    pub host_own: bool,
}

/// Whether `pattern` (`example.com` or `*.example.com`) covers the host name `name`.
fn name_matches(pattern: &str, name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(suffix) => name
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.')),
        None => name == pattern,
    }
}

/// The kind of file system access an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsAccess {
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    pub fs: FsPolicy,
    pub network: NetworkPolicy,
    pub child_process: Access,
    pub process: Access,
    pub env: EnvPolicy,
    /// Host tools; `None` means "granted when tools are registered", as in the seed.
    pub tools: Option<Access>,
}

impl Permissions {
    /// `EACCES` unless the policy lets a guest perform `access` on the absolute `path`.
    pub fn check_fs(&self, access: FsAccess, path: &str) -> KernelResult<()> {
        let allowed = match &self.fs {
            FsPolicy::Allow => true,
            FsPolicy::Deny => false,
            FsPolicy::ReadOnly => access == FsAccess::Read,
            FsPolicy::Rules(rules) => rules
                .iter()
                .any(|rule| covers(&rule.path, path) && (access == FsAccess::Read || rule.write)),
        };
        if allowed { Ok(()) } else { Err(Errno::EACCES) }
    }

    /// `EACCES` unless a guest may ask the host's resolver for `name` (a guest could
    /// otherwise leak data through the names it looks up).
    pub fn check_resolve(&self, name: &str) -> KernelResult<()> {
        let allowed = match &self.network {
            NetworkPolicy::Allow => true,
            NetworkPolicy::Deny => false,
            NetworkPolicy::Rules(rules) => rules.iter().any(|rule| match &rule.host {
                HostPattern::Name(pattern) => name_matches(pattern, name),
                HostPattern::Network { .. } => false,
            }),
        };
        if allowed { Ok(()) } else { Err(Errno::EACCES) }
    }

    /// `EACCES` unless a guest may connect through the host to `destination`.
    pub fn check_connect(&self, destination: &Destination<'_>) -> KernelResult<()> {
        let address = destination.address.to_canonical();
        let special = destination.host_own || crate::net::address::is_special(address);
        let allowed = match &self.network {
            NetworkPolicy::Allow => !special,
            NetworkPolicy::Deny => false,
            NetworkPolicy::Rules(rules) => rules
                .iter()
                .filter(|rule| rule.covers_port(destination.port))
                .any(|rule| match &rule.host {
                    HostPattern::Network {
                        address: network,
                        prefix,
                    } => crate::net::address::in_network(address, *network, *prefix),
                    HostPattern::Name(pattern) => {
                        let covered = |name: &str| name_matches(pattern, name);
                        !special
                            && destination.resolved_from.iter().any(|name| covered(name))
                            && destination.tls_server_name.is_none_or(covered)
                    }
                }),
        };
        if allowed { Ok(()) } else { Err(Errno::EACCES) }
    }

    /// Whether a rule names hosts, so the addresses names resolve to must be remembered.
    pub fn has_name_rules(&self) -> bool {
        match &self.network {
            NetworkPolicy::Rules(rules) => rules
                .iter()
                .any(|rule| matches!(rule.host, HostPattern::Name(_))),
            NetworkPolicy::Allow | NetworkPolicy::Deny => false,
        }
    }

    /// Whether a guest may see the environment variable `name`.
    pub fn env_visible(&self, name: &str) -> bool {
        match &self.env {
            EnvPolicy::Allow => true,
            EnvPolicy::Deny => false,
            EnvPolicy::Only(names) => names.contains(name),
        }
    }
}

fn covers(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_default_denies_network_only() {
        let p = Permissions::default();
        assert_eq!(p.network, NetworkPolicy::Deny);
        assert_eq!(p.child_process, Access::Allow);
        assert!(p.check_fs(FsAccess::Write, "/x").is_ok());
        assert!(p.env_visible("HOME"));
    }

    #[test]
    fn fs_rules_cover_whole_components() {
        let p = Permissions {
            fs: FsPolicy::Rules(vec![
                FsRule {
                    path: "/data".into(),
                    write: false,
                },
                FsRule {
                    path: "/tmp".into(),
                    write: true,
                },
            ]),
            ..Default::default()
        };
        assert!(p.check_fs(FsAccess::Read, "/data/a").is_ok());
        assert_eq!(p.check_fs(FsAccess::Write, "/data/a"), Err(Errno::EACCES));
        assert_eq!(p.check_fs(FsAccess::Read, "/database"), Err(Errno::EACCES));
        assert!(p.check_fs(FsAccess::Write, "/tmp/x").is_ok());
        let ro = Permissions {
            fs: FsPolicy::ReadOnly,
            ..Default::default()
        };
        assert_eq!(ro.check_fs(FsAccess::Write, "/a"), Err(Errno::EACCES));
    }

    #[test]
    fn network_rules_check_resolved_addresses() {
        let rules: Vec<NetRule> = ["api.example.com:443", "*.cdn.test", "10.1.0.0/16:5432"]
            .iter()
            .map(|r| r.parse().unwrap())
            .collect();
        let p = Permissions {
            network: NetworkPolicy::Rules(rules),
            ..Default::default()
        };
        let api = ["api.example.com".to_string()];
        let to = |address: &str, port, resolved_from| Destination {
            address: address.parse().unwrap(),
            port,
            resolved_from,
            tls_server_name: None,
            host_own: false,
        };
        assert!(p.has_name_rules());
        assert!(p.check_resolve("API.example.com").is_ok());
        assert!(p.check_resolve("img.cdn.test").is_ok());
        assert_eq!(p.check_resolve("cdn.test"), Err(Errno::EACCES));
        assert_eq!(p.check_resolve("evil.test"), Err(Errno::EACCES));
        assert!(p.check_connect(&to("93.184.216.34", 443, &api)).is_ok());
        assert_eq!(
            p.check_connect(&to("93.184.216.34", 80, &api)),
            Err(Errno::EACCES)
        );
        assert_eq!(
            p.check_connect(&to("93.184.216.34", 443, &[])),
            Err(Errno::EACCES)
        );
        // A covered name that resolves to a private address (rebinding) stays closed.
        assert_eq!(
            p.check_connect(&to("10.1.2.3", 443, &api)),
            Err(Errno::EACCES)
        );
        assert!(p.check_connect(&to("10.1.2.3", 5432, &[])).is_ok());
        // TLS to another name on an allowed name's address (fronting) stays closed.
        let fronted = Destination {
            tls_server_name: Some("other.example.org"),
            ..to("93.184.216.34", 443, &api)
        };
        assert_eq!(p.check_connect(&fronted), Err(Errno::EACCES));
        let allow = Permissions {
            network: NetworkPolicy::Allow,
            ..Default::default()
        };
        assert!(!allow.has_name_rules());
        assert!(allow.check_connect(&to("93.184.216.34", 80, &[])).is_ok());
        assert_eq!(
            allow.check_connect(&to("169.254.169.254", 80, &[])),
            Err(Errno::EACCES)
        );
        assert_eq!(
            allow.check_connect(&to("::ffff:10.0.0.1", 80, &[])),
            Err(Errno::EACCES)
        );
        let own = Destination {
            host_own: true,
            ..to("93.184.216.34", 80, &[])
        };
        assert_eq!(allow.check_connect(&own), Err(Errno::EACCES));
        assert_eq!(
            Permissions::default().check_resolve("example.com"),
            Err(Errno::EACCES)
        );
        assert!("[::1]:80".parse::<NetRule>().is_ok());
        assert!("fd00::/8".parse::<NetRule>().is_ok());
        assert!("bad host".parse::<NetRule>().is_err());
        assert!("10.0.0.0/40".parse::<NetRule>().is_err());
    }

    #[test]
    fn env_policy_filters_names() {
        let p = Permissions {
            env: EnvPolicy::Only(["A".to_string()].into_iter().collect()),
            ..Default::default()
        };
        assert!(p.env_visible("A"));
        assert!(!p.env_visible("B"));
    }
}
