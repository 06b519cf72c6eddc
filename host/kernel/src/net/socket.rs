//! A socket as an open file description holds it: byte I/O and readiness, whatever kind
//! of socket it is, so `read`, `write` and `poll` treat sockets like any descriptor.

use super::address::SocketAddress;
use super::datagram::DatagramSocket;
use super::listener::Listener;
use super::stream::StreamSocket;
use crate::errno::{Errno, KernelResult};
use std::sync::Arc;
use std::task::{Context, Poll};

pub enum Socket {
    Stream(StreamSocket),
    Listener(Arc<Listener>),
    Datagram(Arc<DatagramSocket>),
}

impl Socket {
    /// Reads a stream's bytes, or a datagram's payload; `EAGAIN` when nothing is ready.
    pub fn read(&self, len: usize) -> KernelResult<Vec<u8>> {
        match self {
            Socket::Stream(stream) => stream.read(len),
            Socket::Datagram(datagram) => datagram.receive(len).map(|(data, _)| data),
            Socket::Listener(_) => Err(Errno::ENOTCONN),
        }
    }

    pub fn write(&self, data: &[u8]) -> KernelResult<usize> {
        match self {
            Socket::Stream(stream) => stream.write(data),
            // A datagram socket has no default destination to write to.
            Socket::Datagram(_) | Socket::Listener(_) => Err(Errno::ENOTCONN),
        }
    }

    /// Ready when a read (or, for a listener, an accept) would not wait.
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        match self {
            Socket::Stream(stream) => stream.poll_readable(cx),
            Socket::Listener(listener) => listener.poll_readable(cx),
            Socket::Datagram(datagram) => datagram.poll_readable(cx),
        }
    }

    pub fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<()> {
        match self {
            Socket::Stream(stream) => stream.poll_writable(cx),
            Socket::Listener(_) | Socket::Datagram(_) => Poll::Ready(()),
        }
    }

    pub fn local_address(&self) -> SocketAddress {
        match self {
            Socket::Stream(stream) => stream.local_address(),
            Socket::Listener(listener) => listener.local_address(),
            Socket::Datagram(datagram) => datagram.local_address().into(),
        }
    }
}
