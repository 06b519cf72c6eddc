//! The real network behind the kernel's permission checks: TCP through tokio, TLS through
//! rustls (certificates verified against the Mozilla root store of `webpki-roots`), names
//! through the host's resolver. The kernel has already decided that a destination is
//! allowed when a call reaches here.

use super::socket_io::SocketIo;
use secure_exec_kernel::Errno;
use secure_exec_kernel::net::{HostNetwork, ResolveFuture, StreamSocket};
use std::future::poll_fn;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// How long a connection attempt (TLS handshake included) may take before the guest sees
/// `ETIMEDOUT`. Linux gives up after about two minutes of SYN retries; a sandboxed guest
/// should hear sooner.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the host's resolver may take before a lookup fails with `ENOTFOUND`.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(10);

static TLS: LazyLock<tokio_rustls::TlsConnector> = LazyLock::new(|| {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    tokio_rustls::TlsConnector::from(Arc::new(config))
});

/// Host lookups one runtime may have in flight: the host resolver blocks a thread per
/// lookup (and a timeout does not stop it), so this keeps a guest looking up names in a
/// loop from taking the host's blocking threads.
const MAX_CONCURRENT_LOOKUPS: usize = 8;

/// The host's network for one runtime.
pub struct TokioNetwork {
    /// Where connection tasks run (the runtime the `NodeRuntime` was made in).
    tokio: tokio::runtime::Handle,
    lookups: Arc<tokio::sync::Semaphore>,
    /// The host's interface addresses when the runtime was made.
    own_addresses: Vec<IpAddr>,
}

impl TokioNetwork {
    /// Must be called inside a tokio runtime, which then runs the connections.
    pub fn new() -> Self {
        let own_addresses = if_addrs::get_if_addrs()
            .map(|interfaces| interfaces.into_iter().map(|i| i.ip()).collect())
            .unwrap_or_default();
        TokioNetwork {
            tokio: tokio::runtime::Handle::current(),
            lookups: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_LOOKUPS)),
            own_addresses,
        }
    }
}

impl HostNetwork for TokioNetwork {
    fn connect(
        &self,
        destination: SocketAddr,
        tls_server_name: Option<String>,
        host_end: StreamSocket,
    ) {
        let guest = Arc::new(host_end);
        self.tokio.spawn(async move {
            let attempt = tokio::time::timeout(CONNECT_TIMEOUT, dial(destination, tls_server_name));
            let remote = tokio::select! {
                attempt = attempt => attempt.unwrap_or(Err(Errno::ETIMEDOUT)),
                // The guest closed its socket before the connection was made.
                () = poll_fn(|cx| guest.poll_peer_closed(cx)) => return,
            };
            match remote {
                Ok(remote) => {
                    guest.settle(Ok(()));
                    pump(guest, remote).await;
                }
                Err(errno) => guest.settle(Err(errno)),
            }
        });
    }

    fn resolve(&self, host: String) -> ResolveFuture {
        let lookups = self.lookups.clone();
        Box::pin(async move {
            let _slot = lookups.acquire().await.map_err(|_| Errno::ENOTFOUND)?;
            let lookup = tokio::net::lookup_host((host.as_str(), 0));
            match tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
                Ok(Ok(addresses)) => Ok(addresses.map(|a| a.ip()).collect()),
                Ok(Err(_)) | Err(_) => Err(Errno::ENOTFOUND),
            }
        })
    }

    fn is_own_address(&self, address: IpAddr) -> bool {
        self.own_addresses.contains(&address)
    }
}

/// A real connection or TLS session: what the pump moves the guest's bytes through.
trait Remote: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Remote for T {}

/// Connects to `destination`, and speaks TLS to `tls_server_name` over it when given.
async fn dial(
    destination: SocketAddr,
    tls_server_name: Option<String>,
) -> Result<Box<dyn Remote>, Errno> {
    let stream = TcpStream::connect(destination).await.map_err(Errno::from)?;
    let _ = stream.set_nodelay(true);
    match tls_server_name {
        None => Ok(Box::new(stream)),
        Some(name) => Ok(Box::new(handshake(stream, name).await?)),
    }
}

/// A TLS session over `stream` to the server named `name`. A failed handshake or
/// certificate check reaches the guest as `ECONNABORTED`; the host logs the reason.
async fn handshake(
    stream: TcpStream,
    name: String,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, Errno> {
    let server_name =
        rustls::pki_types::ServerName::try_from(name.clone()).map_err(|_| Errno::EINVAL)?;
    TLS.connect(server_name, stream).await.map_err(|error| {
        tracing::warn!(server = %name, %error, "guest TLS connection failed");
        Errno::ECONNABORTED
    })
}

/// Moves bytes between the guest's connection and the real one until both directions
/// have ended, or the guest's socket is closed.
async fn pump(guest: Arc<StreamSocket>, mut remote: Box<dyn Remote>) {
    let mut guest_io = SocketIo(guest.clone());
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut guest_io, &mut remote) => {}
        () = poll_fn(|cx| guest.poll_peer_closed(cx)) => {}
    }
}
