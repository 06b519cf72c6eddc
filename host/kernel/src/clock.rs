//! Time as guests see it. Every clock a guest reads (WASI wall and monotonic clocks, and
//! through them `Date.now`, `performance.now`, timers) comes from the kernel's [`Clock`], so
//! an embedder can give sandboxes a virtual or frozen time.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub trait Clock: Send + Sync {
    /// Wall-clock time since the Unix epoch.
    fn wall(&self) -> Duration;
    /// Nanoseconds on a monotonic clock from an arbitrary origin; never decreases.
    fn monotonic(&self) -> u64;
}

/// The host's clocks.
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn wall(&self) -> Duration {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
    }

    fn monotonic(&self) -> u64 {
        self.origin.elapsed().as_nanos() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monotonic_never_decreases() {
        let clock = SystemClock::default();
        let a = clock.monotonic();
        let b = clock.monotonic();
        assert!(b >= a);
        assert!(clock.wall().as_secs() > 1_700_000_000);
    }
}
