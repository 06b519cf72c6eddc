//! Memory and table limits of one guest store, remembering whether a limit was hit so a
//! failed allocation can be reported as "memory limit" rather than a generic crash.

use wasmtime::ResourceLimiter;

/// Most table elements a guest may grow to; function tables of real programs stay far
/// below this, and each element costs host memory.
const MAX_TABLE_ELEMENTS: usize = 1 << 20;

pub struct GuestLimiter {
    memory_limit_bytes: u64,
    pub hit_memory_limit: bool,
}

impl GuestLimiter {
    pub fn new(memory_limit_bytes: u64) -> Self {
        GuestLimiter {
            memory_limit_bytes,
            hit_memory_limit: false,
        }
    }

    pub fn memory_limit_bytes(&self) -> u64 {
        self.memory_limit_bytes
    }
}

impl ResourceLimiter for GuestLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = desired as u64 <= self.memory_limit_bytes;
        if !allowed {
            self.hit_memory_limit = true;
        }
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}
