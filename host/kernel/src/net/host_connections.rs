//! The cap on connections a runtime's guests hold through the host at once. Opening a
//! kernel socket is cheap for a guest, but each connection through the host is a real
//! socket and a pump task: this is what keeps a guest from making the host hold thousands.

use crate::errno::{Errno, KernelResult};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Connections through the host one runtime may hold at once (past it, `connect` fails
/// with `EMFILE`): far above what a browser opens per page, far below the host's own
/// descriptor limit.
pub const MAX_HOST_CONNECTIONS: usize = 256;

#[derive(Default)]
pub struct HostConnections(Arc<AtomicUsize>);

/// One connection's place under the cap, given back when dropped.
pub struct HostConnectionPermit(Arc<AtomicUsize>);

impl HostConnections {
    pub fn acquire(&self) -> KernelResult<HostConnectionPermit> {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < MAX_HOST_CONNECTIONS).then_some(open + 1)
            })
            .map(|_| HostConnectionPermit(self.0.clone()))
            .map_err(|_| Errno::EMFILE)
    }
}

impl Drop for HostConnectionPermit {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permits_are_capped_and_given_back() {
        let connections = HostConnections::default();
        let permits: Vec<_> = (0..MAX_HOST_CONNECTIONS)
            .map(|_| connections.acquire().unwrap())
            .collect();
        assert_eq!(connections.acquire().err(), Some(Errno::EMFILE));
        drop(permits);
        assert!(connections.acquire().is_ok());
    }
}
