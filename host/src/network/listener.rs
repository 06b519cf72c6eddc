//! [`NodeRuntime::wait_for_listener`](crate::NodeRuntime::wait_for_listener): waiting
//! until a guest listens on a port of the virtual loopback.

use crate::error::{Error, Result};
use crate::options::DEFAULT_TIMEOUT;
use secure_exec_kernel::{Kernel, Pid};
use std::future::poll_fn;
use std::net::SocketAddr;
use std::task::Poll;
use std::time::Duration;

/// What to wait for: the seed's `waitForListener({ port })`.
#[derive(Debug, Clone, Copy)]
pub struct WaitForListener {
    pub port: u16,
    /// The process expected to listen: if it ends first, the wait fails at once instead of
    /// running into the timeout.
    pub pid: Option<Pid>,
    /// [`DEFAULT_TIMEOUT`] if unset.
    pub timeout: Option<Duration>,
}

impl WaitForListener {
    pub fn port(port: u16) -> Self {
        WaitForListener {
            port,
            pid: None,
            timeout: None,
        }
    }

    /// Fails the wait if process `pid` ends before anything listens.
    pub fn from_process(mut self, pid: Pid) -> Self {
        self.pid = Some(pid);
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// A guest's listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listening {
    pub port: u16,
    /// The address it listens on (`::` or `0.0.0.0` for every loopback address).
    pub address: SocketAddr,
}

pub async fn wait_for_listener(kernel: &Kernel, query: WaitForListener) -> Result<Listening> {
    let timeout = query.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let waiting = poll_fn(|cx| {
        if let Poll::Ready(address) = kernel.net().poll_listener(query.port, cx) {
            return Poll::Ready(Ok(Listening {
                port: query.port,
                address,
            }));
        }
        match query.pid {
            Some(pid) if kernel.processes().poll_ended(pid, cx).is_ready() => {
                Poll::Ready(Err(Error::ExitedBeforeListening {
                    pid,
                    port: query.port,
                }))
            }
            _ => Poll::Pending,
        }
    });
    tokio::time::timeout(timeout, waiting)
        .await
        .map_err(|_| Error::ListenerTimeout {
            port: query.port,
            timeout,
        })?
}
