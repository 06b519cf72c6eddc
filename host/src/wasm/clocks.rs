//! WASI's wall and monotonic clocks, answered by the kernel's [`Clock`].

use secure_exec_kernel::clock::Clock;
use std::sync::Arc;
use std::time::Duration;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock};

/// Resolution WASI guests are told both clocks have.
const RESOLUTION: Duration = Duration::from_nanos(1);

pub struct KernelWallClock(pub Arc<dyn Clock>);

impl HostWallClock for KernelWallClock {
    fn resolution(&self) -> Duration {
        RESOLUTION
    }

    fn now(&self) -> Duration {
        self.0.wall()
    }
}

pub struct KernelMonotonicClock(pub Arc<dyn Clock>);

impl HostMonotonicClock for KernelMonotonicClock {
    fn resolution(&self) -> u64 {
        RESOLUTION.as_nanos() as u64
    }

    fn now(&self) -> u64 {
        self.0.monotonic()
    }
}
