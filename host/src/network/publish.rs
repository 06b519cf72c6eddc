//! Publishing a guest's server on the host: connections to a port of the host's real
//! loopback are forwarded, through the kernel's socket table, to a guest listener (CLI
//! `--publish HOST_PORT:GUEST_PORT`, and
//! [`NodeRuntime::publish`](crate::NodeRuntime::publish)).

use super::socket_io::SocketIo;
use crate::error::{Error, Result};
use secure_exec_kernel::Kernel;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// How long forwarding pauses after a failed accept (typically the host out of
/// descriptors) instead of retrying in a busy loop.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(100);
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

/// A published port. Dropping it closes the host port and every forwarded connection.
pub struct PublishedPort {
    address: SocketAddr,
    forwarding: JoinHandle<()>,
}

impl PublishedPort {
    /// The host address that forwards (port 0 asks for a free one).
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for PublishedPort {
    fn drop(&mut self) {
        self.forwarding.abort();
    }
}

/// Listens on the host's `127.0.0.1:host_port` and forwards each connection to the guest
/// listener on `guest_port`. A connection while no guest listens is closed at once.
pub async fn publish(
    kernel: Arc<Kernel>,
    host_port: u16,
    guest_port: u16,
) -> Result<PublishedPort> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, host_port))
        .await
        .map_err(|source| Error::Publish { host_port, source })?;
    let address = listener
        .local_addr()
        .map_err(|source| Error::Publish { host_port, source })?;
    let forwarding = tokio::spawn(async move {
        // Owned by this task, so aborting it aborts every connection too.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let mut client = match accepted {
                        Ok((client, _)) => client,
                        Err(error) => {
                            // Out of descriptors, most likely: wait for some to close.
                            tracing::warn!(%error, host_port = address.port(), "publish: accept failed");
                            tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                            continue;
                        }
                    };
                    let Ok(socket) = kernel.net().connect_local(guest_port) else {
                        continue;
                    };
                    let _ = client.set_nodelay(true);
                    connections.spawn(async move {
                        let mut guest_io = SocketIo(Arc::new(socket));
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut guest_io).await;
                    });
                }
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    });
    Ok(PublishedPort {
        address,
        forwarding,
    })
}
