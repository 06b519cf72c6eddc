//! The real network, as the embedder provides it. The kernel decides *whether* a guest may
//! leave the virtual loopback (the permissions); an implementation of [`HostNetwork`]
//! decides *how* (the host crate's uses tokio and rustls). Kernels made without one have
//! [`NoHostNetwork`]: every egress fails as if the host were offline.

use super::stream::StreamSocket;
use crate::errno::{Errno, KernelResult};
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;

pub type ResolveFuture = Pin<Box<dyn Future<Output = KernelResult<Vec<IpAddr>>> + Send>>;

pub trait HostNetwork: Send + Sync {
    /// Connects to `destination` (wrapped in TLS, verifying the server certificate for
    /// `tls_server_name`, when that is given), records the outcome with
    /// [`StreamSocket::settle`] on `host_end`, then moves bytes between `host_end` and the
    /// real connection until both directions end or the guest's end is closed
    /// ([`StreamSocket::poll_peer_closed`]). Must not block: the work runs in the
    /// background.
    fn connect(
        &self,
        destination: SocketAddr,
        tls_server_name: Option<String>,
        host_end: StreamSocket,
    );

    /// The addresses of `host` from the host's resolver.
    fn resolve(&self, host: String) -> ResolveFuture;

    /// Whether `address` is one of the host's own (its interfaces' addresses): services
    /// there are the host's loopback by another name, so they are closed like private
    /// ranges unless a rule names them.
    fn is_own_address(&self, address: IpAddr) -> bool;
}

/// A host without a network: connections fail with `ENETUNREACH`, names with `ENOTFOUND`.
pub struct NoHostNetwork;

impl HostNetwork for NoHostNetwork {
    fn connect(&self, _destination: SocketAddr, _tls: Option<String>, host_end: StreamSocket) {
        host_end.settle(Err(Errno::ENETUNREACH));
    }

    fn resolve(&self, _host: String) -> ResolveFuture {
        Box::pin(async { Err(Errno::ENOTFOUND) })
    }

    fn is_own_address(&self, _address: IpAddr) -> bool {
        false
    }
}
