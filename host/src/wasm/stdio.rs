//! A guest's stdout and stderr as WASI output streams writing into the kernel's
//! [`OutputStream`](secure_exec_kernel::output::OutputStream)s, which stream each chunk to
//! the host's callbacks as it is written and capture it, bounded.

use bytes::Bytes;
use secure_exec_kernel::output::OutputStream as KernelStream;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

/// The trap raised when a guest writes past its output capture limit.
#[derive(Debug, thiserror::Error)]
#[error("{stream} exceeded its {limit_bytes}-byte capture limit")]
pub struct OutputLimitExceeded {
    pub stream: &'static str,
    pub limit_bytes: usize,
}

#[derive(Clone)]
pub struct KernelOutput {
    stream: Arc<KernelStream>,
    name: &'static str,
}

impl KernelOutput {
    pub fn new(stream: Arc<KernelStream>, name: &'static str) -> Self {
        KernelOutput { stream, name }
    }

    fn write_all(&self, data: &[u8]) -> Result<(), OutputLimitExceeded> {
        self.stream.write(data).map_err(|_| OutputLimitExceeded {
            stream: self.name,
            limit_bytes: self.stream.limit(),
        })
    }
}

impl IsTerminal for KernelOutput {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for KernelOutput {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[async_trait::async_trait]
impl Pollable for KernelOutput {
    async fn ready(&mut self) {}
}

impl OutputStream for KernelOutput {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.write_all(&bytes)
            .map_err(|e| StreamError::Trap(wasmtime::Error::new(e)))
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        // The kernel stream accepts any chunk at once; the limit is enforced on write.
        Ok(usize::MAX)
    }
}

impl AsyncWrite for KernelOutput {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(
            self.write_all(buf)
                .map(|()| buf.len())
                .map_err(|e| io::Error::new(io::ErrorKind::StorageFull, e)),
        )
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
