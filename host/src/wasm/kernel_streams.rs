//! WASI streams over kernel open file descriptions: a process's stdin, stdout and stderr
//! (its descriptors 0–2, looked up on every call so `dup2` in the guest redirects them),
//! and the byte streams of files opened through `wasi:filesystem`.
//!
//! Reads of an empty pipe and writes to a full one never block the host: the stream
//! reports "nothing yet" and its pollable waits on the pipe. A write to a pipe whose
//! readers are gone ends the process with `SIGPIPE`, as on Linux; output past the host's
//! capture limit ends it with [`OutputLimitExceeded`].

use bytes::Bytes;
use secure_exec_kernel::fd_table::OpenFileDescription;
use secure_exec_kernel::{Errno, Kernel, KernelResult, Pid, Signal};
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use wasmtime_wasi::cli::{IsTerminal, StdinStream, StdoutStream};
use wasmtime_wasi::p2::{InputStream, OutputStream, Pollable, StreamError, StreamResult};

/// Largest chunk moved through a stream per call, so one call cannot make the host copy
/// an unbounded buffer at once.
const MAX_CHUNK_BYTES: usize = super::MAX_IO_CHUNK_BYTES;

/// The trap that ends a process which wrote past its output capture limit.
#[derive(Debug, thiserror::Error)]
#[error("{stream} exceeded its {limit_bytes}-byte capture limit")]
pub struct OutputLimitExceeded {
    pub stream: String,
    pub limit_bytes: usize,
}

/// The trap that ends a process killed by a signal it raised on itself (`SIGPIPE`).
#[derive(Debug, thiserror::Error)]
#[error("killed by {0}")]
pub struct KilledBySignal(pub Signal);

/// Where a stream's bytes go or come from.
#[derive(Clone)]
enum Target {
    /// Descriptor `fd` of process `pid`, whatever it refers to at the time of the call.
    ProcessFd {
        kernel: Arc<Kernel>,
        pid: Pid,
        fd: u32,
    },
    /// One open file, at `position` (advancing) or, for output with none, appending.
    File {
        description: Arc<OpenFileDescription>,
        position: Option<u64>,
    },
}

#[derive(Clone)]
pub struct KernelStream {
    target: Target,
    /// Bytes accepted from the guest that the target had no room for yet.
    pending: Vec<u8>,
    /// Limit reported when an output endpoint refuses a write.
    capture_limit: usize,
}

impl KernelStream {
    /// Descriptor `fd` (0, 1 or 2) of process `pid`.
    pub fn stdio(kernel: Arc<Kernel>, pid: Pid, fd: u32, capture_limit: usize) -> Self {
        KernelStream {
            target: Target::ProcessFd { kernel, pid, fd },
            pending: Vec::new(),
            capture_limit,
        }
    }

    /// A file's stream from `position`, or an append stream with none.
    pub fn file(description: Arc<OpenFileDescription>, position: Option<u64>) -> Self {
        KernelStream {
            target: Target::File {
                description,
                position,
            },
            pending: Vec::new(),
            capture_limit: 0,
        }
    }

    fn description(&self) -> KernelResult<Arc<OpenFileDescription>> {
        match &self.target {
            Target::ProcessFd { kernel, pid, fd } => kernel.process_fs(*pid)?.description(*fd),
            Target::File { description, .. } => Ok(description.clone()),
        }
    }

    /// Where the next read or write goes: a file stream's position (the end of the file
    /// for an append stream), or none for a stream endpoint (a pipe or device opened as a
    /// file, such as `/dev/stdin`), which has no position.
    fn position(&self) -> Option<u64> {
        match &self.target {
            Target::File { description, .. } if description.as_file().is_none() => None,
            Target::File {
                description,
                position: None,
            } => description.metadata().ok().map(|meta| meta.size),
            Target::File { position, .. } => *position,
            Target::ProcessFd { .. } => None,
        }
    }

    fn advance(&mut self, by: usize) {
        if let Target::File {
            position: Some(position),
            ..
        } = &mut self.target
        {
            *position += by as u64;
        }
    }

    /// The stream error for a failed write: a trap that ends the process for a broken
    /// pipe or a full capture, an ordinary failure otherwise.
    fn write_error(&self, errno: Errno, description: Option<&OpenFileDescription>) -> StreamError {
        match (errno, &self.target) {
            (Errno::EPIPE, Target::ProcessFd { .. }) => {
                StreamError::Trap(wasmtime::Error::new(KilledBySignal(Signal::SIGPIPE)))
            }
            (Errno::EFBIG, Target::ProcessFd { .. }) => {
                StreamError::Trap(wasmtime::Error::new(OutputLimitExceeded {
                    stream: description.map_or_else(String::new, |d| d.path.clone()),
                    limit_bytes: self.capture_limit,
                }))
            }
            _ => StreamError::LastOperationFailed(wasmtime::Error::new(errno)),
        }
    }

