//! Listening stream sockets (TCP and Unix-domain): a bounded backlog of connections made
//! but not yet accepted.

use super::address::SocketAddress;
use super::stream::StreamSocket;
use crate::errno::{Errno, KernelResult};
use crate::wait_queue::WaitQueue;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll};

/// Most connections one listener holds unaccepted; a larger `backlog` is clamped to it
/// (Node asks for 511 by default, Linux allows up to 4096). Each waiting connection may
/// hold up to a pipe's 64 KiB its client wrote, so this bounds what a flood of connects
/// to one listener pins at 64 MiB.
pub const MAX_BACKLOG: usize = 1024;

pub struct Listener {
    address: SocketAddress,
    capacity: usize,
    /// Whether it shares its address with other listeners that set it (`SO_REUSEPORT`).
    reuse_port: bool,
    state: Mutex<ListenerState>,
}

#[derive(Default)]
struct ListenerState {
    backlog: VecDeque<StreamSocket>,
    readable: WaitQueue,
}

impl Listener {
    pub(super) fn new(address: SocketAddress, backlog: usize, reuse_port: bool) -> Self {
        Listener {
            address,
            capacity: backlog.clamp(1, MAX_BACKLOG),
            reuse_port,
            state: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, ListenerState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn local_address(&self) -> SocketAddress {
        self.address.clone()
    }

    pub fn reuse_port(&self) -> bool {
        self.reuse_port
    }

    /// Queues the server end of a new connection; `ECONNREFUSED` when the backlog is full.
    pub(super) fn enqueue(&self, connection: StreamSocket) -> KernelResult<()> {
        let mut state = self.lock();
        if state.backlog.len() >= self.capacity {
            return Err(Errno::ECONNREFUSED);
        }
        state.backlog.push_back(connection);
        state.readable.wake_all();
        Ok(())
    }

    /// The connection that has waited longest; `EAGAIN` when none waits.
    pub fn accept(&self) -> KernelResult<StreamSocket> {
        self.lock().backlog.pop_front().ok_or(Errno::EAGAIN)
    }

    /// Ready while a connection waits.
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.lock();
        if !state.backlog.is_empty() {
            return Poll::Ready(());
        }
        state.readable.register(cx.waker());
        Poll::Pending
    }
}

impl Drop for Listener {
    /// Connections nobody accepted are reset, as closing a listening socket does on Linux.
    fn drop(&mut self) {
        for connection in self.lock().backlog.drain(..) {
            connection.reset();
        }
    }
}
