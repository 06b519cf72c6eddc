//! Connected stream sockets (TCP and Unix-domain). A connection is two pipes, one per direction, so everything a
//! pipe does (bounded buffers, backpressure, end of file, `EPIPE`) a socket does too. On
//! top of that: half-close ([`shutdown`](StreamSocket::shutdown)), resets (closing with
//! unread data makes the peer's reads fail with `ECONNRESET`, as TCP does), addresses, and
//! the outcome of a connection the host is still making.

use super::address::SocketAddress;
use super::host_connections::HostConnectionPermit;
use crate::errno::{Errno, KernelResult};
use crate::pipe::{self, BufferBudget, PipeReader, PipeWriter};
use crate::wait_queue::WaitQueue;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

/// One end of a stream connection.
pub struct StreamSocket {
    local: SocketAddress,
    peer: SocketAddress,
    connection: Arc<Connection>,
    incoming: PipeReader,
    /// `None` after `shutdown`.
    outgoing: Mutex<Option<PipeWriter>>,
}

/// Two connected ends: what one writes the other reads.
/// Both directions buffer against `budget`.
pub fn pair(
    a: SocketAddress,
    b: SocketAddress,
    budget: &Arc<BufferBudget>,
) -> (StreamSocket, StreamSocket) {
    pair_sharing(a, b, Connection::new(Some(Ok(())), None), budget)
}

fn pair_sharing(
    a: SocketAddress,
    b: SocketAddress,
    connection: Arc<Connection>,
    budget: &Arc<BufferBudget>,
) -> (StreamSocket, StreamSocket) {
    let (a_to_b_reader, a_to_b_writer) = pipe::pipe(budget);
    let (b_to_a_reader, b_to_a_writer) = pipe::pipe(budget);
    let end = |local, peer, incoming, outgoing| StreamSocket {
        local,
        peer,
        connection: connection.clone(),
        incoming,
        outgoing: Mutex::new(Some(outgoing)),
    };
    (
        end(a.clone(), b.clone(), b_to_a_reader, a_to_b_writer),
        end(b, a, a_to_b_reader, b_to_a_writer),
    )
}

impl StreamSocket {
    /// A socket whose connection failed with `error` before it began: it reads end of file
    /// and `connect_result` reports the error.
    pub(super) fn failed(
        local: SocketAddress,
        peer: SocketAddress,
        error: Errno,
        budget: &Arc<BufferBudget>,
    ) -> Self {
        let failed = Connection::new(Some(Err(error)), None);
        let (socket, _gone) = pair_sharing(local, peer, failed, budget);
        socket
    }

    /// A socket whose connection the host is still making: the guest's end, and the end the
    /// host pumps once [`settle`](Self::settle) says it is connected. `permit` counts the
    /// connection toward the runtime's cap until both ends are gone.
    pub(super) fn pending(
        local: SocketAddress,
        peer: SocketAddress,
        permit: HostConnectionPermit,
        budget: &Arc<BufferBudget>,
    ) -> (StreamSocket, StreamSocket) {
        pair_sharing(local, peer, Connection::new(None, Some(permit)), budget)
    }

    pub fn local_address(&self) -> SocketAddress {
        self.local.clone()
    }

    pub fn peer_address(&self) -> KernelResult<SocketAddress> {
        match self.connect_result() {
            Ok(()) => Ok(self.peer.clone()),
            Err(_) => Err(Errno::ENOTCONN),
        }
    }

    /// `Ok` once connected, `EAGAIN` while the host is connecting, else why it failed.
    pub fn connect_result(&self) -> KernelResult<()> {
        self.connection.outcome().unwrap_or(Err(Errno::EAGAIN))
    }

    /// Some bytes; none at end of file; `EAGAIN` when nothing has arrived yet.
    pub fn read(&self, len: usize) -> KernelResult<Vec<u8>> {
        match self.connection.outcome() {
            None => Err(Errno::EAGAIN),
            Some(Err(_)) => Ok(Vec::new()),
            Some(Ok(())) => self.incoming.try_read(len),
        }
    }

    /// Sends as much of `data` as the peer's buffer takes; `EAGAIN` when it is full or the
    /// connection is still being made, `EPIPE` after `shutdown` or once the peer is gone.
    pub fn write(&self, data: &[u8]) -> KernelResult<usize> {
        match self.connection.outcome() {
            None => Err(Errno::EAGAIN),
            Some(Err(_)) => Err(Errno::EPIPE),
            Some(Ok(())) => match &*self.lock_outgoing() {
                Some(writer) => writer.try_write(data),
                None => Err(Errno::EPIPE),
            },
        }
    }

    /// Ends the sending direction: the peer reads end of file once it has read the rest.
    pub fn shutdown(&self) {
        self.lock_outgoing().take();
    }