    /// Moves pending bytes to the target while it has room.
    fn drain(&mut self) -> StreamResult<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let description = self
            .description()
            .map_err(|e| StreamError::LastOperationFailed(wasmtime::Error::new(e)))?;
        while !self.pending.is_empty() {
            match description.write(&self.pending, self.position()) {
                Ok(written) => {
                    self.pending.drain(..written);
                    self.advance(written);
                }
                Err(Errno::EAGAIN) => break,
                Err(errno) => {
                    self.pending.clear();
                    return Err(self.write_error(errno, Some(&description)));
                }
            }
        }
        Ok(())
    }

    fn poll_ready(&mut self, cx: &mut Context<'_>, for_write: bool) -> Poll<()> {
        let Ok(description) = self.description() else {
            return Poll::Ready(());
        };
        if for_write {
            if self.drain().is_err() || self.pending.is_empty() {
                return Poll::Ready(());
            }
            description.poll_writable(cx)
        } else {
            description.poll_readable(cx)
        }
    }

    fn writes(&self) -> bool {
        !self.pending.is_empty() || self.description().is_ok_and(|d| d.writable && !d.readable)
    }
}

#[async_trait::async_trait]
impl Pollable for KernelStream {
    async fn ready(&mut self) {
        let for_write = self.writes();
        loop {
            poll_fn(|cx| self.poll_ready(cx, for_write)).await;
            if !for_write || self.drain().is_err() || self.pending.is_empty() {
                return;
            }
        }
    }
}

impl InputStream for KernelStream {
    fn read(&mut self, size: usize) -> StreamResult<Bytes> {
        let description = self
            .description()
            .map_err(|e| StreamError::LastOperationFailed(wasmtime::Error::new(e)))?;
        match description.read(size.min(MAX_CHUNK_BYTES), self.position()) {
            Ok(bytes) if bytes.is_empty() && size > 0 => Err(StreamError::Closed),
            Ok(bytes) => {
                self.advance(bytes.len());
                Ok(Bytes::from(bytes))
            }
            Err(Errno::EAGAIN) => Ok(Bytes::new()),
            Err(errno) => Err(StreamError::LastOperationFailed(wasmtime::Error::new(
                errno,
            ))),
        }
    }
}

impl OutputStream for KernelStream {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.pending.extend_from_slice(&bytes);
        self.drain()
    }

    fn flush(&mut self) -> StreamResult<()> {
        self.drain()
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        self.drain()?;
        Ok(if self.pending.is_empty() {
            MAX_CHUNK_BYTES
        } else {
            0
        })
    }
}

impl IsTerminal for KernelStream {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdinStream for KernelStream {
    fn p2_stream(&self) -> Box<dyn InputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncRead + Send + Sync> {
        Box::new(self.clone())
    }
}

impl StdoutStream for KernelStream {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

fn io_error(error: StreamError) -> io::Error {
    io::Error::other(error.to_string())
}

impl AsyncRead for KernelStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            match InputStream::read(&mut *self, buf.remaining()) {
                Ok(bytes) if bytes.is_empty() => {
                    if self.poll_ready(cx, false).is_pending() {
                        return Poll::Pending;
                    }
                }
                Ok(bytes) => {
                    buf.put_slice(&bytes);
                    return Poll::Ready(Ok(()));
                }
                Err(StreamError::Closed) => return Poll::Ready(Ok(())),
                Err(e) => return Poll::Ready(Err(io_error(e))),
            }
        }
    }
}

impl AsyncWrite for KernelStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Err(e) = self.drain() {
            return Poll::Ready(Err(io_error(e)));
        }
        if !self.pending.is_empty() {
            return match self.poll_ready(cx, true) {
                Poll::Ready(()) => Poll::Ready(Ok(0)),
                Poll::Pending => Poll::Pending,
            };
        }
        self.pending.extend_from_slice(buf);
        Poll::Ready(self.drain().map(|()| buf.len()).map_err(io_error))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Err(e) = self.drain() {
            return Poll::Ready(Err(io_error(e)));
        }
        if self.pending.is_empty() {
            return Poll::Ready(Ok(()));
        }
        self.poll_ready(cx, true).map(Ok)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_flush(cx)
    }
}
