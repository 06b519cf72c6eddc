//! The socket table: TCP and UDP on the kernel's virtual loopback, Unix-domain stream
//! sockets, and the gate to the host's network.
//!
//! Guests in one runtime reach each other's listeners here without touching the host:
//! a connection is a pair of pipes ([`stream`]), a listener a bounded backlog
//! ([`listener`]), a UDP socket a bounded datagram queue ([`datagram`]). A destination
//! outside the loopback, or a loopback port nobody in the kernel listens on, may go to the
//! real network through the embedder's [`HostNetwork`] when the permissions allow it: the
//! check runs on the numeric address actually dialed ([`resolved_names`] ties addresses to
//! the names they came from), and `loopback_exempt_ports` open ports of the host's own
//! loopback even while the network is denied.
//!
//! Unix-domain sockets are named by absolute paths in a namespace of the kernel's own:
//! binding one does not put a socket file in the file system (the process's file system
//! view checks the path's directory, permissions and that no file is there first).
//!
//! Sockets live in open file descriptions ([`Socket`]), so descriptors, `poll` and
//! `spawn` treat them like pipes.

pub mod address;
pub mod datagram;
pub mod host_connections;
pub mod host_network;
pub mod listener;
pub mod resolved_names;
pub mod socket;
pub mod stream;

pub use address::SocketAddress;
pub use datagram::DatagramSocket;
pub use host_network::{HostNetwork, NoHostNetwork, ResolveFuture};
pub use listener::Listener;
pub use socket::Socket;
pub use stream::StreamSocket;

use crate::errno::{Errno, KernelResult};
use crate::permissions::{Destination, Permissions};
use crate::pipe::BufferBudget;
use crate::wait_queue::WaitQueue;
use host_connections::HostConnections;
use resolved_names::ResolvedNames;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::{Context, Poll};

/// Ports handed out for port 0 and for outgoing connections: Linux's default
/// `ip_local_port_range`, so guests see the numbers they would on Linux.
pub const EPHEMERAL_PORTS: std::ops::RangeInclusive<u16> = 32768..=60999;

pub struct SocketTable {
    state: Mutex<TableState>,
    permissions: Arc<Permissions>,
    loopback_exempt_ports: BTreeSet<u16>,
    host: Arc<dyn HostNetwork>,
    host_connections: HostConnections,
    buffers: Arc<BufferBudget>,
}

struct TableState {
    listeners: BTreeMap<u16, Vec<Weak<Listener>>>,
    /// Unix-domain listeners by path.
    unix_listeners: BTreeMap<Arc<str>, Weak<Listener>>,
    datagrams: BTreeMap<u16, Vec<Weak<DatagramSocket>>>,
    next_ephemeral: u16,
    resolved: ResolvedNames,
    /// Tasks waiting for a listener to appear (the host's `wait_for_listener`).
    listening: WaitQueue,
}

/// The live sockets of a port, dropping the entries of closed ones.
fn live<T>(entries: &mut Vec<Weak<T>>) -> Vec<Arc<T>> {
    entries.retain(|entry| entry.strong_count() > 0);
    entries.iter().filter_map(Weak::upgrade).collect()
}

impl SocketTable {
    pub fn new(
        permissions: Arc<Permissions>,
        loopback_exempt_ports: BTreeSet<u16>,
        host: Arc<dyn HostNetwork>,
        buffers: Arc<BufferBudget>,
    ) -> Self {
        SocketTable {
            state: Mutex::new(TableState {
                listeners: BTreeMap::new(),
                unix_listeners: BTreeMap::new(),
                datagrams: BTreeMap::new(),
                next_ephemeral: *EPHEMERAL_PORTS.start(),
                resolved: ResolvedNames::default(),
                listening: WaitQueue::default(),
            }),
            permissions,
            loopback_exempt_ports,
            host,
            host_connections: HostConnections::default(),
            buffers,
        }
    }

