//! Pipes: a bounded byte buffer between read ends and write ends. Reading an empty pipe
//! waits for data or for the last writer to close (end of file); writing a full pipe waits
//! for room; writing with no reader left fails with `EPIPE`. The ends count themselves, so
//! closing the last descriptor of an end (in any process) is what ends the other side.
//!
//! A connected socket is two pipes, one per direction (see `net`), which is why a writer
//! can also [`reset`](PipeWriter::reset) its pipe: a TCP reset, after which reads fail with
//! `ECONNRESET`.

use crate::errno::{Errno, KernelResult};
use crate::wait_queue::WaitQueue;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

/// Bytes a pipe buffers before writers wait: Linux's default pipe size. Bounded so a
/// producer cannot make the host hold more than this per pipe while its consumer lags.
pub const PIPE_CAPACITY_BYTES: usize = 64 << 10;

struct PipeState {
    buffer: VecDeque<u8>,
    capacity: usize,
    readers: usize,
    writers: usize,
    /// The writing side reset the connection: buffered bytes are gone and reads fail.
    reset: bool,
    /// Tasks waiting to read (for data or end of file).
    readable: WaitQueue,
    /// Tasks waiting to write (for room or for the readers to go).
    writable: WaitQueue,
}

struct Pipe(Mutex<PipeState>);

impl Pipe {
    fn lock(&self) -> MutexGuard<'_, PipeState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A pipe's read end. Dropping the last handle of the end closes it.
pub struct PipeReader(Arc<Pipe>);

/// A pipe's write end.
pub struct PipeWriter(Arc<Pipe>);

/// A new pipe of [`PIPE_CAPACITY_BYTES`].
pub fn pipe() -> (PipeReader, PipeWriter) {
    let state = PipeState {
        buffer: VecDeque::new(),
        capacity: PIPE_CAPACITY_BYTES,
        readers: 1,
        writers: 1,
        reset: false,
        readable: WaitQueue::default(),
        writable: WaitQueue::default(),
    };
    let pipe = Arc::new(Pipe(Mutex::new(state)));
    (PipeReader(pipe.clone()), PipeWriter(pipe))
}

/// The read end of a pipe holding `data` with no writer: it reads `data`, then end of file.
pub fn pipe_from(data: Vec<u8>) -> PipeReader {
    let state = PipeState {
        capacity: data.len(),
        buffer: data.into(),
        readers: 1,
        writers: 0,
        reset: false,
        readable: WaitQueue::default(),
        writable: WaitQueue::default(),
    };
    PipeReader(Arc::new(Pipe(Mutex::new(state))))
}

impl PipeReader {
    /// Takes up to `len` buffered bytes; empty at end of file; `EAGAIN` when the pipe is
    /// empty but still has writers.
    pub fn try_read(&self, len: usize) -> KernelResult<Vec<u8>> {
        let mut state = self.0.lock();
        if state.reset {
            return Err(Errno::ECONNRESET);
        }
        if state.buffer.is_empty() {
            return if state.writers == 0 || len == 0 {
                Ok(Vec::new())
            } else {
                Err(Errno::EAGAIN)
            };
        }
        let take = len.min(state.buffer.len());
        let bytes: Vec<u8> = state.buffer.drain(..take).collect();
        state.writable.wake_all();
        Ok(bytes)
    }

    /// Ready when a read would not wait: data is buffered or every writer is gone.
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock();
        if !state.buffer.is_empty() || state.writers == 0 || state.reset {
            return Poll::Ready(());
        }
        state.readable.register(cx.waker());
        Poll::Pending
    }

    /// Whether bytes wait unread (closing a socket with unread data resets it, as TCP does).
    pub fn has_unread(&self) -> bool {
        !self.0.lock().buffer.is_empty()
    }
}

impl PipeWriter {
    /// Buffers as much of `data` as fits; `EAGAIN` when full, `EPIPE` with no readers.
    pub fn try_write(&self, data: &[u8]) -> KernelResult<usize> {
        let mut state = self.0.lock();
        if state.readers == 0 {
            return Err(Errno::EPIPE);
        }
        let room = state.capacity.saturating_sub(state.buffer.len());
        if room == 0 && !data.is_empty() {
            return Err(Errno::EAGAIN);
        }
        let written = room.min(data.len());
        state.buffer.extend(&data[..written]);
        state.readable.wake_all();
        Ok(written)
    }

    /// Ready when a write would not wait: there is room or every reader is gone.
    pub fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock();
        if state.readers == 0 || state.buffer.len() < state.capacity {
            return Poll::Ready(());
        }
        state.writable.register(cx.waker());
        Poll::Pending
    }

    /// Ready once every reader is gone.
    pub fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock();
        if state.readers == 0 {
            return Poll::Ready(());
        }
        state.writable.register(cx.waker());
        Poll::Pending
    }

    /// Resets the pipe (a TCP reset): buffered bytes are dropped and every later read
    /// fails with `ECONNRESET`.
    pub fn reset(&self) {
        let mut state = self.0.lock();
        state.reset = true;
        state.buffer.clear();
        state.readable.wake_all();
    }
}

impl Drop for PipeReader {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.readers -= 1;
        if state.readers == 0 {
            state.buffer.clear();
            state.writable.wake_all();
        }
    }
}

impl Drop for PipeWriter {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.writers -= 1;
        if state.writers == 0 {
            state.readable.wake_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    #[test]
    fn reads_what_was_written_then_end_of_file() {
        let (reader, writer) = pipe();
        assert_eq!(reader.try_read(4), Err(Errno::EAGAIN));
        assert_eq!(writer.try_write(b"hello"), Ok(5));
        assert_eq!(reader.try_read(4).unwrap(), b"hell");
        drop(writer);
        assert_eq!(reader.try_read(4).unwrap(), b"o");
        assert_eq!(reader.try_read(4).unwrap(), b"");
    }

    #[test]
    fn full_pipes_wait_and_closed_readers_break_them() {
        let (reader, writer) = pipe();
        let big = vec![7u8; PIPE_CAPACITY_BYTES + 10];
        assert_eq!(writer.try_write(&big), Ok(PIPE_CAPACITY_BYTES));
        assert_eq!(writer.try_write(b"x"), Err(Errno::EAGAIN));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(writer.poll_writable(&mut cx).is_pending());
        drop(reader);
        assert!(writer.poll_writable(&mut cx).is_ready());
        assert_eq!(writer.try_write(b"x"), Err(Errno::EPIPE));
    }

    #[test]
    fn a_reset_fails_reads() {
        let (reader, writer) = pipe();
        writer.try_write(b"lost").unwrap();
        writer.reset();
        let mut cx = Context::from_waker(Waker::noop());
        assert!(reader.poll_readable(&mut cx).is_ready());
        assert_eq!(reader.try_read(4), Err(Errno::ECONNRESET));
    }

    #[test]
    fn prefilled_pipes_end_after_their_data() {
        let reader = pipe_from(b"input".to_vec());
        let mut cx = Context::from_waker(Waker::noop());
        assert!(reader.poll_readable(&mut cx).is_ready());
        assert_eq!(reader.try_read(100).unwrap(), b"input");
        assert_eq!(reader.try_read(100).unwrap(), b"");
    }
}
