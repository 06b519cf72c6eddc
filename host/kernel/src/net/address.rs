//! Socket addresses, which addresses are the kernel's own loopback, and which must never
//! be reached through the host without a rule that names them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Where a stream socket or listener is: an IP address and port, or a Unix-domain
/// socket's path (`None` for the unnamed end a client connects from, as on Linux).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SocketAddress {
    Inet(SocketAddr),
    Unix(Option<Arc<str>>),
}

impl SocketAddress {
    /// The IP address and port, for a TCP socket.
    pub fn inet(&self) -> Option<SocketAddr> {
        match self {
            SocketAddress::Inet(address) => Some(*address),
            SocketAddress::Unix(_) => None,
        }
    }
}

impl From<SocketAddr> for SocketAddress {
    fn from(address: SocketAddr) -> Self {
        SocketAddress::Inet(address)
    }
}

/// Whether a connection to `ip` stays inside the kernel: the loopback networks, and the
/// unspecified addresses, which Linux also treats as "this host" when connecting.
pub fn is_virtual_loopback(ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    ip.is_loopback() || ip.is_unspecified()
}

/// The address a connection to `ip` reports as its peer: the unspecified address becomes
/// the loopback of its family.
pub fn canonical_loopback(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    }
}

/// The loopback address of `ip`'s family (a connecting socket's local address).
pub fn loopback_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
    }
}

/// The unspecified address of `ip`'s family (the local address of a host connection, which
/// does not reveal the host's real one).
pub fn unspecified_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}

/// Whether `ip` is in a range that is not the public internet: loopback, private,
/// carrier-grade NAT, link-local (cloud metadata lives at 169.254.169.254), multicast,
/// documentation and reserved ranges. Egress to these needs a rule that names them, even
/// when the network is otherwise allowed.
pub fn is_special(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => is_special_v4(v4),
        IpAddr::V6(v6) => is_special_v6(v6),
    }
}

fn is_special_v4(ip: Ipv4Addr) -> bool {
    const RANGES: &[([u8; 4], u8)] = &[
        ([0, 0, 0, 0], 8),
        ([10, 0, 0, 0], 8),
        ([100, 64, 0, 0], 10),
        ([127, 0, 0, 0], 8),
        ([169, 254, 0, 0], 16),
        ([172, 16, 0, 0], 12),
        ([192, 0, 0, 0], 24),
        ([192, 0, 2, 0], 24),
        ([192, 168, 0, 0], 16),
        ([198, 18, 0, 0], 15),
        ([198, 51, 100, 0], 24),
        ([203, 0, 113, 0], 24),
        ([224, 0, 0, 0], 4),
        ([240, 0, 0, 0], 4),
    ];
    RANGES
        .iter()
        .any(|(network, prefix)| in_network(IpAddr::V4(ip), IpAddr::V4((*network).into()), *prefix))
}

fn is_special_v6(ip: Ipv6Addr) -> bool {
    const RANGES: &[(Ipv6Addr, u8)] = &[
        (Ipv6Addr::LOCALHOST, 128),
        // Unique local (fc00::/7), link-local (fe80::/10), multicast (ff00::/8).
        (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),
        (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),
        (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),
        // Forms that embed or tunnel IPv4 addresses, which may be private ones:
        // IPv4-compatible (::/96), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48),
        // 6to4 (2002::/16) and Teredo (2001::/32).
        (Ipv6Addr::UNSPECIFIED, 96),
        (Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96),
        (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48),
        (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16),
        (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 32),
        // Site-local (fec0::/10, deprecated but routed by some networks), discard-only
        // (100::/64) and documentation (2001:db8::/32).
        (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10),
        (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64),
        (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32),
    ];
    RANGES
        .iter()
        .any(|(network, prefix)| in_network(IpAddr::V6(ip), IpAddr::V6(*network), *prefix))
}

/// Whether `ip` lies in `network/prefix` (families must match).
pub fn in_network(ip: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            u32::from(ip) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            u128::from(ip) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

/// Whether a socket bound to `bound` receives what is sent to `destination` (same port):
/// the same address, or a wildcard bind (`::` also takes IPv4, as Linux's dual stack does).
pub fn accepts(bound: SocketAddr, destination: SocketAddr) -> bool {
    let bound_ip = bound.ip();
    let destination_ip = canonical_loopback(destination.ip().to_canonical());
    match bound_ip {
        IpAddr::V6(v6) if v6.is_unspecified() => true,
        IpAddr::V4(v4) if v4.is_unspecified() => destination_ip.is_ipv4(),
        _ => bound_ip == destination_ip,
    }
}

/// Whether two binds on one port collide: the same address, or either is a wildcard.
pub fn overlaps(a: IpAddr, b: IpAddr) -> bool {
    a == b || a.is_unspecified() || b.is_unspecified()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn special_ranges() {
        for special in [
            "10.1.2.3",
            "127.0.0.1",
            "169.254.169.254",
            "172.31.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "::7f00:1",
            "2002:a00:1::1",
            "fec0::1",
        ] {
            assert!(is_special(ip(special)), "{special}");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(!is_special(ip(public)), "{public}");
        }
    }

    #[test]
    fn wildcard_binds_accept_their_families() {
        let any4: SocketAddr = "0.0.0.0:80".parse().unwrap();
        let any6: SocketAddr = "[::]:80".parse().unwrap();
        let v4: SocketAddr = "127.0.0.1:80".parse().unwrap();
        let v6: SocketAddr = "[::1]:80".parse().unwrap();
        assert!(accepts(any4, v4));
        assert!(!accepts(any4, v6));
        assert!(accepts(any6, v4));
        assert!(accepts(v4, "0.0.0.0:80".parse().unwrap()));
        assert!(!accepts(v4, v6));
        assert!(accepts(any4, "[::ffff:127.0.0.1]:80".parse().unwrap()));
        assert!(in_network(ip("10.9.8.7"), ip("10.0.0.0"), 8));
        assert!(!in_network(ip("11.0.0.1"), ip("10.0.0.0"), 8));
    }
}