    fn lock(&self) -> MutexGuard<'_, TableState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Listens on `address` (a loopback or wildcard address; port 0 picks one).
    /// `EADDRINUSE` when a listener already holds an overlapping address and port, unless
    /// both set `reuse_port` for the same address; `EADDRNOTAVAIL` for an address that is
    /// not the loopback.
    pub fn listen(
        &self,
        address: SocketAddr,
        backlog: usize,
        reuse_port: bool,
    ) -> KernelResult<Arc<Listener>> {
        check_bindable(address.ip())?;
        let mut state = self.lock();
        let port = match address.port() {
            0 => state.free_port(|state, port| {
                state
                    .listeners
                    .get_mut(&port)
                    .is_some_and(|e| !live(e).is_empty())
            })?,
            port => port,
        };
        let entries = state.listeners.entry(port).or_default();
        let ip_of = |l: &Listener| l.local_address().inet().map(|bound| bound.ip());
        let shares = |l: &Listener| reuse_port && l.reuse_port() && ip_of(l) == Some(address.ip());
        if live(entries)
            .iter()
            .any(|l| ip_of(l).is_some_and(|ip| address::overlaps(ip, address.ip())) && !shares(l))
        {
            return Err(Errno::EADDRINUSE);
        }
        let address = SocketAddr::new(address.ip(), port);
        let listener = Arc::new(Listener::new(address.into(), backlog, reuse_port));
        entries.push(Arc::downgrade(&listener));
        state.listening.wake_all();
        Ok(listener)
    }

    /// Connects to `destination`. A kernel listener answers loopback destinations;
    /// anything else goes to the host if the permissions allow it. The socket comes back
    /// at once; a failure is its [`connect_result`](StreamSocket::connect_result):
    /// `ECONNREFUSED` (also for a loopback port nobody in the kernel listens on and the
    /// permissions do not open on the host), `EACCES` for a denied destination, `EMFILE`
    /// past [`MAX_HOST_CONNECTIONS`](host_connections::MAX_HOST_CONNECTIONS), ...
    pub fn connect(
        &self,
        destination: SocketAddr,
        tls_server_name: Option<String>,
    ) -> StreamSocket {
        let ip = destination.ip().to_canonical();
        let destination = SocketAddr::new(ip, destination.port());
        let local_port = self.lock().next_ephemeral();
        if address::is_virtual_loopback(ip) {
            let local = SocketAddr::new(address::loopback_of(ip), local_port);
            let peer = SocketAddr::new(address::canonical_loopback(ip), destination.port());
            let connected = match self.listener_for(peer) {
                // Guests cannot serve TLS, so nothing in the kernel would answer the handshake.
                Some(_) if tls_server_name.is_some() => Err(Errno::ENOTSUP),
                Some(listener) => self.connect_to(&listener, local.into(), peer.into()),
                None if self.opens_host_loopback(peer) => {
                    return self.connect_host(local, peer, tls_server_name);
                }
                None => Err(Errno::ECONNREFUSED),
            };
            return connected.unwrap_or_else(|errno| {
                StreamSocket::failed(local.into(), peer.into(), errno, &self.buffers)
            });
        }
        let local = SocketAddr::new(address::unspecified_of(ip), local_port);
        let resolved_from = self.lock().resolved.names_of(ip);
        let allowed = self.permissions.check_connect(&Destination {
            address: ip,
            port: destination.port(),
            resolved_from: &resolved_from,
            tls_server_name: tls_server_name.as_deref(),
            host_own: self.host.is_own_address(ip),
        });
        match allowed {
            Ok(()) => self.connect_host(local, destination, tls_server_name),
            Err(errno) => {
                StreamSocket::failed(local.into(), destination.into(), errno, &self.buffers)
            }
        }
    }

    /// Listens on the Unix-domain socket `path` (absolute; the caller has checked the file
    /// system side). `EADDRINUSE` while another listener holds the path.
    pub fn listen_unix(&self, path: &str, backlog: usize) -> KernelResult<Arc<Listener>> {
        let mut state = self.lock();
        state
            .unix_listeners
            .retain(|_, entry| entry.strong_count() > 0);
        if state.unix_listeners.contains_key(path) {
            return Err(Errno::EADDRINUSE);
        }
        let path: Arc<str> = path.into();
        let address = SocketAddress::Unix(Some(path.clone()));
        let listener = Arc::new(Listener::new(address, backlog, false));
        state.unix_listeners.insert(path, Arc::downgrade(&listener));
        Ok(listener)
    }