    /// Ready when a read would not wait.
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        match self.connection.poll_settled(cx) {
            Poll::Ready(()) => self.incoming.poll_readable(cx),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Ready when a write would not wait (which includes a connection attempt being
    /// decided, as for a non-blocking `connect`).
    pub fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.connection.poll_settled(cx).is_pending() {
            return Poll::Pending;
        }
        match &*self.lock_outgoing() {
            Some(writer) => writer.poll_writable(cx),
            None => Poll::Ready(()),
        }
    }

    /// Ready once the peer has closed its end entirely (nobody will read what this end
    /// sends). The host's pumps use it to stop when the guest's socket goes.
    pub fn poll_peer_closed(&self, cx: &mut Context<'_>) -> Poll<()> {
        self.connection.poll_one_end_left(cx)
    }

    /// Resets the connection: the peer's reads fail with `ECONNRESET`.
    pub fn reset(&self) {
        if let Some(writer) = self.lock_outgoing().take() {
            writer.reset();
        }
    }

    /// Records how the host's connection attempt went (for the host's end of a
    /// [`pending`](Self::pending) pair).
    pub fn settle(&self, result: KernelResult<()>) {
        self.connection.settle(result);
    }

    fn lock_outgoing(&self) -> MutexGuard<'_, Option<PipeWriter>> {
        self.outgoing.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for StreamSocket {
    /// Closing with data unread resets the connection, as TCP does.
    fn drop(&mut self) {
        if self.incoming.has_unread() {
            self.reset();
        }
        self.connection.end_closed();
    }
}

/// What both ends of a connection share: how the attempt to make it went, and how many
/// ends are still open.
struct Connection {
    state: Mutex<ConnectionState>,
    /// For a connection through the host: its place under the runtime's cap, given back
    /// when both ends are gone.
    _permit: Option<HostConnectionPermit>,
}

struct ConnectionState {
    /// `None` while the host is still connecting.
    outcome: Option<KernelResult<()>>,
    open_ends: u8,
    /// Tasks waiting for the outcome or for an end to close.
    waiters: WaitQueue,
}

impl Connection {
    fn new(outcome: Option<KernelResult<()>>, permit: Option<HostConnectionPermit>) -> Arc<Self> {
        Arc::new(Connection {
            state: Mutex::new(ConnectionState {
                outcome,
                open_ends: 2,
                waiters: WaitQueue::default(),
            }),
            _permit: permit,
        })
    }

    fn lock(&self) -> MutexGuard<'_, ConnectionState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn outcome(&self) -> Option<KernelResult<()>> {
        self.lock().outcome
    }

    fn settle(&self, result: KernelResult<()>) {
        let mut state = self.lock();
        if state.outcome.is_none() {
            state.outcome = Some(result);
            state.waiters.wake_all();
        }
    }

    fn poll_settled(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.lock();
        if state.outcome.is_some() {
            return Poll::Ready(());
        }
        state.waiters.register(cx.waker());
        Poll::Pending
    }

    fn end_closed(&self) {
        let mut state = self.lock();
        state.open_ends -= 1;
        state.waiters.wake_all();
    }

    fn poll_one_end_left(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.lock();
        if state.open_ends < 2 {
            return Poll::Ready(());
        }
        state.waiters.register(cx.waker());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::host_connections::HostConnections;
    use std::task::Waker;

    fn addr(text: &str) -> SocketAddress {
        SocketAddress::Inet(text.parse().unwrap())
    }

    fn budget() -> Arc<BufferBudget> {
        BufferBudget::new(pipe::DEFAULT_BUFFER_BUDGET_BYTES)
    }

    #[test]
    fn bytes_flow_both_ways_and_half_close_ends_one() {
        let (a, b) = pair(addr("127.0.0.1:40000"), addr("127.0.0.1:80"), &budget());
        assert_eq!(a.write(b"ping"), Ok(4));
        assert_eq!(b.read(10).unwrap(), b"ping");
        a.shutdown();
        assert_eq!(b.read(10).unwrap(), b"");
        assert_eq!(a.write(b"x"), Err(Errno::EPIPE));
        assert_eq!(b.write(b"pong"), Ok(4));
        assert_eq!(a.read(10).unwrap(), b"pong");
        assert_eq!(b.peer_address(), Ok(addr("127.0.0.1:40000")));
    }

    #[test]
    fn closing_with_unread_data_resets_the_peer() {
        let (a, b) = pair(addr("127.0.0.1:40000"), addr("127.0.0.1:80"), &budget());
        a.write(b"unread").unwrap();
        drop(b);
        assert_eq!(a.read(10), Err(Errno::ECONNRESET));
    }

    #[test]
    fn pending_connections_wait_until_settled() {
        let permit = HostConnections::default().acquire().unwrap();
        let (guest, host) =
            StreamSocket::pending(addr("0.0.0.0:40000"), addr("1.2.3.4:80"), permit, &budget());
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(guest.connect_result(), Err(Errno::EAGAIN));
        assert!(guest.poll_writable(&mut cx).is_pending());
        assert_eq!(guest.write(b"early"), Err(Errno::EAGAIN));
        host.settle(Err(Errno::ECONNREFUSED));
        assert!(guest.poll_writable(&mut cx).is_ready());
        assert_eq!(guest.connect_result(), Err(Errno::ECONNREFUSED));
        assert_eq!(guest.peer_address(), Err(Errno::ENOTCONN));
        assert!(host.poll_peer_closed(&mut cx).is_pending());
        guest.shutdown();
        assert!(host.poll_peer_closed(&mut cx).is_pending());
        drop(guest);
        assert!(host.poll_peer_closed(&mut cx).is_ready());
        let failed = StreamSocket::failed(
            addr("0.0.0.0:1"),
            addr("10.0.0.1:80"),
            Errno::EACCES,
            &budget(),
        );
        assert_eq!(failed.connect_result(), Err(Errno::EACCES));
        assert_eq!(failed.read(1).unwrap(), b"");
    }
}
