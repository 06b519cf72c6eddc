//! The real network behind the kernel's permission checks: TCP through tokio, TLS through
//! rustls (certificates verified against the Mozilla root store of `webpki-roots`), names
//! through the host's resolver. The kernel has already decided that a destination is
//! allowed when a call reaches here.

use super::socket_io::SocketIo;
use secure_exec_kernel::Errno;
use secure_exec_kernel::net::{HostNetwork, ResolveFuture, StreamSocket};
use std::future::poll_fn;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// How long a connection attempt may take before the guest sees `ETIMEDOUT`. Linux gives
/// up after about two minutes of SYN retries; a sandboxed guest should hear sooner.
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

/// The host's network, for kernels of runtimes made inside a tokio runtime.
pub struct TokioNetwork;

impl HostNetwork for TokioNetwork {
    fn connect(
        &self,
        destination: SocketAddr,
        tls_server_name: Option<String>,
        host_end: StreamSocket,
    ) {
        let guest = Arc::new(host_end);
        tokio::spawn(async move {
            let attempt = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(destination));
            let stream = tokio::select! {
                attempt = attempt => attempt,
                // The guest closed its socket before the connection was made.
                () = poll_fn(|cx| guest.poll_peer_closed(cx)) => return,
            };
            let stream = match stream {
                Ok(Ok(stream)) => stream,
                Ok(Err(error)) => return guest.settle(Err(Errno::from(error))),
                Err(_) => return guest.settle(Err(Errno::ETIMEDOUT)),
            };
            let _ = stream.set_nodelay(true);
            match tls_server_name {
                None => {
                    guest.settle(Ok(()));
                    pump(guest, stream).await;
                }
                Some(name) => match handshake(stream, name).await {
                    Ok(tls) => {
                        guest.settle(Ok(()));
                        pump(guest, tls).await;
                    }
                    Err(errno) => guest.settle(Err(errno)),
                },
            }
        });
    }

    fn resolve(&self, host: String) -> ResolveFuture {
        Box::pin(async move {
            let lookup = tokio::net::lookup_host((host.as_str(), 0));
            match tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
                Ok(Ok(addresses)) => Ok(addresses.map(|a| a.ip()).collect()),
                Ok(Err(_)) | Err(_) => Err(Errno::ENOTFOUND),
            }
        })
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
async fn pump(guest: Arc<StreamSocket>, mut remote: impl AsyncRead + AsyncWrite + Unpin) {
    let mut guest_io = SocketIo(guest.clone());
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut guest_io, &mut remote) => {}
        () = poll_fn(|cx| guest.poll_peer_closed(cx)) => {}
    }
}