    /// Connects to the Unix-domain listener at `path`. The socket comes back at once; a
    /// failure is its `connect_result`: `ECONNREFUSED` when nobody listens there (or the
    /// backlog is full) and `file_exists` says something is at the path, else `ENOENT`.
    pub fn connect_unix(&self, path: &str, file_exists: bool) -> StreamSocket {
        let peer = SocketAddress::Unix(Some(path.into()));
        let local = SocketAddress::Unix(None);
        let listener = self.lock().unix_listeners.get(path).and_then(Weak::upgrade);
        let connected = match listener {
            Some(listener) => self.connect_to(&listener, local.clone(), peer.clone()),
            None if file_exists => Err(Errno::ECONNREFUSED),
            None => Err(Errno::ENOENT),
        };
        connected.unwrap_or_else(|errno| StreamSocket::failed(local, peer, errno, &self.buffers))
    }

    /// Connects to the kernel listener on loopback `port` (`127.0.0.1`, else `::1`), never
    /// the host: the host's own way into guest servers (`fetch`, `publish`).
    /// `ECONNREFUSED` when no guest listens there.
    pub fn connect_local(&self, port: u16) -> KernelResult<StreamSocket> {
        let local_port = self.lock().next_ephemeral();
        let loopbacks: [IpAddr; 2] = [Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()];
        let (listener, peer) = loopbacks
            .into_iter()
            .map(|ip| SocketAddr::new(ip, port))
            .find_map(|peer| Some((self.listener_for(peer)?, peer)))
            .ok_or(Errno::ECONNREFUSED)?;
        let local = SocketAddr::new(peer.ip(), local_port);
        self.connect_to(&listener, local.into(), peer.into())
    }

    /// A connection from `local` to `peer`, whose server end waits in `listener`'s backlog.
    fn connect_to(
        &self,
        listener: &Listener,
        local: SocketAddress,
        peer: SocketAddress,
    ) -> KernelResult<StreamSocket> {
        let (client, server) = stream::pair(local, peer, &self.buffers);
        listener.enqueue(server)?;
        Ok(client)
    }

    /// Whether a loopback destination nobody in the kernel listens on may go to the host's
    /// own loopback: an exempt port, or a rule naming the address.
    fn opens_host_loopback(&self, peer: SocketAddr) -> bool {
        self.loopback_exempt_ports.contains(&peer.port())
            || self
                .permissions
                .check_connect(&Destination {
                    address: peer.ip(),
                    port: peer.port(),
                    resolved_from: &[],
                    tls_server_name: None,
                    host_own: false,
                })
                .is_ok()
    }

    fn connect_host(
        &self,
        local: SocketAddr,
        destination: SocketAddr,
        tls_server_name: Option<String>,
    ) -> StreamSocket {
        let permit = match self.host_connections.acquire() {
            Ok(permit) => permit,
            Err(errno) => {
                return StreamSocket::failed(
                    local.into(),
                    destination.into(),
                    errno,
                    &self.buffers,
                );
            }
        };
        let (guest, host_end) =
            StreamSocket::pending(local.into(), destination.into(), permit, &self.buffers);
        self.host.connect(destination, tls_server_name, host_end);
        guest
    }

    /// The listener that takes connections to `destination`, if any. Listeners sharing a
    /// port (`reuse_port`) take turns: the one chosen moves to the back of the port's list.
    fn listener_for(&self, destination: SocketAddr) -> Option<Arc<Listener>> {
        let mut state = self.lock();
        let entries = state.listeners.get_mut(&destination.port())?;
        entries.retain(|entry| entry.strong_count() > 0);
        let (index, listener) = entries.iter().enumerate().find_map(|(index, entry)| {
            let listener = entry.upgrade()?;
            let bound = listener.local_address().inet()?;
            address::accepts(bound, destination).then_some((index, listener))
        })?;
        if listener.reuse_port() {
            let entry = entries.remove(index);
            entries.push(entry);
        }
        Some(listener)
    }

    /// Ready with the listener's address once a guest listens on `port`.
    pub fn poll_listener(&self, port: u16, cx: &mut Context<'_>) -> Poll<SocketAddr> {
        let mut state = self.lock();
        let found = state
            .listeners
            .get_mut(&port)
            .and_then(|e| live(e).into_iter().find_map(|l| l.local_address().inet()));
        match found {
            Some(address) => Poll::Ready(address),
            None => {
                state.listening.register(cx.waker());
                Poll::Pending
            }
        }
    }

