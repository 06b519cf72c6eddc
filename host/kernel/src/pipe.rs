//! Pipes: a bounded byte buffer between read ends and write ends. Reading an empty pipe
//! waits for data or for the last writer to close (end of file); writing a full pipe waits
//! for room; writing with no reader left fails with `EPIPE`. The ends count themselves, so
//! closing the last descriptor of an end (in any process) is what ends the other side.
//!
//! A connected socket is two pipes, one per direction (see `net`), which is why a writer
//! can also [`reset`](PipeWriter::reset) its pipe: a TCP reset, after which reads fail with
//! `ECONNRESET`.
//!
//! Every pipe of a runtime draws its buffered bytes from one [`BufferBudget`], so a guest
//! opening thousands of pipes or sockets and filling them cannot make the host hold more
//! than the budget: past it, writers wait as they would on a full pipe.

use crate::errno::{Errno, KernelResult};
use crate::wait_queue::WaitQueue;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

/// Bytes a pipe buffers before writers wait: Linux's default pipe size. Bounded so a
/// producer cannot make the host hold more than this per pipe while its consumer lags.
pub const PIPE_CAPACITY_BYTES: usize = 64 << 10;

/// Bytes all pipes and sockets of one runtime may buffer at once: a thousand full pipes,
/// far more than real pipelines and servers hold, and a bound on the host memory a guest
/// can pin through them.
pub const DEFAULT_BUFFER_BUDGET_BYTES: usize = 64 << 20;

/// The bytes a runtime's pipes may buffer together, and the writers waiting for some.
pub struct BufferBudget {
    limit: usize,
    state: Mutex<(usize, WaitQueue)>,
}

impl BufferBudget {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(BufferBudget {
            limit,
            state: Mutex::new((0, WaitQueue::default())),
        })
    }

    /// Takes up to `wanted` bytes of the budget and returns how many it got.
    fn take(&self, wanted: usize) -> usize {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let granted = wanted.min(self.limit.saturating_sub(state.0));
        state.0 += granted;
        granted
    }

    fn give_back(&self, bytes: usize) {
        if bytes == 0 {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 -= bytes;
        state.1.wake_all();
    }

    /// Ready while some of the budget is free.
    fn poll_available(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.0 < self.limit {
            return Poll::Ready(());
        }
        state.1.register(cx.waker());
        Poll::Pending
    }

    /// Bytes buffered now.
    pub fn used(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0
    }
}

struct PipeState {
    buffer: VecDeque<u8>,
    capacity: usize,
    readers: usize,
    writers: usize,
    /// The writing side reset the connection: buffered bytes are gone and reads fail.
    reset: bool,
    budget: Arc<BufferBudget>,
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

impl PipeState {
    /// Drops every buffered byte, giving them back to the budget.
    fn discard(&mut self) {
        self.budget.give_back(self.buffer.len());
        self.buffer.clear();
    }
}

impl Drop for PipeState {
    fn drop(&mut self) {
        self.discard();
    }
}

/// A pipe's read end. Dropping the last handle of the end closes it.
pub struct PipeReader(Arc<Pipe>);

/// A pipe's write end.
pub struct PipeWriter(Arc<Pipe>);

/// A new pipe of [`PIPE_CAPACITY_BYTES`], buffering against `budget`.
pub fn pipe(budget: &Arc<BufferBudget>) -> (PipeReader, PipeWriter) {
    let state = PipeState {
        buffer: VecDeque::new(),
        capacity: PIPE_CAPACITY_BYTES,
        readers: 1,
        writers: 1,
        reset: false,
        budget: budget.clone(),
        readable: WaitQueue::default(),
        writable: WaitQueue::default(),
    };
    let pipe = Arc::new(Pipe(Mutex::new(state)));
    (PipeReader(pipe.clone()), PipeWriter(pipe))
}

/// The read end of a pipe holding `data` with no writer: it reads `data`, then end of file.
/// `ENOMEM` when `budget` cannot hold `data`.
pub fn pipe_from(data: Vec<u8>, budget: &Arc<BufferBudget>) -> KernelResult<PipeReader> {
    let granted = budget.take(data.len());
    if granted < data.len() {
        budget.give_back(granted);
        return Err(Errno::ENOMEM);
    }
    let state = PipeState {
        capacity: data.len(),
        buffer: data.into(),
        readers: 1,
        writers: 0,
        reset: false,
        budget: budget.clone(),
        readable: WaitQueue::default(),
        writable: WaitQueue::default(),
    };
    Ok(PipeReader(Arc::new(Pipe(Mutex::new(state)))))
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
        state.budget.give_back(take);
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
        let written = state.budget.take(room.min(data.len()));
        if written == 0 && !data.is_empty() {
            return Err(Errno::EAGAIN);
        }
        state.buffer.extend(&data[..written]);
        state.readable.wake_all();
        Ok(written)
    }

    /// Ready when a write would not wait: there is room (in the pipe and the budget) or
    /// every reader is gone.
    pub fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock();
        if state.readers == 0 {
            return Poll::Ready(());
        }
        if state.buffer.len() < state.capacity && state.budget.poll_available(cx).is_ready() {
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
        state.discard();
        state.readable.wake_all();
    }
}

impl Drop for PipeReader {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.readers -= 1;
        if state.readers == 0 {
            state.discard();
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

    fn budget() -> Arc<BufferBudget> {
        BufferBudget::new(DEFAULT_BUFFER_BUDGET_BYTES)
    }

    #[test]
    fn reads_what_was_written_then_end_of_file() {
        let (reader, writer) = pipe(&budget());
        assert_eq!(reader.try_read(4), Err(Errno::EAGAIN));
        assert_eq!(writer.try_write(b"hello"), Ok(5));
        assert_eq!(reader.try_read(4).unwrap(), b"hell");
        drop(writer);
        assert_eq!(reader.try_read(4).unwrap(), b"o");
        assert_eq!(reader.try_read(4).unwrap(), b"");
    }

    #[test]
    fn full_pipes_wait_and_closed_readers_break_them() {
        let (reader, writer) = pipe(&budget());
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
        let (reader, writer) = pipe(&budget());
        writer.try_write(b"lost").unwrap();
        writer.reset();
        let mut cx = Context::from_waker(Waker::noop());
        assert!(reader.poll_readable(&mut cx).is_ready());
        assert_eq!(reader.try_read(4), Err(Errno::ECONNRESET));
    }

    #[test]
    fn pipes_share_a_budget() {
        let budget = BufferBudget::new(100);
        let (first_reader, first) = pipe(&budget);
        let (_second_reader, second) = pipe(&budget);
        assert_eq!(first.try_write(&[1; 80]), Ok(80));
        assert_eq!(second.try_write(&[2; 80]), Ok(20));
        assert_eq!(second.try_write(b"x"), Err(Errno::EAGAIN));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(second.poll_writable(&mut cx).is_pending());
        assert_eq!(first_reader.try_read(30).unwrap().len(), 30);
        assert!(second.poll_writable(&mut cx).is_ready());
        assert_eq!(pipe_from(vec![0; 50], &budget).err(), Some(Errno::ENOMEM));
        drop(first_reader);
        assert_eq!(budget.used(), 20);
    }

    #[test]
    fn prefilled_pipes_end_after_their_data() {
        let reader = pipe_from(b"input".to_vec(), &budget()).unwrap();
        let mut cx = Context::from_waker(Waker::noop());
        assert!(reader.poll_readable(&mut cx).is_ready());
        assert_eq!(reader.try_read(100).unwrap(), b"input");
        assert_eq!(reader.try_read(100).unwrap(), b"");
    }
}
