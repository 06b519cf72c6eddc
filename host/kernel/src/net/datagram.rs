//! UDP sockets: a bounded queue of datagrams, each with its sender's address.

use crate::errno::{Errno, KernelResult};
use crate::wait_queue::WaitQueue;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll};

/// Largest UDP payload (65,535 minus the IPv4 and UDP headers); larger sends fail with
/// `EMSGSIZE`, as on Linux.
pub const MAX_DATAGRAM_BYTES: usize = 65_507;

/// Bytes a socket queues before further datagrams are dropped (Linux's default
/// `rmem_default`): a receiver that never reads costs the host at most this much.
pub const RECEIVE_BUFFER_BYTES: usize = 212_992;

/// What each queued datagram counts against the receive buffer besides its payload, as
/// Linux charges a buffer's bookkeeping: without it, empty datagrams would queue without
/// limit.
pub const DATAGRAM_OVERHEAD_BYTES: usize = 256;

pub struct DatagramSocket {
    address: SocketAddr,
    state: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    datagrams: VecDeque<(Vec<u8>, SocketAddr)>,
    bytes: usize,
    readable: WaitQueue,
}

impl DatagramSocket {
    pub(super) fn new(address: SocketAddr) -> Self {
        DatagramSocket {
            address,
            state: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn local_address(&self) -> SocketAddr {
        self.address
    }

    /// Queues a datagram, or drops it when the receive buffer is full (as UDP may).
    pub(super) fn deliver(&self, data: Vec<u8>, sender: SocketAddr) {
        let mut queue = self.lock();
        let charge = data.len() + DATAGRAM_OVERHEAD_BYTES;
        if queue.bytes + charge > RECEIVE_BUFFER_BYTES {
            return;
        }
        queue.bytes += charge;
        queue.datagrams.push_back((data, sender));
        queue.readable.wake_all();
    }

    /// The oldest datagram, cut to `max_len` bytes; `EAGAIN` when none is queued.
    pub fn receive(&self, max_len: usize) -> KernelResult<(Vec<u8>, SocketAddr)> {
        let mut queue = self.lock();
        let (mut data, sender) = queue.datagrams.pop_front().ok_or(Errno::EAGAIN)?;
        queue.bytes -= data.len() + DATAGRAM_OVERHEAD_BYTES;
        data.truncate(max_len);
        Ok((data, sender))
    }

    /// Ready while a datagram is queued.
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut queue = self.lock();
        if !queue.datagrams.is_empty() {
            return Poll::Ready(());
        }
        queue.readable.register(cx.waker());
        Poll::Pending
    }
}