    /// A UDP socket on `address` (port 0 picks one).
    pub fn bind_datagram(&self, address: SocketAddr) -> KernelResult<Arc<DatagramSocket>> {
        check_bindable(address.ip())?;
        let mut state = self.lock();
        let port = match address.port() {
            0 => state.free_port(|state, port| {
                state
                    .datagrams
                    .get_mut(&port)
                    .is_some_and(|e| !live(e).is_empty())
            })?,
            port => port,
        };
        let entries = state.datagrams.entry(port).or_default();
        if live(entries)
            .iter()
            .any(|d| address::overlaps(d.local_address().ip(), address.ip()))
        {
            return Err(Errno::EADDRINUSE);
        }
        let socket = Arc::new(DatagramSocket::new(SocketAddr::new(address.ip(), port)));
        entries.push(Arc::downgrade(&socket));
        Ok(socket)
    }

    /// Sends a datagram from `from` to `destination` on the virtual loopback. Datagrams
    /// to other hosts need the permissions (`EACCES`) and then a UDP path through the host,
    /// which the kernel does not have (`ENETUNREACH`).
    pub fn send_datagram(
        &self,
        from: &DatagramSocket,
        data: &[u8],
        destination: SocketAddr,
    ) -> KernelResult<()> {
        if data.len() > datagram::MAX_DATAGRAM_BYTES {
            return Err(Errno::EMSGSIZE);
        }
        let ip = destination.ip().to_canonical();
        let destination = SocketAddr::new(ip, destination.port());
        if !address::is_virtual_loopback(ip) {
            let resolved_from = self.lock().resolved.names_of(ip);
            self.permissions.check_connect(&Destination {
                address: ip,
                port: destination.port(),
                resolved_from: &resolved_from,
                tls_server_name: None,
                host_own: self.host.is_own_address(ip),
            })?;
            return Err(Errno::ENETUNREACH);
        }
        let receiver = {
            let mut state = self.lock();
            state
                .datagrams
                .get_mut(&destination.port())
                .and_then(|entries| {
                    live(entries)
                        .into_iter()
                        .find(|d| address::accepts(d.local_address(), destination))
                })
        };
        if let Some(receiver) = receiver {
            let mut sender = from.local_address();
            if sender.ip().is_unspecified() {
                sender.set_ip(address::loopback_of(destination.ip()));
            }
            receiver.deliver(data.to_vec(), sender);
        }
        Ok(())
    }

    /// The addresses of `host`, IPv4 first: numeric hosts as they are, `localhost` (and
    /// `*.localhost`) the loopback, other names from the host's resolver if the
    /// permissions allow asking it.
    pub async fn resolve(&self, host: &str) -> KernelResult<Vec<IpAddr>> {
        let host = host.trim_end_matches('.');
        if let Ok(ip) = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            return Ok(vec![ip]);
        }
        let lower = host.to_ascii_lowercase();
        if lower == "localhost" || lower.ends_with(".localhost") {
            return Ok(vec![Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()]);
        }
        self.permissions.check_resolve(&lower)?;
        let resolved = self.host.resolve(lower.clone()).await?;
        let mut addresses: Vec<IpAddr> = Vec::with_capacity(resolved.len());
        for ip in resolved.into_iter().map(|ip| ip.to_canonical()) {
            if !addresses.contains(&ip) {
                addresses.push(ip);
            }
        }
        addresses.sort_by_key(|ip| ip.is_ipv6());
        if self.permissions.has_name_rules() {
            self.lock().resolved.record(&lower, &addresses);
        }
        Ok(addresses)
    }
}

impl TableState {
    /// An ephemeral port that `taken` says is free; `EADDRINUSE` when every one is taken.
    fn free_port(&mut self, taken: impl Fn(&mut TableState, u16) -> bool) -> KernelResult<u16> {
        for _ in EPHEMERAL_PORTS {
            let port = self.next_ephemeral();
            let in_use = taken(self, port);
            if !in_use {
                return Ok(port);
            }
        }
        Err(Errno::EADDRINUSE)
    }

