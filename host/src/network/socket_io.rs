//! Kernel stream sockets as tokio I/O, for the host's own ends of connections: the egress
//! pump, `NodeRuntime::fetch` and `--publish`.

use secure_exec_kernel::Errno;
use secure_exec_kernel::net::StreamSocket;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub struct SocketIo(pub Arc<StreamSocket>);

fn io_error(errno: Errno) -> io::Error {
    let kind = match errno {
        Errno::ECONNRESET => io::ErrorKind::ConnectionReset,
        Errno::EPIPE => io::ErrorKind::BrokenPipe,
        Errno::ECONNREFUSED => io::ErrorKind::ConnectionRefused,
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, errno)
}

impl AsyncRead for SocketIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            match self.0.read(buf.remaining()) {
                Ok(bytes) => {
                    buf.put_slice(&bytes);
                    return Poll::Ready(Ok(()));
                }
                Err(Errno::EAGAIN) => ready!(self.0.poll_readable(cx)),
                Err(errno) => return Poll::Ready(Err(io_error(errno))),
            }
        }
    }
}

impl AsyncWrite for SocketIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        loop {
            match self.0.write(data) {
                Ok(written) => return Poll::Ready(Ok(written)),
                Err(Errno::EAGAIN) => ready!(self.0.poll_writable(cx)),
                Err(errno) => return Poll::Ready(Err(io_error(errno))),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.0.shutdown();
        Poll::Ready(Ok(()))
    }
}