    fn next_ephemeral(&mut self) -> u16 {
        let port = self.next_ephemeral;
        self.next_ephemeral = if port >= *EPHEMERAL_PORTS.end() {
            *EPHEMERAL_PORTS.start()
        } else {
            port + 1
        };
        port
    }
}

/// Guests bind only the loopback and wildcard addresses: there is no other interface.
fn check_bindable(ip: IpAddr) -> KernelResult<()> {
    if address::is_virtual_loopback(ip) {
        Ok(())
    } else {
        Err(Errno::EADDRNOTAVAIL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permissions::{NetRule, NetworkPolicy};

    fn addr(text: &str) -> SocketAddr {
        text.parse().unwrap()
    }

    fn table(permissions: Permissions, exempt: &[u16]) -> SocketTable {
        SocketTable::new(
            Arc::new(permissions),
            exempt.iter().copied().collect(),
            Arc::new(NoHostNetwork),
            BufferBudget::new(crate::pipe::DEFAULT_BUFFER_BUDGET_BYTES),
        )
    }

    #[test]
    fn loopback_connections_reach_listeners() {
        let net = table(Permissions::default(), &[]);
        let listener = net.listen(addr("[::]:3000"), 8, false).unwrap();
        assert_eq!(
            net.listen(addr("127.0.0.1:3000"), 8, false).err(),
            Some(Errno::EADDRINUSE)
        );
        let client = net.connect(addr("127.0.0.1:3000"), None);
        assert_eq!(client.connect_result(), Ok(()));
        let server = listener.accept().unwrap();
        assert_eq!(listener.accept().err(), Some(Errno::EAGAIN));
        client.write(b"hi").unwrap();
        assert_eq!(server.read(10).unwrap(), b"hi");
        assert_eq!(server.peer_address(), Ok(client.local_address()));
        let local = client.local_address().inet().unwrap();
        assert!(EPHEMERAL_PORTS.contains(&local.port()));
        drop(listener);
        let refused = net.connect(addr("127.0.0.1:3000"), None);
        assert_eq!(refused.connect_result(), Err(Errno::ECONNREFUSED));
        assert!(net.listen(addr("127.0.0.1:3000"), 8, false).is_ok());
    }

    #[test]
    fn reuse_port_listeners_share_a_port_and_take_turns() {
        let net = table(Permissions::default(), &[]);
        let first = net.listen(addr("127.0.0.1:4000"), 8, true).unwrap();
        let second = net.listen(addr("127.0.0.1:4000"), 8, true).unwrap();
        let taken = Some(Errno::EADDRINUSE);
        assert_eq!(net.listen(addr("127.0.0.1:4000"), 8, false).err(), taken);
        assert_eq!(
            net.listen(addr("[::]:4000"), 8, true).err(),
            taken,
            "same address only"
        );
        for _ in 0..4 {
            assert_eq!(
                net.connect(addr("127.0.0.1:4000"), None).connect_result(),
                Ok(())
            );
        }
        let accepted = |l: &Listener| std::iter::from_fn(|| l.accept().ok()).count();
        assert_eq!((accepted(&first), accepted(&second)), (2, 2));
        drop(first);
        let client = net.connect(addr("127.0.0.1:4000"), None);
        assert_eq!(client.connect_result(), Ok(()));
        let server = second
            .accept()
            .expect("the survivor takes every connection");
        server.reset();
        assert_eq!(client.read(10).err(), Some(Errno::ECONNRESET));
    }

    #[test]
    fn unix_sockets_connect_by_path() {
        let net = table(Permissions::default(), &[]);
        let listener = net.listen_unix("/tmp/app.sock", 8).unwrap();
        assert_eq!(
            net.listen_unix("/tmp/app.sock", 8).err(),
            Some(Errno::EADDRINUSE)
        );
        let client = net.connect_unix("/tmp/app.sock", false);
        assert_eq!(client.connect_result(), Ok(()));
        let server = listener.accept().unwrap();
        client.write(b"hi").unwrap();
        assert_eq!(server.read(10).unwrap(), b"hi");
        assert_eq!(server.peer_address(), Ok(SocketAddress::Unix(None)));
        assert_eq!(
            server.local_address(),
            SocketAddress::Unix(Some("/tmp/app.sock".into()))
        );
        drop(listener);
        let refused = net.connect_unix("/tmp/app.sock", true);
        assert_eq!(refused.connect_result(), Err(Errno::ECONNREFUSED));
        let missing = net.connect_unix("/tmp/app.sock", false);
        assert_eq!(missing.connect_result(), Err(Errno::ENOENT));
        assert!(net.listen_unix("/tmp/app.sock", 8).is_ok());
    }

    #[test]
    fn full_backlogs_refuse_and_closed_listeners_reset() {
        let net = table(Permissions::default(), &[]);
        let listener = net.listen(addr("127.0.0.1:0"), 1, false).unwrap();
        let port = listener.local_address().inet().unwrap().port();
        assert!(EPHEMERAL_PORTS.contains(&port));
        let first = net.connect(addr(&format!("127.0.0.1:{port}")), None);
        let second = net.connect(addr(&format!("127.0.0.1:{port}")), None);
        assert_eq!(first.connect_result(), Ok(()));
        assert_eq!(second.connect_result(), Err(Errno::ECONNREFUSED));
        drop(listener);
        assert_eq!(first.read(1), Err(Errno::ECONNRESET));
    }

    #[test]
    fn egress_follows_the_permissions() {
        let denied = table(Permissions::default(), &[5432]);
        let outside = denied.connect(addr("93.184.216.34:80"), None);
        assert_eq!(outside.connect_result(), Err(Errno::EACCES));
        // No kernel listener on 8080: the loopback refuses rather than asking the host.
        let local = denied.connect(addr("127.0.0.1:8080"), None);
        assert_eq!(local.connect_result(), Err(Errno::ECONNREFUSED));
        // An exempt port goes to the host (which here has no network).
        let exempt = denied.connect(addr("127.0.0.1:5432"), None);
        assert_eq!(exempt.connect_result(), Err(Errno::ENETUNREACH));
        let allowed = table(
            Permissions {
                network: NetworkPolicy::Rules(vec![
                    "93.184.216.0/24:80".parse::<NetRule>().unwrap(),
                ]),
                ..Default::default()
            },
            &[],
        );
        let ruled = allowed.connect(addr("93.184.216.34:80"), None);
        assert_eq!(ruled.connect_result(), Err(Errno::ENETUNREACH));
        let other_port = allowed.connect(addr("93.184.216.34:443"), None);
        assert_eq!(other_port.connect_result(), Err(Errno::EACCES));
    }

    #[test]
    fn datagrams_reach_bound_sockets() {
        let net = table(Permissions::default(), &[]);
        let receiver = net.bind_datagram(addr("127.0.0.1:5353")).unwrap();
        let sender = net.bind_datagram(addr("0.0.0.0:0")).unwrap();
        net.send_datagram(&sender, b"ping", addr("127.0.0.1:5353"))
            .unwrap();
        let (data, from) = receiver.receive(100).unwrap();
        assert_eq!(data, b"ping");
        assert_eq!(
            from,
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), sender.local_address().port())
        );
        assert_eq!(receiver.receive(100).err(), Some(Errno::EAGAIN));
        let big = vec![0; datagram::MAX_DATAGRAM_BYTES + 1];
        assert_eq!(
            net.send_datagram(&sender, &big, addr("127.0.0.1:5353")),
            Err(Errno::EMSGSIZE)
        );
        assert_eq!(
            net.send_datagram(&sender, b"x", addr("8.8.8.8:53")),
            Err(Errno::EACCES)
        );
    }

    #[test]
    fn names_resolve_only_as_permitted() {
        let net = table(Permissions::default(), &[]);
        let run = |host: &'static str| {
            let future = net.resolve(host);
            let mut future = std::pin::pin!(future);
            let mut cx = Context::from_waker(std::task::Waker::noop());
            match future.as_mut().poll(&mut cx) {
                Poll::Ready(result) => result,
                Poll::Pending => panic!("resolving {host} waited"),
            }
        };
        assert_eq!(run("localhost").unwrap().len(), 2);
        assert_eq!(
            run("10.0.0.1").unwrap(),
            vec!["10.0.0.1".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(run("example.com"), Err(Errno::EACCES));
    }
}
